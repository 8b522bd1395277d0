/*
 * Peak memory and list latency of the backend per reader (issue 10, item 6):
 * the full reader on every refresh (the path before issue 10), the
 * change-driven reader, and the aggregator reader.
 *
 *   yarn workspace @pbc-portal/plugin-compliance-dashboard-backend bench:footprint
 *   ... bench:footprint --sizes 50,500,5000 --runs 3 --out footprint.json
 *
 * Options (defaults in brackets): --sizes [50,500,5000]
 * --modes [full,change-driven,aggregator] --runs [3] --steps [3]
 * --rate [0.01] --resources [50000] --events [20000] --clients [50]
 * --list-requests [2000] --out <file.json>
 * --stages: memory at the end of each stage and its peaks (with
 * `node --expose-gc`, also the heap still referenced after a collection)
 *
 * Every run of every reader is its own process (the endpoint in another), so
 * that the peak RSS is that reader's backend alone. A run: a first refresh,
 * then `steps` times a churn of `rate` of the evaluation results and a
 * refresh, then the list route under load. Runs of the three readers are
 * interleaved so that the shared machine's load weighs on each alike; the
 * table shows medians over the runs.
 */
import { fork } from 'node:child_process';
import { PerformanceObserver, constants as perf } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';
import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createComplianceReader } from '../src/aws/createReader';
import { createRouter } from '../src/router/createRouter';
import { localAwsRootConfig } from '../src/__testUtils__/fixtures';
import { benchDatabase, benchService, serveBench } from './benchBackend';
import { ask, load, startLocal } from './processes';

/* eslint-disable no-console */

const MODES = ['full', 'change-driven', 'aggregator'] as const;
type Mode = (typeof MODES)[number];

const argv = process.argv.slice(2);
const get = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const options = {
  sizes: (get('sizes') ?? '50,500,5000').split(',').map(Number),
  modes: (get('modes') ?? MODES.join(',')).split(',') as Mode[],
  runs: Number(get('runs') ?? 3),
  steps: Number(get('steps') ?? 3),
  rate: Number(get('rate') ?? 0.01),
  accounts: Number(get('accounts') ?? 10),
  resources: Number(get('resources') ?? 50000),
  events: Number(get('events') ?? 20000),
  clients: Number(get('clients') ?? 50),
  listRequests: Number(get('list-requests') ?? 2000),
  out: get('out'),
  one: get('one'),
  stages: argv.includes('--stages'),
};
for (const mode of options.modes) {
  if (!MODES.includes(mode)) throw new Error(`unknown mode ${mode}`);
}

const REGIONS = ['eu-west-1', 'us-east-1'];
const MiB = 1024 * 1024;

interface RunResult {
  pbcs: number;
  mode: Mode;
  baselineRssMiB: number;
  peakRssMiB: number;
  firstRefreshCalls: number;
  lastRefreshCalls: number;
  listP50: number;
  listP95: number;
  httpErrors: number;
  /** V8 heap in use when the list load starts (what every major GC marks). */
  listHeapUsedMiB: number;
  /** Garbage collections during the list load: pauses in total, major ones. */
  listGcPauseMs: number;
  listMajorGcPauseMs: number;
  listMajorGcs: number;
  /** Garbage collections during the list load by kind (minor, major, incremental). */
  listGcs: { minor: number; major: number; incremental: number };
  /** The backend's CPU time during the list load (main and V8 helper threads). */
  listCpuMs: number;
  listWallMs: number;
}

// ------------------------------------------------------------- one run

