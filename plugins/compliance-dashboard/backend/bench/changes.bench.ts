/*
 * Calls per refresh, full reader against change-driven reader, on one
 * platform whose evaluations churn between refreshes (issue 10, item 6).
 *
 *   yarn workspace @pbc-portal/plugin-compliance-dashboard-backend bench:changes
 *   ... bench:changes --sizes 50,500 --rates 0,0.01,0.1 --out results.json
 *
 * The local endpoint runs in this process without a LookupEvents limit; the
 * clock between refreshes is simulated (15 minutes a step), so that the
 * change queries' watermarks and the churn's capture times agree. Every
 * change-driven read is compared with the full read of the same state.
 */
import { writeFileSync } from 'node:fs';
import { generatePlatform, startAwsLocal } from '@pbc-portal/aws-local';
import { AggregatorReader } from '../src/aws/AggregatorReader';
import { AwsComplianceReader } from '../src/aws/AwsComplianceReader';
import { ChangeDrivenReader } from '../src/aws/ChangeDrivenReader';
import { ConfigReadResult } from '../src/aws/types';
import { localAwsRootConfig, localReader } from '../src/__testUtils__/fixtures';
import { SQSClient } from '@aws-sdk/client-sqs';
import { PushConsumer } from '../src/push/PushConsumer';
import { SqsEventQueue } from '../src/push/SqsEventQueue';

/* eslint-disable no-console */

const argv = process.argv.slice(2);
const get = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const sizes = (get('sizes') ?? '50,500,5000').split(',').map(Number);
const rates = (get('rates') ?? '0,0.01,0.1').split(',').map(Number);
const accounts = Number(get('accounts') ?? 10);
const resources = Number(get('resources') ?? 50000);
const REGIONS = ['eu-west-1', 'us-east-1'];
const STEP_MS = 15 * 60_000;

function essence(read: ConfigReadResult): string {
  return [
    ...read.resources.map(r => `r|${r.resourceType}|${r.resourceId}|${r.pbc}`),
    ...read.evaluations.map(
      e => `e|${e.ruleName}|${e.resourceType}|${e.resourceId}|${e.compliance}`,
    ),
  ]
    .sort()
    .join('\n');
}

interface PushRow {
  pbcs: number;
  changedResults: number;
  /** From the change in AWS to the refresh that includes it, committed. */
  changeToCommitMs: number;
  sqsCalls: number;
  refreshCalls: number;
}

const pushRows: PushRow[] = [];

interface Row {
  pbcs: number;
  changeRate: number;
  changedResults: number;
  fullConfigCalls: number;
  changeDrivenConfigCalls: number;
  aggregatorConfigCalls: number;
  cloudTrailCalls: number;
  targets: number;
  mismatches: number;
  fullMs: number;
  changeDrivenMs: number;
}

