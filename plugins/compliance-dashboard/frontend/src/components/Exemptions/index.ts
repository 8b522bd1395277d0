export {
  ExemptionApprovalsPage,
  ExemptionApprovalsPageContent,
} from './ApprovalsPage';
