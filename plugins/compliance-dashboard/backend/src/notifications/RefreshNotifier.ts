import { findControl } from '@pbc-portal/pbc-domain';
import { PbcRow } from '../database/ComplianceStore';
import { StoredControlResult } from '../domain/results';
import {
  baselineState,
  comparePbc,
  FailingControl,
  ObservedPbc,
} from './changes';
import { regressionPayload } from './messages';
import { NotifierDeps } from './notifierDeps';
import {
  CriticalEventRow,
  NotificationProgress,
  PbcNotificationState,
} from './NotificationStateStore';

export interface NotifyOutcome {
  /** Notifications sent (one per PBC with changes). */
  sent: number;
  /** PBCs seen for the first time: their state is their baseline. */
  baselined: number;
  /** PBCs whose notification could not be sent; retried after the next refresh. */
  failed: number;
}

/**
 * After each refresh, compares every freshly read PBC with what the notifier
 * last saw of it and sends one notification per PBC with changes to its
 * owner. What was seen is saved per PBC after its notification went out, so
 * a change is told once, across refreshes and restarts. PBCs whose account
 * could not be read (stale) are left for a refresh that reads them.
 */
export class RefreshNotifier {
  readonly #deps: NotifierDeps;
  readonly #threshold: number;
  readonly #guidanceBaseUrl: string;

  constructor(
    options: NotifierDeps & {
      scoreDropThreshold: number;
      guidanceBaseUrl: string;
    },
  ) {
    const { scoreDropThreshold, guidanceBaseUrl, ...deps } = options;
    this.#deps = deps;
    this.#threshold = scoreDropThreshold;
    this.#guidanceBaseUrl = guidanceBaseUrl;
  }

  async afterRefresh(refresh: { snapshotId: number }): Promise<NotifyOutcome> {
    const outcome: NotifyOutcome = { sent: 0, baselined: 0, failed: 0 };
    const progress = await this.#deps.state.getProgress();
    if (progress && progress.snapshotId >= refresh.snapshotId) {
      return outcome;
    }
    const snapshot = await this.#deps.store.getSnapshot(refresh.snapshotId);
    if (!snapshot) return outcome;

    const rows = await this.#deps.store.listPbcRows(snapshot.id);
    const states = await this.#deps.state.listStates();
    const fresh = rows.filter(r => !r.stale);
    const controls = await this.#controlsOfNewFailures(
      snapshot.id,
      fresh,
      states,
    );
    const events = await this.#criticalEvents(progress);
    const since = (state: PbcNotificationState) =>
      progress && progress.eventsUntil > state.eventsUntil
        ? progress.eventsUntil
        : state.eventsUntil;

    const baselines: PbcNotificationState[] = [];
    for (const row of fresh) {
      const observed = this.#observe(row, states.get(row.entityRef), controls);
      const previous = states.get(row.entityRef);
      if (!previous) {
        baselines.push(baselineState(observed, snapshot.createdAt));
        continue;
      }
      const { changes, next } = comparePbc({
        observed,
        previous,
        events: events.get(row.entityRef) ?? [],
        eventsSince: since(previous),
        snapshotCreatedAt: snapshot.createdAt,
        threshold: this.#threshold,
      });
      if (changes.length > 0) {
        if (!row.owner) {
          this.#deps.logger.warn(
            `Compliance notification for ${row.entityRef} not sent: the entity has no owner`,
          );
        } else {
          try {
            await this.#deps.notifications.send({
              recipients: { type: 'entity', entityRef: row.owner },
              payload: regressionPayload(row, changes, {
                guidanceBaseUrl: this.#guidanceBaseUrl,
                threshold: this.#threshold,
              }),
            });
            outcome.sent += 1;
          } catch (error) {
            // Not saved: the same changes are compared (and sent) again next time.
            outcome.failed += 1;
            this.#deps.logger.warn(
              `Compliance notification for ${row.entityRef} could not be sent: ${error}`,
            );
            continue;
          }
        }
      }
      if (JSON.stringify(next) !== JSON.stringify(previous)) {
        await this.#deps.state.saveStates([next], this.#deps.now());
      }
    }
    await this.#deps.state.saveStates(baselines, this.#deps.now());
    outcome.baselined = baselines.length;

    const present = new Set(rows.map(r => r.entityRef));
    await this.#deps.state.deleteStates(
      [...states.keys()].filter(ref => !present.has(ref)),
    );
    // Every PBC has looked at the events of this snapshot now (stale ones
    // have none: their account's events were dropped with the read).
    await this.#deps.state.setProgress(
      { snapshotId: snapshot.id, eventsUntil: snapshot.createdAt },
      this.#deps.now(),
    );
    if (outcome.sent + outcome.failed > 0) {
      this.#deps.logger.info(
        `Compliance notifications after snapshot ${snapshot.id}: ${outcome.sent} sent, ${outcome.failed} failed`,
      );
    }
    return outcome;
  }

  /**
   * The stored controls of PBCs failing a control the notifier has not seen
   * failing (its severity is in the snapshot); none when nothing new fails.
   */
  async #controlsOfNewFailures(
    snapshotId: number,
    rows: PbcRow[],
    states: Map<string, PbcNotificationState>,
  ): Promise<Map<string, StoredControlResult[]>> {
    const refs = rows
      .filter(r => {
        const known = states.get(r.entityRef)?.failing ?? {};
        return r.failingControlIds.some(id => !known[id]);
      })
      .map(r => r.entityRef);
    const out = new Map<string, StoredControlResult[]>();
    if (refs.length === 0) return out;
    for (const [ref, { row }] of await this.#deps.store.listPbcResults(
      snapshotId,
      refs,
    )) {
      out.set(ref, row.controls ?? []);
    }
    return out;
  }

  /**
   * Critical events stored since the last run looked at them. A PBC's own
   * mark is ahead of that only if a run died after telling it; `since`
   * skips those.
   */
  async #criticalEvents(
    progress: NotificationProgress | undefined,
  ): Promise<Map<string, CriticalEventRow[]>> {
    const out = new Map<string, CriticalEventRow[]>();
    if (!progress) return out; // the first run: a baseline for everyone
    const from = progress.eventsUntil;
    for (const event of await this.#deps.state.listCriticalEvents(from)) {
      out.set(event.entityRef, [...(out.get(event.entityRef) ?? []), event]);
    }
    return out;
  }

  #observe(
    row: PbcRow,
    previous: PbcNotificationState | undefined,
    controls: Map<string, StoredControlResult[]>,
  ): ObservedPbc {
    const stored = new Map(
      (controls.get(row.entityRef) ?? []).map(c => [c.id, c]),
    );
    const failing: FailingControl[] = row.failingControlIds.map(id => {
      const known = previous?.failing[id];
      if (known) return { id, severity: known.severity };
      const control = stored.get(id);
      // Snapshots written before control text was stored: today's catalog.
      const catalog = findControl(id);
      return {
        id,
        severity: control?.severity ?? catalog?.severity ?? 'low',
        title: control?.title ?? catalog?.title,
        guidance: control?.guidance ?? catalog?.guidance,
      };
    });
    return { entityRef: row.entityRef, score: row.score, failing };
  }
}
