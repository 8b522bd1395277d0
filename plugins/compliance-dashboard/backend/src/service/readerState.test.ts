import { gzipSync } from 'node:zlib';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  AwsLocal,
  generatePlatform,
  Platform,
  startAwsLocal,
} from '@pbc-portal/aws-local';
import { Knex } from 'knex';
import { AwsClientFactory } from '../aws/AwsClientFactory';
import { AggregatorReader } from '../aws/AggregatorReader';
import { AwsComplianceReader } from '../aws/AwsComplianceReader';
import { ChangeDrivenReader } from '../aws/ChangeDrivenReader';
import { ComplianceReader } from '../aws/types';
import { ComplianceDashboardConfig } from '../config';
import { ComplianceStore } from '../database/ComplianceStore';
import { PbcTarget, toPbcTarget } from '../domain/pbcs';
import {
  localAwsRootConfig,
  localReader,
  platformEntities,
} from '../__testUtils__/fixtures';
import { RefreshRunner } from './RefreshRunner';

/*
 * The change-driven reader's state kept in the database with each snapshot:
 * a restarted process (a new reader over the same database) continues with
 * change reads, a failed commit leaves the kept state as it was, and a kept
 * state that cannot be read means a full read and a log line.
 */

jest.setTimeout(120_000);

const REGION = 'eu-west-1';
const PAIRS = 2; // accounts × Regions

function testLogger() {
  const warnings: string[] = [];
  const logger: any = {
    info() {},
    warn(message: string) {
      warnings.push(message);
    },
    error() {},
    debug() {},
    child: () => logger,
  };
  return { logger, warnings };
}

