/**
 * Catalog annotations the `pbc` template writes on a generated PBC's Component and that the
 * actions read back (uniqueness, event producers). List values are comma-separated.
 */

/** Marks a Component as a PBC; the value is the PBC's name. @public */
export const PBC_ANNOTATION = 'pbc-portal.io/pbc';
/** Events the PBC publishes, e.g. `order-placed,order-cancelled`. @public */
export const PUBLISHES_ANNOTATION = 'pbc-portal.io/publishes';
/** Events of other PBCs it consumes, as `<pbc>.<event>`. @public */
export const CONSUMES_ANNOTATION = 'pbc-portal.io/consumes';
/** The 12-digit AWS account the PBC deploys to. @public */
export const AWS_ACCOUNT_ID_ANNOTATION = 'pbc-portal.io/aws-account-id';
/** The AWS Region the PBC deploys to. @public */
export const AWS_REGION_ANNOTATION = 'pbc-portal.io/aws-region';
/** Name of the PBC's AWS Config conformance pack, `pbc-<name>`. @public */
export const CONFORMANCE_PACK_ANNOTATION = 'pbc-portal.io/conformance-pack';
/** Version of the reference patterns the infrastructure was rendered from. @public */
export const TEMPLATE_VERSION_ANNOTATION = 'pbc-portal.io/template-version';
/** `"true"` when the PBC is in PCI DSS scope. @public */
export const PCI_SCOPE_ANNOTATION = 'pbc-portal.io/pci-scope';
/** `none`, `dynamodb` or `aurora-postgresql`. @public */
export const DATA_STORE_ANNOTATION = 'pbc-portal.io/data-store';
/** `public` or `internal`. @public */
export const EXPOSURE_ANNOTATION = 'pbc-portal.io/exposure';

/** Splits a comma-separated annotation value into trimmed, non-empty items. */
export function splitAnnotationList(value: string | undefined): string[] {
  if (!value) {
    return [];
  }
  return value
    .split(',')
    .map(item => item.trim())
    .filter(item => item.length > 0);
}
