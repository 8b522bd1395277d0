import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** The portal's PBC-wide settings. */
  pbcPortal?: {
    /** Which catalog locations may speak for a PBC's `pbc` tag (the dashboard reads AWS only for the entity that holds the tag and account). */
    identity?: {
      /** Location refs whose entities may claim any tag, besides the static catalog.locations, e.g. url:https://github.com/acme/platform-catalog/blob/main/pbcs.yaml; a ref ending in / covers everything below it. */
      trustedLocations?: string[];
      /** Location-ref prefixes of the repositories the scaffolder publishes, with {pbc} for the tag, e.g. url:https://github.com/acme/{pbc}; the local publish folder is added when pbcScaffolder.localPublish.enabled. */
      repositories?: string[];
    };
  };
  /** The compliance dashboard backend (@pbc-portal/plugin-compliance-dashboard-backend). */
  complianceDashboard?: {
    /** When the refresh runs; default every 15 minutes, 30 minutes timeout, first run 10 seconds after start. */
    schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    /** Trends from day one. */
    history?: {
      /** Days of past daily scores read from AWS Config (the conformance packs' compliance timelines) for a PBC without history; 0 turns it off; default trendDays (14), at most 365. */
      backfillDays?: number;
    };
    /** Events pushed in: the SQS queue the platform's EventBridge rules forward `Config Rules Compliance Change` and `AWS API Call via CloudTrail` events to. Unset: no push, the schedule alone. */
    push?: {
      /** The queue URL, e.g. https://sqs.eu-west-1.amazonaws.com/123456789012/pbc-portal-compliance-events (credentials for its account from the `aws` integration config). */
      queueUrl: string;
      /** The queue's Region, if the URL does not name it (a custom endpoint). */
      region?: string;
      /** Seconds a received batch stays invisible while it is applied and committed; default the queue's. */
      visibilitySeconds?: number;
    };
    /** Seconds between two reads of the catalog's PBC set (refs, accounts, Regions); a change starts a refresh without waiting for the schedule. 0 turns it off; default 15. */
    catalogPollSeconds?: number;
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
    /** Notifications to the owning group through the notifications plugin (@backstage/plugin-notifications-backend must be installed). */
    notifications?: {
      /** False turns every compliance notification off; default true. */
      enabled?: boolean;
      /** Points a PBC's score must fall below its reference (its last announced low, or the highest since) to be announced; default 10, between 0 and 100 exclusive. */
      scoreDropThreshold?: number;
      /** The weekly digest per owning team: its PBCs, their scores and the week's new failures. */
      digest?: {
        /** Send the digest; default false (opt in: it reaches every owning team). */
        enabled?: boolean;
        /** When it is sent; default Mondays 08:00 UTC (cron 0 8 * * 1), timeout 10 minutes. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
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
      /** Minutes between two full reads of an account and Region; in between, a refresh asks AWS Config only for the configuration items captured since the last read (AWS::Config::ResourceCompliance and tagged resources). 0: every refresh reads everything. Default 1440. */
      fullReadEveryMinutes?: number;
      /** Minutes the change queries reach back before the last read's start, for items recorded late; default 15. */
      changeOverlapMinutes?: number;
      /** How AWS Config is read: `accounts` (default) in each PBC account and Region with its credentials, or `aggregator` through one configuration aggregator (CloudTrail stays per account). */
      mode?: 'accounts' | 'aggregator';
      /** The configuration aggregator, for mode `aggregator`: the account and Region it lives in (credentials from the `aws` integration config) and its name. */
      aggregator?: {
        accountId: string;
        region: string;
        name: string;
        /** Read an account's Config in the account itself (its own credentials and per-account IAM) when the aggregator is unavailable, does not read it, or its last update failed; the refresh status says `accounts-fallback`. Also turns on the history backfill, which reads each member account itself. Default false: such an account goes stale, and there is no history backfill. */
        fallbackToAccounts?: boolean;
      };
    };
    /** Reading CloudTrail incrementally. */
    cloudTrail?: {
      /** Days read back on the first refresh of an account and Region (at most 90); default 7. */
      backfillDays?: number;
      /** Minutes re-read before the stored watermark, for late-delivered events (deduplicated by event id); default 15. */
      overlapMinutes?: number;
    };
    /** Exemptions of a control for a PBC (asked by its team, decided by the platform groups). */
    exemptions?: {
      /** The longest exemption in days from its request; default 90. */
      maxDays?: number;
      /** false (default): an exempt failing control is left out of the score; true: it counts as passing. */
      countTowardsScore?: boolean;
    };
    /** For the end-to-end run only; the backend's production preflight refuses it. */
    testing?: {
      /** Enables POST /testing/clock, which moves the plugin's clock (exemptions expire by it). */
      movableClock?: boolean;
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
