import {
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  AWS_ACCOUNT_ID_ANNOTATION,
  AWS_REGION_ANNOTATION,
  CONFORMANCE_PACK_ANNOTATION,
  PBC_ANNOTATION,
  PCI_SCOPE_ANNOTATION,
} from '@pbc-portal/pbc-domain';
import { defaultConformancePackName } from '@pbc-portal/plugin-compliance-dashboard-common';

/** A catalog entity the dashboard reads AWS data for. */
export interface PbcTarget {
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  /** Value of the `pbc` tag on its resources. */
  pbc: string;
  accountId: string;
  region: string;
  conformancePack: string;
  pciScope: boolean;
  owner?: string;
  system?: string;
  /** Where the catalog read the entity from (its origin location ref), for the identity decision. */
  origin?: string;
}

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const PBC_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export type PbcTargetResult =
  | { ok: true; target: PbcTarget }
  | { ok: false; entityRef: string; reason: string };

function relationTarget(entity: Entity, type: string): string | undefined {
  return entity.relations?.find(r => r.type === type)?.targetRef;
}

function specRef(
  entity: Entity,
  key: 'owner' | 'system',
  defaultKind: string,
): string | undefined {
  const value = entity.spec?.[key];
  if (typeof value !== 'string' || !value) {
    return undefined;
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(value, {
        defaultKind,
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/** Reads a PBC from a catalog entity, or says why it cannot. */
export function toPbcTarget(entity: Entity): PbcTargetResult {
  const entityRef = stringifyEntityRef(entity);
  const annotations = entity.metadata.annotations ?? {};
  const pbc = annotations[PBC_ANNOTATION]?.trim();
  const accountId = annotations[AWS_ACCOUNT_ID_ANNOTATION]?.trim();
  const region = annotations[AWS_REGION_ANNOTATION]?.trim();
  if (!pbc || !PBC_NAME.test(pbc)) {
    return {
      ok: false,
      entityRef,
      reason: `invalid ${PBC_ANNOTATION} '${pbc ?? ''}'`,
    };
  }
  if (!accountId || !ACCOUNT_ID.test(accountId)) {
    return {
      ok: false,
      entityRef,
      reason: `missing or invalid ${AWS_ACCOUNT_ID_ANNOTATION} (12 digits)`,
    };
  }
  if (!region || !REGION.test(region)) {
    return {
      ok: false,
      entityRef,
      reason: `missing or invalid ${AWS_REGION_ANNOTATION}`,
    };
  }
  const owner =
    relationTarget(entity, RELATION_OWNED_BY) ??
    specRef(entity, 'owner', 'group');
  const system =
    specRef(entity, 'system', 'system') ??
    entity.relations?.find(
      r => r.type === RELATION_PART_OF && r.targetRef.startsWith('system:'),
    )?.targetRef;

  return {
    ok: true,
    target: {
      entityRef,
      kind: entity.kind,
      namespace: entity.metadata.namespace ?? 'default',
      name: entity.metadata.name,
      title: entity.metadata.title,
      pbc,
      accountId,
      region,
      conformancePack:
        annotations[CONFORMANCE_PACK_ANNOTATION]?.trim() ||
        defaultConformancePackName(pbc),
      pciScope: annotations[PCI_SCOPE_ANNOTATION]?.trim() === 'true',
      owner,
      system,
      ...(annotations[ANNOTATION_ORIGIN_LOCATION]
        ? { origin: annotations[ANNOTATION_ORIGIN_LOCATION] }
        : {}),
    },
  };
}
