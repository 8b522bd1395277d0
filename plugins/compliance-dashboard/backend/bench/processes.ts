import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

/**
 * The benchmarks' other processes: the local endpoint (so that the memory
 * measured is the backend's alone) and the HTTP load generator (so that its
 * clients do not take the server's event loop).
 */

export function startLocal(
  options: object,
): Promise<{ child: ChildProcess; ready: any }> {
  const child = fork(
    join(__dirname, 'awsLocalChild.ts'),
    [JSON.stringify(options)],
    {
      execArgv: process.execArgv,
      // The endpoint holds the whole platform in memory; give it room.
      env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=4096' },
    },
  );
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', code =>
      reject(new Error(`aws-local exited with ${code}`)),
    );
    child.on('message', (message: any) => {
      if (message.type === 'ready') resolve({ child, ready: message });
    });
  });
}

/** Sends a request to the endpoint's process; resolves with its reply of the same type. */
export function ask(
  child: ChildProcess,
  message: string | { type: string; [key: string]: unknown },
): Promise<any> {
  const type = typeof message === 'string' ? message : message.type;
  return new Promise(resolve => {
    const listener = (reply: any) => {
      if (reply.type === type) {
        child.off('message', listener);
        resolve(reply);
      }
    };
    child.on('message', listener);
    child.send(message);
  });
}

/** Runs one load job in the load generator process. */
export function load(
  generator: ChildProcess,
  job: {
    port: number;
    clients: number;
    requests: number;
    path: () => string;
    headers?: Record<string, string>;
  },
): Promise<{
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  rps: number;
}> {
  // Paths are drawn up front so that the generator does no work between requests.
  const paths = Array.from({ length: Math.min(job.requests, 5000) }, job.path);
  return new Promise(resolve => {
    // The TypeScript loader sends its own messages (file watches): skip them.
    const listener = (message: any) => {
      if (message && typeof message.p50 === 'number') {
        generator.off('message', listener);
        resolve(message);
      }
    };
    generator.on('message', listener);
    generator.send({ ...job, path: undefined, paths });
  });
}
