/**
 * The generated service code: the skeleton and the consumer partial rendered as the template
 * renders them (the real fetch:template actions), then the generated repository's own
 * `npm test` (tsc, then node --test) against the real AWS SDK clients the repo depends on.
 * Only the DynamoDB client is a type stub: the tests use the in-memory dedup store.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  createFetchTemplateAction,
  createFetchTemplateFileAction,
} from '@backstage/plugin-scaffolder-backend';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { PbcSpec } from '@pbc-portal/pbc-domain';
import { validParameters } from '../__testUtils__/fixtures';
import yaml from 'yaml';
import { describeConsumers, describePublishers } from '../lib/consumers';
import { renderInfrastructure } from '../patterns';

const execFileAsync = promisify(execFile);
const TEMPLATE = path.resolve(
  __dirname,
  '../../../../templates/pbc/template.yaml',
);
const ROOT_MODULES = path.resolve(
  path.dirname(require.resolve('@aws-sdk/client-sqs/package.json')),
  '../..',
);

jest.setTimeout(120_000);

/**
 * A node_modules next to the rendered repositories: every package of the monorepo linked,
 * plus a stub of the DynamoDB client.
 */
function linkNodeModules(workspace: string): void {
  const target = path.join(workspace, 'node_modules');
  fs.mkdirSync(path.join(target, '@aws-sdk/client-dynamodb'), {
    recursive: true,
  });
  for (const name of fs.readdirSync(ROOT_MODULES)) {
    if (name !== '@aws-sdk' && !name.startsWith('.')) {
      fs.symlinkSync(path.join(ROOT_MODULES, name), path.join(target, name));
    }
  }
  for (const name of fs.readdirSync(path.join(ROOT_MODULES, '@aws-sdk'))) {
    // The stub below stands in for the DynamoDB client (the monorepo has it as a dev dependency
    // of the emulator tests only); the generated tests inject their own table anyway.
    if (name === 'client-dynamodb') continue;
    fs.symlinkSync(
      path.join(ROOT_MODULES, '@aws-sdk', name),
      path.join(target, '@aws-sdk', name),
    );
  }
  const stub = path.join(target, '@aws-sdk/client-dynamodb');
  fs.writeFileSync(
    path.join(stub, 'package.json'),
    JSON.stringify({
      name: '@aws-sdk/client-dynamodb',
      main: 'index.js',
      types: 'index.d.ts',
    }),
  );
  fs.writeFileSync(
    path.join(stub, 'index.js'),
    [
      '// Loads (src/dedup/store.ts re-exports the DynamoDB store) but never reaches DynamoDB.',
      "class DynamoDBClient { async send() { throw new Error('stub: no DynamoDB in the tests'); } }",
      'class Command { constructor(input) { this.input = input; } }',
      'module.exports = { DynamoDBClient, PutItemCommand: Command, UpdateItemCommand: Command,',
      '  DeleteItemCommand: Command, ConditionalCheckFailedException: class extends Error {} };',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(stub, 'index.d.ts'),
    [
      'export declare class DynamoDBClient { constructor(config: object); send(command: unknown): Promise<unknown>; }',
      'export declare class PutItemCommand { constructor(input: object); }',
      'export declare class UpdateItemCommand { constructor(input: object); }',
      'export declare class DeleteItemCommand { constructor(input: object); }',
      'export declare class ConditionalCheckFailedException extends Error {}',
    ].join('\n'),
  );
}

async function render(workspace: string, spec: PbcSpec): Promise<string> {
  const repo = path.join(workspace, spec.name);
  const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));
  const reader = mockServices.urlReader.mock();
  const templateInfo = {
    baseUrl: pathToFileURL(TEMPLATE).href,
    entityRef: 'template:default/pbc',
  };
  const consumers = describeConsumers(spec.consumes);
  await createFetchTemplateAction({ reader, integrations }).handler(
    createMockActionContext<any>({
      workspacePath: repo,
      templateInfo,
      input: {
        url: './skeleton',
        templateFileExtension: true,
        values: {
          spec,
          consumers,
          publishers: describePublishers(spec.name, spec.publishes),
          controlSummaries: [],
          stackName: `pbc-${spec.name}`,
          templatePath: `infrastructure/pbc-${spec.name}.template.yaml`,
          cfnLintVersion: '1.2.3',
        },
      },
    }),
  );
  for (const consumer of consumers) {
    await createFetchTemplateFileAction({ reader, integrations }).handler(
      createMockActionContext<any>({
        workspacePath: repo,
        templateInfo,
        input: {
          url: './partials/consumer.ts.njk',
          targetPath: `./src/consumers/${consumer.fileName}.ts`,
          values: { name: spec.name, consumer },
        },
      }),
    );
  }
  return repo;
}

