/* eslint-disable no-new -- CDK constructs attach themselves to the construct tree when created. */
import { Fn } from 'aws-cdk-lib';
import {
  CfnEIP,
  CfnFlowLog,
  CfnInternetGateway,
  CfnNatGateway,
  CfnNetworkAcl,
  CfnNetworkAclEntry,
  CfnRoute,
  CfnRouteTable,
  CfnSecurityGroup,
  CfnSubnet,
  CfnSubnetNetworkAclAssociation,
  CfnSubnetRouteTableAssociation,
  CfnVPC,
  CfnVPCEndpoint,
  CfnVPCGatewayAttachment,
} from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import {
  DATABASE_PORT,
  FARGATE_AGENT_ENDPOINT_SERVICES,
  HTTPS_PORT,
  PAYMENT_ENDPOINT_SERVICES,
  PLATFORM_NAMES,
  SERVICE_PORT,
  type PaymentEndpointService,
} from '@pbc-portal/pbc-domain';
import type { CidrPlan } from './params';

/** The shared interface endpoints, with private DNS: the VPC's names for these services. */
export const SHARED_ENDPOINT_SERVICES = [
  'ecr.api',
  'ecr.dkr',
  'logs',
  'monitoring',
  'kms',
  'secretsmanager',
  'sns',
  'sqs',
  'sts',
] as const;

export interface PlatformNetworkProps {
  region: string;
  availabilityZones: string[];
  plan: CidrPlan;
  /** Bucket ARN the VPC flow logs go to. */
  flowLogBucketArn: string;
}

type Tier = 'edge' | 'endpoints' | 'pbc' | 'data' | 'payment';

const TCP = 6;
const EPHEMERAL = { from: 1024, to: 65535 };

/**
 * Article 04's VPC: five tiers per Availability Zone, NAT per AZ for the PBC tier only, the
 * data, payment and endpoint tiers without any route out of the VPC, gateway endpoints for S3
 * and DynamoDB, interface endpoints for the AWS APIs PBCs call, and flow logs of all traffic.
 */
export class PlatformNetwork extends Construct {
  readonly vpc: CfnVPC;
  readonly subnets: Record<Tier, CfnSubnet[]>;
  readonly endpointsSecurityGroup: CfnSecurityGroup;
  readonly paymentEndpointsSecurityGroup: CfnSecurityGroup;
  readonly paymentAgentEndpointsSecurityGroup: CfnSecurityGroup;
  readonly paymentEndpoints: Record<PaymentEndpointService, CfnVPCEndpoint>;

