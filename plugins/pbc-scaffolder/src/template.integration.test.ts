/**
 * Runs templates/pbc/template.yaml through the real scaffolder backend (its workflow runner,
 * templating, `fetch:template`, `each` and `if`) with this module's actions, the real reference
 * patterns, the real cfn-lint and a temporary repository directory; only the catalog is a mock.
 */
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  actionsRegistryServiceMock,
  actionsServiceMock,
  metricsServiceMock,
} from '@backstage/backend-test-utils/alpha';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import git from 'isomorphic-git';
import request from 'supertest';
import yaml from 'yaml';
import { demoCatalog } from './__testUtils__/fixtures';
import { scaffolderModulePbc } from './module';
import { PATTERNS_VERSION, PBC_ANNOTATION } from '@pbc-portal/pbc-domain';
import type { PbcSpec } from '@pbc-portal/pbc-domain';

const execFileAsync = promisify(execFile);

const REPO_ROOT = path.resolve(__dirname, '../../..');
const TEMPLATE_DIR = path.join(REPO_ROOT, 'templates/pbc');
const TEMPLATE_FILE = path.join(TEMPLATE_DIR, 'template.yaml');

jest.setTimeout(180_000);

function templateEntity(): Entity {
  const entity = yaml.parse(readFileSync(TEMPLATE_FILE, 'utf8')) as Entity;
  entity.metadata.namespace = 'default';
  entity.metadata.annotations = {
    'backstage.io/managed-by-location': `file:${TEMPLATE_FILE}`,
    'backstage.io/managed-by-origin-location': `file:${TEMPLATE_FILE}`,
  };
  return entity;
}

/** Every file of a directory, relative paths, for the dry-run API. */
function listFiles(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap(name => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory()
      ? listFiles(root, full)
      : [path.relative(root, full)];
  });
}

interface Scenario {
  values: PbcSpec & { publishTo?: string };
  consumerFiles: string[];
  /** The data store's files under src/dedup/ besides store.ts. */
  dedupFiles?: string[];
  /** The data store's runtime dependencies, before the SNS and SQS clients. */
  dependencies?: string[];
  /** Controls the docs must list under the stack's resources, and under later resources. */
  controls: { inStack: string[]; later: string[] };
}

const scenarios: Scenario[] = [
  {
    values: {
      name: 'order',
      description: 'Turns checked-out carts into orders: placed, cancelled.',
      owner: 'group:default/fulfilment-team',
      system: 'system:default/fulfilment',
      dataStore: 'dynamodb',
      publishes: ['order-placed', 'order-cancelled'],
      consumes: ['cart.cart-checked-out', 'inventory.stock-reserved'],
      pciScope: false,
      exposure: 'internal',
      awsAccountId: '123456789012',
      awsRegion: 'eu-west-1',
      publishTo: 'local',
    },
    consumerFiles: ['cart-cart-checked-out.ts', 'inventory-stock-reserved.ts'],
    dedupFiles: ['src/dedup/dynamodb.ts'],
    dependencies: ['@aws-sdk/client-dynamodb'],
    controls: {
      inStack: ['PBC-MSG-01', 'PBC-DATA-01'],
      later: ['PBC-DATA-03'],
    },
  },
  {
    values: {
      name: 'card-vault',
      description: 'Tokenises card numbers "before" anything else sees them.',
      owner: 'group:default/payments-team',
      system: 'system:default/checkout',
      dataStore: 'aurora-postgresql',
      publishes: ['card-tokenized'],
      consumes: ['payment.payment-captured'],
      pciScope: true,
      exposure: 'public',
      awsAccountId: '000000000042',
      awsRegion: 'us-east-2',
    },
    consumerFiles: ['payment-payment-captured.ts'],
    dedupFiles: ['src/dedup/database.ts', 'src/dedup/postgres.ts'],
    dependencies: ['@aws-sdk/rds-signer', 'pg'],
    controls: {
      inStack: ['PBC-MSG-07', 'PBC-DATA-04'],
      later: ['PBC-DATA-01'],
    },
  },
  {
    values: {
      name: 'wishlist',
      description: 'Remembers what shoppers want.',
      owner: 'group:default/checkout-team',
      system: 'system:default/checkout',
      dataStore: 'none',
      publishes: [],
      consumes: [],
      pciScope: false,
      exposure: 'internal',
      awsAccountId: '210987654321',
      awsRegion: 'ap-southeast-2',
      publishTo: 'local',
    },
    consumerFiles: [],
    controls: { inStack: ['PBC-IAM-01'], later: ['PBC-MSG-01', 'PBC-DATA-01'] },
  },
];

