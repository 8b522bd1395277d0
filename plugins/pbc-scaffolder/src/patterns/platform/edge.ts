/* eslint-disable no-new -- CDK constructs attach themselves to the construct tree when created. */
import { CfnSecurityGroup } from 'aws-cdk-lib/aws-ec2';
import {
  CfnListener,
  CfnLoadBalancer,
} from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import {
  HTTPS_PORT,
  HTTP_PORT,
  PLATFORM_NAMES,
  SERVICE_PORT,
} from '@pbc-portal/pbc-domain';
import type { CidrPlan } from './params';

export interface PlatformEdgeProps {
  vpcId: string;
  edgeSubnetIds: string[];
  plan: CidrPlan;
  certificateArn?: string;
  /** Bucket (name) for access logs; SSE-S3, as ALB access logs require. */
  accessLogBucket: string;
}

/** TLS 1.3 and 1.2 only. */
export const ALB_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

// --8<-- [start:platform-shared-alb]
/**
 * The shared application load balancer in the edge subnets. PBCs add a listener rule (a path
 * per PBC) and a target group to its one listener; its security group is the only source a
 * public PBC's group admits, on the service port. HTTPS on 443 with the given ACM certificate;
 * without one, HTTP on 80 until the certificate exists (the README says how to switch), never
 * both: a listener is the contract PBCs attach to.
 */
export class PlatformEdge extends Construct {
  readonly securityGroup: CfnSecurityGroup;
  readonly loadBalancer: CfnLoadBalancer;
  readonly listener: CfnListener;

  constructor(scope: Construct, id: string, props: PlatformEdgeProps) {
    super(scope, id);
    const https = props.certificateArn !== undefined;
    const listenerPort = https ? HTTPS_PORT : HTTP_PORT;

    this.securityGroup = new CfnSecurityGroup(this, 'SecurityGroup', {
      groupName: PLATFORM_NAMES.albSecurityGroup,
      groupDescription: `Shared load balancer: ${listenerPort} from the internet, service port to PBC compute`,
      vpcId: props.vpcId,
      securityGroupIngress: [
        {
          description: 'Shoppers (CloudFront and WAF in front in production)',
          ipProtocol: 'tcp',
          fromPort: listenerPort,
          toPort: listenerPort,
          cidrIp: '0.0.0.0/0',
        },
      ],
      securityGroupEgress: [...props.plan.pbc, ...props.plan.payment].map(
        cidr => ({
          description: 'Service port of PBC tasks',
          ipProtocol: 'tcp',
          fromPort: SERVICE_PORT,
          toPort: SERVICE_PORT,
          cidrIp: cidr,
        }),
      ),
    });

    this.loadBalancer = new CfnLoadBalancer(this, 'LoadBalancer', {
      name: PLATFORM_NAMES.alb,
      type: 'application',
      scheme: 'internet-facing',
      ipAddressType: 'ipv4',
      subnets: props.edgeSubnetIds,
      securityGroups: [this.securityGroup.attrGroupId],
      loadBalancerAttributes: [
        { key: 'access_logs.s3.enabled', value: 'true' },
        { key: 'access_logs.s3.bucket', value: props.accessLogBucket },
        { key: 'access_logs.s3.prefix', value: 'alb' },
        { key: 'deletion_protection.enabled', value: 'true' },
        {
          key: 'routing.http.drop_invalid_header_fields.enabled',
          value: 'true',
        },
      ],
    });

    // Unknown paths get 404 here; each PBC's rule forwards its own path to its tasks.
    const notFound: CfnListener.ActionProperty = {
      type: 'fixed-response',
      fixedResponseConfig: {
        statusCode: '404',
        contentType: 'text/plain',
        messageBody: 'Not found',
      },
    };
    this.listener = new CfnListener(this, 'Listener', {
      loadBalancerArn: this.loadBalancer.ref,
      port: listenerPort,
      protocol: https ? 'HTTPS' : 'HTTP',
      ...(https
        ? {
            certificates: [{ certificateArn: props.certificateArn }],
            sslPolicy: ALB_SSL_POLICY,
          }
        : {}),
      defaultActions: [notFound],
    });
  }
}
// --8<-- [end:platform-shared-alb]