async function runOne(pbcs: number, mode: Mode): Promise<RunResult> {
  const baselineRss = process.memoryUsage.rss();
  let peak = baselineRss;
  // --stages: memory at each stage's end and its peaks, to find where it goes.
  let stagePeak = { rss: 0, heapUsed: 0, external: 0 };
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    stagePeak = {
      rss: Math.max(stagePeak.rss, m.rss),
      heapUsed: Math.max(stagePeak.heapUsed, m.heapUsed),
      external: Math.max(stagePeak.external, m.external),
    };
  }, 50);
  const stage = (name: string) => {
    if (!options.stages) return;
    const m = process.memoryUsage();
    const mib = (n: number) => Math.round(n / MiB);
    console.error(
      `  stage ${name}: rss ${mib(m.rss)} heapUsed ${mib(
        m.heapUsed,
      )} heapTotal ${mib(m.heapTotal)} external ${mib(
        m.external,
      )} arrayBuffers ${mib(m.arrayBuffers)} | peak in stage: rss ${mib(
        stagePeak.rss,
      )} heapUsed ${mib(stagePeak.heapUsed)} external ${mib(
        stagePeak.external,
      )}`,
    );
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) {
      // With --expose-gc: what is still referenced, apart from garbage.
      gc();
      console.error(
        `  stage ${name} after gc: heapUsed ${mib(
          process.memoryUsage().heapUsed,
        )}`,
      );
    }
    stagePeak = { rss: 0, heapUsed: 0, external: 0 };
  };
  stage('start');
  const { child, ready } = await startLocal({
    pbcs,
    accounts: options.accounts,
    regions: REGIONS,
    rules: 40,
    resources: options.resources,
    events: options.events,
    days: 7,
    seed: 1,
    now: new Date().toISOString(),
    // No CloudTrail quota: this benchmark measures memory and latency, not
    // the backfill's wall time (refresh.bench.ts does).
    lookupEventsPerSecond: 0,
  });
  const database = benchDatabase('pbc-footprint-');
  try {
    const rootConfig = new ConfigReader(
      localAwsRootConfig(ready, ready.url, {
        aws: {
          maxAttempts: 6,
          lookupEventsPerSecond: 1000,
          concurrency: 4,
          // 0: a full read on every refresh, the path before issue 10.
          fullReadEveryMinutes: mode === 'full' ? 0 : 1440,
          ...(mode === 'aggregator'
            ? { mode: 'aggregator', aggregator: ready.aggregator }
            : {}),
        },
      }),
    );
    const { clients, logger, service } = await benchService({
      rootConfig,
      knex: database.knex,
      entities: ready.entities,
      reader: (awsClients, config) =>
        createComplianceReader(awsClients, config.aws),
    });
    const refresh = async () => {
      clients.resetStats();
      const [status] = await service.runScheduledRefresh();
      if (status.state === 'failed') {
        throw new Error(`refresh failed: ${JSON.stringify(status)}`);
      }
      return clients.stats().requests;
    };
    stage('service ready');
    const firstRefreshCalls = await refresh();
    stage('first refresh');
    let lastRefreshCalls = 0;
    for (let step = 0; step < options.steps; step++) {
      await ask(child, { type: 'churn', share: options.rate });
      lastRefreshCalls = await refresh();
      stage(`refresh ${step + 2}`);
    }

    // The list route under load, allowed for everyone (the decision is not
    // what differs between readers).
    const httpAuth = {
      credentials: async () => ({
        $$type: '@backstage/BackstageCredentials',
        principal: { type: 'user', userEntityRef: 'user:default/bench' },
      }),
      issueUserCookie: async () => ({ expiresAt: new Date() }),
    } as any;
    const permissions = {
      authorizeConditional: async (requests: any[]) =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      authorize: async (requests: any[]) =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    } as any;
    const { server, port, generator } = await serveBench(
      await createRouter({ httpAuth, permissions, service }),
      logger,
    );
    const pages = Math.max(1, Math.floor(pbcs / 50));
    const listPath = () =>
      `/pbcs?limit=50&sort=score&offset=${
        50 * Math.floor(Math.random() * pages)
      }`;
    await load(generator, {
      port,
      clients: options.clients,
      requests: options.clients * 4,
      path: listPath,
    });
    stage('list warm-up');
    // GC pauses during the list load: a reader's kept heap is marked by
    // every major collection the route's garbage triggers.
    const listHeapUsed = process.memoryUsage().heapUsed;
    const gc = { pauseMs: 0, majorPauseMs: 0, majors: 0 };
    const gcs = { minor: 0, major: 0, incremental: 0 };
    const gcObserver = new PerformanceObserver(entries => {
      for (const entry of entries.getEntries()) {
        gc.pauseMs += entry.duration;
        const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
        if (kind === perf.NODE_PERFORMANCE_GC_MINOR) gcs.minor++;
        if (kind === perf.NODE_PERFORMANCE_GC_INCREMENTAL) gcs.incremental++;
        if (kind === perf.NODE_PERFORMANCE_GC_MAJOR) {
          gcs.major++;
          gc.majorPauseMs += entry.duration;
          gc.majors++;
        }
      }
    });
    gcObserver.observe({ entryTypes: ['gc'] });
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    const list = await load(generator, {
      port,
      clients: options.clients,
      requests: options.listRequests,
      path: listPath,
    });
    const cpu = process.cpuUsage(cpuBefore);
    const listWallMs = performance.now() - wallBefore;
    gcObserver.disconnect();
    stage('list load');
    generator.kill();
    await new Promise(resolve => server.close(resolve));
    clearInterval(sampler);
    clients.destroy();
    return {
      pbcs,
      mode,
      baselineRssMiB: Math.round(baselineRss / MiB),
      peakRssMiB: Math.round(
        Math.max(peak, process.resourceUsage().maxRSS * 1024) / MiB,
      ),
      firstRefreshCalls,
      lastRefreshCalls,
      listP50: list.p50,
      listP95: list.p95,
      httpErrors: list.errors,
      listHeapUsedMiB: Math.round(listHeapUsed / MiB),
      listGcPauseMs: Math.round(gc.pauseMs),
      listMajorGcPauseMs: Math.round(gc.majorPauseMs),
      listMajorGcs: gc.majors,
      listGcs: gcs,
      listCpuMs: Math.round((cpu.user + cpu.system) / 1000),
      listWallMs: Math.round(listWallMs),
    };
  } finally {
    await database.close();
    child.send('stop');
  }
}

