import {
  ARTICLES,
  ArticlePart,
  PARTS,
  controlsForArticle,
} from '@pbc-portal/architecture-docs-tooling';
import { ArticleSlug } from '@pbc-portal/pbc-domain';
import { ARTICLE_WORD_COUNTS } from '../readingTimes';

/** Reading speed behind the estimates on the guidance page. @public */
export const WORDS_PER_MINUTE = 200;

/** Minutes to read `words` at {@link WORDS_PER_MINUTE}, never less than one. @public */
export function readingMinutes(words: number): number {
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}

const trimBase = (baseUrl: string) => baseUrl.replace(/\/+$/, '');

/** The TechDocs page of an article, under the series' docs URL. @public */
export function articleUrl(slug: ArticleSlug, baseUrl: string): string {
  return `${trimBase(baseUrl)}/${slug}/`;
}

/** The TechDocs page listing every control with its article section. @public */
export function controlsReferenceUrl(baseUrl: string): string {
  return `${trimBase(baseUrl)}/controls/`;
}

/** @public */
export interface LearningPathArticle {
  slug: ArticleSlug;
  number: number;
  title: string;
  summary: string;
  /** Its TechDocs page; `undefined` without a docs URL. */
  url?: string;
  words: number;
  minutes: number;
  /** Controls whose guidance is in this article. */
  controls: number;
}

/** @public */
export interface LearningPathPart {
  /** 1-based position in the series. */
  number: number;
  title: ArticlePart;
  articles: LearningPathArticle[];
  minutes: number;
}

/**
 * The series as a learning path: the five parts in order, each with its articles in order,
 * their reading time and the number of controls they argue for.
 *
 * @public
 */
export function learningPath(baseUrl: string | undefined): LearningPathPart[] {
  return PARTS.map((title, index) => {
    const articles = ARTICLES.filter(article => article.part === title)
      .sort((a, b) => a.number - b.number)
      .map(article => {
        const words = ARTICLE_WORD_COUNTS[article.slug];
        return {
          slug: article.slug,
          number: article.number,
          title: article.title,
          summary: article.summary,
          url: baseUrl && articleUrl(article.slug, baseUrl),
          words,
          minutes: readingMinutes(words),
          controls: controlsForArticle(article.slug).length,
        };
      });
    return {
      number: index + 1,
      title,
      articles,
      minutes: articles.reduce((sum, article) => sum + article.minutes, 0),
    };
  });
}
