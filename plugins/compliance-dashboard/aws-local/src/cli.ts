/*
 * Runs aws-local from the command line:
 *
 *   yarn workspace @pbc-portal/aws-local start [--port 4599] [--host 127.0.0.1]
 *     [--pbcs 5000 --accounts 3 --regions eu-west-1,us-east-1 --rules 60
 *      --resources 50000 --events 200000 --days 21 --seed 1]
 *     [--lookup-events-per-second 2] [--catalog-out <file>]
 *
 * Without size options it serves the demo platform.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { catalogEntitiesYaml } from './platform/catalog';
import {
  DEMO_PLATFORM_OPTIONS,
  demoPlatform,
  generatePlatform,
} from './platform/generate';
import { maxPlatformRules } from './platform/rules';
import type { GeneratePlatformOptions } from './platform/types';
import { startAwsLocal } from './server/server';

const SIZE_FLAGS = [
  'pbcs',
  'accounts',
  'regions',
  'rules',
  'resources',
  'events',
  'days',
  'seed',
];
const FLAGS = [
  ...SIZE_FLAGS,
  'port',
  'host',
  'catalog-out',
  'lookup-events-per-second',
  'churn-percent',
  'churn-interval-seconds',
  'help',
];

export function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument '${arg}'`);
    const [flag, inline] = arg.slice(2).split('=', 2);
    if (!FLAGS.includes(flag)) throw new Error(`Unknown option --${flag}`);
    if (flag === 'help') {
      out.help = 'true';
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${flag} needs a value`);
    out[flag] = value;
  }
  return out;
}

function int(
  args: Record<string, string>,
  flag: string,
  fallback: number,
): number {
  if (args[flag] === undefined) return fallback;
  const n = Number(args[flag]);
  if (!Number.isFinite(n))
    throw new Error(`--${flag} must be a number, got '${args[flag]}'`);
  return n;
}

/** Platform options from the command line; sizes not given scale with --pbcs. */
export function platformOptionsFrom(
  args: Record<string, string>,
): GeneratePlatformOptions | undefined {
  if (!SIZE_FLAGS.some(f => args[f] !== undefined)) return undefined;
  const pbcs = int(args, 'pbcs', DEMO_PLATFORM_OPTIONS.pbcs);
  return {
    pbcs,
    accounts: int(args, 'accounts', DEMO_PLATFORM_OPTIONS.accounts),
    regions: args.regions
      ? args.regions
          .split(',')
          .map(r => r.trim())
          .filter(Boolean)
      : [...DEMO_PLATFORM_OPTIONS.regions],
    rules: int(args, 'rules', maxPlatformRules()),
    resources: int(args, 'resources', pbcs * 10),
    events: int(args, 'events', pbcs * 40),
    days: int(args, 'days', 21),
    seed: int(args, 'seed', DEMO_PLATFORM_OPTIONS.seed ?? 1),
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(
      `Usage: aws-local [--port 4599] [--host 127.0.0.1] [--pbcs N --accounts N --regions a,b --rules N --resources N --events N --days N --seed N] [--lookup-events-per-second N] [--catalog-out file] [--churn-percent P --churn-interval-seconds S]\n`,
    );
    return;
  }
  const options = platformOptionsFrom(args);
  const started = Date.now();
  const platform = options ? generatePlatform(options) : demoPlatform();
  if (args['catalog-out']) {
    // Relative to where `yarn ...` was typed (Yarn runs scripts in the package folder).
    const file = resolve(
      process.env.INIT_CWD ?? process.cwd(),
      args['catalog-out'],
    );
    writeFileSync(file, catalogEntitiesYaml(platform));
    process.stdout.write(
      `aws-local wrote ${platform.pbcs.length} catalog entities to ${file}\n`,
    );
  }
  const server = await startAwsLocal({
    platform,
    port: int(args, 'port', 4599),
    host: args.host ?? '127.0.0.1',
    lookupEventsPerSecond: int(args, 'lookup-events-per-second', 2),
  });
  process.stdout.write(
    `aws-local platform: ${platform.pbcs.length} PBCs, ${
      platform.resources.length
    } resources, ${platform.events.length} events, ${
      platform.rules.length
    } rules in ${platform.accounts.length} accounts x ${
      platform.regions.length
    } Regions (${Date.now() - started} ms)\n`,
  );
  process.stdout.write(`aws-local listening on ${server.url}\n`);
  // Churn: a living platform whose changes arrive as events on the queue.
  const churnPercent = int(args, 'churn-percent', 0);
  const churnEvery = int(args, 'churn-interval-seconds', 60);
  if (churnPercent < 0 || churnPercent > 100 || churnEvery <= 0) {
    throw new Error(
      '--churn-percent must be between 0 and 100 and --churn-interval-seconds positive',
    );
  }
  const churn =
    churnPercent > 0
      ? setInterval(() => {
          const changes = server.changes.churn(churnPercent / 100);
          process.stdout.write(
            `aws-local churn: ${changes.length} results changed, events on ${server.eventQueueUrl}\n`,
          );
        }, churnEvery * 1000)
      : undefined;
  const stop = () => {
    if (churn) clearInterval(churn);
    server.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch(e => {
    process.stderr.write(
      `aws-local: ${e instanceof Error ? e.message : String(e)}\n`,
    );
    process.exit(1);
  });
}
