import { Config } from '@backstage/config';
import type { PreflightProblem } from './checks';

/** The embedded default's placeholder accounts, served by the local AWS endpoint. */
export const PLACEHOLDER_ACCOUNT_IDS = [
  '111111111111',
  '222222222222',
  '333333333333',
];

/**
 * Production is `auth.environment: production` (what app-config.production.yaml sets, and what
 * makes Backstage refuse the guest provider) or NODE_ENV=production (what the container image
 * runs with). Either one is enough, so a forgotten one cannot switch the checks off.
 */
export function isProduction(config: Config, nodeEnv?: string): boolean {
  return (
    config.getOptionalString('auth.environment') === 'production' ||
    nodeEnv === 'production'
  );
}

function isLocalHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    h.startsWith('127.') ||
    h === '::1' ||
    h === '0.0.0.0'
  );
}

/**
 * What the embedded default keeps that production must not: local publish (file locations on
 * the backend host), the local AWS endpoint (plain HTTP on loopback) and its placeholder accounts.
 */
export function productionProblems(config: Config): PreflightProblem[] {
  const problems: PreflightProblem[] = [];

  if (config.getOptionalBoolean('pbcScaffolder.localPublish.enabled')) {
    problems.push({
      key: 'pbcScaffolder.localPublish.enabled',
      message:
        'must be false in production: local publish makes the catalog read files on the backend host',
    });
  }

  const endpoint = config.getOptionalString('complianceDashboard.aws.endpoint');
  if (endpoint) {
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {
      problems.push({
        key: 'complianceDashboard.aws.endpoint',
        message: 'is not a URL',
      });
    }
    if (url && url.protocol !== 'https:') {
      problems.push({
        key: 'complianceDashboard.aws.endpoint',
        message: `must be https in production (or unset for the real AWS endpoints), not ${url.protocol}//`,
      });
    }
    if (url && isLocalHost(url.hostname)) {
      problems.push({
        key: 'complianceDashboard.aws.endpoint',
        message: `points at the local endpoint (${url.hostname}); unset it for the real AWS endpoints`,
      });
    }
  }

  if (config.has('pbcPortal.demoUsers')) {
    problems.push({
      key: 'pbcPortal.demoUsers',
      message:
        'must be unset in production: it lets anyone sign in as the listed users',
    });
  }

  if (config.getOptionalBoolean('complianceDashboard.testing.movableClock')) {
    problems.push({
      key: 'complianceDashboard.testing.movableClock',
      message:
        'must be off in production: it lets a platform member move the clock that exemptions expire by',
    });
  }

  const accounts = config.getOptionalConfigArray('aws.accounts') ?? [];
  accounts.forEach((account, i) => {
    const id = account.getOptional('accountId');
    if (id !== undefined && PLACEHOLDER_ACCOUNT_IDS.includes(String(id))) {
      problems.push({
        key: `aws.accounts[${i}].accountId`,
        message: `${id} is a placeholder account of the local endpoint`,
      });
    }
    const keyId = account.getOptionalString('accessKeyId');
    if (keyId?.startsWith('LOCAL')) {
      problems.push({
        key: `aws.accounts[${i}].accessKeyId`,
        message: 'is a placeholder key of the local endpoint',
      });
    }
  });

  return problems;
}
