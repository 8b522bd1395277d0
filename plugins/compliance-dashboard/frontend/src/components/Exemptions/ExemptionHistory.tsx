import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import type {
  Exemption,
  ExemptionState,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { shortRef } from '../shared/format';
import { day } from './dates';

const STATE_TEXT: Record<ExemptionState, string> = {
  requested: 'Requested',
  approved: 'Approved',
  rejected: 'Rejected',
  revoked: 'Revoked',
  expired: 'Expired',
};

function decisionText(e: Exemption): string {
  if (e.revocation) {
    return `Revoked by ${shortRef(e.revocation.by)}: ${e.revocation.comment}`;
  }
  if (e.decision) return `${shortRef(e.decision.by)}: ${e.decision.comment}`;
  return '—';
}

/** A PBC's exemptions, newest first, with where each stands and why. */
export function ExemptionHistory({ items }: { items: Exemption[] }) {
  if (items.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No exemption has been asked for this PBC.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Exemptions">
      <TableHead>
        <TableRow>
          <TableCell>Control</TableCell>
          <TableCell>State</TableCell>
          <TableCell>Until</TableCell>
          <TableCell>Reason</TableCell>
          <TableCell>Decision</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {items.map(e => (
          <TableRow key={e.id} data-testid="exemption-history-row">
            <TableCell>{e.controlId}</TableCell>
            <TableCell>{STATE_TEXT[e.state]}</TableCell>
            <TableCell>{day(e.expiresAt)}</TableCell>
            <TableCell>
              {e.reason}
              <Typography variant="caption" display="block">
                {shortRef(e.requestedBy)}, {day(e.requestedAt)}
              </Typography>
            </TableCell>
            <TableCell>{decisionText(e)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
