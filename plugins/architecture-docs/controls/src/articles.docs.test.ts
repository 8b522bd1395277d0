// Checks the articles in ../../docs against the catalog: the series must argue for every
// control, at the heading the control links to, and cover every topic of its outline.
import fs from 'node:fs';
import path from 'node:path';
import { ARTICLES } from './articles';
import { controlsForArticle, slugifyHeading } from './catalog';

const docsDir = path.resolve(__dirname, '../../docs');
const read = (slug: string) =>
  fs.readFileSync(path.join(docsDir, `${slug}.md`), 'utf8');
// Headings outside fenced code blocks (a `# comment` in a YAML example is no heading).
const headingLinesOf = (markdown: string) => {
  let fenced = false;
  return markdown.split('\n').filter(line => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    return !fenced && /^#{1,6} /.test(line);
  });
};
const headingsOf = (markdown: string) =>
  headingLinesOf(markdown).map(line => line.replace(/^#+ /, '').trim());

describe.each(ARTICLES.map(a => [a.slug, a] as const))(
  'article %s',
  (slug, article) => {
    const markdown = read(slug);
    const headings = headingsOf(markdown);

    it('starts with its title as the only h1', () => {
      expect(markdown.split('\n')[0]).toBe(`# ${article.title}`);
      expect(headingLinesOf(markdown).filter(l => l.startsWith('# '))).toEqual([
        `# ${article.title}`,
      ]);
    });

    it('has a heading for every section a control links to', () => {
      const anchors = headings.map(slugifyHeading);
      for (const control of controlsForArticle(slug)) {
        expect(anchors).toContain(control.guidance.anchor);
      }
    });

    it('covers every topic of its outline', () => {
      const text = markdown.toLowerCase().replace(/\s+/g, ' ');
      const missing = article.topics.filter(
        t => !text.includes(t.toLowerCase()),
      );
      expect(missing).toEqual([]);
    });

    it('has a diagram and a Controls section listing its controls', () => {
      expect(markdown).toMatch(/```mermaid\n/);
      const controlsSection = markdown.split(/\n## Controls\n/)[1] ?? '';
      for (const control of controlsForArticle(slug)) {
        expect(controlsSection).toContain(control.id);
      }
    });
  },
);

// Pattern excerpts are included at build time (pymdownx.snippets) from the scaffolder's
// sources through the `patterns` link; a missing file or section would silently render empty.
describe('included pattern sources', () => {
  const includes = fs
    .readdirSync(docsDir)
    .filter(file => file.endsWith('.md'))
    .flatMap(file =>
      [
        ...fs
          .readFileSync(path.join(docsDir, file), 'utf8')
          .matchAll(/--8<-- "([^"]+)"/g),
      ].map(m => [file, m[1]] as const),
    );

  it('includes the reference patterns somewhere', () => {
    expect(includes.length).toBeGreaterThanOrEqual(6);
  });

  it.each(includes)(
    '%s includes %s, which exists with its section markers',
    (_, target) => {
      const [file, section] = target.split(':');
      const source = fs.readFileSync(path.resolve(docsDir, '..', file), 'utf8');
      expect(source).toContain(`--8<-- [start:${section}]`);
      expect(source).toContain(`--8<-- [end:${section}]`);
    },
  );
});
