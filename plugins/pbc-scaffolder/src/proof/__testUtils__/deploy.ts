import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
  ListExportsCommand,
} from '@aws-sdk/client-cloudformation';
import {
  SNSClient,
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  PublishCommand,
} from '@aws-sdk/client-sns';
import {
  SQSClient,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { proofImageUri } from './image';

/** Where a stack or resource lives. */
export interface Target {
  account: string;
  region: string;
}

/** One CloudFormation stack to deploy. */
export interface StackUnit extends Target {
  stackName: string;
  /** The PBC the stack belongs to; none for platform stacks. */
  pbc?: string;
  template: Record<string, unknown>;
}

export interface DeployResult extends Target {
  stackName: string;
  /** How the template reached CloudFormation: inline, or uploaded to S3 as a pipeline does. */
  via?: 'TemplateBody' | 'TemplateURL';
  bytes: number;
  status: string;
  reason?: string;
  resources: number;
}

/** CloudFormation's limit for a template passed as TemplateBody (bytes). */
export const TEMPLATE_BODY_MAX_BYTES = 51_200;
/** CloudFormation's limit for a template passed as TemplateURL, from S3 (bytes). */
export const TEMPLATE_URL_MAX_BYTES = 1_000_000;
/** CloudFormation's limit of resources in one stack. */
export const STACK_MAX_RESOURCES = 500;

type Client = { middlewareStack: unknown };

/**
 * An AWS SDK client for one account and Region of the emulator (any v3 client class), for the
 * proofs and for tests that run generated code against the deployed stacks.
 */
export function connect<C extends Client>(
  Ctor: new (config: Record<string, unknown>) => C,
  endpoint: string,
  target: Target,
): C {
  const client = new Ctor({
    endpoint,
    region: target.region,
    // The emulator ignores the signature; a fixed dummy keeps real credentials out of the test.
    credentials: { accessKeyId: 'proof', secretAccessKey: 'proof' },
    maxAttempts: 1,
  });
  // moto picks the account per request from this header.
  const stack = client.middlewareStack as unknown as {
    add(middleware: unknown, options: { step: string; name: string }): void;
  };
  stack.add(
    (next: (args: unknown) => Promise<unknown>) =>
      async (args: { request: { headers?: Record<string, string> } }) => {
        if (args.request.headers) {
          args.request.headers['x-moto-account-id'] = target.account;
        }
        return next(args);
      },
    { step: 'build', name: 'motoAccount' },
  );
  return client;
}

/** Names of every `Fn::ImportValue` in a template (literal names only, as the patterns write). */
export function importedNames(node: unknown, found = new Set<string>()) {
  if (Array.isArray(node)) {
    node.forEach(item => importedNames(item, found));
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'Fn::ImportValue') {
        if (typeof value !== 'string') {
          throw new Error(
            `Fn::ImportValue of a computed name: ${JSON.stringify(value)}`,
          );
        }
        found.add(value);
      } else {
        importedNames(value, found);
      }
    }
  }
  return found;
}

/**
 * Values for the parameters a template declares that a deployment must pass: a PBC stack's
 * `ImageUri`, an image of the PBC's own ECR repository by digest, as the deploy workflow
 * passes it (the digest is made up; nothing pulls it in the emulator).
 */
export function stackParameters(
  unit: StackUnit,
): Array<{ ParameterKey: string; ParameterValue: string }> {
  const declared = (unit.template.Parameters ?? {}) as Record<string, unknown>;
  if (!('ImageUri' in declared) || !unit.pbc) {
    return [];
  }
  return [
    {
      ParameterKey: 'ImageUri',
      ParameterValue: proofImageUri(unit.pbc, unit.account, unit.region),
    },
  ];
}

/**
 * Creates one stack and reads back its status. The emulator creates synchronously, so the
 * status is final when DescribeStacks answers; a CreateStack error is a failed stack.
 */
