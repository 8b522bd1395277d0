export { GuidancePage, GuidancePageContent } from './GuidancePage';