describe('change-driven state kept with the snapshot', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  let platform: Platform;
  let local: AwsLocal;
  let clients: AwsClientFactory;
  let config: ComplianceDashboardConfig;
  let full: AwsComplianceReader;
  let targets: PbcTarget[];
  let clock: number;

  beforeAll(async () => {
    platform = generatePlatform({
      pbcs: 12,
      accounts: 2,
      regions: [REGION],
      rules: 20,
      resources: 240,
      events: 40,
      days: 1,
      seed: 21,
      now: new Date(Date.now() - 60_000),
    });
    local = await startAwsLocal({ platform, lookupEventsPerSecond: 0 });
    ({ clients, config } = localReader(
      localAwsRootConfig(platform, local.url),
    ));
    full = new AwsComplianceReader(clients);
    targets = platformEntities(platform).map(e => {
      const result = toPbcTarget(e);
      if (!result.ok) throw new Error(result.reason);
      return result.target;
    });
  });

  afterAll(async () => {
    await local?.close();
  });

  beforeEach(() => {
    local.setFaults({});
    local.aggregator.memberAccountIds = platform.accounts.map(a => a.id);
    clock = Date.now();
  });

  const changeDriven = (logger = testLogger().logger) =>
    new ChangeDrivenReader({
      full,
      clients,
      reconcileEveryMs: 3_600_000,
      overlapMs: 0,
      now: () => clock,
      logger,
    });

  async function setup(id: TestDatabaseId) {
    const knex: Knex = await databases.init(id);
    const store = await ComplianceStore.create({
      database: { getClient: async () => knex },
    });
    return { knex, store };
  }

  /** One refresh with this reader; its AWS calls and the snapshot. */
  async function refresh(
    store: ComplianceStore,
    reader: ComplianceReader,
    logger = testLogger().logger,
  ) {
    const runner = new RefreshRunner({
      store,
      reader,
      config,
      logger,
      loadPbcs: async () => targets,
      now: () => new Date(clock),
    });
    local.resetStats();
    const outcome = await runner.run({ refreshIds: [`r${clock}`] });
    return {
      outcome,
      calls: local.stats().total,
      modes: outcome.accounts.map(a => a.configRead),
    };
  }

  /** What the page shows of every PBC in a snapshot. */
  async function scores(store: ComplianceStore, snapshotId: number) {
    const rows = await store.listPbcRows(snapshotId);
    return Object.fromEntries(
      rows.map(r => [
        r.entityRef,
        [r.score, r.passingCount, r.failingCount, r.insufficientCount],
      ]),
    );
  }

  /** Flips `count` evaluated results of the platform, captured after `at`. */
  function flip(count: number, at: number) {
    let flipped = 0;
    for (const resource of platform.resources) {
      for (const rule of platform.rules) {
        const evals = platform.evaluations(
          resource.accountId,
          resource.region,
          rule,
        );
        for (let k = 0; k < evals.length; k++) {
          if (evals.get(k).resource.index !== resource.index) continue;
          const now = evals.complianceAt(k);
          if (now === 'NOT_APPLICABLE') break;
          local.changes.setCompliance(
            rule,
            resource,
            now === 'COMPLIANT' ? 'NON_COMPLIANT' : 'COMPLIANT',
            at,
          );
          flipped++;
          break;
        }
        if (flipped === count) return;
      }
    }
    throw new Error('not enough evaluations to flip');
  }

  it.each(databases.eachSupportedId())(
    'a restarted process and another replica continue with change reads on %p',
    async id => {
      const { store } = await setup(id);
      const first = changeDriven();
      const initial = await refresh(store, first);
      expect(initial.modes).toEqual(Array(PAIRS).fill('full'));

      // What the same process's next refresh costs: 2 Config + 1 CloudTrail
      // call per account and Region.
      clock += 60_000;
      const next = await refresh(store, first);
      expect(next.modes).toEqual(Array(PAIRS).fill('changes'));
      expect(next.calls).toBe(3 * PAIRS);

      // A new process over the same database, after a change in AWS.
      flip(4, clock + 1000);
      clock += 60_000;
      const restarted = await refresh(store, changeDriven());
      expect(restarted.modes).toEqual(Array(PAIRS).fill('changes'));
      expect(restarted.calls).toBe(next.calls);

      // The first process again, now behind the database: it continues from
      // what the other one committed, not from its own copy.
      clock += 60_000;
      const back = await refresh(store, first);
      expect(back.modes).toEqual(Array(PAIRS).fill('changes'));
      expect(back.calls).toBe(next.calls);

      // And both equal a full read of the same state.
      clock += 60_000;
      const truth = await refresh(store, full);
      const expected = await scores(store, truth.outcome.snapshotId);
      expect(await scores(store, restarted.outcome.snapshotId)).toEqual(
        expected,
      );
      expect(await scores(store, back.outcome.snapshotId)).toEqual(expected);
      expect(await scores(store, initial.outcome.snapshotId)).not.toEqual(
        expected,
      );

      // A reconciliation another replica made is not made again here.
      clock += 3_600_000;
      const reconciled = await refresh(store, changeDriven());
      expect(reconciled.modes).toEqual(Array(PAIRS).fill('full'));
      clock += 60_000;
      const after = await refresh(store, first);
      expect(after.modes).toEqual(Array(PAIRS).fill('changes'));
      expect(after.calls).toBe(3 * PAIRS);
    },
  );

  it.each(databases.eachSupportedId())(
    'a failed commit leaves the kept state as it was, and nothing is lost on %p',
    async id => {
      const { store } = await setup(id);
      const first = changeDriven();
      const committed = await refresh(store, first);
      const versions = await store.getReaderStateVersions();
      expect([...versions.values()]).toEqual(
        Array(PAIRS).fill(committed.outcome.snapshotId),
      );
      const before = await Promise.all(
        [...versions.keys()].map(scope => store.getReaderState(scope)),
      );

      flip(6, clock + 1000);
      clock += 60_000;
      // The store fails at the end of the snapshot's transaction, after it
      // wrote the readers' state.
      const finish = jest
        .spyOn(store, 'finishRefresh')
        .mockRejectedValueOnce(new Error('disk full'));
      await expect(refresh(store, first)).rejects.toThrow('disk full');
      expect(finish).toHaveBeenCalled();
      finish.mockRestore();
      expect(await store.getReaderStateVersions()).toEqual(versions);
      expect(
        await Promise.all(
          [...versions.keys()].map(scope => store.getReaderState(scope)),
        ),
      ).toEqual(before);

      // Restarted, and the same process: both read the changes since the
      // committed state again, and see the flips.
      clock += 60_000;
      const restarted = await refresh(store, changeDriven());
      expect(restarted.modes).toEqual(Array(PAIRS).fill('changes'));
      expect(restarted.calls).toBe(3 * PAIRS);
      const same = await refresh(store, first);
      expect(same.modes).toEqual(Array(PAIRS).fill('changes'));

      clock += 60_000;
      const truth = await refresh(store, full);
      const expected = await scores(store, truth.outcome.snapshotId);
      expect(await scores(store, restarted.outcome.snapshotId)).toEqual(
        expected,
      );
      expect(await scores(store, same.outcome.snapshotId)).toEqual(expected);
      expect(await scores(store, committed.outcome.snapshotId)).not.toEqual(
        expected,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'a kept state that cannot be read is read in full, with a log line, on %p',
    async id => {
      const { knex, store } = await setup(id);
      await refresh(store, changeDriven());
      const [corrupt, old] = [...(await store.getReaderStateVersions()).keys()];
      await knex('reader_state')
        .where({ scope: corrupt })
        .update({ data: Buffer.from('not what the reader wrote') });
      await knex('reader_state')
        .where({ scope: old })
        .update({
          data: gzipSync(JSON.stringify({ format: 0, kind: 'account' })),
        });

      clock += 60_000;
      const { logger, warnings } = testLogger();
      const restarted = await refresh(store, changeDriven(logger));
      expect(restarted.modes).toEqual(Array(PAIRS).fill('full'));
      expect(restarted.outcome.accounts.every(a => a.state === 'ok')).toBe(
        true,
      );
      expect(warnings).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /kept state of \d{12}\/eu-west-1 \(version \d+\) cannot be used \(not gzip data\); reading .* in full/,
          ),
          expect.stringMatching(
            /cannot be used \(format 0, this version reads 1\)/,
          ),
        ]),
      );
      // Replaced by the full read's state: the next refresh reads changes.
      clock += 60_000;
      const next = await refresh(store, changeDriven());
      expect(next.modes).toEqual(Array(PAIRS).fill('changes'));
    },
  );

  const aggregator = (logger = testLogger().logger) =>
    new AggregatorReader({
      location: {
        accountId: local.aggregator.accountId,
        region: local.aggregator.region,
        name: local.aggregator.name,
      },
      clients,
      cloudTrail: full,
      roundMs: 1000,
      reconcileEveryMs: 3_600_000,
      overlapMs: 0,
      now: () => clock,
      logger,
    });

  it.each(databases.eachSupportedId())(
    'aggregator mode: a restarted process continues with change reads, and reads in full after a bad kept state, on %p',
    async id => {
      const { knex, store } = await setup(id);
      const initial = await refresh(store, aggregator());
      expect(initial.modes).toEqual(Array(PAIRS).fill('full'));
      expect([...(await store.getReaderStateVersions()).keys()]).toEqual([
        `aggregator/${local.aggregator.accountId}/${local.aggregator.region}/${local.aggregator.name}`,
      ]);

      // A new process: one round of three Config calls for the whole
      // organisation, plus LookupEvents per account and Region.
      flip(4, clock + 1000);
      clock += 60_000;
      const restarted = await refresh(store, aggregator());
      expect(restarted.modes).toEqual(Array(PAIRS).fill('changes'));
      expect(restarted.calls).toBe(3 + PAIRS);
      clock += 60_000;
      const truth = await refresh(store, full);
      expect(await scores(store, restarted.outcome.snapshotId)).toEqual(
        await scores(store, truth.outcome.snapshotId),
      );

      await knex('reader_state').update({ data: Buffer.from('garbage') });
      clock += 60_000;
      const { logger, warnings } = testLogger();
      const recovered = await refresh(store, aggregator(logger));
      expect(recovered.modes).toEqual(Array(PAIRS).fill('full'));
      expect(warnings).toEqual([
        expect.stringMatching(
          /kept state of the aggregator .* cannot be used \(not gzip data\); reading it in full/,
        ),
      ]);
    },
  );
});