  constructor(scope: Construct, id: string, props: PlatformNetworkProps) {
    super(scope, id);
    const { plan, availabilityZones: azs } = props;

    this.vpc = new CfnVPC(this, 'Vpc', {
      cidrBlock: plan.vpc,
      enableDnsHostnames: true,
      enableDnsSupport: true,
    });
    const vpcId = this.vpc.ref;

    const subnet = (tier: Tier, index: number) =>
      new CfnSubnet(this, `${tier}Subnet${index + 1}`, {
        vpcId,
        availabilityZone: azs[index],
        cidrBlock: plan[tier][index],
        // Nothing in the platform has a public IP but the NAT gateways' Elastic IPs.
        mapPublicIpOnLaunch: false,
        tags: [{ key: 'Name', value: `platform-${tier}-${azs[index]}` }],
      });
    this.subnets = {
      edge: azs.map((_, i) => subnet('edge', i)),
      endpoints: azs.map((_, i) => subnet('endpoints', i)),
      pbc: azs.map((_, i) => subnet('pbc', i)),
      data: azs.map((_, i) => subnet('data', i)),
      payment: azs.map((_, i) => subnet('payment', i)),
    };

    const igw = new CfnInternetGateway(this, 'InternetGateway', {});
    const attachment = new CfnVPCGatewayAttachment(this, 'IgwAttachment', {
      vpcId,
      internetGatewayId: igw.ref,
    });

    const associate = (tier: Tier, routeTable: CfnRouteTable, index: number) =>
      new CfnSubnetRouteTableAssociation(this, `${tier}Routes${index + 1}`, {
        subnetId: this.subnets[tier][index].ref,
        routeTableId: routeTable.ref,
      });

    const edgeRoutes = new CfnRouteTable(this, 'EdgeRouteTable', { vpcId });
    const toInternet = new CfnRoute(this, 'EdgeDefaultRoute', {
      routeTableId: edgeRoutes.ref,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.ref,
    });
    toInternet.addResourceDependency(attachment);
    azs.forEach((_, i) => associate('edge', edgeRoutes, i));

    // One NAT gateway per AZ: losing an AZ must not take the others' egress with it.
    const pbcRouteTables = azs.map((_, i) => {
      const eip = new CfnEIP(this, `NatIp${i + 1}`, { domain: 'vpc' });
      eip.addResourceDependency(attachment);
      const nat = new CfnNatGateway(this, `Nat${i + 1}`, {
        subnetId: this.subnets.edge[i].ref,
        allocationId: eip.attrAllocationId,
      });
      const table = new CfnRouteTable(this, `PbcRouteTable${i + 1}`, { vpcId });
      new CfnRoute(this, `PbcDefaultRoute${i + 1}`, {
        routeTableId: table.ref,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId: nat.ref,
      });
      associate('pbc', table, i);
      return table;
    });

    // --8<-- [start:platform-payment-isolation]
    // Data and payment tiers: no internet or NAT route (PBC-NET-06); besides the local route,
    // only the S3 and DynamoDB gateway endpoints below add routes. The payment tier's own
    // table makes that boundary readable in one screen for an assessor.
    const dataRoutes = new CfnRouteTable(this, 'DataRouteTable', { vpcId });
    azs.forEach((_, i) => associate('data', dataRoutes, i));
    const paymentRoutes = new CfnRouteTable(this, 'PaymentRouteTable', {
      vpcId,
      tags: [{ key: 'Name', value: 'platform-payment' }],
    });
    azs.forEach((_, i) => associate('payment', paymentRoutes, i));
    // --8<-- [end:platform-payment-isolation]
    // The endpoint tier holds interface endpoints' network interfaces only: local route.
    const endpointRoutes = new CfnRouteTable(this, 'EndpointRouteTable', {
      vpcId,
    });
    azs.forEach((_, i) => associate('endpoints', endpointRoutes, i));

    // Gateway endpoints: S3 (container image layers) and DynamoDB for every tier that runs
    // PBCs. Their routes are the only paths out of the VPC the payment tier has.
    const gatewayTables = [...pbcRouteTables, dataRoutes, paymentRoutes].map(
      t => t.ref,
    );
    for (const service of ['s3', 'dynamodb']) {
      new CfnVPCEndpoint(this, `${service}GatewayEndpoint`, {
        vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: 'Gateway',
        routeTableIds: gatewayTables,
      });
    }

    // --8<-- [start:platform-shared-endpoints]
    // The shared endpoints own the services' private DNS names in the VPC, in a tier of their
    // own: the payment NACL can then name exactly the addresses its Fargate agent needs.
    this.endpointsSecurityGroup = new CfnSecurityGroup(this, 'EndpointsSg', {
      groupName: PLATFORM_NAMES.endpointsSecurityGroup,
      groupDescription:
        'Shared interface endpoints: HTTPS from the PBC subnets',
      vpcId,
      securityGroupIngress: plan.pbc.map(cidr => ({
        description: 'HTTPS from PBC compute',
        ipProtocol: 'tcp',
        fromPort: HTTPS_PORT,
        toPort: HTTPS_PORT,
        cidrIp: cidr,
      })),
      securityGroupEgress: [noEgress()],
    });
    // Fargate pulls a payment task's image and ships its logs from the task's own network
    // interface, by the services' public names: this group admits the payment subnets to those
    // three endpoints and to no other shared one (PBC-NET-07).
    this.paymentAgentEndpointsSecurityGroup = new CfnSecurityGroup(
      this,
      'PaymentAgentEndpointsSg',
      {
        groupName: PLATFORM_NAMES.paymentAgentEndpointsSecurityGroup,
        groupDescription:
          'Image and log endpoints: HTTPS from the payment subnets (Fargate agent)',
        vpcId,
        securityGroupIngress: plan.payment.map(cidr => ({
          description: 'HTTPS from payment compute (image pull, log delivery)',
          ipProtocol: 'tcp',
          fromPort: HTTPS_PORT,
          toPort: HTTPS_PORT,
          cidrIp: cidr,
        })),
        securityGroupEgress: [noEgress()],
      },
    );
    const agentServices: readonly string[] = FARGATE_AGENT_ENDPOINT_SERVICES;
    for (const service of SHARED_ENDPOINT_SERVICES) {
      new CfnVPCEndpoint(this, `${service.replace('.', '')}Endpoint`, {
        vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: this.subnets.endpoints.map(s => s.ref),
        securityGroupIds: [
          this.endpointsSecurityGroup.attrGroupId,
          ...(agentServices.includes(service)
            ? [this.paymentAgentEndpointsSecurityGroup.attrGroupId]
            : []),
        ],
      });
    }
    // --8<-- [end:platform-shared-endpoints]

    // --8<-- [start:platform-payment-endpoints]
    // CDE-local endpoints. A service name resolves to one endpoint per VPC: the shared ones
    // above own the private DNS names, so these have none, and payment tasks address them by
    // their own DNS names (exported; the PBC stack sets AWS_ENDPOINT_URL_<SERVICE>, which AWS
    // SDKs read). The service's API traffic then never leaves the payment subnets (PBC-NET-06,
    // PBC-NET-07); only the Fargate agent's image pull and logs go to the endpoint tier.
    this.paymentEndpointsSecurityGroup = new CfnSecurityGroup(
      this,
      'PaymentEndpointsSg',
      {
        groupName: PLATFORM_NAMES.paymentEndpointsSecurityGroup,
        groupDescription:
          'Interface endpoints inside the payment subnets: HTTPS from payment subnets only',
        vpcId,
        securityGroupIngress: plan.payment.map(cidr => ({
          description: 'HTTPS from payment compute',
          ipProtocol: 'tcp',
          fromPort: HTTPS_PORT,
          toPort: HTTPS_PORT,
          cidrIp: cidr,
        })),
        securityGroupEgress: [noEgress()],
      },
    );
    const paymentEndpoints = {} as Record<
      PaymentEndpointService,
      CfnVPCEndpoint
    >;
    for (const service of PAYMENT_ENDPOINT_SERVICES) {
      paymentEndpoints[service] = new CfnVPCEndpoint(
        this,
        `Payment${service}Endpoint`,
        {
          vpcId,
          serviceName: `com.amazonaws.${props.region}.${service}`,
          vpcEndpointType: 'Interface',
          privateDnsEnabled: false,
          subnetIds: this.subnets.payment.map(s => s.ref),
          securityGroupIds: [this.paymentEndpointsSecurityGroup.attrGroupId],
        },
      );
    }
    // --8<-- [end:platform-payment-endpoints]
    this.paymentEndpoints = paymentEndpoints;

    this.paymentNacl(plan);

    new CfnFlowLog(this, 'FlowLog', {
      resourceId: vpcId,
      resourceType: 'VPC',
      trafficType: 'ALL',
      logDestinationType: 's3',
      logDestination: `${props.flowLogBucketArn}/flow-logs/`,
      maxAggregationInterval: 60,
    });
  }

