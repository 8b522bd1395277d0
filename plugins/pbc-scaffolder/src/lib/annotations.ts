// The PBC annotations the template writes and the actions read back are defined once in
// @pbc-portal/pbc-domain, shared with the compliance dashboard and the guidance card.
export {
  PBC_ANNOTATION,
  PUBLISHES_ANNOTATION,
  CONSUMES_ANNOTATION,
  AWS_ACCOUNT_ID_ANNOTATION,
  AWS_REGION_ANNOTATION,
  CONFORMANCE_PACK_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
  PCI_SCOPE_ANNOTATION,
  DATA_STORE_ANNOTATION,
  EXPOSURE_ANNOTATION,
  splitAnnotationList,
} from '@pbc-portal/pbc-domain';
