/**
 * The contract of templates/rerender/template.yaml: one PBC picked, the action reading its
 * source location from the catalog, the rerender action's declared outputs, and a pull request
 * on GitHub only. The GitHub path runs the real action on a repository served by a URL reader
 * (no network).
 */
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs, { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { fakeToolkit } from './__testUtils__/fakeToolkit';
import { validParameters } from './__testUtils__/fixtures';
import { createInfrastructureRerenderAction } from './actions';
import { createInfrastructureRenderAction } from './actions/infrastructureRender';
import { GENERATED_MANIFEST_PATH } from './lib/generatedManifest';

const template = yaml.parse(
  readFileSync(
    path.resolve(__dirname, '../../../templates/rerender/template.yaml'),
    'utf8',
  ),
);
const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({ integrations: { github: [{ host: 'github.com' }] } }),
);
const SOURCE = 'url:https://github.com/acme/order/tree/main/';

/** PBC `order` in the catalog, its repository wherever `sourceLocation` says. */
function orderEntity(sourceLocation?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'order',
      namespace: 'default',
      annotations: {
        'pbc-portal.io/pbc': 'order',
        ...(sourceLocation
          ? { 'backstage.io/source-location': sourceLocation }
          : {}),
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'order-team' },
  };
}

describe('templates/rerender/template.yaml', () => {
  const settings = {
    enabled: false,
    directory: '/nonexistent',
    defaultBranch: 'main',
    author: { name: 'a', email: 'a@example.com' },
  };
  const reader = mockServices.urlReader.mock();
  const action = (sourceLocation?: string, toolkit = fakeToolkit()) =>
    createInfrastructureRerenderAction({
      toolkit,
      settings,
      catalog: catalogServiceMock({ entities: [orderEntity(sourceLocation)] }),
      auth: mockServices.auth(),
      integrations,
      reader,
      userInfo: mockServices.userInfo({
        ownershipEntityRefs: ['user:default/mock', 'group:default/order-team'],
      }),
    });
  const steps = () =>
    Object.fromEntries(
      (template.spec.steps as Array<{ id: string }>).map(step => [
        step.id,
        step as any,
      ]),
    );

  it('passes only the PBC name to pbc:infrastructure:rerender, which reads the rest from the catalog', () => {
    const [page] = template.spec.parameters;
    expect(page.required).toEqual(['entity']);
    expect(page.properties.entity['ui:options'].catalogFilter).toEqual({
      kind: 'Component',
      'metadata.annotations.pbc-portal.io/pbc': { exists: true },
    });
    expect(template.spec.steps.map((s: any) => [s.id, s.action])).toEqual([
      ['rerender', action().id],
      ['pullRequest', 'publish:github:pull-request'],
    ]);
    expect(steps().rerender.input).toEqual({
      name: "${{ parameters.entity | parseEntityRef | pick('name') }}",
    });
  });

  it('opens a pull request only for a GitHub PBC with changes, from the files the action wrote', () => {
    const pr = steps().pullRequest;
    expect(pr.if).toBe(
      "${{ steps.rerender.output.publishTo == 'github' and steps.rerender.output.branch }}",
    );
    expect(pr.input).toEqual({
      repoUrl: '${{ steps.rerender.output.repoUrl }}',
      branchName: '${{ steps.rerender.output.branch }}',
      title: '${{ steps.rerender.output.title }}',
      description: '${{ steps.rerender.output.summary }}',
      sourcePath: '${{ steps.rerender.output.sourcePath }}',
    });
  });

  it('uses only outputs and inputs the action declares', () => {
    const schema = action().schema as any;
    const declared = Object.keys(schema?.output?.properties ?? {});
    const used = [
      ...JSON.stringify(template.spec).matchAll(
        /steps\.rerender\.output\.(\w+)/g,
      ),
    ].map(match => match[1]);
    expect(new Set(used)).toEqual(
      new Set([
        'publishTo',
        'branch',
        'repoUrl',
        'title',
        'summary',
        'sourcePath',
      ]),
    );
    for (const output of used) {
      expect(declared).toContain(output);
    }
    expect(Object.keys(schema?.input?.properties ?? {})).toEqual(
      expect.arrayContaining(Object.keys(steps().rerender.input)),
    );
  });

  describe('the action on a PBC on GitHub', () => {
    const dir = createMockDirectory();
    const context = (input: Record<string, unknown>, workspace: string) =>
      createMockActionContext<any>({ input, workspacePath: workspace });
    const outputs = (ctx: { output: unknown }) =>
      Object.fromEntries((ctx.output as jest.Mock).mock.calls);

    /** The PBC's repository as the render left it at version 0.0.1, served by the reader. */
    async function serveRepository() {
      dir.setContent({ created: {}, task: {} });
      await createInfrastructureRenderAction({
        toolkit: fakeToolkit({ patternsVersion: '0.0.1' } as any),
      }).handler(
        context(
          { spec: validParameters(), lint: false },
          dir.resolve('created'),
        ),
      );
      const files: Array<{ path: string; content: () => Promise<Buffer> }> = [];
      const walk = (relative: string) => {
        for (const entry of fs.readdirSync(dir.resolve(`created/${relative}`), {
          withFileTypes: true,
        })) {
          const next = relative ? `${relative}/${entry.name}` : entry.name;
          if (entry.isDirectory()) walk(next);
          else {
            const content = fs.readFileSync(dir.resolve(`created/${next}`));
            files.push({ path: next, content: async () => content });
          }
        }
      };
      walk('');
      reader.readTree.mockResolvedValue({
        files: async () => files,
      } as any);
    }

    it('writes exactly the changed files to rerender/ and outputs the pull request inputs, committing nothing', async () => {
      await serveRepository();
      const ctx = context({ name: 'order', lint: false }, dir.resolve('task'));
      await action(SOURCE).handler(ctx);
      const out = outputs(ctx);
      expect(reader.readTree).toHaveBeenCalledWith(
        'https://github.com/acme/order/tree/main/',
      );
      expect(out).toMatchObject({
        publishTo: 'github',
        repoUrl: 'github.com?owner=acme&repo=order',
        sourcePath: 'rerender',
        commitHash: '',
        fromVersion: '0.0.1',
      });
      expect(out.branch).toBe(`pbc-portal/rerender-${out.toVersion}`);
      expect(out.title).toBe(
        `Re-render with reference patterns ${out.toVersion} (was 0.0.1)`,
      );
      expect(out.changedFiles).toContain(GENERATED_MANIFEST_PATH);
      expect(out.changedFiles).toContain('pbc.yaml');
      const written = Object.keys(dir.content({ path: 'task/rerender' }) ?? {});
      const flatten = (tree: any, prefix = ''): string[] =>
        Object.entries(tree).flatMap(([key, value]) =>
          typeof value === 'string'
            ? [`${prefix}${key}`]
            : flatten(value, `${prefix}${key}/`),
        );
      expect(written.length).toBeGreaterThan(0);
      expect(flatten(dir.content({ path: 'task/rerender' })).sort()).toEqual(
        out.changedFiles,
      );
    });

    it('refuses a repository on a host without a GitHub integration, writing nothing', async () => {
      await serveRepository();
      const ctx = context({ name: 'order', lint: false }, dir.resolve('task'));
      await expect(
        action(
          'url:https://gitlab.example.com/acme/order/-/tree/main/',
        ).handler(ctx),
      ).rejects.toThrow(/not on a configured GitHub integration/);
      expect(fs.existsSync(dir.resolve('task/rerender'))).toBe(false);
    });

    it('without a GitHub source location, works on the local repository (here: disabled, so refused)', async () => {
      const ctx = context({ name: 'order', lint: false }, dir.resolve('task'));
      await expect(action().handler(ctx)).rejects.toThrow(
        /local publishing is disabled/,
      );
    });
  });
});