export async function deployStack(
  endpoint: string,
  unit: StackUnit,
): Promise<DeployResult> {
  const body = JSON.stringify(unit.template);
  const bytes = Buffer.byteLength(body);
  const resources = Object.keys(
    (unit.template.Resources as Record<string, unknown>) ?? {},
  ).length;
  const base = {
    account: unit.account,
    region: unit.region,
    stackName: unit.stackName,
    resources,
    bytes,
  };
  if (resources > STACK_MAX_RESOURCES) {
    return {
      ...base,
      status: 'REFUSED',
      reason: `${resources} resources, CloudFormation takes ${STACK_MAX_RESOURCES} per stack`,
    };
  }
  if (bytes > TEMPLATE_URL_MAX_BYTES) {
    return {
      ...base,
      status: 'REFUSED',
      reason: `template is ${bytes} bytes, CloudFormation takes ${TEMPLATE_URL_MAX_BYTES} from S3`,
    };
  }
  const via: DeployResult['via'] =
    bytes > TEMPLATE_BODY_MAX_BYTES ? 'TemplateURL' : 'TemplateBody';
  const source =
    via === 'TemplateBody'
      ? { TemplateBody: body }
      : { TemplateURL: await uploadTemplate(endpoint, unit, body) };
  const cfn = connect(CloudFormationClient, endpoint, unit);
  try {
    await cfn.send(
      new CreateStackCommand({
        StackName: unit.stackName,
        ...source,
        Parameters: stackParameters(unit),
        Capabilities: ['CAPABILITY_NAMED_IAM'],
      }),
    );
    const { Stacks } = await cfn.send(
      new DescribeStacksCommand({ StackName: unit.stackName }),
    );
    const stack = Stacks?.[0];
    return {
      ...base,
      via,
      status: stack?.StackStatus ?? 'MISSING',
      reason: stack?.StackStatusReason,
    };
  } catch (error) {
    return { ...base, via, status: 'CREATE_FAILED', reason: String(error) };
  } finally {
    cfn.destroy();
  }
}

/**
 * Puts a template that is too large for TemplateBody into a bucket of the stack's account, as
 * a deployment pipeline does, and returns its URL. Plain S3 REST calls: the emulator does not
 * check signatures.
 */
async function uploadTemplate(
  endpoint: string,
  unit: StackUnit,
  body: string,
): Promise<string> {
  const bucket = `proof-templates-${unit.account}`;
  const key = `${unit.region}/${unit.stackName}.json`;
  const headers = { 'x-moto-account-id': unit.account };
  await fetch(`${endpoint}/${bucket}`, { method: 'PUT', headers });
  const put = await fetch(`${endpoint}/${bucket}/${key}`, {
    method: 'PUT',
    headers,
    body,
  });
  if (!put.ok) {
    throw new Error(
      `template upload failed: ${put.status} ${await put.text()}`,
    );
  }
  return `https://s3.${unit.region}.amazonaws.com/${bucket}/${key}`;
}

/** Deploys the units one after the other, in the order given. */
export async function deployAll(
  endpoint: string,
  units: StackUnit[],
): Promise<DeployResult[]> {
  const results: DeployResult[] = [];
  for (const unit of units) {
    results.push(await deployStack(endpoint, unit));
  }
  return results;
}

/**
 * Requests an ACM certificate in one account and Region of the emulator and returns its ARN:
 * an HTTPS listener deploys only with a certificate that exists. A plain JSON-protocol call
 * (no ACM client in the repository); moto takes the Region from the credential scope and
 * checks no signature.
 */
export async function requestCertificate(
  endpoint: string,
  target: Target,
): Promise<string> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'CertificateManager.RequestCertificate',
      'x-moto-account-id': target.account,
      authorization: `AWS4-HMAC-SHA256 Credential=proof/20260101/${target.region}/acm/aws4_request, SignedHeaders=host, Signature=proof`,
    },
    body: JSON.stringify({ DomainName: 'shop.example.com' }),
  });
  if (!response.ok) {
    throw new Error(
      `RequestCertificate failed: ${response.status} ${await response.text()}`,
    );
  }
  return ((await response.json()) as { CertificateArn: string }).CertificateArn;
}

