/**
 * Decides which PBCs the caller may read; built per request by the router
 * from the permission decision.
 */
export interface PbcAccess {
  /**
   * The refs among `pbcs` the caller may read, or `all` when the decision
   * needs no look at the PBCs (an ALLOW).
   */
  allowedRefs(
    pbcs: ReadonlyArray<{ entityRef: string }>,
  ): Promise<Set<string> | 'all'>;
}

export const allows = (allowed: Set<string> | 'all', entityRef: string) =>
  allowed === 'all' || allowed.has(entityRef);
