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
