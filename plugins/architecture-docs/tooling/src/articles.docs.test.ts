// Checks the articles in ../../docs against the catalog: the series must argue for every
// control, at the heading the control links to, and cover every topic of its outline.
import fs from 'node:fs';
import path from 'node:path';
import { ARTICLES, controlsForArticle } from './articles';
import { docsGeneratedFiles, snippetIncludes } from './generated';
import { slugifyHeading } from './headings';

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

// Pattern excerpts are included at build time (pymdownx.snippets) from snippets/, which
// `yarn generate` fills with the marked sections of the scaffolder's pattern sources.
const repoRoot = path.resolve(__dirname, '../../../..');

describe('included pattern sources', () => {
  const includes = snippetIncludes(docsDir);
  const generated = docsGeneratedFiles(repoRoot).files;

  it('includes the reference patterns somewhere', () => {
    expect(includes.length).toBeGreaterThanOrEqual(6);
  });

  it.each(includes)(
    '%s includes section %s, identical to the pattern source (yarn generate)',
    (_, section) => {
      const file = `plugins/architecture-docs/snippets/${section}.ts`;
      const snippet = generated.find(f => f.path === file);
      expect(snippet).toBeDefined();
      expect(fs.readFileSync(path.join(repoRoot, file), 'utf8')).toBe(
        snippet!.content,
      );
    },
  );
});