async function runSize(pbcs: number): Promise<Row[]> {
  let clock = Date.now();
  const platform = generatePlatform({
    pbcs,
    accounts,
    regions: REGIONS,
    rules: 40,
    resources,
    events: 20000,
    days: 7,
    seed: 3,
    now: new Date(clock - 60_000),
  });
  const local = await startAwsLocal({ platform, lookupEventsPerSecond: 0 });
  try {
    const { clients } = localReader(localAwsRootConfig(platform, local.url));
    const full = new AwsComplianceReader(clients, {
      conformancePackListTtlMs: 360 * 60_000,
    });
    const changeDriven = new ChangeDrivenReader({
      full: new AwsComplianceReader(clients, {
        conformancePackListTtlMs: 360 * 60_000,
      }),
      clients,
      reconcileEveryMs: 24 * 3600_000,
      overlapMs: 15 * 60_000,
      now: () => clock,
    });
    const aggregator = new AggregatorReader({
      location: {
        accountId: local.aggregator.accountId,
        region: local.aggregator.region,
        name: local.aggregator.name,
      },
      clients,
      cloudTrail: full,
      roundMs: 60_000,
      reconcileEveryMs: 24 * 3600_000,
      overlapMs: 15 * 60_000,
      now: () => clock,
    });
    const targets = platform.accounts.flatMap(a =>
      REGIONS.map(region => ({ accountId: a.id, region })),
    );
    const readAll = async (reader: {
      readConfig: AwsComplianceReader['readConfig'];
    }) => {
      local.resetStats();
      const started = Date.now();
      const reads = [];
      for (const t of targets) reads.push(await reader.readConfig(t));
      return {
        reads,
        calls: local.stats().total,
        ms: Date.now() - started,
      };
    };
    // First reads: both readers read everything once.
    await readAll(full);
    await readAll(changeDriven);
    await readAll(aggregator);
    // CloudTrail: one LookupEvents window of one interval per target, the
    // same for both readers.
    local.resetStats();
    for (const t of targets) {
      await full.readCloudTrail(
        t,
        { start: new Date(clock - STEP_MS), end: new Date(clock) },
        () => {},
      );
    }
    const cloudTrailCalls = local.stats().total;

    const rows: Row[] = [];
    for (const rate of rates) {
      // Two steps per rate: the first carries the previous rate's changes
      // in the overlap; the second is measured.
      for (let step = 0; step < 2; step++) {
        clock += STEP_MS;
        const changed = local.changes.churn(rate, clock - 60_000).length;
        const f = await readAll(full);
        const c = await readAll(changeDriven);
        const a = await readAll(aggregator);
        let mismatches = 0;
        f.reads.forEach((read, i) => {
          if (essence(read) !== essence(c.reads[i])) mismatches += 1;
          if (essence(read) !== essence(a.reads[i])) mismatches += 1;
        });
        if (step === 1) {
          rows.push({
            pbcs,
            changeRate: rate,
            changedResults: changed,
            fullConfigCalls: f.calls,
            changeDrivenConfigCalls: c.calls,
            aggregatorConfigCalls: a.calls,
            cloudTrailCalls,
            targets: targets.length,
            mismatches,
            fullMs: f.ms,
            changeDrivenMs: c.ms,
          });
          console.log(JSON.stringify(rows[rows.length - 1]));
        }
      }
    }
    // Push: a few changes, received by long polling, applied, committed by
    // a change-driven refresh of every account and Region.
    const sqs = new SQSClient({
      endpoint: local.url,
      region: local.aggregator.region,
      credentials: {
        accessKeyId: `LOCAL${local.aggregator.accountId}`,
        secretAccessKey: 'x',
      },
    });
    let refreshCalls = 0;
    const consumer = new PushConsumer({
      queue: new SqsEventQueue({ client: sqs, queueUrl: local.eventQueueUrl }),
      apply: change => changeDriven.applyPushedChange(change),
      commit: async () => {
        clock += 1000;
        refreshCalls += (await readAll(changeDriven)).calls;
      },
      logger: {
        info() {},
        warn() {},
        error() {},
        debug() {},
        child() {
          return this;
        },
      } as any,
      waitSeconds: 20,
    });
    // What the churn above queued is not part of this measurement.
    local.queues.purge(
      local.aggregator.accountId,
      'pbc-portal-compliance-events',
    );
    local.resetStats();
    refreshCalls = 0;
    const polling = consumer.pollOnce();
    await new Promise(r => setTimeout(r, 200));
    const changedAt = Date.now();
    const changed = local.changes.churn(0.0002, clock).length;
    const started = local.stats().total;
    await polling;
    while (
      local.queues.depth(
        local.aggregator.accountId,
        'pbc-portal-compliance-events',
      ) > 0
    ) {
      await consumer.pollOnce();
    }
    const row: PushRow = {
      pbcs,
      changedResults: changed,
      changeToCommitMs: Date.now() - changedAt,
      sqsCalls: local.stats().total - started - refreshCalls + 1,
      refreshCalls,
    };
    pushRows.push(row);
    console.log(JSON.stringify(row));
    sqs.destroy();
    return rows;
  } finally {
    await local.close();
  }
}

async function main() {
  const rows: Row[] = [];
  for (const size of sizes) rows.push(...(await runSize(size)));
  console.log(
    '\n| PBCs | change | full: calls (per account+Region) | change-driven: calls (per account+Region) | ratio | aggregator: calls | mismatches |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const full = r.fullConfigCalls + r.cloudTrailCalls;
    const cd = r.changeDrivenConfigCalls + r.cloudTrailCalls;
    console.log(
      `| ${r.pbcs} | ${r.changeRate * 100} % | ${full} (${(
        full / r.targets
      ).toFixed(1)}) | ${cd} (${(cd / r.targets).toFixed(1)}) | ${(
        full / cd
      ).toFixed(1)}× | ${r.aggregatorConfigCalls + r.cloudTrailCalls} | ${
        r.mismatches
      } |`,
    );
  }
  console.log(
    '\n| PBCs | results changed | change to committed refresh | SQS calls | refresh calls |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  for (const p of pushRows) {
    console.log(
      `| ${p.pbcs} | ${p.changedResults} | ${(
        p.changeToCommitMs / 1000
      ).toFixed(1)} s | ${p.sqsCalls} | ${p.refreshCalls} |`,
    );
  }
  const out = get('out');
  if (out) writeFileSync(out, JSON.stringify({ rows, pushRows }, null, 2));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
