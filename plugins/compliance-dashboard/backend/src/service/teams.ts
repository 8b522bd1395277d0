import { SEVERITIES } from '@pbc-portal/pbc-domain';
import {
  emptySeverityCounts,
  PbcSummary,
  TeamSummary,
} from '@pbc-portal/plugin-compliance-dashboard-common';

/** A team's roll-up over the PBCs given (those the caller may read). */
export function teamSummary(
  teamRef: string,
  pbcs: PbcSummary[],
  riskyEventDays: number,
): TeamSummary {
  const failing = emptySeverityCounts();
  let scoreSum = 0;
  let scored = 0;
  let risky = 0;
  let stale = 0;
  for (const p of pbcs) {
    for (const sev of SEVERITIES) failing[sev] += p.failingControls[sev];
    if (p.score !== null) {
      scoreSum += p.score;
      scored += 1;
    }
    risky += p.riskyEvents;
    if (p.staleness.stale) stale += 1;
  }
  return {
    teamRef,
    pbcCount: pbcs.length,
    score: scored === 0 ? null : Math.round(scoreSum / scored),
    failingControls: failing,
    riskyEvents: risky,
    riskyEventDays,
    stalePbcCount: stale,
  };
}
