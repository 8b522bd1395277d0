import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { Simulation } from '@cloud-copilot/iam-simulate';
import type { PbcSpec } from '@pbc-portal/pbc-domain';
import {
  PLATFORM_NAMES,
  TAG_KEYS,
  executionRoleName,
  parseConsumedEvent,
  queueNames,
  roleName,
  stackName,
  topicArn,
} from '@pbc-portal/pbc-domain';
import { proofImageUri } from './image';
import { ResolveContext, resolveTemplate } from '../../lib/resolveTemplate';
import {
  ACTIONS,
  ATTACK_ACTIONS,
  EXECUTION_ACTIONS,
  SERVICE_CODE_ACTIONS,
  executionTargetsOf,
  requestContext,
  targetsOf,
  type MatrixTarget as Target,
  type TargetKind as Kind,
} from '../../lib/leastPrivilegeMatrix';

/**
 * Least-privilege proof: offline IAM simulation (@cloud-copilot/iam-simulate) of every
 * generated PBC role under its platform's permissions boundary (and SCPs, when the platform
 * has them). A PBC's role must be allowed every action its generated service code performs on
 * its own resources, and denied every action on every other PBC's resources with its policy
 * widened to `*` (so also with the policy the patterns generate, which allows less), and after
 * the team retags its role with another PBC's name (when the retag itself is not denied).
 */

type Doc = { Version?: string; Statement: Record<string, unknown>[] };
type Resource = { Type: string; Properties: Record<string, any> };

export interface ProofPbc {
  spec: PbcSpec;
  template: Record<string, unknown>;
}

export interface ProofPlatform {
  account: string;
  region: string;
  template: Record<string, unknown>;
  /** SCPs the platform's organisation applies to the account, if any. */
  serviceControlPolicies?: Doc[];
}

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied' | 'Error';

export interface MatrixRow {
  pbc: string;
  scenario:
    | 'own'
    | 'other, policy *'
    | 'other, policy * + retag'
    | 'escape'
    | 'deploy'
    | 'delivery'
    | 'limit';
  target: string;
  action: string;
  resource: string;
  expected: 'Allowed' | 'Denied';
  decision: Decision;
  /** Which policy decided: the first blocking policy type, or the allowing ones. */
  why: string;
}

export interface LeastPrivilegeResult {
  rows: MatrixRow[];
  /** Rows whose decision is not the expected one. */
  failures: MatrixRow[];
  /** For each PBC, whether it may retag its role (which would let it pose as another PBC). */
  retagAllowed: Record<string, boolean>;
}

interface Principal {
  pbc: string;
  /**
   * Which of the PBC's roles: the task role the service code runs as, or the execution role;
   * absent for a service principal (SNS delivering).
   */
  role?: 'task' | 'execution';
  account: string;
  region: string;
  roleArn: string;
  tags: Record<string, string>;
  policies: Doc[];
  boundary?: Doc;
  scps: Doc[];
}

function tagsOf(props: Record<string, any>): Record<string, string> {
  const tags = props.Tags;
  if (Array.isArray(tags)) {
    return Object.fromEntries(tags.map((t: any) => [t.Key, t.Value]));
  }
  return tags && typeof tags === 'object' ? { ...tags } : {};
}

function resourcesOf(template: Record<string, unknown>): Record<string, Resource> {
  return (template.Resources ?? {}) as Record<string, Resource>;
}

/**
 * AWS substitutes policy variables from the request context before matching. The simulator
 * (0.1.x) cannot match a variable whose key has a slash (`${aws:PrincipalTag/pbc}`) inside an
 * ARN without a resource-type segment (SNS, SQS), so the proof substitutes the variables it
 * knows first; what is left is matched by the simulator.
 */
function substituteVariables(doc: Doc, context: Record<string, string | string[]>): Doc {
  const text = JSON.stringify(doc).replace(/\$\{([^}]+)\}/g, (whole, key: string) => {
    const value = Object.entries(context).find(
      ([k]) => k.toLowerCase() === key.toLowerCase(),
    )?.[1];
    return typeof value === 'string' ? value : whole;
  });
  return JSON.parse(text);
}

