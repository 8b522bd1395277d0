import { useCallback, useEffect, useState } from 'react';
import { useApi, useApiHolder } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import type {
  PbcListQuery,
  PbcListResponse,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { complianceApiRef } from '../api/ComplianceClient';

/**
 * What the platform page shows: one page of PBCs for the query, the refresh health, the teams
 * and the catalog's systems (the filter options). `reload` reads them all again, after a refresh.
 */
export function usePlatformData(listQuery: PbcListQuery) {
  const api = useApi(complianceApiRef);
  const apiHolder = useApiHolder();
  const [reloads, setReloads] = useState(0);

  const listKey = JSON.stringify(listQuery);
  const list = useAsync(
    () => api.listPbcs(listQuery),
    // listKey stands for listQuery's content.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, listKey, reloads],
  );
  // Keep showing the last page while the next one loads, instead of flashing.
  const [shown, setShown] = useState<PbcListResponse>();
  useEffect(() => {
    if (list.value) setShown(list.value);
  }, [list.value]);

  const health = useAsync(() => api.getHealth(), [api, reloads]);
  const teams = useAsync(() => api.listTeams(), [api, reloads]);
  const systems = useAsync(async () => {
    // The catalog client is optional: without it the system filter offers no choices.
    const catalogApi = apiHolder.get(catalogApiRef);
    if (!catalogApi) return [];
    const response = await catalogApi.getEntities({
      filter: { kind: 'System' },
      fields: ['kind', 'metadata.name', 'metadata.namespace'],
    });
    return response.items.map(e => stringifyEntityRef(e));
  }, [apiHolder]);

  const reload = useCallback(() => setReloads(n => n + 1), []);
  return { list, shown, health, teams, systems, reload, reloads };
}
