import type { ExemptionSettings } from '@pbc-portal/plugin-compliance-dashboard-common';

/** What the page says about exempt controls and the score. */
export function scoringNote(settings: ExemptionSettings): string {
  return settings.countTowardsScore
    ? 'Exempt controls count as passing in the score.'
    : 'Exempt controls are left out of the score.';
}
