/**
 * The contract of templates/pbc/template.yaml: its parameter ids, the form rules that mirror
 * the server-side ones, and steps that only use actions and outputs that exist.
 */
import { createPlatformRenderAction } from './actions/platformRender';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createCatalogRegisterAction as createBuiltinCatalogRegisterAction,
  createFetchTemplateAction,
  createFetchTemplateFileAction,
} from '@backstage/plugin-scaffolder-backend';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { fakeToolkit } from './__testUtils__/fakeToolkit';
import { validParameters } from './__testUtils__/fixtures';
import {
  createCatalogRegisterAction,
  createGeneratedRecordAction,
  createInfrastructureRenderAction,
  createPublishLocalAction,
  createSpecValidateAction,
} from './actions';
import { parsePbcSpec } from './lib/parseSpec';
import { AWS_COMMERCIAL_REGIONS } from './lib/regions';

const TEMPLATES_DIR = path.resolve(__dirname, '../../../templates');
const template = yaml.parse(
  readFileSync(path.join(TEMPLATES_DIR, 'pbc/template.yaml'), 'utf8'),
);

/** Every property of every page, including those behind `dependencies`. */
function allProperties(): Record<string, any> {
  const props: Record<string, any> = {};
  const collect = (schema: any) => {
    Object.assign(props, schema?.properties ?? {});
    for (const dependency of Object.values<any>(schema?.dependencies ?? {})) {
      for (const option of dependency.oneOf ?? []) {
        for (const [key, value] of Object.entries<any>(
          option.properties ?? {},
        )) {
          if (value.type || value['ui:field']) {
            props[key] = value;
          }
        }
      }
    }
  };
  template.spec.parameters.forEach(collect);
  return props;
}

const PBC_PARAMETERS = [
  'name',
  'description',
  'owner',
  'system',
  'dataStore',
  'publishes',
  'consumes',
  'pciScope',
  'exposure',
  'awsAccountId',
  'awsRegion',
];

function ourActions(): TemplateAction<any, any, any>[] {
  const settings = {
    enabled: true,
    directory: '/tmp/repos',
    defaultBranch: 'main',
    author: { name: 'a', email: 'a@example.com' },
  };
  const catalog = catalogServiceMock();
  const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));
  return [
    createSpecValidateAction({
      catalog,
      auth: mockServices.auth(),
      userInfo: mockServices.userInfo(),
    }),
    createInfrastructureRenderAction({ toolkit: fakeToolkit() }),
    createGeneratedRecordAction(),
    createPublishLocalAction({ settings }),
    createCatalogRegisterAction({ catalog, integrations, settings }),
  ];
}

function builtinActions(): TemplateAction<any, any, any>[] {
  const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));
  const reader = mockServices.urlReader.mock();
  return [
    createFetchTemplateAction({ reader, integrations }),
    createFetchTemplateFileAction({ reader, integrations }),
    createBuiltinCatalogRegisterAction({
      catalog: catalogServiceMock(),
      integrations,
    }),
  ];
}

/**
 * Outputs of actions that declare no output schema: the built-in catalog:register (see its
 * ctx.output calls), and the modules the backend adds for GitHub and GitLab publishing, which
 * are not dependencies of this package.
 */
const UNDECLARED_OUTPUTS: Record<string, string[]> = {
  'catalog:register': ['entityRef', 'catalogInfoUrl'],
  'publish:github': ['remoteUrl', 'repoContentsUrl', 'commitHash'],
  'publish:gitlab': ['remoteUrl', 'repoContentsUrl', 'projectId', 'commitHash'],
};

