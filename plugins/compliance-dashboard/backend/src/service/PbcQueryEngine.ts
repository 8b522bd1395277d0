import {
  PbcListQuery,
  PbcSummary,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { PbcAccess } from './PbcAccess';
import { ReadModel, ReadModelEntry } from './readModel';

/**
 * The one query engine of the list and the CSV export: the PBCs of the
 * current snapshot that match the query's filters and that the caller may
 * read, in the query's order.
 */
export async function queryPbcs(
  model: ReadModel,
  query: PbcListQuery,
  access: PbcAccess,
): Promise<ReadModelEntry[]> {
  const search = query.search?.trim().toLowerCase();
  // The model keeps each sort order once per snapshot: a request filters
  // an already sorted list instead of sorting thousands of PBCs.
  const sorted = sortedEntries(model, query);
  const unfiltered =
    !query.owner?.length &&
    !query.system?.length &&
    !query.severity?.length &&
    !query.family?.length &&
    query.stale === undefined &&
    !search;
  const candidates = unfiltered
    ? sorted
    : sorted.filter(compileFilter(query, search));
  const allowed = await access.allowedRefs(candidates.map(p => p.summary));
  return allowed === 'all'
    ? candidates
    : candidates.filter(p => allowed.has(p.summary.entityRef));
}

/** The query's filters as one predicate, prepared once per request. */
function compileFilter(
  query: PbcListQuery,
  search: string | undefined,
): (entry: ReadModelEntry) => boolean {
  const owners = query.owner?.length
    ? new Set(query.owner.map(x => x.toLowerCase()))
    : undefined;
  const systems = query.system?.length
    ? new Set(query.system.map(x => x.toLowerCase()))
    : undefined;
  const severities = query.severity?.length ? query.severity : undefined;
  const families = query.family?.length ? query.family : undefined;
  const stale = query.stale;
  return entry => {
    const s = entry.summary;
    if (owners && !owners.has(s.owner ?? '')) return false;
    if (systems && !systems.has(s.system ?? '')) return false;
    if (severities && !severities.some(sev => s.failingControls[sev] > 0)) {
      return false;
    }
    if (families && !families.some(f => entry.failingFamilies.has(f))) {
      return false;
    }
    if (stale !== undefined && s.staleness.stale !== stale) return false;
    if (search && !entry.searchText.includes(search)) return false;
    return true;
  };
}

function sortedEntries(
  model: ReadModel,
  query: PbcListQuery,
): ReadModelEntry[] {
  const sort = query.sort ?? 'score';
  // Worst first by default for score; alphabetical for names.
  const defaultOrder = ['score', 'name', 'owner', 'system'].includes(sort)
    ? 'asc'
    : 'desc';
  const order = query.order ?? defaultOrder;
  const key = `${sort}:${order}`;
  const cached = model.sorted.get(key);
  if (cached) return cached;

  const direction = order === 'asc' ? 1 : -1;
  const failingWeight = (s: PbcSummary) =>
    s.failingControls.critical * 1e6 +
    s.failingControls.high * 1e4 +
    s.failingControls.medium * 1e2 +
    s.failingControls.low;
  const value = (s: PbcSummary): string | number => {
    switch (sort) {
      case 'name':
        return s.name;
      case 'owner':
        return s.owner ?? '';
      case 'system':
        return s.system ?? '';
      case 'failing':
        return failingWeight(s);
      case 'risky':
        return s.riskyEvents;
      case 'lastRefresh':
        return s.dataAsOf ?? '';
      default:
        // Unscored PBCs sort after the scored ones in either direction.
        return s.score ?? (direction === 1 ? 101 : -1);
    }
  };
  const keyed = model.pbcs.map(entry => ({ entry, v: value(entry.summary) }));
  keyed.sort((a, b) => {
    const cmp =
      typeof a.v === 'number' && typeof b.v === 'number'
        ? a.v - b.v
        : String(a.v).localeCompare(String(b.v));
    return (
      cmp * direction ||
      a.entry.summary.entityRef.localeCompare(b.entry.summary.entityRef)
    );
  });
  const result = keyed.map(k => k.entry);
  model.sorted.set(key, result);
  return result;
}
