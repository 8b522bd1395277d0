import type { PbcSpec } from '@pbc-portal/pbc-domain';
import {
  TAG_KEYS,
  databaseUserName,
  executionRoleName,
  roleName,
  stackName,
} from '@pbc-portal/pbc-domain';
import {
  decideIam,
  type ContextValue,
  type IamDecisionResult,
  type IamRequest,
  type PolicyDocument,
} from './iamDecision';

/**
 * The least-privilege matrix of one PBC: what its task role and task execution role may do on
 * its own resources (every action of the generated service code and of ECS must be allowed) and
 * on its neighbours' resources (everything must be denied, also with the role's policy widened
 * to `*`), and whether the team can escape its boundary by retagging its role. Decided by
 * {@link decideIam} on resolved templates; each row keeps its request, so the peer proof can
 * ask an independent simulator the same question.
 */

type Resource = { Type: string; Properties: Record<string, any> };

/** What the generated service code calls, per resource kind of its own stack. */
export const SERVICE_CODE_ACTIONS = {
  // The publisher (one per published event).
  topic: ['sns:Publish'],
  // The queue worker (one per consumed event): long polling, delete after success,
  // visibility changes for retries, queue URL and attributes at start-up.
  queue: [
    'sqs:ReceiveMessage',
    'sqs:DeleteMessage',
    'sqs:ChangeMessageVisibility',
    'sqs:GetQueueAttributes',
    'sqs:GetQueueUrl',
  ],
  // The data layer and the idempotency (dedup) store.
  table: [
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:Query',
    'dynamodb:ConditionCheckItem',
    'dynamodb:DescribeTable',
    'dynamodb:BatchGetItem',
    'dynamodb:BatchWriteItem',
  ],
  // Dead-letter queues are read by people (redrive), not by the service code.
  deadLetterQueue: [],
  // SSE with the PBC's key: publishing to its topics and receiving from its queues.
  key: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:Encrypt', 'kms:DescribeKey'],
  // IAM database authentication as the PBC's database user.
  database: ['rds-db:connect'],
} as const;

/**
 * What ECS does as a PBC's task execution role (not the service code): pull the task
 * definition's image and write the container's log stream.
 */
export const EXECUTION_ACTIONS = {
  repository: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
  logStream: ['logs:CreateLogStream', 'logs:PutLogEvents'],
} as const;

export const ACTIONS = { ...SERVICE_CODE_ACTIONS, ...EXECUTION_ACTIONS };
export type TargetKind = keyof typeof ACTIONS;

/** What another PBC's role tries on a neighbour's resources, beyond the actions above. */
export const ATTACK_ACTIONS: Record<TargetKind, string[]> = {
  topic: ['sns:Subscribe', 'sns:SetTopicAttributes'],
  queue: ['sqs:SendMessage', 'sqs:PurgeQueue', 'sqs:SetQueueAttributes'],
  deadLetterQueue: [
    'sqs:ReceiveMessage',
    'sqs:DeleteMessage',
    'sqs:SendMessage',
    'sqs:PurgeQueue',
  ],
  table: ['dynamodb:Scan', 'dynamodb:DeleteTable'],
  key: ['kms:CreateGrant', 'kms:ReEncryptFrom'],
  database: [],
  repository: ['ecr:PutImage', 'ecr:BatchDeleteImage'],
  logStream: [],
};

/** One resource of a PBC and the policy that guards it. */
export interface MatrixTarget {
  owner: string;
  kind: TargetKind;
  arn: string;
  account: string;
  tags: Record<string, string>;
  resourcePolicy?: PolicyDocument;
}

function tagsOf(props: Record<string, any>): Record<string, string> {
  const tags = props.Tags;
  if (Array.isArray(tags)) {
    return Object.fromEntries(tags.map((t: any) => [t.Key, t.Value]));
  }
  return tags && typeof tags === 'object' ? { ...tags } : {};
}

function resourcesOf(
  template: Record<string, unknown>,
): Record<string, Resource> {
  return (template.Resources ?? {}) as Record<string, Resource>;
}