/** The request context, built as the page's evaluator builds it: both sides see the same request. */
function contextFor(principal: Principal, target: Target) {
  return requestContext(principal, target);
}

async function decide(
  principal: Principal,
  action: string,
  resource: string,
  account: string,
  context: Record<string, string | string[]>,
  resourcePolicy?: Doc,
): Promise<{ decision: Decision; why: string }> {
  const simulation: Simulation = {
    request: {
      principal: principal.roleArn,
      action,
      resource: { resource, accountId: account },
      contextVariables: context,
    },
    identityPolicies: principal.policies.map((policy, i) => ({
      name: `identity-${i}`,
      policy: substituteVariables(policy, context),
    })),
    serviceControlPolicies: principal.scps.length
      ? [
          {
            orgIdentifier: principal.account,
            policies: principal.scps.map((policy, i) => ({
              name: `scp-${i}`,
              policy: substituteVariables(policy, context),
            })),
          },
        ]
      : [],
    resourceControlPolicies: [],
    resourcePolicy: resourcePolicy
      ? substituteVariables(resourcePolicy, context)
      : undefined,
    permissionBoundaryPolicies: principal.boundary
      ? [{ name: PLATFORM_NAMES.permissionsBoundaryPolicy, policy: substituteVariables(principal.boundary, context) }]
      : undefined,
  };
  const response = await runSimulation(simulation, {});
  if (response.resultType === 'error') {
    return { decision: 'Error', why: JSON.stringify(response.errors).slice(0, 300) };
  }
  const analysis =
    response.resultType === 'single' ? response.result.analysis : undefined;
  const blocked = (analysis as { blockedBy?: string[] } | undefined)?.blockedBy;
  const decision = response.overallResult as Decision;
  let why = 'no statement allows it';
  if (decision === 'Allowed') why = 'identity policy and boundary allow';
  else if (blocked?.length) why = `blocked by ${blocked.join(', ')}`;
  return { decision, why };
}

/** The role of a resolved PBC template and the policies that apply to it. */
function principalOf(
  pbc: ProofPbc,
  resolved: Record<string, unknown>,
  platform: { boundaryArn?: string; boundary?: Doc; scps: Doc[] },
  kind: Principal['role'] = 'task',
): Principal {
  const resources = Object.values(resourcesOf(resolved));
  const name = kind === 'task' ? roleName(pbc.spec.name) : executionRoleName(pbc.spec.name);
  const role = resources.find(
    r => r.Type === 'AWS::IAM::Role' && r.Properties.RoleName === name,
  );
  if (!role) {
    throw new Error(`${pbc.spec.name}: no role named ${name}`);
  }
  const roleArn = `arn:aws:iam::${pbc.spec.awsAccountId}:role${role.Properties.Path ?? '/'}${name}`;
  // `Roles` holds the role's `Ref`, which is its name.
  const attached = (r: Resource) =>
    ((r.Properties.Roles ?? []) as string[]).includes(name);
  const policies: Doc[] = [
    ...resources
      .filter(r => ['AWS::IAM::ManagedPolicy', 'AWS::IAM::Policy'].includes(r.Type))
      .filter(attached)
      .map(r => r.Properties.PolicyDocument as Doc),
    ...((role.Properties.Policies ?? []) as { PolicyDocument: Doc }[]).map(
      p => p.PolicyDocument,
    ),
  ];
  const boundaryArn = role.Properties.PermissionsBoundary as string | undefined;
  if (boundaryArn !== platform.boundaryArn) {
    throw new Error(
      `${pbc.spec.name}: role boundary ${boundaryArn} is not the platform's ${platform.boundaryArn}`,
    );
  }
  return {
    pbc: pbc.spec.name,
    role: kind,
    account: pbc.spec.awsAccountId,
    region: pbc.spec.awsRegion,
    roleArn,
    tags: tagsOf(role.Properties),
    policies,
    boundary: platform.boundary,
    scps: platform.scps,
  };
}

