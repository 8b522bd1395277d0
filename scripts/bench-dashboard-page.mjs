// Benchmark: the compliance platform page with a generated platform of N PBCs (default 5,000)
// in headless Chromium. It starts the local AWS endpoint with that platform, the backend with
// the matching catalog (in-memory database), waits for the catalog and a refresh, then loads
// /compliance several times and measures, from the moment the /pbcs response has arrived:
// rows on screen, and interactive (rows on screen and the main thread free for a frame).
//   node scripts/bench-dashboard-page.mjs [--pbcs 5000] [--runs 5]
// Needs ./portal setup first (or ./portal test) and Debian's chromium. Prints medians.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => {
    if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
    return pairs;
  }, []),
);
const pbcs = Number(args.pbcs ?? 5000);
const runs = Number(args.runs ?? 5);
if (
  !Number.isInteger(pbcs) ||
  pbcs < 1 ||
  !Number.isInteger(runs) ||
  runs < 1
) {
  console.error('--pbcs and --runs must be positive whole numbers');
  process.exit(2);
}
const root = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
);
const work = path.join(root, '.tooling', 'bench-dashboard');
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(path.join(work, 'techdocs'), { recursive: true });
const base = 'http://localhost:7007';
const accounts = 10;
const accountIds = Array.from({ length: accounts }, (_, i) =>
  i < 9 ? String(i + 1).repeat(12) : `9${String(i).padStart(11, '0')}`,
);

