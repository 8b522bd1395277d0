import { createHash } from 'node:crypto';
import { Entity } from '@backstage/catalog-model';

/** Where one PBC's AWS data lives: what a refresh depends on. */
export interface PbcPlacement {
  entityRef: string;
  accountId: string;
  region: string;
}

/** A fingerprint of a set of PBC placements, independent of order. */
export function fingerprintPlacements(placements: PbcPlacement[]): string {
  const lines = placements
    .map(p => `${p.entityRef}\t${p.accountId}\t${p.region}`)
    .sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

export type CatalogCheck =
  | 'requested'
  | 'unchanged'
  | 'already-requested'
  | 'catalog-failed'
  | 'request-failed';

/**
 * Starts a refresh when the catalog's set of PBCs differs from the set the
 * last refresh read, so that PBCs appear without waiting for the schedule
 * (the first scheduled refresh often runs before the catalog has processed
 * its locations, and the next one is an interval later).
 *
 * It compares only where each PBC's data lives (entity ref, account,
 * Region): a new, removed or moved PBC needs AWS data; a new title does not
 * and waits for the schedule. The state is per process: each replica asks
 * once per change, and queued requests are served together by one run.
 */
export class CatalogChangeWatcher {
  readonly #listPlacements: () => Promise<PbcPlacement[]>;
  readonly #onError: (error: unknown) => void;
  // The set the last refresh read; an empty set before any refresh, so that
  // an empty catalog at start asks for nothing.
  #loaded = fingerprintPlacements([]);
  #requested?: string;

  constructor(options: {
    /** The PBCs of the catalog, read cheaply (only the fields placement needs). */
    listPlacements: () => Promise<PbcPlacement[]>;
    onError?: (error: unknown) => void;
  }) {
    this.#listPlacements = options.listPlacements;
    this.#onError = options.onError ?? (() => {});
  }

  /** Told by the refresh which PBCs it read; returns them unchanged. */
  refreshLoaded<T extends PbcPlacement>(placements: T[]): T[] {
    this.#loaded = fingerprintPlacements(placements);
    if (this.#requested === this.#loaded) {
      this.#requested = undefined;
    }
    return placements;
  }

  /**
   * One poll of the catalog; calls `requestRefresh` (queue a refresh and
   * trigger the task) if its PBCs changed since the last refresh read them.
   */
  async check(requestRefresh: () => Promise<unknown>): Promise<CatalogCheck> {
    let current: string;
    try {
      current = fingerprintPlacements(await this.#listPlacements());
    } catch (error) {
      this.#onError(error);
      return 'catalog-failed';
    }
    if (current === this.#loaded) {
      this.#requested = undefined;
      return 'unchanged';
    }
    if (current === this.#requested) {
      return 'already-requested';
    }
    this.#requested = current;
    try {
      await requestRefresh();
    } catch (error) {
      // Asked again at the next poll.
      this.#requested = undefined;
      this.#onError(error);
      return 'request-failed';
    }
    return 'requested';
  }
}

/** The catalog fields a placement needs; the poll reads only these. */
export const PLACEMENT_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
];

/** Placements of the entities a target reader accepts. */
export function placementsOf(
  entities: Entity[],
  toPlacement: (entity: Entity) => PbcPlacement | undefined,
): PbcPlacement[] {
  const out: PbcPlacement[] = [];
  for (const entity of entities) {
    const placement = toPlacement(entity);
    if (placement) out.push(placement);
  }
  return out;
}
