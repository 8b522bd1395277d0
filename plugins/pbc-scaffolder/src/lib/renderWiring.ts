import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { UrlReaderService } from '@backstage/backend-plugin-api';
import type { ScmIntegrations } from '@backstage/integration';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import type { PbcSpec } from '@pbc-portal/pbc-domain';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeConsumers, describePublishers } from './consumers';
import { isWiringFile } from './wiring';

/** Renders a spec's generated wiring (path → text), as the PBC template's skeleton step does. */
export type WiringRenderer = (
  spec: PbcSpec,
  ctx: ActionContext<any, any>,
) => Promise<Array<[string, string]>>;

/** The PBC template of this repository (`templates/pbc/template.yaml`), as a file URL. */
export function defaultPbcTemplateUrl(): string {
  return pathToFileURL(
    resolvePackagePath(
      '@pbc-portal/plugin-scaffolder-backend-module-pbc',
      '..',
      '..',
      'templates',
      'pbc',
      'template.yaml',
    ),
  ).href;
}

async function listFiles(root: string, dir = ''): Promise<string[]> {
  const entries = await fs.readdir(path.join(root, dir), {
    withFileTypes: true,
  });
  const nested = await Promise.all(
    entries.map(entry => {
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      return entry.isDirectory() ? listFiles(root, relative) : [relative];
    }),
  );
  return nested.flat();
}

/**
 * The template's `./skeleton` rendered with the real `fetch:template` action and the values its
 * skeleton step passes, in a scratch directory; only the wiring files are returned. Values the
 * wiring does not read (control summaries, cfn-lint version) are left empty.
 */
export function createWiringRenderer(options: {
  reader: UrlReaderService;
  integrations: ScmIntegrations;
  templateUrl?: string;
}): WiringRenderer {
  const fetchTemplate = createFetchTemplateAction({
    reader: options.reader,
    integrations: options.integrations,
  });
  const templateUrl = options.templateUrl ?? defaultPbcTemplateUrl();
  return async (spec, ctx) => {
    const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'pbc-wiring-'));
    try {
      await fetchTemplate.handler({
        ...ctx,
        workspacePath: scratch,
        templateInfo: {
          baseUrl: templateUrl,
          entityRef: 'template:default/pbc',
        },
        input: {
          url: './skeleton',
          templateFileExtension: true,
          values: {
            spec,
            consumers: describeConsumers(spec.consumes),
            publishers: describePublishers(spec.name, spec.publishes),
            publishesAnnotation: spec.publishes.join(','),
            consumesAnnotation: spec.consumes.join(','),
            stackName: `pbc-${spec.name}`,
            templatePath: `infrastructure/pbc-${spec.name}.template.yaml`,
            conformancePackName: `pbc-${spec.name}`,
            controlSummaries: [],
            cfnLintVersion: '',
          },
        },
      } as any);
      const files = (await listFiles(scratch)).filter(isWiringFile).sort();
      return Promise.all(
        files.map(
          async file =>
            [file, await fs.readFile(path.join(scratch, file), 'utf8')] as [
              string,
              string,
            ],
        ),
      );
    } finally {
      await fs.rm(scratch, { recursive: true, force: true });
    }
  };
}