const children = [];
function start(name, command, commandArgs, options = {}) {
  const log = fs.openSync(path.join(work, `${name}.log`), 'w');
  const child = spawn(command, commandArgs, {
    cwd: root,
    stdio: ['ignore', log, log],
    detached: true,
    ...options,
  });
  children.push(child);
  return child;
}
function stopAll() {
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}
process.on('exit', stopAll);
process.on('SIGINT', () => process.exit(130));

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
async function until(what, check, timeoutMs) {
  const started = Date.now();
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch {
      // not yet
    }
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out waiting for ${what}`);
    await sleep(1000);
  }
}
const median = values =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

console.log(`building the app (e2e configuration) ...`);
const build = spawnSync(
  'yarn',
  [
    'workspace',
    'app',
    'build',
    '--config',
    '../../app-config.yaml',
    '--config',
    '../../app-config.e2e.yaml',
  ],
  { cwd: root, stdio: 'ignore' },
);
if (build.status !== 0) throw new Error('yarn workspace app build failed');

const catalogFile = path.join(work, 'pbcs.yaml');
console.log(`starting the local AWS endpoint with ${pbcs} PBCs ...`);
start('aws-local', 'yarn', [
  'workspace',
  '@pbc-portal/aws-local',
  'start',
  '--port',
  '4599',
  '--pbcs',
  String(pbcs),
  '--accounts',
  String(accounts),
  '--regions',
  'eu-west-1,us-east-1',
  '--rules',
  '40',
  '--resources',
  String(Math.max(pbcs * 10, 100)),
  '--events',
  '20000',
  '--days',
  '3',
  '--catalog-out',
  catalogFile,
]);
await until(
  'aws-local',
  async () => (await fetch('http://127.0.0.1:4599/health')).ok,
  120_000,
);

const overlay = path.join(work, 'app-config.bench.yaml');
fs.writeFileSync(
  overlay,
  [
    'catalog:',
    '  locations:',
    `    - { type: file, target: ${JSON.stringify(
      path.join(root, 'catalog/org.yaml'),
    )}, rules: [{ allow: [User, Group] }] }`,
    `    - { type: file, target: ${JSON.stringify(
      path.join(root, 'catalog/systems.yaml'),
    )} }`,
    `    - { type: file, target: ${JSON.stringify(catalogFile)} }`,
    'techdocs:',
    '  publisher:',
    `    local: { publishDirectory: ${JSON.stringify(
      path.join(work, 'techdocs'),
    )} }`,
    'aws:',
    '  accounts:',
    ...accountIds.map(
      id =>
        `    - { accountId: '${id}', accessKeyId: LOCAL${id}, secretAccessKey: ignored }`,
    ),
    'complianceDashboard:',
    '  schedule: { frequency: { hours: 6 }, timeout: { minutes: 30 }, initialDelay: { seconds: 2 } }',
    '  cloudTrail: { backfillDays: 1 }',
    '',
  ].join('\n'),
);
console.log('starting the backend ...');
start('backend', 'yarn', [
  'workspace',
  'backend',
  'start',
  '--config',
  '../../app-config.yaml',
  '--config',
  '../../app-config.e2e.yaml',
  '--config',
  overlay,
]);
await until(
  'the backend',
  async () => (await fetch(`${base}/.backstage/health/v1/readiness`)).ok,
  180_000,
);
const { backstageIdentity } = await (
  await fetch(`${base}/api/auth/guest/refresh?env=development`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  })
).json();
const auth = { Authorization: `Bearer ${backstageIdentity.token}` };

console.log(`waiting for ${pbcs} PBCs in the catalog ...`);
await until(
  'the catalog',
  async () => {
    const response = await fetch(
      `${base}/api/catalog/entities/by-query?filter=metadata.annotations.pbc-portal.io/pbc&limit=1`,
      { headers: auth },
    );
    return (await response.json()).totalItems >= pbcs;
  },
  900_000,
);
console.log('refreshing compliance data ...');
await until(
  `a snapshot of ${pbcs} PBCs`,
  async () => {
    const response = await fetch(
      `${base}/api/compliance-dashboard/pbcs?limit=1`,
      { headers: auth },
    );
    if (!response.ok) return false;
    const body = await response.json();
    if (body.totalCount >= pbcs) return true;
    await fetch(`${base}/api/compliance-dashboard/refresh`, {
      method: 'POST',
      headers: auth,
    });
    return false;
  },
  900_000,
);

const browser = await chromium.launch({
  executablePath: process.env.PBC_CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
  ],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(base);
await page.getByRole('button', { name: 'Enter' }).click();
await page
  .getByRole('link', { name: 'Catalog', exact: true })
  .first()
  .waitFor();

const toRows = [];
const toInteractive = [];
const responseMs = [];
for (let run = 0; run <= runs; run++) {
  const sent = Date.now();
  const listResponse = page.waitForResponse(
    r =>
      /\/api\/compliance-dashboard\/pbcs(\?|$)/.test(r.url()) &&
      r.request().method() === 'GET',
    { timeout: 120_000 },
  );
  await page.goto(`${base}/compliance`);
  const response = await listResponse;
  await response.finished();
  const arrived = Date.now();
  await page
    .getByRole('link', { name: /.+/ })
    .locator('xpath=ancestor::tr')
    .first()
    .waitFor({ timeout: 60_000 });
  const rows = Date.now();
  await page.evaluate(
    () =>
      new Promise(resolve =>
        requestAnimationFrame(() => setTimeout(resolve, 0)),
      ),
  );
  const interactive = Date.now();
  if (run === 0) continue; // the first load warms caches and compiles the bundle
  responseMs.push(arrived - sent);
  toRows.push(rows - arrived);
  toInteractive.push(interactive - arrived);
  console.log(
    `run ${run}: /pbcs ${arrived - sent} ms; then rows ${
      rows - arrived
    } ms, interactive ${interactive - arrived} ms`,
  );
}
const domRows = await page.locator('tbody tr').count();
await browser.close();
console.log(
  `${pbcs} PBCs, ${runs} runs: median /pbcs response ${median(
    responseMs,
  )} ms; after the data arrived: ` +
    `rows ${median(toRows)} ms, interactive ${median(
      toInteractive,
    )} ms; table rows in the DOM: ${domRows}`,
);
stopAll();
process.exit(0);
