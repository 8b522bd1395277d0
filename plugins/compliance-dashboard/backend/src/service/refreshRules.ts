import {
  AccountRefreshStatus,
  emptySeverityCounts,
  RefreshState,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import {
  AccountStatusRow,
  PbcRow,
  StalePbc,
} from '../database/ComplianceStore';
import { PbcTarget } from '../domain/pbcs';
import { StoredNonCompliantResource } from '../domain/results';

const key = (a: { accountId: string; region: string }) =>
  `${a.accountId}/${a.region}`;

/**
 * Each account and Region's status after a refresh: a failure keeps the time
 * it started failing and the last success before it; a success resets both.
 */
export function decideAccountStatus(
  accounts: AccountRefreshStatus[],
  before: AccountStatusRow[],
  now: Date,
): AccountStatusRow[] {
  const previous = new Map(before.map(a => [key(a), a]));
  const at = now.toISOString();
  return accounts.map((account): AccountStatusRow => {
    const existing = previous.get(key(account));
    if (account.state === 'ok') {
      return {
        accountId: account.accountId,
        region: account.region,
        state: 'ok',
        lastSuccessAt: at,
      };
    }
    return {
      accountId: account.accountId,
      region: account.region,
      state: 'failed',
      error: account.error ?? 'unknown error',
      failingSince:
        existing?.state === 'failed' ? existing.failingSince ?? at : at,
      ...(existing?.lastSuccessAt
        ? { lastSuccessAt: existing.lastSuccessAt }
        : {}),
    };
  });
}

/** A finished refresh's state and message from its accounts' outcomes. */
export function refreshOutcome(accounts: AccountRefreshStatus[]): {
  state: RefreshState;
  error?: string;
} {
  const failed = accounts.filter(a => a.state === 'failed').length;
  if (failed === 0) return { state: 'succeeded' };
  return {
    state: failed === accounts.length ? 'failed' : 'partial',
    error: `${failed} of ${accounts.length} account/Region reads failed`,
  };
}

/** A PBC whose account could not be read in this refresh. */
export interface UnreadPbc {
  target: PbcTarget;
  accountId: string;
  region: string;
  reason: string;
}

/**
 * A stale PBC keeps its last good results (from the previous snapshot),
 * flagged with the error; with none, it shows as unscored.
 */
export function carryOver(
  unread: UnreadPbc,
  before?: { row: PbcRow; nonCompliant: StoredNonCompliantResource[] },
): StalePbc {
  const row = before?.row;
  return {
    target: unread.target,
    controls: row?.controls ?? [],
    score: row?.score ?? null,
    failingBySeverity: row?.failing ?? emptySeverityCounts(),
    passingCount: row?.passingCount ?? 0,
    failingCount: row?.failingCount ?? 0,
    insufficientCount: row?.insufficientCount ?? 0,
    nonCompliant: before?.nonCompliant ?? [],
    conformancePackDeployed: row?.packDeployed ?? false,
    ...(row?.dataAsOf ? { dataAsOf: row.dataAsOf } : {}),
    staleness: {
      accountId: unread.accountId,
      region: unread.region,
      reason: unread.reason,
    },
  };
}
