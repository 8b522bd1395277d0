import { useMemo } from 'react';
import { useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteParams } from '@backstage/plugin-catalog-react';
import {
  COMPLIANCE_TAB_PATH,
  legacyCatalogEntityRouteRef,
  legacyCreateComponentRouteRef,
  legacyRootRouteRef,
} from '../routes';

/** Where the dashboard's views link to, resolved from the app's routes. */
export interface ComplianceLinks {
  /**
   * The platform page, with an optional query such as `owner=group:default/payments-team`;
   * `undefined` when the app does not mount the page.
   */
  platformPage(search?: URLSearchParams): string | undefined;
  /** An entity's catalog page; `undefined` when the app binds no entity route or the ref is bad. */
  entityPage(entityRef: string): string | undefined;
  /** The compliance tab of a PBC or team entity. */
  complianceTab(entityRef: string): string | undefined;
  /** The template picker; `undefined` when the app has no scaffolder bound. */
  createPbc?: string;
}

// An app may use the entity tabs without the platform page (disabled in the new system, not
// mounted in a legacy app); the tabs then show no link to it instead of failing. useRouteRef
// runs all its hooks before it throws, so the hook order stays the same.
function useOptionalRootRoute(): (() => string) | undefined {
  try {
    return useRouteRef(legacyRootRouteRef);
  } catch {
    return undefined;
  }
}

export function useComplianceLinks(): ComplianceLinks {
  const root = useOptionalRootRoute();
  const entity = useRouteRef(legacyCatalogEntityRouteRef);
  const create = useRouteRef(legacyCreateComponentRouteRef);
  return useMemo(() => {
    const entityPage = (entityRef: string) => {
      if (!entity) return undefined;
      try {
        return entity(entityRouteParams(entityRef, { encodeParams: true }));
      } catch {
        return undefined;
      }
    };
    return {
      platformPage: search => {
        if (!root) return undefined;
        const query = search?.toString();
        return query ? `${root()}?${query}` : root();
      },
      entityPage,
      complianceTab: entityRef => {
        const page = entityPage(entityRef);
        return page && `${page.replace(/\/+$/, '')}/${COMPLIANCE_TAB_PATH}`;
      },
      createPbc: create?.(),
    };
  }, [root, entity, create]);
}
