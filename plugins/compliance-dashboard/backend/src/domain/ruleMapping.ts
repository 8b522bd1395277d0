import {
  CONTROLS,
  configRulesOf,
  controlsForConfigRule,
} from '@pbc-portal/pbc-domain';
import { ConfigRuleInfo } from '../aws/types';

const CONTROL_ID_IN_NAME = /pbc-(iam|net|msg|data|edge|obs|gov)-\d{2}/i;

// Managed rules deployed from the console or a conformance pack are named
// after their identifier in kebab case, e.g. `dynamodb-pitr-enabled` or
// `dynamodb-pitr-enabled-conformance-pack-x1y2z3`.
const byKebabName: Array<[string, string[]]> = (() => {
  const map = new Map<string, Set<string>>();
  for (const control of CONTROLS) {
    for (const rule of configRulesOf(control)) {
      const kebab = rule.identifier.toLowerCase().replace(/_/g, '-');
      if (!map.has(kebab)) map.set(kebab, new Set());
      map.get(kebab)!.add(control.id);
    }
  }
  // Longest first, so that `s3-bucket-level-public-access-prohibited` wins
  // over a shorter prefix.
  return [...map.entries()]
    .map(([k, v]): [string, string[]] => [k, [...v]])
    .sort((a, b) => b[0].length - a[0].length);
})();

/**
 * The controls an AWS Config rule evaluates: by its managed rule identifier;
 * for custom rules by a control id in its name (`pbc-net-07-...`); else by a
 * managed rule name in its name.
 */
export function controlIdsForRule(rule: ConfigRuleInfo): string[] {
  if (rule.sourceIdentifier) {
    const controls = controlsForConfigRule(rule.sourceIdentifier);
    if (controls.length > 0) {
      return controls.map(c => c.id);
    }
  }
  const idInName = rule.name.match(CONTROL_ID_IN_NAME);
  if (idInName) {
    const id = idInName[0].toUpperCase();
    if (CONTROLS.some(c => c.id === id)) {
      return [id];
    }
  }
  // Aggregator APIs give names only: `DYNAMODB_PITR_ENABLED` and
  // `dynamodb-pitr-enabled-conformance-pack-x1` both name the managed rule.
  const lower = rule.name.toLowerCase().replace(/_/g, '-');
  for (const [kebab, ids] of byKebabName) {
    if (lower === kebab || lower.startsWith(`${kebab}-`)) {
      return ids;
    }
  }
  return [];
}
