export {
  createSpecValidateAction,
  SPEC_VALIDATE_ACTION_ID,
} from './specValidate';
export {
  createInfrastructureRenderAction,
  INFRASTRUCTURE_RENDER_ACTION_ID,
} from './infrastructureRender';
export {
  createInfrastructureRerenderAction,
  INFRASTRUCTURE_RERENDER_ACTION_ID,
} from './infrastructureRerender';
export {
  createPublishLocalAction,
  PUBLISH_LOCAL_ACTION_ID,
} from './publishLocal';
export {
  createPlatformRenderAction,
  PLATFORM_RENDER_ACTION_ID,
} from './platformRender';
export type { PlatformToolkit } from './platformRender';
export {
  createCatalogRegisterAction,
  CATALOG_REGISTER_ACTION_ID,
} from './catalogRegister';
export {
  createGeneratedRecordAction,
  GENERATED_RECORD_ACTION_ID,
} from './generatedRecord';
