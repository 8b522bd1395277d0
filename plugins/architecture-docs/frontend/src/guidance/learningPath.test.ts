import {
  ARTICLES,
  PARTS,
  controlsForArticle,
  findArticle,
} from '@pbc-portal/architecture-docs-tooling';
import {
  articleUrl,
  controlsReferenceUrl,
  learningPath,
  readingMinutes,
} from './learningPath';
import { ARTICLE_WORD_COUNTS } from '../readingTimes';

describe('readingMinutes', () => {
  it('reads 200 words a minute and never says zero', () => {
    expect(readingMinutes(0)).toBe(1);
    expect(readingMinutes(99)).toBe(1);
    expect(readingMinutes(3356)).toBe(17);
    expect(readingMinutes(4000)).toBe(20);
  });
});

describe('learningPath', () => {
  const path = learningPath('/docs/default/component/architecture-docs');

  it('has the five parts in series order, numbered from 1', () => {
    expect(path.map(p => p.title)).toEqual([...PARTS]);
    expect(path.map(p => p.number)).toEqual([1, 2, 3, 4, 5]);
  });

  it('puts every article once, in its own part and in number order', () => {
    const numbers = path.flatMap(p => p.articles.map(a => a.number));
    expect(numbers).toEqual(ARTICLES.map(a => a.number).sort((a, b) => a - b));
    for (const part of path) {
      for (const article of part.articles) {
        expect(findArticle(article.slug)?.part).toBe(part.title);
      }
    }
  });

  it('gives each article its reading time, controls count and TechDocs link', () => {
    const messaging = path
      .flatMap(p => p.articles)
      .find(a => a.slug === '08-messaging')!;
    expect(messaging.words).toBe(ARTICLE_WORD_COUNTS['08-messaging']);
    expect(messaging.minutes).toBe(
      readingMinutes(ARTICLE_WORD_COUNTS['08-messaging']),
    );
    expect(messaging.controls).toBe(controlsForArticle('08-messaging').length);
    expect(messaging.controls).toBeGreaterThan(0);
    expect(messaging.url).toBe(
      '/docs/default/component/architecture-docs/08-messaging/',
    );
  });

  it('sums the reading time of a part', () => {
    for (const part of path) {
      expect(part.minutes).toBe(
        part.articles.reduce((sum, a) => sum + a.minutes, 0),
      );
    }
  });

  it('has no links without a docs URL', () => {
    expect(
      learningPath(undefined).flatMap(p => p.articles.map(a => a.url)),
    ).toEqual(ARTICLES.map(() => undefined));
  });

  it('builds links under another base URL', () => {
    expect(articleUrl('06-iam', '/docs/platform/component/series/')).toBe(
      '/docs/platform/component/series/06-iam/',
    );
    expect(controlsReferenceUrl('/docs/platform/component/series')).toBe(
      '/docs/platform/component/series/controls/',
    );
    expect(learningPath('/x')[0].articles[0].url).toBe(
      '/x/01-global-infrastructure/',
    );
  });
});