/** Every data and messaging resource of a resolved PBC template. */
export function targetsOf(
  spec: PbcSpec,
  resolved: Record<string, unknown>,
): MatrixTarget[] {
  const resources = Object.values(resourcesOf(resolved));
  const byType = (type: string) => resources.filter(r => r.Type === type);
  const base = { owner: spec.name, account: spec.awsAccountId };
  const targets: MatrixTarget[] = [];
  const arnOf = (service: string, resource: string) =>
    `arn:aws:${service}:${spec.awsRegion}:${spec.awsAccountId}:${resource}`;
  for (const topic of byType('AWS::SNS::Topic')) {
    const arn = arnOf('sns', topic.Properties.TopicName);
    const policy = byType('AWS::SNS::TopicPolicy').find(p =>
      (p.Properties.Topics as string[]).includes(arn),
    );
    targets.push({
      ...base,
      kind: 'topic',
      arn,
      tags: tagsOf(topic.Properties),
      resourcePolicy: policy?.Properties.PolicyDocument,
    });
  }
  for (const queue of byType('AWS::SQS::Queue')) {
    const name = queue.Properties.QueueName as string;
    const url = `https://sqs.${spec.awsRegion}.amazonaws.com/${spec.awsAccountId}/${name}`;
    const policy = byType('AWS::SQS::QueuePolicy').find(p =>
      (p.Properties.Queues as string[]).includes(url),
    );
    targets.push({
      ...base,
      // The patterns name dead-letter queues `<queue>_dlq[.fifo]`.
      kind: /[-_]dlq(\.fifo)?$/.test(name) ? 'deadLetterQueue' : 'queue',
      arn: arnOf('sqs', name),
      tags: tagsOf(queue.Properties),
      resourcePolicy: policy?.Properties.PolicyDocument,
    });
  }
  for (const table of byType('AWS::DynamoDB::Table')) {
    targets.push({
      ...base,
      kind: 'table',
      arn: arnOf('dynamodb', `table/${table.Properties.TableName}`),
      tags: tagsOf(table.Properties),
      resourcePolicy: table.Properties.ResourcePolicy?.PolicyDocument,
    });
  }
  for (const [id, resource] of Object.entries(resourcesOf(resolved))) {
    // Key and cluster ids are AWS's; the resolver's stand-ins are stack and logical id.
    const standIn = `${stackName(spec.name)}-${id}`.toLowerCase();
    if (resource.Type === 'AWS::KMS::Key') {
      targets.push({
        ...base,
        kind: 'key',
        arn: arnOf('kms', `key/${standIn}`),
        tags: tagsOf(resource.Properties),
        resourcePolicy: resource.Properties.KeyPolicy,
      });
    }
    if (resource.Type === 'AWS::RDS::DBCluster') {
      targets.push({
        ...base,
        kind: 'database',
        arn: arnOf(
          'rds-db',
          `dbuser:cluster-${standIn}/${databaseUserName(spec.name)}`,
        ),
        tags: {},
      });
    }
  }
  return targets;
}

/**
 * What a PBC's task definitions make ECS do as the execution role: the repository of each
 * container image (ECR) and each container's log stream (awslogs driver).
 */
export function executionTargetsOf(
  spec: PbcSpec,
  resolved: Record<string, unknown>,
): MatrixTarget[] {
  const base = { owner: spec.name, account: spec.awsAccountId, tags: {} };
  const targets: MatrixTarget[] = [];
  for (const task of Object.values(resourcesOf(resolved)).filter(
    r => r.Type === 'AWS::ECS::TaskDefinition',
  )) {
    for (const container of (task.Properties.ContainerDefinitions ??
      []) as any[]) {
      const image =
        /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([^@:]+)/.exec(
          String(container.Image),
        );
      if (!image) {
        throw new Error(
          `${spec.name}: image ${container.Image} is not an ECR image`,
        );
      }
      targets.push({
        ...base,
        kind: 'repository',
        account: image[1],
        arn: `arn:aws:ecr:${image[2]}:${image[1]}:repository/${image[3]}`,
      });
      const options = container.LogConfiguration?.Options ?? {};
      if (container.LogConfiguration?.LogDriver === 'awslogs') {
        targets.push({
          ...base,
          kind: 'logStream',
          arn: `arn:aws:logs:${options['awslogs-region']}:${spec.awsAccountId}:log-group:${options['awslogs-group']}:log-stream:${options['awslogs-stream-prefix']}/${container.Name}/task-id`,
        });
      }
    }
  }
  return targets;
}

