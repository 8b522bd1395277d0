import { describeAwsError } from '../aws/errors';

// SQLSTATE classes and codes a reader can act on; anything else is named by
// its code only. The SQL text stays in the backend log: it quotes columns
// and values nobody outside operations should read.
const SQLSTATE_MEANINGS: Record<string, string> = {
  '22001': 'a value is longer than its column allows',
  '23505': 'a row conflicts with one already stored',
  '40001': 'the transaction conflicted with another one',
  '53300': 'the database has no free connections',
  '57014': 'the statement took too long',
};

function databaseCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return undefined;
  // PostgreSQL's five-character SQLSTATE, SQLite's SQLITE_*, MySQL's ER_*.
  return /^[0-9A-Z]{5}$/.test(code) || /^(SQLITE_|ER_)/.test(code)
    ? code
    : undefined;
}

/**
 * The message stored and shown for a refresh that failed as a whole: what
 * went wrong in words a reader can use, never SQL.
 */
export function describeRefreshError(error: unknown): string {
  const code = databaseCode(error);
  if (code) {
    const meaning =
      SQLSTATE_MEANINGS[code] ??
      (code.startsWith('08') ? 'the connection to the database was lost' : '');
    return `The snapshot could not be saved: the database refused it (${code}${
      meaning ? `: ${meaning}` : ''
    }). The previous snapshot stays current; the backend log has the details.`;
  }
  return describeAwsError(error);
}
