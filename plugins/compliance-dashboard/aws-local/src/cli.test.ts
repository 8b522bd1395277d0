import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, platformOptionsFrom } from './cli';

describe('cli options', () => {
  it('parses flags and scales unspecified sizes with --pbcs', () => {
    const args = parseArgs([
      '--port',
      '4599',
      '--pbcs=100',
      '--regions',
      'eu-west-1,eu-central-1',
      '--catalog-out',
      'x.yaml',
    ]);
    expect(args).toEqual({
      port: '4599',
      pbcs: '100',
      regions: 'eu-west-1,eu-central-1',
      'catalog-out': 'x.yaml',
    });
    expect(platformOptionsFrom(args)).toMatchObject({
      pbcs: 100,
      accounts: 3,
      regions: ['eu-west-1', 'eu-central-1'],
      resources: 1000,
      events: 4000,
    });
    expect(platformOptionsFrom(parseArgs(['--port', '1']))).toBeUndefined();
    expect(() => parseArgs(['--nope', '1'])).toThrow(/Unknown option/);
    expect(() => parseArgs(['--pbcs'])).toThrow(/needs a value/);
  });
});

describe('cli process', () => {
  let child: ChildProcess | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'aws-local-cli-'));
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts, prints where it listens and writes the catalog', async () => {
    const catalog = join(dir, 'catalog.yaml');
    child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        join(__dirname, 'cli.ts'),
        '--port',
        '0',
        '--pbcs',
        '20',
        '--catalog-out',
        catalog,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      let err = '';
      const timer = setTimeout(
        () =>
          reject(new Error(`no listening line; stdout=${out} stderr=${err}`)),
        60_000,
      );
      child!.stdout!.on('data', d => {
        out += d;
        const m = /aws-local listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(
          out,
        );
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child!.stderr!.on('data', d => (err += d));
      child!.on('exit', code => reject(new Error(`exited ${code}: ${err}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(
      readFileSync(catalog, 'utf8').match(/^kind: Component$/gm),
    ).toHaveLength(20);
    const exited = new Promise(resolve => child!.on('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }, 90_000);
});
