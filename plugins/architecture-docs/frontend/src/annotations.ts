/**
 * Catalog annotations the related-guidance card reads from a PBC's Component entity. They
 * mirror the PBC spec the scaffolder writes (`pbc.yaml`); list values are comma-separated.
 */

/** Marks a Component as a PBC; the value is the PBC's name. @public */
export const PBC_ANNOTATION = 'pbc-portal.io/pbc';

/** `"true"` when the PBC touches cardholder data before tokenisation. @public */
export const PCI_SCOPE_ANNOTATION = 'pbc-portal.io/pci-scope';

/** `none`, `dynamodb` or `aurora-postgresql`. @public */
export const DATA_STORE_ANNOTATION = 'pbc-portal.io/data-store';

/** Events the PBC publishes, e.g. `order-placed, order-cancelled`. @public */
export const PUBLISHES_ANNOTATION = 'pbc-portal.io/publishes';

/** Events of other PBCs it consumes, as `<pbc>.<event>`, e.g. `order.order-placed`. @public */
export const CONSUMES_ANNOTATION = 'pbc-portal.io/consumes';

/** `public` when the PBC takes traffic from the internet, otherwise `internal`. @public */
export const EXPOSURE_ANNOTATION = 'pbc-portal.io/exposure';
