import { Config } from '@backstage/config';
import { ExemptionSettings } from '@pbc-portal/plugin-compliance-dashboard-common';

export const DEFAULT_EXEMPTION_MAX_DAYS = 90;

/** `complianceDashboard.exemptions.*` */
export function readExemptionSettings(config: Config): ExemptionSettings {
  const maxDays =
    config.getOptionalNumber('complianceDashboard.exemptions.maxDays') ??
    DEFAULT_EXEMPTION_MAX_DAYS;
  if (!Number.isInteger(maxDays) || maxDays < 1 || maxDays > 3650) {
    throw new Error(
      `Invalid config complianceDashboard.exemptions.maxDays: expected a whole number of days from 1 to 3650, got ${maxDays}`,
    );
  }
  return {
    maxDays,
    countTowardsScore:
      config.getOptionalBoolean(
        'complianceDashboard.exemptions.countTowardsScore',
      ) ?? false,
  };
}
