import { RiskyEvent } from '@pbc-portal/plugin-compliance-dashboard-common';
import { ComplianceStore } from '../database/ComplianceStore';
import { Clock } from '../util/clock';
import { dayString } from './readModel';
import { toRiskyEvent } from './riskyEvents';

/** What CloudTrail recorded for a PBC since it was last fully compliant. */
export interface ChangesSinceCompliant {
  /** Whether the current snapshot scores the PBC 100 (nothing failing). */
  compliantNow: boolean;
  /** The last day (UTC) of the kept history with a score of 100, if any. */
  lastCompliantDay?: string;
  /** Start of the events listed: that day, or the start of the kept history. */
  since: string;
  /** Risky CloudTrail events attributed to the PBC since then, newest first. */
  events: RiskyEvent[];
  /** More events than `events` holds were recorded in the window. */
  truncated: boolean;
}

// An answer an assistant can read in one go; the rest is on the PBC tab.
export const MAX_EVENTS = 100;

/**
 * The last day of `history` (oldest first) on which the PBC scored 100, or
 * undefined if it never did in the kept days.
 */
export function lastCompliantDay(
  history: Array<{ day: string; score: number | null }>,
): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    if (history[i].score === 100) return history[i].day;
  }
  return undefined;
}

/**
 * CloudTrail since a PBC was last compliant. The daily score keeps the last
 * refresh of each day, so the window starts at the beginning of the last
 * compliant day: it may include a few events from before the regression,
 * never misses one after it. The store keeps the events its risk rules
 * flagged, so this is what changed that matters for compliance, not every call.
 */
export async function changesSinceCompliant(options: {
  store: ComplianceStore;
  entityRef: string;
  currentScore: number | null;
  retentionDays: number;
  now: Clock;
}): Promise<ChangesSinceCompliant> {
  const { store, entityRef, currentScore, retentionDays, now } = options;
  const compliantNow = currentScore === 100;
  const historyStart = dayString(
    new Date(now().getTime() - retentionDays * 86400000),
  );
  if (compliantNow) {
    return {
      compliantNow,
      lastCompliantDay: dayString(now()),
      since: now().toISOString(),
      events: [],
      truncated: false,
    };
  }
  const history =
    (await store.listScoreHistory(historyStart, entityRef)).get(entityRef) ??
    [];
  const lastDay = lastCompliantDay(history);
  const since = new Date(`${lastDay ?? historyStart}T00:00:00.000Z`);
  const rows = await store.listRiskyEvents(entityRef, since, MAX_EVENTS + 1);
  return {
    compliantNow,
    ...(lastDay ? { lastCompliantDay: lastDay } : {}),
    since: since.toISOString(),
    events: rows.slice(0, MAX_EVENTS).map(toRiskyEvent),
    truncated: rows.length > MAX_EVENTS,
  };
}
