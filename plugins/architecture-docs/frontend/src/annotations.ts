// The PBC annotations are defined once in @pbc-portal/pbc-domain, shared with the scaffolder and
// the compliance dashboard; these are the ones the related-guidance card reads.
export {
  PBC_ANNOTATION,
  PCI_SCOPE_ANNOTATION,
  DATA_STORE_ANNOTATION,
  PUBLISHES_ANNOTATION,
  CONSUMES_ANNOTATION,
  EXPOSURE_ANNOTATION,
} from '@pbc-portal/pbc-domain';
