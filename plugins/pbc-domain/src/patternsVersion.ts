/**
 * Version of the reference patterns. Bump the minor version when a re-render adds resources or
 * tightens settings without replacing anything, the major version when it replaces resources.
 * Here rather than in the scaffolder because the portal's frontend compares it with the version
 * each PBC records (`pbc-portal.io/template-version`) to show which PBCs are behind.
 *
 * @public
 */
export const PATTERNS_VERSION = '2.0.0';

/**
 * Whether a PBC rendered with `recorded` is behind `current`: compares dotted numeric versions;
 * a missing or unreadable recorded version counts as behind.
 *
 * @public
 */
export function isPatternsVersionBehind(
  recorded: string | undefined,
  current: string = PATTERNS_VERSION,
): boolean {
  const parse = (version: string) =>
    /^\d+(\.\d+)*$/.test(version) ? version.split('.').map(Number) : undefined;
  const a = recorded === undefined ? undefined : parse(recorded.trim());
  const b = parse(current);
  if (!b) {
    return false;
  }
  if (!a) {
    return true;
  }
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) {
      return diff < 0;
    }
  }
  return false;
}
