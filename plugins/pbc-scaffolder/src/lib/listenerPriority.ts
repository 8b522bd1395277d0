import { createHash } from 'node:crypto';

/** Priorities below this are the platform's own listener rules (redirects, fixed responses). */
export const FIRST_PBC_PRIORITY = 100;
/** The ALB maximum. */
export const LAST_PBC_PRIORITY = 50_000;

/**
 * Priority of a public PBC's rule on the shared ALB listener: a hash of its name, so it is the
 * same on every render and needs no counter anywhere. The PBCs' path patterns are disjoint
 * (`/<name>` and `/<name>/*`), so the order between PBCs does not matter, only uniqueness: the
 * listener refuses a second rule with the same priority (the stack fails, nothing is shadowed),
 * and pbc:spec:validate refuses a public PBC whose priority another public PBC of the same
 * account and Region already has, so two PBCs from this portal never collide.
 */
export function listenerRulePriority(pbc: string): number {
  const hash = createHash('sha256').update(pbc).digest().readUInt32BE(0);
  return (
    FIRST_PBC_PRIORITY + (hash % (LAST_PBC_PRIORITY - FIRST_PBC_PRIORITY + 1))
  );
}

/** Path patterns of a public PBC on the shared listener. */
export function listenerPathPatterns(pbc: string): string[] {
  return [`/${pbc}`, `/${pbc}/*`];
}