describe('the pbc template through the scaffolder', () => {
  const dir = createMockDirectory();
  let server: any;
  let stopBackend: () => Promise<void>;
  let addLocation: jest.Mock;
  let catalog: ReturnType<typeof catalogServiceMock>;

  afterAll(async () => {
    await stopBackend?.();
  });

  beforeAll(async () => {
    dir.setContent({ repos: {}, work: {} });
    catalog = catalogServiceMock({
      entities: [...demoCatalog(), templateEntity()],
    });
    addLocation = jest.fn(
      async (location: { type: string; target: string }) => ({
        location: { id: location.target, ...location },
        entities: [],
        exists: false,
      }),
    );
    catalog.addLocation = addLocation as any;

    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModulePbc,
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalog,
        }),
        mockServices.rootConfig.factory({
          data: {
            backend: { workingDirectory: dir.resolve('work') },
            pbcScaffolder: {
              localPublish: { enabled: true, directory: dir.resolve('repos') },
            },
          },
        }),
        // The mock user is on the platform team, so pbc:spec:validate lets it name any owner.
        createServiceFactory({
          service: coreServices.userInfo,
          deps: {},
          factory: () =>
            mockServices.userInfo({
              ownershipEntityRefs: [
                'user:default/mock',
                'group:default/platform-team',
              ],
            }),
        }),
        actionsRegistryServiceMock.factory(),
        actionsServiceMock.factory(),
        metricsServiceMock.factory(),
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
  });

  async function runTask(values: object) {
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', mockCredentials.user.header())
      .send({ templateRef: 'template:default/pbc', values });
    expect(created.status).toBe(201);
    const taskId = created.body.id;
    for (let i = 0; i < 1200; i++) {
      const task = await request(server)
        .get(`/api/scaffolder/v2/tasks/${taskId}`)
        .set('Authorization', mockCredentials.user.header());
      if (task.body.status === 'completed' || task.body.status === 'failed') {
        const events = await request(server)
          .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
          .set('Authorization', mockCredentials.user.header());
        const log = (events.body as Array<{ body: { message: string } }>)
          .map(e => e.body.message)
          .join('\n');
        return { status: task.body.status as string, task: task.body, log };
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    throw new Error(`task ${taskId} did not finish`);
  }

  it.each(scenarios.map(s => [s.values.name, s] as const))(
    'generates, validates, publishes and registers %s',
    async (name, scenario) => {
      const { status, log } = await runTask(scenario.values);
      expect({ status, log: status === 'failed' ? log : '' }).toEqual({
        status: 'completed',
        log: '',
      });

      const repo = dir.resolve(`repos/${name}`);
      const files = (
        await git.listFiles({ fs, dir: repo, ref: 'main' })
      ).sort();
      expect(files).toEqual(
        expect.arrayContaining([
          '.github/workflows/infrastructure.yml',
          '.gitignore',
          'README.md',
          'catalog-info.yaml',
          'docs/index.md',
          'docs/least-privilege.md',
          `infrastructure/pbc-${name}.template.yaml`,
          'infrastructure/conformance-pack.yaml',
          'infrastructure/validation.json',
          '.pbc-portal/generated.json',
          'mkdocs.yml',
          'package.json',
          'pbc.yaml',
          'src/consumers/idempotent.ts',
          'src/consumers/index.ts',
          'src/dedup/store.ts',
          'src/events.ts',
          'src/server.ts',
          'src/main.ts',
          'src/config.ts',
          'src/publishers/index.ts',
          'src/messaging/worker.ts',
          'src/messaging/publisher.ts',
          'Dockerfile',
          '.github/workflows/deploy.yml',
          'scripts/check-infrastructure.js',
          ...scenario.consumerFiles.map(f => `src/consumers/${f}`),
        ]),
      );
      expect(
        files.filter(f => f.endsWith('.njk') || f.includes('${{')),
      ).toEqual([]);
      const dedupFiles = files.filter(
        f => f.startsWith('src/dedup/') && f !== 'src/dedup/store.ts',
      );
      expect(dedupFiles).toEqual(scenario.dedupFiles ?? []);
      expect(
        files.filter(
          f =>
            f.startsWith('src/consumers/') &&
            !/(idempotent|index)(\.test)?\.ts$/.test(f),
        ),
      ).toEqual(scenario.consumerFiles.map(f => `src/consumers/${f}`).sort());

      const read = (file: string) =>
        readFileSync(path.join(repo, file), 'utf8');
      const { publishTo: _publishTo, ...spec } = scenario.values;

      const entity = yaml.parse(read('catalog-info.yaml'));
      expect(entity).toEqual({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name,
          description: spec.description,
          annotations: {
            'pbc-portal.io/pbc': name,
            'pbc-portal.io/aws-account-id': spec.awsAccountId,
            'pbc-portal.io/aws-region': spec.awsRegion,
            'pbc-portal.io/conformance-pack': `pbc-${name}`,
            'pbc-portal.io/template-version': PATTERNS_VERSION,
            'pbc-portal.io/publishes': spec.publishes.join(','),
            'pbc-portal.io/consumes': spec.consumes.join(','),
            'pbc-portal.io/pci-scope': String(spec.pciScope),
            'pbc-portal.io/data-store': spec.dataStore,
            'pbc-portal.io/exposure': spec.exposure,
            'backstage.io/techdocs-ref': 'dir:.',
          },
          tags: spec.pciScope
            ? ['pbc', 'typescript', 'pci']
            : ['pbc', 'typescript'],
        },
        spec: {
          type: 'service',
          lifecycle: 'experimental',
          owner: spec.owner,
          system: spec.system,
        },
      });

      expect(yaml.parse(read('pbc.yaml'))).toEqual({
        patternsVersion: PATTERNS_VERSION,
        spec,
      });
      expect(JSON.parse(read('infrastructure/validation.json'))).toMatchObject({
        pbc: name,
        passed: true,
        cfnLint: { ran: true },
      });
      const pkg = JSON.parse(read('package.json'));
      expect(pkg.name).toBe(name);
      expect(pkg.description).toBe(spec.description);
      expect(Object.keys(pkg.dependencies)).toEqual([
        ...(scenario.dependencies ?? []),
        '@aws-sdk/client-sns',
        '@aws-sdk/client-sqs',
      ]);
      const docs = read('docs/index.md');
      for (const event of [...spec.publishes, ...spec.consumes]) {
        expect(docs).toContain(event.split('.').pop());
      }
      const [stackSection, laterSection] = docs
        .split('### On the resources of this stack')[1]
        .split('### On resources the PBC may add later');
      for (const id of scenario.controls.inStack) {
        expect([id, stackSection.includes(`[${id}]`)]).toEqual([id, true]);
      }
      for (const id of scenario.controls.later) {
        expect([id, laterSection.includes(`[${id}]`)]).toEqual([id, true]);
      }

      // The PBC's own least-privilege matrix: its account, Region and names, every row as
      // expected, and TechDocs links it.
      expect(yaml.parse(read('mkdocs.yml')).nav).toContainEqual({
        'Least privilege': 'least-privilege.md',
      });
      expect(docs).toContain('](least-privilege.md)');
      const matrix = read('docs/least-privilege.md');
      const { awsAccountId: account, awsRegion: region } = spec;
      expect(matrix).toContain('Every decision is the expected one.');
      expect(matrix).toContain(
        `| task role | \`kms:Decrypt\` | \`arn:aws:kms:${region}:${account}:key/pbc-${name}-`,
      );
      expect(matrix).toContain(
        `| execution role | \`ecr:BatchGetImage\` | \`arn:aws:ecr:${region}:${account}:repository/pbc-${name}\` | Allowed |`,
      );
      for (const event of spec.publishes) {
        const topic = `arn:aws:sns:${region}:${account}:pbc-${name}_${event}${spec.pciScope ? '.fifo' : ''}`;
        expect(matrix).toContain(`| task role | \`sns:Publish\` | \`${topic}\` | Allowed |`);
      }
      expect(matrix).toContain(
        `| task role | ${name}-peer table | \`arn:aws:dynamodb:${region}:${account}:table/pbc-${name}-peer\` |`,
      );
      const neighbours = matrix.split("## Its neighbours' resources: denied")[1].split('## ')[0];
      expect(neighbours).toContain(`${name}-pci-peer database`);
      expect(neighbours).not.toContain('Allowed');
      expect(matrix).toContain(
        `| deployment role | \`iam:TagRole\` | \`arn:aws:iam::${account}:role/pbc/${name}/pbc-${name}-role\` | ExplicitlyDenied |`,
      );

      // The generated CI workflow's own command passes on the generated infrastructure.
      const workflow = yaml.parse(read('.github/workflows/infrastructure.yml'));
      const steps = workflow.jobs['cfn-lint'].steps as Array<{ run?: string }>;
      expect(steps[2].run).toMatch(/^pip install 'cfn-lint==\d+\.\d+\.\d+'$/);
      await expect(
        execFileAsync('sh', ['-c', steps[3].run!], { cwd: repo }),
      ).resolves.toBeDefined();

      expect(addLocation).toHaveBeenCalledWith(
        { type: 'file', target: path.join(repo, 'catalog-info.yaml') },
        expect.anything(),
      );
    },
  );

  // The generated code's compilation and its own `npm test` (against the real SQS/SNS
  // clients) are in actions/skeletonService.test.ts, rendered with the same fetch actions.

  it('fails at validation, naming the field, before any side effect', async () => {
    const calls = addLocation.mock.calls.length;
    const taken = await runTask({ ...scenarios[2].values, name: 'cart' });
    expect(taken.status).toBe('failed');
    expect(taken.log).toMatch(/name: 'cart' is already taken in the catalog/);

    const injected = await runTask({
      ...scenarios[2].values,
      name: 'returns',
      description: 'Handles returns.\nowner: group:default/platform-team',
    });
    expect(injected.status).toBe('failed');
    expect(injected.log).toMatch(
      /description: must not contain a line that reads as a YAML key/,
    );

    const unknownEvent = await runTask({
      ...scenarios[2].values,
      name: 'returns',
      consumes: ['order.order-returned'],
    });
    expect(unknownEvent.status).toBe('failed');
    expect(unknownEvent.log).toMatch(
      /consumes\[0\]: no PBC named 'order' publishes events/,
    );

    expect(fs.existsSync(dir.resolve('repos/cart-x'))).toBe(false);
    expect(fs.existsSync(dir.resolve('repos/returns'))).toBe(false);
    expect(addLocation.mock.calls.length).toBe(calls);
  });

  it('refuses to overwrite a repository that already exists', async () => {
    dir.addContent({ 'repos/gift-card/README.md': 'someone else' });
    const result = await runTask({ ...scenarios[2].values, name: 'gift-card' });
    expect(result.status).toBe('failed');
    expect(result.log).toMatch(/A repository named 'gift-card' already exists/);
    expect(dir.content({ path: 'repos/gift-card' })).toEqual({
      'README.md': 'someone else',
    });
  });

  it('rejects parameters that break the form contract with a 400', async () => {
    const response = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', mockCredentials.user.header())
      .send({
        templateRef: 'template:default/pbc',
        values: { ...scenarios[0].values, name: 'Order' },
      });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ property: 'instance.name', name: 'pattern' }),
    ]);

    const badAccount = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', mockCredentials.user.header())
      .send({
        templateRef: 'template:default/pbc',
        values: { ...scenarios[0].values, awsAccountId: '12' },
      });
    expect(badAccount.status).toBe(400);
    expect(badAccount.body.errors).toEqual([
      expect.objectContaining({
        property: 'instance.awsAccountId',
        name: 'pattern',
      }),
    ]);
  });

  it('dry-runs the template without creating a repository or registering anything', async () => {
    const calls = addLocation.mock.calls.length;
    const directoryContents = listFiles(TEMPLATE_DIR).map(file => ({
      path: file,
      base64Content: readFileSync(path.join(TEMPLATE_DIR, file)).toString(
        'base64',
      ),
    }));
    const response = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header())
      .send({
        template: yaml.parse(readFileSync(TEMPLATE_FILE, 'utf8')),
        values: { ...scenarios[0].values, name: 'loyalty' },
        directoryContents,
      });
    expect(response.status).toBe(200);
    const paths = (
      response.body.directoryContents as Array<{ path: string }>
    ).map(f => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'catalog-info.yaml',
        'pbc.yaml',
        'infrastructure/pbc-loyalty.template.yaml',
        'infrastructure/validation.json',
        'src/consumers/cart-cart-checked-out.ts',
      ]),
    );
    expect(response.body.output.links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entityRef: 'component:default/loyalty' }),
      ]),
    );
    expect(fs.existsSync(dir.resolve('repos/loyalty'))).toBe(false);
    expect(addLocation.mock.calls.length).toBe(calls);
  });

  it('dry-runs the pbc-rerender template on a generated PBC: the entity ref resolves to its repository', async () => {
    // `order` was generated by the scenarios above, at the current patterns version. The mock
    // catalog's addLocation records only: the template's catalog:fetch gets the entity as the
    // catalog would read it from the repository's catalog-info.yaml at its file location.
    const repoDir = dir.resolve('repos/order');
    const entity = yaml.parse(
      readFileSync(path.join(repoDir, 'catalog-info.yaml'), 'utf8'),
    ) as Entity;
    entity.metadata.namespace = 'default';
    entity.metadata.annotations![
      'backstage.io/source-location'
    ] = `file:${repoDir}/`;
    const getEntityByRef = catalog.getEntityByRef.bind(catalog);
    catalog.getEntityByRef = (async (ref: any, options: any) =>
      ref === 'component:default/order'
        ? entity
        : getEntityByRef(ref, options)) as any;
    // pbc:infrastructure:rerender finds the PBC by its annotation (and its owner from it).
    const getEntities = catalog.getEntities.bind(catalog);
    catalog.getEntities = (async (req: any, options: any) =>
      req?.filter?.[`metadata.annotations.${PBC_ANNOTATION}`] === 'order'
        ? { items: [entity] }
        : getEntities(req, options)) as any;
    const rerender = path.resolve(TEMPLATE_DIR, '../rerender/template.yaml');
    const response = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header())
      .send({
        template: yaml.parse(readFileSync(rerender, 'utf8')),
        values: { entity: 'component:default/order' },
        directoryContents: [],
      });
    expect([
      response.status,
      response.status === 200 ? '' : JSON.stringify(response.body),
    ]).toEqual([200, '']);
    expect(response.body.output.text).toEqual([
      {
        title: 'Re-render',
        content: expect.stringContaining(
          `Patterns ${PATTERNS_VERSION} → ${PATTERNS_VERSION}.\n\nNothing to change.`,
        ),
      },
    ]);
    // The real skeleton's catalog-info and the manifest agree with the files: no conflicts.
    expect(response.body.output.text[0].content).not.toContain(
      'Not re-rendered',
    );
    expect(
      await git.listBranches({ fs, dir: dir.resolve('repos/order') }),
    ).toEqual(['main']);
  });
});
