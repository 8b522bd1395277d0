import { Link } from '@backstage/core-components';
import {
  Box,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import type { NonCompliantResource } from '@pbc-portal/plugin-compliance-dashboard-common';
import { formatUtc, safeExternalUrl } from '../shared/format';

/** Resources AWS Config found non-compliant, each linked to the AWS console. */
export function ResourcesTable(props: { resources: NonCompliantResource[] }) {
  const { resources } = props;
  if (resources.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        AWS Config found no non-compliant resource of this PBC.
      </Typography>
    );
  }
  return (
    <Box overflow="auto">
      <Table size="small" aria-label="Non-compliant resources">
        <TableHead>
          <TableRow>
            <TableCell>Resource</TableCell>
            <TableCell>Type</TableCell>
            <TableCell>Rule</TableCell>
            <TableCell>Controls</TableCell>
            <TableCell>Evaluated</TableCell>
            <TableCell>AWS console</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {resources.map(resource => {
            const console = safeExternalUrl(resource.consoleUrl);
            const name = resource.resourceName ?? resource.resourceId;
            return (
              <TableRow
                key={`${resource.configRuleName}/${resource.resourceType}/${resource.resourceId}`}
              >
                <TableCell>
                  <Typography variant="body2">{name}</Typography>
                  <Typography variant="caption" color="textSecondary">
                    {resource.awsAccountId} · {resource.awsRegion}
                  </Typography>
                  {resource.annotation && (
                    <Typography variant="caption" display="block">
                      {resource.annotation}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>{resource.resourceType}</TableCell>
                <TableCell>{resource.configRuleName}</TableCell>
                <TableCell>{resource.controlIds.join(', ')}</TableCell>
                <TableCell>{formatUtc(resource.evaluatedAt)}</TableCell>
                <TableCell>
                  {console ? (
                    <Link
                      to={console}
                      aria-label={`Open ${name} in the AWS console`}
                    >
                      Open in AWS console
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
