import { AwsClientFactory } from '../aws/AwsClientFactory';
import { PbcTarget } from '../domain/pbcs';
import {
  packComplianceIds,
  readPackTimeline,
  scoreOfPackDay,
} from './packHistory';

/** A past day's score of a PBC, from AWS Config's history. */
export interface HistoricScore {
  entityRef: string;
  day: string;
  score: number | null;
}

/**
 * Scores of the last `days` days (before today) for the PBCs that have no
 * history yet, from their conformance packs' compliance timelines, so that
 * a new installation draws trends on its first day. Costs one query per
 * account and Region and one history call per such PBC (100 days a page);
 * a PBC whose pack has no timeline is skipped.
 */
export async function backfillScores(options: {
  clients: Pick<AwsClientFactory, 'configClient'>;
  pbcs: PbcTarget[];
  /** Entity refs that already have daily scores. */
  withHistory: Set<string>;
  days: number;
  now: Date;
  signal?: AbortSignal;
  onError?: (accountId: string, region: string, error: unknown) => void;
}): Promise<HistoricScore[]> {
  const todo = options.pbcs.filter(p => !options.withHistory.has(p.entityRef));
  const since = new Date(options.now.getTime() - options.days * 86_400_000);
  const today = options.now.toISOString().slice(0, 10);
  const byPlace = new Map<string, PbcTarget[]>();
  for (const pbc of todo) {
    const key = `${pbc.accountId}/${pbc.region}`;
    byPlace.set(key, [...(byPlace.get(key) ?? []), pbc]);
  }
  const scores: HistoricScore[] = [];
  for (const list of byPlace.values()) {
    let client;
    let ids: Map<string, string>;
    try {
      client = await options.clients.configClient(
        list[0].accountId,
        list[0].region,
      );
      ids = await packComplianceIds(client, options.signal);
    } catch (error) {
      // This account and Region waits for the next run.
      options.onError?.(list[0].accountId, list[0].region, error);
      continue;
    }
    for (const pbc of list) {
      const id = ids.get(pbc.conformancePack);
      if (!id) continue;
      for (const day of await readPackTimeline(
        client,
        id,
        since,
        options.signal,
      )) {
        // Today is the refresh's own score.
        if (day.day >= today) continue;
        scores.push({
          entityRef: pbc.entityRef,
          day: day.day,
          score: scoreOfPackDay(day.rules, pbc.pciScope),
        });
      }
    }
  }
  return scores;
}
