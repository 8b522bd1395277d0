import { renderPbcs } from './__testUtils__/pbcs';
import { renderPlatforms } from './__testUtils__/platforms';
import {
  LeastPrivilegeResult,
  ProofPbc,
  ProofPlatform,
  leastPrivilegeMarkdown,
  proveLeastPrivilege,
} from './__testUtils__/leastPrivilege';
import { ACCOUNTS, proofSpecs } from './__testUtils__/scenario';
import { PLATFORM_NAMES, topicArn, topicName } from '@pbc-portal/pbc-domain';

/**
 * Least-privilege proof over the proof's scenario (the same PBCs the deployment proof
 * deploys), then the same proof on weakened patterns, which must fail.
 */

jest.setTimeout(120_000);

type Doc = { Statement: Array<Record<string, any>> };

let rendered: ProofPlatform[] | undefined;

/** The platform stacks of the scenario, a fresh copy each time (mutations change them). */
function platforms(): ProofPlatform[] {
  rendered ??= renderPlatforms(proofSpecs());
  return clone(rendered);
}

/** A platform managed policy (the boundary, the deployment guard) of every account, for mutations. */
function platformPolicies(list: ProofPlatform[], name: string): Doc[] {
  return list.flatMap(p =>
    Object.values(p.template.Resources as Record<string, any>)
      .filter(r => r.Type === 'AWS::IAM::ManagedPolicy' && r.Properties.ManagedPolicyName === name)
      .map(r => r.Properties.PolicyDocument as Doc),
  );
}

const boundaries = (list: ProofPlatform[]) =>
  platformPolicies(list, PLATFORM_NAMES.permissionsBoundaryPolicy);
const guards = (list: ProofPlatform[]) => platformPolicies(list, PLATFORM_NAMES.deploymentGuardPolicy);

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

function describeFailures(result: LeastPrivilegeResult): string[] {
  return result.failures.map(
    f => `${f.pbc} [${f.scenario}] ${f.action} on ${f.resource}: ${f.decision} (${f.why})`,
  );
}

