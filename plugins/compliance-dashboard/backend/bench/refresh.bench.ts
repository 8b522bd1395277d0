/*
 * Refresh and API benchmark of the compliance dashboard backend against the
 * local AWS endpoint (LookupEvents throttled at 2 per second per account and
 * Region, as in AWS).
 *
 *   yarn workspace @pbc-portal/plugin-compliance-dashboard-backend bench
 *   yarn workspace @pbc-portal/plugin-compliance-dashboard-backend bench --sizes 50,500
 *
 * Options (defaults in brackets): --sizes [50,500,5000] --accounts [10]
 * --resources [50000] --events [200000] --days [7] --backfill-days [7]
 * --clients [50] --list-requests [2000] --detail-requests [1000]
 * --naive / --no-naive [on] --out <file.json>
 *
 * Each size runs in its own process (and the endpoint in another), so that
 * the peak memory reported is the backend's alone for that size.
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { ConfigReader } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import { AwsClientFactory } from '../src/aws/AwsClientFactory';
import { AwsComplianceReader } from '../src/aws/AwsComplianceReader';
import { createRouter } from '../src/router/createRouter';
import { localAwsRootConfig } from '../src/__testUtils__/fixtures';
import { NaivePerPbcReader } from './NaivePerPbcReader';
import { benchDatabase, benchService, serveBench } from './benchBackend';
import { ask, load, startLocal } from './processes';

/* eslint-disable no-console */

interface Options {
  sizes: number[];
  accounts: number;
  resources: number;
  events: number;
  days: number;
  backfillDays: number;
  clients: number;
  listRequests: number;
  detailRequests: number;
  naive: boolean;
  out?: string;
}

function parseArgs(argv: string[]): Options & { oneSize?: number } {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string, fallback: number) => Number(get(name) ?? fallback);
  return {
    sizes: (get('sizes') ?? '50,500,5000').split(',').map(Number),
    accounts: num('accounts', 10),
    resources: num('resources', 50000),
    events: num('events', 200000),
    days: num('days', 7),
    backfillDays: num('backfill-days', 7),
    clients: num('clients', 50),
    listRequests: num('list-requests', 2000),
    detailRequests: num('detail-requests', 1000),
    naive: !argv.includes('--no-naive'),
    out: get('out'),
    oneSize: get('one-size') ? Number(get('one-size')) : undefined,
  };
}

const REGIONS = ['eu-west-1', 'us-east-1'];
const MiB = 1024 * 1024;

function memory(): string {
  // With --expose-gc, show what is live rather than what awaits collection.
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return `rss ${Math.round(m.rss / MiB)} MiB, heap ${Math.round(
    m.heapUsed / MiB,
  )}/${Math.round(m.heapTotal / MiB)} MiB, external ${Math.round(
    m.external / MiB,
  )} MiB`;
}

// ------------------------------------------------------------- helpers

function round(n: number, digits = 1) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

// ------------------------------------------------------------- one size

