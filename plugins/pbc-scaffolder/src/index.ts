/**
 * Scaffolder actions (`pbc:*`) for the `pbc` template: validate a PBC spec, render and check its
 * reference infrastructure, publish it to a local git repository and register it in the catalog.
 *
 * @packageDocumentation
 */

export { scaffolderModulePbc as default } from './module';
export {
  createCatalogRegisterAction,
  createInfrastructureRenderAction,
  createPublishLocalAction,
  createSpecValidateAction,
} from './actions';
export { AWS_COMMERCIAL_REGIONS } from './lib/regions';
export { parsePbcSpec } from './lib/parseSpec';
export type { InfrastructureToolkit } from './lib/toolkit';
