import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { isPbcEntity, PBC_ANNOTATION } from '@pbc-portal/pbc-domain';
import { PbcTarget, toPbcTarget } from '../domain/pbcs';

/** Reads the PBC entities from the catalog with the plugin's own credentials. */
export async function loadPbcsFromCatalog(
  catalog: CatalogService,
  auth: AuthService,
  logger: LoggerService,
): Promise<PbcTarget[]> {
  const credentials = await auth.getOwnServiceCredentials();
  const targets: PbcTarget[] = [];
  for await (const page of catalog.streamEntities(
    {
      filter: {
        kind: 'Component',
        [`metadata.annotations.${PBC_ANNOTATION}`]: CATALOG_FILTER_EXISTS,
      },
    },
    { credentials },
  )) {
    for (const entity of page) {
      // The one answer to "is this a PBC" (a blank annotation is not one either).
      if (!isPbcEntity(entity)) continue;
      const result = toPbcTarget(entity);
      if (result.ok) {
        targets.push(result.target);
      } else {
        logger.warn(`Skipping ${result.entityRef}: ${result.reason}`);
      }
    }
  }
  return targets;
}