async function runSize(size: number, options: Options) {
  // What the process holds before any refresh: Node, the modules (and, run
  // from source, the TypeScript loader), the database client.
  const baselineRss = process.memoryUsage.rss();
  let peak = 0;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 50);
  const now = new Date();
  const { child, ready } = await startLocal({
    pbcs: size,
    accounts: options.accounts,
    regions: REGIONS,
    rules: 40,
    resources: options.resources,
    events: options.events,
    days: options.days,
    seed: 1,
    now: now.toISOString(),
    lookupEventsPerSecond: 2,
  });
  const database = benchDatabase('pbc-bench-');
  try {
    const rootConfig = new ConfigReader(
      localAwsRootConfig(ready, ready.url, {
        cloudTrail: { backfillDays: options.backfillDays },
        aws: { maxAttempts: 6, lookupEventsPerSecond: 2, concurrency: 4 },
      }),
    );
    const { config, clients, store, targets, logger, service } =
      await benchService({
        rootConfig,
        knex: database.knex,
        entities: ready.entities,
        reader: (awsClients, dashboardConfig) =>
          new AwsComplianceReader(awsClients, {
            conformancePackListTtlMs:
              dashboardConfig.aws.conformancePackListMinutes * 60000,
          }),
      });

    const refresh = async () => {
      clients.resetStats();
      await ask(child, 'reset');
      const started = Date.now();
      const [status] = await service.runScheduledRefresh();
      const wallMs = Date.now() - started;
      const server = (await ask(child, 'stats')).stats;
      return {
        state: status.state,
        wallSeconds: round(wallMs / 1000),
        awsCalls: clients.stats().requests,
        byOperation: clients.stats().byOperation,
        throttled: server.throttled,
        eventsRead: status.accounts.reduce(
          (n, a) => n + (a.cloudTrailEvents ?? 0),
          0,
        ),
        accountRegions: status.accounts.length,
      };
    };

    console.error(
      `[${size}] platform generated in ${ready.generatedInMs} ms; first refresh (backfill ${options.backfillDays} days)...`,
    );
    const first = await refresh();
    const riskyStored = await store.countEvents();
    console.error(
      `[${size}] first refresh: ${first.wallSeconds} s, ${
        first.awsCalls
      } calls; ${memory()}; second refresh...`,
    );
    const second = await refresh();
    console.error(
      `[${size}] second refresh: ${second.wallSeconds} s, ${
        second.awsCalls
      } calls; ${memory()}; HTTP load...`,
    );

    // The API under load: the real router, with stand-ins for auth.
    const user = { type: 'user', userEntityRef: 'user:default/bench' };
    const httpAuth = {
      credentials: async () => ({
        $$type: '@backstage/BackstageCredentials',
        principal: user,
      }),
      issueUserCookie: async () => ({ expiresAt: new Date() }),
    } as any;
    const owner = targets[0].owner;
    const permissions = {
      authorizeConditional: async (requests: any[], opts: any) =>
        requests.map(() =>
          opts.credentials.principal.userEntityRef === 'user:default/owner'
            ? {
                result: AuthorizeResult.CONDITIONAL,
                pluginId: 'catalog',
                resourceType: 'catalog-entity',
                conditions: {
                  rule: 'IS_ENTITY_OWNER',
                  resourceType: 'catalog-entity',
                  params: { claims: [owner] },
                },
              }
            : { result: AuthorizeResult.ALLOW },
        ),
      authorize: async (requests: any[]) =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    } as any;
    const conditionalAuth = {
      ...httpAuth,
      credentials: async (req: express.Request) => ({
        $$type: '@backstage/BackstageCredentials',
        principal:
          req.headers['x-bench-user'] === 'owner'
            ? { type: 'user', userEntityRef: 'user:default/owner' }
            : user,
      }),
    };
    const { server, port, generator } = await serveBench(
      await createRouter({ httpAuth: conditionalAuth, permissions, service }),
      logger,
    );
    const pages = Math.max(1, Math.floor(size / 50));
    const names = targets.map((t: any) => t.name);
    // Warm-up: open the clients' connections, let the JIT settle.
    await load(generator, {
      port,
      clients: options.clients,
      requests: options.clients * 4,
      path: () => '/pbcs',
    });
    const sequential = await load(generator, {
      port,
      clients: 1,
      requests: 200,
      path: () => '/pbcs?limit=50&sort=score',
    });
    console.error(`[${size}] sequential list: ${JSON.stringify(sequential)}`);
    const list = await load(generator, {
      port,
      clients: options.clients,
      requests: options.listRequests,
      path: () =>
        `/pbcs?limit=50&sort=score&offset=${
          50 * Math.floor(Math.random() * pages)
        }`,
    });
    const listFiltered = await load(generator, {
      port,
      clients: options.clients,
      requests: options.listRequests,
      path: () => '/pbcs?limit=50&severity=critical,high&search=a&sort=failing',
      headers: { 'x-bench-user': 'owner' },
    });
    const detail = await load(generator, {
      port,
      clients: options.clients,
      requests: options.detailRequests,
      path: () =>
        `/pbcs/default/${names[Math.floor(Math.random() * names.length)]}`,
    });
    generator.kill();
    console.error(`[${size}] after HTTP load: ${memory()}`);
    await new Promise(resolve => server.close(resolve));

    // The backend's own peak: refreshes and API load, before the naive
    // reader (which runs in this process too) adds its clients.
    const backendPeakRss = Math.max(
      peak,
      process.resourceUsage().maxRSS * 1024,
    );
    const backendPeakHeap = peakHeap;

    let naive: any;
    if (options.naive) {
      console.error(`[${size}] naive per-PBC reader...`);
      // The same steady-state window as our second refresh.
      const naiveClients = new AwsClientFactory({
        credentialsManager: DefaultAwsCredentialsManager.fromConfig(rootConfig),
        config: config.aws,
      });
      const end = new Date();
      const started = Date.now();
      const totals = await new NaivePerPbcReader(naiveClients).read(targets, {
        start: new Date(
          end.getTime() - config.cloudTrail.overlapMinutes * 60000,
        ),
        end,
      });
      const wallSeconds = round((Date.now() - started) / 1000);
      const calls = naiveClients.stats().requests;
      // A naive first refresh reads its account and Region's backfill once
      // per PBC: as many LookupEvents pages as our first refresh read there.
      const pagesPerAccountRegion =
        (first.byOperation.LookupEvents ?? 0) / first.accountRegions;
      const naiveBackfillLookups = Math.round(size * pagesPerAccountRegion);
      naive = {
        steadyState: {
          awsCalls: calls,
          wallSeconds,
          byOperation: naiveClients.stats().byOperation,
          totals,
        },
        backfillLookupEventsComputed: naiveBackfillLookups,
        backfillHoursAt2PerSecond: round(
          naiveBackfillLookups / first.accountRegions / 2 / 3600,
          2,
        ),
      };
      naiveClients.destroy();
    }

    clearInterval(sampler);
    clients.destroy();
    return {
      pbcs: size,
      accounts: options.accounts,
      regions: REGIONS.length,
      rules: 40,
      resources: options.resources,
      events: options.events,
      writeEvents: ready.writeEvents,
      riskyEventsStored: riskyStored,
      first,
      second,
      http: { list, listConditional: listFiltered, detail },
      naive,
      ratio: naive
        ? {
            steadyStateCalls: round(
              naive.steadyState.awsCalls / second.awsCalls,
              1,
            ),
            backfillCalls: round(
              (naive.steadyState.awsCalls -
                (naive.steadyState.byOperation.LookupEvents ?? 0) +
                naive.backfillLookupEventsComputed) /
                first.awsCalls,
              1,
            ),
          }
        : undefined,
      baselineRssMiB: round(baselineRss / MiB, 0),
      peakRssMiB: round(backendPeakRss / MiB, 0),
      peakHeapMiB: round(backendPeakHeap / MiB, 0),
    };
  } finally {
    await database.close();
    child.send('stop');
  }
}

