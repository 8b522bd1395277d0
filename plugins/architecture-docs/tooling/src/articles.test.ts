// The article outline against the controls catalog: every control links to a section the
// outline lists, and the outline lists only sections some control links to.
import { CONTROLS } from '@pbc-portal/pbc-domain';
import { ARTICLES, PARTS, controlsForArticle, findArticle } from './articles';
import { slugifyHeading } from './headings';

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

describe('controls against the outline', () => {
  it('links every control to a section of a real article', () => {
    for (const control of CONTROLS) {
      const article = ARTICLES.find(a => a.slug === control.guidance.article);
      expect(article).toBeDefined();
      expect(control.guidance.anchor).toMatch(KEBAB);
      expect(article!.sections.map(s => s.anchor)).toContain(
        control.guidance.anchor,
      );
    }
  });
});

describe('articles data', () => {
  it('lists the 14 articles in order with slugs that carry their number', () => {
    expect(ARTICLES.map(a => a.number)).toEqual(
      Array.from({ length: 14 }, (_, i) => i + 1),
    );
    for (const article of ARTICLES) {
      expect(
        article.slug.startsWith(String(article.number).padStart(2, '0')),
      ).toBe(true);
      expect(article.slug).toMatch(KEBAB);
      expect(PARTS).toContain(article.part);
      expect(article.topics.length).toBeGreaterThan(0);
      expect(article.summary.length).toBeGreaterThan(40);
    }
  });

  it('keeps parts in reading order', () => {
    const partIndexes = ARTICLES.map(a => PARTS.indexOf(a.part));
    expect(partIndexes).toEqual([...partIndexes].sort((a, b) => a - b));
    expect(new Set(ARTICLES.map(a => a.part)).size).toBe(PARTS.length);
  });

  it('gives each section the anchor mkdocs would generate', () => {
    for (const article of ARTICLES) {
      const anchors = article.sections.map(s => s.anchor);
      expect(new Set(anchors).size).toBe(anchors.length);
      for (const section of article.sections) {
        expect(section.anchor).toBe(slugifyHeading(section.heading));
      }
    }
  });

  it('lists only sections that some control links to, and every article is linked', () => {
    const linked = new Set(
      CONTROLS.map(c => `${c.guidance.article}#${c.guidance.anchor}`),
    );
    for (const article of ARTICLES) {
      for (const section of article.sections) {
        expect(linked).toContain(`${article.slug}#${section.anchor}`);
      }
      expect(CONTROLS.some(c => c.guidance.article === article.slug)).toBe(
        true,
      );
    }
  });
});

describe('controlsForArticle', () => {
  it('returns the controls explained by an article', () => {
    const messaging = controlsForArticle('08-messaging');
    expect(messaging.map(c => c.id)).toContain('PBC-MSG-01');
    expect(messaging.every(c => c.guidance.article === '08-messaging')).toBe(
      true,
    );
  });
});

describe('findArticle', () => {
  it('finds an article by slug', () => {
    expect(findArticle('09-route-53')?.number).toBe(9);
    expect(findArticle('15-nothing')).toBeUndefined();
  });
});
