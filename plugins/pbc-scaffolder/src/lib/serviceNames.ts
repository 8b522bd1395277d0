/**
 * Names the service pattern shares with the platform stack, the deploy workflow and the
 * validation checks. Pure: the checks import it without loading the CDK. The values are the
 * platform's naming contract (ECS cluster and ALB listener exports, `pbc-<name>_execution`,
 * `/pbc/<name>/service`).
 */
export const SERVICE_NAMES = {
  clusterNameExport: 'platform-ecs-cluster-name',
  albListenerArnExport: 'platform-alb-listener-arn',
  executionRole: (pbc: string) => `pbc-${pbc}_execution`,
  executionPolicy: (pbc: string) => `pbc-${pbc}_execution`,
  logGroup: (pbc: string) => `/pbc/${pbc}/service`,
  service: (pbc: string) => `pbc-${pbc}`,
  /** The image repository the deploy workflow pushes to. */
  repository: (pbc: string) => `pbc-${pbc}`,
  alarm: (pbc: string, what: string) => `pbc-${pbc}_service-${what}`,
} as const;
