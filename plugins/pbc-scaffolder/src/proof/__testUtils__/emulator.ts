import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createInterface } from 'node:readline';

/** A running moto server, started by {@link startEmulator}. */
export interface Emulator {
  endpoint: string;
  motoVersion: string;
  /** Resource types moto/models.py adds to moto's CloudFormation. */
  modelledTypes: string[];
  stop(): Promise<void>;
}

const PACKAGE = '@pbc-portal/plugin-scaffolder-backend-module-pbc';
const REPO_ROOT = resolvePackagePath(PACKAGE, '..', '..');
const SERVE = resolvePackagePath(PACKAGE, 'src', 'proof', '__testUtils__', 'moto', 'serve.py');

/**
 * The Python that has moto: PBC_MOTO_PYTHON, else the repository's tool venv (./portal installs
 * moto there from scripts/requirements.txt). Undefined when neither imports moto.
 */
export function findMotoPython(): string | undefined {
  const candidates = [
    process.env.PBC_MOTO_PYTHON,
    join(REPO_ROOT, '.tooling', 'venv', 'bin', 'python'),
  ].filter((p): p is string => !!p && existsSync(p));
  return candidates.find(
    python =>
      spawnSync(python, ['-c', 'import moto.server'], { stdio: 'ignore' })
        .status === 0,
  );
}

/**
 * Starts moto on 127.0.0.1 on an ephemeral port with the proof's CloudFormation models. The
 * server exits when its standard input closes, so it dies with the test process.
 */
export async function startEmulator(python: string): Promise<Emulator> {
  const child: ChildProcess = spawn(python, [SERVE], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  // PBC_MOTO_LOG=<file> keeps moto's whole log, for debugging a failed deployment.
  const log = process.env.PBC_MOTO_LOG
    ? createWriteStream(process.env.PBC_MOTO_LOG)
    : undefined;
  child.stderr!.on('data', chunk => {
    log?.write(chunk);
    // Keep the tail only: moto logs a line per request.
    stderr = (stderr + String(chunk)).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolveLine, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`moto did not start in 60 s: ${stderr}`)),
      60_000,
    );
    lines.once('line', line => {
      clearTimeout(timer);
      resolveLine(line);
    });
    child.once('exit', code => {
      clearTimeout(timer);
      reject(new Error(`moto exited with ${code}: ${stderr}`));
    });
  });
  const info = JSON.parse(first) as {
    port: number;
    moto: string;
    modelled: string[];
  };
  return {
    endpoint: `http://127.0.0.1:${info.port}`,
    motoVersion: info.moto,
    modelledTypes: info.modelled,
    stop: () =>
      new Promise<void>(done => {
        if (child.exitCode !== null) {
          done();
          return;
        }
        child.once('exit', () => done());
        child.stdin!.end();
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
