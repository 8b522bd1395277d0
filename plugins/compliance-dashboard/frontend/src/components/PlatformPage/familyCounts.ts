import type { ControlFamily } from '@pbc-portal/pbc-domain';
import type { PbcSummary } from '@pbc-portal/plugin-compliance-dashboard-common';

/** Failing controls of one PBC, per family. */
export type FamilyCounts = Record<ControlFamily, number>;

export interface FamilyRow {
  entityRef: string;
  label: string;
  counts: FamilyCounts;
}

/** The heatmap's rows: one per PBC of the page, from the counts its summary carries. */
export function familyRows(items: PbcSummary[]): FamilyRow[] {
  return items.map(item => ({
    entityRef: item.entityRef,
    label: item.title ?? item.name,
    counts: item.failingByFamily,
  }));
}