/** The repository's own test script: tsc, then node --test over the compiled tests. */
async function npmTest(repo: string): Promise<string> {
  const script = JSON.parse(
    fs.readFileSync(path.join(repo, 'package.json'), 'utf8'),
  ).scripts.test as string;
  expect(script).toMatch(/^tsc && node --test /);
  try {
    const { stdout } = await execFileAsync('sh', ['-c', script], {
      cwd: repo,
      env: {
        ...process.env,
        PATH: `${path.join(repo, '../node_modules/.bin')}:${path.dirname(
          process.execPath,
        )}:${process.env.PATH}`,
      },
    });
    return stdout;
  } catch (error: any) {
    // The compiler's or the failing test's own words, not just "Command failed".
    throw new Error(
      `${script} failed in ${repo}:\n${error.stdout}\n${error.stderr}`,
    );
  }
}

describe('templates/pbc/skeleton: the service wired to its queues and topics', () => {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'pbc-service-'));
  beforeAll(() => linkNodeModules(workspace));
  afterAll(() => fs.rmSync(workspace, { recursive: true, force: true }));

  it('giftcard (DynamoDB, publishes giftcard-issued, consumes order.order-placed): compiles and its tests pass', async () => {
    const repo = await render(
      workspace,
      validParameters({
        name: 'giftcard',
        dataStore: 'dynamodb',
        publishes: ['giftcard-issued'],
        consumes: ['order.order-placed'],
        exposure: 'public',
      }),
    );
    const pkg = JSON.parse(
      fs.readFileSync(path.join(repo, 'package.json'), 'utf8'),
    );
    expect(Object.keys(pkg.dependencies).sort()).toEqual([
      '@aws-sdk/client-dynamodb',
      '@aws-sdk/client-sns',
      '@aws-sdk/client-sqs',
    ]);
    expect(pkg.scripts.start).toBe('node dist/main.js');
    const stdout = await npmTest(repo);
    expect(stdout).toMatch(/# fail 0/);
    // Every generated test file ran: worker, publisher, config, server, main, idempotent.
    expect(Number(/# pass (\d+)/.exec(stdout)?.[1])).toBeGreaterThanOrEqual(20);
    expect(fs.readFileSync(path.join(repo, 'src/config.ts'), 'utf8')).toContain(
      "'order.order-placed': value('QUEUE_URL_ORDER_ORDER_PLACED')",
    );
  });

  it('a PCI PBC without a data store publishes on FIFO topics, and its tests pass', async () => {
    const repo = await render(
      workspace,
      validParameters({
        name: 'card-vault',
        dataStore: 'none',
        publishes: ['card-tokenized', 'card-forgotten'],
        consumes: ['payment.payment-captured'],
        pciScope: true,
      }),
    );
    expect(
      fs.readFileSync(path.join(repo, 'src/publishers/index.ts'), 'utf8'),
    ).toMatch(/cardTokenized: new EventPublisher\(\{[^}]*fifo: true/s);
    const stdout = await npmTest(repo);
    expect(stdout).toMatch(/# fail 0/);
  });

  it('a PBC with neither events nor data compiles and its tests pass', async () => {
    const repo = await render(
      workspace,
      validParameters({
        name: 'wishlist',
        dataStore: 'none',
        publishes: [],
        consumes: [],
      }),
    );
    const stdout = await npmTest(repo);
    expect(stdout).toMatch(/# fail 0/);
  });

  describe('the deploy workflow', () => {
    const spec = validParameters({
      name: 'giftcard',
      dataStore: 'dynamodb',
      publishes: ['giftcard-issued'],
      consumes: ['order.order-placed'],
      exposure: 'public',
    });
    let repo: string;
    let workflow: any;
    let templateYaml: string;

    /** The command of the workflow's cdk-nag step, without its `npm install` line. */
    async function cdkNag(
      template: string,
    ): Promise<{ ok: boolean; output: string }> {
      fs.writeFileSync(
        path.join(repo, `infrastructure/pbc-${spec.name}.template.yaml`),
        template,
      );
      const step = workflow.jobs.verify.steps.find(
        (s: any) => s.name === 'cdk-nag',
      );
      const command = (step.run as string)
        .split('\n')
        .filter(line => !line.startsWith('npm install'))
        .join('\n');
      try {
        const { stdout } = await execFileAsync('bash', ['-c', command], {
          cwd: repo,
          env: { ...process.env, ...workflow.env },
        });
        return { ok: true, output: stdout };
      } catch (error: any) {
        return { ok: false, output: `${error.stdout}${error.stderr}` };
      }
    }

    beforeAll(async () => {
      repo = await render(workspace, { ...spec, name: 'giftcard' });
      const rendered = renderInfrastructure(spec);
      templateYaml = rendered.templateYaml;
      fs.mkdirSync(path.join(repo, 'infrastructure'), { recursive: true });
      workflow = yaml.parse(
        fs.readFileSync(
          path.join(repo, '.github/workflows/deploy.yml'),
          'utf8',
        ),
      );
    });

    it('deploys from main with a role assumed through OIDC, after the checks', () => {
      expect(workflow.env).toMatchObject({
        PBC: 'giftcard',
        AWS_REGION: spec.awsRegion,
        AWS_ACCOUNT_ID: spec.awsAccountId,
        STACK_NAME: 'pbc-giftcard',
        REPOSITORY: 'pbc-giftcard',
      });
      const deploy = workflow.jobs.deploy;
      expect(deploy.needs).toBe('verify');
      expect(deploy.permissions).toEqual({
        contents: 'read',
        'id-token': 'write',
      });
      const credentials = deploy.steps.find((s: any) =>
        String(s.uses).startsWith('aws-actions/configure-aws-credentials@'),
      );
      expect(credentials.with['role-to-assume']).toBe(
        '${{ vars.AWS_DEPLOY_ROLE_ARN }}',
      );
      expect(JSON.stringify(workflow)).not.toMatch(
        /aws-access-key-id|aws-secret-access-key/,
      );
      const run = deploy.steps.map((s: any) => s.run ?? '').join('\n');
      expect(run).toContain('--parameter-overrides ImageUri="$IMAGE_URI"');
      const names = workflow.jobs.verify.steps.map((s: any) => s.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'Test the service',
          'cfn-lint',
          'cdk-nag',
          'A changed controls set was approved in review',
        ]),
      );
    });

    it('its deploy step sends a template over 51,200 bytes through the bucket, or stops', async () => {
      // A fake `aws` that prints its arguments, in place of the CLI.
      const bin = path.join(workspace, 'fake-bin');
      fs.mkdirSync(bin, { recursive: true });
      fs.writeFileSync(path.join(bin, 'aws'), '#!/bin/sh\necho "aws $*"\n', {
        mode: 0o755,
      });
      const step = workflow.jobs.deploy.steps.find(
        (s: any) => s.name === 'Deploy the stack',
      );
      const deploy = async (size: number, bucket: string) => {
        fs.writeFileSync(
          path.join(repo, workflow.env.TEMPLATE),
          'x'.repeat(size),
        );
        try {
          const { stdout } = await execFileAsync(
            'bash',
            ['-e', '-c', step.run],
            {
              cwd: repo,
              env: {
                ...process.env,
                ...workflow.env,
                PATH: `${bin}:${process.env.PATH}`,
                IMAGE_URI: 'img',
                TEMPLATE_BUCKET: bucket,
              },
            },
          );
          return stdout;
        } catch (error: any) {
          return `failed: ${error.stdout}`;
        }
      };
      expect(await deploy(51_200, '')).not.toContain('--s3-bucket');
      expect(await deploy(51_200, '')).toContain(
        '--parameter-overrides ImageUri=img',
      );
      expect(await deploy(51_201, 'artifacts')).toContain(
        '--s3-bucket artifacts --s3-prefix pbc-giftcard',
      );
      expect(await deploy(51_201, '')).toMatch(
        /^failed: .*set the repository variable CFN_TEMPLATE_BUCKET/s,
      );
    });

    it('its cdk-nag step passes the rendered template, honouring only reasoned acknowledgments', async () => {
      const passed = await cdkNag(templateYaml);
      expect(passed).toEqual({
        ok: true,
        output: expect.stringContaining('0 finding(s)'),
      });

      // Mutation: an acknowledgment whose reason was deleted no longer counts.
      const template = yaml.parse(templateYaml);
      const acknowledged = Object.values<any>(template.Resources).find(
        r => r.Metadata?.cdk_nag,
      );
      acknowledged.Metadata.cdk_nag.rules_to_suppress[0].reason = '';
      const noReason = await cdkNag(yaml.stringify(template));
      expect(noReason.ok).toBe(false);
      expect(noReason.output).toMatch(/acknowledgment without a reason/);

      // Mutation: a task that gives up its logs fails AwsSolutions-ECS7.
      const weakened = yaml.parse(templateYaml);
      const task = Object.values<any>(weakened.Resources).find(
        r => r.Type === 'AWS::ECS::TaskDefinition',
      );
      delete task.Properties.ContainerDefinitions[0].LogConfiguration;
      const unlogged = await cdkNag(yaml.stringify(weakened));
      expect(unlogged.ok).toBe(false);
      expect(unlogged.output).toMatch(/AwsSolutions-ECS7/);
    });
  });
});
