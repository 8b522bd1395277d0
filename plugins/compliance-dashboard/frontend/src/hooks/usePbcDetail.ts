import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { complianceApiRef, EntityName } from '../api/ComplianceClient';

/** The detail of one PBC (its tab), with a retry. */
export function usePbcDetail({ kind, namespace, name }: EntityName) {
  const api = useApi(complianceApiRef);
  return useAsyncRetry(
    () => api.getPbc({ kind, namespace, name }),
    [api, kind, namespace, name],
  );
}
