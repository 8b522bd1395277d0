/**
 * Version of the reference patterns. Bump the minor version when a re-render adds resources or
 * tightens settings without replacing anything, the major version when it replaces resources.
 * Generated repositories record it (`pbc-portal.io/template-version`).
 */
export const PATTERNS_VERSION = '2.0.0';
