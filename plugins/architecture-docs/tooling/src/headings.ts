/**
 * The anchor mkdocs (Python-Markdown's toc extension, default slugify) gives
 * a heading: accents stripped, anything but word characters, spaces and
 * hyphens dropped, lowercased, runs of spaces and hyphens joined by `-`.
 *
 * @public
 */
export function slugifyHeading(heading: string): string {
  return heading
    .normalize('NFKD')
    .replace(/[\u0080-\uffff]/g, '')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[-\s]+/g, '-');
}
