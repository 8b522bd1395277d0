import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { PBC_ANNOTATION } from '@pbc-portal/pbc-domain';
import { toPbcTarget } from '../domain/pbcs';
import {
  CatalogChangeWatcher,
  PbcPlacement,
  PLACEMENT_FIELDS,
  placementsOf,
} from './CatalogChangeWatcher';

/**
 * Watches the catalog's set of PBCs (see {@link CatalogChangeWatcher}); the
 * plugin polls it, the refresh tells it what it read.
 */
export const catalogChangeWatcherServiceRef =
  createServiceRef<CatalogChangeWatcher>({
    id: 'compliance-dashboard.catalog-watcher',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          auth: coreServices.auth,
          logger: coreServices.logger,
          catalog: catalogServiceRef,
        },
        async factory({ auth, logger, catalog }) {
          return new CatalogChangeWatcher({
            listPlacements: async () => {
              const credentials = await auth.getOwnServiceCredentials();
              const placements: PbcPlacement[] = [];
              for await (const page of catalog.streamEntities(
                {
                  filter: {
                    [`metadata.annotations.${PBC_ANNOTATION}`]:
                      CATALOG_FILTER_EXISTS,
                  },
                  fields: PLACEMENT_FIELDS,
                },
                { credentials },
              )) {
                // The refresh's own reading of an entity decides what is a
                // PBC, so that an invalid entity never looks like a change.
                placements.push(
                  ...placementsOf(page, entity => {
                    const result = toPbcTarget(entity);
                    return result.ok ? result.target : undefined;
                  }),
                );
              }
              return placements;
            },
            onError: error =>
              logger.warn(`Could not poll the catalog's PBCs: ${error}`),
          });
        },
      }),
  });
