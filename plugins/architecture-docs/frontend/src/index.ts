/**
 * Guidance page, related-guidance entity card and Mermaid TechDocs addon for the PBC Portal
 * architecture series.
 *
 * The default export is the plugin for the new frontend system; `./alpha` exports the
 * techdocs module with the Mermaid addon. Named `legacy*` exports serve legacy apps.
 *
 * @packageDocumentation
 */
import { architectureDocsPlugin } from './plugin';

export default architectureDocsPlugin;
export { architectureDocsPlugin } from './plugin';
export { techDocsMermaidModule } from './techdocsModule';
export {
  legacyArchitectureDocsPlugin,
  GuidancePage,
  RelatedGuidanceCard,
  MermaidAddon,
} from './legacy';
export {
  readPbcProfile,
  relatedGuidanceForEntity,
  selectRelatedGuidance,
} from './guidance/relatedGuidance';
export type { PbcProfile, RelatedGuidance } from './guidance/relatedGuidance';
export {
  WORDS_PER_MINUTE,
  articleUrl,
  controlsReferenceUrl,
  learningPath,
  readingMinutes,
} from './guidance/learningPath';
export type {
  LearningPathArticle,
  LearningPathPart,
} from './guidance/learningPath';
