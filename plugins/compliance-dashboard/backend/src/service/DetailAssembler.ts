import { NotFoundError } from '@backstage/errors';
import {
  Control,
  findControl,
  guidanceUrl,
  SEVERITIES,
} from '@pbc-portal/pbc-domain';
import {
  ControlResult,
  PbcDetail,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { ComplianceDashboardConfig } from '../config';
import { ComplianceStore } from '../database/ComplianceStore';
import {
  controlText,
  StoredControlResult,
  StoredControlText,
} from '../domain/results';
import { Clock } from '../util/clock';
import { configConsoleUrl } from './links';
import { toRiskyEvent } from './riskyEvents';
import { dayString, ReadModel, toSummary } from './readModel';

// Details of the current snapshot only change with the clock (the risky
// event window); keep the most read ones briefly.
const DETAIL_CACHE_SIZE = 500;
const DETAIL_CACHE_TTL_MS = 60_000;

/**
 * A PBC's detail from the snapshot alone: its control results with the text
 * stored with them, non-compliant resources, risky events of the window and
 * score history. Keeps the most read ones of the current snapshot.
 */
export class DetailAssembler {
  readonly #store: ComplianceStore;
  readonly #config: ComplianceDashboardConfig;
  readonly #now: Clock;
  readonly #cache = new Map<string, { at: number; detail: PbcDetail }>();

  constructor(options: {
    store: ComplianceStore;
    config: ComplianceDashboardConfig;
    now: Clock;
  }) {
    this.#store = options.store;
    this.#config = options.config;
    this.#now = options.now;
  }

  /** Drops the cache (a new snapshot is current). */
  clear(): void {
    this.#cache.clear();
  }

  async get(model: ReadModel, entityRef: string): Promise<PbcDetail> {
    const key = `${model.snapshot.id}|${entityRef}`;
    const nowMs = this.#now().getTime();
    const cached = this.#cache.get(key);
    if (cached && nowMs - cached.at < DETAIL_CACHE_TTL_MS) {
      return cached.detail;
    }
    const detail = await this.#load(model, entityRef);
    this.#cache.delete(key);
    this.#cache.set(key, { at: nowMs, detail });
    if (this.#cache.size > DETAIL_CACHE_SIZE) {
      // Map iteration order is insertion order: the first is the oldest.
      this.#cache.delete(this.#cache.keys().next().value!);
    }
    return detail;
  }

  async #load(model: ReadModel, entityRef: string): Promise<PbcDetail> {
    const now = this.#now();
    const [row, nonCompliant, events, historyByRef] = await Promise.all([
      this.#store.getPbcRow(model.snapshot.id, entityRef),
      this.#store.listNonCompliant(model.snapshot.id, entityRef),
      this.#store.listRiskyEvents(
        entityRef,
        new Date(now.getTime() - this.#config.riskyEventDays * 86400000),
        500,
      ),
      this.#store.listScoreHistory(
        dayString(
          new Date(now.getTime() - this.#config.retentionDays * 86400000),
        ),
        entityRef,
      ),
    ]);
    if (!row) {
      throw new NotFoundError(`No compliance data for '${entityRef}'`);
    }
    const controls: ControlResult[] = (row.controls ?? [])
      .flatMap(stored => {
        const text = storedText(stored);
        if (!text) {
          // Only in a snapshot written before the text was stored, for a
          // control retired since: nothing left to show it with.
          return [];
        }
        return [
          {
            controlId: stored.id,
            title: text.title,
            family: text.family,
            severity: text.severity,
            level: text.level,
            scope: text.scope,
            status: stored.status,
            compliantResourceCount: stored.compliant,
            nonCompliantResourceCount: stored.nonCompliant,
            configRules: stored.rules,
            remediation: text.remediation,
            guidance: text.guidance,
            // The link is built from the stored article; only the base URL
            // is today's configuration.
            guidanceUrl: guidanceUrl(
              { guidance: text.guidance } as Control,
              this.#config.guidanceBaseUrl,
            ),
          },
        ];
      })
      .sort(
        (a, b) =>
          statusRank(a.status) - statusRank(b.status) ||
          SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
          a.controlId.localeCompare(b.controlId),
      );
    const history = historyByRef.get(entityRef) ?? [];
    return {
      summary: toSummary(
        row,
        model.snapshot,
        history.slice(-this.#config.trendDays),
        this.#config.riskyEventDays,
      ),
      controls,
      nonCompliantResources: nonCompliant.map(n => ({
        resourceId: n.resourceId,
        resourceType: n.resourceType,
        ...(n.resourceName ? { resourceName: n.resourceName } : {}),
        ...(n.arn ? { arn: n.arn } : {}),
        awsAccountId: n.accountId,
        awsRegion: n.region,
        configRuleName: n.configRuleName,
        controlIds: n.controlIds,
        ...(n.annotation ? { annotation: n.annotation } : {}),
        ...(n.evaluatedAt ? { evaluatedAt: n.evaluatedAt } : {}),
        consoleUrl: configConsoleUrl(n),
      })),
      riskyEvents: events.map(toRiskyEvent),
      scoreHistory: history,
    };
  }
}

/** The control's text as stored with the snapshot, or (older rows) from the catalog. */
function storedText(
  stored: StoredControlResult,
): StoredControlText | undefined {
  if (
    stored.title !== undefined &&
    stored.family !== undefined &&
    stored.severity !== undefined &&
    stored.level !== undefined &&
    stored.scope !== undefined &&
    stored.remediation !== undefined &&
    stored.guidance !== undefined
  ) {
    return stored as StoredControlText;
  }
  const control = findControl(stored.id);
  return control ? controlText(control) : undefined;
}

function statusRank(status: ControlResult['status']): number {
  return ['failing', 'insufficient-data', 'passing', 'not-applicable'].indexOf(
    status,
  );
}
