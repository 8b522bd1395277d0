/** The conformance pack name the scaffolder gives a PBC. @public */
export function defaultConformancePackName(pbc: string): string {
  return `pbc-${pbc}`;
}
