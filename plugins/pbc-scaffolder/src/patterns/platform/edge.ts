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

/**
 * TLS 1.3 and 1.2 with hybrid post-quantum key exchange (ML-KEM) for clients that offer it;
 * the policy AWS recommends for HTTPS listeners (Elastic Load Balancing, security policies).
 */
export const ALB_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09';

// --8<-- [start:platform-shared-alb]
/**
 * The shared application load balancer in the edge subnets. PBCs add a listener rule (a path
 * per PBC) and a target group to its contract listener; its security group is the only source
 * a public PBC's group admits, on the service port. With the ACM certificate: HTTPS on 443 is
 * the contract, and port 80 only redirects to it (301, PBC-EDGE-02). Without one: HTTP on 80 is
 * the contract until the certificate exists, which PBC-EDGE-02 reports open (the README says
 * how to switch).
 */
export class PlatformEdge extends Construct {
  readonly securityGroup: CfnSecurityGroup;
  readonly loadBalancer: CfnLoadBalancer;
  /** The listener PBCs attach their rules to (exported). */
  readonly listener: CfnListener;
  /** Port 80's redirect to HTTPS; only with a certificate. */
  readonly redirectListener?: CfnListener;

  constructor(scope: Construct, id: string, props: PlatformEdgeProps) {
    super(scope, id);
    const https = props.certificateArn !== undefined;
    const listenerPort = https ? HTTPS_PORT : HTTP_PORT;
    const openPorts = https ? [HTTPS_PORT, HTTP_PORT] : [HTTP_PORT];

    this.securityGroup = new CfnSecurityGroup(this, 'SecurityGroup', {
      groupName: PLATFORM_NAMES.albSecurityGroup,
      groupDescription: `Shared load balancer: ${openPorts.join(
        ' and ',
      )} from the internet, service port to PBC compute`,
      vpcId: props.vpcId,
      securityGroupIngress: openPorts.map(p => ({
        description:
          p === listenerPort
            ? 'Shoppers (CloudFront and WAF in front in production)'
            : 'Plain HTTP, redirected to HTTPS',
        ipProtocol: 'tcp',
        fromPort: p,
        toPort: p,
        cidrIp: '0.0.0.0/0',
      })),
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
    if (https) {
      this.redirectListener = new CfnListener(this, 'HttpRedirect', {
        loadBalancerArn: this.loadBalancer.ref,
        port: HTTP_PORT,
        protocol: 'HTTP',
        defaultActions: [
          {
            type: 'redirect',
            redirectConfig: {
              protocol: 'HTTPS',
              port: String(HTTPS_PORT),
              statusCode: 'HTTP_301',
            },
          },
        ],
      });
    }
  }
}
// --8<-- [end:platform-shared-alb]
