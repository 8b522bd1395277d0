import { useRouteRef } from '@backstage/core-plugin-api';
import { legacyTechDocsEntityRouteRef } from '../routes';

/** The catalog entity whose TechDocs are the architecture series (`catalog-info.yaml`). */
const SERIES_ENTITY = {
  namespace: 'default',
  kind: 'component',
  name: 'architecture-docs',
};

/**
 * Where the series' TechDocs are in this app, e.g. `/docs/default/component/architecture-docs`;
 * `undefined` when the app binds no TechDocs route (the views then show titles without links).
 */
export function useSeriesDocsUrl(): string | undefined {
  const docRoot = useRouteRef(legacyTechDocsEntityRouteRef);
  return docRoot?.(SERIES_ENTITY);
}