/** Export values and the boundary of one resolved platform template. */
function platformFacts(platform: ProofPlatform) {
  const resolved = resolveTemplate(platform.template, {
    account: platform.account,
    region: platform.region,
    stackName: PLATFORM_NAMES.stack,
  });
  const exports: Record<string, string> = {};
  for (const output of Object.values((resolved.Outputs ?? {}) as Record<string, any>)) {
    if (output.Export?.Name) {
      exports[output.Export.Name] = String(output.Value);
    }
  }
  const boundary = Object.values(resourcesOf(resolved)).find(
    r =>
      r.Type === 'AWS::IAM::ManagedPolicy' &&
      r.Properties.ManagedPolicyName === PLATFORM_NAMES.permissionsBoundaryPolicy,
  );
  const guard = Object.values(resourcesOf(resolved)).find(
    r =>
      r.Type === 'AWS::IAM::ManagedPolicy' &&
      r.Properties.ManagedPolicyName === PLATFORM_NAMES.deploymentGuardPolicy,
  );
  return {
    exports,
    guard: guard?.Properties.PolicyDocument as Doc | undefined,
    boundary: boundary?.Properties.PolicyDocument as Doc | undefined,
    boundaryArn: boundary
      ? `arn:aws:iam::${platform.account}:policy${boundary.Properties.Path ?? '/'}${PLATFORM_NAMES.permissionsBoundaryPolicy}`
      : undefined,
    scps: platform.serviceControlPolicies ?? [],
  };
}

/**
 * A victim's resources, at most the first and the last of each kind: every kind and both ends
 * of the names are covered (a prefix that matches one name matches its siblings), and the
 * largest PBCs (dozens of queues) do not multiply the decisions.
 */
function sampleTargets(all: Target[]): Target[] {
  const byKind = new Map<string, Target[]>();
  for (const target of all) {
    byKind.set(target.kind, [...(byKind.get(target.kind) ?? []), target]);
  }
  return [...byKind.values()].flatMap(list =>
    list.length <= 2 ? list : [list[0], list[list.length - 1]],
  );
}

/** IAM's limit for a managed policy document, counted without whitespace. */
export const MANAGED_POLICY_MAX_CHARACTERS = 6_144;

function policyCharacters(doc: Doc): number {
  return JSON.stringify(doc).replace(/\s/g, '').length;
}

/**
 * What SNS needs to deliver a producer's message into a consumer's encrypted queue, as the
 * service principal with the producer topic as source: `sqs:SendMessage` under the queue
 * policy, and `kms:GenerateDataKey` and `kms:Decrypt` under the consumer key's policy. Moto
 * delivers regardless of both, so they are simulated here, for every wire.
 */
async function deliveryRows(
  pbcs: ProofPbc[],
  targets: Map<string, Target[]>,
): Promise<MatrixRow[]> {
  const byName = new Map(pbcs.map(p => [p.spec.name, p.spec]));
  const rows: MatrixRow[] = [];
  for (const { spec: consumer } of pbcs) {
    const mine = targets.get(consumer.name) ?? [];
    const key = mine.find(t => t.kind === 'key');
    for (const consumed of consumer.consumes) {
      const { producer, event } = parseConsumedEvent(consumed);
      const source = byName.get(producer);
      if (!source) continue;
      const topic = topicArn(producer, event, source.pciScope, source.awsAccountId, source.awsRegion);
      const names = [false, true].map(f => queueNames(consumer.name, producer, event, f).queue);
      const queue = mine.find(t => t.kind === 'queue' && names.some(n => t.arn.endsWith(`:${n}`)));
      const sns: Principal = {
        pbc: consumer.name,
        account: source.awsAccountId,
        region: source.awsRegion,
        roleArn: 'sns.amazonaws.com',
        tags: {},
        policies: [],
        scps: [],
      };
      const checks: Array<[string, Target | undefined]> = [
        ['sqs:SendMessage', queue],
        ['kms:GenerateDataKey', key],
        ['kms:Decrypt', key],
      ];
      for (const [action, target] of checks) {
        const label = `${producer}.${event} → ${consumer.name}`;
        if (!target) {
          rows.push({ pbc: consumer.name, scenario: 'delivery', target: label, action, resource: names.join(' or '), expected: 'Allowed', decision: 'Error', why: 'no such resource in the consumer stack' });
          continue;
        }
        const { decision, why } = await decide(sns, action, target.arn, target.account, {
          'aws:SecureTransport': 'true',
          'aws:SourceArn': topic,
          'aws:SourceAccount': source.awsAccountId,
        }, target.resourcePolicy as Doc | undefined);
        rows.push({ pbc: consumer.name, scenario: 'delivery', target: label, action, resource: target.arn, expected: 'Allowed', decision, why });
      }
    }
  }
  return rows;
}

