import { isDeepStrictEqual } from 'node:util';
import yaml from 'yaml';

/** Logical ids of CloudFormation resources a re-render adds, removes or changes. */
export interface ResourceDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

function resourcesOf(template: unknown): Record<string, unknown> {
  const resources = (template as { Resources?: unknown } | undefined)
    ?.Resources;
  return resources && typeof resources === 'object'
    ? (resources as Record<string, unknown>)
    : {};
}

/**
 * Compares the Resources of the committed template (YAML text; undefined when there was none)
 * with the re-rendered one, resource by resource.
 */
export function diffResources(
  beforeYaml: string | undefined,
  after: Record<string, unknown>,
): ResourceDiff {
  // YAML 1.1, as the render writes it and CloudFormation reads it.
  const before = resourcesOf(
    beforeYaml === undefined
      ? undefined
      : yaml.parse(beforeYaml, { version: '1.1' }),
  );
  const now = resourcesOf(after);
  const sorted = (ids: string[]) => ids.sort();
  return {
    added: sorted(Object.keys(now).filter(id => !(id in before))),
    removed: sorted(Object.keys(before).filter(id => !(id in now))),
    changed: sorted(
      Object.keys(now).filter(
        id => id in before && !isDeepStrictEqual(before[id], now[id]),
      ),
    ),
  };
}

/** Control ids that apply after a re-render and did not before, and the reverse. */
export function diffControls(
  before: string[],
  after: string[],
): { added: string[]; removed: string[] } {
  return {
    added: after.filter(id => !before.includes(id)).sort(),
    removed: before.filter(id => !after.includes(id)).sort(),
  };
}

/** The `controls` of a committed `infrastructure/validation.json`; [] when unreadable. */
export function controlsOfReport(reportJson: string | undefined): string[] {
  if (reportJson === undefined) {
    return [];
  }
  try {
    const controls = (JSON.parse(reportJson) as { controls?: unknown })
      .controls;
    return Array.isArray(controls)
      ? controls.filter((id): id is string => typeof id === 'string')
      : [];
  } catch {
    return [];
  }
}