/** Empties the emulator (all accounts and Regions), for the next deploy order. */
export async function resetEmulator(endpoint: string): Promise<void> {
  const response = await fetch(`${endpoint}/moto-api/reset`, {
    method: 'POST',
  });
  if (!response.ok) {
    throw new Error(`moto reset failed: ${response.status}`);
  }
}

/** Imports of each unit that no stack of its account and Region exports. */
export async function unresolvedImports(
  endpoint: string,
  units: StackUnit[],
): Promise<string[]> {
  const missing: string[] = [];
  const exportsByTarget = new Map<string, Set<string>>();
  for (const unit of units) {
    const key = `${unit.account}/${unit.region}`;
    if (!exportsByTarget.has(key)) {
      const cfn = connect(CloudFormationClient, endpoint, unit);
      const names = new Set<string>();
      let token: string | undefined;
      do {
        const page = await cfn.send(
          new ListExportsCommand({ NextToken: token }),
        );
        page.Exports?.forEach(e => e.Name && names.add(e.Name));
        token = page.NextToken;
      } while (token);
      cfn.destroy();
      exportsByTarget.set(key, names);
    }
    for (const name of importedNames(unit.template)) {
      if (!exportsByTarget.get(key)!.has(name)) {
        missing.push(`${unit.stackName} (${key}) imports ${name}`);
      }
    }
  }
  return missing;
}

/** A producer's topic and one consumer's queue that the patterns must connect. */
export interface Wire {
  label: string;
  producer: string;
  consumer: string;
  topic: Target & { name: string };
  queue: Target & { names: string[] };
  /** The consumer's DLQ the subscription must redrive to (its account and Region), if any. */
  deadLetterQueue?: string;
}

export interface WireResult {
  label: string;
  /** Messages of this wire that arrived in its queue (1 when wired right). */
  delivered: number;
  /** Messages of other wires that arrived in this wire's queue (0 when wired right). */
  foreign: string[];
  /** The topic ARN the queue policy lets send, when the queue has a policy. */
  queuePolicySources: string[];
  /** The subscription's redrive target (`deadLetterTargetArn`), when it has one. */
  redriveTarget?: string;
  /** The topic ARNs the redrive target's policy lets send, when that queue exists. */
  redrivePolicySources?: string[];
  error?: string;
}

function arn(service: string, target: Target, name: string): string {
  return `arn:aws:${service}:${target.region}:${target.account}:${name}`;
}

async function queueUrl(
  sqs: SQSClient,
  names: string[],
): Promise<string | undefined> {
  for (const name of names) {
    try {
      return (await sqs.send(new GetQueueUrlCommand({ QueueName: name })))
        .QueueUrl;
    } catch {
      // Try the next spelling (standard or FIFO).
    }
  }
  return undefined;
}

function policySources(policy: string | undefined): string[] {
  if (!policy) {
    return [];
  }
  const statements = JSON.parse(policy).Statement as Array<{
    Effect: string;
    Condition?: Record<string, Record<string, string | string[]>>;
  }>;
  return statements
    .filter(s => s.Effect === 'Allow')
    .flatMap(s => Object.values(s.Condition ?? {}))
    .flatMap(c => [c['aws:SourceArn'] ?? []].flat());
}

/**
 * The redrive target of the subscription that delivers `wire`'s topic into its queue, read
 * from SNS in the topic's account and Region, and the sources the target's queue policy admits.
 */
