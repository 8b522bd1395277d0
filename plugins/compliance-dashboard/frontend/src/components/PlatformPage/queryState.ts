import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  CONTROL_FAMILIES,
  ControlFamily,
  SEVERITIES,
  Severity,
} from '@pbc-portal/pbc-domain';
import type {
  PbcListQuery,
  PbcSortField,
} from '@pbc-portal/plugin-compliance-dashboard-common';

export const PAGE_SIZES = [10, 25, 50, 100];
export const DEFAULT_PAGE_SIZE = 25;

const SORT_FIELDS: PbcSortField[] = [
  'score',
  'name',
  'failing',
  'risky',
  'owner',
  'system',
  'lastRefresh',
];

/** What the platform page shows, kept in the URL so that views can be shared. */
export interface DashboardQuery {
  owner: string[];
  system: string[];
  severity: Severity[];
  family: ControlFamily[];
  search: string;
  sort: PbcSortField;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

/** Worst first: the default order answers "what needs attention". */
const DEFAULT_SORT: PbcSortField = 'score';
const DEFAULT_ORDER = 'asc';

export function parseDashboardQuery(params: URLSearchParams): DashboardQuery {
  const sort = params.get('sort') as PbcSortField | null;
  const order = params.get('order');
  const page = Number(params.get('page') ?? 0);
  const pageSize = Number(params.get('pageSize') ?? DEFAULT_PAGE_SIZE);
  return {
    owner: params.getAll('owner').filter(Boolean),
    system: params.getAll('system').filter(Boolean),
    severity: params
      .getAll('severity')
      .filter((s): s is Severity => SEVERITIES.includes(s as Severity)),
    family: params
      .getAll('family')
      .filter((f): f is ControlFamily =>
        CONTROL_FAMILIES.includes(f as ControlFamily),
      ),
    search: params.get('search') ?? '',
    sort: sort && SORT_FIELDS.includes(sort) ? sort : DEFAULT_SORT,
    order: order === 'asc' || order === 'desc' ? order : DEFAULT_ORDER,
    page: Number.isInteger(page) && page >= 0 ? page : 0,
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
  };
}

function toSearchParams(query: DashboardQuery): URLSearchParams {
  const params = new URLSearchParams();
  query.owner.forEach(v => params.append('owner', v));
  query.system.forEach(v => params.append('system', v));
  query.severity.forEach(v => params.append('severity', v));
  query.family.forEach(v => params.append('family', v));
  if (query.search) params.set('search', query.search);
  if (query.sort !== DEFAULT_SORT) params.set('sort', query.sort);
  if (query.order !== DEFAULT_ORDER) params.set('order', query.order);
  if (query.page) params.set('page', String(query.page));
  if (query.pageSize !== DEFAULT_PAGE_SIZE)
    params.set('pageSize', String(query.pageSize));
  return params;
}

/** The API query for a page of the table. */
export function toListQuery(query: DashboardQuery): PbcListQuery {
  return {
    owner: query.owner,
    system: query.system,
    severity: query.severity,
    family: query.family,
    search: query.search || undefined,
    sort: query.sort,
    order: query.order,
    offset: query.page * query.pageSize,
    limit: query.pageSize,
  };
}

export function hasFilters(query: DashboardQuery): boolean {
  return (
    query.owner.length > 0 ||
    query.system.length > 0 ||
    query.severity.length > 0 ||
    query.family.length > 0 ||
    query.search !== ''
  );
}

/** Reads the page's query from the URL and writes changes back to it. */
export function useDashboardQuery(): [
  DashboardQuery,
  (change: Partial<DashboardQuery>) => void,
] {
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => parseDashboardQuery(params), [params]);
  const update = useCallback(
    (change: Partial<DashboardQuery>) => {
      setParams(
        current => {
          const previous = parseDashboardQuery(current);
          // Any change but paging starts again from the first page.
          const resetsPage = Object.keys(change).some(key => key !== 'page');
          return toSearchParams({
            ...previous,
            ...(resetsPage ? { page: 0 } : {}),
            ...change,
          });
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return [query, update];
}
