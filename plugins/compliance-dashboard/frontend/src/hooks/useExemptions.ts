import { useApi } from '@backstage/core-plugin-api';
import type { ExemptionState } from '@pbc-portal/plugin-compliance-dashboard-common';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { complianceApiRef } from '../api/ComplianceClient';

/** How exemptions are scored and how long they may last. */
export function useExemptionSettings() {
  const api = useApi(complianceApiRef);
  return useAsync(() => api.getExemptionSettings(), [api]);
}

/** Exemptions of one PBC, or of every PBC (no entityRef), with a retry. */
export function useExemptions(filter: {
  entityRef?: string;
  state?: ExemptionState;
}) {
  const api = useApi(complianceApiRef);
  const { entityRef, state } = filter;
  return useAsyncRetry(
    async () => (await api.listExemptions({ entityRef, state })).items,
    [api, entityRef, state],
  );
}