const WIDENED: Doc = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'TeamWidened', Effect: 'Allow', Action: '*', Resource: '*' }],
};

interface DeployRequest {
  action: string;
  resource: string;
  context: Record<string, string | string[]>;
}

/**
 * The IAM requests CloudFormation makes, as the team's deployment role, to create the roles and
 * managed policies of a PBC stack: each role created with its tags and boundary, each managed
 * policy created (CloudFormation cannot tag one: `AWS::IAM::ManagedPolicy` has no Tags) and
 * attached, each role passed to ECS.
 */
function deployRequests(resolved: Record<string, unknown>, account: string): DeployRequest[] {
  const arn = (kind: 'role' | 'policy', path: unknown, name: unknown) =>
    `arn:aws:iam::${account}:${kind}${typeof path === 'string' ? path : '/'}${String(name)}`;
  const resources = Object.values(resourcesOf(resolved));
  const roleArns = new Map<string, string>();
  const requests: DeployRequest[] = [];
  for (const role of resources.filter(r => r.Type === 'AWS::IAM::Role')) {
    const { RoleName, Path, Tags, PermissionsBoundary } = role.Properties;
    const roleArn = arn('role', Path, RoleName);
    roleArns.set(String(RoleName), roleArn);
    const tags = (Tags ?? []) as Array<{ Key: string; Value: string }>;
    const context: Record<string, string | string[]> = { 'aws:TagKeys': tags.map(t => t.Key) };
    for (const tag of tags) context[`aws:RequestTag/${tag.Key}`] = String(tag.Value);
    if (typeof PermissionsBoundary === 'string') context['iam:PermissionsBoundary'] = PermissionsBoundary;
    requests.push({ action: 'iam:CreateRole', resource: roleArn, context });
    requests.push({
      action: 'iam:PassRole',
      resource: roleArn,
      context: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
    });
  }
  for (const policy of resources.filter(r => r.Type === 'AWS::IAM::ManagedPolicy')) {
    const { ManagedPolicyName, Path, Roles } = policy.Properties;
    const policyArn = arn('policy', Path, ManagedPolicyName);
    requests.push({ action: 'iam:CreatePolicy', resource: policyArn, context: {} });
    for (const role of (Roles ?? []) as string[]) {
      requests.push({
        action: 'iam:AttachRolePolicy',
        resource: roleArns.get(role) ?? arn('role', undefined, role),
        context: { 'iam:PolicyARN': policyArn },
      });
    }
  }
  return requests;
}

