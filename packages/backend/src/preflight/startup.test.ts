// Starts the real backend entry point, as production runs it, with a configuration that cannot
// work, and checks that it exits quickly and names the problem instead of retrying forever.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const backendDir = path.resolve(__dirname, '../..');
const repoRoot = path.resolve(backendDir, '../..');

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

function runBackend(env: Record<string, string>) {
  return new Promise<{ code: number | null; output: string; ms: number }>(
    resolve => {
      const started = Date.now();
      const child = spawn(
        process.execPath,
        [
          '--require',
          require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
          'src/index',
          '--config',
          path.join(repoRoot, 'app-config.yaml'),
          '--config',
          path.join(repoRoot, 'app-config.production.yaml'),
        ],
        {
          cwd: backendDir,
          env: { ...process.env, ...env, NODE_ENV: 'production' },
        },
      );
      let output = '';
      child.stdout.on('data', d => (output += d));
      child.stderr.on('data', d => (output += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('exit', code => {
        clearTimeout(timer);
        resolve({ code, output, ms: Date.now() - started });
      });
    },
  );
}

const productionEnv = {
  PBC_PORTAL_BASE_URL: 'http://localhost:7007',
  POSTGRES_HOST: '127.0.0.1',
  POSTGRES_USER: 'portal',
  POSTGRES_PASSWORD: 'not-a-real-password',
  REDIS_URL: 'redis://127.0.0.1:1',
  TECHDOCS_S3_BUCKET: 'docs',
};

describe('backend start-up with a configuration that cannot work', () => {
  it('exits non-zero naming an unreachable PostgreSQL', async () => {
    const port = await closedPort();
    const result = await runBackend({
      ...productionEnv,
      POSTGRES_PORT: String(port),
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain(
      `backend.database.connection: PostgreSQL at 127.0.0.1:${port} is unreachable`,
    );
    expect(result.output).not.toContain('not-a-real-password');
  }, 90_000);

  it('exits non-zero naming a missing environment variable', async () => {
    const { POSTGRES_HOST, ...withoutHost } = productionEnv;
    const result = await runBackend({ ...withoutHost, POSTGRES_PORT: '5432' });
    expect(result.code).toBe(1);
    expect(result.output).toContain(
      'backend.database.connection.host: is missing',
    );
  }, 90_000);
});
