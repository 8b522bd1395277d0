import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { TEMPLATE_VERSION_ANNOTATION } from '@pbc-portal/pbc-domain';
import useAsync from 'react-use/esm/useAsync';

/**
 * The patterns version each PBC on the page records in the catalog, by entity ref. Read from
 * the catalog (one request for the page's rows) because the compliance summaries do not carry
 * it; undefined while loading or when the app has no catalog API.
 */
export function usePatternsVersions(
  entityRefs: string[],
): Map<string, string | undefined> | undefined {
  const apiHolder = useApiHolder();
  const key = entityRefs.join('\n');
  const { value } = useAsync(async () => {
    const catalogApi = apiHolder.get(catalogApiRef);
    if (!catalogApi || entityRefs.length === 0) return undefined;
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs,
      fields: [
        'kind',
        'metadata.namespace',
        'metadata.name',
        // Whole: a field path cannot name an annotation key that contains dots.
        'metadata.annotations',
      ],
    });
    const versions = new Map<string, string | undefined>();
    for (const entity of items) {
      if (entity) {
        versions.set(
          stringifyEntityRef(entity),
          entity.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION],
        );
      }
    }
    return versions;
    // The refs' joined key stands for the array, which is a new object on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [apiHolder, key]);
  return value;
}
