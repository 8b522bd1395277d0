import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** The compliance dashboard backend (@pbc-portal/plugin-compliance-dashboard-backend). */
  complianceDashboard?: {
    /** When the refresh runs; default every 15 minutes, 30 minutes timeout, first run 10 seconds after start. */
    schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    /** Days to keep CloudTrail events, daily scores and refresh records; default 90. */
    retentionDays?: number;
    /** Number of full snapshots (control results, non-compliant resources) kept besides daily scores; default 4. */
    snapshotsToKeep?: number;
    /** Number of daily scores in each PBC's trend; default 14. */
    trendDays?: number;
    /** Days of risky events counted per PBC (list, teams, CSV) and listed on its detail; one window for all; default 30. */
    riskyEventDays?: number;
    /** Base URL of the architecture series in TechDocs, for guidance links; default /docs/default/component/architecture-docs. */
    guidanceBaseUrl?: string;
    /** Reading AWS Config and CloudTrail. Credentials come from the `aws` integration config (@backstage/integration-aws-node). */
    aws?: {
      /** Custom endpoint for every AWS client, e.g. the local endpoint http://127.0.0.1:4599; default the real AWS endpoints. */
      endpoint?: string;
      /** Attempts per AWS call including retries (SDK adaptive retry mode); default 6. */
      maxAttempts?: number;
      /** Client-side limit of CloudTrail LookupEvents calls per second per account and Region; default 2 (the AWS quota). */
      lookupEventsPerSecond?: number;
      /** Regions read in every account that has a PBC, besides each PBC's own Region, e.g. [us-east-1] for global services. */
      regions?: string[];
      /** Account and Region pairs read at the same time; default 4 (CloudTrail reads of all pairs run in parallel regardless). */
      concurrency?: number;
      /** Timeout of one AWS HTTP request in milliseconds; default 30000. */
      requestTimeoutMs?: number;
      /** Minutes a listing of an account and Region's conformance packs is reused (0: every refresh); default 360. */
      conformancePackListMinutes?: number;
    };
    /** Reading CloudTrail incrementally. */
    cloudTrail?: {
      /** Days read back on the first refresh of an account and Region (at most 90); default 7. */
      backfillDays?: number;
      /** Minutes re-read before the stored watermark, for late-delivered events (deduplicated by event id); default 15. */
      overlapMinutes?: number;
    };
    /** Parameters of the CloudTrail risk predicates. */
    risk?: {
      /** Regions approved for personal data; events elsewhere are risky (predicate outside-approved-regions). Unset: not checked. */
      approvedRegions?: string[];
      /** Minimum log retention in days (predicate retention-below-minimum); default the PBC-OBS-06 rule parameter, 365. */
      minLogRetentionDays?: number;
      /** Names of the customer-erasure SNS topics (predicate erasure-subscription-removed); default [customer-erasure]. */
      erasureTopicNames?: string[];
      /** Ids of the VPCs' default security groups (predicate targets-default-security-group); the group name `default` always counts. */
      defaultSecurityGroupIds?: string[];
    };
  };
}