// ------------------------------------------------------------- orchestration

function runChild(size: number): Promise<any> {
  return new Promise((resolve, reject) => {
    const child = fork(
      __filename,
      [...process.argv.slice(2), '--one-size', String(size)],
      {
        execArgv: process.execArgv,
      },
    );
    child.on('message', (m: any) => {
      if (m.type === 'result') resolve(m.result);
    });
    child.on('exit', code => {
      if (code !== 0)
        reject(new Error(`size ${size} failed with exit code ${code}`));
    });
  });
}

function table(results: any[]) {
  const rows = [
    ['PBCs', ...results.map(r => r.pbcs)],
    [
      'AWS calls, first refresh (backfill)',
      ...results.map(r => r.first.awsCalls),
    ],
    [
      '  of which LookupEvents',
      ...results.map(r => r.first.byOperation.LookupEvents ?? 0),
    ],
    [
      '  of which DescribeConformancePacks',
      ...results.map(r => r.first.byOperation.DescribeConformancePacks ?? 0),
    ],
    ['wall time, first refresh (s)', ...results.map(r => r.first.wallSeconds)],
    [
      'AWS calls, second refresh (incremental)',
      ...results.map(r => r.second.awsCalls),
    ],
    [
      'wall time, second refresh (s)',
      ...results.map(r => r.second.wallSeconds),
    ],
    [
      'throttled calls (server side, both refreshes)',
      ...results.map(r => r.first.throttled + r.second.throttled),
    ],
    [
      'RSS before the first refresh (MiB)',
      ...results.map(r => r.baselineRssMiB),
    ],
    ['peak RSS, refreshes + API load (MiB)', ...results.map(r => r.peakRssMiB)],
    ['peak JS heap used (MiB)', ...results.map(r => r.peakHeapMiB)],
    [
      'GET /pbcs p50 / p95 (ms), all PBCs',
      ...results.map(r => `${r.http.list.p50} / ${r.http.list.p95}`),
    ],
    [
      'GET /pbcs p50 / p95 (ms), conditional + filters',
      ...results.map(
        r => `${r.http.listConditional.p50} / ${r.http.listConditional.p95}`,
      ),
    ],
    [
      'GET /pbcs/:ns/:name p50 / p95 (ms)',
      ...results.map(r => `${r.http.detail.p50} / ${r.http.detail.p95}`),
    ],
    [
      'HTTP errors',
      ...results.map(
        r =>
          r.http.list.errors +
          r.http.listConditional.errors +
          r.http.detail.errors,
      ),
    ],
    [
      'naive per-PBC: AWS calls, steady state',
      ...results.map(r => r.naive?.steadyState.awsCalls ?? '-'),
    ],
    [
      'naive per-PBC: wall time, steady state (s)',
      ...results.map(r => r.naive?.steadyState.wallSeconds ?? '-'),
    ],
    [
      'ratio naive / ours, steady state calls',
      ...results.map(r => r.ratio?.steadyStateCalls ?? '-'),
    ],
    [
      'naive backfill LookupEvents (computed)',
      ...results.map(r => r.naive?.backfillLookupEventsComputed ?? '-'),
    ],
    [
      'ratio naive / ours, backfill calls (computed)',
      ...results.map(r => r.ratio?.backfillCalls ?? '-'),
    ],
  ];
  return rows
    .map(r => `| ${r.join(' | ')} |`)
    .join('\n')
    .replace(/^(\|[^\n]*\n)/, `$1|${' --- |'.repeat(results.length + 1)}\n`);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.oneSize !== undefined) {
    const result = await runSize(options.oneSize, options);
    await new Promise(resolve =>
      process.send!({ type: 'result', result }, undefined, {}, resolve),
    );
    return;
  }
  const results = [];
  for (const size of options.sizes) {
    results.push(await runChild(size));
  }
  console.log(table(results));
  if (options.out) {
    writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
    console.error(`results written to ${options.out}`);
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