  // --8<-- [start:platform-payment-nacl]
  /**
   * The payment tier's deny-by-default NACL (PBC-NET-08), the second line behind security
   * groups: it must hold when a security group is wrong. Stateless, so every allowed flow has
   * its return rule; first match wins, numbered with gaps.
   * Inside the VPC it names every flow: the ALB's edge subnets to the service port, the
   * payment subnets among themselves, and HTTPS to the endpoint tier (the Fargate agent's image
   * pull and logs); every other VPC address is denied (rules 135) before the two 0.0.0.0/0
   * allows. Those are for the S3 and DynamoDB gateway endpoints, whose public ranges a NACL
   * cannot name; with the VPC denied first and no route out but those endpoints, they admit
   * nothing else. The listening ports are denied from everywhere not allowed before (131,
   * 132), so rules 133 and 140 admit return traffic only.
   */
  private paymentNacl(plan: CidrPlan) {
    const nacl = new CfnNetworkAcl(this, 'PaymentNacl', {
      vpcId: this.vpc.ref,
      tags: [{ key: 'Name', value: 'platform-payment' }],
    });
    this.subnets.payment.forEach((s, i) => {
      new CfnSubnetNetworkAclAssociation(
        this,
        `PaymentNaclAssociation${i + 1}`,
        {
          networkAclId: nacl.ref,
          subnetId: s.ref,
        },
      );
    });
    const entry = (
      id: string,
      ruleNumber: number,
      egress: boolean,
      cidrBlock: string,
      ports: { from: number; to: number },
      ruleAction: 'allow' | 'deny' = 'allow',
    ) =>
      new CfnNetworkAclEntry(this, id, {
        networkAclId: nacl.ref,
        ruleNumber,
        egress,
        protocol: TCP,
        ruleAction,
        cidrBlock,
        portRange: ports,
      });
    const port = (p: number) => ({ from: p, to: p });
    const ALL_PORTS = { from: 0, to: 65535 };

    plan.edge.forEach((cidr, i) => {
      entry(
        `InFromLoadBalancer${i + 1}`,
        100 + i,
        false,
        cidr,
        port(SERVICE_PORT),
      );
      entry(`OutToLoadBalancer${i + 1}`, 100 + i, true, cidr, EPHEMERAL);
    });
    const payment = plan.paymentSummary;
    entry('InHttpsWithinPayment', 110, false, payment, port(HTTPS_PORT));
    entry('OutHttpsWithinPayment', 110, true, payment, port(HTTPS_PORT));
    entry('InDatabaseWithinPayment', 120, false, payment, port(DATABASE_PORT));
    entry('OutDatabaseWithinPayment', 120, true, payment, port(DATABASE_PORT));
    entry('InReturnWithinPayment', 130, false, payment, EPHEMERAL);
    entry('OutReturnWithinPayment', 130, true, payment, EPHEMERAL);
    entry('InDenyService', 131, false, '0.0.0.0/0', port(SERVICE_PORT), 'deny');
    entry(
      'InDenyDatabase',
      132,
      false,
      '0.0.0.0/0',
      port(DATABASE_PORT),
      'deny',
    );
    const endpoints = plan.endpointsSummary;
    entry('InReturnFromEndpointTier', 133, false, endpoints, EPHEMERAL);
    entry('OutHttpsToEndpointTier', 133, true, endpoints, port(HTTPS_PORT));
    entry('InDenyRestOfVpc', 135, false, plan.vpc, ALL_PORTS, 'deny');
    entry('OutDenyRestOfVpc', 135, true, plan.vpc, ALL_PORTS, 'deny');
    entry('InReturnFromGatewayEndpoints', 140, false, '0.0.0.0/0', EPHEMERAL);
    entry(
      'OutHttpsToGatewayEndpoints',
      150,
      true,
      '0.0.0.0/0',
      port(HTTPS_PORT),
    );
  }
  // --8<-- [end:platform-payment-nacl]

  /** The DNS name of a payment endpoint (first entry of `DnsEntries`, `<zone>:<name>`). */
  paymentEndpointDnsName(service: PaymentEndpointService): string {
    return Fn.select(
      1,
      Fn.split(
        ':',
        Fn.select(0, this.paymentEndpoints[service].attrDnsEntries),
      ),
    );
  }
}

/** A rule that matches no traffic: without one, EC2 adds allow-all egress. */
export function noEgress(): CfnSecurityGroup.EgressProperty {
  return {
    description: 'No outbound traffic',
    ipProtocol: 'icmp',
    fromPort: 252,
    toPort: 86,
    cidrIp: '255.255.255.255/32',
  };
}
