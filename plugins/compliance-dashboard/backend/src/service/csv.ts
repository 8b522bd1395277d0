import { PbcSummary } from '@pbc-portal/plugin-compliance-dashboard-common';

// A formula start: the ASCII signs and their full-width forms (spreadsheets
// normalise ＝＋－＠ to =+-@).
const FORMULA_START = /^[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;
// Spreadsheets trim leading whitespace (spaces, tabs, line breaks, the
// ideographic space) before deciding that a cell is a formula.
const LEADING_SPACE = /^[\s\u3000]+/;

/**
 * CSV per RFC 4180, safe to open in a spreadsheet: a text cell that starts
 * with a tab or carriage return, or whose first character after leading
 * whitespace is `=`, `+`, `-`, `@` or a full-width `＝＋－＠`, is prefixed
 * with `'` so that it is not run as a formula (CSV injection); cells with a
 * comma, quote or line break are quoted, quotes doubled.
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
  if (
    /^[\t\r]/.test(text) ||
    FORMULA_START.test(text.replace(LEADING_SPACE, ''))
  ) {
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

/** The PBC list as CSV: a header row, then one row per summary. */
export function pbcCsv(rows: PbcSummary[]): string {
  let out = csvRow([
    'entityRef',
    'title',
    'pbc',
    'owner',
    'system',
    'awsAccountId',
    'awsRegion',
    'score',
    'failingCritical',
    'failingHigh',
    'failingMedium',
    'failingLow',
    'passingControls',
    'insufficientDataControls',
    'riskyEvents',
    'riskyEventDays',
    'stale',
    'staleReason',
    'dataAsOf',
    'lastRefreshAt',
    'exemptControls',
    'exemptions',
  ]);
  for (const s of rows) {
    out += csvRow([
      s.entityRef,
      s.title,
      s.pbc,
      s.owner,
      s.system,
      s.awsAccountId,
      s.awsRegion,
      s.score,
      s.failingControls.critical,
      s.failingControls.high,
      s.failingControls.medium,
      s.failingControls.low,
      s.passingControlCount,
      s.insufficientDataControlCount,
      s.riskyEvents,
      s.riskyEventDays,
      s.staleness.stale,
      s.staleness.reason,
      s.dataAsOf,
      s.lastRefreshAt,
      s.exemptControlCount ?? 0,
      (s.exemptions ?? [])
        .map(
          e =>
            `${e.controlId}${
              e.resourceIds ? ` (${e.resourceIds.join(' ')})` : ''
            } exempt until ${e.expiresAt.slice(0, 10)}: ${e.reason}`,
        )
        .join('; '),
    ]);
  }
  return out;
}
