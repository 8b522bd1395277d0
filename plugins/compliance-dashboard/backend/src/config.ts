import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { DEFAULT_GUIDANCE_BASE_URL, getControl } from '@pbc-portal/pbc-domain';

/** The plugin's settings, read once from `complianceDashboard.*`. */
export interface ComplianceDashboardConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Days of past scores read from AWS Config for a PBC without history; 0: off. */
  historyBackfillDays: number;
  /** The SQS queue EventBridge forwards compliance events to; undefined: no push. */
  push?: { queueUrl: string; region: string; visibilitySeconds?: number };
  /** How often the catalog's PBCs are compared with the last refresh's; undefined: never. */
  catalogPoll?: { seconds: number };
  retentionDays: number;
  snapshotsToKeep: number;
  trendDays: number;
  riskyEventDays: number;
  guidanceBaseUrl: string;
  aws: AwsReadConfig;
  cloudTrail: { backfillDays: number; overlapMinutes: number };
  risk: RiskConfig;
}

export interface AwsReadConfig {
  endpoint?: string;
  maxAttempts: number;
  lookupEventsPerSecond: number;
  regions: string[];
  concurrency: number;
  requestTimeoutMs: number;
  conformancePackListMinutes: number;
  /** Minutes between two full reads of an account and Region; 0: every refresh is full. */
  fullReadEveryMinutes: number;
  /** Minutes the change queries reach back before the last read's start. */
  changeOverlapMinutes: number;
  /** `accounts`: Config read in each account; `aggregator`: through one configuration aggregator. */
  mode: 'accounts' | 'aggregator';
  aggregator?: {
    accountId: string;
    region: string;
    name: string;
    /** Read an account's Config in the account itself when the aggregator cannot serve it. */
    fallbackToAccounts?: boolean;
  };
}

export interface RiskConfig {
  approvedRegions?: string[];
  minLogRetentionDays: number;
  erasureTopicNames: string[];
  defaultSecurityGroupIds: string[];
}

export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 15 },
  timeout: { minutes: 30 },
  initialDelay: { seconds: 10 },
};

function positive(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(
      `Invalid config complianceDashboard.${key}: expected a positive number, got ${value}`,
    );
  }
  return value;
}

function nonNegative(value: number, key: string): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(
      `Invalid config complianceDashboard.${key}: expected 0 or a positive number, got ${value}`,
    );
  }
  return value;
}

// The retention minimum lives in the controls catalog as the Config rule's
// input parameter; reading it from there keeps one source of truth.
function catalogMinRetentionDays(): number {
  const param =
    getControl('PBC-OBS-06').detection.configRule?.inputParameters
      ?.MinRetentionTime;
  const days = Number(param);
  return Number.isFinite(days) && days > 0 ? days : 365;
}

export function readComplianceDashboardConfig(
  root: Config,
): ComplianceDashboardConfig {
  return readFrom(root.getOptionalConfig('complianceDashboard'));
}

