import { Stack } from 'aws-cdk-lib';
import {
  NAME_MAX_LENGTH,
  PLATFORM_NAMES,
  stackName,
  type PbcSpec,
  type ProducerFactsMap,
} from '@pbc-portal/pbc-domain';
import {
  deploymentGuardDocument,
  permissionsBoundaryDocument,
} from '../patterns/platform/iam';
import type { PolicyDocument } from './iamDecision';
import {
  leastPrivilegeMatrix,
  matrixFailures,
  type MatrixRow,
} from './leastPrivilegeMatrix';
import { resolveTemplate, type ResolveContext } from './resolveTemplate';
import { SERVICE_NAMES } from './serviceNames';

/** Where a generated PBC repository keeps its least-privilege matrix (TechDocs). */
export const LEAST_PRIVILEGE_PAGE_PATH = 'docs/least-privilege.md';

/** A PBC stack's template, rendered by the reference patterns. */
export type RenderTemplate = (
  spec: PbcSpec,
  producers: ProducerFactsMap,
) => Record<string, unknown>;

/** A neighbour's name: sharing the PBC's prefix when it fits, the sharpest case for a pattern. */
function neighbourName(own: string, suffix: string): string {
  const name = `${own}-${suffix}`;
  return name.length <= NAME_MAX_LENGTH ? name : suffix;
}

/**
 * Two representative neighbours in the PBC's own account and Region, where only the boundary
 * stands between them: one not PCI-scoped with DynamoDB, one PCI-scoped with Aurora, each
 * publishing and consuming an event, so every kind of resource a PBC can own is there.
 */
export function neighbourSpecs(spec: PbcSpec): PbcSpec[] {
  const plain = neighbourName(spec.name, 'peer');
  const pci = neighbourName(spec.name, 'pci-peer');
  const base = {
    description: 'A neighbour PBC for the least-privilege matrix',
    owner: 'group:default/neighbour-team',
    system: spec.system,
    exposure: 'internal' as const,
    awsAccountId: spec.awsAccountId,
    awsRegion: spec.awsRegion,
    publishes: ['peer-event'],
  };
  return [
    {
      ...base,
      name: plain,
      dataStore: 'dynamodb',
      pciScope: false,
      consumes: [`${pci}.peer-event`],
    },
    {
      ...base,
      name: pci,
      dataStore: 'aurora-postgresql',
      pciScope: true,
      consumes: [`${plain}.peer-event`],
    },
  ];
}

/** What the deploy workflow passes as `ImageUri`: the PBC's own repository, by digest. */
function imageUri(spec: PbcSpec): string {
  return `${spec.awsAccountId}.dkr.ecr.${
    spec.awsRegion
  }.amazonaws.com/${SERVICE_NAMES.repository(spec.name)}@sha256:${'0'.repeat(
    64,
  )}`;
}

function resolvePbc(spec: PbcSpec, template: Record<string, unknown>) {
  const ctx: ResolveContext = {
    account: spec.awsAccountId,
    region: spec.awsRegion,
    stackName: stackName(spec.name),
    parameters: { ImageUri: imageUri(spec) },
  };
  return resolveTemplate(template, ctx);
}

/** A platform policy document with its CDK tokens resolved for one account and Region. */
function resolvePlatformDocument(
  document: unknown,
  spec: PbcSpec,
): PolicyDocument {
  const intrinsic = new Stack().resolve(document);
  const resolved = resolveTemplate(
    {
      Resources: {
        Policy: {
          Type: 'AWS::IAM::ManagedPolicy',
          Properties: { PolicyDocument: intrinsic },
        },
      },
    },
    {
      account: spec.awsAccountId,
      region: spec.awsRegion,
      stackName: PLATFORM_NAMES.stack,
    },
  );
  return (resolved.Resources as any).Policy.Properties.PolicyDocument;
}

/** The matrix of a PBC whose main stack is `template`; neighbours are rendered with `render`. */
export function leastPrivilegeRows(
  spec: PbcSpec,
  template: Record<string, unknown>,
  render: RenderTemplate,
): MatrixRow[] {
  const neighbours = neighbourSpecs(spec);
  const facts = Object.fromEntries(
    neighbours.map(n => [
      n.name,
      {
        awsAccountId: n.awsAccountId,
        awsRegion: n.awsRegion,
        pciScope: n.pciScope,
      },
    ]),
  );
  return leastPrivilegeMatrix({
    pbc: { spec, resolved: resolvePbc(spec, template) },
    neighbours: neighbours.map(n => ({
      spec: n,
      resolved: resolvePbc(n, render(n, facts)),
    })),
    boundary: resolvePlatformDocument(permissionsBoundaryDocument(), spec),
    boundaryArn: `arn:aws:iam::${spec.awsAccountId}:policy/${PLATFORM_NAMES.permissionsBoundaryPolicy}`,
    deploymentGuard: resolvePlatformDocument(deploymentGuardDocument(), spec),
  });
}

function cell(value: string): string {
  return value.replace(/\|/g, '\\|');
}

function code(value: string): string {
  return `\`${cell(value)}\``;
}

const ROLE_LABELS: Record<MatrixRow['role'], string> = {
  task: 'task role',
  execution: 'execution role',
  deployment: 'deployment role',
};

