import { ConfigReader } from '@backstage/config';
import net from 'node:net';
import {
  PreflightError,
  Reachability,
  runPreflight,
  tcpReachability,
} from './checks';

const embedded = {
  app: { baseUrl: 'http://localhost:3000' },
  backend: {
    baseUrl: 'http://localhost:7007',
    database: { client: 'better-sqlite3', connection: ':memory:' },
  },
  auth: { environment: 'development', providers: { guest: {} } },
};

const production = {
  app: { baseUrl: 'https://portal.example.com' },
  backend: {
    baseUrl: 'https://portal.example.com',
    database: {
      client: 'pg',
      connection: {
        host: 'db.internal',
        port: '5432',
        user: 'portal',
        password: 'secret',
      },
    },
    cache: { store: 'redis', connection: 'redis://cache.internal:6379' },
  },
  auth: { environment: 'production', providers: {} },
  techdocs: { publisher: { type: 'awsS3', awsS3: { bucketName: 'docs' } } },
};

const reachable: Reachability = async () => undefined;

async function problemsOf(data: object, probe = reachable) {
  try {
    await runPreflight(new ConfigReader(data), {
      reachable: probe,
      timeoutMs: 200,
    });
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(PreflightError);
    return (error as PreflightError).problems;
  }
}

describe('runPreflight', () => {
  it('accepts the embedded default and a complete production configuration', async () => {
    expect(await problemsOf(embedded)).toEqual([]);
    expect(await problemsOf(production)).toEqual([]);
  });

  it('names every missing production key', async () => {
    const broken = JSON.parse(JSON.stringify(production));
    delete broken.backend.database.connection.host;
    delete broken.backend.database.connection.password;
    delete broken.techdocs.publisher.awsS3.bucketName;
    const keys = (await problemsOf(broken)).map(p => p.key);
    expect(keys).toEqual([
      'backend.database.connection.host',
      'backend.database.connection.password',
      'techdocs.publisher.awsS3.bucketName',
    ]);
  });

  it('refuses a bad URL, an unknown database client and a non-numeric port', async () => {
    const problems = await problemsOf({
      ...embedded,
      app: { baseUrl: 'not a url' },
      backend: {
        baseUrl: 'http://localhost:7007',
        database: { client: 'mysql' },
      },
    });
    expect(problems.map(p => p.key)).toEqual([
      'app.baseUrl',
      'backend.database.client',
    ]);
    const port = JSON.parse(JSON.stringify(production));
    port.backend.database.connection.port = 'five';
    expect((await problemsOf(port))[0].message).toMatch(/not a port number/);
  });

  it('refuses guest sign-in in production', async () => {
    const guest = {
      ...production,
      auth: { environment: 'production', providers: { guest: {} } },
    };
    expect((await problemsOf(guest)).map(p => p.key)).toEqual([
      'auth.providers.guest',
    ]);
  });

  it('reports an unreachable PostgreSQL and Redis with host and port', async () => {
    const problems = await problemsOf(production, async host =>
      host === 'db.internal' ? 'ECONNREFUSED' : undefined,
    );
    expect(problems).toEqual([
      {
        key: 'backend.database.connection',
        message: 'PostgreSQL at db.internal:5432 is unreachable (ECONNREFUSED)',
      },
    ]);
  });
});

describe('tcpReachability', () => {
  it('tells a listening port from a closed one', async () => {
    const server = net.createServer();
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      expect(await tcpReachability('127.0.0.1', port, 1000)).toBeUndefined();
    } finally {
      await new Promise(resolve => server.close(resolve));
    }
    expect(await tcpReachability('127.0.0.1', port, 1000)).toBe('ECONNREFUSED');
  });
});