/** Runs the proof for a set of PBCs and the platform stacks of their accounts and Regions. */
export async function proveLeastPrivilege(
  pbcs: ProofPbc[],
  platforms: ProofPlatform[],
): Promise<LeastPrivilegeResult> {
  const facts = new Map(
    platforms.map(p => [`${p.account}/${p.region}`, platformFacts(p)]),
  );
  const principals: Principal[] = [];
  const policySizes = new Map<string, { pbc: string; sizes: number[] }>();
  const unsimulated: MatrixRow[] = [];
  const guards = new Map<string, Doc | undefined>();
  const deploys = new Map<string, DeployRequest[]>();
  const targets = new Map<string, Target[]>();
  for (const pbc of pbcs) {
    const key = `${pbc.spec.awsAccountId}/${pbc.spec.awsRegion}`;
    const regional = facts.get(key);
    if (!regional) {
      throw new Error(`${pbc.spec.name}: no platform in ${key}`);
    }
    // IAM is global: the boundary comes from whichever platform stack of the account has it.
    const global = [...facts.entries()].find(
      ([k, f]) => k.startsWith(`${pbc.spec.awsAccountId}/`) && f.boundary,
    )?.[1];
    const platform = {
      ...regional,
      guard: global?.guard,
      boundary: global?.boundary,
      boundaryArn: global?.boundaryArn,
      scps: [...regional.scps, ...(global && global !== regional ? global.scps : [])],
    };
    const ctx: ResolveContext = {
      account: pbc.spec.awsAccountId,
      region: pbc.spec.awsRegion,
      stackName: stackName(pbc.spec.name),
      imports: platform.exports,
      // What the deploy workflow (and the deployment proof) passes.
      parameters: {
        ImageUri: proofImageUri(pbc.spec.name, pbc.spec.awsAccountId, pbc.spec.awsRegion),
      },
    };
    const resolved = resolveTemplate(pbc.template, ctx);
    const own = [principalOf(pbc, resolved, platform)];
    const roles = Object.values(resourcesOf(resolved)).filter(r => r.Type === 'AWS::IAM::Role');
    if (roles.some(r => r.Properties.RoleName === executionRoleName(pbc.spec.name))) {
      own.push(principalOf(pbc, resolved, platform, 'execution'));
    }
    principals.push(...own);
    const simulated = new Set(own.map(p => p.roleArn.split('/').pop()));
    // Every role of the stack must be one the proof simulates.
    for (const role of roles) {
      if (!simulated.has(role.Properties.RoleName)) {
        unsimulated.push({
          pbc: pbc.spec.name,
          scenario: 'limit',
          target: 'role',
          action: 'simulated',
          resource: String(role.Properties.RoleName),
          expected: 'Allowed',
          decision: 'Error',
          why: 'a role of the PBC stack the least-privilege proof does not simulate yet',
        });
      }
    }
    guards.set(pbc.spec.name, platform.guard);
    deploys.set(pbc.spec.name, deployRequests(resolved, pbc.spec.awsAccountId));
    targets.set(pbc.spec.name, [
      ...targetsOf(pbc.spec, resolved),
      ...executionTargetsOf(pbc.spec, resolved),
    ]);
    for (const principal of own) {
      policySizes.set(principal.roleArn, {
        pbc: pbc.spec.name,
        sizes: principal.policies.map(policyCharacters),
      });
    }
  }

  const rows: MatrixRow[] = [];
  const retagAllowed: Record<string, boolean> = {};
  const check = async (
    principal: Principal,
    scenario: MatrixRow['scenario'],
    target: Target,
    action: string,
    expected: MatrixRow['expected'],
  ) => {
    const { decision, why } = await decide(
      principal,
      action,
      target.arn,
      target.account,
      contextFor(principal, target),
      target.resourcePolicy as Doc | undefined,
    );
    rows.push({
      pbc: principal.pbc,
      scenario,
      target: `${target.owner} ${target.kind}`,
      action,
      resource: target.arn,
      expected,
      decision,
      why,
    });
  };

  for (const principal of principals) {
    // The task role does what the service code does; the execution role what ECS does.
    const ownActions: Partial<Record<Kind, readonly string[]>> =
      principal.role === 'execution' ? EXECUTION_ACTIONS : SERVICE_CODE_ACTIONS;
    for (const target of targets.get(principal.pbc)!) {
      for (const action of ownActions[target.kind] ?? []) {
        await check(principal, 'own', target, action, 'Allowed');
      }
    }
    if (principal.role === 'execution') {
      // The registry token has no resource (IAM service authorization reference).
      await check(
        principal,
        'own',
        { owner: principal.pbc, kind: 'repository', arn: '*', account: principal.account, tags: {} },
        'ecr:GetAuthorizationToken',
        'Allowed',
      );
    }
    const widened = { ...principal, policies: [WIDENED] };
    const ownRole: Target = {
      owner: principal.pbc,
      kind: 'topic',
      arn: principal.roleArn,
      account: principal.account,
      tags: principal.tags,
    };
    // Who could retag the role or lift its boundary: the role itself with its policy widened,
    // and the team's deployment role, which the platform's deployment guard (when the
    // platform has one) constrains, with whatever else the team grants it (`*`).
    const guard = guards.get(principal.pbc);
    const team: Principal[] = [widened];
    if (guard) {
      team.push({
        ...principal,
        roleArn: `arn:aws:iam::${principal.account}:role/pbc/${principal.pbc}/deployment`,
        policies: [WIDENED, guard],
        boundary: undefined,
      });
    }
    const escapes: Array<[string, Record<string, string | string[]>]> = [
      ['iam:TagRole', { [`aws:RequestTag/${TAG_KEYS.pbc}`]: 'someone-else', 'aws:TagKeys': [TAG_KEYS.pbc] }],
      ['iam:UntagRole', { 'aws:TagKeys': [TAG_KEYS.pbc] }],
      ['iam:DeleteRolePermissionsBoundary', {}],
      [
        'iam:PutRolePermissionsBoundary',
        { 'iam:PermissionsBoundary': `arn:aws:iam::${principal.account}:policy/pbc/${principal.pbc}/wider` },
      ],
    ];
    let retag = false;
    for (const actor of team) {
      for (const [action, extra] of escapes) {
        const { decision, why } = await decide(actor, action, ownRole.arn, principal.account, {
          ...contextFor(actor, ownRole),
          ...extra,
        });
        if (action === 'iam:TagRole' && decision === 'Allowed') retag = true;
        rows.push({
          pbc: principal.pbc,
          scenario: 'escape',
          target: `${actor === widened ? `${principal.role === 'execution' ? 'execution' : 'own'} role, policy *` : 'deployment role, policy * + guard'}`,
          action,
          resource: ownRole.arn,
          expected: 'Denied',
          decision,
          why,
        });
      }
    }
    retagAllowed[principal.pbc] = (retagAllowed[principal.pbc] ?? false) || retag;
    // The guard must still let the team deploy its own stack (once per PBC, by the task role's turn).
    const deployer = team[1];
    if (deployer && principal.role !== 'execution') {
      for (const request of deploys.get(principal.pbc) ?? []) {
        const { decision, why } = await decide(deployer, request.action, request.resource, principal.account, {
          // A role or policy being created has no tags of its own yet.
          ...contextFor(deployer, {
            ...ownRole,
            arn: request.resource,
            tags: request.action.startsWith('iam:Create') ? {} : ownRole.tags,
          }),
          ...request.context,
        });
        rows.push({
          pbc: principal.pbc,
          scenario: 'deploy',
          target: 'deployment role, policy * + guard',
          action: request.action,
          resource: request.resource,
          expected: 'Allowed',
          decision,
          why,
        });
      }
    }
    for (const [victim, allVictimTargets] of targets) {
      if (victim === principal.pbc) continue;
      const victimTargets = sampleTargets(allVictimTargets);
      const retagged = {
        ...widened,
        tags: { ...principal.tags, [TAG_KEYS.pbc]: victim },
      };
      for (const target of victimTargets) {
        const actions = [...ACTIONS[target.kind], ...ATTACK_ACTIONS[target.kind]];
        for (const action of actions) {
          // Not simulated with the generated policy as well: a request that policy allowed,
          // `*` would allow too (it only adds allows), so denied with `*` is denied with it.
          await check(widened, 'other, policy *', target, action, 'Denied');
          if (retagAllowed[principal.pbc]) {
            await check(retagged, 'other, policy * + retag', target, action, 'Denied');
          }
        }
      }
    }
  }
  rows.push(...unsimulated, ...(await deliveryRows(pbcs, targets)));
  for (const [roleArn, { pbc, sizes }] of policySizes) {
    sizes.forEach((size, i) =>
      rows.push({
        pbc,
        scenario: 'limit',
        target: `identity policy ${i + 1}`,
        action: `${size} characters`,
        resource: roleArn.split('/').pop()!,
        expected: 'Allowed',
        // Allowed: IAM accepts the policy; Error: CreatePolicy would fail.
        decision: size <= MANAGED_POLICY_MAX_CHARACTERS ? 'Allowed' : 'Error',
        why: `IAM takes ${MANAGED_POLICY_MAX_CHARACTERS} characters per managed policy`,
      }),
    );
  }
  const failures = rows.filter(row =>
    row.expected === 'Allowed'
      ? row.decision !== 'Allowed'
      : row.decision !== 'ExplicitlyDenied' && row.decision !== 'ImplicitlyDenied',
  );
  return { rows, failures, retagAllowed };
}

