import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { Simulation } from '@cloud-copilot/iam-simulate';
import { SPECS } from '../__testUtils__/specs';
import { decideIam, type IamRequest } from '../lib/iamDecision';
import { leastPrivilegeRows } from '../lib/leastPrivilegePage';
import { matrixFailures, type MatrixRow } from '../lib/leastPrivilegeMatrix';
import { renderInfrastructure } from '../patterns';
import { producerFacts } from './__testUtils__/pbcs';
import { proofSpecs } from './__testUtils__/scenario';

/**
 * Peer proof of the scaffolder's IAM evaluator (src/lib/iamDecision.ts), which decides the
 * least-privilege matrix a generated PBC's TechDocs carry: every row of the matrices of every
 * spec fixture and of every PBC of the proofs' scenario is decided again by @cloud-copilot/iam-simulate (AGPL, a development dependency
 * only), and the two must agree on Allowed / ExplicitlyDenied / ImplicitlyDenied.
 */

jest.setTimeout(300_000);

/**
 * The simulator (0.1.x) cannot match a variable whose key has a slash (`${aws:PrincipalTag/pbc}`)
 * inside an ARN without a resource-type segment (SNS, SQS), so it gets the documents with the
 * variables substituted, as the least-privilege proof does; our evaluator gets them as written.
 */
function substituted<T>(doc: T, context: IamRequest['context']): T {
  const text = JSON.stringify(doc).replace(
    /\$\{([^}]+)\}/g,
    (whole, key: string) => {
      const value = Object.entries(context).find(
        ([k]) => k.toLowerCase() === key.toLowerCase(),
      )?.[1];
      return typeof value === 'string' ? value : whole;
    },
  );
  return JSON.parse(text);
}

