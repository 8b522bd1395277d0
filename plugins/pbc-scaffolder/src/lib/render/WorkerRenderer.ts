import type { PbcSpec, ProducerFactsMap } from '@pbc-portal/pbc-domain';
import { Worker } from 'node:worker_threads';
import { RENDER_JOB_MODULE, type RenderJobResult } from './renderJob';

/** Renders a spec somewhere; the action awaits it. */
export interface InfrastructureRenderer {
  render(
    spec: PbcSpec,
    options?: { producers?: ProducerFactsMap },
  ): Promise<RenderJobResult>;
}

// The worker's entry: loads renderJob (through the TypeScript transform when it is the .ts
// source, as in development and tests) and answers one message per render.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
if (workerData.transform) require(workerData.transform);
const { renderAndCheck } = require(workerData.module);
parentPort.on('message', ({ id, spec, producers }) => {
  try {
    parentPort.postMessage({ id, ok: true, result: renderAndCheck(spec, producers) });
  } catch (error) {
    parentPort.postMessage({
      id,
      ok: false,
      error: { name: error && error.name, message: String(error && error.message || error) },
    });
  }
});
`;

interface Pending {
  resolve(result: RenderJobResult): void;
  reject(error: Error): void;
}

/**
 * Runs renders in worker threads, so CDK synthesis and cdk-nag never block the backend's event
 * loop. Workers start on first use (loading the CDK takes a second or two), are reused, and
 * hold one render each; the caller bounds concurrency (RenderLimiter), so at most that many
 * workers exist. An idle worker does not keep the process alive.
 */
export class WorkerRenderer implements InfrastructureRenderer {
  readonly #idle: Worker[] = [];
  readonly #all = new Set<Worker>();
  readonly #pending = new Map<Worker, Pending>();
  readonly #module: string;
  readonly #transform?: string;
  #nextId = 0;
  #closed = false;

  constructor(options: { module?: string } = {}) {
    this.#module = options.module ?? RENDER_JOB_MODULE;
    this.#transform = /\.tsx?$/.test(this.#module)
      ? require.resolve('@backstage/cli/config/nodeTransform.cjs')
      : undefined;
  }

  #spawn(): Worker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { module: this.#module, transform: this.#transform },
    });
    worker.unref();
    const fail = (error: Error) => {
      this.#all.delete(worker);
      const index = this.#idle.indexOf(worker);
      if (index >= 0) this.#idle.splice(index, 1);
      const pending = this.#pending.get(worker);
      this.#pending.delete(worker);
      pending?.reject(error);
    };
    worker.on('error', fail);
    worker.on('exit', code =>
      fail(new Error(`The render worker stopped (exit code ${code})`)),
    );
    this.#all.add(worker);
    return worker;
  }

  render(
    spec: PbcSpec,
    options: { producers?: ProducerFactsMap } = {},
  ): Promise<RenderJobResult> {
    if (this.#closed) {
      return Promise.reject(new Error('The renderer is shut down'));
    }
    const worker = this.#idle.pop() ?? this.#spawn();
    const id = this.#nextId++;
    return new Promise<RenderJobResult>((resolve, reject) => {
      this.#pending.set(worker, { resolve, reject });
      const onMessage = (message: {
        id: number;
        ok: boolean;
        result?: RenderJobResult;
        error?: { name?: string; message: string };
      }) => {
        if (message.id !== id) return;
        worker.off('message', onMessage);
        this.#pending.delete(worker);
        if (this.#all.has(worker)) this.#idle.push(worker);
        if (message.ok) {
          resolve(message.result!);
        } else {
          const error = new Error(message.error?.message);
          if (message.error?.name) error.name = message.error.name;
          reject(error);
        }
      };
      worker.on('message', onMessage);
      worker.postMessage({ id, spec, producers: options.producers });
    });
  }

  /** Stops every worker (backend shutdown). */
  async close(): Promise<void> {
    this.#closed = true;
    const workers = [...this.#all];
    this.#all.clear();
    this.#idle.length = 0;
    await Promise.all(workers.map(w => w.terminate()));
  }
}
