import { Link } from '@backstage/core-components';
import {
  Box,
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TablePagination,
  TableRow,
  TableSortLabel,
  Typography,
} from '@material-ui/core';
import type {
  PbcSortField,
  PbcSummary,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { Freshness } from '../shared/Freshness';
import { ScoreChip } from '../shared/ScoreChip';
import { SeverityCounts } from '../shared/SeverityCounts';
import { TrendSparkline } from '../shared/TrendSparkline';
import { riskyEventsLabel, shortRef } from '../shared/format';
import { useComplianceLinks } from '../../hooks/useComplianceLinks';
import { PatternsVersionCell } from './PatternsVersionCell';
import { PAGE_SIZES } from './queryState';
import { usePatternsVersions } from './usePatternsVersions';

type Column = {
  id: string;
  label: string;
  sort?: PbcSortField;
  hide?: boolean;
};

/** Sorting as the table shows it; the server does the sorting. */
export interface SortState {
  sort: PbcSortField;
  order: 'asc' | 'desc';
  onSort: (sort: PbcSortField, order: 'asc' | 'desc') => void;
}

/** Paging as the table shows it; the server does the paging. */
export interface PagingState {
  page: number;
  pageSize: number;
  totalCount: number;
  onPage: (page: number) => void;
  onPageSize: (pageSize: number) => void;
}

/** A descending first click for numbers people scan from the top. */
const FIRST_ORDER: Partial<Record<PbcSortField, 'asc' | 'desc'>> = {
  failing: 'desc',
  risky: 'desc',
  lastRefresh: 'desc',
};

/**
 * One row per PBC. Only the rows of the current page are ever in the DOM: the
 * server pages, so 5,000 PBCs cost the same as 25.
 */
export function PbcTable(props: {
  items: PbcSummary[];
  sorting?: SortState;
  paging?: PagingState;
  hideOwner?: boolean;
  caption: string;
}) {
  const { items, sorting, paging, hideOwner, caption } = props;
  const allColumns: Column[] = [
    { id: 'name', label: 'PBC', sort: 'name' },
    { id: 'owner', label: 'Owner', sort: 'owner', hide: hideOwner },
    { id: 'system', label: 'System', sort: 'system' },
    { id: 'score', label: 'Score', sort: 'score' },
    { id: 'failing', label: 'Failing controls', sort: 'failing' },
    {
      id: 'risky',
      label: riskyEventsLabel(items[0]?.riskyEventDays),
      sort: 'risky',
    },
    { id: 'trend', label: 'Trend' },
    { id: 'lastRefresh', label: 'Last refreshed', sort: 'lastRefresh' },
    { id: 'patterns', label: 'Patterns' },
  ];
  const patternsVersions = usePatternsVersions(items.map(i => i.entityRef));
  const columns = allColumns.filter(c => !c.hide);

  return (
    <Box>
      <Box overflow="auto">
        <Table size="small" aria-label={caption}>
          <TableHead>
            <TableRow>
              {columns.map(column => (
                <TableCell
                  key={column.id}
                  sortDirection={
                    sorting && column.sort === sorting.sort
                      ? sorting.order
                      : false
                  }
                >
                  {sorting && column.sort ? (
                    <TableSortLabel
                      active={column.sort === sorting.sort}
                      direction={
                        column.sort === sorting.sort
                          ? sorting.order
                          : FIRST_ORDER[column.sort] ?? 'asc'
                      }
                      onClick={() => {
                        const sort = column.sort!;
                        const flipped =
                          sorting.order === 'asc' ? 'desc' : 'asc';
                        const order =
                          sort === sorting.sort
                            ? flipped
                            : FIRST_ORDER[sort] ?? 'asc';
                        sorting.onSort(sort, order);
                      }}
                    >
                      {column.label}
                    </TableSortLabel>
                  ) : (
                    column.label
                  )}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(pbc => (
              <PbcRow
                key={pbc.entityRef}
                pbc={pbc}
                hideOwner={hideOwner}
                patternsVersions={patternsVersions}
              />
            ))}
          </TableBody>
        </Table>
      </Box>
      {paging && (
        <TablePagination
          component="div"
          count={paging.totalCount}
          page={paging.page}
          rowsPerPage={paging.pageSize}
          rowsPerPageOptions={PAGE_SIZES}
          onPageChange={(_, page) => paging.onPage(page)}
          onRowsPerPageChange={e => paging.onPageSize(Number(e.target.value))}
        />
      )}
    </Box>
  );
}

function PbcRow({
  pbc,
  hideOwner,
  patternsVersions,
}: {
  pbc: PbcSummary;
  hideOwner?: boolean;
  patternsVersions?: Map<string, string | undefined>;
}) {
  const tab = useComplianceLinks().complianceTab(pbc.entityRef);
  const name = pbc.title ?? pbc.name;
  return (
    <TableRow hover data-testid="pbc-row">
      <TableCell>
        {tab ? <Link to={tab}>{name}</Link> : name}
        <Box display="flex" alignItems="center" flexWrap="wrap">
          <Typography variant="caption" color="textSecondary">
            {pbc.awsAccountId} · {pbc.awsRegion}
          </Typography>
          {pbc.pciScope && (
            <Box ml={1} component="span">
              <Chip size="small" variant="outlined" label="PCI" />
            </Box>
          )}
          {!pbc.conformancePackDeployed && (
            <Box ml={1} component="span">
              <Chip
                size="small"
                variant="outlined"
                label="no conformance pack"
                title={`Conformance pack ${pbc.conformancePack} is not deployed in ${pbc.awsAccountId}/${pbc.awsRegion}`}
              />
            </Box>
          )}
        </Box>
      </TableCell>
      {!hideOwner && (
        <TableCell>
          <RefLink entityRef={pbc.owner} />
        </TableCell>
      )}
      <TableCell>
        <RefLink entityRef={pbc.system} />
      </TableCell>
      <TableCell>
        <ScoreChip score={pbc.score} />
        {!!pbc.exemptControlCount && (
          <Typography
            variant="caption"
            display="block"
            color="textSecondary"
            data-testid="exempt-count"
          >
            {pbc.exemptControlCount} exempt
          </Typography>
        )}
      </TableCell>
      <TableCell>
        <SeverityCounts counts={pbc.failingControls} />
      </TableCell>
      <TableCell align="right">{pbc.riskyEvents}</TableCell>
      <TableCell>
        <TrendSparkline trend={pbc.trend} />
      </TableCell>
      <TableCell>
        <Freshness summary={pbc} />
      </TableCell>
      <TableCell>
        <PatternsVersionCell
          known={patternsVersions?.has(pbc.entityRef) ?? false}
          version={patternsVersions?.get(pbc.entityRef)}
        />
      </TableCell>
    </TableRow>
  );
}

function RefLink({ entityRef }: { entityRef?: string }) {
  const links = useComplianceLinks();
  if (!entityRef) return <>—</>;
  const path = links.entityPage(entityRef);
  return path ? (
    <Link to={path}>{shortRef(entityRef)}</Link>
  ) : (
    <>{shortRef(entityRef)}</>
  );
}
