import { PBC_ANNOTATION } from './annotations';

/**
 * The parts of a catalog entity that decide whether it is a PBC. Structural, so that this
 * package needs no catalog dependency; a `@backstage/catalog-model` `Entity` fits it.
 *
 * @public
 */
export interface PbcEntityCandidate {
  kind: string;
  metadata: { annotations?: Record<string, string> };
}

/**
 * Whether an entity is a PBC: a Component whose `pbc-portal.io/pbc` annotation has a non-blank
 * value. The scaffolder only ever writes the annotation on a Component, so other kinds that
 * carry it (an API, a Resource) are parts of a PBC, not the PBC. Kinds compare case-insensitively,
 * as the catalog compares them.
 *
 * @public
 */
export function isPbcEntity(entity: PbcEntityCandidate): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    Boolean(entity.metadata.annotations?.[PBC_ANNOTATION]?.trim())
  );
}
