import type { PbcSpec } from '@pbc-portal/pbc-domain';
import {
  PLATFORM_EXPORTS,
  PLATFORM_NAMES,
  parseConsumedEvent,
  topicName,
} from '@pbc-portal/pbc-domain';
import {
  DeployResult,
  StackUnit,
  checkWiring,
  deployAll,
  importedNames,
  requestCertificate,
  resetEmulator,
  unresolvedImports,
} from './__testUtils__/deploy';
import { Emulator, findMotoPython, startEmulator } from './__testUtils__/emulator';
import { renderPbcs } from './__testUtils__/pbcs';
import { PlatformUnit, renderPlatforms } from './__testUtils__/platforms';
import { proofSpecs } from './__testUtils__/scenario';
import { expectedWires } from './__testUtils__/wires';

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

// Rendered once: the platform pattern synthesizes about a hundred resources per stack.
let renderedPlatforms: PlatformUnit[] | undefined;

/**
 * The certificate the first platform is rendered with, so that its HTTPS listener and port-80
 * redirect (PBC-EDGE-02) deploy too; replaced by a certificate the emulator issues at deploy
 * time, since an HTTPS listener needs one that exists. The other platforms stay on HTTP.
 */
const CERTIFICATE_PLACEHOLDER = (t: { account: string; region: string }) =>
  `arn:aws:acm:${t.region}:${t.account}:certificate/00000000-0000-4000-8000-000000000000`;
let httpsTarget: { account: string; region: string } | undefined;

function platformUnits(specs: PbcSpec[]): StackUnit[] {
  renderedPlatforms ??= renderPlatforms(specs, target => {
    httpsTarget ??= target;
    return target === httpsTarget ? CERTIFICATE_PLACEHOLDER(target) : undefined;
  });
  return renderedPlatforms.map(unit => ({
    ...unit,
    stackName: PLATFORM_NAMES.stack,
    template: clone(unit.template),
  }));
}

/** Issues the emulator's certificate and puts it where the placeholder is. */
async function withCertificate(endpoint: string, units: StackUnit[]): Promise<StackUnit[]> {
  const https = units.filter(u => JSON.stringify(u.template).includes('00000000-0000-4000-8000-000000000000'));
  expect(https).toHaveLength(1);
  const [unit] = https;
  const arn = await requestCertificate(endpoint, unit);
  const template = JSON.parse(JSON.stringify(unit.template).replaceAll(CERTIFICATE_PLACEHOLDER(unit), arn));
  return units.map(u => (u === unit ? { ...u, template } : u));
}