function escapeCell(value: string): string {
  return value.replace(/\|/g, '\\|');
}

/**
 * The matrix of one PBC as Markdown, for its TechDocs: every own action with its decision, and
 * one line per other PBC and scenario with how many requests were denied.
 */
export function leastPrivilegeMarkdown(result: LeastPrivilegeResult, pbc: string): string {
  const mine = result.rows.filter(r => r.pbc === pbc);
  const lines = [
    `| Action | Resource | Expected | Decision |`,
    `| --- | --- | --- | --- |`,
    ...mine
      .filter(r => r.scenario === 'own')
      .map(r => `| \`${r.action}\` | \`${escapeCell(r.resource)}\` | ${r.expected} | ${r.decision} |`),
  ];
  lines.push(
    '',
    `| Who | Tries | Expected | Decision |`,
    `| --- | --- | --- | --- |`,
    ...mine
      .filter(r => r.scenario === 'escape')
      .map(r => `| ${r.target} | \`${r.action}\` on its role | ${r.expected} | ${r.decision} |`),
  );
  const deploys = mine.filter(r => r.scenario === 'deploy');
  if (deploys.length) {
    lines.push(
      '',
      `| The deployment role (policy * + guard) deploys | Resource | Expected | Decision |`,
      `| --- | --- | --- | --- |`,
      ...deploys.map(r => `| \`${r.action}\` | \`${escapeCell(r.resource)}\` | ${r.expected} | ${r.decision} |`),
    );
  }
  const deliveries = mine.filter(r => r.scenario === 'delivery');
  if (deliveries.length) {
    lines.push(
      '',
      `| SNS delivers | Needs | Expected | Decision |`,
      `| --- | --- | --- | --- |`,
      ...deliveries.map(r => `| ${escapeCell(r.target)} | \`${r.action}\` | ${r.expected} | ${r.decision} |`),
    );
  }
  const groups = new Map<string, MatrixRow[]>();
  for (const row of mine.filter(r => ['other, policy *', 'other, policy * + retag'].includes(r.scenario))) {
    const key = `${row.target.split(' ')[0]}|${row.scenario}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  lines.push('', `| Other PBC | Scenario | Requests | Denied |`, `| --- | --- | --- | --- |`);
  for (const [key, group] of groups) {
    const [other, scenario] = key.split('|');
    const denied = group.filter(r => r.decision.endsWith('Denied')).length;
    lines.push(`| ${other} | ${scenario} | ${group.length} | ${denied} |`);
  }
  lines.push(
    '',
    result.retagAllowed[pbc]
      ? `Retagging its role is **allowed**; the rows "policy * + retag" show what that reaches.`
      : `Retagging its role (\`iam:TagRole\` on the \`${TAG_KEYS.pbc}\` tag) is denied, even with its policy widened to \`*\`.`,
  );
  return `${lines.join('\n')}\n`;
}
