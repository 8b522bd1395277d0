import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, RELATION_OWNED_BY } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  PermissionCondition,
  PermissionCriteria,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { complianceDashboardReadPermission } from '@pbc-portal/plugin-compliance-dashboard-common';
import { PbcAccess } from '../service/PbcAccess';

type Params = Record<string, unknown> | undefined;
type EntityRule = (entity: Entity, params: Params) => boolean;

const strings = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];

function matchesKeyValue(
  record: Record<string, string> | undefined,
  key: unknown,
  value: unknown,
): boolean {
  if (!record || typeof key !== 'string') return false;
  const lowerKey = key.toLowerCase();
  return Object.entries(record).some(
    ([k, v]) =>
      k.toLowerCase() === lowerKey &&
      (value === undefined ||
        (typeof value === 'string' && v.toLowerCase() === value.toLowerCase())),
  );
}

/**
 * The catalog's basic permission rules, evaluated in memory on the entity
 * the last refresh read. Same meaning as the catalog's own rules; conditions
 * using any other rule are sent to the permission backend instead.
 */
const CATALOG_RULES: Record<string, EntityRule> = {
  IS_ENTITY_KIND: (entity, params) =>
    strings(params?.kinds).some(
      k => k.toLowerCase() === entity.kind.toLowerCase(),
    ),
  IS_ENTITY_OWNER: (entity, params) => {
    const claims = strings(params?.claims);
    return (entity.relations ?? []).some(
      r => r.type === RELATION_OWNED_BY && claims.includes(r.targetRef),
    );
  },
  HAS_ANNOTATION: (entity, params) =>
    matchesKeyValue(
      entity.metadata.annotations,
      params?.annotation,
      params?.value,
    ),
  HAS_LABEL: (entity, params) =>
    matchesKeyValue(entity.metadata.labels, params?.label, params?.value),
};

function rulesIn(criteria: PermissionCriteria<PermissionCondition>): string[] {
  if ('allOf' in criteria) return criteria.allOf.flatMap(rulesIn);
  if ('anyOf' in criteria) return criteria.anyOf.flatMap(rulesIn);
  if ('not' in criteria) return rulesIn(criteria.not);
  return [criteria.rule];
}

function evaluate(
  criteria: PermissionCriteria<PermissionCondition>,
  entity: Entity,
): boolean {
  if ('allOf' in criteria)
    return criteria.allOf.every(c => evaluate(c, entity));
  if ('anyOf' in criteria) return criteria.anyOf.some(c => evaluate(c, entity));
  if ('not' in criteria) return !evaluate(criteria.not, entity);
  return CATALOG_RULES[criteria.rule](entity, criteria.params as Params);
}

// The permission backend takes batches; 250 refs keep each request small.
const AUTHORIZE_BATCH = 250;

/**
 * What the caller may read, from one conditional decision on
 * `compliance-dashboard.read`:
 *
 * - ALLOW: every PBC; DENY: none (the router answers 403);
 * - CONDITIONAL with the catalog's basic rules: evaluated here on each PBC's
 *   entity (one permission call per request, whatever the number of PBCs);
 * - CONDITIONAL with other rules: each PBC's ref is authorized by the
 *   permission backend (which asks the catalog), in batches.
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

  if (decision.result !== AuthorizeResult.CONDITIONAL) {
    return decision.result === AuthorizeResult.ALLOW
      ? {
          denied: false,
          access: {
            cacheKey: 'all',
            allowedRefs: async () => 'all' as const,
          },
        }
      : { denied: true };
  }

  const conditions = decision.conditions;
  const inMemory =
    decision.resourceType === 'catalog-entity' &&
    rulesIn(conditions).every(rule => rule in CATALOG_RULES);
  if (inMemory) {
    return {
      denied: false,
      access: {
        // The same conditions on the same snapshot give the same answer.
        cacheKey: JSON.stringify(conditions),
        allowedRefs: async pbcs =>
          new Set(
            pbcs
              .filter(p => evaluate(conditions, p.entity))
              .map(p => p.entityRef),
          ),
      },
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
