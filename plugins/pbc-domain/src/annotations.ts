/**
 * The catalog annotations of a PBC: the contract between the scaffolder (which writes them on a
 * generated PBC's Component), the compliance dashboard (which finds PBCs and their AWS accounts
 * by them) and the guidance card (which picks articles from them). Defined once, here, because
 * all three depend on this package. List values are comma-separated.
 */

/** Marks a Component as a PBC; the value is its name and the `pbc` tag on its AWS resources. @public */
export const PBC_ANNOTATION = 'pbc-portal.io/pbc';
/** The 12-digit AWS account the PBC deploys to. @public */
export const AWS_ACCOUNT_ID_ANNOTATION = 'pbc-portal.io/aws-account-id';
/** The AWS Region the PBC deploys to, e.g. `eu-west-1`. @public */
export const AWS_REGION_ANNOTATION = 'pbc-portal.io/aws-region';
/** The PBC's AWS Config conformance pack, `pbc-<name>` when the scaffolder made it. @public */
export const CONFORMANCE_PACK_ANNOTATION = 'pbc-portal.io/conformance-pack';
/** The version of the reference patterns its infrastructure was rendered from. @public */
export const TEMPLATE_VERSION_ANNOTATION = 'pbc-portal.io/template-version';
/** `"true"` when the PBC is in PCI DSS scope (the pci-only controls apply). @public */
export const PCI_SCOPE_ANNOTATION = 'pbc-portal.io/pci-scope';
/** `none`, `dynamodb` or `aurora-postgresql`. @public */
export const DATA_STORE_ANNOTATION = 'pbc-portal.io/data-store';
/** Events the PBC publishes, e.g. `order-placed,order-cancelled`. @public */
export const PUBLISHES_ANNOTATION = 'pbc-portal.io/publishes';
/** Events of other PBCs it consumes, as `<pbc>.<event>`, e.g. `order.order-placed`. @public */
export const CONSUMES_ANNOTATION = 'pbc-portal.io/consumes';
/** `public` when the PBC takes traffic from the internet, otherwise `internal`. @public */
export const EXPOSURE_ANNOTATION = 'pbc-portal.io/exposure';

/** Splits a comma-separated annotation value into trimmed, non-empty items. @public */
export function splitAnnotationList(value: string | undefined): string[] {
  if (!value) {
    return [];
  }
  return value
    .split(',')
    .map(item => item.trim())
    .filter(item => item.length > 0);
}