describe('least-privilege proof (iam-simulate)', () => {
  let pbcs: ProofPbc[];
  let result: LeastPrivilegeResult;

  beforeAll(async () => {
    pbcs = renderPbcs(proofSpecs()).map(r => ({ spec: r.spec, template: r.main.template }));
    const started = Date.now();
    result = await proveLeastPrivilege(pbcs, platforms());
    // eslint-disable-next-line no-console
    console.log(
      `least-privilege proof: ${pbcs.length} PBCs (task and execution roles), ${result.rows.length} simulated decisions in ${Date.now() - started} ms`,
    );
  });

  it('allows every action of the service code on its own resources, denies everything on other PBCs', () => {
    expect(describeFailures(result)).toEqual([]);
    expect(result.rows.filter(r => r.scenario === 'own').length).toBeGreaterThan(0);
    expect(result.rows.filter(r => r.scenario !== 'own').length).toBeGreaterThan(0);
  });

  it('simulates the execution role of every PBC with compute: its pull and its logs', () => {
    for (const { spec } of pbcs) {
      const own = result.rows.filter(r => r.pbc === spec.name && r.scenario === 'own');
      expect(own.map(r => r.action)).toEqual(
        expect.arrayContaining([
          'ecr:GetAuthorizationToken',
          'ecr:BatchGetImage',
          'ecr:GetDownloadUrlForLayer',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
        ]),
      );
    }
    // Another PBC's role, widened to *, tried the image and logs of cart.
    const tried = result.rows.filter(
      r => r.scenario === 'other, policy *' && /^cart (repository|logStream)$/.test(r.target),
    );
    expect(tried.length).toBeGreaterThan(0);
  });

  it('no PBC can retag its role, even with its policy widened to *', () => {
    expect(Object.entries(result.retagAllowed).filter(([, allowed]) => allowed)).toEqual([]);
  });

  it('lets the deployment role, under the guard, create, attach and pass its own roles and policies', () => {
    for (const { spec } of pbcs) {
      const deploy = result.rows.filter(r => r.pbc === spec.name && r.scenario === 'deploy');
      expect(new Set(deploy.map(r => r.action))).toEqual(
        new Set(['iam:CreateRole', 'iam:PassRole', 'iam:CreatePolicy', 'iam:AttachRolePolicy']),
      );
      expect(deploy.filter(r => r.decision !== 'Allowed')).toEqual([]);
    }
  });

  it('writes the matrix of a PBC as Markdown for its TechDocs', () => {
    const markdown = leastPrivilegeMarkdown(result, 'cart');
    const topic = topicArn('cart', 'cart-checked-out', false, ACCOUNTS.retail, 'eu-west-1');
    expect(markdown).toContain(`| \`sns:Publish\` | \`${topic}\` | Allowed | Allowed |`);
    expect(markdown).toMatch(/\| checkout \| other, policy \* \| \d+ \| \d+ \|/);
    expect(markdown).toContain('is denied');
  });

  describe('fails when a pattern is weakened', () => {
    // A mutation needs to make the proof fail, not to cover every PBC: four PBCs, two
    // accounts, both data stores with a role policy, PCI and not.
    const small = () =>
      pbcs.filter(p => ['cart', 'checkout', 'order', 'payment'].includes(p.spec.name));

    it('an action of the service code removed from the boundary', async () => {
      const list = platforms();
      for (const boundary of boundaries(list)) {
        for (const statement of boundary.Statement) {
          if (Array.isArray(statement.Action)) {
            statement.Action = statement.Action.filter((a: string) => a !== 'sqs:GetQueueUrl');
          }
        }
      }
      const weakened = await proveLeastPrivilege(small(), list);
      expect(describeFailures(weakened).join('\n')).toMatch(/\[own\] sqs:GetQueueUrl .*Denied/);
    });

    it('a boundary that no longer scopes resources to the PBC', async () => {
      const list = platforms();
      for (const boundary of boundaries(list)) {
        boundary.Statement = boundary.Statement.filter(s => s.Effect === 'Allow');
        for (const statement of boundary.Statement) {
          statement.Resource = '*';
          delete statement.Condition;
        }
      }
      const weakened = await proveLeastPrivilege(small(), list);
      expect(describeFailures(weakened).join('\n')).toMatch(/\[other, policy \*\] .*: Allowed/);
    });

    it('a boundary that lets the role retag itself', async () => {
      const list = platforms();
      for (const boundary of boundaries(list)) {
        boundary.Statement = boundary.Statement.filter(
          s => !(s.Effect === 'Deny' && JSON.stringify(s.Action).includes('iam:TagRole')),
        );
        boundary.Statement.push({ Effect: 'Allow', Action: 'iam:TagRole', Resource: '*' });
      }
      const weakened = await proveLeastPrivilege(small(), list);
      expect(Object.values(weakened.retagAllowed)).toContain(true);
      expect(describeFailures(weakened).join('\n')).toMatch(/\[other, policy \* \+ retag\] .*: Allowed/);
    });

    it('a guard that wants a pbc tag on managed policies, which CloudFormation cannot tag', async () => {
      const list = platforms();
      for (const guard of guards(list)) {
        guard.Statement.push({
          Sid: 'PoliciesTagged',
          Effect: 'Deny',
          Action: 'iam:CreatePolicy',
          Resource: '*',
          Condition: { Null: { 'aws:RequestTag/pbc': 'true' } },
        });
      }
      const weakened = await proveLeastPrivilege(small(), list);
      expect(describeFailures(weakened).join('\n')).toMatch(/cart \[deploy\] iam:CreatePolicy .*ExplicitlyDenied/);
    });

    it('a PBC stack with a role the proof does not simulate', async () => {
      const mutated = clone(pbcs.filter(p => p.spec.name === 'cart'));
      (mutated[0].template.Resources as Record<string, unknown>).ExtraRole = {
        Type: 'AWS::IAM::Role',
        Properties: { RoleName: 'pbc-cart_extra', AssumeRolePolicyDocument: {} },
      };
      const weakened = await proveLeastPrivilege(mutated, platforms());
      expect(describeFailures(weakened).join('\n')).toMatch(/cart \[limit\] simulated on pbc-cart_extra/);
    });

    it('an execution policy without the pull of its own image', async () => {
      const mutated = clone(small());
      for (const { template } of mutated) {
        for (const resource of Object.values(template.Resources as Record<string, any>)) {
          if (resource.Type === 'AWS::IAM::ManagedPolicy' && JSON.stringify(resource).includes('ecr:BatchGetImage')) {
            const doc = resource.Properties.PolicyDocument as Doc;
            doc.Statement = doc.Statement.filter(st => !JSON.stringify(st.Action).includes('ecr:BatchGetImage'));
          }
        }
      }
      const weakened = await proveLeastPrivilege(mutated, platforms());
      expect(describeFailures(weakened).join('\n')).toMatch(/cart \[own\] ecr:BatchGetImage .*Denied/);
    });

    it('a queue policy and key policy that name another topic', async () => {
      const mutated = clone(pbcs.filter(p => ['order', 'order-history'].includes(p.spec.name)));
      const consumer = mutated.find(p => p.spec.name === 'order-history')!;
      const wired = topicName('order', 'order-placed', false);
      const resources = consumer.template.Resources as Record<string, { Type: string }>;
      let count = 0;
      for (const [id, resource] of Object.entries(resources)) {
        const text = JSON.stringify(resource);
        if (['AWS::SQS::QueuePolicy', 'AWS::KMS::Key'].includes(resource.Type) && text.includes(wired)) {
          resources[id] = JSON.parse(text.replaceAll(wired, `${wired}-other`));
          count++;
        }
      }
      expect(count).toBeGreaterThan(0);
      const weakened = await proveLeastPrivilege(mutated, platforms());
      const failed = describeFailures(weakened).join('\n');
      expect(failed).toMatch(/order-history \[delivery\] sqs:SendMessage .*Denied/);
      expect(failed).toMatch(/order-history \[delivery\] kms:GenerateDataKey .*Denied/);
    });
  });
});
