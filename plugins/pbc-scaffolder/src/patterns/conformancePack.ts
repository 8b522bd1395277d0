import {
  ConfigRuleRef,
  PLATFORM_NAMES,
  Control,
  PBC_TAG_KEY,
  configRulesOf,
  controlsForPbc,
  conformancePackName,
  fitName,
  partitionOf,
  PATTERNS_VERSION,
} from '@pbc-portal/pbc-domain';
import { stringify } from 'yaml';
import type { PbcSpec } from '@pbc-portal/pbc-domain';
import { pascalCase } from './names';

/** One AWS Config managed rule of a PBC's conformance pack. */
export interface ConformancePackRule {
  logicalId: string;
  configRuleName: string;
  identifier: string;
  controlIds: string[];
  inputParameters?: Record<string, string>;
}

/** A managed rule of the catalog the per-PBC pack leaves to the platform's pack. */
export interface PlatformOnlyRule {
  identifier: string;
  controlIds: string[];
  reason: string;
}

export interface BuiltConformancePack {
  name: string;
  template: { Resources: Record<string, unknown> };
  templateYaml: string;
  rules: ConformancePackRule[];
  leftToPlatform: PlatformOnlyRule[];
}

/** Values of the `${Name}` placeholders the catalog uses in rule parameters. */
function placeholderValues(spec: PbcSpec): Record<string, string> {
  return {
    ConfigDriftDetectionRoleArn: `arn:${partitionOf(spec.awsRegion)}:iam::${
      spec.awsAccountId
    }:role/${PLATFORM_NAMES.configDriftDetectionRole}`,
  };
}

function fillPlaceholders(
  parameters: Record<string, string>,
  values: Record<string, string>,
): Record<string, string> {
  const filled: Record<string, string> = {};
  for (const [key, value] of Object.entries(parameters)) {
    filled[key] = value.replace(/\$\{(\w+)\}/g, (_, name: string) => {
      if (!(name in values)) {
        throw new Error(
          `Conformance pack: no value for placeholder \${${name}} in parameter ${key}`,
        );
      }
      return values[name];
    });
  }
  return filled;
}

/** Why a catalog rule cannot be scoped to one PBC by its tag, if it cannot. */
function platformOnlyReason(rule: ConfigRuleRef): string | undefined {
  if (rule.tagScope) {
    return `scoped by the ${rule.tagScope.key} tag, and a Config rule takes one tag scope: the platform pack evaluates it account-wide`;
  }
  if (
    rule.identifier === 'REQUIRED_TAGS' &&
    rule.inputParameters?.tag1Key === PBC_TAG_KEY
  ) {
    return `checks the ${PBC_TAG_KEY} tag itself, so scoped by that tag it could never fail: the platform pack runs it unscoped`;
  }
  return undefined;
}

function ruleSlug(identifier: string): string {
  return identifier.toLowerCase().replace(/_/g, '-');
}

// --8<-- [start:pbc-conformance-pack]
/**
 * The PBC's AWS Config conformance pack, built from the controls catalog: every managed rule
 * of the controls that apply to the PBC (`controlsForPbc({ pciScope, level: 'pbc' })`), with
 * its parameters filled in, named `pbc-<name>-<identifier>` and scoped to resources tagged
 * `pbc=<name>`, so findings land on the PBC that owns the resource.
 */
export function buildConformancePack(
  spec: PbcSpec,
  patternsVersion: string = PATTERNS_VERSION,
): BuiltConformancePack {
  const values = placeholderValues(spec);
  const byKey = new Map<string, { rule: ConfigRuleRef; controls: Control[] }>();
  const leftToPlatform = new Map<string, PlatformOnlyRule>();

  for (const control of controlsForPbc({
    pciScope: spec.pciScope,
    level: 'pbc',
  })) {
    for (const rule of configRulesOf(control)) {
      const reason = platformOnlyReason(rule);
      if (reason) {
        const entry = leftToPlatform.get(rule.identifier) ?? {
          identifier: rule.identifier,
          controlIds: [],
          reason,
        };
        entry.controlIds.push(control.id);
        leftToPlatform.set(rule.identifier, entry);
        continue;
      }
      // One rule per identifier and parameters, shared by the controls it detects.
      const key = `${rule.identifier} ${JSON.stringify(
        rule.inputParameters ?? {},
      )}`;
      const entry = byKey.get(key) ?? { rule, controls: [] };
      entry.controls.push(control);
      byKey.set(key, entry);
    }
  }

  const rules: ConformancePackRule[] = [];
  const resources: Record<string, unknown> = {};
  const usedNames = new Set<string>();
  for (const { rule, controls } of byKey.values()) {
    let configRuleName = fitName(
      `pbc-${spec.name}-${ruleSlug(rule.identifier)}`,
      128,
    );
    let logicalId = pascalCase(rule.identifier);
    if (usedNames.has(configRuleName)) {
      // Same identifier with other parameters: keep both, distinguishable.
      const n = rules.filter(r => r.identifier === rule.identifier).length + 1;
      configRuleName = fitName(`${configRuleName}-${n}`, 128);
      logicalId = `${logicalId}${n}`;
    }
    usedNames.add(configRuleName);
    const inputParameters = rule.inputParameters
      ? fillPlaceholders(rule.inputParameters, values)
      : undefined;
    const controlIds = controls.map(c => c.id);
    rules.push({
      logicalId,
      configRuleName,
      identifier: rule.identifier,
      controlIds,
      inputParameters,
    });
    resources[logicalId] = {
      Type: 'AWS::Config::ConfigRule',
      Properties: {
        ConfigRuleName: configRuleName,
        Description: `${controlIds.join(', ')}: ${controls
          .map(c => c.title)
          .join('; ')}`.slice(0, 256),
        Source: { Owner: 'AWS', SourceIdentifier: rule.identifier },
        ...(inputParameters ? { InputParameters: inputParameters } : {}),
        Scope: { TagKey: PBC_TAG_KEY, TagValue: spec.name },
      },
    };
  }

  const template = { Resources: resources };
  const header = [
    `AWS Config conformance pack ${conformancePackName(
      spec.name,
    )}, generated by pbc-portal patterns ${patternsVersion}.`,
    `Rules of the controls that apply to PBC ${spec.name}${
      spec.pciScope ? ' (PCI DSS scope)' : ''
    }, scoped to resources tagged ${PBC_TAG_KEY}=${spec.name}.`,
    ...[...leftToPlatform.values()].map(
      r =>
        `Left to the platform pack: ${r.identifier} (${r.controlIds.join(
          ', ',
        )}): ${r.reason}.`,
    ),
  ]
    .map(line => `# ${line}`)
    .join('\n');
  return {
    name: conformancePackName(spec.name),
    template,
    templateYaml: `${header}\n${stringify(template, {
      aliasDuplicateObjects: false,
      lineWidth: 0,
      version: '1.1',
    })}`,
    rules,
    leftToPlatform: [...leftToPlatform.values()],
  };
}
// --8<-- [end:pbc-conformance-pack]
