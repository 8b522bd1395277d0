import {
  PLATFORM_EXPORTS,
  alarmName,
  executionRoleName,
  pbcResourceName,
  serviceLogGroupName,
} from '@pbc-portal/pbc-domain';

/**
 * The names the service pattern, the deploy workflow and the validation checks use, taken from
 * the platform's naming contract (`@pbc-portal/pbc-domain`, naming.ts). Pure: the checks import
 * it without loading the CDK.
 */
export const SERVICE_NAMES = {
  clusterNameExport: PLATFORM_EXPORTS.ecsClusterName,
  albListenerArnExport: PLATFORM_EXPORTS.albListenerArn,
  executionRole: executionRoleName,
  /** The execution role's managed policy has the role's name. */
  executionPolicy: executionRoleName,
  logGroup: serviceLogGroupName,
  service: pbcResourceName,
  /** The image repository the deploy workflow pushes to (the boundary allows `pbc-<name>`). */
  repository: pbcResourceName,
  alarm: (pbc: string, what: string) => alarmName(pbc, 'service', what),
} as const;
