import { PolicyValidationPluginReport } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NagPack, PCIDSS321Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';

/** An unacknowledged cdk-nag finding on one resource. */
export interface NagFinding {
  ruleId: string;
  resourcePath: string;
  level: 'error' | 'warning';
  message: string;
}

/** The packs that apply: AWS Solutions always, PCI DSS 3.2.1 for PCI-scoped PBCs. */
export function nagPacksFor(pciScope: boolean): NagPack[] {
  return pciScope
    ? [new AwsSolutionsChecks(), new PCIDSS321Checks()]
    : [new AwsSolutionsChecks()];
}

/**
 * Runs the packs over a construct tree and returns what is not acknowledged. `validateScope` is
 * cdk-nag 3's direct entry point; packs registered with `Validations.of(app).addPlugins()`
 * instead interrupt synthesis on the first finding, and the scaffolder wants the list, not an
 * exception. Acknowledgments (`Validations.of(construct).acknowledge()`) apply either way.
 */
export function collectNagFindings(
  packs: NagPack[],
  scope: IConstruct,
): NagFinding[] {
  const findings: NagFinding[] = [];
  for (const pack of packs) {
    const report: PolicyValidationPluginReport = pack.validateScope(scope);
    for (const violation of report.violations) {
      for (const resource of violation.violatingResources) {
        findings.push({
          ruleId: violation.ruleName,
          resourcePath:
            resource.constructPath ?? resource.resourceLogicalId ?? '',
          level: violation.severity === 'warning' ? 'warning' : 'error',
          message: violation.description,
        });
      }
    }
  }
  return findings;
}
