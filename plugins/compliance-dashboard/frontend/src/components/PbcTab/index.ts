export { PbcComplianceContent, isPbcEntity } from './PbcComplianceContent';
