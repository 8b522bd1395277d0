import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { readFile } from 'node:fs/promises';
import yaml from 'yaml';

/**
 * The entity ref a catalog-info file declares: its Component if it has one, else its first
 * entity. Read from the file itself so the output does not depend on when the catalog gets
 * round to processing the new location.
 */
export async function readEntityRef(file: string): Promise<string> {
  const text = await readFile(file, 'utf8');
  const entities = yaml
    .parseAllDocuments(text)
    .map(doc => doc.toJS() as unknown)
    .filter(
      (
        value,
      ): value is {
        kind: string;
        metadata: { name: string; namespace?: string };
      } =>
        typeof value === 'object' &&
        value !== null &&
        typeof (value as any).kind === 'string' &&
        typeof (value as any).metadata?.name === 'string',
    );
  const entity =
    entities.find(e => e.kind.toLocaleLowerCase('en-US') === 'component') ??
    entities[0];
  if (!entity) {
    throw new InputError(`catalogInfoPath: no catalog entity found in ${file}`);
  }
  return stringifyEntityRef({
    kind: entity.kind,
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  });
}
