export { PbcComplianceContent } from './PbcComplianceContent';
