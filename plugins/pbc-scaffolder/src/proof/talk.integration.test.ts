import {
  CloudFormationClient,
  ListExportsCommand,
  ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SQSClient,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  PLATFORM_NAMES,
  PbcSpec,
  alarmName,
  iamPath,
  queueNames,
  roleName,
  stackName,
  subscriptionsStackName,
} from '@pbc-portal/pbc-domain';
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  ConsumerDescriptor,
  describeConsumers,
  describePublishers,
} from '../lib/consumers';
import { MESSAGING } from '../patterns/names';
import { Target, connect, deployAll } from './__testUtils__/deploy';
import {
  Emulator,
  findMotoPython,
  startEmulator,
} from './__testUtils__/emulator';
import { renderPbcs } from './__testUtils__/pbcs';
import { renderPlatforms } from './__testUtils__/platforms';
import {
  build,
  linkNodeModules,
  renderSkeleton,
} from '../__testUtils__/skeleton';

/**
 * Two generated PBCs talking (issue 15, item 3). In the emulator of the deployment proof, the
 * platform stack and the stacks of a producer and a consumer are deployed; both PBCs'
 * repositories are rendered from the template and built with their own build script; the
 * consumer runs as its container does (`node dist/main.js`) and the producer's generated
 * publisher publishes. Both run as child processes with only what a task has: the environment
 * of their task definition (resolved from the deployed stack), the Region, and credentials of
 * their own task role (STS AssumeRole in the emulator, which puts them in the PBC's account).
 * AWS_ENDPOINT_URL, which the AWS SDK v3 reads itself, points them at the emulator.
 *
 * Needs moto, like the deployment proof: skipped locally without it, fails under CI.
 */

const python = findMotoPython();
const required = process.env.PBC_REQUIRE_MOTO === '1' || !!process.env.CI;
const describeWithMoto = python || required ? describe : describe.skip;

jest.setTimeout(240_000);

const ACCOUNT = '444444444444';
const REGION = 'eu-west-1';

const base = {
  description: 'A PBC of the talking proof',
  system: 'system:default/commerce',
  exposure: 'internal' as const,
  awsAccountId: ACCOUNT,
  awsRegion: REGION,
  // DynamoDB on both sides: each side's dedup records are items of its table.
  dataStore: 'dynamodb' as const,
};

/** Two PBCs that consume each other's event: each side publishes one and consumes the other's. */
function mutual(
  a: { name: string; event: string; pciScope: boolean; owner: string },
  b: { name: string; event: string; pciScope: boolean; owner: string },
): [PbcSpec, PbcSpec] {
  const spec = (self: typeof a, other: typeof a): PbcSpec => ({
    ...base,
    name: self.name,
    owner: self.owner,
    pciScope: self.pciScope,
    publishes: [self.event],
    consumes: [`${other.name}.${other.event}`],
  });
  return [spec(a, b), spec(b, a)];
}

/**
 * Each pair talks both ways; together they cover every combination of topic and queue kind.
 * A queue follows its producer's topic (the render takes the producer's facts): a PCI
 * producer's FIFO topic feeds a FIFO queue also in a non-PCI consumer, a non-PCI producer's
 * standard topic a standard queue also in a PCI consumer.
 */
const PAIRS: Array<[string, PbcSpec, PbcSpec]> = [
  [
    'order ↔ payment (non-PCI both ways: standard topics and queues)',
    ...mutual(
      {
        name: 'order',
        event: 'order-placed',
        pciScope: false,
        owner: 'group:default/orders-team',
      },
      {
        name: 'payment',
        event: 'payment-captured',
        pciScope: false,
        owner: 'group:default/payments-team',
      },
    ),
  ],
  [
    'checkout ↔ settlement (non-PCI producer → PCI consumer, and PCI producer → non-PCI consumer)',
    ...mutual(
      {
        name: 'checkout',
        event: 'checkout-completed',
        pciScope: false,
        owner: 'group:default/orders-team',
      },
      {
        name: 'settlement',
        event: 'settlement-booked',
        pciScope: true,
        owner: 'group:default/payments-team',
      },
    ),
  ],
  [
    'card-vault ↔ fraud (PCI both ways: FIFO topics and queues)',
    ...mutual(
      {
        name: 'card-vault',
        event: 'card-tokenized',
        pciScope: true,
        owner: 'group:default/payments-team',
      },
      {
        name: 'fraud',
        event: 'fraud-scored',
        pciScope: true,
        owner: 'group:default/payments-team',
      },
    ),
  ],
];

