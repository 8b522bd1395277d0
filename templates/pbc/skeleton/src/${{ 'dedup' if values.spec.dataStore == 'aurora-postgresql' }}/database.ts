import { readFileSync } from 'node:fs';
import { Signer } from '@aws-sdk/rds-signer';
import { Pool, type PoolConfig } from 'pg';

/** What signs the database password: the real signer, or a test's. */
export type AuthTokenSource = Pick<Signer, 'getAuthToken'>;

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) {
    throw new Error(`Missing environment variable ${name} (the PBC's Aurora cluster)`);
  }
  return value;
}

/**
 * Connection settings for the PBC's Aurora cluster with IAM authentication: the task role
 * (allowed `rds-db:connect` as PGUSER only) signs a token that serves as the password. There
 * is no password anywhere in the environment. A token is valid for 15 minutes, so every new
 * connection asks for a fresh one; an open connection is not affected when its token expires.
 * IAM authentication requires TLS; the server's certificate is verified against the CA bundle
 * at PGSSLROOTCERT when set (the RDS bundle in the image), else against Node's own CAs.
 */
export function databaseConfig(
  env: NodeJS.ProcessEnv = process.env,
  tokens?: AuthTokenSource,
): PoolConfig {
  const host = required(env, 'PGHOST');
  const port = Number(env.PGPORT ?? 5432);
  const user = required(env, 'PGUSER');
  // The token is signed for this host, port and user: the same ones the connection uses.
  const signer = tokens ?? new Signer({ hostname: host, port, username: user, region: env.AWS_REGION });
  return {
    host,
    port,
    user,
    database: env.PGDATABASE ?? user,
    password: () => signer.getAuthToken(),
    ssl: {
      rejectUnauthorized: true,
      ...(env.PGSSLROOTCERT ? { ca: readFileSync(env.PGSSLROOTCERT, 'utf8') } : {}),
    },
  };
}

/** A connection pool on the PBC's database, authenticated with IAM. */
export function createDatabasePool(env: NodeJS.ProcessEnv = process.env): Pool {
  return new Pool(databaseConfig(env));
}
