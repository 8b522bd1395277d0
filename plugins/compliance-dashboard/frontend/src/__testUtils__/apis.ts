// Test-only API doubles.
import type { PermissionApi } from '@backstage/plugin-permission-react';
import { complianceDashboardRefreshPermission } from '@pbc-portal/plugin-compliance-dashboard-common';

type Decision = Awaited<ReturnType<PermissionApi['authorize']>>;
// AuthorizeResult's values; the enum lives in a package this one does not depend on.
const ALLOW = { result: 'ALLOW' } as Decision;
const DENY = { result: 'DENY' } as Decision;

/** Allows reading; allows refreshing only when asked to; denies the permissions named in `deny`. */
export function permissionApi({
  canRefresh,
  deny = [],
}: {
  canRefresh: boolean;
  deny?: string[];
}): PermissionApi {
  return {
    async authorize(request) {
      if (deny.includes(request.permission.name)) return DENY;
      const refresh =
        request.permission.name === complianceDashboardRefreshPermission.name;
      return refresh && !canRefresh ? DENY : ALLOW;
    },
  };
}

/**
 * `usePermission` without its process-wide SWR cache, for `jest.mock`: the
 * real hook keeps one answer per permission for the whole test file, so a
 * test that denies refreshing would leak into the next one that allows it.
 */
export function mockUncachedUsePermission() {
  const actual = jest.requireActual('@backstage/plugin-permission-react');
  const { useApi } = jest.requireActual('@backstage/core-plugin-api');
  const useAsync = jest.requireActual('react-use/esm/useAsync').default;
  return {
    ...actual,
    usePermission(input: Parameters<PermissionApi['authorize']>[0]) {
      const api: PermissionApi = useApi(actual.permissionApiRef);
      const state = useAsync(() => api.authorize(input), [api]);
      if (state.error)
        return { loading: false, allowed: false, error: state.error };
      if (!state.value) return { loading: true, allowed: false };
      return { loading: false, allowed: state.value.result === 'ALLOW' };
    },
  };
}
