import { Guidance, Severity } from '@pbc-portal/pbc-domain';
import { RiskReason } from '@pbc-portal/plugin-compliance-dashboard-common';
import {
  CriticalEventRow,
  FailingMark,
  PbcNotificationState,
} from './NotificationStateStore';

/** Severities whose newly failing controls are announced. */
const ANNOUNCED_SEVERITIES: ReadonlySet<Severity> = new Set([
  'critical',
  'high',
]);

/** One thing the owners hear about. */
export type PbcChange =
  | {
      kind: 'control-failing';
      controlId: string;
      severity: Severity;
      title?: string;
      guidance?: Guidance;
    }
  | { kind: 'score-drop'; from: number; to: number }
  | {
      kind: 'critical-event';
      eventId: string;
      eventName: string;
      eventTime: string;
      reasons: RiskReason[];
    };

/** A failing control of the new snapshot, with what the snapshot stored of it. */
export interface FailingControl {
  id: string;
  severity: Severity;
  title?: string;
  guidance?: Guidance;
}

/** One PBC as the new snapshot has it. */
export interface ObservedPbc {
  entityRef: string;
  score: number | null;
  failing: FailingControl[];
}

/** The first look at a PBC: what it is now is its baseline, nothing is announced. */
export function baselineState(
  observed: ObservedPbc,
  snapshotCreatedAt: string,
): PbcNotificationState {
  return {
    entityRef: observed.entityRef,
    failing: Object.fromEntries(
      observed.failing.map(c => [c.id, { severity: c.severity, since: null }]),
    ),
    referenceScore: observed.score,
    eventsUntil: snapshotCreatedAt,
  };
}

/**
 * Compares a PBC's new snapshot with what the notifier last saw: controls
 * newly failing at critical or high severity, a score that fell by
 * `threshold` points or more below its reference, and critical events stored
 * since the last look. Returns the changes and the state to keep once they
 * are sent.
 */
export function comparePbc(options: {
  observed: ObservedPbc;
  previous: PbcNotificationState;
  /** Critical events of this PBC; those stored up to `eventsSince` are skipped. */
  events: CriticalEventRow[];
  /** Events stored up to here were looked at (the later of the PBC's and everyone's mark). */
  eventsSince: string;
  snapshotCreatedAt: string;
  threshold: number;
}): { changes: PbcChange[]; next: PbcNotificationState } {
  const { observed, previous, snapshotCreatedAt, threshold } = options;
  const changes: PbcChange[] = [];

  const failing: Record<string, FailingMark> = {};
  for (const control of observed.failing) {
    const known = previous.failing[control.id];
    if (known) {
      // Still failing: announced (or baseline) already.
      failing[control.id] = known;
      continue;
    }
    failing[control.id] = {
      severity: control.severity,
      since: snapshotCreatedAt,
    };
    if (ANNOUNCED_SEVERITIES.has(control.severity)) {
      changes.push({
        kind: 'control-failing',
        controlId: control.id,
        severity: control.severity,
        title: control.title,
        guidance: control.guidance,
      });
    }
  }

  // The reference follows the score up, and down only when a drop is told:
  // a slow slide is caught once it adds up to the threshold.
  let referenceScore = previous.referenceScore;
  if (observed.score !== null) {
    if (referenceScore === null || observed.score > referenceScore) {
      referenceScore = observed.score;
    } else if (referenceScore - observed.score >= threshold) {
      changes.push({
        kind: 'score-drop',
        from: referenceScore,
        to: observed.score,
      });
      referenceScore = observed.score;
    }
  }

  // Moved only when there are events, so that a quiet PBC's row stays as it is.
  let eventsUntil = previous.eventsUntil;
  for (const event of options.events) {
    if (event.entityRef !== observed.entityRef) continue;
    if (event.createdAt <= options.eventsSince) continue;
    if (event.createdAt > eventsUntil) eventsUntil = event.createdAt;
    changes.push({
      kind: 'critical-event',
      eventId: event.eventId,
      eventName: event.eventName,
      eventTime: event.eventTime,
      reasons: event.reasons.filter(r => r.severity === 'critical'),
    });
  }

  return {
    changes,
    next: {
      entityRef: observed.entityRef,
      failing,
      referenceScore,
      eventsUntil,
    },
  };
}

/** A key per change: the same change gives the same key (notification scopes). */
export function changeKey(change: PbcChange): string {
  switch (change.kind) {
    case 'control-failing':
      return `failing:${change.controlId}`;
    case 'score-drop':
      return `score:${change.from}>${change.to}`;
    case 'critical-event':
      return `event:${change.eventId}`;
    default:
      throw new Error(`unknown change ${JSON.stringify(change)}`);
  }
}
