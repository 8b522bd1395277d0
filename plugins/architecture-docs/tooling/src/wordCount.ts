/**
 * Words a reader reads in a markdown article: prose, headings, lists and tables. Fenced code
 * and diagrams are left out (nobody reads a YAML block at reading speed), as are link
 * targets, HTML tags and markdown punctuation.
 */
export function countWords(markdown: string): number {
  const prose: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (!fence || marker.startsWith(fence))) {
      fence = fence ? undefined : marker;
      continue;
    }
    if (!fence) {
      prose.push(line);
    }
  }
  const text = prose
    .join('\n')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    // [text](target) and ![alt](target) keep only their visible text.
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1');
  return text.split(/\s+/).filter(token => /[\p{L}\p{N}]/u.test(token)).length;
}
