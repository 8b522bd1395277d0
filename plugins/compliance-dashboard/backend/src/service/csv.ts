/**
 * CSV per RFC 4180, safe to open in a spreadsheet: a text cell starting with
 * `=`, `+`, `-`, `@`, tab or carriage return is prefixed with `'` so that it
 * is not run as a formula (CSV injection); cells with a comma, quote or line
 * break are quoted, quotes doubled.
 */
export function csvCell(
  value: string | number | boolean | null | undefined,
): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) {
    text = `'${text}`;
  }
  if (/[",\r\n]/.test(text)) {
    text = `"${text.replace(/"/g, '""')}"`;
  }
  return text;
}

export function csvRow(
  values: Array<string | number | boolean | null | undefined>,
): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
