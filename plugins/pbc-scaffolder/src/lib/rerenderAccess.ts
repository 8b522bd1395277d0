import type {
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { isPbcEntity, PBC_ANNOTATION } from '@pbc-portal/pbc-domain';
import { checkInitiatorMayOwn } from './initiator';

const SOURCE_LOCATION_ANNOTATION = 'backstage.io/source-location';

/** The PBC whose repository a re-render may touch, as the catalog records it. */
export interface RerenderTarget {
  entityRef: string;
  owner: string;
  /** The entity's source-location annotation; undefined means its local repository. */
  sourceLocation?: string;
}

/** The one PBC entity of that name; two would leave it open which owner decides. */
async function findPbcEntity(
  name: string,
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<Entity> {
  const { items } = await catalog.getEntities(
    {
      filter: {
        kind: 'Component',
        [`metadata.annotations.${PBC_ANNOTATION}`]: name,
      },
    },
    { credentials },
  );
  const found = items.filter(
    entity =>
      isPbcEntity(entity) &&
      entity.metadata.annotations?.[PBC_ANNOTATION]?.trim() === name,
  );
  if (found.length === 0) {
    throw new NotFoundError(`name: no PBC named '${name}' in the catalog`);
  }
  if (found.length > 1) {
    throw new ConflictError(
      `name: more than one catalog entity claims PBC '${name}' (${found
        .map(entity => stringifyEntityRef(entity))
        .join(', ')}); remove all but one`,
    );
  }
  return found[0];
}

/**
 * Whom and where a re-render acts for: the PBC's catalog entity, read with the initiator's
 * credentials, decides the repository, and only a member of its owner group (or of a platform
 * group) may change it. Without this a direct call to the scaffolder API could point the action
 * at any repository the GitHub integration reaches.
 */
export async function authorizeRerender(
  name: string,
  options: {
    /** From the task input; must equal the catalog's when given. */
    sourceLocation?: string;
    catalog: CatalogService;
    credentials: BackstageCredentials;
    userInfo: Pick<UserInfoService, 'getUserInfo'>;
    platformGroups: string[];
  },
): Promise<RerenderTarget> {
  const { credentials } = options;
  const entity = await findPbcEntity(name, options.catalog, credentials);
  const entityRef = stringifyEntityRef(entity);
  const ownerText = entity.spec?.owner;
  if (typeof ownerText !== 'string' || !ownerText.trim()) {
    throw new InputError(`${entityRef} has no spec.owner in the catalog`);
  }
  // A bare owner means a group in the entity's namespace, as the catalog reads it.
  const owner = stringifyEntityRef(
    parseEntityRef(ownerText.trim(), {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    }),
  );
  await checkInitiatorMayOwn(owner, {
    credentials,
    userInfo: options.userInfo,
    platformGroups: options.platformGroups,
  });

  const recorded =
    entity.metadata.annotations?.[SOURCE_LOCATION_ANNOTATION]?.trim() ||
    undefined;
  const given = options.sourceLocation?.trim() || undefined;
  if (given !== undefined && given !== recorded) {
    throw new InputError(
      `sourceLocation: '${given}' is not the source location of ${entityRef} in the catalog (${
        recorded ?? 'none: its local repository'
      }); omit it, the action reads it from the catalog`,
    );
  }
  return { entityRef, owner, sourceLocation: recorded };
}
