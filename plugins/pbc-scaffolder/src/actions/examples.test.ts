import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { chmodSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import yaml from 'yaml';
import { fakeToolkit } from '../__testUtils__/fakeToolkit';
import { demoCatalog, validParameters } from '../__testUtils__/fixtures';
import { createCatalogRegisterAction } from './catalogRegister';
import { createGeneratedRecordAction } from './generatedRecord';
import { createInfrastructureRenderAction } from './infrastructureRender';
import { createPublishLocalAction } from './publishLocal';
import { createSpecValidateAction } from './specValidate';

/** Resolves whole-value `${{ a.b.c }}` expressions of an example against a task context. */
function resolveExpressions(
  value: unknown,
  context: Record<string, unknown>,
): unknown {
  if (typeof value === 'string') {
    const match = /^\$\{\{\s*([\w.]+)\s*\}\}$/.exec(value);
    if (!match) {
      return value;
    }
    return match[1].split('.').reduce<any>((obj, key) => obj?.[key], context);
  }
  if (Array.isArray(value)) {
    return value.map(item => resolveExpressions(item, context));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        resolveExpressions(v, context),
      ]),
    );
  }
  return value;
}

describe('action examples', () => {
  const dir = createMockDirectory();
  const settings = () => ({
    enabled: true,
    directory: dir.resolve('repos'),
    defaultBranch: 'main',
    author: { name: 'Scaffolder', email: 'scaffolder@example.com' },
  });

  beforeEach(() => {
    dir.setContent({
      bin: { 'cfn-lint': '#!/bin/sh\necho "cfn-lint 1.0.0"\n' },
      workspace: {
        'catalog-info.yaml':
          'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: order\n',
        // As pbc:infrastructure:render leaves it, and one wiring file of the skeleton.
        '.pbc-portal': {
          'generated.json': '{"patternsVersion":"1.0.0","files":{}}\n',
        },
        src: { 'main.ts': 'export {};\n' },
        catalog: {
          'catalog-info.yaml':
            'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: inventory\n',
        },
      },
      repos: {
        order: {
          'catalog-info.yaml': 'kind: Component\nmetadata:\n  name: order\n',
        },
      },
    });
    chmodSync(dir.resolve('bin/cfn-lint'), 0o755);
  });

  const taskContext = () => ({
    parameters: validParameters(),
    steps: {
      validate: { output: { spec: validParameters({ name: 'fresh-pbc' }) } },
      publish: {
        output: {
          repoContentsUrl: pathToFileURL(dir.resolve('repos/order')).href,
          catalogInfoPath: '/catalog-info.yaml',
        },
      },
    },
  });

  const cases: Array<[string, () => TemplateAction<any, any, any>]> = [
    [
      'pbc:spec:validate',
      () =>
        createSpecValidateAction({
          catalog: catalogServiceMock({ entities: demoCatalog() }),
          auth: mockServices.auth(),
          // A platform-team member may name any owner.
          userInfo: mockServices.userInfo({
            ownershipEntityRefs: ['group:default/platform-team'],
          }),
        }),
    ],
    [
      'pbc:infrastructure:render',
      () =>
        createInfrastructureRenderAction({
          toolkit: fakeToolkit(),
          cfnLintExecutable: dir.resolve('bin/cfn-lint'),
        }),
    ],
    ['pbc:generated:record', () => createGeneratedRecordAction()],
    [
      'pbc:publish:local',
      () => createPublishLocalAction({ settings: settings() }),
    ],
    [
      'pbc:catalog:register',
      () =>
        createCatalogRegisterAction({
          catalog: catalogServiceMock.mock({
            addLocation: jest.fn().mockResolvedValue({
              location: { id: '1', type: 'url', target: 'x' },
              entities: [],
              exists: false,
            }),
          }),
          integrations: ScmIntegrations.fromConfig(
            new ConfigReader({
              integrations: { github: [{ host: 'github.com' }] },
            }),
          ),
          settings: settings(),
        }),
    ],
  ];

  describe.each(cases)('%s', (id, create) => {
    const action = create();

    it('has examples that use it', () => {
      expect(action.examples?.length).toBeGreaterThan(0);
      for (const example of action.examples ?? []) {
        const { steps } = yaml.parse(example.example);
        expect(steps.map((s: { action: string }) => s.action)).toEqual([id]);
      }
    });

    it.each((action.examples ?? []).map(e => [e.description, e.example]))(
      'runs the example "%s"',
      async (_description, example) => {
        const [step] = yaml.parse(example).steps;
        const ctx = createMockActionContext<any>({
          input: resolveExpressions(step.input, taskContext()) as any,
          workspacePath: dir.resolve('workspace'),
        });
        await create().handler(ctx);
        expect(ctx.output).toHaveBeenCalled();
      },
    );
  });
});
