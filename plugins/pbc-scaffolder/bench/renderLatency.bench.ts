/* eslint-disable no-console */
/**
 * What four parallel pbc:infrastructure:render dry runs do to an unrelated request of the same
 * backend: an HTTP server in this process answers /ping while a probe in another thread asks
 * it every 10 ms; the worst answer time of each round is recorded.
 *
 *   yarn workspace @pbc-portal/plugin-scaffolder-backend-module-pbc bench:latency [rounds]
 *
 * "before": the action renders in this thread (no renderer, no limiter: the old wiring).
 * "after": the backend's wiring, a WorkerRenderer behind a RenderLimiter with the default
 * bound (CPU cores minus one). Both run cfn-lint. Prints the median worst latency and the
 * median wall time of a round of four, after one warm-up round each.
 */
import { ConfigReader } from '@backstage/config';
import type { PbcSpec } from '@pbc-portal/pbc-domain';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { createInfrastructureRenderAction } from '../src/actions/infrastructureRender';
import { readPbcScaffolderSettings } from '../src/lib/config';
import { defaultToolkit } from '../src/lib/defaultToolkit';
import { RenderLimiter } from '../src/lib/render/RenderLimiter';
import { WorkerRenderer } from '../src/lib/render/WorkerRenderer';

const SPEC: PbcSpec = {
  name: 'card-vault',
  description: 'Tokenises card numbers.',
  owner: 'group:default/payments-team',
  system: 'system:default/checkout',
  dataStore: 'aurora-postgresql',
  publishes: ['card-tokenized'],
  consumes: ['payment.payment-captured'],
  pciScope: true,
  exposure: 'public',
  awsAccountId: '123456789012',
  awsRegion: 'eu-west-1',
};

// The probe runs in its own thread, so a blocked main loop delays its answers, not its asks.
const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
let worst = 0;
let stop = false;
parentPort.on('message', () => { stop = true; });
function ping() {
  const start = performance.now();
  http.get(workerData.url, { agent }, res => {
    res.resume();
    res.on('end', () => {
      worst = Math.max(worst, performance.now() - start);
      if (stop) parentPort.postMessage(worst);
      else setTimeout(ping, 10);
    });
  });
}
ping();
`;

const silentLogger: any = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child: () => silentLogger,
};

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

async function main() {
  const rounds = Number(process.argv[2] ?? 5);
  const settings = readPbcScaffolderSettings(new ConfigReader({}));
  const server = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ping`;
  const root = mkdtempSync(path.join(tmpdir(), 'pbc-latency-'));
  const renderer = new WorkerRenderer();
  let counter = 0;

  const variants = {
    before: createInfrastructureRenderAction({
      toolkit: defaultToolkit,
      cfnLintExecutable: settings.cfnLintExecutable,
    }),
    after: createInfrastructureRenderAction({
      toolkit: defaultToolkit,
      cfnLintExecutable: settings.cfnLintExecutable,
      renderer,
      // Enough queue for the four; the bound on concurrency is the default.
      limiter: new RenderLimiter({ ...settings.render, maxQueued: 4 }),
    }),
  };

  const dryRun = (action: (typeof variants)['before']) =>
    action.handler({
      input: { spec: SPEC },
      workspacePath: path.join(root, String(counter++)),
      logger: silentLogger,
      output() {},
      checkpoint: async ({ fn }: any) => fn(),
      createTemporaryDirectory: async () =>
        mkdtempSync(path.join(root, 'tmp-')),
      getInitiatorCredentials: async () => ({} as any),
      task: { id: 'bench' },
      isDryRun: true,
    } as any);

  async function round(action: (typeof variants)['before']) {
    const probe = new Worker(PROBE, { eval: true, workerData: { url } });
    await new Promise(resolve => setTimeout(resolve, 100));
    const start = performance.now();
    await Promise.all([1, 2, 3, 4].map(() => dryRun(action)));
    const wall = performance.now() - start;
    const worst = await new Promise<number>(resolve => {
      probe.once('message', resolve);
      probe.postMessage('stop');
    });
    await probe.terminate();
    return { worst, wall };
  }

  console.log(
    `4 parallel dry runs of a PCI PBC, ${rounds} rounds each, maxConcurrent ${settings.render.maxConcurrent}`,
  );
  for (const [name, action] of Object.entries(variants)) {
    await round(action); // warm-up: loads aws-cdk-lib (and starts the workers)
    const results = [];
    for (let i = 0; i < rounds; i++) results.push(await round(action));
    console.log(
      `${name.padEnd(6)} unrelated /ping worst latency median ${median(
        results.map(r => r.worst),
      ).toFixed(0)} ms (rounds: ${results
        .map(r => r.worst.toFixed(0))
        .join(', ')}); four dry runs take ${median(
        results.map(r => r.wall),
      ).toFixed(0)} ms`,
    );
  }
  await renderer.close();
  server.close();
  rmSync(root, { recursive: true, force: true });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
