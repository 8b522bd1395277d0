import { useState } from 'react';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { Button } from '@material-ui/core';
import GetAppIcon from '@material-ui/icons/GetApp';
import type { PbcListQuery } from '@pbc-portal/plugin-compliance-dashboard-common';
import { complianceApiRef } from '../../api/ComplianceClient';
import { isForbidden } from '../shared/errors';

/** Hands a blob to the browser as a file download. */
export function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  // Give the browser a moment to start the download before releasing it.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Downloads `/export.csv` with the page's filters. Fetched through the fetch
 * API (with the user's token) rather than a plain link, which would reach the
 * backend without credentials.
 */
export function ExportButton({ query }: { query: PbcListQuery }) {
  const api = useApi(complianceApiRef);
  const alertApi = useApi(alertApiRef);
  const [busy, setBusy] = useState(false);
  const onClick = async () => {
    setBusy(true);
    try {
      const blob = await api.exportCsv(query);
      const day = new Date().toISOString().slice(0, 10);
      saveBlob(blob, `pbc-compliance-${day}.csv`);
    } catch (e) {
      alertApi.post({
        severity: 'error',
        message: isForbidden(e)
          ? 'You may not export compliance data: ask the platform team for the compliance-dashboard.read permission.'
          : `The CSV export failed: ${(e as Error).message}`,
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      variant="outlined"
      color="primary"
      startIcon={<GetAppIcon />}
      onClick={onClick}
      disabled={busy}
    >
      {busy ? 'Exporting…' : 'Export CSV'}
    </Button>
  );
}
