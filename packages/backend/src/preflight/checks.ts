import { Config } from '@backstage/config';
import net from 'node:net';
import { isProduction, productionProblems } from './production';

/** One thing wrong with the configuration, said so that an operator can fix it. */
export type PreflightProblem = { key: string; message: string };

/** Thrown when the configuration cannot work; its message lists every problem found. */
export class PreflightError extends Error {
  constructor(readonly problems: PreflightProblem[]) {
    super(
      `PBC Portal cannot start with this configuration:\n${problems
        .map(p => `  - ${p.key}: ${p.message}`)
        .join('\n')}`,
    );
    this.name = 'PreflightError';
  }
}

/** Opens a TCP connection to prove a dependency is reachable; resolves to an error text or undefined. */
export type Reachability = (
  host: string,
  port: number,
  timeoutMs: number,
) => Promise<string | undefined>;

export const tcpReachability: Reachability = (host, port, timeoutMs) =>
  new Promise(resolve => {
    const socket = net.connect({ host, port });
    const done = (error?: string) => {
      socket.destroy();
      resolve(error);
    };
    socket.setTimeout(timeoutMs, () =>
      done(`no answer within ${timeoutMs} ms`),
    );
    socket.once('connect', () => done());
    socket.once('error', (err: NodeJS.ErrnoException) =>
      done(err.code ?? err.message),
    );
  });

function checkUrl(config: Config, key: string, problems: PreflightProblem[]) {
  const value = config.getOptionalString(key);
  if (!value) {
    problems.push({ key, message: 'is missing' });
    return;
  }
  try {
    // eslint-disable-next-line no-new
    new URL(value);
  } catch {
    problems.push({ key, message: `is not a URL: "${value}"` });
  }
}

function requireString(
  config: Config,
  key: string,
  problems: PreflightProblem[],
) {
  const value = config.getOptional(key);
  if (value === undefined || value === null || value === '') {
    problems.push({
      key,
      message: 'is missing (is the environment variable it reads set?)',
    });
    return undefined;
  }
  return String(value);
}

/**
 * Checks what the portal needs before any plugin starts, so that a bad configuration fails in
 * seconds with the key that is wrong, instead of plugins retrying a database forever.
 */
export async function runPreflight(
  config: Config,
  options: {
    reachable?: Reachability;
    timeoutMs?: number;
    nodeEnv?: string;
  } = {},
): Promise<void> {
  const reachable = options.reachable ?? tcpReachability;
  const timeoutMs = options.timeoutMs ?? 5000;
  const problems: PreflightProblem[] = [];
  const endpoints: Array<{
    key: string;
    what: string;
    host: string;
    port: number;
  }> = [];

  checkUrl(config, 'backend.baseUrl', problems);
  checkUrl(config, 'app.baseUrl', problems);

  const client = config.getOptionalString('backend.database.client');
  if (!client) {
    problems.push({ key: 'backend.database.client', message: 'is missing' });
  } else if (client === 'pg') {
    const connection = config.getOptional('backend.database.connection');
    if (typeof connection === 'string') {
      try {
        const url = new URL(connection);
        endpoints.push({
          key: 'backend.database.connection',
          what: 'PostgreSQL',
          host: url.hostname,
          port: Number(url.port || 5432),
        });
      } catch {
        problems.push({
          key: 'backend.database.connection',
          message: 'is not a PostgreSQL connection string',
        });
      }
    } else {
      const host = requireString(
        config,
        'backend.database.connection.host',
        problems,
      );
      const port = requireString(
        config,
        'backend.database.connection.port',
        problems,
      );
      requireString(config, 'backend.database.connection.user', problems);
      requireString(config, 'backend.database.connection.password', problems);
      if (port !== undefined && !/^\d+$/.test(port)) {
        problems.push({
          key: 'backend.database.connection.port',
          message: `is not a port number: "${port}"`,
        });
      } else if (host && port) {
        endpoints.push({
          key: 'backend.database.connection',
          what: 'PostgreSQL',
          host,
          port: Number(port),
        });
      }
    }
  } else if (client !== 'better-sqlite3') {
    problems.push({
      key: 'backend.database.client',
      message: `must be "better-sqlite3" or "pg", not "${client}"`,
    });
  }

  if (config.getOptionalString('backend.cache.store') === 'redis') {
    const connection = requireString(
      config,
      'backend.cache.connection',
      problems,
    );
    if (connection) {
      try {
        const url = new URL(connection);
        endpoints.push({
          key: 'backend.cache.connection',
          what: 'Redis',
          host: url.hostname,
          port: Number(url.port || 6379),
        });
      } catch {
        problems.push({
          key: 'backend.cache.connection',
          message: 'is not a redis:// URL',
        });
      }
    }
  }

  const environment = config.getOptionalString('auth.environment');
  if (
    environment === 'production' &&
    config.has('auth.providers.guest') &&
    !config.getOptionalBoolean(
      'auth.providers.guest.dangerouslyAllowOutsideDevelopment',
    )
  ) {
    problems.push({
      key: 'auth.providers.guest',
      message:
        'guest sign-in is for the embedded default only; configure an identity provider',
    });
  }

  if (isProduction(config, options.nodeEnv ?? process.env.NODE_ENV)) {
    problems.push(...productionProblems(config));
  }

  if (config.getOptionalString('techdocs.publisher.type') === 'awsS3') {
    requireString(config, 'techdocs.publisher.awsS3.bucketName', problems);
  }

  // Only probe the network once the configuration itself is sound.
  if (problems.length === 0) {
    const results = await Promise.all(
      endpoints.map(async e => ({
        e,
        error: await reachable(e.host, e.port, timeoutMs),
      })),
    );
    for (const { e, error } of results) {
      if (error) {
        problems.push({
          key: e.key,
          message: `${e.what} at ${e.host}:${e.port} is unreachable (${error})`,
        });
      }
    }
  }

  if (problems.length > 0) {
    throw new PreflightError(problems);
  }
}
