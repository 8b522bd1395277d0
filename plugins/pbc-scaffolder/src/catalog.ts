/**
 * Catalog module of the PBC scaffolder: `backend.add(import('@pbc-portal/plugin-scaffolder-backend-module-pbc/catalog'))`.
 *
 * @packageDocumentation
 */
export { catalogModulePbcLocalLocations as default } from './catalogModule';
