import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { PbcIdentityConflict } from '@pbc-portal/plugin-compliance-dashboard-common';
import { decideIdentities, IdentityPolicy } from '../domain/identity';
import { PbcTarget } from '../domain/pbcs';
import { loadPbcsFromCatalog } from './catalogPbcs';

/**
 * The PBCs the dashboard reads AWS for, after the identity decision: the refresh gets only the
 * authoritative claims, and the conflicts are read live from the catalog so that every replica
 * shows the same list without storing it.
 */
export function createPbcIdentityLoader(options: {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  policy: IdentityPolicy;
}): {
  targets(): Promise<PbcTarget[]>;
  conflicts(): Promise<PbcIdentityConflict[]>;
} {
  const { catalog, auth, logger, policy } = options;
  const decide = async () =>
    decideIdentities(await loadPbcsFromCatalog(catalog, auth, logger), policy);
  return {
    async targets() {
      const { targets, conflicts } = await decide();
      for (const conflict of conflicts) {
        logger.warn(`PBC identity conflict, not read: ${conflict.message}`);
      }
      return targets;
    },
    async conflicts() {
      return (await decide()).conflicts;
    },
  };
}
