/**
 * Catalog annotations that make an entity a PBC the dashboard reads.
 *
 * An entity is picked up when it carries {@link PBC_ANNOTATION}; the value is
 * the `pbc` tag on the PBC's AWS resources and the `<name>` in its role name
 * `pbc-<name>-role`.
 *
 * @public
 */
export const PBC_ANNOTATION = 'pbc-portal.io/pbc';

/** The 12-digit AWS account the PBC runs in. @public */
export const AWS_ACCOUNT_ID_ANNOTATION = 'pbc-portal.io/aws-account-id';

/** The AWS Region the PBC runs in, e.g. `eu-west-1`. @public */
export const AWS_REGION_ANNOTATION = 'pbc-portal.io/aws-region';

/**
 * Optional: the name of the PBC's AWS Config conformance pack. Defaults to
 * `pbc-<name>` (what the scaffolder deploys).
 *
 * @public
 */
export const CONFORMANCE_PACK_ANNOTATION = 'pbc-portal.io/conformance-pack';

/**
 * Optional: `"true"` when the PBC is in PCI scope, which makes the pci-only
 * controls apply to it.
 *
 * @public
 */
export const PCI_SCOPE_ANNOTATION = 'pbc-portal.io/pci-scope';

/** The conformance pack name the scaffolder gives a PBC. @public */
export function defaultConformancePackName(pbc: string): string {
  return `pbc-${pbc}`;
}

/** The execution role name the scaffolder gives a PBC. @public */
export function pbcRoleName(pbc: string): string {
  return `pbc-${pbc}-role`;
}
