import {
  AwsLocal,
  generatePlatform,
  Platform,
  startAwsLocal,
} from '@pbc-portal/aws-local';
import { localAwsRootConfig, localReader } from '../__testUtils__/fixtures';
import { AwsClientFactory } from './AwsClientFactory';
import { AwsComplianceReader } from './AwsComplianceReader';
import { ChangeDrivenReader } from './ChangeDrivenReader';
import { ConfigReadResult } from './types';

/*
 * Contract tests of the change-driven reader: the real SDK against the local
 * endpoint, whose platform changes under it. After every change the
 * change-driven read must equal a full read, at the cost of the change.
 */

jest.setTimeout(60_000);

const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';
const target = { accountId: ACCOUNT, region: REGION };

/** A read reduced to what the scores depend on, order-independent. */
function essence(read: ConfigReadResult) {
  return {
    resources: read.resources
      .map(r => `${r.resourceType}|${r.resourceId}|${r.pbc}`)
      .sort(),
    evaluations: read.evaluations
      .map(
        e => `${e.ruleName}|${e.resourceType}|${e.resourceId}|${e.compliance}`,
      )
      .sort(),
    rules: read.rules.map(r => r.name).sort(),
  };
}

describe('ChangeDrivenReader against aws-local', () => {
  let platform: Platform;
  let local: AwsLocal;
  let clients: AwsClientFactory;
  let full: AwsComplianceReader;
  let clock: number;

  beforeAll(async () => {
    platform = generatePlatform({
      pbcs: 30,
      accounts: 2,
      regions: [REGION],
      rules: 30,
      resources: 600,
      events: 100,
      days: 2,
      seed: 5,
      now: new Date(Date.now() - 60_000),
    });
    local = await startAwsLocal({ platform, lookupEventsPerSecond: 0 });
    ({ clients } = localReader(localAwsRootConfig(platform, local.url)));
    full = new AwsComplianceReader(clients);
  });

  afterAll(async () => {
    await local?.close();
  });

  beforeEach(() => {
    local.setFaults({});
    local.changes.setResourceComplianceRecorded(ACCOUNT, true);
    clock = Date.now();
  });

  const reader = () =>
    new ChangeDrivenReader({
      full,
      clients,
      reconcileEveryMs: 3_600_000,
      overlapMs: 0,
      now: () => clock,
    });

  async function callsOf<T>(fn: () => Promise<T>) {
    local.resetStats();
    const value = await fn();
    return { value, stats: local.stats() };
  }

  it('reads nothing but two empty queries when nothing changed, and equals a full read', async () => {
    const changeDriven = reader();
    const first = await changeDriven.readConfig(target);
    expect(first.readMode).toBe('full');

    clock += 60_000;
    const { value: second, stats } = await callsOf(() =>
      changeDriven.readConfig(target),
    );
    expect(second.readMode).toBe('changes');
    // Two SelectResourceConfig pages, whatever the size of the account.
    expect(stats.total).toBe(2);
    expect(stats.byOperation).toEqual({ SelectResourceConfig: 2 });
    expect(essence(second)).toEqual(essence(await full.readConfig(target)));
  });

  it('applies a changed evaluation at the cost of the change', async () => {
    const changeDriven = reader();
    await changeDriven.readConfig(target);

    // Flip one evaluated rule of five PBC resources of the account.
    const flipped: string[] = [];
    for (const resource of platform.resources.filter(
      r => r.accountId === ACCOUNT && r.region === REGION,
    )) {
      for (const rule of platform.rules) {
        const evals = platform.evaluations(ACCOUNT, REGION, rule);
        let position = -1;
        for (let k = 0; k < evals.length; k++) {
          if (evals.get(k).resource.index === resource.index) position = k;
        }
        if (position < 0 || evals.complianceAt(position) === 'NOT_APPLICABLE')
          continue;
        const next =
          evals.complianceAt(position) === 'COMPLIANT'
            ? 'NON_COMPLIANT'
            : 'COMPLIANT';
        local.changes.setCompliance(rule, resource, next, clock + 1000);
        flipped.push(`${rule.name}|${resource.resourceId}|${next}`);
        break;
      }
      if (flipped.length === 5) break;
    }
    expect(flipped).toHaveLength(5);

    clock += 60_000;
    const { value, stats } = await callsOf(() =>
      changeDriven.readConfig(target),
    );
    expect(value.readMode).toBe('changes');
    expect(stats.total).toBe(2);
    const fullRead = await full.readConfig(target);
    expect(essence(value)).toEqual(essence(fullRead));
    for (const f of flipped) {
      const [rule, id, compliance] = f.split('|');
      expect(
        value.evaluations.find(e => e.ruleName === rule && e.resourceId === id)
          ?.compliance,
      ).toBe(compliance);
    }

    // Applied once: the next read finds nothing new.
    clock += 60_000;
    const again = await callsOf(() => changeDriven.readConfig(target));
    expect(again.stats.total).toBe(2);
    expect(essence(again.value)).toEqual(essence(fullRead));
  });

  it('reads in full again after the reconciliation interval', async () => {
    const changeDriven = reader();
    await changeDriven.readConfig(target);
    clock += 3_600_000;
    const { value, stats } = await callsOf(() =>
      changeDriven.readConfig(target),
    );
    expect(value.readMode).toBe('full');
    expect(stats.byOperation.GetComplianceDetailsByConfigRule).toBeGreaterThan(
      0,
    );
  });

  it('falls back to full reads, and says so, where ResourceCompliance is not recorded', async () => {
    local.changes.setResourceComplianceRecorded(ACCOUNT, false);
    const changeDriven = reader();
    expect((await changeDriven.readConfig(target)).readMode).toBe(
      'full-fallback',
    );
    clock += 60_000;
    const { value, stats } = await callsOf(() =>
      changeDriven.readConfig(target),
    );
    expect(value.readMode).toBe('full-fallback');
    expect(stats.byOperation.GetComplianceDetailsByConfigRule).toBeGreaterThan(
      0,
    );
    expect(essence(value)).toEqual(essence(await full.readConfig(target)));
  });

  it('reads in full after a failed change read (nothing half-applied is trusted)', async () => {
    const changeDriven = reader();
    await changeDriven.readConfig(target);
    local.setFaults({ accessDeniedAccounts: [ACCOUNT] });
    clock += 60_000;
    await expect(changeDriven.readConfig(target)).rejects.toThrow();
    local.setFaults({});
    const { value } = await callsOf(() => changeDriven.readConfig(target));
    expect(value.readMode).toBe('full');
  });
});
