/* eslint-disable no-console */
/**
 * How long pbc:infrastructure:render takes for one PBC: synthesize the reference patterns,
 * run cdk-nag and our reference-pattern checks, lint both templates with cfn-lint and write
 * the files, i.e. what a developer waits for between submitting the form and the repository.
 *
 *   yarn workspace @pbc-portal/plugin-scaffolder-backend-module-pbc bench [runs]
 *
 * Prints the median (and min, p90, max) of `runs` runs (default 10) per parameter set, after one
 * warm-up run per set; the first, cold run of the process is reported on its own because it
 * pays for loading aws-cdk-lib.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInfrastructureRenderAction } from '../src/actions/infrastructureRender';
import { readPbcScaffolderSettings } from '../src/lib/config';
import { defaultToolkit } from '../src/lib/defaultToolkit';
import type { InfrastructureToolkit } from '../src/lib/toolkit';
import type { PbcSpec } from '@pbc-portal/pbc-domain';

interface Sample {
  total: number;
  render: number;
  checks: number;
  lint: number;
}
import { ConfigReader } from '@backstage/config';

const SPECS: PbcSpec[] = [
  {
    name: 'order',
    description: 'Turns checked-out carts into orders.',
    owner: 'group:default/fulfilment-team',
    system: 'system:default/fulfilment',
    dataStore: 'dynamodb',
    publishes: ['order-placed', 'order-cancelled'],
    consumes: ['cart.cart-checked-out', 'inventory.stock-reserved'],
    pciScope: false,
    exposure: 'internal',
    awsAccountId: '123456789012',
    awsRegion: 'eu-west-1',
  },
  {
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
    awsRegion: 'us-east-2',
  },
];

const silentLogger: any = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silentLogger;
  },
};

function quantile(sorted: number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main() {
  const runs = Number(process.argv[2] ?? process.env.BENCH_RUNS ?? 10);
  const { cfnLintExecutable } = readPbcScaffolderSettings(new ConfigReader({}));
  // The real toolkit, timed: synthesis + cdk-nag + conformance pack, our checks, cfn-lint.
  const phases = { render: 0, checks: 0, lintStart: Infinity, lintEnd: 0 };
  const timedToolkit: InfrastructureToolkit = {
    patternsVersion: defaultToolkit.patternsVersion,
    renderInfrastructure(spec) {
      const start = performance.now();
      try {
        return defaultToolkit.renderInfrastructure(spec);
      } finally {
        phases.render = performance.now() - start;
      }
    },
    checkReferencePatterns(spec, template) {
      const start = performance.now();
      try {
        return defaultToolkit.checkReferencePatterns(spec, template);
      } finally {
        phases.checks = performance.now() - start;
      }
    },
    async runCfnLint(templateYaml, options) {
      phases.lintStart = Math.min(phases.lintStart, performance.now());
      try {
        return await defaultToolkit.runCfnLint(templateYaml, options);
      } finally {
        phases.lintEnd = Math.max(phases.lintEnd, performance.now());
      }
    },
  };
  const action = createInfrastructureRenderAction({
    toolkit: timedToolkit,
    cfnLintExecutable,
  });
  const root = mkdtempSync(path.join(tmpdir(), 'pbc-bench-'));

  let counter = 0;
  async function once(spec: PbcSpec): Promise<Sample> {
    const workspacePath = path.join(root, String(counter++));
    phases.lintStart = Infinity;
    phases.lintEnd = 0;
    const start = performance.now();
    await action.handler({
      input: { spec },
      workspacePath,
      logger: silentLogger,
      output() {},
      checkpoint: async ({ fn }: any) => fn(),
      createTemporaryDirectory: async () =>
        mkdtempSync(path.join(root, 'tmp-')),
      getInitiatorCredentials: async () => ({} as any),
      task: { id: 'bench' },
    } as any);
    return {
      total: performance.now() - start,
      render: phases.render,
      checks: phases.checks,
      lint: phases.lintEnd - phases.lintStart,
    };
  }

  try {
    console.log(
      `pbc:infrastructure:render, ${runs} runs per parameter set, cfn-lint: ${cfnLintExecutable}, node ${process.version}`,
    );
    const cold = await once(SPECS[0]);
    console.log(
      `cold first run (loads aws-cdk-lib): ${cold.total.toFixed(
        0,
      )} ms (render ${cold.render.toFixed(0)} ms)`,
    );
    for (const spec of SPECS) {
      await once(spec);
      const samples: Sample[] = [];
      for (let i = 0; i < runs; i++) {
        samples.push(await once(spec));
      }
      const sorted = (key: keyof Sample) =>
        samples.map(x => x[key]).sort((x, y) => x - y);
      const total = sorted('total');
      console.log(
        `${spec.name.padEnd(12)} median ${median(total).toFixed(
          0,
        )} ms (min ${total[0].toFixed(0)}, p90 ${quantile(total, 0.9).toFixed(
          0,
        )}, max ${total[total.length - 1].toFixed(0)}); ` +
          `phase medians: render ${median(sorted('render')).toFixed(
            0,
          )} ms, checks ${median(sorted('checks')).toFixed(
            1,
          )} ms, cfn-lint ${median(sorted('lint')).toFixed(0)} ms`,
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
