import { TestDatabases } from '@backstage/backend-test-utils';
import {
  AwsLocal,
  generatePlatform,
  Platform,
  startAwsLocal,
} from '@pbc-portal/aws-local';
import { controlsForPbc } from '@pbc-portal/pbc-domain';
import { ComplianceStore } from '../database/ComplianceStore';
import { toPbcTarget } from '../domain/pbcs';
import { ComplianceService } from '../service/ComplianceService';
import {
  localAwsRootConfig,
  localReader,
  platformEntities,
} from '../__testUtils__/fixtures';
import { runHistoryBackfill } from './historyTask';
import { scoreOfPackDay } from './packHistory';

jest.setTimeout(60_000);

const logger = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return logger;
  },
} as any;

describe('scoreOfPackDay', () => {
  const rule = controlsForPbc({ pciScope: false, level: 'pbc' }).find(
    c => c.detection.configRule?.identifier,
  )!.detection.configRule!.identifier;

  it('scores a day as the refresh scores a PBC', () => {
    expect(scoreOfPackDay([], false)).toBeNull();
    expect(
      scoreOfPackDay([{ ruleName: rule, compliance: 'COMPLIANT' }], false),
    ).toBe(100);
    expect(
      scoreOfPackDay([{ ruleName: rule, compliance: 'NON_COMPLIANT' }], false),
    ).toBe(0);
  });
});

describe('history backfill against aws-local', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let platform: Platform;
  let local: AwsLocal;

  beforeAll(async () => {
    platform = generatePlatform({
      pbcs: 8,
      accounts: 2,
      regions: ['eu-west-1'],
      rules: 30,
      resources: 120,
      events: 100,
      days: 20,
      seed: 8,
      now: new Date(Date.now() - 60_000),
    });
    local = await startAwsLocal({ platform, lookupEventsPerSecond: 0 });
  });

  afterAll(async () => {
    await local?.close();
  });

  it('gives every PBC its past scores once, bounded by the configured days', async () => {
    const knex = await databases.init('SQLITE_3');
    const store = await ComplianceStore.create({
      database: { getClient: async () => knex },
    });
    const { reader, clients, config } = localReader(
      localAwsRootConfig(platform, local.url),
    );
    const targets = platformEntities(platform).map(e => {
      const result = toPbcTarget(e);
      if (!result.ok) throw new Error(result.reason);
      return result.target;
    });
    const service = new ComplianceService({
      store,
      reader,
      config,
      logger,
      loadPbcs: async () => targets,
    });
    // Nothing to attach scores to before the first snapshot.
    const options = {
      store,
      clients,
      loadPbcs: async () => targets,
      days: 7,
      logger,
    };
    expect(await runHistoryBackfill(options)).toBe(0);

    await service.runScheduledRefresh();
    const today = new Date().toISOString().slice(0, 10);
    const written = await runHistoryBackfill(options);
    // Six past days (the seventh is today's refresh) for every PBC.
    expect(written).toBe(targets.length * 6);
    const history = await store.listScoreHistory('2000-01-01');
    for (const target of targets) {
      const days = history.get(target.entityRef)!;
      expect(days).toHaveLength(7);
      expect(days[days.length - 1].day).toBe(today);
      expect(days.filter(d => d.score !== null).length).toBeGreaterThan(0);
    }
    // The timelines differ from today: trends are not flat copies.
    const pastScores = new Set(
      [...history.values()].flatMap(d => d.slice(0, -1).map(x => x.score)),
    );
    expect(pastScores.size).toBeGreaterThan(1);

    // Backfilled once: the next run has nothing to do and calls nothing.
    local.resetStats();
    expect(await runHistoryBackfill(options)).toBe(0);
    expect(local.stats().total).toBe(0);
  });
});
