/**
 * The Aurora PBC's generated code connects with an IAM auth token: the skeleton rendered with
 * the real fetch:template actions and built with its own scripts, then its compiled dedup store
 * run as the task runs it (only the task definition's PG* variables, the Region and task-role
 * credentials) against a server that asks for a password as Aurora does with IAM auth.
 */
import { databaseUserName } from '@pbc-portal/pbc-domain';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakePostgres, startFakePostgres } from '../__testUtils__/fakePostgres';
import { validParameters } from '../__testUtils__/fixtures';
import {
  linkNodeModules,
  npmTest,
  renderSkeleton,
} from '../__testUtils__/skeleton';

jest.setTimeout(120_000);

const ACCESS_KEY_ID = 'ASIATESTTASKROLE0001';
const spec = validParameters({
  name: 'ledger',
  dataStore: 'aurora-postgresql',
  publishes: ['ledger-posted'],
  consumes: ['order.order-placed'],
  pciScope: true,
  awsRegion: 'eu-central-1',
});

/** Runs the compiled dedup store's first claim in a child process, as the service would. */
function claimOnce(
  repo: string,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const script = [
    "const { PostgresProcessedMessageStore } = require('./dist/dedup/postgres');",
    "new PostgresProcessedMessageStore().claim('ledger.order-order-placed', 'evt-1', 1000)",
    '  .then(() => process.exit(0), error => { console.error(error.message); process.exit(2); });',
  ].join('\n');
  const child = spawn(process.execPath, ['-e', script], {
    cwd: repo,
    env: {
      PATH: process.env.PATH,
      HOME: os.tmpdir(),
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', chunk => (output += String(chunk)));
  child.stderr!.on('data', chunk => (output += String(chunk)));
  return new Promise(resolve =>
    child.once('exit', code => resolve({ code, output })),
  );
}

describe('templates/pbc/skeleton: an Aurora PBC connects with an IAM auth token', () => {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'pbc-database-'));
  let repo: string;
  let server: FakePostgres;

  beforeAll(async () => {
    linkNodeModules(workspace);
    repo = await renderSkeleton(workspace, spec);
    server = await startFakePostgres();
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('depends on the RDS signer and pg, compiles and its own tests pass', async () => {
    const pkg = JSON.parse(
      fs.readFileSync(path.join(repo, 'package.json'), 'utf8'),
    );
    expect(Object.keys(pkg.dependencies).sort()).toEqual([
      '@aws-sdk/client-sns',
      '@aws-sdk/client-sqs',
      '@aws-sdk/rds-signer',
      'pg',
    ]);
    const stdout = await npmTest(repo);
    expect(stdout).toMatch(/# fail 0/);
  });

  it('sends a token signed by the task role for its host, port and user as the password, over verified TLS', async () => {
    const user = databaseUserName(spec.name);
    const { code, output } = await claimOnce(repo, {
      PGHOST: '127.0.0.1',
      PGPORT: String(server.port),
      PGUSER: user,
      PGSSLROOTCERT: server.caFile,
      AWS_REGION: spec.awsRegion,
      AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: 'test-secret-of-the-task-role',
      AWS_SESSION_TOKEN: 'test-session-of-the-task-role',
    });
    // The fake server refuses every login after recording it: the store reports its words.
    expect(code).toBe(2);
    expect(output).toContain('the fake server records the password');

    expect(server.logins).toHaveLength(1);
    const [login] = server.logins;
    expect(login.tls).toBe(true);
    expect(login.parameters).toMatchObject({ user, database: user });
    // An RDS auth token: a presigned `connect` request for this endpoint and user.
    const token = login.password!;
    expect(token.startsWith(`127.0.0.1:${server.port}/?`)).toBe(true);
    const query = new URLSearchParams(token.split('?')[1]);
    const today = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    expect({
      action: query.get('Action'),
      user: query.get('DBUser'),
      algorithm: query.get('X-Amz-Algorithm'),
      credential: query.get('X-Amz-Credential'),
      expires: query.get('X-Amz-Expires'),
      session: query.get('X-Amz-Security-Token'),
    }).toEqual({
      action: 'connect',
      user,
      algorithm: 'AWS4-HMAC-SHA256',
      credential: `${ACCESS_KEY_ID}/${today}/${spec.awsRegion}/rds-db/aws4_request`,
      expires: '900',
      session: 'test-session-of-the-task-role',
    });
    expect(query.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a server whose certificate it cannot verify, before sending anything', async () => {
    const before = server.logins.length;
    const { code, output } = await claimOnce(repo, {
      PGHOST: '127.0.0.1',
      PGPORT: String(server.port),
      PGUSER: databaseUserName(spec.name),
      AWS_REGION: spec.awsRegion,
      AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: 'test-secret-of-the-task-role',
    });
    expect(code).toBe(2);
    expect(output).toMatch(/self[- ]signed certificate/i);
    expect(server.logins.length).toBe(before);
  });

  it('stops at start, naming the variable, without the cluster endpoint', async () => {
    const { code, output } = await claimOnce(repo, {
      PGUSER: databaseUserName(spec.name),
      AWS_REGION: spec.awsRegion,
    });
    expect(code).not.toBe(0);
    expect(output).toContain('Missing environment variable PGHOST');
  });
});
