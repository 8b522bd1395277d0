import { ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { Config, ConfigReader } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import express from 'express';
import knexFactory, { Knex } from 'knex';
import { AwsClientFactory } from '../src/aws/AwsClientFactory';
import { ComplianceReader } from '../src/aws/types';
import {
  ComplianceDashboardConfig,
  readComplianceDashboardConfig,
} from '../src/config';
import { ComplianceStore } from '../src/database/ComplianceStore';
import { toPbcTarget } from '../src/domain/pbcs';
import { ComplianceService } from '../src/service/ComplianceService';

/*
 * The dashboard's backend as the benchmarks assemble it in their own
 * process: a SQLite file, AWS clients on the local endpoint, the service over
 * the endpoint's PBCs, and the HTTP server the load generator calls.
 */

/* eslint-disable no-console */

/** A SQLite database in a temporary directory; `close` removes both. */
export function benchDatabase(prefix: string): {
  knex: Knex;
  close: () => Promise<void>;
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: join(dir, 'bench.sqlite') },
    useNullAsDefault: true,
  });
  return {
    knex,
    close: async () => {
      await knex.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The compliance service on `knex`, reading AWS through `reader` over the
 * endpoint's catalog `entities`; it logs warnings and errors only.
 */
export async function benchService(options: {
  rootConfig: Config;
  knex: Knex;
  entities: any[];
  reader: (
    clients: AwsClientFactory,
    config: ComplianceDashboardConfig,
  ) => ComplianceReader;
}) {
  const { rootConfig, knex } = options;
  const config = readComplianceDashboardConfig(rootConfig);
  const clients = new AwsClientFactory({
    credentialsManager: DefaultAwsCredentialsManager.fromConfig(rootConfig),
    config: config.aws,
  });
  const store = await ComplianceStore.create({
    database: { getClient: async () => knex },
  });
  const targets = options.entities.map((e: any) => {
    const r = toPbcTarget(e);
    if (!r.ok) throw new Error(r.reason);
    return r.target;
  });
  const logger = {
    info() {},
    debug() {},
    warn: (m: string) => console.error(`  warn: ${m}`),
    error: (m: string) => console.error(`  error: ${m}`),
    child() {
      return logger;
    },
  } as any;
  const service = new ComplianceService({
    store,
    reader: options.reader(clients, config),
    config,
    logger,
    loadPbcs: async () => targets,
    callCount: () => clients.stats().requests,
  });
  return { config, clients, store, targets, logger, service };
}

/**
 * Serves `router` (with the backend's error handler) on an ephemeral port
 * and forks the load generator that will call it.
 */
export async function serveBench(
  router: express.Router,
  logger: any,
): Promise<{ server: http.Server; port: number; generator: ChildProcess }> {
  const app = express();
  app.use(router);
  app.use(
    MiddlewareFactory.create({
      config: new ConfigReader({}),
      logger,
    }).error(),
  );
  const server = await new Promise<http.Server>(resolve => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  const generator = fork(join(__dirname, 'loadChild.ts'), [], {
    execArgv: process.execArgv,
  });
  return { server, port, generator };
}
