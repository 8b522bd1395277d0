/** Tag every PBC resource carries: `pbc=<name>`. @public */
export const PBC_TAG_KEY = 'pbc';

/**
 * Tag on buckets that hold records which must stay immutable for their
 * retention period (orders, invoices, audit evidence).
 *
 * @public
 */
export const COMPLIANCE_RECORD_TAG: { key: string; value: string } = {
  key: 'pbc:data-class',
  value: 'compliance-record',
};
