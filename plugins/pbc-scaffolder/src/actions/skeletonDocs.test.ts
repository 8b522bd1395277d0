/**
 * The PBC's generated TechDocs page renders its description as text: mkdocs passes raw HTML in
 * Markdown through, so an unescaped `<script>` in the description would run in the portal.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { validParameters } from '../__testUtils__/fixtures';
import { controlSummariesFor } from '../lib/controlSummaries';

const TEMPLATE = path.resolve(__dirname, '../../../../templates/pbc/template.yaml');

describe('templates/pbc/skeleton/docs', () => {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'pbc-skeleton-'));
  afterAll(() => fs.rmSync(workspace, { recursive: true, force: true }));

  it('escapes HTML in the description of docs/index.md', async () => {
    const action = createFetchTemplateAction({
      reader: mockServices.urlReader.mock(),
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
    });
    const description = 'Orders <script>alert("x")</script> & <img src=x onerror=alert(1)>';
    await action.handler(
      createMockActionContext<any>({
        workspacePath: workspace,
        templateInfo: {
          baseUrl: pathToFileURL(TEMPLATE).href,
          entityRef: 'template:default/pbc',
        },
        input: {
          url: './skeleton',
          templateFileExtension: true,
          // The values the template's skeleton step passes, with the PBC's real control list.
          values: {
            spec: validParameters({ description }),
            consumers: [],
            controlSummaries: controlSummariesFor(
              { pciScope: false },
              new Set(['AWS::SQS::Queue']),
            ),
          },
        },
      }),
    );
    const page = fs.readFileSync(path.join(workspace, 'docs/index.md'), 'utf8');
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img');
    expect(page).toContain(
      'Orders &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;',
    );
  });
});
