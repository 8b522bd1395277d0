import { Config } from '@backstage/config';
import type { PbcIdentityConflict } from '@pbc-portal/plugin-compliance-dashboard-common';
import path from 'node:path';
import { PbcTarget } from './pbcs';

/**
 * Where a PBC's entity may come from. Findings are attributed to a PBC by its `pbc` tag and
 * account, so whoever can put an entity with those annotations into the catalog would read
 * that PBC's data under their own ownership; an entity is only believed when its origin
 * location is one that can speak for the tag.
 */
export interface IdentityPolicy {
  /**
   * Location refs (`file:/abs/path`, `url:https://...`) whose entities may claim any tag: the
   * operator's own catalog files. An entry ending in `/` matches every location below it.
   */
  trustedLocations: string[];
  /**
   * Location-ref prefixes of the repositories the scaffolder publishes, with `{pbc}` standing
   * for the tag: an entity from `.../repos/payment/...` may claim `payment` and nothing else.
   */
  repositories: string[];
}

/** How far a claim's origin is believed, strongest first. */
export type ClaimStanding = 'trusted' | 'repository' | 'untrusted';

const PBC_PLACEHOLDER = '{pbc}';

function withSlash(prefix: string): string {
  return prefix.endsWith('/') ? prefix : `${prefix}/`;
}

/** `file:` refs are compared as absolute paths, as the catalog records them. */
function normalizeLocationRef(ref: string): string {
  const trimmed = ref.trim();
  if (trimmed.startsWith('file:')) {
    const target = trimmed.slice('file:'.length);
    const resolved = path.resolve(target);
    return `file:${
      target.endsWith('/') && !resolved.endsWith('/')
        ? `${resolved}/`
        : resolved
    }`;
  }
  return trimmed;
}

function matchesLocation(origin: string, entry: string): boolean {
  return entry.endsWith('/') ? origin.startsWith(entry) : origin === entry;
}

/** The standing of one claim under the policy. */
export function claimStanding(
  target: Pick<PbcTarget, 'pbc' | 'origin'>,
  policy: IdentityPolicy,
): ClaimStanding {
  if (!target.origin) return 'untrusted';
  const origin = normalizeLocationRef(target.origin);
  if (policy.trustedLocations.some(entry => matchesLocation(origin, entry))) {
    return 'trusted';
  }
  const fromOwnRepository = policy.repositories.some(pattern =>
    origin.startsWith(
      withSlash(pattern.split(PBC_PLACEHOLDER).join(target.pbc)),
    ),
  );
  return fromOwnRepository ? 'repository' : 'untrusted';
}

const STANDING_RANK: Record<ClaimStanding, number> = {
  trusted: 0,
  repository: 1,
  untrusted: 2,
};

export interface IdentityDecision {
  /** One target per tag and account: the authoritative claim. */
  targets: PbcTarget[];
  /** Every other claim, with the reason it is not believed. */
  conflicts: PbcIdentityConflict[];
}

/**
 * Decides, per `pbc` tag and AWS account, which entity the data belongs to. Claims from an
 * origin that may not speak for the tag are never authoritative. Among the others a trusted
 * location wins over a PBC's repository, and a tie (two entities in the operator's files, or
 * in the same repository) goes to the smallest entity ref, so every replica and every refresh
 * decides alike. The decision depends only on the claims, not on the order the catalog lists
 * them in.
 */
export function decideIdentities(
  claims: PbcTarget[],
  policy: IdentityPolicy,
): IdentityDecision {
  const groups = new Map<string, PbcTarget[]>();
  for (const claim of claims) {
    const key = `${claim.pbc}\u0000${claim.accountId}`;
    groups.set(key, [...(groups.get(key) ?? []), claim]);
  }
  const targets: PbcTarget[] = [];
  const conflicts: PbcIdentityConflict[] = [];
  for (const group of groups.values()) {
    const ranked = group
      .map(claim => ({ claim, standing: claimStanding(claim, policy) }))
      .sort(
        (a, b) =>
          STANDING_RANK[a.standing] - STANDING_RANK[b.standing] ||
          a.claim.entityRef.localeCompare(b.claim.entityRef),
      );
    const winner = ranked[0].standing === 'untrusted' ? undefined : ranked[0];
    if (winner) targets.push(winner.claim);
    for (const { claim, standing } of ranked) {
      if (claim === winner?.claim) continue;
      const base = {
        entityRef: claim.entityRef,
        pbc: claim.pbc,
        accountId: claim.accountId,
        ...(claim.origin ? { origin: claim.origin } : {}),
        ...(claim.owner ? { owner: claim.owner } : {}),
      };
      conflicts.push(
        standing === 'untrusted'
          ? {
              ...base,
              reason: 'untrusted-origin',
              message: `${claim.entityRef} claims PBC tag '${claim.pbc}' from ${
                claim.origin ?? 'an unknown location'
              }, which is neither a trusted location nor the repository published for '${
                claim.pbc
              }'`,
              ...(winner ? { authoritativeRef: winner.claim.entityRef } : {}),
            }
          : {
              ...base,
              reason: 'duplicate-claim',
              message: `${claim.entityRef} claims PBC tag '${
                claim.pbc
              }' in account ${claim.accountId}, which ${
                winner!.claim.entityRef
              } already holds`,
              authoritativeRef: winner!.claim.entityRef,
            },
      );
    }
  }
  conflicts.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
  return { targets, conflicts };
}

const DEFAULT_REPOS_DIRECTORY = '../../.tooling/data/repos';

/**
 * The policy from config:
 * - trusted: every static `catalog.locations` entry (the operator's files) and
 *   `pbcPortal.identity.trustedLocations`;
 * - repositories: `pbcPortal.identity.repositories`, and the local publish folder's
 *   `<directory>/{pbc}/` when `pbcScaffolder.localPublish.enabled`.
 */
export function readIdentityPolicy(config: Config): IdentityPolicy {
  const staticLocations = (
    config.getOptionalConfigArray('catalog.locations') ?? []
  ).map(location => {
    const type = location.getString('type');
    const target = location.getString('target');
    return type === 'file'
      ? `file:${path.resolve(target)}`
      : `${type}:${target}`;
  });
  const trustedLocations = [
    ...staticLocations,
    ...(config.getOptionalStringArray('pbcPortal.identity.trustedLocations') ??
      []),
  ].map(normalizeLocationRef);

  const repositories = (
    config.getOptionalStringArray('pbcPortal.identity.repositories') ?? []
  ).map(normalizeLocationRef);
  if (config.getOptionalBoolean('pbcScaffolder.localPublish.enabled')) {
    const directory =
      config.getOptionalString('pbcScaffolder.localPublish.directory') ??
      DEFAULT_REPOS_DIRECTORY;
    repositories.push(
      `file:${path.join(path.resolve(directory), PBC_PLACEHOLDER)}/`,
    );
  }
  for (const pattern of repositories) {
    if (!pattern.includes(PBC_PLACEHOLDER)) {
      throw new Error(
        `Invalid config pbcPortal.identity.repositories: '${pattern}' has no ${PBC_PLACEHOLDER}; a repository may only speak for its own PBC`,
      );
    }
  }
  return { trustedLocations, repositories };
}
