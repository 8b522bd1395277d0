/**
 * The compliance dashboard's frontend: the platform page (/compliance), the
 * PBC tab and the team tab, with the REST client.
 *
 * The default export is the plugin for the new frontend system (discovered by
 * apps with `app.packages: all`). The named legacy exports serve apps on the
 * legacy frontend system.
 *
 * @packageDocumentation
 */
import { complianceDashboardPlugin } from './plugin';

export default complianceDashboardPlugin;
export {
  complianceDashboardPlugin,
  complianceApi,
  compliancePage,
  exemptionsPage,
  pbcComplianceContent,
  teamComplianceContent,
} from './plugin';
export {
  legacyComplianceDashboardPlugin,
  CompliancePage,
  ComplianceExemptionsPage,
  EntityPbcComplianceContent,
  EntityTeamComplianceContent,
} from './legacy';
export { isTeamEntity } from './components/TeamTab/TeamComplianceContent';
export {
  ComplianceClient,
  complianceApiRef,
  pbcListSearchParams,
} from './api/ComplianceClient';
export type {
  ComplianceApi,
  EntityName,
  RequestOptions,
} from './api/ComplianceClient';
