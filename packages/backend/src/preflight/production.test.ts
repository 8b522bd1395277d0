import { ConfigReader } from '@backstage/config';
import { ConfigSources, FileConfigSource } from '@backstage/config-loader';
import path from 'node:path';
import { PreflightError, runPreflight } from './checks';
import { isProduction, productionProblems } from './production';

const root = path.resolve(__dirname, '../../../..');

const env: Record<string, string> = {
  PBC_PORTAL_BASE_URL: 'https://portal.example.com',
  POSTGRES_HOST: 'db.internal',
  POSTGRES_PORT: '5432',
  POSTGRES_USER: 'portal',
  POSTGRES_PASSWORD: 'secret',
  REDIS_URL: 'redis://cache.internal:6379',
  TECHDOCS_S3_BUCKET: 'docs',
  PBC_AWS_ACCOUNT_ID: '444455556666',
  PBC_AWS_ROLE_NAME: 'pbc-portal-reader',
};

/** The two real files, merged the way `--config a --config b` merges them. */
async function mergedConfig(vars: Record<string, string> = env) {
  const source = ConfigSources.merge(
    ['app-config.yaml', 'app-config.production.yaml'].map(file =>
      FileConfigSource.create({
        path: path.join(root, file),
        watch: false,
        substitutionFunc: async name => vars[name],
      }),
    ),
  );
  return ConfigSources.toConfig(source);
}

describe('production over the embedded default', () => {
  it('is production and keeps none of the embedded dangers', async () => {
    const config = await mergedConfig();
    try {
      expect(isProduction(config)).toBe(true);
      expect(
        config.getOptionalBoolean('pbcScaffolder.localPublish.enabled'),
      ).toBe(false);
      expect(
        config.getOptionalString('complianceDashboard.aws.endpoint'),
      ).toBeUndefined();
      expect(config.getConfigArray('aws.accounts').map(a => a.get())).toEqual([
        { accountId: '444455556666', roleName: 'pbc-portal-reader' },
      ]);
      expect(productionProblems(config)).toEqual([]);
    } finally {
      config.close();
    }
  });

  it('refuses a placeholder account given through the environment', async () => {
    const config = await mergedConfig({
      ...env,
      PBC_AWS_ACCOUNT_ID: '111111111111',
    });
    try {
      expect(productionProblems(config).map(p => p.key)).toEqual([
        'aws.accounts[0].accountId',
      ]);
    } finally {
      config.close();
    }
  });
});

describe('preflight in production', () => {
  const embeddedDangers = {
    pbcScaffolder: { localPublish: { enabled: true } },
    pbcPortal: { demoUsers: ['user:default/pat.payments'] },
    complianceDashboard: {
      aws: { endpoint: 'http://127.0.0.1:4599' },
      testing: { movableClock: true },
    },
    aws: {
      accounts: [
        { accountId: '111111111111', accessKeyId: 'LOCAL111111111111' },
      ],
    },
  };
  const sound = {
    app: { baseUrl: 'https://portal.example.com' },
    backend: {
      baseUrl: 'https://portal.example.com',
      database: { client: 'better-sqlite3', connection: ':memory:' },
    },
    auth: { environment: 'development', providers: { guest: {} } },
  };

  it('names each problem when NODE_ENV=production', async () => {
    const config = new ConfigReader({ ...sound, ...embeddedDangers });
    const error = await runPreflight(config, {
      reachable: async () => undefined,
      nodeEnv: 'production',
    }).catch(e => e);
    expect(error).toBeInstanceOf(PreflightError);
    expect((error as PreflightError).problems.map(p => p.key)).toEqual([
      'pbcScaffolder.localPublish.enabled',
      'complianceDashboard.aws.endpoint',
      'complianceDashboard.aws.endpoint',
      'pbcPortal.demoUsers',
      'complianceDashboard.testing.movableClock',
      'aws.accounts[0].accountId',
      'aws.accounts[0].accessKeyId',
    ]);
  });

  it('lets the embedded default keep them outside production', async () => {
    const config = new ConfigReader({ ...sound, ...embeddedDangers });
    await expect(
      runPreflight(config, {
        reachable: async () => undefined,
        nodeEnv: 'development',
      }),
    ).resolves.toBeUndefined();
  });

  it('accepts an https endpoint that is not local', () => {
    const config = new ConfigReader({
      complianceDashboard: { aws: { endpoint: 'https://vpce.example.com' } },
    });
    expect(productionProblems(config)).toEqual([]);
  });
});