describe('templates/pbc/template.yaml', () => {
  it('is the pbc template', () => {
    expect(template.apiVersion).toBe('scaffolder.backstage.io/v1beta3');
    expect(template.kind).toBe('Template');
    expect(template.metadata.name).toBe('pbc');
    expect(template.metadata.title).toBe('Packaged Business Capability');
    expect(template.spec.type).toBe('service');
  });

  it('has exactly the parameter ids of the public contract', () => {
    expect(Object.keys(allProperties()).sort()).toEqual(
      [...PBC_PARAMETERS, 'publishTo', 'repoUrl'].sort(),
    );
    const required = template.spec.parameters.flatMap(
      (p: any) => p.required ?? [],
    );
    expect(required.sort()).toEqual(
      [
        'name',
        'description',
        'owner',
        'system',
        'dataStore',
        'pciScope',
        'exposure',
        'awsAccountId',
        'awsRegion',
      ].sort(),
    );
  });

  it('picks the owner among groups and the system among systems', () => {
    const { owner, system } = allProperties();
    expect(owner['ui:field']).toBe('OwnerPicker');
    expect(owner['ui:options'].catalogFilter).toEqual({ kind: 'Group' });
    expect(system['ui:field']).toBe('EntityPicker');
    expect(system['ui:options'].catalogFilter).toEqual({ kind: 'System' });
  });

  it('offers the enums the server accepts', () => {
    const p = allProperties();
    expect(p.dataStore.enum).toEqual(['none', 'dynamodb', 'aurora-postgresql']);
    expect(p.exposure.enum.sort()).toEqual(['internal', 'public']);
    expect(p.awsRegion.enum).toEqual(AWS_COMMERCIAL_REGIONS);
    expect(p.publishTo.enum).toEqual(['local', 'github', 'gitlab']);
    expect(p.publishTo.default).toBe('local');
    expect(p.pciScope).toMatchObject({ type: 'boolean', default: false });
  });

  it('gives early feedback that agrees with the server-side rules', () => {
    const p = allProperties();
    const form = {
      name: (v: string) =>
        new RegExp(p.name.pattern).test(v) &&
        v.length >= p.name.minLength &&
        v.length <= p.name.maxLength,
      publishes: (v: string) =>
        new RegExp(p.publishes.items.pattern).test(v) &&
        v.length >= p.publishes.items.minLength &&
        v.length <= p.publishes.items.maxLength,
      consumes: (v: string) =>
        new RegExp(p.consumes.items.pattern).test(v) &&
        v.length <= p.consumes.items.maxLength,
      awsAccountId: (v: string) => new RegExp(p.awsAccountId.pattern).test(v),
    };
    const server = (field: string, v: string) => {
      const value = field === 'publishes' || field === 'consumes' ? [v] : v;
      const spec = validParameters({ [field]: value, consumes: [] });
      if (field === 'consumes') {
        spec.consumes = [v];
      }
      try {
        parsePbcSpec(spec);
        return true;
      } catch {
        return false;
      }
    };
    const samples: Record<keyof typeof form, string[]> = {
      name: [
        'order',
        'gift-card',
        'a1b',
        'Order',
        'ab',
        'a'.repeat(40),
        'a'.repeat(41),
        '1ab',
        'a--b',
        'a-',
        '../x',
      ],
      publishes: [
        'order-placed',
        'abc',
        'ab',
        'OrderPlaced',
        'x'.repeat(64),
        'x'.repeat(65),
      ],
      consumes: [
        'cart.cart-checked-out',
        'cart',
        'cart.x',
        'ab.xyz',
        `${'a'.repeat(41)}.xyz`,
        `abc.${'x'.repeat(65)}`,
        'a.b.c',
        'Cart.x-y',
      ],
      awsAccountId: [
        '123456789012',
        '12345678901',
        '1234567890123',
        'abcdefghijkl',
      ],
    };
    for (const [field, values] of Object.entries(samples)) {
      for (const value of values) {
        expect([field, value, form[field as keyof typeof form](value)]).toEqual(
          [field, value, server(field, value)],
        );
      }
    }
  });

  it('validates first and passes every PBC parameter to pbc:spec:validate', () => {
    const [first] = template.spec.steps;
    expect(first.action).toBe('pbc:spec:validate');
    expect(Object.keys(first.input).sort()).toEqual([...PBC_PARAMETERS].sort());
    for (const [key, value] of Object.entries<string>(first.input)) {
      expect(value).toMatch(
        new RegExp(`^\\$\\{\\{ parameters\\.${key}( or .+)? \\}\\}$`),
      );
    }
  });

  it('uses only actions that exist, and only outputs those actions declare', () => {
    const actions = new Map(
      [...ourActions(), ...builtinActions()].map(a => [a.id, a] as const),
    );
    const outputsOf = (actionId: string): string[] => {
      const declared = (actions.get(actionId)?.schema?.output as any)
        ?.properties;
      return declared
        ? Object.keys(declared)
        : UNDECLARED_OUTPUTS[actionId] ?? [];
    };

    const seen = new Map<string, string>();
    for (const step of template.spec.steps) {
      const publisher = ['publish:github', 'publish:gitlab'].includes(
        step.action,
      );
      expect([step.id, actions.has(step.action) || publisher]).toEqual([
        step.id,
        true,
      ]);
      const text = JSON.stringify(step);
      for (const [, stepId, output] of text.matchAll(
        /steps\.(\w+)\.output\.(\w+)/g,
      )) {
        expect([step.id, stepId, seen.has(stepId)]).toEqual([
          step.id,
          stepId,
          true,
        ]);
        expect(outputsOf(seen.get(stepId)!)).toContain(output);
      }
      for (const [, parameter] of text.matchAll(/parameters\.(\w+)/g)) {
        expect(Object.keys(allProperties())).toContain(parameter);
      }
      seen.set(step.id, step.action);
    }
    const outputText = JSON.stringify(template.spec.output);
    for (const [, stepId, output] of outputText.matchAll(
      /steps\.(\w+)\.output\.(\w+)/g,
    )) {
      expect(outputsOf(seen.get(stepId)!)).toContain(output);
    }
  });

  it('publishes and registers through exactly one path per publishTo value', () => {
    const byId = Object.fromEntries(
      template.spec.steps.map((s: any) => [s.id, s]),
    );
    expect(byId.publishLocal.if).toMatch(
      /\(parameters.publishTo or 'local'\) == 'local'/,
    );
    expect(byId.registerLocal.if).toBe(byId.publishLocal.if);
    expect(byId.publishGithub.if).toMatch(/parameters.publishTo == 'github'/);
    expect(byId.publishGitlab.if).toMatch(/parameters.publishTo == 'gitlab'/);
    expect(byId.register.action).toBe('catalog:register');
    expect(byId.register.if).toMatch(/'github'.*'gitlab'/);
    // Every step after validation that has a side effect is conditional on the publisher.
    const unconditional = template.spec.steps
      .filter((s: any) => !s.if)
      .map((s: any) => s.action);
    expect(unconditional).toEqual([
      'pbc:spec:validate',
      'pbc:infrastructure:render',
      'fetch:template',
      'pbc:generated:record',
      'fetch:template:file',
    ]);
  });

  it('writes the catalog annotations the portal reads', () => {
    const catalogInfo = readFileSync(
      path.join(TEMPLATES_DIR, 'pbc/skeleton/catalog-info.yaml.njk'),
      'utf8',
    );
    for (const annotation of [
      'pbc-portal.io/pbc',
      'pbc-portal.io/aws-account-id',
      'pbc-portal.io/aws-region',
      'pbc-portal.io/conformance-pack',
      'pbc-portal.io/template-version',
      'pbc-portal.io/publishes',
      'pbc-portal.io/consumes',
      'pbc-portal.io/pci-scope',
      'pbc-portal.io/data-store',
      'pbc-portal.io/exposure',
      'backstage.io/techdocs-ref',
    ]) {
      expect(catalogInfo).toContain(`${annotation}:`);
    }
  });
});

