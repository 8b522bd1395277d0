/**
 * The generated service code: the skeleton and the consumer partial rendered as the template
 * renders them (the real fetch:template actions), then the generated repository's own
 * `npm test` (tsc, then node --test) against the real AWS SDK clients the repo depends on.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { validParameters } from '../__testUtils__/fixtures';
import {
  linkNodeModules,
  npmTest,
  renderSkeleton,
} from '../__testUtils__/skeleton';
import yaml from 'yaml';
import { renderInfrastructure } from '../patterns';
import { infrastructurePaths } from '../lib/renderChecked';
import { subscriptionsStackName } from '@pbc-portal/pbc-domain';

const execFileAsync = promisify(execFile);

jest.setTimeout(120_000);

describe('templates/pbc/skeleton: the service wired to its queues and topics', () => {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'pbc-service-'));
  beforeAll(() => linkNodeModules(workspace));
  afterAll(() => fs.rmSync(workspace, { recursive: true, force: true }));

  it('giftcard (DynamoDB, publishes giftcard-issued, consumes order.order-placed): compiles and its tests pass', async () => {
    const repo = await renderSkeleton(
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
    const repo = await renderSkeleton(
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
    const repo = await renderSkeleton(
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
      repo = await renderSkeleton(workspace, { ...spec, name: 'giftcard' });
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

    /**
     * Runs a deploy step's script with a fake `aws` that prints its arguments, in place of the
     * CLI: an exported bash function, not a file written just before it runs (exec'ing a fresh
     * file can fail with ETXTBSY under load). Its output, or `failed: ` and both outputs.
     */
    async function runStep(step: any, env: Record<string, string> = {}) {
      try {
        const { stdout } = await execFileAsync('bash', ['-e', '-c', step.run], {
          cwd: repo,
          env: {
            ...process.env,
            ...workflow.env,
            ...step.env,
            'BASH_FUNC_aws%%': '() { echo "aws $*"; }',
            ...env,
          },
        });
        return stdout;
      } catch (error: any) {
        return `failed: ${error.stdout}${error.stderr}`;
      }
    }

    it('its deploy step sends a template over 51,200 bytes through the bucket, or stops', async () => {
      const step = workflow.jobs.deploy.steps.find(
        (s: any) => s.name === 'Deploy the stack',
      );
      const deploy = (size: number, bucket: string) => {
        fs.writeFileSync(
          path.join(repo, workflow.env.TEMPLATE),
          'x'.repeat(size),
        );
        return runStep(step, { IMAGE_URI: 'img', TEMPLATE_BUCKET: bucket });
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

    it('deploys its conformance pack by the rendered name, through the bucket when over 51,200 bytes', async () => {
      const step = workflow.jobs.deploy.steps.find(
        (s: any) => s.name === 'Deploy the conformance pack',
      );
      expect(step.env.PACK).toBe('infrastructure/conformance-pack.yaml');
      expect(step.env.PACK_NAME).toBe(
        renderInfrastructure(spec).conformancePack.name,
      );
      const put = (size: number, bucket: string) => {
        fs.writeFileSync(path.join(repo, step.env.PACK), 'x'.repeat(size));
        return runStep(step, { TEMPLATE_BUCKET: bucket });
      };
      expect(await put(51_200, '')).toContain(
        `aws configservice put-conformance-pack --conformance-pack-name ${step.env.PACK_NAME} --template-body file://infrastructure/conformance-pack.yaml`,
      );
      expect(await put(51_201, 'artifacts')).toContain(
        `--template-s3-uri s3://artifacts/pbc-giftcard/conformance-pack.yaml`,
      );
      expect(await put(51_201, '')).toMatch(
        /^failed: .*set the repository variable CFN_TEMPLATE_BUCKET/s,
      );
    });

    it('deploys its subscriptions stack after its own stack, from the rendered subscriptions template', async () => {
      const names = workflow.jobs.deploy.steps.map((s: any) => s.name);
      expect(names.slice(-2)).toEqual([
        'Deploy the stack',
        'Deploy the subscriptions stack',
      ]);
      const step = workflow.jobs.deploy.steps.at(-1);
      const stdout = await runStep(step);
      expect(stdout).toContain(
        'aws cloudformation deploy --stack-name pbc-giftcard--subscriptions --template-file infrastructure/pbc-giftcard--subscriptions.template.yaml',
      );
      // The file the render writes (infrastructurePaths), the stack the naming contract names.
      expect(step.env.SUBSCRIPTIONS_TEMPLATE).toBe(
        infrastructurePaths('giftcard').subscriptions,
      );
      expect(`${workflow.env.STACK_NAME}--subscriptions`).toBe(
        subscriptionsStackName('giftcard'),
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
