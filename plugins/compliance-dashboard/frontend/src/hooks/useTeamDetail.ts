import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { complianceApiRef } from '../api/ComplianceClient';

/** The roll-up of one team (a Group) and its PBCs, with a retry. */
export function useTeamDetail({
  namespace,
  name,
}: {
  namespace: string;
  name: string;
}) {
  const api = useApi(complianceApiRef);
  return useAsyncRetry(
    () => api.getTeam({ kind: 'group', namespace, name }),
    [api, namespace, name],
  );
}
