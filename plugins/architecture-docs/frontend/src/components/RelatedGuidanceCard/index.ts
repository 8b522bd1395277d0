export { RelatedGuidanceCard } from './RelatedGuidanceCard';