/** The listeners of the platform rendered with a certificate: HTTPS 443 and the port-80 redirect. */
function httpsListeners(units: StackUnit[]) {
  return units
    .filter(u => u.stackName === PLATFORM_NAMES.stack)
    .flatMap(u => Object.values(u.template.Resources as Record<string, { Type: string; Properties: any }>))
    .filter(r => r.Type === 'AWS::ElasticLoadBalancingV2::Listener' && r.Properties.Port === 80 && r.Properties.DefaultActions[0].Type === 'redirect');
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
  let mainUnits: StackUnit[];
  let subscriptionUnits: StackUnit[];
  let pbcUnits: StackUnit[];
  const started = Date.now();
  // The outcome of the first order, which the mutations are compared with.
  let baseline: Awaited<ReturnType<typeof deployAndCheck>> | undefined;

  beforeAll(async () => {
    if (!python) {
      throw new Error(
        'moto is not installed: run ./portal (it installs scripts/requirements.txt into .tooling/venv) or set PBC_MOTO_PYTHON',
      );
    }
    emulator = await startEmulator(python);
    const rendered = renderPbcs(specs);
    mainUnits = rendered.map(r => r.main);
    subscriptionUnits = rendered.flatMap(r => (r.subscriptions ? [r.subscriptions] : []));
    // Main stacks first, then the subscriptions stacks, as each PBC's pipeline deploys them.
    pbcUnits = [...mainUnits, ...subscriptionUnits];
  });

  afterAll(async () => {
    await emulator?.stop();
    const results = baseline?.results ?? [];
    const count = (pick: (r: DeployResult) => boolean) =>
      results.filter(pick).reduce((n, r) => n + r.resources, 0);
    // eslint-disable-next-line no-console
    console.log(
      `deployment proof: moto ${emulator?.motoVersion}; ${results.length} stacks ` +
        `(${results.filter(r => r.stackName === PLATFORM_NAMES.stack).length} platform, ` +
        `${count(r => r.stackName === PLATFORM_NAMES.stack)} resources; ` +
        `${results.filter(r => r.stackName !== PLATFORM_NAMES.stack).length} PBC, ` +
        `${count(r => r.stackName !== PLATFORM_NAMES.stack)} resources); ` +
        `${results.filter(r => r.via === 'TemplateURL').length} through S3 (largest ${Math.max(0, ...results.map(r => r.bytes))} bytes); ` +
        `${baseline?.wires.length ?? 0} wires (${baseline?.redriven ?? 0} with a DLQ, ${baseline?.crossAccountRedriven ?? 0} of them cross-account); ${Math.round((Date.now() - started) / 1000)} s`,
    );
  });

  /**
   * Deploys the platform stacks and `units` into an empty emulator and checks them. With
   * `only`, just those PBCs, the platform stacks of their accounts and Regions, and the wires
   * between them (the mutations need no more).
   */
  async function deployAndCheck(units: StackUnit[], only?: string[]) {
    await resetEmulator(emulator.endpoint);
    const chosen = only ? specs.filter(s => only.includes(s.name)) : specs;
    const names = new Set(chosen.map(s => s.name));
    const specsForWires = chosen.map(s => ({
      ...s,
      consumes: s.consumes.filter(c => names.has(parseConsumedEvent(c).producer)),
    }));
    const targets = new Set(chosen.map(s => `${s.awsAccountId}/${s.awsRegion}`));
    const platforms = platformUnits(specs).filter(u => targets.has(`${u.account}/${u.region}`));
    const results = await deployAll(emulator.endpoint, [
      ...(httpsListeners(platforms).length > 0 ? await withCertificate(emulator.endpoint, platforms) : platforms),
      ...units.filter(u => !u.pbc || names.has(u.pbc)),
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
    // Same-Region subscriptions, cross-account ones included, redrive to the consumer's DLQ,
    // whose policy admits the topic; cross-Region ones cannot (subscriptions.ts).
    const expectedByLabel = new Map(expectedWires(specsForWires).map(w => [w.label, w]));
    const redriveMismatch = wires.flatMap(w => {
      const wire = expectedByLabel.get(w.label)!;
      const want = wire.deadLetterQueue
        ? `arn:aws:sqs:${wire.queue.region}:${wire.queue.account}:${wire.deadLetterQueue}`
        : undefined;
      if (w.redriveTarget !== want) {
        return [`${w.label}: redrives to ${w.redriveTarget ?? 'nothing'}, not ${want ?? 'nothing'}`];
      }
      if (want && !w.redrivePolicySources?.includes(topicByLabel.get(w.label)!)) {
        return [`${w.label}: the DLQ ${want} does not exist or its policy does not admit the topic`];
      }
      return [];
    });
    const redriven = wires.filter(w => w.redriveTarget).length;
    const crossAccountRedriven = wires.filter(w => {
      const wire = expectedByLabel.get(w.label)!;
      return w.redriveTarget && wire.topic.account !== wire.queue.account;
    }).length;
    return {
      failed: summary(results),
      missing,
      miswired,
      policyMismatch,
      redriveMismatch,
      redriven,
      crossAccountRedriven,
      results,
      wires,
    };
  }

  /** Everything that keeps a deployment from being proven; empty when it is. */
  function problems(outcome: Awaited<ReturnType<typeof deployAndCheck>>) {
    return [
      ...outcome.failed,
      ...outcome.missing,
      ...outcome.miswired,
      ...outcome.policyMismatch,
      ...outcome.redriveMismatch,
    ];
  }


  it('deploys every stack in the listed order, imports resolved, every wire delivers', async () => {
    baseline = await deployAndCheck(pbcUnits);
    expect(problems(baseline)).toEqual([]);
    expect(baseline.wires.length).toBeGreaterThanOrEqual(specs.length);
    // The scenario has cross-account wires in one Region: they redrive like local ones.
    expect(baseline.crossAccountRedriven).toBeGreaterThan(0);
    // One platform deployed with its certificate: HTTPS on 443 and the port-80 redirect.
    expect(httpsListeners(platformUnits(specs))).toHaveLength(1);
  });

  it('deploys in the reverse order (consumers before their producers)', async () => {
    const reversed = [...[...mainUnits].reverse(), ...[...subscriptionUnits].reverse()];
    expect(problems(await deployAndCheck(reversed))).toEqual([]);
  });

  /** A wire that worked in the baseline, and another topic of the same account and Region. */
  function wireToMisdirect() {
    const wires = expectedWires(specs);
    for (const wire of wires) {
      const other = specs
        .filter(
          p =>
            p.awsAccountId === wire.topic.account &&
            p.awsRegion === wire.topic.region,
        )
        .flatMap(p =>
          p.publishes.map(e => ({ pbc: p.name, name: topicName(p.name, e, p.pciScope) })),
        )
        .find(
          topic =>
            topic.name !== wire.topic.name &&
            topic.name.endsWith('.fifo') === wire.topic.name.endsWith('.fifo'),
        );
      const worked = !baseline?.miswired.some(m => m.startsWith(`${wire.label}:`));
      if (other && worked) {
        return {
          wire,
          otherTopic: other.name,
          pbcs: [wire.producer, wire.consumer, other.pbc],
        };
      }
    }
    throw new Error('no wire of the baseline can be misdirected');
  }

  /** Rewrites `from` to `to` inside every resource of type `type` that mentions `from`. */
  function mutate(units: StackUnit[], type: string, from: string, to: string) {
    let count = 0;
    for (const unit of units) {
      const resources = unit.template.Resources as Record<string, { Type: string }>;
      for (const [id, resource] of Object.entries(resources)) {
        const text = JSON.stringify(resource);
        if (resource.Type === type && text.includes(`${from}"`)) {
          resources[id] = JSON.parse(text.replaceAll(`${from}"`, `${to}"`));
          count++;
        }
      }
    }
    return count;
  }

  describe('fails when a pattern is weakened', () => {
    it('a subscription pointed at another topic', async () => {
      const { wire, otherTopic, pbcs } = wireToMisdirect();
      const units = clone(pbcUnits);
      expect(mutate(units, 'AWS::SNS::Subscription', wire.topic.name, otherTopic)).toBeGreaterThan(0);
      const outcome = await deployAndCheck(units, pbcs);
      expect(outcome.miswired.join('\n')).toContain(`${wire.label}:`);
    });

    it('a queue policy that lets another topic send', async () => {
      const { wire, otherTopic, pbcs } = wireToMisdirect();
      const units = clone(pbcUnits);
      expect(mutate(units, 'AWS::SQS::QueuePolicy', wire.topic.name, otherTopic)).toBeGreaterThan(0);
      const outcome = await deployAndCheck(units, pbcs);
      expect(outcome.policyMismatch.join('\n')).toContain(`${wire.label}:`);
    });

    it('a platform export the PBC stacks import is missing', async () => {
      await resetEmulator(emulator.endpoint);
      const name = PLATFORM_EXPORTS.alarmTopicArn;
      // PBC stacks that deployed in the baseline and import the export must now fail on it.
      const deployed = new Set(
        baseline?.results
          .filter(r => r.status === 'CREATE_COMPLETE')
          .map(r => `${r.account}/${r.stackName}`),
      );
      const importers = pbcUnits.filter(
        u => deployed.has(`${u.account}/${u.stackName}`) && importedNames(u.template).has(name),
      );
      expect(importers.length).toBeGreaterThan(0);
      const targets = new Set(importers.map(u => `${u.account}/${u.region}`));
      const platform = platformUnits(specs)
        .filter(u => targets.has(`${u.account}/${u.region}`))
        .map(unit => {
          const outputs = unit.template.Outputs as Record<string, { Export?: { Name?: string } }>;
          for (const [key, output] of Object.entries(outputs)) {
            if (output.Export?.Name === name) delete outputs[key];
          }
          return unit;
        });
      // Every PBC stack, in the baseline's order, so producers exist as they did there.
      const certified = httpsListeners(platform).length > 0 ? await withCertificate(emulator.endpoint, platform) : platform;
      const results = (await deployAll(emulator.endpoint, [...certified, ...pbcUnits])).filter(r =>
        importers.some(u => u.account === r.account && u.stackName === r.stackName),
      );
      expect(summary(results).filter(line => line.includes(name))).toHaveLength(importers.length);
    });
  });
});
