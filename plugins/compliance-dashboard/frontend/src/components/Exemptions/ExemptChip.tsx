import { Chip, Tooltip } from '@material-ui/core';
import type { ControlExemption } from '@pbc-portal/plugin-compliance-dashboard-common';
import { day } from './dates';

/** "Exempt until <date>", the reason on hover (and in the accessible name). */
export function ExemptChip({ exemption }: { exemption: ControlExemption }) {
  const label = `Exempt until ${day(exemption.expiresAt)}${
    exemption.resourceIds ? ` (${exemption.resourceIds.length} resources)` : ''
  }`;
  return (
    <Tooltip title={exemption.reason}>
      <Chip
        size="small"
        variant="outlined"
        label={label}
        aria-label={`${label}: ${exemption.reason}`}
        data-testid="exempt-chip"
      />
    </Tooltip>
  );
}