// ------------------------------------------------------------- orchestration

function runChild(pbcs: number, mode: Mode): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [...argv, '--one', `${pbcs}:${mode}`], {
      execArgv: process.execArgv,
    });
    child.on('message', (m: any) => {
      if (m.type === 'result') resolve(m.result);
    });
    child.on('exit', code => {
      if (code !== 0) reject(new Error(`${pbcs}/${mode} exited with ${code}`));
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[mid]
    : Math.round(((sorted[mid - 1] + sorted[mid]) / 2) * 10) / 10;
}

function table(results: RunResult[]): string {
  const lines = [
    '| PBCs | reader | peak RSS MiB (median) | ratio to full | GET /pbcs p95 ms (median) | ratio to full | p50 ms | calls, last refresh | runs |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const pbcs of options.sizes) {
    const of = (mode: Mode) =>
      results.filter(r => r.pbcs === pbcs && r.mode === mode);
    const full = of('full');
    const fullRss = median(full.map(r => r.peakRssMiB));
    const fullP95 = median(full.map(r => r.listP95));
    for (const mode of options.modes) {
      const runs = of(mode);
      if (runs.length === 0) continue;
      const rss = median(runs.map(r => r.peakRssMiB));
      const p95 = median(runs.map(r => r.listP95));
      const ratio = (a: number, b: number) =>
        full.length ? `${(a / b).toFixed(2)}×` : '-';
      lines.push(
        `| ${pbcs} | ${mode} | ${rss} (${runs
          .map(r => r.peakRssMiB)
          .join(', ')}) | ${ratio(rss, fullRss)} | ${p95} (${runs
          .map(r => r.listP95)
          .join(', ')}) | ${ratio(p95, fullP95)} | ${median(
          runs.map(r => r.listP50),
        )} | ${median(runs.map(r => r.lastRefreshCalls))} | ${runs.length} |`,
      );
    }
  }
  return lines.join('\n');
}

async function main() {
  if (options.one) {
    const [pbcs, mode] = options.one.split(':');
    const result = await runOne(Number(pbcs), mode as Mode);
    await new Promise(resolve =>
      process.send!({ type: 'result', result }, undefined, {}, resolve),
    );
    return;
  }
  const results: RunResult[] = [];
  for (const pbcs of options.sizes) {
    for (let run = 0; run < options.runs; run++) {
      for (const mode of options.modes) {
        const result = await runChild(pbcs, mode);
        console.error(JSON.stringify(result));
        results.push(result);
      }
    }
  }
  console.log(table(results));
  if (options.out) {
    writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
