import type { Severity } from '@pbc-portal/pbc-domain';
import { computeScore } from './scoring';
import type { ControlStatus } from './types';

/**
 * Where an exemption stands. `expired` is also what a `requested` or
 * `approved` exemption reads as once its `expiresAt` has passed, before the
 * scheduled sweep has recorded it.
 *
 * @public
 */
export type ExemptionState =
  | 'requested'
  | 'approved'
  | 'rejected'
  | 'revoked'
  | 'expired';

/** A decision or revocation: who, when and why. @public */
export interface ExemptionDecision {
  by: string;
  at: string;
  comment: string;
}

/**
 * An exemption of one control for one PBC (optionally for named resources
 * only), asked for by a member of the owning team, decided by the platform.
 *
 * @public
 */
export interface Exemption {
  id: string;
  /** The PBC's entity ref, e.g. `component:default/cart`. */
  entityRef: string;
  controlId: string;
  /** Only these resources (resource ids as AWS Config names them); absent: the whole control. */
  resourceIds?: string[];
  reason: string;
  /** User entity ref of the asker. */
  requestedBy: string;
  requestedAt: string;
  /** When it ends by itself (ISO 8601). */
  expiresAt: string;
  state: ExemptionState;
  /** The approval or rejection. */
  decision?: ExemptionDecision;
  /** The revocation, if revoked. */
  revocation?: ExemptionDecision;
}

/** What happened to an exemption; the log is append-only. @public */
export type ExemptionEventType =
  | 'requested'
  | 'approved'
  | 'rejected'
  | 'revoked'
  | 'expiring-soon'
  | 'expired';

/** One step of an exemption: who, when, why. @public */
export interface ExemptionEvent {
  exemptionId: string;
  type: ExemptionEventType;
  /** User entity ref, or `system` for the scheduled sweep. */
  actor: string;
  at: string;
  comment?: string;
}

/** `GET /exemptions/:id`. @public */
export interface ExemptionWithEvents extends Exemption {
  events: ExemptionEvent[];
}

/** `GET /exemptions`. @public */
export interface ExemptionListResponse {
  items: Exemption[];
}

/** The body of `POST /exemptions`. @public */
export interface ExemptionRequest {
  entityRef: string;
  controlId: string;
  resourceIds?: string[];
  reason: string;
  /** A date (`YYYY-MM-DD`, midnight UTC) or a date-time, in the future and within `maxDays`. */
  expiresAt: string;
}

/** The body of `POST /exemptions/:id/decision`. @public */
export interface ExemptionDecisionRequest {
  decision: 'approve' | 'reject';
  comment: string;
}

/** `GET /exemptions/settings`: what the dialog and the page say. @public */
export interface ExemptionSettings {
  /** See {@link computeScoreWithExemptions}. */
  countTowardsScore: boolean;
  /** The longest exemption, in days from the request. */
  maxDays: number;
}

/**
 * An approved, unexpired exemption as the results show it: on a control
 * (`ControlResult.exemption`) and in a PBC's summary.
 *
 * @public
 */
export interface ControlExemption {
  exemptionId: string;
  controlId: string;
  expiresAt: string;
  reason: string;
  /** Only these resources are exempt; the control itself still fails. */
  resourceIds?: string[];
}

/**
 * The score with exemptions: a control under an approved, unexpired
 * exemption of the whole control
 *
 * - with `countTowardsScore: false` (the default) is left out of the score,
 *   like a control AWS Config could not evaluate: an accepted risk is neither
 *   a pass nor held against the team while it lasts;
 * - with `countTowardsScore: true` counts as passing.
 *
 * Either way it no longer counts as failing. Exemptions of named resources
 * only do not change the control's status or the score.
 *
 * @public
 */
export function computeScoreWithExemptions(
  controls: ReadonlyArray<{
    severity: Severity;
    status: ControlStatus;
    exempt?: boolean;
  }>,
  countTowardsScore: boolean,
): number | null {
  return computeScore(
    controls.map(c => ({
      severity: c.severity,
      status: exemptStatus(c.status, Boolean(c.exempt), countTowardsScore),
    })),
  );
}

/** How an exempt control's status counts in the score (see above). @public */
export function exemptStatus(
  status: ControlStatus,
  exempt: boolean,
  countTowardsScore: boolean,
): ControlStatus {
  if (!exempt || status !== 'failing') return status;
  return countTowardsScore ? 'passing' : 'not-applicable';
}
