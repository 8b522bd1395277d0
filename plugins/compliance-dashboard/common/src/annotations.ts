import { conformancePackName } from '@pbc-portal/pbc-domain';

/** The conformance pack name the scaffolder gives a PBC (the naming contract's). @public */
export function defaultConformancePackName(pbc: string): string {
  return conformancePackName(pbc);
}