/** A role of the PBC stack and the identity policies attached to it. */
export interface MatrixPrincipal {
  pbc: string;
  role: 'task' | 'execution';
  account: string;
  region: string;
  roleArn: string;
  tags: Record<string, string>;
  policies: PolicyDocument[];
  boundaryArn?: string;
}

/** The task role (`role: 'task'`) or the execution role of a resolved PBC template. */
export function principalOf(
  spec: PbcSpec,
  resolved: Record<string, unknown>,
  role: MatrixPrincipal['role'],
): MatrixPrincipal | undefined {
  const resources = Object.values(resourcesOf(resolved));
  const name =
    role === 'task' ? roleName(spec.name) : executionRoleName(spec.name);
  const found = resources.find(
    r => r.Type === 'AWS::IAM::Role' && r.Properties.RoleName === name,
  );
  if (!found) return undefined;
  // `Roles` holds the role's `Ref`, which is its name.
  const attached = (r: Resource) =>
    ((r.Properties.Roles ?? []) as string[]).includes(name);
  return {
    pbc: spec.name,
    role,
    account: spec.awsAccountId,
    region: spec.awsRegion,
    roleArn: `arn:aws:iam::${spec.awsAccountId}:role${
      found.Properties.Path ?? '/'
    }${name}`,
    tags: tagsOf(found.Properties),
    policies: [
      ...resources
        .filter(r =>
          ['AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy'].includes(r.Type),
        )
        .filter(attached)
        .map(r => r.Properties.PolicyDocument as PolicyDocument),
      ...(
        (found.Properties.Policies ?? []) as {
          PolicyDocument: PolicyDocument;
        }[]
      ).map(p => p.PolicyDocument),
    ],
    boundaryArn: found.Properties.PermissionsBoundary,
  };
}

/** The request context AWS builds for a role acting on a resource (HTTPS, tags, accounts). */
export function requestContext(
  principal: Pick<MatrixPrincipal, 'account' | 'region' | 'roleArn' | 'tags'>,
  target: Pick<MatrixTarget, 'arn' | 'account' | 'tags'>,
): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {
    'aws:SecureTransport': 'true',
    'aws:PrincipalAccount': principal.account,
    'aws:PrincipalArn': principal.roleArn,
    'aws:RequestedRegion': target.arn.split(':')[3] || principal.region,
    'aws:ResourceAccount': target.account,
  };
  for (const [key, value] of Object.entries(principal.tags)) {
    context[`aws:PrincipalTag/${key}`] = value;
  }
  for (const [key, value] of Object.entries(target.tags)) {
    context[`aws:ResourceTag/${key}`] = value;
  }
  return context;
}

/** The team's own policy, widened as far as it goes. */
export const WIDENED: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'TeamWidened', Effect: 'Allow', Action: '*', Resource: '*' },
  ],
};

export interface MatrixRow {
  role: MatrixPrincipal['role'] | 'deployment';
  scenario: 'own' | 'neighbour, policy *' | 'retag or lift the boundary';
  /** `<owner> <kind>`. */
  target: string;
  action: string;
  resource: string;
  expected: 'Allowed' | 'Denied';
  decision: IamDecisionResult;
  why: string;
  /** The question asked, for the peer proof. */
  request: IamRequest;
}

