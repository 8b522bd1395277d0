import { TestDatabases } from '@backstage/backend-test-utils';
import {
  AwsLocal,
  generatePlatform,
  Platform,
  startAwsLocal,
} from '@pbc-portal/aws-local';
import { ComplianceStore } from '../database/ComplianceStore';
import { toPbcTarget } from '../domain/pbcs';
import { ComplianceService } from '../service/ComplianceService';
import {
  localAwsRootConfig,
  localReader,
  platformEntities,
} from '../__testUtils__/fixtures';
import { AggregatorReader } from './AggregatorReader';
import { AwsComplianceReader } from './AwsComplianceReader';
import { ConfigReadResult } from './types';

/*
 * Aggregator mode against the local endpoint with the real SDK: the
 * aggregate read equals the per-account reads, a round without changes
 * costs three calls, and an account the aggregator lacks goes stale alone.
 */

jest.setTimeout(90_000);

const REGIONS = ['eu-west-1', 'us-east-1'];
const logger = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return logger;
  },
} as any;
const all = {
  allowedRefs: async (p: Array<{ entityRef: string }>) =>
    new Set(p.map(x => x.entityRef)),
};

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
    packs: [...read.conformancePacks].sort(),
  };
}

describe('AggregatorReader against aws-local', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let platform: Platform;
  let local: AwsLocal;
  let clock: number;

  beforeAll(async () => {
    platform = generatePlatform({
      pbcs: 18,
      accounts: 3,
      regions: REGIONS,
      rules: 25,
      resources: 360,
      events: 300,
      days: 2,
      seed: 9,
      now: new Date(Date.now() - 60_000),
    });
    local = await startAwsLocal({ platform, lookupEventsPerSecond: 0 });
  });

  afterAll(async () => {
    await local?.close();
  });

  beforeEach(() => {
    local.setFaults({});
    local.aggregator.memberAccountIds = platform.accounts.map(a => a.id);
    clock = Date.now();
  });

  function readers(
    options: {
      name?: string;
      perAccount?: Pick<AwsComplianceReader, 'readConfig'> | 'full';
    } = {},
  ) {
    const { clients } = localReader(localAwsRootConfig(platform, local.url));
    const full = new AwsComplianceReader(clients);
    const aggregator = new AggregatorReader({
      location: {
        accountId: local.aggregator.accountId,
        region: local.aggregator.region,
        name: options.name ?? local.aggregator.name,
      },
      clients,
      cloudTrail: full,
      perAccount: options.perAccount === 'full' ? full : options.perAccount,
      roundMs: 1000,
      reconcileEveryMs: 3_600_000,
      overlapMs: 0,
      now: () => clock,
    });
    return { full, aggregator, clients };
  }

  it('reads what the per-account reads find, and a round without changes costs three calls', async () => {
    const { full, aggregator } = readers();
    local.resetStats();
    for (const account of platform.accounts) {
      for (const region of REGIONS) {
        const target = { accountId: account.id, region };
        const viaAggregator = await aggregator.readConfig(target);
        expect(viaAggregator.readMode).toBe('full');
        expect(essence(viaAggregator)).toEqual(
          essence(await full.readConfig(target)),
        );
      }
    }

    clock += 60_000;
    local.resetStats();
    for (const account of platform.accounts) {
      for (const region of REGIONS) {
        const read = await aggregator.readConfig({
          accountId: account.id,
          region,
        });
        expect(read.readMode).toBe('changes');
      }
    }
    // One round for all six accounts and Regions, all signed as the
    // aggregator account.
    expect(local.stats().total).toBe(3);
    expect(Object.keys(local.stats().byAccountRegion)).toEqual([
      `${local.aggregator.accountId}/${local.aggregator.region}`,
    ]);
  });

  it('applies a changed evaluation of a member account through the aggregator', async () => {
    const { full, aggregator } = readers();
    const member = platform.accounts[2].id;
    const target = { accountId: member, region: REGIONS[1] };
    await aggregator.readConfig(target);
    let pair:
      | {
          resource: (typeof platform.resources)[number];
          rule: (typeof platform.rules)[number];
        }
      | undefined;
    for (const r of platform.resources) {
      if (pair || r.accountId !== member || r.region !== REGIONS[1]) continue;
      for (const candidate of platform.rules) {
        const evals = platform.evaluations(member, REGIONS[1], candidate);
        for (let k = 0; k < evals.length && !pair; k++) {
          if (
            evals.get(k).resource.index === r.index &&
            evals.complianceAt(k) !== 'NOT_APPLICABLE'
          ) {
            pair = { resource: r, rule: candidate };
          }
        }
        if (pair) break;
      }
    }
    const { resource, rule } = pair!;
    const current = (await full.readConfig(target)).evaluations.find(
      e => e.ruleName === rule.name && e.resourceId === resource.resourceId,
    )!.compliance;
    const next = current === 'COMPLIANT' ? 'NON_COMPLIANT' : 'COMPLIANT';
    local.changes.setCompliance(rule, resource, next, clock + 1000);

    clock += 60_000;
    const read = await aggregator.readConfig(target);
    expect(read.readMode).toBe('changes');
    expect(
      read.evaluations.find(
        e => e.ruleName === rule.name && e.resourceId === resource.resourceId,
      )?.compliance,
    ).toBe(next);
    expect(essence(read)).toEqual(essence(await full.readConfig(target)));
  });

  it("reads the failing results' annotations as the per-account read does, and keeps them through change reads", async () => {
    const { full, aggregator } = readers();
    const failing = (read: ConfigReadResult) =>
      read.evaluations
        .filter(e => e.compliance === 'NON_COMPLIANT')
        .map(e => `${e.ruleName}|${e.resourceId}|${e.annotation ?? '-'}`)
        .sort();
    local.resetStats();
    let annotated = 0;
    for (const account of platform.accounts) {
      for (const region of REGIONS) {
        const target = { accountId: account.id, region };
        const read = await aggregator.readConfig(target);
        const expected = failing(await full.readConfig(target));
        expect(failing(read)).toEqual(expected);
        annotated += expected.filter(e => !e.endsWith('|-')).length;
      }
    }
    expect(annotated).toBeGreaterThan(0);

    // A resource failing two rules: one turns compliant, so its
    // ResourceCompliance item changes; the other result, unchanged, keeps
    // its annotation through the change read.
    let flipped = false;
    for (const account of platform.accounts) {
      for (const region of REGIONS) {
        if (flipped) break;
        const byResource = new Map<string, string[]>();
        for (const e of (
          await full.readConfig({ accountId: account.id, region })
        ).evaluations) {
          if (e.compliance !== 'NON_COMPLIANT' || !e.annotation) continue;
          byResource.set(e.resourceId, [
            ...(byResource.get(e.resourceId) ?? []),
            e.ruleName,
          ]);
        }
        const [resourceId, rules] =
          [...byResource].find(([, names]) => names.length >= 2) ?? [];
        if (!resourceId) continue;
        local.changes.setCompliance(
          platform.rules.find(r => r.name === rules![0])!,
          platform.resources.find(
            r =>
              r.resourceId === resourceId &&
              r.accountId === account.id &&
              r.region === region,
          )!,
          'COMPLIANT',
          clock + 1000,
        );
        flipped = true;
      }
    }
    expect(flipped).toBe(true);

    // A round of change reads: the unchanged failing results keep theirs.
    clock += 60_000;
    for (const account of platform.accounts) {
      for (const region of REGIONS) {
        const target = { accountId: account.id, region };
        const read = await aggregator.readConfig(target);
        expect(read.readMode).toBe('changes');
        expect(failing(read)).toEqual(failing(await full.readConfig(target)));
      }
    }
  });

  it('fails the round when the annotations cannot be read, as any aggregate call', async () => {
    const { aggregator } = readers();
    local.setFaults({
      accessDeniedAccounts: [local.aggregator.accountId],
      operations: ['GetAggregateComplianceDetailsByConfigRule'],
    });
    await expect(
      aggregator.readConfig({
        accountId: platform.accounts[0].id,
        region: REGIONS[0],
      }),
    ).rejects.toThrow(/AccessDenied|not authorized/);
  });

  it('reads an account that joined the aggregator after the last full read in full, not as empty', async () => {
    const { full, aggregator } = readers();
    const added = platform.accounts[1].id;
    local.aggregator.memberAccountIds = platform.accounts
      .map(a => a.id)
      .filter(id => id !== added);
    await aggregator.readConfig({
      accountId: platform.accounts[0].id,
      region: REGIONS[0],
    });
    // The account joins the aggregator; one of its results changes.
    local.aggregator.memberAccountIds = platform.accounts.map(a => a.id);
    const target = { accountId: added, region: REGIONS[0] };
    const before = await full.readConfig(target);
    const e = before.evaluations[0];
    const resource = platform.resources.find(
      r =>
        r.accountId === added &&
        r.region === REGIONS[0] &&
        r.resourceId === e.resourceId,
    )!;
    const rule = platform.rules.find(r => r.name === e!.ruleName)!;
    const next = e!.compliance === 'COMPLIANT' ? 'NON_COMPLIANT' : 'COMPLIANT';
    local.changes.setCompliance(rule, resource, next, clock + 1000);
    clock += 60_000;
    const read = await aggregator.readConfig(target);
    expect(essence(read)).toEqual(essence(await full.readConfig(target)));
  });

  it('marks an account the aggregator lacks stale, and keeps the others fresh', async () => {
    const knex = await databases.init('SQLITE_3');
    const store = await ComplianceStore.create({
      database: { getClient: async () => knex },
    });
    const { aggregator, clients } = readers();
    const { config } = localReader(localAwsRootConfig(platform, local.url));
    const targets = platformEntities(platform).map(e => {
      const result = toPbcTarget(e);
      if (!result.ok) throw new Error(result.reason);
      return result.target;
    });
    const service = new ComplianceService({
      store,
      reader: aggregator,
      config,
      logger,
      loadPbcs: async () => targets,
      callCount: () => clients.stats().requests,
    });
    const first = (await service.runScheduledRefresh())[0];
    expect(first.state).toBe('succeeded');

    const lacking = platform.accounts[1].id;
    local.aggregator.memberAccountIds = platform.accounts
      .map(a => a.id)
      .filter(id => id !== lacking);
    clock += 60_000;
    const second = (await service.runScheduledRefresh())[0];
    expect(second.state).toBe('partial');
    for (const account of second.accounts) {
      expect(account.state).toBe(
        account.accountId === lacking ? 'failed' : 'ok',
      );
    }
    const errors = second.accounts
      .filter(a => a.accountId === lacking)
      .map(a => a.error);
    expect(errors).toHaveLength(2);
    for (const error of errors) {
      expect(error).toMatch(/not a source of the aggregator/);
    }
    const pbcs = (await service.listPbcs({ limit: 500 }, all)).items;
    expect(pbcs.length).toBe(targets.length);
    for (const pbc of pbcs) {
      const accountId = platform.pbc(pbc.entityRef.split('/')[1])!.accountId;
      expect(pbc.staleness.stale).toBe(accountId === lacking);
    }
  });

  describe('with fallbackToAccounts', () => {
    const targetsOf = () =>
      platform.accounts.flatMap(a =>
        REGIONS.map(region => ({ accountId: a.id, region })),
      );
    const essenceOf = (read: {
      resources: Array<{ resourceId: string }>;
      evaluations: Array<{
        ruleName: string;
        resourceId: string;
        compliance: string;
      }>;
    }) =>
      [
        ...read.resources.map(r => `r|${r.resourceId}`),
        ...read.evaluations.map(
          e => `e|${e.ruleName}|${e.resourceId}|${e.compliance}`,
        ),
      ]
        .sort()
        .join('\n');

    it('reads an account the aggregator lacks in the account itself, and says so', async () => {
      const { aggregator, full } = readers({ perAccount: 'full' });
      const lacking = platform.accounts[1].id;
      local.aggregator.memberAccountIds = platform.accounts
        .map(a => a.id)
        .filter(id => id !== lacking);
      for (const target of targetsOf()) {
        const read = await aggregator.readConfig(target);
        expect(read.readMode).toBe(
          target.accountId === lacking ? 'accounts-fallback' : 'full',
        );
        expect(essenceOf(read)).toBe(essenceOf(await full.readConfig(target)));
      }
    });

    it('reads every account itself when the aggregator is unavailable', async () => {
      const { aggregator } = readers({
        name: 'no-such-aggregator',
        perAccount: 'full',
      });
      for (const target of targetsOf()) {
        const read = await aggregator.readConfig(target);
        expect(read.readMode).toBe('accounts-fallback');
        expect(read.resources.length).toBeGreaterThan(0);
      }
    });

    it('names both failures when the account cannot be read either', async () => {
      const { aggregator } = readers({
        name: 'no-such-aggregator',
        perAccount: {
          readConfig: async () => {
            const error = new Error(
              'not authorized to perform config:SelectResourceConfig',
            );
            error.name = 'AccessDeniedException';
            throw error;
          },
        },
      });
      await expect(aggregator.readConfig(targetsOf()[0])).rejects.toThrow(
        /no-such-aggregator.*read in the account instead, which failed too: AccessDeniedException/,
      );
    });
  });
});