/**
 * The handler the team writes (the generated one only logs): it refuses an order marked
 * poison, so that message must end in the dead-letter queue after the receive limit.
 */
function failOnPoison(repo: string, CONSUMED: ConsumerDescriptor) {
  const file = path.join(repo, 'src/consumers', `${CONSUMED.fileName}.ts`);
  const source = fs.readFileSync(file, 'utf8');
  const marker =
    /(async function handle\(event: EventEnvelope\): Promise<void> \{\n.*\n)/;
  expect(source).toMatch(marker);
  fs.writeFileSync(
    file,
    source.replace(
      marker,
      `$1  if ((event.data as { poison?: boolean }).poison) {\n    throw new Error('poison order');\n  }\n`,
    ),
  );
}

/** Physical id of every resource of a PBC's deployed stack, by logical id. */
async function stackResources(endpoint: string, spec: PbcSpec) {
  const cfn = connect(CloudFormationClient, endpoint, target(spec));
  const physical = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await cfn.send(
      new ListStackResourcesCommand({
        StackName: stackName(spec.name),
        NextToken: token,
      }),
    );
    page.StackResourceSummaries?.forEach(r =>
      physical.set(r.LogicalResourceId!, r.PhysicalResourceId!),
    );
    token = page.NextToken;
  } while (token);
  cfn.destroy();
  return physical;
}

/** The platform's exports in the PBC's account and Region, by name. */
async function platformExports(endpoint: string, spec: PbcSpec) {
  const cfn = connect(CloudFormationClient, endpoint, target(spec));
  const values = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await cfn.send(new ListExportsCommand({ NextToken: token }));
    page.Exports?.forEach(e => values.set(e.Name!, e.Value!));
    token = page.NextToken;
  } while (token);
  cfn.destroy();
  return values;
}

/** The task definition's environment of a deployed PBC stack, its Refs and imports resolved. */
async function taskEnvironment(
  endpoint: string,
  spec: PbcSpec,
  template: Record<string, any>,
): Promise<Record<string, string>> {
  const physical = await stackResources(endpoint, spec);
  const exported = await platformExports(endpoint, spec);
  const taskDefinition = Object.values<any>(template.Resources).find(
    r => r.Type === 'AWS::ECS::TaskDefinition',
  );
  const env: Record<string, string> = {};
  for (const { Name, Value } of taskDefinition.Properties
    .ContainerDefinitions[0].Environment as Array<{
    Name: string;
    Value: unknown;
  }>) {
    if (typeof Value === 'string') {
      env[Name] = Value;
    } else if ((Value as { Ref?: string }).Ref === 'AWS::Region') {
      env[Name] = spec.awsRegion;
    } else if ((Value as any)['Fn::Join']?.[1]?.[1]?.['Fn::ImportValue']) {
      // `https://` + an exported endpoint DNS name (AWS_ENDPOINT_URL_<SERVICE>).
      const [prefix, imported] = (Value as any)['Fn::Join'][1];
      const value = exported.get(imported['Fn::ImportValue']);
      if (!value) {
        throw new Error(`${spec.name}: ${Name} imports a missing export`);
      }
      env[Name] = `${prefix}${value}`;
    } else {
      const ref = (Value as { Ref?: string }).Ref;
      if (!ref || !physical.has(ref)) {
        throw new Error(
          `${spec.name}: cannot resolve ${Name}=${JSON.stringify(Value)}`,
        );
      }
      env[Name] = physical.get(ref)!;
    }
  }
  return env;
}

/**
 * The environment a task would see, pointed at the emulator. A payment PBC's task definition
 * sets AWS_ENDPOINT_URL_<SERVICE> for its own endpoints (resolved from the platform's exports):
 * those become the emulator, and its queue URLs keep their public host, so a client that sent
 * to the queue URL's host instead of its configured endpoint would leave the emulator and fail
 * (the SQS client does that unless told not to). Other PBCs get AWS_ENDPOINT_URL for every
 * client and their queue URLs on the emulator's origin, as their tasks resolve the public names.
 */
