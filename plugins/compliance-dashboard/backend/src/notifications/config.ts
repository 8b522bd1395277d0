import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';

/** `complianceDashboard.notifications.*`, read once. */
export interface NotificationsConfig {
  /** False: no notification at all (the state is not kept either). */
  enabled: boolean;
  /** Points a score must fall below its reference before the owners hear of it. */
  scoreDropThreshold: number;
  digest: {
    enabled: boolean;
    schedule: SchedulerServiceTaskScheduleDefinition;
  };
}

export const DEFAULT_SCORE_DROP_THRESHOLD = 10;

/** Mondays 08:00 UTC: the start of a team's week in most of Europe. */
export const DEFAULT_DIGEST_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { cron: '0 8 * * 1' },
  timeout: { minutes: 10 },
};

export function readNotificationsConfig(root: Config): NotificationsConfig {
  const config = root.getOptionalConfig('complianceDashboard.notifications');
  const threshold =
    config?.getOptionalNumber('scoreDropThreshold') ??
    DEFAULT_SCORE_DROP_THRESHOLD;
  // A threshold of 0 would announce every wobble; 100 could never fire.
  if (!Number.isFinite(threshold) || threshold <= 0 || threshold >= 100) {
    throw new Error(
      `Invalid config complianceDashboard.notifications.scoreDropThreshold: expected a number of points between 0 and 100 (exclusive), got ${threshold}`,
    );
  }
  const digest = config?.getOptionalConfig('digest');
  return {
    enabled: config?.getOptionalBoolean('enabled') ?? true,
    scoreDropThreshold: threshold,
    digest: {
      enabled: digest?.getOptionalBoolean('enabled') ?? false,
      schedule: digest?.has('schedule')
        ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
            digest.getConfig('schedule'),
          )
        : DEFAULT_DIGEST_SCHEDULE,
    },
  };
}
