import { SEVERITIES, Severity } from '@pbc-portal/pbc-domain';
import type { ControlStatus, SeverityCounts } from './types';

/**
 * Weight of a control in the score, by severity: one failing critical control
 * costs as much as ten failing low ones.
 *
 * @public
 */
export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = {
  critical: 10,
  high: 5,
  medium: 2,
  low: 1,
};

/**
 * The compliance score of a PBC, 0–100: the severity-weighted share of its
 * applicable controls that pass, among those that AWS Config could evaluate.
 *
 * score = round(100 × Σ w(passing) / (Σ w(passing) + Σ w(failing)))
 *
 * with w from {@link SEVERITY_WEIGHTS}. Controls with `insufficient-data` or
 * `not-applicable` are left out of both sums; when nothing is left the score
 * is null (unknown, not zero).
 *
 * @public
 */
export function computeScore(
  controls: ReadonlyArray<{ severity: Severity; status: ControlStatus }>,
): number | null {
  let passing = 0;
  let total = 0;
  for (const { severity, status } of controls) {
    const weight = SEVERITY_WEIGHTS[severity];
    if (status === 'passing') {
      passing += weight;
      total += weight;
    } else if (status === 'failing') {
      total += weight;
    }
  }
  return total === 0 ? null : Math.round((100 * passing) / total);
}

/** A count of zero for every severity. @public */
export function emptySeverityCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0 };
}

/** The worst of some severities (`low` for none). @public */
export function worstSeverity(severities: Iterable<Severity>): Severity {
  let worst = SEVERITIES.length - 1;
  for (const severity of severities) {
    worst = Math.min(worst, SEVERITIES.indexOf(severity));
  }
  return SEVERITIES[worst];
}
