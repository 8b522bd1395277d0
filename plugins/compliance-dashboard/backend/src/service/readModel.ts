import { CONTROL_FAMILIES, ControlFamily } from '@pbc-portal/pbc-domain';
import {
  PbcSummary,
  SnapshotInfo,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { ComplianceStore, PbcRow } from '../database/ComplianceStore';

/** The current snapshot's PBC list, in memory, ready for the list routes. */
export interface ReadModel {
  snapshot: SnapshotInfo;
  pbcs: ReadModelEntry[];
  byRef: Map<string, ReadModelEntry>;
  /** Entries in each sort order asked for so far (`<sort>:<order>`). */
  sorted: Map<string, ReadModelEntry[]>;
}

export interface ReadModelEntry {
  summary: PbcSummary;
  failingFamilies: Set<ControlFamily>;
  /** Ids of the controls failing for the PBC in this snapshot. */
  failingControlIds: Set<string>;
  /** Lower-case name, title, tag, owner, system and ref, for `search`. */
  searchText: string;
}

export function dayString(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Counts a PBC's failing controls per family (one entry per failing
 * control, as stored with the snapshot), every family present.
 */
export function failingByFamily(
  failingFamilies: ControlFamily[],
): Record<ControlFamily, number> {
  const counts = Object.fromEntries(
    CONTROL_FAMILIES.map(family => [family, 0]),
  ) as Record<ControlFamily, number>;
  for (const family of failingFamilies) {
    if (family in counts) counts[family] += 1;
  }
  return counts;
}

export function toSummary(
  row: PbcRow,
  snapshot: SnapshotInfo,
  trend: PbcSummary['trend'],
  riskyEventDays: number,
): PbcSummary {
  return {
    entityRef: row.entityRef,
    kind: row.kind,
    namespace: row.namespace,
    name: row.name,
    ...(row.title ? { title: row.title } : {}),
    pbc: row.pbc,
    ...(row.owner ? { owner: row.owner } : {}),
    ...(row.system ? { system: row.system } : {}),
    awsAccountId: row.accountId,
    awsRegion: row.region,
    conformancePack: row.conformancePack,
    conformancePackDeployed: row.packDeployed,
    pciScope: row.pciScope,
    score: row.score,
    failingControls: row.failing,
    failingByFamily: failingByFamily(row.failingFamilies),
    passingControlCount: row.passingCount,
    failingControlCount: row.failingCount,
    insufficientDataControlCount: row.insufficientCount,
    riskyEvents: row.riskyEvents,
    riskyEventDays,
    trend,
    lastRefreshAt: snapshot.createdAt,
    ...(row.dataAsOf ? { dataAsOf: row.dataAsOf } : {}),
    staleness: row.stale
      ? {
          stale: true,
          ...(row.staleReason ? { reason: row.staleReason } : {}),
          ...(row.staleAccount ? { accountId: row.staleAccount } : {}),
          ...(row.staleRegion ? { region: row.staleRegion } : {}),
        }
      : { stale: false },
  };
}

export async function loadReadModel(
  store: ComplianceStore,
  snapshotId: number,
  trendDays: number,
  riskyEventDays: number,
  now: Date,
): Promise<ReadModel | undefined> {
  const snapshot = await store.getSnapshot(snapshotId);
  if (!snapshot) {
    return undefined;
  }
  const since = dayString(new Date(now.getTime() - (trendDays - 1) * 86400000));
  const [rows, history] = await Promise.all([
    store.listPbcRows(snapshotId),
    store.listScoreHistory(since),
  ]);
  const pbcs = rows.map((row): ReadModelEntry => {
    const families = new Set<ControlFamily>(row.failingFamilies);
    const searchText = [
      row.name,
      row.title,
      row.pbc,
      row.owner,
      row.system,
      row.entityRef,
    ]
      .filter(Boolean)
      .join(' ')
      .toLowerCase();
    return {
      searchText,
      summary: toSummary(
        row,
        snapshot,
        history.get(row.entityRef) ?? [],
        riskyEventDays,
      ),
      failingFamilies: families,
      failingControlIds: new Set(row.failingControlIds),
    };
  });
  return {
    snapshot,
    pbcs,
    byRef: new Map(pbcs.map(p => [p.summary.entityRef, p])),
    sorted: new Map(),
  };
}
