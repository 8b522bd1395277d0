import http from 'node:http';

/**
 * HTTP load generator, in its own process so that the clients do not take
 * the server's CPU time in the same event loop. Receives one job over IPC,
 * answers with latency percentiles.
 */
interface Job {
  port: number;
  clients: number;
  requests: number;
  paths: string[];
  headers?: Record<string, string>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

const round = (n: number) => Math.round(n * 10) / 10;

async function run(job: Job) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.clients });
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const one = (path: string) =>
    new Promise<void>(resolve => {
      const started = process.hrtime.bigint();
      const req = http.request(
        {
          host: '127.0.0.1',
          port: job.port,
          path,
          agent,
          headers: job.headers,
        },
        res => {
          res.resume();
          res.on('end', () => {
            latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
            if (res.statusCode !== 200) errors += 1;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors += 1;
        resolve();
      });
      req.end();
    });
  const started = Date.now();
  await Promise.all(
    Array.from({ length: job.clients }, async () => {
      while (next < job.requests) {
        const path = job.paths[next % job.paths.length];
        next += 1;
        await one(path);
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    max: round(latencies[latencies.length - 1]),
    errors,
    rps: Math.round(latencies.length / seconds),
  };
}

process.on('message', (job: Job) => {
  run(job).then(result => process.send!(result));
});
process.on('disconnect', () => process.exit(0));
