import { TEMPLATE_VERSION_ANNOTATION } from '@pbc-portal/pbc-domain';
import yaml from 'yaml';

const LINE = new RegExp(
  `^(\\s+${TEMPLATE_VERSION_ANNOTATION.replace(
    /[.*+?^${}()|[\]\\/]/g,
    '\\$&',
  )}:[ \\t]*)(\\S.*?)?[ \\t]*$`,
  'm',
);

/**
 * `catalog-info.yaml` with its patterns-version annotation set to `version`, changing that one
 * line only (the rest of the file belongs to the team). Undefined when the file has no such
 * line or the edit would not leave the annotation reading `version`.
 */
export function withTemplateVersion(
  catalogInfo: string,
  version: string,
): string | undefined {
  if (!LINE.test(catalogInfo)) {
    return undefined;
  }
  const edited = catalogInfo.replace(
    LINE,
    (_match, prefix: string) => `${prefix}${JSON.stringify(version)}`,
  );
  try {
    const documents = yaml.parseAllDocuments(edited).map(doc => doc.toJS());
    const annotated = documents.some(
      entity =>
        entity?.metadata?.annotations?.[TEMPLATE_VERSION_ANNOTATION] ===
        version,
    );
    return annotated ? edited : undefined;
  } catch {
    return undefined;
  }
}