async function readRedrive(
  endpoint: string,
  wire: Wire,
  queueArns: string[],
): Promise<Pick<WireResult, 'redriveTarget' | 'redrivePolicySources'>> {
  const sns = connect(SNSClient, endpoint, wire.topic);
  let target: string | undefined;
  try {
    const { Subscriptions } = await sns.send(
      new ListSubscriptionsByTopicCommand({
        TopicArn: arn('sns', wire.topic, wire.topic.name),
      }),
    );
    const subscription = Subscriptions?.find(
      sub => sub.Endpoint && queueArns.includes(sub.Endpoint),
    );
    if (!subscription?.SubscriptionArn) {
      return {};
    }
    const { Attributes } = await sns.send(
      new GetSubscriptionAttributesCommand({
        SubscriptionArn: subscription.SubscriptionArn,
      }),
    );
    const policy = Attributes?.RedrivePolicy;
    target = policy ? JSON.parse(policy).deadLetterTargetArn : undefined;
  } finally {
    sns.destroy();
  }
  if (!target) {
    return {};
  }
  // arn:aws:sqs:<region>:<account>:<name>
  const [, , , region, account, name] = target.split(':');
  const sqs = connect(SQSClient, endpoint, { account, region });
  try {
    const url = await queueUrl(sqs, [name]);
    if (!url) {
      return { redriveTarget: target };
    }
    const attributes = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['Policy'],
      }),
    );
    return {
      redriveTarget: target,
      redrivePolicySources: policySources(attributes.Attributes?.Policy),
    };
  } finally {
    sqs.destroy();
  }
}

/**
 * Publishes one message with a unique body on every wired topic, then drains every wired
 * queue: each must hold exactly its own topic's message and nothing of another wire's. Reads
 * each subscription's redrive target too.
 */
export async function checkWiring(
  endpoint: string,
  wires: Wire[],
): Promise<WireResult[]> {
  const bodies = new Map<string, string>();
  const publishErrors = new Map<string, string>();
  const topicKey = (w: Wire) => arn('sns', w.topic, w.topic.name);
  for (const wire of wires) {
    const topicArn = topicKey(wire);
    if (bodies.has(topicArn)) {
      continue;
    }
    const body = JSON.stringify({ proof: randomUUID(), topic: topicArn });
    bodies.set(topicArn, body);
    const sns = connect(SNSClient, endpoint, wire.topic);
    const fifo = wire.topic.name.endsWith('.fifo');
    try {
      await sns.send(
        new PublishCommand({
          TopicArn: topicArn,
          Message: body,
          ...(fifo
            ? { MessageGroupId: 'proof', MessageDeduplicationId: randomUUID() }
            : {}),
        }),
      );
    } catch (error) {
      publishErrors.set(topicArn, String(error));
    } finally {
      sns.destroy();
    }
  }

  const results: WireResult[] = [];
  for (const wire of wires) {
    const topicArn = topicKey(wire);
    const result: WireResult = {
      label: wire.label,
      delivered: 0,
      foreign: [],
      queuePolicySources: [],
    };
    results.push(result);
    if (publishErrors.has(topicArn)) {
      result.error = `publish: ${publishErrors.get(topicArn)}`;
      continue;
    }
    const sqs = connect(SQSClient, endpoint, wire.queue);
    try {
      const url = await queueUrl(sqs, wire.queue.names);
      if (!url) {
        result.error = `no queue ${wire.queue.names.join(' or ')} in ${
          wire.queue.account
        }/${wire.queue.region}`;
        continue;
      }
      const attributes = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ['Policy'],
        }),
      );
      result.queuePolicySources = policySources(attributes.Attributes?.Policy);
      Object.assign(
        result,
        await readRedrive(
          endpoint,
          wire,
          wire.queue.names.map(name => arn('sqs', wire.queue, name)),
        ),
      );
      for (;;) {
        const { Messages } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: url,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 0,
          }),
        );
        if (!Messages?.length) {
          break;
        }
        for (const message of Messages) {
          if (message.Body === bodies.get(topicArn)) {
            result.delivered++;
          } else {
            result.foreign.push(message.Body ?? '');
          }
        }
      }
    } finally {
      sqs.destroy();
    }
  }
  return results;
}