export interface MatrixInput {
  pbc: { spec: PbcSpec; resolved: Record<string, unknown> };
  /** Other PBCs of the same account and Region, resolved. */
  neighbours: Array<{ spec: PbcSpec; resolved: Record<string, unknown> }>;
  /** The platform's `pbc-boundary`, resolved for the account. */
  boundary: PolicyDocument;
  boundaryArn: string;
  /** The platform's deployment guard, resolved for the account. */
  deploymentGuard: PolicyDocument;
}

/**
 * A neighbour's resources, at most the first and the last of each kind: every kind and both
 * ends of the names, without multiplying the rows of a PBC with dozens of queues.
 */
function sample(all: MatrixTarget[]): MatrixTarget[] {
  const byKind = new Map<string, MatrixTarget[]>();
  for (const target of all) {
    byKind.set(target.kind, [...(byKind.get(target.kind) ?? []), target]);
  }
  return [...byKind.values()].flatMap(l =>
    l.length <= 2 ? l : [l[0], l[l.length - 1]],
  );
}

/** A key's policy goes with every request on the key: KMS asks it before IAM. */
function keyPolicyOf(target: MatrixTarget): Pick<IamRequest, 'keyPolicy'> {
  if (target.kind !== 'key') return {};
  if (!target.resourcePolicy) {
    throw new Error(`${target.owner}: key ${target.arn} has no key policy`);
  }
  return { keyPolicy: target.resourcePolicy };
}