describe('templates/all-templates.yaml', () => {
  it('is a Location that points at every template', () => {
    const location = yaml.parse(
      readFileSync(path.join(TEMPLATES_DIR, 'all-templates.yaml'), 'utf8'),
    );
    expect(location.kind).toBe('Location');
    expect(location.spec.targets).toEqual([
      './pbc/template.yaml',
      './platform/template.yaml',
      './rerender/template.yaml',
    ]);
    for (const target of location.spec.targets) {
      expect(() =>
        readFileSync(path.join(TEMPLATES_DIR, target)),
      ).not.toThrow();
    }
  });
});

describe('templates/platform/template.yaml', () => {
  const platformTemplate = yaml.parse(
    readFileSync(path.join(TEMPLATES_DIR, 'platform', 'template.yaml'), 'utf8'),
  );

  it('passes every form parameter the platform action takes, and nothing else', () => {
    const step = platformTemplate.spec.steps.find(
      (s: { action: string }) => s.action === 'pbc:platform:render',
    );
    const action = createPlatformRenderAction({
      toolkit: {} as never,
    });
    const accepted = Object.keys(
      (action.schema?.input as { properties: object }).properties,
    );
    expect(Object.keys(step.input).every(key => accepted.includes(key))).toBe(
      true,
    );
    const asked = platformTemplate.spec.parameters.flatMap((page: any) =>
      Object.keys(page.properties),
    );
    for (const key of Object.keys(step.input)) {
      expect(asked).toContain(key);
    }
  });

  it('publishes a repository with a catalog entity, a deploy README and a CI workflow', () => {
    const skeleton = path.join(TEMPLATES_DIR, 'platform', 'skeleton');
    expect(
      readFileSync(path.join(skeleton, 'catalog-info.yaml.njk'), 'utf8'),
    ).toContain('kind: Resource');
    expect(
      readFileSync(path.join(skeleton, 'README.md.njk'), 'utf8'),
    ).toContain('--s3-bucket');
    const workflow = yaml.parse(
      readFileSync(
        path.join(skeleton, '.github', 'workflows', 'deploy.yaml'),
        'utf8',
      ),
    );
    expect(workflow.permissions['id-token']).toBe('write');
  });
});
