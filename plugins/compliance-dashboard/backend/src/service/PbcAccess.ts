import { Entity } from '@backstage/catalog-model';

/**
 * Decides which PBCs the caller may read; built per request by the router
 * from the permission decision.
 */
export interface PbcAccess {
  /**
   * Set when the answer depends only on the decision and the entities (not
   * on a call per PBC): the read model then computes it once per snapshot.
   */
  cacheKey?: string;
  /** `all` when the decision needs no look at the PBCs (an ALLOW). */
  allowedRefs(
    pbcs: Array<{ entityRef: string; entity: Entity }>,
  ): Promise<Set<string> | 'all'>;
}

export const allows = (allowed: Set<string> | 'all', entityRef: string) =>
  allowed === 'all' || allowed.has(entityRef);
