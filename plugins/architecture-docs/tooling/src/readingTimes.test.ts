// The frontend's src/readingTimes.ts: the browser cannot read the markdown, so `yarn generate`
// writes the word counts into a module the page imports.
import fs from 'node:fs';
import path from 'node:path';
import { ARTICLES } from './articles';
import { articleWordCounts, renderReadingTimes } from './generated';

const docsDir = path.resolve(__dirname, '../../docs');
const generatedModule = path.resolve(
  __dirname,
  '../../frontend/src/readingTimes.ts',
);

describe('readingTimes.ts', () => {
  const counts = articleWordCounts(docsDir);

  it('counts a plausible number of words for every article', () => {
    expect(counts.map(([slug]) => slug)).toEqual(ARTICLES.map(a => a.slug));
    for (const [, words] of counts) {
      expect(words).toBeGreaterThan(500);
    }
  });

  it('renders one typed entry per article', () => {
    const rendered = renderReadingTimes([
      ['01-global-infrastructure', 3],
      ['02-s3-glacier', 5],
    ]);
    expect(rendered).toContain(
      "import type { ArticleSlug } from '@pbc-portal/pbc-domain';",
    );
    expect(rendered).toContain(
      "  '01-global-infrastructure': 3,\n  '02-s3-glacier': 5,\n};\n",
    );
  });

  it('is current with docs/*.md (regenerate with yarn generate)', () => {
    expect(fs.readFileSync(generatedModule, 'utf8')).toBe(
      renderReadingTimes(counts),
    );
  });
});
