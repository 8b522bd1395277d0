/* eslint-disable no-new -- CDK constructs attach themselves to the construct tree when created. */
import { Aws, CfnOutput, Fn, Stack, StackProps, Tags } from 'aws-cdk-lib';
import { CfnCluster } from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import {
  PAYMENT_ENDPOINT_SERVICES,
  PLATFORM_EXPORTS,
  PLATFORM_NAMES,
  paymentEndpointDnsExport,
  PATTERNS_VERSION,
} from '@pbc-portal/pbc-domain';
import { PlatformEdge } from './edge';
import { PlatformIam } from './iam';
import { PlatformNetwork } from './network';
import { PlatformObservability } from './observability';
import { cidrPlan, type ResolvedPlatformParams } from './params';
import { PlatformKey, PlatformLogBuckets } from './storage';

export interface PlatformStackProps extends StackProps {
  params: ResolvedPlatformParams;
}

/**
 * The platform of one account and Region: what every PBC stack there imports by the export
 * names of the naming contract. Environment-agnostic like the PBC stacks; the account and
 * Region only name buckets and pick the ELB log-delivery principal.
 */
export class PlatformStack extends Stack {
  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, {
      ...props,
      stackName: PLATFORM_NAMES.stack,
      description: `PBC platform: network, edge, IAM guardrails, logging and compliance feed (pbc-portal patterns ${PATTERNS_VERSION})`,
    });
    const { params } = props;
    const plan = cidrPlan(params.vpcCidr);
    this.templateOptions.metadata = {
      'pbc-portal': {
        platform: true,
        patternsVersion: PATTERNS_VERSION,
        awsAccountId: params.awsAccountId,
        awsRegion: params.awsRegion,
        primaryRegion: params.primaryRegion,
        cidrPlan: plan,
      },
      'cfn-lint': { config: { regions: [params.awsRegion] } },
    };

    const key = new PlatformKey(this, 'Key', { region: params.awsRegion });
    const buckets = new PlatformLogBuckets(this, 'LogBuckets', {
      accountId: params.awsAccountId,
      region: params.awsRegion,
    });
    const network = new PlatformNetwork(this, 'Network', {
      region: params.awsRegion,
      availabilityZones: params.availabilityZones,
      plan,
      flowLogBucketArn: buckets.logsArn,
    });
    const edge = new PlatformEdge(this, 'Edge', {
      vpcId: network.vpc.ref,
      edgeSubnetIds: network.subnets.edge.map(s => s.ref),
      plan,
      certificateArn: params.certificateArn,
      accessLogBucket: buckets.logs.ref,
    });
    // The load balancer checks that it may write its access logs when it is created.
    edge.loadBalancer.addResourceDependency(buckets.logsPolicy);
    const observability = new PlatformObservability(this, 'Observability', {
      accountId: params.awsAccountId,
      region: params.awsRegion,
      isPrimaryRegion: params.isPrimaryRegion,
      keyArn: key.keyArn,
      logBucket: buckets.logs.ref,
      logBucketPolicy: buckets.logsPolicy,
      alarmEmail: params.alarmEmail,
    });
    if (params.isPrimaryRegion) {
      new PlatformIam(this, 'Iam');
    }

    // --8<-- [start:platform-ecs-cluster]
    const cluster = new CfnCluster(this, 'Cluster', {
      clusterName: PLATFORM_NAMES.ecsCluster,
      clusterSettings: [{ name: 'containerInsights', value: 'enhanced' }],
      capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      defaultCapacityProviderStrategy: [
        { capacityProvider: 'FARGATE', weight: 1, base: 0 },
      ],
    });
    // --8<-- [end:platform-ecs-cluster]

    const ids = (subnets: { ref: string }[]) =>
      Fn.join(
        ',',
        subnets.map(s => s.ref),
      );
    const exports: Array<[string, string]> = [
      [PLATFORM_EXPORTS.vpcId, network.vpc.ref],
      [PLATFORM_EXPORTS.publicSubnetIds, ids(network.subnets.edge)],
      [PLATFORM_EXPORTS.privateSubnetIds, ids(network.subnets.pbc)],
      [PLATFORM_EXPORTS.dataSubnetIds, ids(network.subnets.data)],
      [PLATFORM_EXPORTS.paymentSubnetIds, ids(network.subnets.payment)],
      [PLATFORM_EXPORTS.availabilityZones, params.availabilityZones.join(',')],
      [PLATFORM_EXPORTS.albSecurityGroupId, edge.securityGroup.attrGroupId],
      [PLATFORM_EXPORTS.albListenerArn, edge.listener.ref],
      [PLATFORM_EXPORTS.albDnsName, edge.loadBalancer.attrDnsName],
      [
        PLATFORM_EXPORTS.endpointsSecurityGroupId,
        network.endpointsSecurityGroup.attrGroupId,
      ],
      [
        PLATFORM_EXPORTS.paymentEndpointsSecurityGroupId,
        network.paymentEndpointsSecurityGroup.attrGroupId,
      ],
      [
        PLATFORM_EXPORTS.paymentAgentEndpointsSecurityGroupId,
        network.paymentAgentEndpointsSecurityGroup.attrGroupId,
      ],
      [PLATFORM_EXPORTS.s3PrefixListId, params.s3PrefixListId],
      [PLATFORM_EXPORTS.dynamodbPrefixListId, params.dynamodbPrefixListId],
      [PLATFORM_EXPORTS.alarmTopicArn, observability.alarmTopic.ref],
      [PLATFORM_EXPORTS.ecsClusterName, cluster.ref],
      [PLATFORM_EXPORTS.ecsClusterArn, cluster.attrArn],
      [
        PLATFORM_EXPORTS.permissionsBoundaryArn,
        `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:policy/${PLATFORM_NAMES.permissionsBoundaryPolicy}`,
      ],
      [
        PLATFORM_EXPORTS.complianceEventsQueueArn,
        observability.complianceQueue.attrArn,
      ],
      [
        PLATFORM_EXPORTS.complianceEventsQueueUrl,
        observability.complianceQueue.ref,
      ],
      [PLATFORM_EXPORTS.organizationId, params.organizationId],
      ...PAYMENT_ENDPOINT_SERVICES.map(
        service =>
          [
            paymentEndpointDnsExport(service),
            network.paymentEndpointDnsName(service),
          ] as [string, string],
      ),
    ];
    for (const [exportName, value] of exports) {
      new CfnOutput(this, exportName.replace(/[^A-Za-z0-9]/g, ''), {
        exportName,
        value,
      });
    }

    Tags.of(this).add(PLATFORM_NAMES.tagKey, 'true');
  }
}
