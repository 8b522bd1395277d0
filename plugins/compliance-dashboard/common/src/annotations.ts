import { conformancePackName, roleName } from '@pbc-portal/pbc-domain';

// The PBC annotations are defined once in @pbc-portal/pbc-domain, shared with the scaffolder and
// the guidance card; these are the ones the dashboard reads.
export {
  PBC_ANNOTATION,
  AWS_ACCOUNT_ID_ANNOTATION,
  AWS_REGION_ANNOTATION,
  CONFORMANCE_PACK_ANNOTATION,
  PCI_SCOPE_ANNOTATION,
} from '@pbc-portal/pbc-domain';

/** The conformance pack name the scaffolder gives a PBC (the naming contract's). @public */
export function defaultConformancePackName(pbc: string): string {
  return conformancePackName(pbc);
}

/** The execution role name the scaffolder gives a PBC (the naming contract's). @public */
export function pbcRoleName(pbc: string): string {
  return roleName(pbc);
}
