// Benchmark: time from submitting the pbc template (the same request the form sends) to the
// new PBC being in the catalog, against a running portal (./portal start, or the e2e server).
//   node scripts/bench-create-pbc.mjs [--url http://localhost:7007] [--runs 5]
// Prints each run and the median. Every run creates a new PBC (local git repo + catalog entry).
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => {
    if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
    return pairs;
  }, []),
);
const base = args.url ?? 'http://localhost:7007';
const runs = Number(args.runs ?? 5);
if (!Number.isInteger(runs) || runs < 1) {
  console.error('--runs must be a positive whole number');
  process.exit(2);
}

async function json(response) {
  if (!response.ok) {
    throw new Error(
      `${response.url}: ${response.status} ${await response.text()}`,
    );
  }
  return response.json();
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const { backstageIdentity } = await json(
  await fetch(`${base}/api/auth/guest/refresh?env=development`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  }),
);
const auth = { Authorization: `Bearer ${backstageIdentity.token}` };

const timings = [];
for (let run = 1; run <= runs; run++) {
  const name = `bench-${Date.now().toString(36)}-${run}`;
  const started = performance.now();
  const { id } = await json(
    await fetch(`${base}/api/scaffolder/v2/tasks`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        templateRef: 'template:default/pbc',
        values: {
          name,
          description: 'Benchmark PBC.',
          owner: 'group:default/checkout-team',
          system: 'system:default/checkout',
          dataStore: 'dynamodb',
          publishes: ['bench-event'],
          consumes: ['order.order-placed'],
          pciScope: false,
          exposure: 'internal',
          awsAccountId: '111111111111',
          awsRegion: 'eu-west-1',
        },
      }),
    }),
  );
  for (;;) {
    const task = await json(
      await fetch(`${base}/api/scaffolder/v2/tasks/${id}`, { headers: auth }),
    );
    if (task.status === 'completed') break;
    if (task.status === 'failed' || task.status === 'cancelled') {
      throw new Error(`task ${id} ${task.status}`);
    }
    await sleep(100);
  }
  const taskDone = performance.now();
  for (;;) {
    const response = await fetch(
      `${base}/api/catalog/entities/by-name/component/default/${name}`,
      {
        headers: auth,
      },
    );
    if (response.ok) break;
    await sleep(100);
  }
  const inCatalog = performance.now();
  timings.push(inCatalog - started);
  console.log(
    `run ${run}: task ${((taskDone - started) / 1000).toFixed(
      2,
    )} s, in catalog after ${((inCatalog - started) / 1000).toFixed(2)} s`,
  );
}
const sorted = [...timings].sort((a, b) => a - b);
const median = sorted[Math.floor((sorted.length - 1) / 2)];
console.log(
  `median submit -> in catalog: ${(median / 1000).toFixed(
    2,
  )} s over ${runs} runs`,
);
