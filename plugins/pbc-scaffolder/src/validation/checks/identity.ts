import {
  PolicyStatement,
  asArray,
  flatten,
  isAnyPrincipal,
  props,
  statementsOf,
} from '../template';
import type { CheckContext } from './context';
import { PLATFORM_NAMES, iamPath, roleName } from '@pbc-portal/pbc-domain';

export function checkIdentity(ctx: CheckContext) {
  const { spec } = ctx;
  const roles = ctx.of('AWS::IAM::Role');
  if (roles.length !== 1) {
    ctx.add(
      'PBC-IAM-01',
      `expected exactly one IAM role, found ${roles.length}`,
    );
  }
  for (const [id, role] of roles) {
    const p = props(role);
    if (roles.length === 1 && p.RoleName !== roleName(spec.name)) {
      ctx.add(
        'PBC-IAM-01',
        `the role must be named ${roleName(spec.name)}`,
        id,
      );
    }
    const trusted = statementsOf(p.AssumeRolePolicyDocument).flatMap(s =>
      asArray((s.Principal as { Service?: string | string[] })?.Service),
    );
    if (
      trusted.some(service => service !== 'ecs-tasks.amazonaws.com') ||
      trusted.length === 0
    ) {
      ctx.add('PBC-IAM-01', 'the role must be assumable by ECS tasks only', id);
    }
    const boundary = flatten(p.PermissionsBoundary);
    if (
      !p.PermissionsBoundary ||
      !boundary.endsWith(`:policy/${PLATFORM_NAMES.permissionsBoundaryPolicy}`)
    ) {
      ctx.add(
        'PBC-IAM-04',
        `the role has no ${PLATFORM_NAMES.permissionsBoundaryPolicy} permissions boundary`,
        id,
      );
    }
    if (p.Path !== iamPath(spec.name)) {
      ctx.add(
        'PBC-IAM-04',
        `the role must be under the ${iamPath(spec.name)} path`,
        id,
      );
    }
    for (const arn of asArray(p.ManagedPolicyArns)) {
      if (flatten(arn).includes(':iam::aws:policy/')) {
        ctx.add(
          'PBC-IAM-03',
          `AWS managed policy attached: ${flatten(arn)}`,
          id,
        );
      }
    }
    if (asArray(p.Policies).length > 0) {
      ctx.add(
        'PBC-IAM-03',
        'inline policies: use the PBC customer-managed policy',
        id,
      );
    }
    for (const policy of asArray<{ PolicyDocument?: unknown }>(p.Policies)) {
      identityStatements(ctx, id, statementsOf(policy.PolicyDocument));
    }
  }
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const [id, policy] of ctx.of(type)) {
      identityStatements(ctx, id, statementsOf(props(policy).PolicyDocument));
    }
  }
  for (const type of ['AWS::IAM::User', 'AWS::IAM::AccessKey']) {
    for (const [id] of ctx.of(type)) {
      ctx.add(
        'PBC-IAM-05',
        `${type} in a PBC stack: workloads use their role`,
        id,
      );
    }
  }
  secrets(ctx);
  resourcePolicies(ctx);
}

function identityStatements(
  ctx: CheckContext,
  id: string,
  statements: PolicyStatement[],
) {
  for (const statement of statements) {
    if (statement.Effect !== 'Allow') {
      continue;
    }
    if (statement.NotAction !== undefined) {
      ctx.add('PBC-IAM-01', 'Allow with NotAction grants everything else', id);
    }
    for (const action of asArray(statement.Action).map(flatten)) {
      if (action === '*') {
        ctx.add('PBC-IAM-02', 'Allow of action * (administrator access)', id);
      }
      if (action.includes('*')) {
        ctx.add('PBC-IAM-01', `wildcard action ${action}`, id);
      }
    }
    for (const resource of asArray(statement.Resource).map(flatten)) {
      if (resource.includes('*')) {
        ctx.add('PBC-IAM-01', `wildcard resource ${resource}`, id);
      }
    }
  }
}

function secrets(ctx: CheckContext) {
  const isDynamicReference = (value: unknown) =>
    typeof value !== 'string' || value.startsWith('{{resolve:');
  for (const type of ['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance']) {
    for (const [id, resource] of ctx.of(type)) {
      const p = props(resource);
      if (
        p.MasterUserPassword !== undefined &&
        !isDynamicReference(p.MasterUserPassword)
      ) {
        ctx.add(
          'PBC-IAM-06',
          'database password written into the template',
          id,
        );
      }
    }
  }
  for (const [id, secret] of ctx.of('AWS::SecretsManager::Secret')) {
    if (typeof props(secret).SecretString === 'string') {
      ctx.add('PBC-IAM-06', 'secret value written into the template', id);
    }
  }
}

function resourcePolicies(ctx: CheckContext) {
  const documents: [string, unknown][] = [
    ...ctx
      .of('AWS::SQS::QueuePolicy')
      .map(([id, r]): [string, unknown] => [id, props(r).PolicyDocument]),
    ...ctx
      .of('AWS::SNS::TopicPolicy')
      .map(([id, r]): [string, unknown] => [id, props(r).PolicyDocument]),
    ...ctx
      .of('AWS::KMS::Key')
      .map(([id, r]): [string, unknown] => [id, props(r).KeyPolicy]),
  ];
  for (const [id, document] of documents) {
    for (const statement of statementsOf(document)) {
      if (
        statement.Effect === 'Allow' &&
        isAnyPrincipal(statement.Principal) &&
        (!statement.Condition || Object.keys(statement.Condition).length === 0)
      ) {
        ctx.add(
          'PBC-IAM-13',
          'resource policy allows any principal without a condition',
          id,
        );
      }
    }
  }
}
