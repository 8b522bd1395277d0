import { useMemo } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import useAsync from 'react-use/esm/useAsync';
import { CONTROL_FAMILIES, ControlFamily } from '@pbc-portal/pbc-domain';
import type {
  ControlResult,
  PbcSummary,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { complianceApiRef } from '../../api/ComplianceClient';

/** Failing controls of one PBC, per family. */
export type FamilyCounts = Record<ControlFamily, number>;

/** At most this many detail requests for one heatmap, when an older backend's summaries lack counts. */
export const HEATMAP_DETAIL_LIMIT = 25;

function zeroCounts(): FamilyCounts {
  return Object.fromEntries(CONTROL_FAMILIES.map(f => [f, 0])) as FamilyCounts;
}

export function familyCountsFromSummary(
  summary: PbcSummary,
): FamilyCounts | undefined {
  const raw = summary.failingByFamily;
  if (!raw) return undefined;
  const counts = zeroCounts();
  for (const family of CONTROL_FAMILIES) counts[family] = raw[family] ?? 0;
  return counts;
}

export function familyCountsFromControls(
  controls: ControlResult[],
): FamilyCounts {
  const counts = zeroCounts();
  for (const control of controls) {
    if (control.status === 'failing') counts[control.family] += 1;
  }
  return counts;
}

export interface FamilyRow {
  entityRef: string;
  label: string;
  counts: FamilyCounts;
}

/**
 * The heatmap's rows for the PBCs of the current page: from the summaries when
 * they carry per-family counts, otherwise from each PBC's detail (capped at
 * {@link HEATMAP_DETAIL_LIMIT} requests).
 */
export function useFamilyRows(items: PbcSummary[]): {
  rows: FamilyRow[];
  loading: boolean;
  error?: Error;
  truncated: boolean;
} {
  const api = useApi(complianceApiRef);
  const fromSummaries = useMemo(() => {
    const rows: FamilyRow[] = [];
    for (const item of items) {
      const counts = familyCountsFromSummary(item);
      if (!counts) return undefined;
      rows.push({ entityRef: item.entityRef, label: labelOf(item), counts });
    }
    return rows;
  }, [items]);

  const wanted = fromSummaries ? [] : items.slice(0, HEATMAP_DETAIL_LIMIT);
  const key = wanted.map(i => i.entityRef).join(',');
  const details = useAsync(async () => {
    if (wanted.length === 0) return [];
    return Promise.all(
      wanted.map(async item => {
        const { namespace, name } = parseEntityRef(item.entityRef);
        const detail = await api.getPbc({ namespace, name });
        return {
          entityRef: item.entityRef,
          label: labelOf(item),
          counts: familyCountsFromControls(detail.controls),
        };
      }),
    );
    // The key names exactly the PBCs wanted.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key]);

  if (fromSummaries) {
    return { rows: fromSummaries, loading: false, truncated: false };
  }
  return {
    rows: details.value ?? [],
    loading: details.loading,
    error: details.error,
    truncated: items.length > wanted.length,
  };
}

function labelOf(item: PbcSummary): string {
  return item.title ?? item.name;
}
