import { useApi } from '@backstage/core-plugin-api';
import { Box, Typography } from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import useAsync from 'react-use/esm/useAsync';
import { complianceApiRef } from '../../api/ComplianceClient';

/**
 * For those who operate the dashboard: catalog entities that claim another PBC's `pbc` tag and
 * account and are not believed, so their owners see nothing of that PBC through them. Shown
 * only with the refresh permission (the backend refuses everyone else).
 */
export function IdentityConflicts({
  enabled,
  reloads,
}: {
  enabled: boolean;
  reloads: number;
}) {
  const api = useApi(complianceApiRef);
  const conflicts = useAsync(
    async () => (enabled ? api.listIdentityConflicts() : undefined),
    [api, enabled, reloads],
  );
  if (conflicts.error) {
    return (
      <Box mb={2}>
        <Alert severity="warning">
          Identity conflicts could not be read: {conflicts.error.message}
        </Alert>
      </Box>
    );
  }
  const items = conflicts.value?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Box mb={2}>
      <Alert severity="error" role="region" aria-label="PBC identity conflicts">
        <AlertTitle>
          {items.length} catalog entit
          {items.length === 1 ? 'y claims' : 'ies claim'} a PBC identity the
          dashboard does not believe; no compliance data is shown under{' '}
          {items.length === 1 ? 'it' : 'them'}
        </AlertTitle>
        {items.map(item => (
          <Typography key={item.entityRef} variant="body2">
            {item.message}
            {item.owner ? ` (owner ${item.owner})` : ''}
          </Typography>
        ))}
      </Alert>
    </Box>
  );
}
