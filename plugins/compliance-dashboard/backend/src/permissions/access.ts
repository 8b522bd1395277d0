import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { complianceDashboardReadPermission } from '@pbc-portal/plugin-compliance-dashboard-common';
import { PbcAccess } from '../service/PbcAccess';

// The permission backend takes batches; 250 refs keep each request small.
const AUTHORIZE_BATCH = 250;

/**
 * What the caller may read, from one conditional decision on
 * `compliance-dashboard.read`:
 *
 * - ALLOW: every PBC; DENY: none (the router answers 403);
 * - CONDITIONAL: each PBC's entity ref is authorized by the permission
 *   backend, in batches. It applies the conditions through the catalog, with
 *   the catalog's own rules on the entity as the catalog holds it now: a
 *   change of owner counts at once, not at the next refresh.
 */
export async function resolvePbcAccess(options: {
  permissions: PermissionsService;
  credentials: BackstageCredentials;
}): Promise<{ denied: true } | { denied: false; access: PbcAccess }> {
  const { permissions, credentials } = options;
  const [decision] = (await permissions.authorizeConditional(
    [{ permission: complianceDashboardReadPermission }],
    { credentials },
  )) as PolicyDecision[];

  if (decision.result === AuthorizeResult.DENY) {
    return { denied: true };
  }
  if (decision.result === AuthorizeResult.ALLOW) {
    return {
      denied: false,
      access: { allowedRefs: async () => 'all' as const },
    };
  }
  return {
    denied: false,
    access: {
      allowedRefs: async pbcs => {
        const allowed = new Set<string>();
        for (let i = 0; i < pbcs.length; i += AUTHORIZE_BATCH) {
          const batch = pbcs.slice(i, i + AUTHORIZE_BATCH);
          const answers = await permissions.authorize(
            batch.map(p => ({
              permission: complianceDashboardReadPermission,
              resourceRef: p.entityRef,
            })),
            { credentials },
          );
          answers.forEach((answer, j) => {
            if (answer.result === AuthorizeResult.ALLOW) {
              allowed.add(batch[j].entityRef);
            }
          });
        }
        return allowed;
      },
    },
  };
}

/** Whether the caller may read one PBC (the permission backend decides). */
export async function canReadPbc(options: {
  permissions: PermissionsService;
  credentials: BackstageCredentials;
  entityRef: string;
}): Promise<boolean> {
  const [answer] = await options.permissions.authorize(
    [
      {
        permission: complianceDashboardReadPermission,
        resourceRef: options.entityRef,
      },
    ],
    { credentials: options.credentials },
  );
  return answer.result === AuthorizeResult.ALLOW;
}
