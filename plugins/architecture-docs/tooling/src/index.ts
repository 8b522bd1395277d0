/**
 * The architecture series' own tooling: the article outline, heading anchors, the controls
 * reference renderer and word counts. Isomorphic; the generate step's file targets are the
 * Node-only entry point `@pbc-portal/architecture-docs-tooling/generated`.
 *
 * @packageDocumentation
 */

export { ARTICLES, PARTS, controlsForArticle, findArticle } from './articles';
export type { Article, ArticlePart, ArticleSection } from './articles';
export { slugifyHeading } from './headings';
export { renderControlsReference } from './reference';
export { countWords } from './wordCount';
