import { slugifyHeading } from './headings';

/** A heading of an article and the prose under it, as plain text. @public */
export interface SectionText {
  heading: string;
  text: string;
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;

/**
 * Markdown of one section as text a reader (or an assistant) can take as is: links keep their
 * words and lose their targets, emphasis markers and snippet includes go, code stays.
 */
export function markdownToText(markdown: string): string {
  let inFence = false;
  const lines = markdown.split('\n').flatMap(line => {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      return [line];
    }
    if (inFence) return [line];
    // Includes are replaced by TechDocs at build time; the text has no use for the marker.
    if (line.includes('--8<--')) return [];
    return [
      line
        .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
        .replace(/\*\*([^*]+)\*\*/g, '$1')
        .replace(/(^|[\s(])_([^_\s][^_]*)_(?=[\s).,;:]|$)/g, '$1$2'),
    ];
  });
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * The section of an article whose heading mkdocs gives `anchor`: from that heading to the next
 * heading of the same or a higher level (its sub-sections included), as text. Undefined when
 * no heading has that anchor. Headings inside fenced code are not headings.
 *
 * @public
 */
export function sectionText(
  markdown: string,
  anchor: string,
): SectionText | undefined {
  const lines = markdown.split('\n');
  let inFence = false;
  let start = -1;
  let level = 0;
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*(```|~~~)/.test(lines[i])) inFence = !inFence;
    if (inFence) continue;
    const match = HEADING.exec(lines[i]);
    if (!match) continue;
    if (start >= 0 && match[1].length <= level) {
      return {
        heading,
        text: markdownToText(lines.slice(start + 1, i).join('\n')),
      };
    }
    if (start < 0 && slugifyHeading(match[2]) === anchor) {
      start = i;
      level = match[1].length;
      heading = match[2];
    }
  }
  return start >= 0
    ? { heading, text: markdownToText(lines.slice(start + 1).join('\n')) }
    : undefined;
}
