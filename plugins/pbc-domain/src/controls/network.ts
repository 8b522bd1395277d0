import { defineControls, nag, own } from './define';

/** The network family: VPC topology, security groups, NACLs, endpoints, flow logs. In id order. */
export const networkControls = defineControls([
  {
    id: 'PBC-NET-01',
    title: 'No SSH from anywhere: port 22 stays closed',
    family: 'network',
    severity: 'high',
    description:
      'No security group opens port 22 (or 3389) to the internet, and generated ones open it to nobody. Shell access goes through Session Manager, which is authenticated by IAM and logged.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: [
      'AWS::EC2::SecurityGroup',
      'AWS::EC2::SecurityGroupIngress',
    ],
    prevention: {
      pattern:
        'Generated security groups have no ingress on 22 or 3389; instances carry the SSM agent and the Session Manager policy.',
      checks: [nag('EC23'), own('PBC-NET-01')],
    },
    detection: {
      configRule: { identifier: 'INCOMING_SSH_DISABLED' },
      cloudTrail: [
        {
          eventSource: 'ec2.amazonaws.com',
          eventNames: [
            'AuthorizeSecurityGroupIngress',
            'ModifySecurityGroupRules',
          ],
          when: 'ssh-or-rdp-port',
          why: 'Someone opened SSH or RDP on a security group.',
        },
      ],
    },
    remediation:
      'Revoke the ingress rule and use Session Manager (aws ssm start-session) for shell access.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'eliminating-ssh',
    },
  },
  {
    id: 'PBC-NET-02',
    title: 'Instances launch without key pairs',
    family: 'network',
    severity: 'medium',
    description:
      'PBC instances are launched without an EC2 key pair. A private key on a laptop is a standing way in that bypasses IAM, MFA and CloudTrail.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate'],
    prevention: {
      pattern:
        'Launch templates have no KeyName; golden AMIs ship without authorised keys.',
      checks: [own('PBC-NET-02')],
    },
    detection: {
      configRule: { identifier: 'EC2_NO_AMAZON_KEY_PAIR' },
      cloudTrail: [
        {
          eventSource: 'ec2.amazonaws.com',
          eventNames: ['RunInstances'],
          when: 'instance-has-key-pair',
          why: 'An instance was launched with an SSH key pair.',
        },
        {
          eventSource: 'ec2.amazonaws.com',
          eventNames: ['CreateKeyPair', 'ImportKeyPair'],
          why: 'A new SSH key pair was registered.',
        },
      ],
    },
    remediation:
      'Replace the instance from a launch template without KeyName and delete the key pair; use Session Manager for access.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'eliminating-ssh',
    },
  },
  {
    id: 'PBC-NET-03',
    title: 'Security groups do not accept traffic from the whole internet',
    family: 'network',
    severity: 'high',
    description:
      'Only the public load balancer’s security group accepts 0.0.0.0/0, and only on 443; PBC services accept traffic from named security groups. World-open ingress skips the edge protections the platform pays for.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: [
      'AWS::EC2::SecurityGroup',
      'AWS::EC2::SecurityGroupIngress',
    ],
    prevention: {
      pattern:
        'Service security groups reference the load balancer or calling PBC security group as source; the public ALB group allows 443 only (cdk-nag finding suppressed with that reason).',
      checks: [nag('EC23'), own('PBC-NET-03')],
    },
    detection: {
      configRule: {
        identifier: 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS',
        inputParameters: { authorizedTcpPorts: '443' },
      },
      cloudTrail: [
        {
          eventSource: 'ec2.amazonaws.com',
          eventNames: [
            'AuthorizeSecurityGroupIngress',
            'ModifySecurityGroupRules',
          ],
          when: 'ingress-open-to-world',
          why: 'A security group was opened to the whole internet.',
        },
      ],
    },
    remediation:
      'Revoke the rule and allow the specific source security group instead; if the service must be public, put it behind the ALB and WAF.',
    guidance: {
      article: '04-vpc-design',
      anchor: 'security-groups-as-the-first-line',
    },
  },
  {
    id: 'PBC-NET-04',
    title: 'The default security group allows nothing',
    family: 'network',
    severity: 'medium',
    description:
      'Every VPC’s default security group has no inbound or outbound rules. Resources that land in it by accident then fail closed instead of talking to everything else in the group.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::EC2::VPC', 'AWS::EC2::SecurityGroup'],
    prevention: {
      pattern:
        'Generated VPCs strip the default security group’s rules at creation (restrictDefaultSecurityGroup).',
      checks: [own('PBC-NET-04')],
    },
    detection: {
      configRule: { identifier: 'VPC_DEFAULT_SECURITY_GROUP_CLOSED' },
      cloudTrail: [
        {
          eventSource: 'ec2.amazonaws.com',
          eventNames: [
            'AuthorizeSecurityGroupIngress',
            'AuthorizeSecurityGroupEgress',
          ],
          when: 'targets-default-security-group',
          why: 'Rules were added to a default security group.',
        },
      ],
    },
    remediation:
      'Remove all rules from the default group and move any resource using it to a purpose-made security group.',
    guidance: {
      article: '04-vpc-design',
      anchor: 'closing-the-default-security-group',
    },
  },
  {
    id: 'PBC-NET-05',
    title: 'PBC workloads have no public IP addresses',
    family: 'network',
    severity: 'high',
    description:
      'PBC compute runs in private subnets that do not assign public IPs; only load balancers and NAT gateways live in public subnets. A public IP makes the instance reachable around the ALB and WAF.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: [
      'AWS::EC2::Instance',
      'AWS::EC2::Subnet',
      'AWS::EC2::LaunchTemplate',
    ],
    prevention: {
      pattern:
        'PBC subnets set MapPublicIpOnLaunch=false; launch templates set AssociatePublicIpAddress=false.',
      checks: [own('PBC-NET-05')],
    },
    detection: {
      configRule: { identifier: 'EC2_INSTANCE_NO_PUBLIC_IP' },
      relatedConfigRules: [
        { identifier: 'SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED' },
      ],
      cloudTrail: [
        {
          eventSource: 'ec2.amazonaws.com',
          eventNames: ['RunInstances', 'ModifySubnetAttribute'],
          when: 'public-ip-requested',
          why: 'An instance or subnet was given public addressing.',
        },
      ],
    },
    remediation:
      'Replace the instance in a private subnet and turn off public IP assignment on the subnet.',
    guidance: {
      article: '04-vpc-design',
      anchor: 'private-subnets-for-every-pbc',
    },
  },
  {
    id: 'PBC-NET-06',
    title: 'Payment PBCs run in isolated subnets with no route to the internet',
    family: 'network',
    severity: 'critical',
    description:
      'PCI-scoped PBCs run only in the dedicated payment subnets, whose route tables have no internet gateway route; the payment service provider is reached through an approved private path. This keeps the cardholder data environment small and its boundary provable to an assessor.',
    scope: 'pci',
    level: 'pbc',
    resourceTypes: [
      'AWS::EC2::Subnet',
      'AWS::EC2::RouteTable',
      'AWS::EC2::Route',
    ],
    prevention: {
      pattern:
        'For pciScope PBCs the scaffolder places compute, databases and endpoints only in the payment subnets and renders their route tables without 0.0.0.0/0 to an internet gateway.',
      checks: [own('PBC-NET-06')],
    },
    detection: {
      configRule: { identifier: 'NO_UNRESTRICTED_ROUTE_TO_IGW' },
      cloudTrail: [
        {
          eventSource: 'ec2.amazonaws.com',
          eventNames: ['CreateRoute', 'ReplaceRoute'],
          when: 'route-to-internet-gateway',
          why: 'A route to the internet gateway was added to a payment route table.',
        },
        {
          eventSource: 'ec2.amazonaws.com',
          eventNames: ['AssociateRouteTable', 'ReplaceRouteTableAssociation'],
          why: 'A subnet was moved to another route table.',
        },
      ],
    },
    remediation:
      'Delete the internet route from the payment route table and reach the dependency through a VPC endpoint or the inspected egress path. Tell the PCI lead: the boundary changed, however briefly.',
    guidance: { article: '04-vpc-design', anchor: 'the-payment-subnet' },
  },
  {
    id: 'PBC-NET-07',
    title: 'Payment subnets reach AWS services through VPC endpoints',
    family: 'network',
    severity: 'high',
    description:
      'PCI-scoped PBCs call Secrets Manager, KMS, SQS and the other AWS services they use through interface endpoints inside the payment subnets, and S3 and DynamoDB through gateway endpoints. Without them, the only way to AWS APIs is a path to the internet.',
    scope: 'pci',
    level: 'pbc',
    resourceTypes: ['AWS::EC2::VPCEndpoint'],
    prevention: {
      pattern:
        'The platform stack renders an interface endpoint in the payment subnets for every payment endpoint service, with private DNS off (the shared endpoints own the services’ names) and no endpoint policy, and exports their DNS names; every payment task container sets AWS_ENDPOINT_URL_<SERVICE> to them.',
      checks: [own('PBC-NET-07')],
    },
    detection: {
      // One service acts as the sentinel; the dashboard checks the rest.
      configRule: {
        identifier: 'SERVICE_VPC_ENDPOINT_ENABLED',
        inputParameters: { serviceName: 'secretsmanager' },
      },
      cloudTrail: [
        {
          eventSource: 'ec2.amazonaws.com',
          eventNames: ['DeleteVpcEndpoints'],
          why: 'A VPC endpoint was deleted.',
        },
      ],
    },
    remediation:
      'Recreate the endpoint from the platform stack (redeploy it) and check that traffic did not fall back to another path meanwhile; if a payment task lacks an AWS_ENDPOINT_URL_<SERVICE> variable, re-render the payment PBC.',
    guidance: {
      article: '04-vpc-design',
      anchor: 'vpc-endpoints-keep-traffic-private',
    },
  },
  {
    id: 'PBC-NET-08',
    title: 'Payment subnets have their own deny-by-default NACL',
    family: 'network',
    severity: 'high',
    description:
      'The payment subnets carry a dedicated network ACL that allows only the application and endpoint ports from named CIDRs and denies the rest. It is the stateless second line that still holds when a security group is misconfigured.',
    scope: 'pci',
    level: 'pbc',
    resourceTypes: [
      'AWS::EC2::NetworkAcl',
      'AWS::EC2::NetworkAclEntry',
      'AWS::EC2::SubnetNetworkAclAssociation',
    ],
    prevention: {
      pattern:
        'The payment NACL is generated with explicit allow entries per flow and a final deny (the cdk-nag VPC3 warning is suppressed for it, with this control as the reason).',
      checks: [own('PBC-NET-08')],
    },
    detection: {
      configRule: { identifier: 'NACL_NO_UNRESTRICTED_SSH_RDP' },
      cloudTrail: [
        {
          eventSource: 'ec2.amazonaws.com',
          eventNames: ['CreateNetworkAclEntry', 'ReplaceNetworkAclEntry'],
          when: 'nacl-allows-world',
          why: 'A network ACL now allows inbound traffic from anywhere.',
        },
        {
          eventSource: 'ec2.amazonaws.com',
          eventNames: ['ReplaceNetworkAclAssociation', 'DeleteNetworkAclEntry'],
          why: 'A subnet changed NACL or an entry was removed.',
        },
      ],
    },
    remediation:
      'Restore the generated NACL entries and association by redeploying the payment network stack, then review flow logs for traffic during the window.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'payment-subnet-nacl-design',
    },
  },
  {
    id: 'PBC-NET-09',
    title: 'VPC flow logs are on',
    family: 'network',
    severity: 'medium',
    description:
      'Every VPC sends flow logs to the central log store. They are the record of who talked to whom when a security group or NACL question comes up during an incident.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::EC2::VPC', 'AWS::EC2::FlowLog'],
    prevention: {
      pattern:
        'Generated VPCs include an AWS::EC2::FlowLog for all traffic to the central log bucket.',
      checks: [nag('VPC7')],
    },
    detection: {
      configRule: { identifier: 'VPC_FLOW_LOGS_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'ec2.amazonaws.com',
          eventNames: ['DeleteFlowLogs'],
          why: 'Flow logs were switched off for a VPC, subnet or interface.',
        },
      ],
    },
    remediation:
      'Recreate the flow log from the stack; note the gap in the incident record.',
    guidance: {
      article: '04-vpc-design',
      anchor: 'seeing-traffic-with-vpc-flow-logs',
    },
  },
  {
    id: 'PBC-NET-10',
    title: 'Transit Gateway does not auto-accept attachments',
    family: 'network',
    severity: 'medium',
    description:
      'VPC attachments to the shared Transit Gateway are accepted by the platform team, one by one. Auto-accept lets any account the gateway is shared with join the network.',
    scope: 'all',
    level: 'account',
    resourceTypes: ['AWS::EC2::TransitGateway'],
    prevention: {
      pattern:
        'The network account’s Transit Gateway sets AutoAcceptSharedAttachments=disable.',
      checks: [],
    },
    detection: {
      configRule: {
        identifier: 'EC2_TRANSIT_GATEWAY_AUTO_VPC_ATTACH_DISABLED',
      },
      cloudTrail: [
        {
          eventSource: 'ec2.amazonaws.com',
          eventNames: ['ModifyTransitGateway'],
          when: 'auto-accept-attachments-enabled',
          why: 'Auto-accept was turned on for the Transit Gateway.',
        },
        {
          eventSource: 'ec2.amazonaws.com',
          eventNames: ['AcceptTransitGatewayVpcAttachment'],
          why: 'A VPC attachment was accepted.',
        },
      ],
    },
    remediation:
      'Turn auto-accept off and review attachments accepted while it was on; remove any that are not in the platform inventory.',
    guidance: {
      article: '04-vpc-design',
      anchor: 'transit-gateway-for-multi-team-platforms',
    },
  },
]);
