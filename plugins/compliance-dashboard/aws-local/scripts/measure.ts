/*
 * Measures what the README reports: generation time and memory of the
 * benchmark-size platform, and LookupEvents pages per second when the rate
 * limit is off. Run from the package folder:
 *
 *   yarn measure            (node --expose-gc ... scripts/measure.ts)
 */
import {
  CloudTrailClient,
  LookupEventsCommand,
} from '@aws-sdk/client-cloudtrail';
import { generatePlatform, startAwsLocal } from '../src';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const gc = () => (global as { gc?: () => void }).gc?.();

async function main() {
  gc();
  const before = process.memoryUsage();
  const started = process.hrtime.bigint();
  const platform = generatePlatform({
    pbcs: 5000,
    accounts: 3,
    regions: ['eu-west-1', 'us-east-1'],
    rules: 60,
    resources: 50_000,
    events: 200_000,
    seed: 1,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  gc();
  const after = process.memoryUsage();
  let evaluations = 0;
  for (const a of platform.accounts) {
    for (const r of platform.regions) {
      for (const rule of platform.rules)
        evaluations += platform.evaluations(a.id, r, rule).length;
    }
  }
  console.log(
    `platform: 5000 PBCs, ${platform.resources.length} resources, ${platform.events.length} events, ${evaluations} evaluations`,
  );
  console.log(`generation: ${ms.toFixed(0)} ms`);
  console.log(
    `retained after GC: heap +${mb(
      after.heapUsed - before.heapUsed,
    )}, array buffers +${mb(
      after.arrayBuffers - before.arrayBuffers,
    )}; process RSS ${mb(after.rss)}`,
  );

  const local = await startAwsLocal({ platform, lookupEventsPerSecond: 0 });
  const client = (accountId: string) =>
    new CloudTrailClient({
      endpoint: local.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: `LOCAL${accountId}`, secretAccessKey: 'x' },
      maxAttempts: 1,
    });
  for (const concurrency of [1, 4]) {
    let pages = 0;
    let events = 0;
    const deadline = Date.now() + 5000;
    const t0 = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, w) => {
        const c = client(platform.accounts[w % platform.accounts.length].id);
        let token: string | undefined;
        while (Date.now() < deadline) {
          const out = await c.send(
            new LookupEventsCommand({ NextToken: token, MaxResults: 50 }),
          );
          pages++;
          events += out.Events?.length ?? 0;
          token = out.NextToken;
        }
      }),
    );
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    console.log(
      `LookupEvents, ${concurrency} client(s), SDK and server in one process: ${(
        pages / secs
      ).toFixed(0)} pages/s (${(events / secs).toFixed(0)} events/s)`,
    );
  }
  console.log(`RSS while serving: ${mb(process.memoryUsage().rss)}`);
  await local.close();
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