function readFrom(config: Config | undefined): ComplianceDashboardConfig {
  const get = <T>(fn: (c: Config) => T, fallback: T): T =>
    config ? fn(config) : fallback;

  const schedule = get(
    c =>
      c.has('schedule')
        ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
            c.getConfig('schedule'),
          )
        : DEFAULT_SCHEDULE,
    DEFAULT_SCHEDULE,
  );

  const endpoint = config?.getOptionalString('aws.endpoint');
  if (endpoint !== undefined && !/^https?:\/\/[^\s]+$/.test(endpoint)) {
    throw new Error(
      `Invalid config complianceDashboard.aws.endpoint: expected an http(s) URL, got '${endpoint}'`,
    );
  }

  const backfillDays = get(c => positive(c, 'cloudTrail.backfillDays', 7), 7);
  if (backfillDays > 90) {
    throw new Error(
      'Invalid config complianceDashboard.cloudTrail.backfillDays: CloudTrail LookupEvents reaches back 90 days at most',
    );
  }

  const catalogPollSeconds =
    config?.getOptionalNumber('catalogPollSeconds') ?? 15;
  if (!Number.isFinite(catalogPollSeconds) || catalogPollSeconds < 0) {
    throw new Error(
      `Invalid config complianceDashboard.catalogPollSeconds: expected 0 (off) or a positive number of seconds, got ${catalogPollSeconds}`,
    );
  }

  const mode = config?.getOptionalString('aws.mode') ?? 'accounts';
  if (mode !== 'accounts' && mode !== 'aggregator') {
    throw new Error(
      `Invalid config complianceDashboard.aws.mode: expected 'accounts' or 'aggregator', got '${mode}'`,
    );
  }
  let aggregator: AwsReadConfig['aggregator'];
  if (mode === 'aggregator') {
    const accountId = config!.getOptionalString('aws.aggregator.accountId');
    const region = config!.getOptionalString('aws.aggregator.region');
    const name = config!.getOptionalString('aws.aggregator.name');
    if (!accountId || !/^\d{12}$/.test(accountId) || !region || !name) {
      throw new Error(
        'Invalid config complianceDashboard.aws.aggregator: aggregator mode needs accountId (12 digits), region and name',
      );
    }
    aggregator = {
      accountId,
      region,
      name,
      fallbackToAccounts:
        config!.getOptionalBoolean('aws.aggregator.fallbackToAccounts') ??
        false,
    };
  }

  let push: ComplianceDashboardConfig['push'];
  const queueUrl = config?.getOptionalString('push.queueUrl');
  if (queueUrl) {
    const region =
      config!.getOptionalString('push.region') ??
      /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com\//.exec(queueUrl)?.[1];
    if (!region) {
      throw new Error(
        'Invalid config complianceDashboard.push: give push.region when the queue URL does not name one',
      );
    }
    push = {
      queueUrl,
      region,
      visibilitySeconds: config!.getOptionalNumber('push.visibilitySeconds'),
    };
  }

  const trendDays = Math.floor(get(c => positive(c, 'trendDays', 14), 14));
  const historyBackfillDays = nonNegative(
    config?.getOptionalNumber('history.backfillDays') ?? trendDays,
    'history.backfillDays',
  );
  if (historyBackfillDays > 365) {
    throw new Error(
      'Invalid config complianceDashboard.history.backfillDays: at most 365',
    );
  }

  return {
    schedule,
    push,
    historyBackfillDays,
    catalogPoll:
      catalogPollSeconds > 0 ? { seconds: catalogPollSeconds } : undefined,
    retentionDays: get(c => positive(c, 'retentionDays', 90), 90),
    snapshotsToKeep: Math.max(
      2,
      Math.floor(get(c => positive(c, 'snapshotsToKeep', 4), 4)),
    ),
    trendDays: Math.floor(get(c => positive(c, 'trendDays', 14), 14)),
    riskyEventDays: get(c => positive(c, 'riskyEventDays', 30), 30),
    guidanceBaseUrl:
      config?.getOptionalString('guidanceBaseUrl') ?? DEFAULT_GUIDANCE_BASE_URL,
    aws: {
      endpoint,
      maxAttempts: Math.floor(get(c => positive(c, 'aws.maxAttempts', 6), 6)),
      lookupEventsPerSecond: get(
        c => positive(c, 'aws.lookupEventsPerSecond', 2),
        2,
      ),
      regions: config?.getOptionalStringArray('aws.regions') ?? [],
      concurrency: Math.floor(get(c => positive(c, 'aws.concurrency', 4), 4)),
      requestTimeoutMs: get(
        c => positive(c, 'aws.requestTimeoutMs', 30000),
        30000,
      ),
      conformancePackListMinutes:
        config?.getOptionalNumber('aws.conformancePackListMinutes') ?? 360,
      fullReadEveryMinutes: nonNegative(
        config?.getOptionalNumber('aws.fullReadEveryMinutes') ?? 1440,
        'aws.fullReadEveryMinutes',
      ),
      changeOverlapMinutes: nonNegative(
        config?.getOptionalNumber('aws.changeOverlapMinutes') ?? 15,
        'aws.changeOverlapMinutes',
      ),
      mode,
      aggregator,
    },
    cloudTrail: {
      backfillDays,
      overlapMinutes: get(
        c => positive(c, 'cloudTrail.overlapMinutes', 15),
        15,
      ),
    },
    risk: {
      approvedRegions: config?.getOptionalStringArray('risk.approvedRegions'),
      minLogRetentionDays: get(
        c => positive(c, 'risk.minLogRetentionDays', catalogMinRetentionDays()),
        catalogMinRetentionDays(),
      ),
      erasureTopicNames: config?.getOptionalStringArray(
        'risk.erasureTopicNames',
      ) ?? ['customer-erasure'],
      defaultSecurityGroupIds:
        config?.getOptionalStringArray('risk.defaultSecurityGroupIds') ?? [],
    },
  };
}
