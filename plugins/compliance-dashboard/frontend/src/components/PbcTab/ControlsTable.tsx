import { Link } from '@backstage/core-components';
import {
  Box,
  Button,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import type {
  ControlResult,
  ControlStatus,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import {
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import { SeverityChip } from '../shared/SeverityCounts';
import { ExemptChip } from '../Exemptions/ExemptChip';

const STATUS_TEXT: Record<ControlStatus, string> = {
  passing: 'Passing',
  failing: 'Failing',
  'insufficient-data': 'Insufficient data',
  'not-applicable': 'Not applicable',
};

function StatusCell({ status }: { status: ControlStatus }) {
  const text = STATUS_TEXT[status];
  if (status === 'passing') return <StatusOK>{text}</StatusOK>;
  if (status === 'failing') return <StatusError>{text}</StatusError>;
  return <StatusPending>{text}</StatusPending>;
}

/**
 * Every applicable control with its status, what failed, how to fix it and a
 * "why" link to the article section that argues for it.
 */
export function ControlsTable({
  controls,
  onAskExemption,
  requested = new Set(),
}: {
  controls: ControlResult[];
  /** Shown on failing controls without an exemption when the caller may ask. */
  onAskExemption?: (control: ControlResult) => void;
  /** Control ids with an exemption request awaiting a decision. */
  requested?: Set<string>;
}) {
  if (controls.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No control applies to this PBC.
      </Typography>
    );
  }
  return (
    <Box overflow="auto">
      <Table size="small" aria-label="Controls">
        <TableHead>
          <TableRow>
            <TableCell>Status</TableCell>
            <TableCell>Control</TableCell>
            <TableCell>Family</TableCell>
            <TableCell>Severity</TableCell>
            <TableCell>Resources</TableCell>
            <TableCell>Remediation</TableCell>
            <TableCell>Why</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {controls.map(control => {
            // The backend links every control, with the guidance base URL it is configured with.
            const why = control.guidanceUrl;
            return (
              <TableRow key={control.controlId} data-testid="control-row">
                <TableCell>
                  <StatusCell status={control.status} />
                  {control.exemption && (
                    <Box mt={0.5}>
                      <ExemptChip exemption={control.exemption} />
                      <Typography
                        variant="caption"
                        display="block"
                        color="textSecondary"
                      >
                        {control.exemption.reason}
                      </Typography>
                    </Box>
                  )}
                  {control.status === 'failing' &&
                    !control.exemption &&
                    requested.has(control.controlId) && (
                      <Typography variant="caption" display="block">
                        Exemption requested
                      </Typography>
                    )}
                  {control.status === 'failing' &&
                    !control.exemption &&
                    !requested.has(control.controlId) &&
                    onAskExemption && (
                      <Box mt={0.5}>
                        <Button
                          size="small"
                          variant="outlined"
                          onClick={() => onAskExemption(control)}
                          aria-label={`Ask for exemption of ${control.controlId}`}
                        >
                          Ask for exemption
                        </Button>
                      </Box>
                    )}
                </TableCell>
                <TableCell>
                  <Typography variant="body2">
                    <strong>{control.controlId}</strong> {control.title}
                  </Typography>
                  {control.configRules.length > 0 && (
                    <Typography variant="caption" color="textSecondary">
                      AWS Config: {control.configRules.join(', ')}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>{control.family}</TableCell>
                <TableCell>
                  <SeverityChip severity={control.severity} />
                </TableCell>
                <TableCell>
                  {control.nonCompliantResourceCount} non-compliant,{' '}
                  {control.compliantResourceCount} compliant
                </TableCell>
                <TableCell>
                  <Typography variant="body2">{control.remediation}</Typography>
                </TableCell>
                <TableCell>
                  {why ? (
                    <Link
                      to={why}
                      aria-label={`Why ${control.controlId}: read the guidance`}
                    >
                      Why?
                    </Link>
                  ) : (
                    '—'
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Box>
  );
}