function onEmulator(env: Record<string, string>, endpoint: string) {
  const ownEndpoints = Object.keys(env).some(name =>
    name.startsWith('AWS_ENDPOINT_URL_'),
  );
  if (ownEndpoints) {
    const pointed: Record<string, string> = {
      ...env,
      // Through the gateway endpoint in AWS, by its public name.
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    };
    for (const name of Object.keys(env)) {
      if (name.startsWith('AWS_ENDPOINT_URL_')) {
        pointed[name] = endpoint;
      }
    }
    return pointed;
  }
  const pointed: Record<string, string> = { AWS_ENDPOINT_URL: endpoint };
  for (const [name, value] of Object.entries(env)) {
    pointed[name] = /^https:\/\/sqs\.[^/]+\.amazonaws\.com\//.test(value)
      ? `${endpoint}${new URL(value).pathname}`
      : value;
  }
  return pointed;
}

function target(spec: PbcSpec): Target {
  return { account: spec.awsAccountId, region: spec.awsRegion };
}

/** Credentials of the PBC's task role; the emulator files requests made with them under its account. */
async function taskRoleCredentials(endpoint: string, spec: PbcSpec) {
  const sts = connect(STSClient, endpoint, target(spec));
  const { Credentials } = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${spec.awsAccountId}:role${iamPath(
        spec.name,
      )}${roleName(spec.name)}`,
      RoleSessionName: `${spec.name}-task`,
    }),
  );
  sts.destroy();
  return {
    AWS_ACCESS_KEY_ID: Credentials!.AccessKeyId!,
    AWS_SECRET_ACCESS_KEY: Credentials!.SecretAccessKey!,
    AWS_SESSION_TOKEN: Credentials!.SessionToken!,
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A minimal environment: nothing of the developer's AWS configuration leaks in. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: os.tmpdir(),
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    ...extra,
  };
}

/** What a timeout reports besides its own words (set by the suite: the consumer's output). */
let context = () => '';

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; ${context()}`);
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

/** One PBC of a pair, deployed, built and running as its container does. */
interface RunningPbc {
  spec: PbcSpec;
  repo: string;
  /** Its deployed stack's template (the alarms the poison test evaluates). */
  template: Record<string, any>;
  /** Its task definition's environment on the emulator, with its task role's credentials. */
  env: NodeJS.ProcessEnv;
  port: number;
  process?: ChildProcess;
  output: string;
}

