import {
  DATA_STORES,
  EXPOSURES,
  PBC_SPEC_FIELD_DESCRIPTIONS as describe,
} from '@pbc-portal/pbc-domain';
import type { z } from 'zod/v3';

/** The zod the scaffolder hands to an action's schema callbacks: it builds the JSON schema. */
type Zod = typeof z;

/**
 * The fields of a PBC spec as action input, typed and described from the domain's spec. The
 * form's rules are enforced by parsePbcSpec in the handler; these give the action's JSON schema
 * and its documentation.
 */
export const pbcSpecInputFields = {
  name: (z: Zod) => z.string().describe(describe.name),
  description: (z: Zod) => z.string().describe(describe.description),
  owner: (z: Zod) => z.string().describe(describe.owner),
  system: (z: Zod) => z.string().describe(describe.system),
  dataStore: (z: Zod) => z.enum(DATA_STORES).describe(describe.dataStore),
  publishes: (z: Zod) =>
    z.array(z.string()).optional().describe(describe.publishes),
  consumes: (z: Zod) =>
    z.array(z.string()).optional().describe(describe.consumes),
  pciScope: (z: Zod) => z.boolean().optional().describe(describe.pciScope),
  exposure: (z: Zod) => z.enum(EXPOSURES).describe(describe.exposure),
  awsAccountId: (z: Zod) => z.string().describe(describe.awsAccountId),
  awsRegion: (z: Zod) => z.string().describe(describe.awsRegion),
};

/** The spec as one object, e.g. pbc:spec:validate's output and pbc:infrastructure:render's input. */
export function pbcSpecObject(z: Zod) {
  return z.object({
    name: pbcSpecInputFields.name(z),
    description: pbcSpecInputFields.description(z),
    owner: pbcSpecInputFields.owner(z),
    system: pbcSpecInputFields.system(z),
    dataStore: pbcSpecInputFields.dataStore(z),
    publishes: pbcSpecInputFields.publishes(z),
    consumes: pbcSpecInputFields.consumes(z),
    pciScope: pbcSpecInputFields.pciScope(z),
    exposure: pbcSpecInputFields.exposure(z),
    awsAccountId: pbcSpecInputFields.awsAccountId(z),
    awsRegion: pbcSpecInputFields.awsRegion(z),
  });
}
