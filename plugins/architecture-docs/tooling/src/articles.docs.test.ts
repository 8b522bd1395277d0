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

// Pattern excerpts are included at build time (pymdownx.snippets) from snippets/, which holds
// the marked sections of the scaffolder's pattern sources. TechDocs will not follow a link out
// of the docs folder, so the sections are copied; this test keeps the copies identical.
// Regenerate with PBC_UPDATE_GENERATED=1.
const patternsDir = path.resolve(
  __dirname,
  '../../../pbc-scaffolder/src/patterns',
);
const snippetsDir = path.resolve(docsDir, '../snippets');

function patternSection(section: string): string | undefined {
  for (const file of fs
    .readdirSync(patternsDir)
    .filter(f => f.endsWith('.ts'))) {
    const lines = fs
      .readFileSync(path.join(patternsDir, file), 'utf8')
      .split('\n');
    const start = lines.findIndex(l => l.includes(`--8<-- [start:${section}]`));
    const end = lines.findIndex(l => l.includes(`--8<-- [end:${section}]`));
    if (start >= 0 && end > start) {
      return `${lines.slice(start + 1, end).join('\n')}\n`;
    }
  }
  return undefined;
}

describe('included pattern sources', () => {
  const includes = fs
    .readdirSync(docsDir)
    .filter(file => file.endsWith('.md'))
    .flatMap(file =>
      [
        ...fs
          .readFileSync(path.join(docsDir, file), 'utf8')
          .matchAll(/--8<-- "snippets\/([a-z0-9-]+)\.ts"/g),
      ].map(m => [file, m[1]] as const),
    );

  it('includes the reference patterns somewhere', () => {
    expect(includes.length).toBeGreaterThanOrEqual(6);
  });

  it.each(includes)(
    '%s includes section %s, identical to the pattern source',
    (_, section) => {
      const source = patternSection(section);
      expect(source).toBeDefined();
      const snippet = path.join(snippetsDir, `${section}.ts`);
      if (process.env.PBC_UPDATE_GENERATED === '1') {
        fs.mkdirSync(snippetsDir, { recursive: true });
        fs.writeFileSync(snippet, source!);
      }
      expect(fs.readFileSync(snippet, 'utf8')).toBe(source);
    },
  );
});