function decisionCell(row: MatrixRow): string {
  const wrong = matrixFailures([row]).length > 0;
  return wrong
    ? `**${row.decision} (expected ${row.expected})**`
    : row.decision;
}

/** The page: every row, grouped so that a reader finds one resource's line quickly. */
export function leastPrivilegeMarkdown(
  spec: PbcSpec,
  rows: MatrixRow[],
  patternsVersion: string,
): string {
  const failures = matrixFailures(rows);
  const neighbours = neighbourSpecs(spec);
  const own = rows.filter(r => r.scenario === 'own');
  const escapes = rows.filter(r => r.scenario === 'retag or lift the boundary');
  const lines = [
    "<!-- Generated by the scaffolder (pbc:infrastructure:render) from this repository's infrastructure/; a re-render replaces it. -->",
    '',
    '# Least privilege',
    '',
    `What the roles of \`${spec.name}\` may do in account ${spec.awsAccountId}, ${spec.awsRegion}, under`,
    `the platform's permissions boundary \`${PLATFORM_NAMES.permissionsBoundaryPolicy}\`: ${rows.length} IAM decisions, made when`,
    `this page was rendered (reference patterns ${patternsVersion}).`,
    '',
    "**Decision source.** The scaffolder's own IAM evaluator decides each request from",
    `\`infrastructure/${stackName(
      spec.name,
    )}.template.yaml\` (the role policies, with CloudFormation's`,
    "references resolved for this account and Region) and the platform pattern's boundary and",
    'deployment guard: a request is allowed when an identity policy allows it and the boundary',
    'allows it too, and denied when either denies it explicitly or one of them does not allow it.',
    'On a KMS key the key policy must also allow the action to the account, which is what lets',
    'IAM policies count for a key. Topic and queue policies and SCPs are not part of these',
    "decisions. The portal's tests compare this evaluator with an independent IAM simulator on",
    'every decision of this kind of matrix.',
    '',
    failures.length
      ? `**${failures.length} decision${
          failures.length === 1 ? ' differs' : 's differ'
        } from the expected one** (in bold below): the patterns this repository was rendered with are wrong; tell the platform team.`
      : 'Every decision is the expected one.',
    '',
    '## Its own resources: allowed',
    '',
    'Every action the generated service code performs (task role) and ECS performs for it (task',
    "execution role) on the PBC's own resources.",
    '',
    '| Role | Action | Resource | Decision | Why |',
    '| --- | --- | --- | --- | --- |',
    ...own.map(
      r =>
        `| ${ROLE_LABELS[r.role]} | ${code(r.action)} | ${code(
          r.resource,
        )} | ${decisionCell(r)} | ${cell(r.why)} |`,
    ),
    '',
    "## Its neighbours' resources: denied",
    '',
    `Two neighbours in the same account and Region, where only the boundary separates PBCs:`,
    ...neighbours.map(
      n =>
        `\`${n.name}\` (${n.pciScope ? 'PCI-scoped' : 'not PCI-scoped'}, ${
          n.dataStore
        })${n === neighbours[0] ? ' and' : '.'}`,
    ),
    `Each role of \`${spec.name}\`, with its policy widened to \`*\` (what a team could write), tries`,
    "the service code's and ECS's actions and a few more on the first and last resource of each",
    'kind.',
    '',
    '| Role | Neighbour resource | Resource | Actions | Decision |',
    '| --- | --- | --- | --- | --- |',
  ];
  const groups = new Map<string, MatrixRow[]>();
  for (const row of rows.filter(r => r.scenario === 'neighbour, policy *')) {
    const key = `${row.role}|${row.resource}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  for (const group of groups.values()) {
    const [first] = group;
    const counts = new Map<string, number>();
    for (const row of group)
      counts.set(decisionCell(row), (counts.get(decisionCell(row)) ?? 0) + 1);
    lines.push(
      `| ${ROLE_LABELS[first.role]} | ${cell(first.target)} | ${code(
        first.resource,
      )} | ${group.map(r => code(r.action)).join(', ')} | ${[...counts]
        .map(([d, n]) => `${d} ×${n}`)
        .join(', ')} |`,
    );
  }
  lines.push(
    '',
    '## Retagging or lifting the boundary: denied',
    '',
    `The boundary trusts the role's \`pbc\` tag. Retagging a role with \`${neighbours[0].name}\` would move`,
    "the boundary onto that neighbour's resources; removing the tag or the boundary, or creating a",
    'role without it, would drop it. Each is',
    "tried by the role itself with its policy widened to `*`, and by the team's deployment role",
    `(policy \`*\` plus the platform's \`${PLATFORM_NAMES.deploymentGuardPolicy}\`).`,
    '',
    '| Who | Action | On | Decision | Why |',
    '| --- | --- | --- | --- | --- |',
    ...escapes.map(
      r =>
        `| ${ROLE_LABELS[r.role]} | ${code(r.action)} | ${code(
          r.resource,
        )} | ${decisionCell(r)} | ${cell(r.why)} |`,
    ),
    '',
  );
  return lines.join('\n');
}

/** The least-privilege page of a PBC's TechDocs. */
export function leastPrivilegePage(
  spec: PbcSpec,
  template: Record<string, unknown>,
  render: RenderTemplate,
  patternsVersion: string,
): string {
  return leastPrivilegeMarkdown(
    spec,
    leastPrivilegeRows(spec, template, render),
    patternsVersion,
  );
}
