import { ConfigReader } from '@backstage/config';
import {
  defaultMaxConcurrentRenders,
  readPbcScaffolderSettings,
} from './config';

describe('readPbcScaffolderSettings', () => {
  const env = process.env.PBC_CFN_LINT;
  afterEach(() => {
    if (env === undefined) {
      delete process.env.PBC_CFN_LINT;
    } else {
      process.env.PBC_CFN_LINT = env;
    }
  });

  it('defaults to a disabled local publisher under ../../.tooling/data/repos', () => {
    delete process.env.PBC_CFN_LINT;
    expect(
      readPbcScaffolderSettings(
        new ConfigReader({}),
        '/srv/portal/packages/backend',
      ),
    ).toEqual({
      localPublish: {
        enabled: false,
        directory: '/srv/portal/.tooling/data/repos',
        defaultBranch: 'main',
        author: { name: 'Scaffolder', email: 'scaffolder@backstage.io' },
      },
      cfnLintExecutable: 'cfn-lint',
      render: { maxConcurrent: defaultMaxConcurrentRenders(), maxQueued: 4 },
    });
  });

  it('keeps a core for the backend, and renders at least one at a time', () => {
    expect(defaultMaxConcurrentRenders(8)).toBe(7);
    expect(defaultMaxConcurrentRenders(2)).toBe(1);
    expect(defaultMaxConcurrentRenders(1)).toBe(1);
  });

  it('reads every key', () => {
    const settings = readPbcScaffolderSettings(
      new ConfigReader({
        scaffolder: {
          defaultAuthor: { name: 'Portal', email: 'portal@example.com' },
        },
        pbcScaffolder: {
          localPublish: {
            enabled: true,
            directory: '/data/repos',
            defaultBranch: 'trunk',
          },
          cfnLint: { executable: '/opt/cfn-lint' },
          render: { maxConcurrent: 3, maxQueued: 0 },
        },
      }),
      '/anywhere',
    );
    expect(settings).toEqual({
      localPublish: {
        enabled: true,
        directory: '/data/repos',
        defaultBranch: 'trunk',
        author: { name: 'Portal', email: 'portal@example.com' },
      },
      cfnLintExecutable: '/opt/cfn-lint',
      render: { maxConcurrent: 3, maxQueued: 0 },
    });
  });

  it('falls back to PBC_CFN_LINT for the cfn-lint executable', () => {
    process.env.PBC_CFN_LINT = '/usr/local/bin/cfn-lint';
    expect(
      readPbcScaffolderSettings(new ConfigReader({})).cfnLintExecutable,
    ).toBe('/usr/local/bin/cfn-lint');
  });
});
