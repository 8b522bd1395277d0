import { parseEntityRef } from '@backstage/catalog-model';
import { NotificationPayload } from '@backstage/plugin-notifications-common';
import { PbcRow } from '../database/ComplianceStore';
import { TOPICS } from './messages';
import { NotifierDeps } from './notifierDeps';

const WEEK_MS = 7 * 86400000;
const MAX_PBCS_LISTED = 15;

/** One PBC's line in its team's digest. */
export interface DigestEntry {
  name: string;
  score: number | null;
  /** The first daily score of the week, if there is one. */
  scoreWeekAgo?: number | null;
  /** Controls that started failing this week and still fail. */
  newFailures: Array<{ id: string; severity: string }>;
  stale: boolean;
}

function entryLine(e: DigestEntry): string {
  const score = e.score === null ? 'no score' : `score ${e.score}`;
  let trend = '';
  if (
    e.score !== null &&
    e.scoreWeekAgo !== undefined &&
    e.scoreWeekAgo !== null &&
    e.scoreWeekAgo !== e.score
  ) {
    const delta = e.score - e.scoreWeekAgo;
    trend = ` (${delta > 0 ? '+' : ''}${delta} this week)`;
  }
  const failures =
    e.newFailures.length === 0
      ? 'no new failures'
      : `new failures: ${e.newFailures
          .map(f => `${f.id} (${f.severity})`)
          .join(', ')}`;
  return `${e.name}: ${score}${trend}, ${failures}${
    e.stale ? ' (last read failed; data may be old)' : ''
  }`;
}

/** The digest of one team: its PBCs, their scores and the week's new failures. */
export function digestPayload(
  teamRef: string,
  entries: DigestEntry[],
  day: string,
): NotificationPayload {
  const team = parseEntityRef(teamRef);
  const sorted = [...entries].sort((a, b) => a.name.localeCompare(b.name));
  const newFailures = sorted.reduce((n, e) => n + e.newFailures.length, 0);
  const lines = sorted.slice(0, MAX_PBCS_LISTED).map(entryLine);
  if (sorted.length > MAX_PBCS_LISTED) {
    lines.push(`and ${sorted.length - MAX_PBCS_LISTED} more PBCs`);
  }
  return {
    title: `Weekly compliance digest for ${team.name}: ${sorted.length} PBC${
      sorted.length === 1 ? '' : 's'
    }, ${newFailures} new failure${newFailures === 1 ? '' : 's'}`,
    description: lines.join('\n'),
    link: `/catalog/${encodeURIComponent(team.namespace)}/${encodeURIComponent(
      team.kind.toLowerCase(),
    )}/${encodeURIComponent(team.name)}/compliance`,
    severity: 'low',
    topic: TOPICS.digest,
    // One digest per team and day: a second run that day updates it.
    scope: `compliance-dashboard:digest:${teamRef}:${day}`,
  };
}

/** Sends each owning team its weekly digest of the current snapshot. */
export class WeeklyDigest {
  readonly #deps: NotifierDeps;

  constructor(deps: NotifierDeps) {
    this.#deps = deps;
  }

  /** Returns the number of teams sent a digest. */
  async send(): Promise<number> {
    const snapshotId = await this.#deps.store.getCurrentSnapshotId();
    if (snapshotId === undefined) return 0;
    const now = this.#deps.now();
    const weekAgo = new Date(now.getTime() - WEEK_MS).toISOString();
    const [rows, states, history] = await Promise.all([
      this.#deps.store.listPbcRows(snapshotId),
      this.#deps.state.listStates(),
      this.#deps.store.listScoreHistory(weekAgo.slice(0, 10)),
    ]);

    const teams = new Map<string, PbcRow[]>();
    for (const row of rows) {
      if (!row.owner) continue;
      teams.set(row.owner, [...(teams.get(row.owner) ?? []), row]);
    }
    let sent = 0;
    for (const [team, pbcs] of teams) {
      const entries = pbcs.map(row => {
        const failing = states.get(row.entityRef)?.failing ?? {};
        return {
          name: row.title ?? row.name,
          score: row.score,
          scoreWeekAgo: history.get(row.entityRef)?.[0]?.score,
          newFailures: row.failingControlIds
            .filter(id => (failing[id]?.since ?? '') >= weekAgo)
            .map(id => ({ id, severity: failing[id].severity })),
          stale: row.stale,
        };
      });
      try {
        await this.#deps.notifications.send({
          recipients: { type: 'entity', entityRef: team },
          payload: digestPayload(team, entries, now.toISOString().slice(0, 10)),
        });
        sent += 1;
      } catch (error) {
        this.#deps.logger.warn(
          `Weekly compliance digest for ${team} could not be sent: ${error}`,
        );
      }
    }
    this.#deps.logger.info(`Weekly compliance digest sent to ${sent} teams`);
    return sent;
  }
}
