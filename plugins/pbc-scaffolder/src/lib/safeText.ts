/**
 * Refuses text that could change the meaning of the files the template renders. Every value of
 * the PBC spec ends up inside YAML (catalog-info.yaml, pbc.yaml, the CI workflow), Markdown and
 * TypeScript, and inside strings the scaffolder evaluates as templates, so a value must not
 * carry template syntax, YAML structure or invisible characters.
 */

const TEMPLATE_SYNTAX = /\$\{\{|\{\{|\{%|\{#/;
// C0 and C1 control characters; newline is handled separately for multi-line fields.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
// Line/paragraph separators, bidirectional overrides and the BOM change how text reads or breaks.
const INVISIBLE_FORMATTING = /[\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;
const YAML_DOCUMENT_MARKER = /^(---|\.\.\.)(\s|$)/;
const YAML_KEY_LINE = /^\s*-?\s*[^\s:'"#][^:\n]*:(\s|$)/;

export interface SafeTextOptions {
  /** Allow line breaks (still refusing lines that read as YAML keys or document markers). */
  multiline?: boolean;
}

/**
 * Why `value` is unsafe to render, as a phrase that completes "<field> ...", or undefined when
 * it is safe.
 */
export function unsafeTextReason(
  value: string,
  options: SafeTextOptions = {},
): string | undefined {
  if (TEMPLATE_SYNTAX.test(value)) {
    return "must not contain template expressions ('${{', '{{', '{%' or '{#')";
  }
  if (CONTROL_CHARACTERS.test(value) || INVISIBLE_FORMATTING.test(value)) {
    return 'must not contain control or invisible formatting characters';
  }
  const lines = value.split('\n');
  if (lines.length > 1 && !options.multiline) {
    return 'must be a single line';
  }
  if (lines.some(line => YAML_DOCUMENT_MARKER.test(line))) {
    return "must not contain a YAML document marker ('---' or '...') at the start of a line";
  }
  if (lines.slice(1).some(line => YAML_KEY_LINE.test(line))) {
    return "must not contain a line that reads as a YAML key ('key:')";
  }
  return undefined;
}
