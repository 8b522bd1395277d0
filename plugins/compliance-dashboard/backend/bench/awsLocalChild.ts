import { generatePlatform, startAwsLocal } from '@pbc-portal/aws-local';
import { platformEntities } from '../src/__testUtils__/fixtures';

/**
 * Runs the local AWS endpoint in its own process, so that the benchmark's
 * memory figures are the backend's alone. Talks to the parent over IPC.
 */
async function main() {
  const options = JSON.parse(process.argv[2]);
  const started = Date.now();
  const platform = generatePlatform({ ...options, now: new Date(options.now) });
  const local = await startAwsLocal({
    platform,
    lookupEventsPerSecond: options.lookupEventsPerSecond,
  });
  process.on('message', (message: any) => {
    if (message === 'stats') {
      process.send!({ type: 'stats', stats: local.stats() });
    } else if (message === 'reset') {
      local.resetStats();
      process.send!({ type: 'reset' });
    } else if (message?.type === 'churn') {
      // Flip this share of the evaluation results now (footprint bench).
      const changed = local.changes.churn(message.share).length;
      process.send!({ type: 'churn', changed });
    } else if (message === 'stop') {
      local.close().then(() => process.exit(0));
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send!({
    type: 'ready',
    url: local.url,
    aggregator: {
      accountId: local.aggregator.accountId,
      region: local.aggregator.region,
      name: local.aggregator.name,
    },
    generatedInMs: Date.now() - started,
    accounts: platform.accounts.map(a => ({
      id: a.id,
      accessKeyId: a.accessKeyId,
    })),
    entities: platformEntities(platform),
    writeEvents: (() => {
      let count = 0;
      for (let i = 0; i < platform.events.length; i++) {
        if (!platform.events.get(i).readOnly) count += 1;
      }
      return count;
    })(),
  });
}

main().catch(error => {
  // eslint-disable-next-line no-console
  console.error(error);
  process.exit(1);
});