async function simulate(request: IamRequest): Promise<string> {
  const account =
    request.resource === '*'
      ? String(request.context['aws:PrincipalAccount'])
      : request.resource.split(':')[4];
  const simulation: Simulation = {
    request: {
      principal: String(request.context['aws:PrincipalArn']),
      action: request.action,
      resource: { resource: request.resource, accountId: account },
      contextVariables: request.context,
    },
    identityPolicies: request.identityPolicies.map((policy, i) => ({
      name: `identity-${i}`,
      policy: substituted(policy, request.context) as any,
    })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    // A key's policy is the one resource policy the evaluator reads (KMS asks it before IAM).
    resourcePolicy: request.keyPolicy
      ? (substituted(request.keyPolicy, request.context) as any)
      : undefined,
    permissionBoundaryPolicies: request.permissionsBoundary
      ? [
          {
            name: 'boundary',
            policy: substituted(
              request.permissionsBoundary,
              request.context,
            ) as any,
          },
        ]
      : undefined,
  };
  const response = await runSimulation(simulation, {});
  if (response.resultType === 'error') {
    return `Error ${JSON.stringify(response.errors).slice(0, 200)}`;
  }
  return response.overallResult;
}

const render = (
  spec: Parameters<typeof renderInfrastructure>[0],
  producers?: Record<string, any>,
) => renderInfrastructure(spec, { producers }).template;

/** Every spec fixture's matrix, rendered once. */
const matrices: Array<[string, MatrixRow[]]> = [];

/** Rows where the peers disagree, as text; `decide` is our evaluator or a mutation of it. */
async function disagreements(
  decide: (r: IamRequest) => string,
): Promise<string[]> {
  const out: string[] = [];
  for (const [label, rows] of matrices) {
    for (const row of rows) {
      const ours = decide(row.request);
      const theirs = await simulate(row.request);
      if (ours !== theirs) {
        out.push(
          `${label}: ${row.role} ${row.action} on ${row.resource}: ours ${ours}, simulator ${theirs}`,
        );
      }
    }
  }
  return out;
}

describe('the scaffolder IAM evaluator agrees with @cloud-copilot/iam-simulate', () => {
  beforeAll(() => {
    for (const [label, spec] of Object.entries(SPECS)) {
      matrices.push([
        label,
        leastPrivilegeRows(spec, render(spec), (s, p) => render(s, p)),
      ]);
    }
    const scenario = proofSpecs();
    for (const spec of scenario) {
      const template = render(spec, producerFacts(spec, scenario));
      matrices.push([
        `scenario ${spec.name}`,
        leastPrivilegeRows(spec, template, (s, p) => render(s, p)),
      ]);
    }
  });

  it('every matrix has the expected decisions (own allowed, neighbours and escapes denied)', () => {
    const failed = matrices.flatMap(([label, rows]) =>
      matrixFailures(rows).map(
        r =>
          `${label}: ${r.role} ${r.action} on ${r.resource}: ${r.decision} (${r.why})`,
      ),
    );
    expect(failed).toEqual([]);
    for (const [label, rows] of matrices) {
      const scenarios = new Set(rows.map(r => r.scenario));
      expect([label, scenarios.size]).toEqual([label, 3]);
    }
  });

  it('on every row of every matrix', async () => {
    const started = Date.now();
    const compared = await disagreements(r => decideIam(r).decision);
    const total = matrices.reduce((n, [, rows]) => n + rows.length, 0);
    // eslint-disable-next-line no-console
    console.log(
      `iam evaluator peer proof: ${total} decisions of ${
        matrices.length
      } matrices compared in ${Date.now() - started} ms`,
    );
    expect(compared).toEqual([]);
    // Both outcomes and both kinds of denial are among them, so agreement means something.
    const decisions = new Set(
      matrices.flatMap(([, rows]) => rows.map(r => r.decision)),
    );
    expect([...decisions].sort()).toEqual([
      'Allowed',
      'ExplicitlyDenied',
      'ImplicitlyDenied',
    ]);
  });

  it('agrees when a key policy does not delegate to IAM, which denies the key to its own role', async () => {
    const delegating = 'AccountAdministersAndDelegatesThroughIam';
    const rows = matrices
      .flatMap(([, list]) => list)
      .filter(r => r.request.keyPolicy);
    expect(rows.length).toBeGreaterThan(0);
    const own: string[] = [];
    for (const row of rows) {
      const keyPolicy = row.request.keyPolicy!;
      const statements = Array.isArray(keyPolicy.Statement)
        ? keyPolicy.Statement
        : [keyPolicy.Statement];
      const request = {
        ...row.request,
        keyPolicy: {
          ...keyPolicy,
          Statement: statements.filter(st => st.Sid !== delegating),
        },
      };
      const ours = decideIam(request).decision;
      expect([row.action, row.resource, ours]).toEqual([
        row.action,
        row.resource,
        await simulate(request),
      ]);
      if (row.scenario === 'own') own.push(ours);
    }
    expect(own.length).toBeGreaterThan(0);
    expect(new Set(own)).toEqual(new Set(['ImplicitlyDenied']));
  });

  it('catches an evaluator that ignores the permissions boundary', async () => {
    const found = await disagreements(
      r => decideIam({ ...r, permissionsBoundary: undefined }).decision,
    );
    expect(found.length).toBeGreaterThan(0);
  });

  it('catches an evaluator that ignores conditions', async () => {
    const strip = (doc: any) => ({
      ...doc,
      Statement: (Array.isArray(doc.Statement)
        ? doc.Statement
        : [doc.Statement]
      ).map(({ Condition: _condition, ...statement }: any) => statement),
    });
    const found = await disagreements(
      r =>
        decideIam({
          ...r,
          identityPolicies: r.identityPolicies.map(strip),
          permissionsBoundary:
            r.permissionsBoundary && strip(r.permissionsBoundary),
          keyPolicy: r.keyPolicy && strip(r.keyPolicy),
        }).decision,
    );
    expect(found.length).toBeGreaterThan(0);
  });
});
