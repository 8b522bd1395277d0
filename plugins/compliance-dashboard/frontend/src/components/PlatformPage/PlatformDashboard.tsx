import { useMemo } from 'react';
import { EmptyState, InfoCard } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Box,
  Button,
  LinearProgress,
  Typography,
  makeStyles,
  Theme,
} from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import {
  complianceDashboardRefreshPermission,
  HealthResponse,
  PbcListResponse,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { usePlatformData } from '../../hooks/usePlatformData';
import { useExemptionSettings } from '../../hooks/useExemptions';
import { scoringNote } from '../Exemptions/scoringNote';
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
import { PushStatus } from './PushStatus';
import { RefreshControl } from './RefreshControl';
import { familyRows } from './familyCounts';
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
  const [query, setQuery] = useDashboardQuery();
  const refreshPermission = usePermission({
    permission: complianceDashboardRefreshPermission,
  });
  const exemptionSettings = useExemptionSettings();

  const listQuery = useMemo(() => toListQuery(query), [query]);
  const { list, shown, health, teams, systems, reload, reloads } =
    usePlatformData(listQuery);

  const ownerOptions = useMemo(
    () => (teams.value?.items ?? []).map(t => t.teamRef),
    [teams.value],
  );

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
          {exemptionSettings.value && (
            <Typography variant="caption" color="textSecondary">
              {scoringNote(exemptionSettings.value)}
            </Typography>
          )}
          <PushStatus push={health.value?.push} />
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
  return (
    <InfoCard
      title="Failing controls by family"
      subheader={`The PBCs on this page (${list.items.length}); a cell is the number of failing controls of that family. Click a cell to open the PBC.`}
    >
      <FamilyHeatmap rows={familyRows(list.items)} />
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