/** The matrix of one PBC (see the module comment). */
export function leastPrivilegeMatrix(input: MatrixInput): MatrixRow[] {
  const { spec, resolved } = input.pbc;
  const principals = (['task', 'execution'] as const)
    .map(role => principalOf(spec, resolved, role))
    .filter((p): p is MatrixPrincipal => p !== undefined);
  if (!principals.some(p => p.role === 'task')) {
    throw new Error(`${spec.name}: no role named ${roleName(spec.name)}`);
  }
  const roles = Object.values(resourcesOf(resolved)).filter(
    r => r.Type === 'AWS::IAM::Role',
  );
  for (const role of roles) {
    const principal = principals.find(p =>
      p.roleArn.endsWith(`/${role.Properties.RoleName}`),
    );
    if (!principal) {
      throw new Error(
        `${spec.name}: the matrix does not cover the role ${role.Properties.RoleName}`,
      );
    }
    if (principal.boundaryArn !== input.boundaryArn) {
      throw new Error(
        `${spec.name}: role ${role.Properties.RoleName} has the boundary ${principal.boundaryArn}, not ${input.boundaryArn}`,
      );
    }
  }
  const own = [
    ...targetsOf(spec, resolved),
    ...executionTargetsOf(spec, resolved),
  ];
  const rows: MatrixRow[] = [];
  const ask = (
    row: Omit<MatrixRow, 'decision' | 'why' | 'request'>,
    request: IamRequest,
  ) => rows.push({ ...row, ...decideIam(request), request });

  for (const principal of principals) {
    const mine: Partial<Record<TargetKind, readonly string[]>> =
      principal.role === 'execution' ? EXECUTION_ACTIONS : SERVICE_CODE_ACTIONS;
    for (const target of own) {
      for (const action of mine[target.kind] ?? []) {
        ask(
          {
            role: principal.role,
            scenario: 'own',
            target: `${target.owner} ${target.kind}`,
            action,
            resource: target.arn,
            expected: 'Allowed',
          },
          {
            action,
            resource: target.arn,
            context: requestContext(principal, target),
            identityPolicies: principal.policies,
            permissionsBoundary: input.boundary,
            ...keyPolicyOf(target),
          },
        );
      }
    }
    if (principal.role === 'execution') {
      // The registry token has no resource (IAM service authorization reference).
      const registry = { arn: '*', account: principal.account, tags: {} };
      ask(
        {
          role: 'execution',
          scenario: 'own',
          target: `${spec.name} registry`,
          action: 'ecr:GetAuthorizationToken',
          resource: '*',
          expected: 'Allowed',
        },
        {
          action: 'ecr:GetAuthorizationToken',
          resource: '*',
          context: requestContext(principal, registry),
          identityPolicies: principal.policies,
          permissionsBoundary: input.boundary,
        },
      );
    }
    for (const neighbour of input.neighbours) {
      const theirs = sample([
        ...targetsOf(neighbour.spec, neighbour.resolved),
        ...executionTargetsOf(neighbour.spec, neighbour.resolved),
      ]);
      for (const target of theirs) {
        for (const action of [
          ...ACTIONS[target.kind],
          ...ATTACK_ACTIONS[target.kind],
        ]) {
          // Only with `*`: what the generated policy allows, `*` allows too.
          ask(
            {
              role: principal.role,
              scenario: 'neighbour, policy *',
              target: `${target.owner} ${target.kind}`,
              action,
              resource: target.arn,
              expected: 'Denied',
            },
            {
              action,
              resource: target.arn,
              context: requestContext(principal, target),
              identityPolicies: [WIDENED],
              permissionsBoundary: input.boundary,
              ...keyPolicyOf(target),
            },
          );
        }
      }
    }
    // Retagging the role with a neighbour's name would move the boundary's `${aws:PrincipalTag/pbc}`
    // onto the neighbour's resources; lifting the boundary would drop it. Tried by the role
    // itself (policy `*`) and by the team's deployment role (policy `*` plus the guard).
    const deployment = {
      ...principal,
      roleArn: `arn:aws:iam::${principal.account}:role/pbc/${spec.name}/deployment`,
    };
    const self = {
      arn: principal.roleArn,
      account: principal.account,
      tags: principal.tags,
    };
    const someoneElse = input.neighbours[0]?.spec.name ?? 'someone-else';
    const unbounded = `arn:aws:iam::${principal.account}:role/pbc/${spec.name}/unbounded`;
    const escapes: Array<[string, Record<string, ContextValue>, string]> = [
      [
        'iam:TagRole',
        {
          [`aws:RequestTag/${TAG_KEYS.pbc}`]: someoneElse,
          'aws:TagKeys': [TAG_KEYS.pbc],
        },
        principal.roleArn,
      ],
      ['iam:UntagRole', { 'aws:TagKeys': [TAG_KEYS.pbc] }, principal.roleArn],
      ['iam:DeleteRolePermissionsBoundary', {}, principal.roleArn],
      [
        'iam:PutRolePermissionsBoundary',
        {
          'iam:PermissionsBoundary': `arn:aws:iam::${principal.account}:policy/pbc/${spec.name}/wider`,
        },
        principal.roleArn,
      ],
    ];
    if (principal.role === 'task') {
      // A new role of its own, tagged correctly but without the boundary.
      escapes.push([
        'iam:CreateRole',
        {
          [`aws:RequestTag/${TAG_KEYS.pbc}`]: spec.name,
          'aws:TagKeys': [TAG_KEYS.pbc],
        },
        unbounded,
      ]);
    }
    for (const [action, extra, resource] of escapes) {
      const on =
        resource === unbounded
          ? { arn: resource, account: principal.account, tags: {} }
          : self;
      const row = {
        scenario: 'retag or lift the boundary' as const,
        target:
          resource === unbounded
            ? `${spec.name} new role`
            : `${spec.name} ${principal.role} role`,
        action,
        resource,
        expected: 'Denied' as const,
      };
      ask(
        { ...row, role: principal.role },
        {
          action,
          resource,
          context: { ...requestContext(principal, on), ...extra },
          identityPolicies: [WIDENED],
          permissionsBoundary: input.boundary,
        },
      );
      ask(
        { ...row, role: 'deployment' },
        {
          action,
          resource,
          context: { ...requestContext(deployment, on), ...extra },
          identityPolicies: [WIDENED, input.deploymentGuard],
        },
      );
    }
  }
  return rows;
}

/** Rows whose decision is not the expected one. */
export function matrixFailures(rows: MatrixRow[]): MatrixRow[] {
  return rows.filter(r =>
    r.expected === 'Allowed'
      ? r.decision !== 'Allowed'
      : r.decision === 'Allowed',
  );
}