describeWithMoto.each(PAIRS)(
  'two generated PBCs talking both ways (moto): %s',
  (_pair, A, B) => {
    let emulator: Emulator;
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'pbc-talk-'));
    const running = new Map<string, RunningPbc>();
    let sqs: SQSClient;
    let dynamodb: DynamoDBClient;
    let started = Date.now();
    const timings: string[] = [];
    const lap = (label: string) =>
      timings.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)} s`);

    beforeAll(async () => {
      started = Date.now();
      context = () =>
        [...running.values()]
          .map(r => `${r.spec.name} output:\n${r.output.slice(-2000)}`)
          .join('\n');
      if (!python) {
        throw new Error(
          'moto is not installed: run ./portal (it installs scripts/requirements.txt into .tooling/venv) or set PBC_MOTO_PYTHON',
        );
      }
      emulator = await startEmulator(python);
      const specs = [A, B];
      // Rendered with the producers' facts, as pbc:infrastructure:render does.
      const rendered = renderPbcs(specs);
      // Main stacks first, then the subscriptions stacks, as each PBC's pipeline deploys them.
      const results = await deployAll(emulator.endpoint, [
        ...renderPlatforms(specs).map(unit => ({
          ...unit,
          stackName: PLATFORM_NAMES.stack,
        })),
        ...rendered.map(r => r.main),
        ...rendered.flatMap(r => (r.subscriptions ? [r.subscriptions] : [])),
      ]);
      // Each side's subscription lives in its subscriptions stack: both must have been deployed.
      for (const spec of specs) {
        if (
          !results.some(r => r.stackName === subscriptionsStackName(spec.name))
        ) {
          throw new Error(
            `${subscriptionsStackName(spec.name)} was not rendered`,
          );
        }
      }
      const failed = results
        .filter(r => r.status !== 'CREATE_COMPLETE')
        .map(r => `${r.stackName}: ${r.status} ${r.reason ?? ''}`);
      if (failed.length > 0) {
        throw new Error(`stacks did not deploy:\n${failed.join('\n')}`);
      }
      lap('deployed');

      linkNodeModules(workspace);
      const repos = await Promise.all(
        specs.map(async spec => {
          const repo = await renderSkeleton(workspace, spec);
          failOnPoison(repo, describeConsumers(spec.consumes)[0]);
          await build(repo);
          return repo;
        }),
      );
      lap('rendered and built');

      for (const [index, spec] of specs.entries()) {
        const template = rendered[index].main.template as Record<string, any>;
        running.set(spec.name, {
          spec,
          repo: repos[index],
          template,
          env: childEnv({
            ...onEmulator(
              await taskEnvironment(emulator.endpoint, spec, template),
              emulator.endpoint,
            ),
            ...(await taskRoleCredentials(emulator.endpoint, spec)),
          }),
          port: await freePort(),
          output: '',
        });
      }
      // The messaging pattern's 180 s visibility timeout and 20 s long poll, shortened so the
      // poison message reaches the dead-letter queue in seconds; everything else as deployed.
      const fast = {
        QUEUE_WAIT_SECONDS: '1',
        QUEUE_VISIBILITY_TIMEOUT_SECONDS: '1',
      };
      for (const pbc of running.values()) {
        const child = spawn(process.execPath, ['dist/main.js'], {
          cwd: pbc.repo,
          env: { ...pbc.env, ...fast, PORT: String(pbc.port) },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout!.on('data', chunk => (pbc.output += String(chunk)));
        child.stderr!.on('data', chunk => (pbc.output += String(chunk)));
        pbc.process = child;
      }
      sqs = connect(SQSClient, emulator.endpoint, target(A));
      dynamodb = connect(DynamoDBClient, emulator.endpoint, target(A));
      // Each side's worker polls its queue: /health answers 200 after a receive succeeded.
      for (const pbc of running.values()) {
        await until(`${pbc.spec.name} to be healthy`, async () => {
          try {
            const answer = await health(pbc);
            return answer.status === 'ok' && answer.workers[0]?.lastReceiveAt
              ? true
              : undefined;
          } catch {
            return undefined;
          }
        });
      }
      lap('both healthy');
    });

    afterAll(async () => {
      for (const pbc of running.values()) {
        if (pbc.process && pbc.process.exitCode === null) {
          const exited = new Promise(resolve =>
            pbc.process!.once('exit', resolve),
          );
          pbc.process.kill('SIGTERM');
          await exited;
        }
      }
      sqs?.destroy();
      dynamodb?.destroy();
      await emulator?.stop();
      fs.rmSync(workspace, { recursive: true, force: true });
      const kind = (spec: PbcSpec) => (spec.pciScope ? 'PCI' : 'non-PCI');
      // eslint-disable-next-line no-console
      console.log(
        `talking proof: ${A.name} (${kind(A)}) ↔ ${B.name} (${kind(
          B,
        )}); ${timings.join(', ')}; ${((Date.now() - started) / 1000).toFixed(
          1,
        )} s in all`,
      );
    });

    async function health(pbc: RunningPbc): Promise<{
      status: string;
      workers: Array<{
        handled: number;
        duplicates: number;
        failed: number;
        lastReceiveAt?: string;
      }>;
    }> {
      const response = await fetch(`http://127.0.0.1:${pbc.port}/health`);
      return response.json();
    }

    async function queueDepth(url: string): Promise<number> {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: [
            'ApproximateNumberOfMessages',
            'ApproximateNumberOfMessagesNotVisible',
          ],
        }),
      );
      return (
        Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
        Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
      );
    }

    describe.each([
      [`${A.name} → ${B.name}`, A, B],
      [`${B.name} → ${A.name}`, B, A],
    ])('%s', (_direction, PRODUCER, CONSUMER) => {
      const CONSUMED = describeConsumers(CONSUMER.consumes)[0];
      const PUBLISHER = describePublishers(
        PRODUCER.name,
        PRODUCER.publishes,
      )[0];
      // The queue is FIFO when the producer's topic is (a PCI producer), whatever the consumer.
      const fifo = PRODUCER.pciScope;
      const names = queueNames(
        CONSUMER.name,
        CONSUMED.producer,
        CONSUMED.event,
        fifo,
      );
      const consumer = () => running.get(CONSUMER.name)!;
      const producer = () => running.get(PRODUCER.name)!;
      const queueUrl = () => consumer().env[CONSUMED.queueUrlEnv]!;

      /** Runs the producer's generated publisher once, as the producer's own code would. */
      async function publish(
        data: unknown,
        id?: string,
      ): Promise<{ id: string; type: string }> {
        const script = [
          "const { SNSClient } = require('@aws-sdk/client-sns');",
          "const { loadConfig } = require('./dist/config');",
          "const { createPublishers } = require('./dist/publishers');",
          'const config = loadConfig();',
          'const publishers = createPublishers(new SNSClient({}), config.topicArns);',
          'const [name, data, id] = process.argv.slice(1);',
          'publishers[name].publish(JSON.parse(data), id ? { id } : {})',
          '  .then(envelope => console.log(JSON.stringify(envelope)),',
          '    error => { console.error(error); process.exit(1); });',
        ].join('\n');
        const child = spawn(
          process.execPath,
          [
            '-e',
            script,
            PUBLISHER.identifier,
            JSON.stringify(data),
            ...(id ? [id] : []),
          ],
          {
            cwd: producer().repo,
            env: producer().env,
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let out = '';
        child.stdout!.on('data', chunk => (out += String(chunk)));
        child.stderr!.on('data', chunk => (out += String(chunk)));
        const code = await new Promise(resolve => child.once('exit', resolve));
        if (code !== 0) {
          throw new Error(`${PRODUCER.name}'s publisher failed: ${out}`);
        }
        return JSON.parse(out.trim().split('\n').pop()!);
      }

      /** Times a PBC's handler ran for an event (the generated handler logs each run). */
      function handlerRuns(pbc: RunningPbc, eventId: string): number {
        return pbc.output
          .split('\n')
          .filter(
            line => line.endsWith(` ${eventId}`) && / received \S+ /.test(line),
          ).length;
      }

      async function dedupRecord(eventId: string) {
        const { Item } = await dynamodb.send(
          new GetItemCommand({
            TableName: `pbc-${CONSUMER.name}`,
            Key: {
              pk: { S: `dedup#${CONSUMER.name}.${CONSUMED.fileName}` },
              sk: { S: eventId },
            },
          }),
        );
        return Item;
      }

      let first: { id: string; type: string } | undefined;

      it('an event published by the producer is handled by the consumer exactly once, and not by the producer', async () => {
        first = await publish({ orderId: 'o-1', total: 42 });
        expect(first.type).toBe(CONSUMED.id);
        await until('the event to be handled', async () =>
          (await health(consumer())).workers[0].handled >= 1 &&
          (await queueDepth(queueUrl())) === 0
            ? true
            : undefined,
        );
        expect(handlerRuns(consumer(), first.id)).toBe(1);
        // The producer's own worker consumes the other side's event only.
        expect(handlerRuns(producer(), first.id)).toBe(0);
        const record = await dedupRecord(first.id);
        expect(record?.status?.S).toBe('done');
        expect((await health(consumer())).workers[0]).toMatchObject({
          handled: 1,
          failed: 0,
        });
        lap(`${PRODUCER.name} → ${CONSUMER.name} handled`);
      });

      it('a redelivered event (the same envelope again) is not handled twice', async () => {
        expect(first).toBeDefined();
        let redelivered = first!.id;
        if (fifo) {
          // A FIFO topic drops a publish with the same id within its deduplication window, so
          // the copy a retry after the window would bring is put on the queue directly.
          await sqs.send(
            new SendMessageCommand({
              QueueUrl: queueUrl(),
              MessageBody: JSON.stringify(first),
              MessageGroupId: 'redelivery',
              MessageDeduplicationId: `${first!.id}-again`,
            }),
          );
        } else {
          redelivered = (
            await publish({ orderId: 'o-1', total: 42 }, first!.id)
          ).id;
        }
        expect(redelivered).toBe(first!.id);
        await until('the redelivery to be consumed', async () =>
          (await health(consumer())).workers[0].duplicates >= 1 &&
          (await queueDepth(queueUrl())) === 0
            ? true
            : undefined,
        );
        expect(handlerRuns(consumer(), first!.id)).toBe(1);
        expect((await health(consumer())).workers[0]).toMatchObject({
          handled: 1,
          duplicates: 1,
        });
      });

      it('a poison event ends in the dead-letter queue after the receive limit, and its alarm condition holds', async () => {
        const deadLetterQueueUrl = (
          await sqs.send(
            new GetQueueUrlCommand({ QueueName: names.deadLetterQueue }),
          )
        ).QueueUrl!;
        const poison = await publish({ orderId: 'o-2', poison: true });
        const parked = await until(
          'the poison event in the dead-letter queue',
          async () => {
            const { Messages } = await sqs.send(
              new ReceiveMessageCommand({
                QueueUrl: deadLetterQueueUrl,
                WaitTimeSeconds: 0,
                VisibilityTimeout: 0,
              }),
            );
            return Messages?.[0];
          },
          40_000,
        );
        expect(JSON.parse(parked.Body!).id).toBe(poison.id);
        // Tried once per receive up to the queue's limit, then left alone.
        expect(handlerRuns(consumer(), poison.id)).toBe(
          MESSAGING.maxReceiveCount,
        );
        expect(await queueDepth(queueUrl())).toBe(0);
        // A failed handler gives its claim back: no dedup record blocks a redrive.
        expect(await dedupRecord(poison.id)).toBeUndefined();
        expect((await health(consumer())).workers[0].failed).toBe(
          MESSAGING.maxReceiveCount,
        );

        // The alarm the stack deployed on this queue. moto's CloudFormation does not create
        // CloudWatch alarms (the proof's models record them) and moto evaluates no alarm nor
        // publishes SQS metrics, so no state can be read: the test evaluates the deployed
        // alarm's definition, its dimension resolved by the stack, against the queue's value.
        const alarm = await deployedAlarm(
          alarmName(
            CONSUMER.name,
            CONSUMED.producer,
            CONSUMED.event,
            'dlq-not-empty',
          ),
        );
        expect(alarm.Namespace).toBe('AWS/SQS');
        expect(alarm.MetricName).toBe('ApproximateNumberOfMessagesVisible');
        expect(alarm.queueName).toBe(names.deadLetterQueue);
        expect(deadLetterQueueUrl.endsWith(`/${alarm.queueName}`)).toBe(true);
        const { Attributes } = await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: deadLetterQueueUrl,
            AttributeNames: ['ApproximateNumberOfMessages'],
          }),
        );
        const visible = Number(Attributes?.ApproximateNumberOfMessages);
        expect(visible).toBe(1);
        expect(
          evaluate(alarm.ComparisonOperator, visible, alarm.Threshold),
        ).toBe('ALARM');
        // Before the poison message the same alarm held OK.
        expect(evaluate(alarm.ComparisonOperator, 0, alarm.Threshold)).toBe(
          'OK',
        );
        lap(`${PRODUCER.name} → ${CONSUMER.name} poison`);
      });

      /** An alarm of the consumer's stack: its definition, with the queue its dimension resolves to. */
      async function deployedAlarm(name: string) {
        const found = Object.entries<any>(consumer().template.Resources).find(
          ([, r]) =>
            r.Type === 'AWS::CloudWatch::Alarm' &&
            r.Properties.AlarmName === name,
        );
        if (!found)
          throw new Error(`no alarm ${name} in the stack of ${CONSUMER.name}`);
        const [logicalId, resource] = found;
        const physical = await stackResources(emulator.endpoint, CONSUMER);
        expect(physical.has(logicalId)).toBe(true);
        const dimension = resource.Properties.Dimensions.find(
          (d: { Name: string }) => d.Name === 'QueueName',
        );
        const [queueId, attribute] = dimension.Value['Fn::GetAtt'];
        expect(attribute).toBe('QueueName');
        return {
          ...(resource.Properties as {
            Namespace: string;
            MetricName: string;
            ComparisonOperator: string;
            Threshold: number;
          }),
          queueName: physical.get(queueId)!.split('/').pop(),
        };
      }
    });
  },
);

/** CloudWatch's comparison of one datapoint with an alarm's threshold. */
function evaluate(
  comparison: string,
  value: number,
  threshold: number,
): 'ALARM' | 'OK' {
  const breach: Record<string, boolean> = {
    GreaterThanThreshold: value > threshold,
    GreaterThanOrEqualToThreshold: value >= threshold,
    LessThanThreshold: value < threshold,
    LessThanOrEqualToThreshold: value <= threshold,
  };
  if (!(comparison in breach)) {
    throw new Error(`unknown comparison ${comparison}`);
  }
  return breach[comparison] ? 'ALARM' : 'OK';
}
