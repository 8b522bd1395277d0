import { useEffect, useMemo, useState } from 'react';
import { EmptyState, InfoCard } from '@backstage/core-components';
import { useApi, useApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  Box,
  Button,
  LinearProgress,
  Typography,
  makeStyles,
  Theme,
} from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import useAsync from 'react-use/esm/useAsync';
import {
  complianceDashboardRefreshPermission,
  HealthResponse,
  PbcListResponse,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { complianceApiRef } from '../../api/ComplianceClient';
import {
  ErrorState,
  LoadingState,
  NoPbcsYet,
  NoRefreshYet,
} from '../shared/States';
import { formatAge, formatUtc } from '../shared/format';
import { ExportButton } from './ExportButton';
import { FamilyHeatmap } from './FamilyHeatmap';
import { IdentityConflicts } from './IdentityConflicts';
import { Filters } from './Filters';
import { PbcTable } from './PbcTable';
import { RefreshControl } from './RefreshControl';
import { useFamilyRows } from './familyCounts';
import { hasFilters, toListQuery, useDashboardQuery } from './queryState';

const useStyles = makeStyles((theme: Theme) => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    justifyContent: 'space-between',
    alignItems: 'flex-start',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  actions: {
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'flex-start',
  },
  section: { marginBottom: theme.spacing(3) },
}));

/**
 * The platform view: every PBC with its score, failing controls, risky events,
 * trend and freshness; filters, sorting, search, CSV export, a refresh button
 * and the PBC × family heatmap. Paging is done by the server.
 */
export function PlatformDashboard() {
  const classes = useStyles();
  const api = useApi(complianceApiRef);
  const apiHolder = useApiHolder();
  const [query, setQuery] = useDashboardQuery();
  const [reloads, setReloads] = useState(0);
  const refreshPermission = usePermission({
    permission: complianceDashboardRefreshPermission,
  });

  const listQuery = useMemo(() => toListQuery(query), [query]);
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
    const catalogApi = apiHolder.get(catalogApiRef);
    if (!catalogApi) return [];
    const response = await catalogApi.getEntities({
      filter: { kind: 'System' },
      fields: ['kind', 'metadata.name', 'metadata.namespace'],
    });
    return response.items.map(e => stringifyEntityRef(e));
  }, [apiHolder]);

  const ownerOptions = useMemo(
    () => (teams.value?.items ?? []).map(t => t.teamRef),
    [teams.value],
  );

  const reload = () => setReloads(n => n + 1);
  const canRefresh = !!refreshPermission.allowed;

  if (list.error && !list.loading) {
    return <ErrorState error={list.error} onRetry={reload} />;
  }
  if (!shown) {
    return <LoadingState what="compliance data" />;
  }

  const snapshot = shown.snapshot;
  return (
    <Box>
      <Box className={classes.toolbar}>
        <Box>
          <Typography variant="h6" component="h2">
            {snapshot
              ? `${shown.totalCount} PBC${shown.totalCount === 1 ? '' : 's'}${
                  hasFilters(query) ? ' match' : ''
                }`
              : 'Compliance across the platform'}
          </Typography>
          {snapshot && (
            <Typography variant="body2" color="textSecondary">
              Data from the refresh of {formatUtc(snapshot.createdAt)} (
              {formatAge(snapshot.createdAt)})
              {snapshot.partial ? ' — some accounts could not be read' : ''}
            </Typography>
          )}
        </Box>
        <Box className={classes.actions}>
          {snapshot && <ExportButton query={listQuery} />}
          <RefreshControl
            canRefresh={canRefresh}
            active={health.value?.activeRefresh}
            onFinished={reload}
          />
        </Box>
      </Box>

      <StaleAccounts health={health.value} />
      <IdentityConflicts enabled={canRefresh} reloads={reloads} />

      {!snapshot ? (
        <NoRefreshYet canRefresh={canRefresh} />
      ) : (
        <>
          <InfoCard title="PBCs" className={classes.section} noPadding={false}>
            <Filters
              query={query}
              onChange={setQuery}
              ownerOptions={ownerOptions}
              systemOptions={systems.value ?? []}
            />
            {list.loading && <LinearProgress aria-label="Loading PBCs" />}
            {shown.totalCount === 0 && !hasFilters(query) && <NoPbcsYet />}
            {shown.totalCount === 0 && hasFilters(query) && (
              <EmptyState
                missing="data"
                title="No PBC matches these filters"
                description="Widen the search or clear the filters to see every PBC."
                action={
                  <Button
                    variant="outlined"
                    onClick={() =>
                      setQuery({
                        owner: [],
                        system: [],
                        severity: [],
                        family: [],
                        search: '',
                      })
                    }
                  >
                    Clear all filters
                  </Button>
                }
              />
            )}
            {shown.totalCount > 0 && (
              <PbcTable
                caption="PBCs and their compliance"
                items={shown.items}
                sorting={{
                  sort: query.sort,
                  order: query.order,
                  onSort: (sort, order) => setQuery({ sort, order }),
                }}
                paging={{
                  page: query.page,
                  pageSize: query.pageSize,
                  totalCount: shown.totalCount,
                  onPage: page => setQuery({ page }),
                  onPageSize: pageSize => setQuery({ pageSize }),
                }}
              />
            )}
          </InfoCard>
          {shown.items.length > 0 && <HeatmapCard list={shown} />}
        </>
      )}
    </Box>
  );
}

function HeatmapCard({ list }: { list: PbcListResponse }) {
  const { rows, loading, error, truncated } = useFamilyRows(list.items);
  return (
    <InfoCard
      title="Failing controls by family"
      subheader={`The PBCs on this page (${list.items.length}${
        truncated ? `, first ${rows.length} shown` : ''
      }); a cell is the number of failing controls of that family. Click a cell to open the PBC.`}
    >
      {loading && <LoadingState what="the heatmap" />}
      {error && (
        <Alert severity="warning">
          The heatmap could not be drawn: {error.message}
        </Alert>
      )}
      {!loading && !error && <FamilyHeatmap rows={rows} />}
    </InfoCard>
  );
}

function StaleAccounts({ health }: { health?: HealthResponse }) {
  if (!health || health.staleAccounts.length === 0) return null;
  return (
    <Box mb={2}>
      <Alert severity="warning">
        <AlertTitle>
          {health.staleAccounts.length} account
          {health.staleAccounts.length === 1 ? '' : 's'} could not be read: the
          PBCs in {health.staleAccounts.length === 1 ? 'it' : 'them'} show their
          last good data, marked stale
        </AlertTitle>
        {health.staleAccounts.map(a => (
          <Typography key={`${a.accountId}/${a.region}`} variant="body2">
            {a.accountId} ({a.region}) since {formatUtc(a.since)}
            {a.lastSuccessAt
              ? `, last read ${formatUtc(a.lastSuccessAt)}`
              : ', never read'}
            : {a.error}
          </Typography>
        ))}
      </Alert>
    </Box>
  );
}
