export { TeamComplianceContent, isTeamEntity } from './TeamComplianceContent';
