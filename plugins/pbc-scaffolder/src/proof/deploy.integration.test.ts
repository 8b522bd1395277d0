import type { PbcSpec } from '@pbc-portal/pbc-domain';
import { renderInfrastructure } from '../patterns/render';
import { platformStandInTemplate } from './__fixtures__/platformStandIn';
import {
  DeployResult,
  StackUnit,
  checkWiring,
  deployAll,
  resetEmulator,
  unresolvedImports,
} from './deploy';
import { Emulator, findMotoPython, startEmulator } from './emulator';
import { platformTargets, proofSpecs } from './scenario';
import { expectedWires } from './wires';

/**
 * Deployment proof: the platform stack of every account and Region and the PBC stacks of
 * the proof's scenario, deployed with the real CloudFormation client into moto, in two
 * orders; every import resolves and a message published on every wired topic arrives in its
 * queue, and only there. Then the same proof run on weakened patterns must fail.
 *
 * Needs moto (./portal installs it into .tooling/venv). Without it the proof is skipped
 * locally, and fails under CI or PBC_REQUIRE_MOTO=1.
 */

const python = findMotoPython();
const required = process.env.PBC_REQUIRE_MOTO === '1' || !!process.env.CI;
const describeWithMoto = python || required ? describe : describe.skip;

jest.setTimeout(180_000);

function platformUnits(specs: PbcSpec[]): StackUnit[] {
  const accounts = new Set<string>();
  return platformTargets(specs).map(target => {
    const first = !accounts.has(target.account);
    accounts.add(target.account);
    return {
      ...target,
      stackName: 'platform',
      template: platformStandInTemplate({ withGlobalResources: first }),
    };
  });
}

function summary(results: DeployResult[]) {
  return results
    .filter(r => r.status !== 'CREATE_COMPLETE')
    .map(r => `${r.stackName} (${r.account}/${r.region}): ${r.status} ${r.reason ?? ''}`);
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

describeWithMoto('deployment proof (moto)', () => {
  let emulator: Emulator;
  const specs = proofSpecs();
  let pbcUnits: StackUnit[];
  const started = Date.now();

  beforeAll(async () => {
    if (!python) {
      throw new Error(
        'moto is not installed: run ./portal (it installs scripts/requirements.txt into .tooling/venv) or set PBC_MOTO_PYTHON',
      );
    }
    emulator = await startEmulator(python);
    pbcUnits = specs.map(spec => ({
      account: spec.awsAccountId,
      region: spec.awsRegion,
      stackName: `pbc-${spec.name}`,
      template: renderInfrastructure(spec).template,
    }));
  });

  afterAll(async () => {
    await emulator?.stop();
    // eslint-disable-next-line no-console
    console.log(
      `deployment proof: moto ${emulator?.motoVersion}, ${pbcUnits?.length} PBC stacks + ${platformTargets(specs).length} platform stacks, ` +
        `${pbcUnits?.reduce((n, u) => n + Object.keys(u.template.Resources as object).length, 0)} PBC resources, ${Math.round((Date.now() - started) / 1000)} s`,
    );
  });

  async function deployAndCheck(units: StackUnit[], specsForWires = specs) {
    await resetEmulator(emulator.endpoint);
    const results = await deployAll(emulator.endpoint, [
      ...platformUnits(specs),
      ...units,
    ]);
    const missing = await unresolvedImports(emulator.endpoint, units);
    const wires = await checkWiring(
      emulator.endpoint,
      expectedWires(specsForWires),
    );
    const miswired = wires
      .filter(w => w.error || w.delivered !== 1 || w.foreign.length > 0)
      .map(w => `${w.label}: ${w.error ?? `delivered ${w.delivered}, foreign ${w.foreign.length}`}`);
    const topicByLabel = new Map(
      expectedWires(specsForWires).map(w => [
        w.label,
        `arn:aws:sns:${w.topic.region}:${w.topic.account}:${w.topic.name}`,
      ]),
    );
    const policyMismatch = wires
      .filter(w => !w.queuePolicySources.includes(topicByLabel.get(w.label)!))
      .map(w => `${w.label}: queue policy lets ${w.queuePolicySources.join(', ') || 'no topic'} send`);
    return { failed: summary(results), missing, miswired, policyMismatch, results, wires };
  }

  function expectProven(outcome: Awaited<ReturnType<typeof deployAndCheck>>) {
    expect(outcome.failed).toEqual([]);
    expect(outcome.missing).toEqual([]);
    expect(outcome.miswired).toEqual([]);
    expect(outcome.policyMismatch).toEqual([]);
    expect(outcome.wires.length).toBeGreaterThanOrEqual(specs.length);
  }

  it('deploys every stack in the listed order, imports resolved, every wire delivers', async () => {
    expectProven(await deployAndCheck(pbcUnits));
  });

  it('deploys in the reverse order (consumers before their producers)', async () => {
    expectProven(await deployAndCheck([...pbcUnits].reverse()));
  });

  describe('fails when a pattern is weakened', () => {
    it('a subscription pointed at another topic', async () => {
      const units = clone(pbcUnits);
      // Rewrite the first subscription that names cart's topic to checkout's topic.
      let mutated = false;
      for (const unit of units) {
        const resources = unit.template.Resources as Record<string, { Type: string }>;
        for (const [id, resource] of Object.entries(resources)) {
          const text = JSON.stringify(resource);
          if (!mutated && resource.Type === 'AWS::SNS::Subscription' && text.includes('pbc-cart-cart-checked-out')) {
            resources[id] = JSON.parse(
              text.replaceAll('pbc-cart-cart-checked-out', 'pbc-checkout-checkout-completed'),
            );
            mutated = true;
          }
        }
      }
      expect(mutated).toBe(true);
      const outcome = await deployAndCheck(units);
      expect(outcome.miswired.join('\n')).toMatch(/cart\.cart-checked-out → checkout/);
    });

    it('a queue policy that lets another topic send', async () => {
      const units = clone(pbcUnits);
      const checkout = units.find(u => u.stackName === 'pbc-checkout')!;
      const resources = checkout.template.Resources as Record<string, { Type: string }>;
      for (const [id, resource] of Object.entries(resources)) {
        if (resource.Type === 'AWS::SQS::QueuePolicy') {
          resources[id] = JSON.parse(
            JSON.stringify(resource).replaceAll('pbc-cart-cart-checked-out', 'pbc-cart-other'),
          );
        }
      }
      const outcome = await deployAndCheck(units);
      expect(outcome.policyMismatch.join('\n')).toMatch(/cart\.cart-checked-out → checkout/);
    });

    it('a platform export the PBC stacks import is missing', async () => {
      await resetEmulator(emulator.endpoint);
      const platform = platformUnits(specs).map(unit => {
        const outputs = unit.template.Outputs as Record<string, unknown>;
        delete outputs.Alarms;
        return unit;
      });
      const results = await deployAll(emulator.endpoint, [...platform, ...pbcUnits]);
      expect(summary(results).join('\n')).toMatch(/platform-alarm-topic-arn|Export/);
    });
  });
});
