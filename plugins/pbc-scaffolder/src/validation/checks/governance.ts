import { tagsOf } from '../template';
import type { CheckContext } from './context';
import { DATA_CLASSES, TAG_KEYS } from '@pbc-portal/pbc-domain';

/**
 * Resource types that take tags and that a PBC stack may contain. A resource of one of these
 * types without `pbc=<name>` is a violation even if its Tags property is gone altogether; any
 * other resource that has Tags is checked too.
 */
export const TAGGABLE_TYPES: ReadonlySet<string> = new Set([
  'AWS::CloudWatch::Alarm',
  'AWS::DynamoDB::Table',
  'AWS::EC2::Instance',
  'AWS::EC2::LaunchTemplate',
  'AWS::EC2::SecurityGroup',
  'AWS::ECS::Service',
  'AWS::ECS::TaskDefinition',
  'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::IAM::Role',
  'AWS::KMS::Key',
  'AWS::Lambda::Function',
  'AWS::Logs::LogGroup',
  'AWS::RDS::DBCluster',
  'AWS::RDS::DBClusterParameterGroup',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBSubnetGroup',
  'AWS::S3::Bucket',
  'AWS::SecretsManager::Secret',
  'AWS::SNS::Topic',
  'AWS::SQS::Queue',
]);

export function checkGovernance(ctx: CheckContext) {
  const { spec } = ctx;
  for (const [id, resource] of Object.entries(ctx.resources)) {
    const tags = tagsOf(resource);
    if (tags === undefined && !TAGGABLE_TYPES.has(resource.Type)) {
      continue;
    }
    if (tags?.[TAG_KEYS.pbc] !== spec.name) {
      ctx.add(
        'PBC-GOV-02',
        `${resource.Type} is not tagged ${TAG_KEYS.pbc}=${spec.name}`,
        id,
      );
    }
    const dataClass = tags?.[TAG_KEYS.dataClass];
    if (!spec.pciScope && dataClass === DATA_CLASSES.cardholder) {
      ctx.add('PBC-GOV-07', 'cardholder data outside a PCI-scoped PBC', id);
    }
  }
  const stores = [
    ...ctx.of('AWS::DynamoDB::Table'),
    ...ctx.of('AWS::RDS::DBCluster'),
  ];
  for (const [id, store] of stores) {
    const expected = spec.pciScope
      ? DATA_CLASSES.cardholder
      : DATA_CLASSES.business;
    if (tagsOf(store)?.[TAG_KEYS.dataClass] !== expected) {
      ctx.add(
        'PBC-GOV-07',
        `data store must be tagged ${TAG_KEYS.dataClass}=${expected}`,
        id,
      );
    }
  }
}
