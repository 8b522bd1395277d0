import { Control, PreventionCheck } from './types';

// Shorthands keep the data readable; the tests check that every id they
// produce is well formed.
const nag = (rule: string): PreventionCheck => ({
  tool: 'cdk-nag',
  rule: `AwsSolutions-${rule}`,
});
const lint = (rule: string): PreventionCheck => ({ tool: 'cfn-lint', rule });
const own = (controlId: string): PreventionCheck => ({
  tool: 'pbc-portal',
  rule: controlId,
});

/** Tag every PBC resource carries: `pbc=<name>`. @public */
export const PBC_TAG_KEY = 'pbc';

/**
 * Tag on buckets that hold records which must stay immutable for their
 * retention period (orders, invoices, audit evidence).
 *
 * @public
 */
export const COMPLIANCE_RECORD_TAG: { key: string; value: string } = {
  key: 'pbc:data-class',
  value: 'compliance-record',
};

/**
 * The controls of the reference architecture. Ids are stable: retire a
 * control by removing it, never renumber or reuse an id.
 *
 * @public
 */
export const CONTROLS: readonly Control[] = [
  // ---------------------------------------------------------------- identity
  {
    id: 'PBC-IAM-01',
    title: 'Each PBC runs under its own role with no wildcard actions',
    family: 'identity',
    severity: 'high',
    description:
      'Every PBC gets exactly one execution role whose statements name specific actions on the PBC’s own resources. Wildcard actions turn one compromised service into a compromised platform.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: [
      'AWS::IAM::Role',
      'AWS::IAM::Policy',
      'AWS::IAM::ManagedPolicy',
    ],
    prevention: {
      pattern:
        'The scaffolder renders one role per PBC from the PBC spec, with grants generated per resource (e.g. sqs:SendMessage on one queue ARN) and no `*` or `<service>:*` actions.',
      checks: [nag('IAM5'), own('PBC-IAM-01')],
    },
    detection: {
      configRule: { identifier: 'IAM_POLICY_NO_STATEMENTS_WITH_FULL_ACCESS' },
      cloudTrail: [
        {
          eventSource: 'iam.amazonaws.com',
          eventNames: ['PutRolePolicy', 'CreatePolicy', 'CreatePolicyVersion'],
          when: 'policy-grants-wildcard',
          why: 'A policy with wildcard actions was written outside the generated stack.',
        },
      ],
    },
    remediation:
      'Replace the wildcard with the actions the PBC calls (CloudTrail or IAM Access Analyzer policy generation shows them) and scope Resource to the PBC’s ARNs. Change it in the PBC spec and re-render so the fix survives the next deployment.',
    guidance: { article: '06-iam', anchor: 'one-role-per-pbc' },
  },
  {
    id: 'PBC-IAM-02',
    title: 'No policy grants administrator access',
    family: 'identity',
    severity: 'critical',
    description:
      'No customer-managed policy allows `*` on `*`, and no workload role has AdministratorAccess attached. Administrator rights on a service principal remove every other boundary in the account.',
    scope: 'all',
    level: 'account',
    resourceTypes: [
      'AWS::IAM::Policy',
      'AWS::IAM::ManagedPolicy',
      'AWS::IAM::Role',
    ],
    prevention: {
      pattern:
        'Generated stacks contain no administrator grants; administrative work goes through the identity provider’s break-glass role, which is not a PBC role.',
      checks: [nag('IAM5'), own('PBC-IAM-02')],
    },
    detection: {
      configRule: { identifier: 'IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS' },
      cloudTrail: [
        {
          eventSource: 'iam.amazonaws.com',
          eventNames: [
            'AttachRolePolicy',
            'AttachUserPolicy',
            'AttachGroupPolicy',
          ],
          when: 'admin-policy-attached',
          why: 'AdministratorAccess was attached to a principal.',
        },
        {
          eventSource: 'iam.amazonaws.com',
          eventNames: ['CreatePolicy', 'CreatePolicyVersion'],
          when: 'policy-grants-wildcard',
          why: 'A managed policy with full wildcard permissions was created.',
        },
      ],
    },
    remediation:
      'Detach the policy or delete the offending statement, then review CloudTrail for what the principal did while it held the grant.',
    guidance: { article: '06-iam', anchor: 'one-role-per-pbc' },
  },
  {
    id: 'PBC-IAM-03',
    title: 'PBC roles use customer-managed policies, not AWS managed ones',
    family: 'identity',
    severity: 'medium',
    description:
      'AWS managed policies are written for every customer and usually span all resources of a service. PBC roles carry policies generated for the PBC so that the grant matches what it owns.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::IAM::Role'],
    prevention: {
      pattern:
        'Generated roles have no ManagedPolicyArns pointing at `arn:aws:iam::aws:policy/`; service-linked needs are met with scoped inline statements.',
      checks: [nag('IAM4'), own('PBC-IAM-03')],
    },
    detection: {
      customRule:
        'Guard policy rule over AWS::IAM::Role configuration items tagged `pbc`: no attached policy ARN in the `aws` account.',
      cloudTrail: [
        {
          eventSource: 'iam.amazonaws.com',
          eventNames: ['AttachRolePolicy'],
          when: 'aws-managed-policy-attached',
          why: 'An AWS managed policy was attached to a role by hand.',
        },
      ],
    },
    remediation:
      'Detach the AWS managed policy and add the specific actions the PBC needs to its spec; re-render the stack.',
    guidance: { article: '06-iam', anchor: 'one-role-per-pbc' },
  },
  {
    id: 'PBC-IAM-04',
    title: 'PBC roles carry the platform permissions boundary',
    family: 'identity',
    severity: 'high',
    description:
      'Every role a PBC stack creates has the platform’s permissions boundary, which caps what any PBC can ever be granted (no IAM writes outside its path, no access to other PBCs’ keys). Teams keep the freedom to edit their own policies without being able to escalate.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::IAM::Role'],
    prevention: {
      pattern:
        'The scaffolder sets PermissionsBoundary on every AWS::IAM::Role to the platform’s `pbc-boundary` managed policy and places roles under the `/pbc/<name>/` path.',
      checks: [own('PBC-IAM-04')],
    },
    detection: {
      customRule:
        'Guard policy rule over AWS::IAM::Role configuration items tagged `pbc`: PermissionsBoundary.PermissionsBoundaryArn equals the platform boundary.',
      cloudTrail: [
        {
          eventSource: 'iam.amazonaws.com',
          eventNames: ['DeleteRolePermissionsBoundary'],
          why: 'A permissions boundary was removed from a role.',
        },
        {
          eventSource: 'iam.amazonaws.com',
          eventNames: ['CreateRole'],
          when: 'role-without-permissions-boundary',
          why: 'A PBC role was created without the platform boundary.',
        },
      ],
    },
    remediation:
      'Put the platform boundary back on the role (iam put-role-permissions-boundary) and find out which pipeline or person removed it; the generated stack restores it on the next deployment.',
    guidance: { article: '06-iam', anchor: 'permissions-boundaries' },
  },
  {
    id: 'PBC-IAM-05',
    title: 'No long-lived access keys',
    family: 'identity',
    severity: 'high',
    description:
      'Workloads authenticate with role credentials, and people through the identity provider; IAM user access keys are the exception and are rotated within 90 days. Static keys leak through code, laptops and CI logs and never expire on their own.',
    scope: 'all',
    level: 'account',
    resourceTypes: ['AWS::IAM::User', 'AWS::IAM::AccessKey'],
    prevention: {
      pattern:
        'Generated stacks contain no AWS::IAM::User or AWS::IAM::AccessKey; PBC compute uses its execution role and CI uses OIDC federation.',
      checks: [own('PBC-IAM-05')],
    },
    detection: {
      configRule: {
        identifier: 'ACCESS_KEYS_ROTATED',
        inputParameters: { maxAccessKeyAge: '90' },
      },
      cloudTrail: [
        {
          eventSource: 'iam.amazonaws.com',
          eventNames: ['CreateAccessKey'],
          why: 'A new long-lived access key was issued.',
        },
      ],
    },
    remediation:
      'Move the caller to a role (instance profile, task role or OIDC federation), then deactivate and delete the key. If the key cannot go yet, rotate it and record the exception.',
    guidance: { article: '06-iam', anchor: 'no-credentials-in-code-or-config' },
  },
  {
    id: 'PBC-IAM-06',
    title: 'Credentials live in Secrets Manager, never in code or config',
    family: 'identity',
    severity: 'high',
    description:
      'Database passwords, payment provider keys and API tokens are read at runtime from Secrets Manager (or referenced dynamically in templates), never written into source, templates or environment variables. Anything in a repository or a task definition is readable by far more people than the secret’s owner.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: [
      'AWS::SecretsManager::Secret',
      'AWS::RDS::DBCluster',
      'AWS::ECS::TaskDefinition',
      'AWS::Lambda::Function',
    ],
    prevention: {
      pattern:
        'The scaffolder creates secrets with generated values, references them with `{{resolve:secretsmanager:...}}` or ManageMasterUserPassword, and grants the PBC role secretsmanager:GetSecretValue on its own secrets only.',
      checks: [lint('W1011'), lint('W2501'), own('PBC-IAM-06')],
    },
    detection: {
      configRule: {
        identifier: 'ECS_NO_ENVIRONMENT_SECRETS',
        inputParameters: {
          secretKeys:
            'PASSWORD,DB_PASSWORD,SECRET,API_KEY,TOKEN,AWS_SECRET_ACCESS_KEY',
        },
      },
      cloudTrail: [],
    },
    remediation:
      'Move the value into a Secrets Manager secret owned by the PBC, rotate it (the old value must be considered leaked) and read it at runtime or through a dynamic reference.',
    guidance: { article: '06-iam', anchor: 'no-credentials-in-code-or-config' },
  },
  {
    id: 'PBC-IAM-07',
    title: 'Secrets rotate automatically',
    family: 'identity',
    severity: 'medium',
    description:
      'Every Secrets Manager secret of a PBC has a rotation schedule. Rotation bounds how long a leaked credential stays useful.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: [
      'AWS::SecretsManager::Secret',
      'AWS::SecretsManager::RotationSchedule',
    ],
    prevention: {
      pattern:
        'Database secrets get the managed rotation function; third-party keys get a rotation schedule that calls the PBC’s rotation handler.',
      checks: [nag('SMG4')],
    },
    detection: {
      configRule: { identifier: 'SECRETSMANAGER_ROTATION_ENABLED_CHECK' },
      cloudTrail: [
        {
          eventSource: 'secretsmanager.amazonaws.com',
          eventNames: ['CancelRotateSecret'],
          why: 'Rotation was switched off for a secret.',
        },
      ],
    },
    remediation:
      'Attach a rotation schedule (30 to 90 days) and test one rotation end to end before closing the finding.',
    guidance: { article: '06-iam', anchor: 'no-credentials-in-code-or-config' },
  },
  {
    id: 'PBC-IAM-08',
    title: 'Console users sign in with MFA',
    family: 'identity',
    severity: 'high',
    description:
      'Every IAM user with a console password has an MFA device, and federated users are held to MFA by the identity provider. A password alone is the most common way into an AWS account.',
    scope: 'all',
    level: 'account',
    resourceTypes: ['AWS::IAM::User'],
    prevention: {
      pattern:
        'The platform grants human access only through the identity provider with MFA enforced; the account baseline denies actions when aws:MultiFactorAuthPresent is false.',
      checks: [],
    },
    detection: {
      configRule: { identifier: 'MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS' },
      cloudTrail: [
        {
          eventSource: 'signin.amazonaws.com',
          eventNames: ['ConsoleLogin'],
          when: 'console-login-without-mfa',
          why: 'Someone signed in to the console without MFA.',
        },
        {
          eventSource: 'iam.amazonaws.com',
          eventNames: ['DeactivateMFADevice', 'DeleteVirtualMFADevice'],
          why: 'An MFA device was removed from a user.',
        },
      ],
    },
    remediation:
      'Register an MFA device for the user or, better, remove the console password and move the person to the identity provider.',
    guidance: { article: '06-iam', anchor: 'mfa-for-every-human' },
  },
  {
    id: 'PBC-IAM-09',
    title: 'The root user has no access keys and is not used',
    family: 'identity',
    severity: 'critical',
    description:
      'The root user has no access keys and does no day-to-day work. Root credentials cannot be limited by any policy, so every use is an event worth reviewing.',
    scope: 'all',
    level: 'account',
    resourceTypes: [],
    prevention: {
      pattern:
        'Account vending removes root access keys and, where AWS Organizations allows, centralises root access so member accounts have no root credentials.',
      checks: [],
    },
    detection: {
      configRule: { identifier: 'IAM_ROOT_ACCESS_KEY_CHECK' },
      cloudTrail: [
        {
          eventSource: '*',
          eventNames: ['*'],
          when: 'root-identity',
          why: 'The root user made a call.',
        },
      ],
    },
    remediation:
      'Sign in as root once to delete its access keys, confirm MFA, and store the credentials under dual control. Investigate any root activity you did not plan.',
    guidance: { article: '06-iam', anchor: 'locking-away-the-root-user' },
  },
  {
    id: 'PBC-IAM-10',
    title: 'The root user is protected by MFA',
    family: 'identity',
    severity: 'critical',
    description:
      'The root user requires MFA to sign in. It is the one identity that can close the account or change its billing, so a password alone is not enough.',
    scope: 'all',
    level: 'account',
    resourceTypes: [],
    prevention: {
      pattern:
        'Account vending registers a hardware or passkey MFA device for root before handover.',
      checks: [],
    },
    detection: {
      configRule: { identifier: 'ROOT_ACCOUNT_MFA_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'iam.amazonaws.com',
          eventNames: ['DeactivateMFADevice', 'DeleteVirtualMFADevice'],
          when: 'root-identity',
          why: 'The root user removed its own MFA device.',
        },
      ],
    },
    remediation:
      'Sign in as root and register an MFA device; keep a second device in the break-glass safe.',
    guidance: { article: '06-iam', anchor: 'locking-away-the-root-user' },
  },
  {
    id: 'PBC-IAM-11',
    title: 'EC2 instances get credentials from an instance role',
    family: 'identity',
    severity: 'medium',
    description:
      'Every PBC instance has the PBC’s instance profile attached, so code gets short-lived credentials from the metadata service. Without one, teams are tempted to copy keys onto the instance.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: [
      'AWS::EC2::Instance',
      'AWS::EC2::LaunchTemplate',
      'AWS::IAM::InstanceProfile',
    ],
    prevention: {
      pattern:
        'Generated launch templates reference the PBC’s instance profile; no user data writes credentials.',
      checks: [own('PBC-IAM-11')],
    },
    detection: {
      configRule: { identifier: 'EC2_INSTANCE_PROFILE_ATTACHED' },
      cloudTrail: [
        {
          eventSource: 'ec2.amazonaws.com',
          eventNames: [
            'DisassociateIamInstanceProfile',
            'ReplaceIamInstanceProfileAssociation',
          ],
          why: 'An instance’s role was removed or swapped outside the stack.',
        },
      ],
    },
    remediation:
      'Attach the PBC’s instance profile (or replace the instance from the launch template) and delete any credentials found on disk.',
    guidance: { article: '06-iam', anchor: 'instance-roles-for-ec2' },
  },
  {
    id: 'PBC-IAM-12',
    title: 'Instances accept IMDSv2 only',
    family: 'identity',
    severity: 'high',
    description:
      'The instance metadata service requires session tokens (IMDSv2) with a hop limit that keeps containers out. IMDSv1 lets a server-side request forgery bug read the instance role’s credentials.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate'],
    prevention: {
      pattern:
        'Launch templates set MetadataOptions HttpTokens=required and HttpPutResponseHopLimit=1 (2 for container hosts).',
      checks: [own('PBC-IAM-12')],
    },
    detection: {
      configRule: { identifier: 'EC2_IMDSV2_CHECK' },
      cloudTrail: [
        {
          eventSource: 'ec2.amazonaws.com',
          eventNames: ['ModifyInstanceMetadataOptions', 'RunInstances'],
          when: 'imds-v1-allowed',
          why: 'An instance was started or changed to accept IMDSv1.',
        },
      ],
    },
    remediation:
      'Run ec2 modify-instance-metadata-options --http-tokens required on the instance and fix the launch template so replacements keep the setting.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'enforcing-imdsv2',
    },
  },
  {
    id: 'PBC-IAM-13',
    title: 'Cross-PBC access names the calling role, never `*`',
    family: 'identity',
    severity: 'high',
    description:
      'When one PBC may use another’s queue, topic, bucket or key, the owner’s resource policy names the consumer’s role ARN. A `*` principal opens the resource to every identity in every account.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: [
      'AWS::SQS::QueuePolicy',
      'AWS::SNS::TopicPolicy',
      'AWS::S3::BucketPolicy',
      'AWS::KMS::Key',
    ],
    prevention: {
      pattern:
        'Consumers are declared in the owning PBC’s spec; the scaffolder renders resource policy statements per consumer role and never emits Principal `*` without a source-ARN condition.',
      checks: [own('PBC-IAM-13')],
    },
    detection: {
      customRule:
        'Guard policy rule over queue, topic, bucket and key policies: no Allow with Principal `*` unless conditioned on aws:SourceArn or aws:PrincipalOrgID.',
      cloudTrail: [
        {
          eventSource: 'sqs.amazonaws.com',
          eventNames: ['SetQueueAttributes', 'AddPermission'],
          when: 'resource-policy-allows-any-principal',
          why: 'A queue policy now lets any principal in.',
        },
        {
          eventSource: 'sns.amazonaws.com',
          eventNames: ['SetTopicAttributes', 'AddPermission'],
          when: 'resource-policy-allows-any-principal',
          why: 'A topic policy now lets any principal in.',
        },
        {
          eventSource: 'kms.amazonaws.com',
          eventNames: ['PutKeyPolicy'],
          when: 'resource-policy-allows-any-principal',
          why: 'A key policy now lets any principal use the key.',
        },
      ],
    },
    remediation:
      'Replace `*` with the consuming PBC’s role ARN (declare the consumer in the owner’s spec) and re-render the owner’s stack.',
    guidance: { article: '06-iam', anchor: 'cross-pbc-authorisation' },
  },

  // ----------------------------------------------------------------- network
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
      'PCI-scoped PBCs call Secrets Manager, KMS, SQS and other AWS services through interface or gateway endpoints with endpoint policies. Without them, the only way to AWS APIs is a path to the internet.',
    scope: 'pci',
    level: 'pbc',
    resourceTypes: ['AWS::EC2::VPCEndpoint'],
    prevention: {
      pattern:
        'The payment VPC is rendered with endpoints for every service the PBC spec uses, private DNS on, and endpoint policies limited to the PBC’s resources.',
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
      'Recreate the endpoint from the stack (re-render the payment PBC) and check that traffic did not fall back to another path meanwhile.',
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

  // --------------------------------------------------------------- messaging
  {
    id: 'PBC-MSG-01',
    title: 'Every SQS queue has a dead-letter queue',
    family: 'messaging',
    severity: 'high',
    description:
      'Every work queue has a redrive policy to a dead-letter queue with a bounded maxReceiveCount and longer retention. A poison message then stops blocking the queue, and a failed order is parked instead of lost.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::SQS::Queue'],
    prevention: {
      pattern:
        'The scaffolder renders each queue with a paired DLQ (maxReceiveCount 5, retention 14 days) and marks the DLQ itself so the check does not demand a DLQ for the DLQ.',
      checks: [nag('SQS3'), own('PBC-MSG-01')],
    },
    detection: {
      customRule:
        'Guard policy rule over AWS::SQS::Queue configuration items: RedrivePolicy present unless the queue is another queue’s DLQ.',
      cloudTrail: [
        {
          eventSource: 'sqs.amazonaws.com',
          eventNames: ['SetQueueAttributes'],
          when: 'redrive-policy-removed',
          why: 'A queue lost its dead-letter queue.',
        },
      ],
    },
    remediation:
      'Add the RedrivePolicy back in the PBC spec and re-render; if messages were dropped meanwhile, replay them from the publisher or the order store.',
    guidance: {
      article: '08-messaging',
      anchor: 'dead-letter-queues-as-revenue-alerts',
    },
  },
  {
    id: 'PBC-MSG-02',
    title: 'SQS queues are encrypted with a customer-managed KMS key',
    family: 'messaging',
    severity: 'high',
    description:
      'Queues use SSE-KMS with the owning PBC’s key, so reading a message needs both sqs and kms permissions. Order and customer events carry personal data.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::SQS::Queue', 'AWS::KMS::Key'],
    prevention: {
      pattern:
        'Queues set KmsMasterKeyId to the PBC’s key; the key policy grants decrypt to the consumer roles and to sns.amazonaws.com for subscribed topics.',
      checks: [nag('SQS2'), own('PBC-MSG-02')],
    },
    detection: {
      customRule:
        'Guard policy rule over AWS::SQS::Queue configuration items: KmsMasterKeyId set and not alias/aws/sqs.',
      cloudTrail: [
        {
          eventSource: 'sqs.amazonaws.com',
          eventNames: ['CreateQueue', 'SetQueueAttributes'],
          when: 'kms-encryption-absent',
          why: 'A queue was created or changed without a KMS key.',
        },
      ],
    },
    remediation:
      'Set KmsMasterKeyId to the PBC’s key in the spec and re-render; give consumers kms:Decrypt on that key.',
    guidance: {
      article: '08-messaging',
      anchor: 'encrypting-messages-with-kms',
    },
  },
  {
    id: 'PBC-MSG-03',
    title: 'SQS queues refuse requests without TLS',
    family: 'messaging',
    severity: 'medium',
    description:
      'Queue policies deny every action when aws:SecureTransport is false. Encryption at rest means little if messages can cross the network in clear text.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::SQS::Queue', 'AWS::SQS::QueuePolicy'],
    prevention: {
      pattern:
        'Every generated queue policy starts with a Deny statement on aws:SecureTransport=false.',
      checks: [nag('SQS4'), own('PBC-MSG-03')],
    },
    detection: {
      customRule:
        'Guard policy rule over queue policies: a Deny on aws:SecureTransport=false is present.',
      cloudTrail: [
        {
          eventSource: 'sqs.amazonaws.com',
          eventNames: ['SetQueueAttributes'],
          when: 'secure-transport-deny-missing',
          why: 'A queue policy no longer enforces TLS.',
        },
      ],
    },
    remediation:
      'Restore the TLS-only Deny statement by re-rendering the queue policy from the spec.',
    guidance: { article: '08-messaging', anchor: 'tls-only-queues-and-topics' },
  },
  {
    id: 'PBC-MSG-04',
    title: 'SNS topics are encrypted with KMS',
    family: 'messaging',
    severity: 'high',
    description:
      'Topics that fan out order and customer events use SSE-KMS with the publisher’s key. Subscribers then need explicit key grants, which documents who reads the events.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::SNS::Topic', 'AWS::KMS::Key'],
    prevention: {
      pattern: 'Topics set KmsMasterKeyId to the publishing PBC’s key.',
      checks: [nag('SNS2'), own('PBC-MSG-04')],
    },
    detection: {
      configRule: { identifier: 'SNS_ENCRYPTED_KMS' },
      cloudTrail: [
        {
          eventSource: 'sns.amazonaws.com',
          eventNames: ['CreateTopic', 'SetTopicAttributes'],
          when: 'kms-encryption-absent',
          why: 'A topic was created or changed without a KMS key.',
        },
      ],
    },
    remediation:
      'Set KmsMasterKeyId on the topic from the spec and grant subscribers’ services use of the key.',
    guidance: {
      article: '08-messaging',
      anchor: 'encrypting-messages-with-kms',
    },
  },
  {
    id: 'PBC-MSG-05',
    title: 'SNS topics accept publishes over TLS only',
    family: 'messaging',
    severity: 'medium',
    description:
      'Topic policies deny sns:Publish when aws:SecureTransport is false. Publishers outside the VPC must not be able to send events in clear text.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::SNS::Topic', 'AWS::SNS::TopicPolicy'],
    prevention: {
      pattern:
        'Every generated topic policy includes the TLS-only Deny statement.',
      checks: [nag('SNS3'), own('PBC-MSG-05')],
    },
    detection: {
      customRule:
        'Guard policy rule over topic policies: a Deny on aws:SecureTransport=false is present.',
      cloudTrail: [
        {
          eventSource: 'sns.amazonaws.com',
          eventNames: ['SetTopicAttributes'],
          when: 'secure-transport-deny-missing',
          why: 'A topic policy no longer enforces TLS.',
        },
      ],
    },
    remediation:
      'Re-render the topic policy from the spec to restore the TLS-only statement.',
    guidance: { article: '08-messaging', anchor: 'tls-only-queues-and-topics' },
  },
  {
    id: 'PBC-MSG-06',
    title: 'Dead-letter queues page their owners',
    family: 'messaging',
    severity: 'high',
    description:
      'Each DLQ has a CloudWatch alarm on ApproximateNumberOfMessagesVisible > 0 that notifies the owning team. A message in a DLQ is usually an order, a payment or a stock update that did not happen.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::CloudWatch::Alarm', 'AWS::SQS::Queue'],
    prevention: {
      pattern:
        'For every DLQ the scaffolder renders an alarm with an action on the team’s on-call topic.',
      checks: [own('PBC-MSG-06')],
    },
    detection: {
      customRule:
        'Dashboard check: every queue referenced as a deadLetterTargetArn has an alarm on ApproximateNumberOfMessagesVisible with at least one alarm action.',
      cloudTrail: [
        {
          eventSource: 'monitoring.amazonaws.com',
          eventNames: ['DeleteAlarms', 'DisableAlarmActions'],
          why: 'An alarm was deleted or silenced.',
        },
      ],
    },
    remediation:
      'Re-render the PBC so the DLQ alarm returns, then drain the DLQ: fix the consumer and redrive the messages to the source queue.',
    guidance: {
      article: '08-messaging',
      anchor: 'dead-letter-queues-as-revenue-alerts',
    },
  },
  {
    id: 'PBC-MSG-07',
    title: 'Payment flows use FIFO queues and idempotent consumers',
    family: 'messaging',
    severity: 'high',
    description:
      'Queues of PCI-scoped PBCs are FIFO with deduplication, and consumers record processed message ids. Payment captures and refunds must happen once and in order, and standard queues may deliver twice or out of order.',
    scope: 'pci',
    level: 'pbc',
    resourceTypes: ['AWS::SQS::Queue'],
    prevention: {
      pattern:
        'For pciScope PBCs the scaffolder renders FifoQueue=true with ContentBasedDeduplication and a MessageGroupId per order, and wires the consumer to an idempotency table.',
      checks: [own('PBC-MSG-07')],
    },
    detection: {
      customRule:
        'Dashboard check: queues tagged with a pci-scope PBC have FifoQueue=true.',
      cloudTrail: [
        {
          eventSource: 'sqs.amazonaws.com',
          eventNames: ['CreateQueue'],
          when: 'queue-not-fifo',
          why: 'A standard queue was created for a payment PBC.',
        },
      ],
    },
    remediation:
      'Create a FIFO replacement through the spec, move producers and consumers to it, and drain the standard queue once empty.',
    guidance: { article: '08-messaging', anchor: 'fifo-queues-for-payment' },
  },
  {
    id: 'PBC-MSG-08',
    title: 'Visibility timeout and polling match the consumer',
    family: 'messaging',
    severity: 'low',
    description:
      'A queue’s visibility timeout is at least six times the consumer’s processing timeout, and consumers use long polling. A short timeout makes messages reappear while still being processed, which turns into duplicate work.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::SQS::Queue'],
    prevention: {
      pattern:
        'The scaffolder derives VisibilityTimeout from the consumer timeout in the spec and sets ReceiveMessageWaitTimeSeconds to 20.',
      checks: [own('PBC-MSG-08')],
    },
    detection: {
      customRule:
        'Dashboard check over AWS::SQS::Queue configuration items against the consumer timeout in the PBC spec.',
      cloudTrail: [],
    },
    remediation:
      'Set the consumer timeout in the spec and re-render; the queue attributes follow.',
    guidance: {
      article: '08-messaging',
      anchor: 'visibility-timeout-as-the-reliability-contract',
    },
  },
  {
    id: 'PBC-MSG-09',
    title: 'Kinesis streams are encrypted',
    family: 'messaging',
    severity: 'medium',
    description:
      'Behavioural event streams feeding the personalisation PBC use server-side encryption. Clickstreams identify people and fall under the same data protection rules as profiles.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::Kinesis::Stream'],
    prevention: {
      pattern: 'Generated streams set StreamEncryption with KMS.',
      checks: [nag('KDS1')],
    },
    detection: {
      configRule: { identifier: 'KINESIS_STREAM_ENCRYPTED' },
      cloudTrail: [
        {
          eventSource: 'kinesis.amazonaws.com',
          eventNames: ['StopStreamEncryption'],
          why: 'Encryption was turned off for a stream.',
        },
      ],
    },
    remediation:
      'Start stream encryption (kinesis start-stream-encryption) and fix the spec so it stays on.',
    guidance: {
      article: '11-infrastructure-glue',
      anchor: 'encrypting-kinesis-streams',
    },
  },

  // -------------------------------------------------------------------- data
  {
    id: 'PBC-DATA-01',
    title: 'DynamoDB tables have point-in-time recovery',
    family: 'data',
    severity: 'high',
    description:
      'Cart, session and other DynamoDB tables keep continuous backups with point-in-time recovery. A bad deployment that corrupts items can be undone to the second.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'],
    prevention: {
      pattern:
        'Generated tables set PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled=true.',
      checks: [nag('DDB3'), own('PBC-DATA-01')],
    },
    detection: {
      configRule: { identifier: 'DYNAMODB_PITR_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'dynamodb.amazonaws.com',
          eventNames: ['UpdateContinuousBackups'],
          when: 'pitr-disabled',
          why: 'Point-in-time recovery was switched off.',
        },
      ],
    },
    remediation:
      'Turn PITR back on (dynamodb update-continuous-backups); the recovery window restarts from now.',
    guidance: { article: '07-databases', anchor: 'rpo-and-rto-by-design' },
  },
  {
    id: 'PBC-DATA-02',
    title: 'DynamoDB tables are encrypted with a customer-managed KMS key',
    family: 'data',
    severity: 'medium',
    description:
      'Tables use the owning PBC’s KMS key rather than the AWS owned key. The key policy then decides who can read the data, and CloudTrail records every use.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::DynamoDB::Table', 'AWS::KMS::Key'],
    prevention: {
      pattern:
        'Generated tables set SSESpecification with SSEType KMS and the PBC’s key.',
      checks: [own('PBC-DATA-02')],
    },
    detection: {
      configRule: { identifier: 'DYNAMODB_TABLE_ENCRYPTED_KMS' },
      cloudTrail: [
        {
          eventSource: 'dynamodb.amazonaws.com',
          eventNames: ['CreateTable', 'UpdateTable'],
          when: 'kms-encryption-absent',
          why: 'A table was created or switched to the AWS owned key.',
        },
      ],
    },
    remediation:
      'Update the table’s SSE specification to the PBC’s key through the spec; the switch is online.',
    guidance: {
      article: '07-databases',
      anchor: 'encryption-at-rest-for-every-store',
    },
  },
  {
    id: 'PBC-DATA-03',
    title: 'Relational databases are Multi-AZ',
    family: 'data',
    severity: 'high',
    description:
      'Aurora clusters have a replica in a second Availability Zone and RDS instances run Multi-AZ. Read replicas are for scaling reads; only Multi-AZ gives the automatic failover the Order PBC needs.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance'],
    prevention: {
      pattern:
        'Aurora clusters are rendered with a writer and a reader in different AZs; RDS instances set MultiAZ=true.',
      checks: [nag('RDS3'), own('PBC-DATA-03')],
    },
    detection: {
      configRule: { identifier: 'RDS_CLUSTER_MULTI_AZ_ENABLED' },
      relatedConfigRules: [{ identifier: 'RDS_MULTI_AZ_SUPPORT' }],
      cloudTrail: [
        {
          eventSource: 'rds.amazonaws.com',
          eventNames: ['ModifyDBInstance'],
          when: 'multi-az-disabled',
          why: 'Multi-AZ was switched off for a database instance.',
        },
        {
          eventSource: 'rds.amazonaws.com',
          eventNames: ['DeleteDBInstance'],
          why: 'A database instance (possibly the only replica) was deleted.',
        },
      ],
    },
    remediation:
      'Add a reader in another AZ to the Aurora cluster, or modify the RDS instance to Multi-AZ, during a low-traffic window.',
    guidance: {
      article: '07-databases',
      anchor: 'multi-az-versus-read-replicas',
    },
  },
  {
    id: 'PBC-DATA-04',
    title: 'Relational database storage is encrypted',
    family: 'data',
    severity: 'high',
    description:
      'Aurora and RDS storage, backups and snapshots are encrypted with the PBC’s KMS key. Encryption cannot be added to an existing database in place, so it must be right at creation.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance'],
    prevention: {
      pattern:
        'Generated clusters and instances set StorageEncrypted=true with the PBC’s KmsKeyId.',
      checks: [nag('RDS2'), own('PBC-DATA-04')],
    },
    detection: {
      configRule: { identifier: 'RDS_STORAGE_ENCRYPTED' },
      cloudTrail: [
        {
          eventSource: 'rds.amazonaws.com',
          eventNames: [
            'CreateDBCluster',
            'CreateDBInstance',
            'RestoreDBClusterFromSnapshot',
          ],
          when: 'kms-encryption-absent',
          why: 'An unencrypted database was created.',
        },
      ],
    },
    remediation:
      'Snapshot the database, copy the snapshot with the PBC’s KMS key, restore from the encrypted copy and cut over.',
    guidance: {
      article: '07-databases',
      anchor: 'encryption-at-rest-for-every-store',
    },
  },
  {
    id: 'PBC-DATA-05',
    title: 'Databases have deletion protection',
    family: 'data',
    severity: 'high',
    description:
      'Aurora clusters and RDS instances have deletion protection, and their CloudFormation resources retain or snapshot on delete. A stack teardown or a mistyped command must not take the order history with it.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance'],
    prevention: {
      pattern:
        'Generated databases set DeletionProtection=true and DeletionPolicy/UpdateReplacePolicy Snapshot.',
      checks: [nag('RDS10'), lint('I3011'), own('PBC-DATA-05')],
    },
    detection: {
      configRule: { identifier: 'RDS_CLUSTER_DELETION_PROTECTION_ENABLED' },
      relatedConfigRules: [
        { identifier: 'RDS_INSTANCE_DELETION_PROTECTION_ENABLED' },
      ],
      cloudTrail: [
        {
          eventSource: 'rds.amazonaws.com',
          eventNames: ['ModifyDBCluster', 'ModifyDBInstance'],
          when: 'deletion-protection-disabled',
          why: 'Deletion protection was switched off.',
        },
        {
          eventSource: 'rds.amazonaws.com',
          eventNames: ['DeleteDBCluster'],
          why: 'A database cluster was deleted.',
        },
      ],
    },
    remediation:
      'Turn deletion protection back on and confirm who needed it off and why.',
    guidance: {
      article: '07-databases',
      anchor: 'protecting-the-order-database-from-deletion',
    },
  },
  {
    id: 'PBC-DATA-06',
    title: 'Databases and their snapshots are not public',
    family: 'data',
    severity: 'critical',
    description:
      'No database instance is publicly accessible and no snapshot is shared with all accounts. Databases are reached only by their owning PBC, from inside the VPC.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
    prevention: {
      pattern:
        'Generated databases set PubliclyAccessible=false and live in isolated subnets with a security group open to the PBC only.',
      checks: [own('PBC-DATA-06')],
    },
    detection: {
      configRule: { identifier: 'RDS_INSTANCE_PUBLIC_ACCESS_CHECK' },
      relatedConfigRules: [{ identifier: 'RDS_SNAPSHOTS_PUBLIC_PROHIBITED' }],
      cloudTrail: [
        {
          eventSource: 'rds.amazonaws.com',
          eventNames: ['ModifyDBInstance', 'CreateDBInstance'],
          when: 'made-publicly-accessible',
          why: 'A database was made reachable from the internet.',
        },
        {
          eventSource: 'rds.amazonaws.com',
          eventNames: [
            'ModifyDBSnapshotAttribute',
            'ModifyDBClusterSnapshotAttribute',
          ],
          when: 'snapshot-shared-publicly',
          why: 'A database snapshot was shared with every AWS account.',
        },
      ],
    },
    remediation:
      'Set PubliclyAccessible=false and remove `all` from snapshot restore attributes at once; treat the data as exposed and review access logs.',
    guidance: { article: '07-databases', anchor: 'keeping-databases-private' },
  },
  {
    id: 'PBC-DATA-07',
    title: 'Relational databases keep automated backups',
    family: 'data',
    severity: 'medium',
    description:
      'Automated backups are on with a retention of at least seven days. The RPO agreed for a PBC is only real if a restore point exists.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance'],
    prevention: {
      pattern:
        'Generated databases set BackupRetentionPeriod from the PBC spec, 7 days minimum.',
      checks: [nag('RDS13'), own('PBC-DATA-07')],
    },
    detection: {
      configRule: { identifier: 'DB_INSTANCE_BACKUP_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'rds.amazonaws.com',
          eventNames: ['ModifyDBInstance', 'ModifyDBCluster'],
          when: 'backups-disabled',
          why: 'Automated backups were switched off.',
        },
      ],
    },
    remediation:
      'Set the backup retention back to the spec value and run a restore test.',
    guidance: { article: '07-databases', anchor: 'rpo-and-rto-by-design' },
  },
  {
    id: 'PBC-DATA-08',
    title: 'The analytics warehouse is private and encrypted',
    family: 'data',
    severity: 'high',
    description:
      'The Redshift cluster that joins data across PBCs is not publicly accessible and is encrypted at rest. It holds the most complete copy of customer and order data on the platform.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::Redshift::Cluster'],
    prevention: {
      pattern:
        'The analytics stack sets PubliclyAccessible=false and Encrypted=true with its KMS key.',
      checks: [nag('RS8'), nag('RS6')],
    },
    detection: {
      configRule: { identifier: 'REDSHIFT_CLUSTER_PUBLIC_ACCESS_CHECK' },
      cloudTrail: [
        {
          eventSource: 'redshift.amazonaws.com',
          eventNames: ['ModifyCluster'],
          when: 'made-publicly-accessible',
          why: 'The warehouse was made reachable from the internet.',
        },
      ],
    },
    remediation:
      'Modify the cluster to PubliclyAccessible=false and review its connection log for outside access.',
    guidance: { article: '07-databases', anchor: 'keeping-databases-private' },
  },
  {
    id: 'PBC-DATA-09',
    title: 'ElastiCache encrypts traffic in transit',
    family: 'data',
    severity: 'high',
    description:
      'Redis replication groups require TLS for every client connection. Sessions and carts in the cache carry tokens and personal data.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::ElastiCache::ReplicationGroup'],
    prevention: {
      pattern:
        'Generated replication groups set TransitEncryptionEnabled=true (mode required).',
      checks: [nag('AEC3'), own('PBC-DATA-09')],
    },
    detection: {
      configRule: { identifier: 'ELASTICACHE_REPL_GRP_ENCRYPTED_IN_TRANSIT' },
      cloudTrail: [
        {
          eventSource: 'elasticache.amazonaws.com',
          eventNames: ['ModifyReplicationGroup'],
          when: 'tls-not-required',
          why: 'The cache now accepts plaintext connections.',
        },
      ],
    },
    remediation:
      'Set transit encryption mode back to required after clients are confirmed on TLS.',
    guidance: {
      article: '10-elasticache',
      anchor: 'encryption-in-transit-and-at-rest',
    },
  },
  {
    id: 'PBC-DATA-10',
    title: 'ElastiCache encrypts data at rest',
    family: 'data',
    severity: 'medium',
    description:
      'Redis replication groups encrypt data at rest, including backups, with the PBC’s key. Snapshots of a session cache are as sensitive as the sessions.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::ElastiCache::ReplicationGroup'],
    prevention: {
      pattern:
        'Generated replication groups set AtRestEncryptionEnabled=true with the PBC’s KmsKeyId.',
      checks: [nag('AEC3'), own('PBC-DATA-10')],
    },
    detection: {
      configRule: { identifier: 'ELASTICACHE_REPL_GRP_ENCRYPTED_AT_REST' },
      cloudTrail: [
        {
          eventSource: 'elasticache.amazonaws.com',
          eventNames: ['CreateReplicationGroup'],
          when: 'kms-encryption-absent',
          why: 'A cache was created without encryption at rest.',
        },
      ],
    },
    remediation:
      'At-rest encryption is set at creation: create an encrypted replication group from the spec, warm it and switch the PBC over.',
    guidance: {
      article: '10-elasticache',
      anchor: 'encryption-in-transit-and-at-rest',
    },
  },
  {
    id: 'PBC-DATA-11',
    title: 'ElastiCache fails over automatically across AZs',
    family: 'data',
    severity: 'high',
    description:
      'Redis replication groups have a replica in another AZ with automatic failover and Multi-AZ on. When the primary fails during a sale, a replica takes over in seconds instead of every PBC hitting a cold database.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::ElastiCache::ReplicationGroup'],
    prevention: {
      pattern:
        'Generated replication groups set AutomaticFailoverEnabled=true, MultiAZEnabled=true and at least one replica.',
      checks: [nag('AEC4'), own('PBC-DATA-11')],
    },
    detection: {
      configRule: { identifier: 'ELASTICACHE_REPL_GRP_AUTO_FAILOVER_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'elasticache.amazonaws.com',
          eventNames: ['ModifyReplicationGroup'],
          when: 'failover-disabled',
          why: 'Automatic failover was switched off.',
        },
      ],
    },
    remediation:
      'Add a replica in another AZ and enable automatic failover and Multi-AZ on the replication group.',
    guidance: { article: '10-elasticache', anchor: 'multi-az-failover' },
  },
  {
    id: 'PBC-DATA-12',
    title: 'S3 buckets block public access',
    family: 'data',
    severity: 'critical',
    description:
      'All four Block Public Access settings are on for every bucket and for the account; storefront assets are served through CloudFront, never from a public bucket. A public bucket is the most common cloud data leak.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::S3::Bucket', 'AWS::S3::BucketPolicy'],
    prevention: {
      pattern:
        'Generated buckets set PublicAccessBlockConfiguration with all four flags and use bucket policies, not ACLs.',
      checks: [nag('S2'), lint('W3045'), own('PBC-DATA-12')],
    },
    detection: {
      configRule: { identifier: 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED' },
      relatedConfigRules: [
        { identifier: 'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC' },
      ],
      cloudTrail: [
        {
          eventSource: 's3.amazonaws.com',
          eventNames: [
            'PutBucketPolicy',
            'PutBucketAcl',
            'PutBucketPublicAccessBlock',
            'DeleteBucketPublicAccessBlock',
          ],
          when: 'bucket-made-public',
          why: 'A bucket was opened to the public.',
        },
      ],
    },
    remediation:
      'Turn Block Public Access back on for the bucket, remove public statements and ACL grants, and check server access logs for reads while it was open.',
    guidance: { article: '02-s3-glacier', anchor: 'blocking-public-access' },
  },
  {
    id: 'PBC-DATA-13',
    title: 'S3 buckets use SSE-KMS by default',
    family: 'data',
    severity: 'high',
    description:
      'Buckets default to SSE-KMS with the owning PBC’s key and S3 Bucket Keys. Reading an object then needs kms:Decrypt as well, which keeps shared assets from leaking across PBCs.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::S3::Bucket'],
    prevention: {
      pattern:
        'Generated buckets set BucketEncryption to aws:kms with the PBC’s key and BucketKeyEnabled=true.',
      checks: [own('PBC-DATA-13')],
    },
    detection: {
      configRule: { identifier: 'S3_DEFAULT_ENCRYPTION_KMS' },
      cloudTrail: [
        {
          eventSource: 's3.amazonaws.com',
          eventNames: ['PutBucketEncryption'],
          when: 'kms-encryption-absent',
          why: 'A bucket’s default encryption was changed away from KMS.',
        },
        {
          eventSource: 's3.amazonaws.com',
          eventNames: ['DeleteBucketEncryption'],
          why: 'A bucket’s default encryption configuration was removed.',
        },
      ],
    },
    remediation:
      'Set default encryption back to the PBC’s KMS key; re-encrypt objects written meanwhile with a batch copy.',
    guidance: { article: '02-s3-glacier', anchor: 'encryption-with-sse-kms' },
  },
  {
    id: 'PBC-DATA-14',
    title: 'S3 buckets refuse requests without TLS',
    family: 'data',
    severity: 'medium',
    description:
      'Bucket policies deny every request with aws:SecureTransport false. Pre-signed URLs handed to browsers must not work over plain HTTP.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::S3::Bucket', 'AWS::S3::BucketPolicy'],
    prevention: {
      pattern:
        'Generated bucket policies include the TLS-only Deny statement (enforceSSL).',
      checks: [nag('S10')],
    },
    detection: {
      configRule: { identifier: 'S3_BUCKET_SSL_REQUESTS_ONLY' },
      cloudTrail: [
        {
          eventSource: 's3.amazonaws.com',
          eventNames: ['PutBucketPolicy'],
          when: 'secure-transport-deny-missing',
          why: 'A bucket policy no longer enforces TLS.',
        },
        {
          eventSource: 's3.amazonaws.com',
          eventNames: ['DeleteBucketPolicy'],
          why: 'A bucket policy, and with it the TLS rule, was deleted.',
        },
      ],
    },
    remediation:
      'Restore the bucket policy from the stack so the TLS-only statement is back.',
    guidance: { article: '02-s3-glacier', anchor: 'tls-only-bucket-policies' },
  },
  {
    id: 'PBC-DATA-15',
    title: 'S3 buckets are versioned',
    family: 'data',
    severity: 'medium',
    description:
      'Buckets keep object versions, with lifecycle rules that expire old versions. An overwrite or delete by a buggy PBC release can then be rolled back.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::S3::Bucket'],
    prevention: {
      pattern:
        'Generated buckets set VersioningConfiguration Enabled and a NoncurrentVersionExpiration lifecycle rule.',
      checks: [own('PBC-DATA-15')],
    },
    detection: {
      configRule: { identifier: 'S3_BUCKET_VERSIONING_ENABLED' },
      cloudTrail: [
        {
          eventSource: 's3.amazonaws.com',
          eventNames: ['PutBucketVersioning'],
          when: 'versioning-suspended',
          why: 'Versioning was suspended on a bucket.',
        },
      ],
    },
    remediation:
      'Enable versioning again (objects changed while suspended have no history) and keep the lifecycle rule.',
    guidance: { article: '02-s3-glacier', anchor: 'versioning-and-lifecycle' },
  },
  {
    id: 'PBC-DATA-16',
    title: 'Compliance records are write-once',
    family: 'data',
    severity: 'high',
    description:
      'Buckets tagged as compliance records (orders, invoices, audit evidence) have Object Lock in compliance mode with a default retention, and transition to Glacier storage classes. Records an auditor relies on must be provably unchanged.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::S3::Bucket'],
    prevention: {
      pattern:
        'Buckets the spec declares as compliance records are created with ObjectLockEnabled, a COMPLIANCE default retention from the spec and a lifecycle transition to Glacier Deep Archive.',
      checks: [own('PBC-DATA-16')],
    },
    detection: {
      configRule: {
        identifier: 'S3_BUCKET_DEFAULT_LOCK_ENABLED',
        tagScope: COMPLIANCE_RECORD_TAG,
      },
      cloudTrail: [
        {
          eventSource: 's3.amazonaws.com',
          eventNames: ['PutObjectLockConfiguration'],
          when: 'object-lock-weakened',
          why: 'Object Lock retention was weakened on a records bucket.',
        },
        {
          eventSource: 'glacier.amazonaws.com',
          eventNames: ['AbortVaultLock', 'DeleteVaultAccessPolicy'],
          why: 'A Glacier vault lock or its policy was removed.',
        },
      ],
    },
    remediation:
      'Object Lock can only be enabled on a bucket by AWS support or at creation: create a locked bucket from the spec, copy the records with their retention and point the PBC at it.',
    guidance: {
      article: '02-s3-glacier',
      anchor: 'glacier-and-object-lock-for-compliance-records',
    },
  },
  {
    id: 'PBC-DATA-17',
    title: 'EBS encryption is on by default',
    family: 'data',
    severity: 'high',
    description:
      'Every account and Region encrypts new EBS volumes and snapshots by default. Then no AMI, launch template or manual volume can create unencrypted storage by forgetting a flag.',
    scope: 'all',
    level: 'account',
    resourceTypes: ['AWS::EC2::Volume', 'AWS::EC2::Instance'],
    prevention: {
      pattern:
        'Account baseline enables EBS encryption by default with the platform key; generated launch templates also set Encrypted=true on block devices.',
      checks: [nag('EC26')],
    },
    detection: {
      configRule: { identifier: 'EC2_EBS_ENCRYPTION_BY_DEFAULT' },
      relatedConfigRules: [{ identifier: 'ENCRYPTED_VOLUMES' }],
      cloudTrail: [
        {
          eventSource: 'ec2.amazonaws.com',
          eventNames: ['DisableEbsEncryptionByDefault'],
          why: 'EBS default encryption was turned off.',
        },
      ],
    },
    remediation:
      'Enable EBS encryption by default in the Region; replace unencrypted volumes by snapshot, encrypted copy and restore.',
    guidance: { article: '03-ec2-ebs', anchor: 'encrypting-ebs-by-default' },
  },
  {
    id: 'PBC-DATA-18',
    title: 'KMS keys rotate yearly',
    family: 'data',
    severity: 'medium',
    description:
      'Customer-managed symmetric keys have automatic rotation on. Rotation limits how much data any one key version protects.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::KMS::Key'],
    prevention: {
      pattern: 'Generated keys set EnableKeyRotation=true.',
      checks: [nag('KMS5')],
    },
    detection: {
      configRule: { identifier: 'CMK_BACKING_KEY_ROTATION_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'kms.amazonaws.com',
          eventNames: ['DisableKeyRotation'],
          why: 'Automatic rotation was turned off for a key.',
        },
      ],
    },
    remediation:
      'Enable key rotation (kms enable-key-rotation); no data needs re-encrypting.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'key-management-and-rotation',
    },
  },
  {
    id: 'PBC-DATA-19',
    title: 'KMS keys are not deleted while data depends on them',
    family: 'data',
    severity: 'high',
    description:
      'PBC keys are retained when stacks are deleted and are not scheduled for deletion while any table, bucket or backup uses them. Deleting a key makes everything encrypted under it unreadable, backups included.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::KMS::Key'],
    prevention: {
      pattern:
        'Generated keys set DeletionPolicy/UpdateReplacePolicy Retain and a 30-day PendingWindowInDays.',
      checks: [own('PBC-DATA-19')],
    },
    detection: {
      configRule: { identifier: 'KMS_CMK_NOT_SCHEDULED_FOR_DELETION' },
      cloudTrail: [
        {
          eventSource: 'kms.amazonaws.com',
          eventNames: ['ScheduleKeyDeletion', 'DisableKey'],
          why: 'A key was scheduled for deletion or disabled.',
        },
      ],
    },
    remediation:
      'Cancel the deletion (kms cancel-key-deletion) and re-enable the key, then find what still depends on it before retiring it properly.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'key-management-and-rotation',
    },
  },

  // -------------------------------------------------------------------- edge
  {
    id: 'PBC-EDGE-01',
    title: 'Load balancers write access logs',
    family: 'edge',
    severity: 'medium',
    description:
      'Every ALB delivers access logs to the central log bucket. They show which PBC route served which request when CloudWatch metrics only show that something went wrong.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
    prevention: {
      pattern:
        'Generated load balancers set access_logs.s3.enabled=true with the central log bucket.',
      checks: [nag('ELB2')],
    },
    detection: {
      configRule: { identifier: 'ELB_LOGGING_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'elasticloadbalancing.amazonaws.com',
          eventNames: ['ModifyLoadBalancerAttributes'],
          when: 'logging-disabled',
          why: 'Access logging was turned off on a load balancer.',
        },
      ],
    },
    remediation:
      'Turn access logs back on through the stack and note the gap for incident investigations.',
    guidance: {
      article: '05-elasticity',
      anchor: 'access-logs-on-every-load-balancer',
    },
  },
  {
    id: 'PBC-EDGE-02',
    title: 'Load balancers serve HTTPS and redirect HTTP',
    family: 'edge',
    severity: 'high',
    description:
      'ALB listeners terminate TLS with an ACM certificate and a current security policy; any HTTP listener only redirects to HTTPS. Checkout and account pages must never be served in clear text.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::ElasticLoadBalancingV2::Listener'],
    prevention: {
      pattern:
        'Generated listeners are HTTPS with a TLS 1.2+ policy; port 80 has a single redirect action to 443.',
      checks: [own('PBC-EDGE-02')],
    },
    detection: {
      configRule: { identifier: 'ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK' },
      cloudTrail: [
        {
          eventSource: 'elasticloadbalancing.amazonaws.com',
          eventNames: ['CreateListener', 'ModifyListener'],
          when: 'plain-http-listener',
          why: 'A listener now serves plain HTTP.',
        },
      ],
    },
    remediation:
      'Change the HTTP listener’s default action to a redirect to HTTPS (status 301) through the stack.',
    guidance: { article: '05-elasticity', anchor: 'hardening-alb-listeners' },
  },
  {
    id: 'PBC-EDGE-03',
    title: 'Load balancers drop invalid HTTP headers',
    family: 'edge',
    severity: 'low',
    description:
      'ALBs drop header fields that are not valid HTTP. This closes a class of request-smuggling tricks against PBC backends that parse headers differently.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
    prevention: {
      pattern:
        'Generated load balancers set routing.http.drop_invalid_header_fields.enabled=true.',
      checks: [own('PBC-EDGE-03')],
    },
    detection: {
      configRule: { identifier: 'ALB_HTTP_DROP_INVALID_HEADER_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'elasticloadbalancing.amazonaws.com',
          eventNames: ['ModifyLoadBalancerAttributes'],
          when: 'header-validation-disabled',
          why: 'Invalid header dropping was turned off.',
        },
      ],
    },
    remediation: 'Set the attribute back to true through the stack.',
    guidance: { article: '05-elasticity', anchor: 'hardening-alb-listeners' },
  },
  {
    id: 'PBC-EDGE-04',
    title: 'Public load balancers sit behind AWS WAF',
    family: 'edge',
    severity: 'high',
    description:
      'Every internet-facing ALB is associated with the platform web ACL. Bots, credential stuffing and injection attempts are cheaper to stop once at the edge than in fifteen PBCs.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: [
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
      'AWS::WAFv2::WebACLAssociation',
    ],
    prevention: {
      pattern:
        'Internet-facing ALBs get an AWS::WAFv2::WebACLAssociation to the platform regional web ACL.',
      checks: [own('PBC-EDGE-04')],
    },
    detection: {
      configRule: { identifier: 'ALB_WAF_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'wafv2.amazonaws.com',
          eventNames: ['DisassociateWebACL'],
          why: 'A web ACL was removed from a resource.',
        },
      ],
    },
    remediation:
      'Re-associate the platform web ACL with the load balancer from the stack.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'waf-in-front-of-every-storefront',
    },
  },
  {
    id: 'PBC-EDGE-05',
    title: 'CloudFront serves viewers over HTTPS with modern TLS',
    family: 'edge',
    severity: 'high',
    description:
      'Distributions redirect or refuse HTTP and use a TLSv1.2_2021 (or newer) security policy with a custom certificate. Old protocol versions expose shoppers to downgrade attacks.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::CloudFront::Distribution'],
    prevention: {
      pattern:
        'Generated distributions set ViewerProtocolPolicy redirect-to-https on every behaviour and MinimumProtocolVersion TLSv1.2_2021.',
      checks: [nag('CFR4'), own('PBC-EDGE-05')],
    },
    detection: {
      configRule: { identifier: 'CLOUDFRONT_VIEWER_POLICY_HTTPS' },
      relatedConfigRules: [{ identifier: 'CLOUDFRONT_SECURITY_POLICY_CHECK' }],
      cloudTrail: [
        {
          eventSource: 'cloudfront.amazonaws.com',
          eventNames: ['CreateDistribution', 'UpdateDistribution'],
          when: 'viewer-allows-http',
          why: 'A distribution now allows HTTP or an outdated TLS policy.',
        },
      ],
    },
    remediation:
      'Set redirect-to-https and TLSv1.2_2021 on the distribution through the stack.',
    guidance: {
      article: '11-infrastructure-glue',
      anchor: 'tls-from-viewer-to-origin',
    },
  },
  {
    id: 'PBC-EDGE-06',
    title: 'CloudFront distributions are protected by AWS WAF',
    family: 'edge',
    severity: 'high',
    description:
      'Every distribution is associated with the platform’s global web ACL. The storefront’s edge is where scraping and checkout abuse arrive first.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::CloudFront::Distribution'],
    prevention: {
      pattern:
        'Generated distributions set WebACLId to the platform global web ACL.',
      checks: [nag('CFR2'), own('PBC-EDGE-06')],
    },
    detection: {
      configRule: { identifier: 'CLOUDFRONT_ASSOCIATED_WITH_WAF' },
      cloudTrail: [
        {
          eventSource: 'cloudfront.amazonaws.com',
          eventNames: ['UpdateDistribution'],
          when: 'web-acl-detached',
          why: 'A distribution lost its web ACL.',
        },
      ],
    },
    remediation:
      'Re-attach the platform web ACL to the distribution through the stack.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'waf-in-front-of-every-storefront',
    },
  },
  {
    id: 'PBC-EDGE-07',
    title: 'CloudFront reaches S3 through origin access control',
    family: 'edge',
    severity: 'high',
    description:
      'S3 origins are reached with origin access control and the bucket policy allows only that distribution. Assets then cannot be fetched around CloudFront, its WAF and its caching.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: [
      'AWS::CloudFront::Distribution',
      'AWS::CloudFront::OriginAccessControl',
      'AWS::S3::BucketPolicy',
    ],
    prevention: {
      pattern:
        'Generated distributions use an OriginAccessControl for S3 origins; the bucket policy allows s3:GetObject to cloudfront.amazonaws.com conditioned on the distribution ARN.',
      checks: [nag('CFR7'), own('PBC-EDGE-07')],
    },
    detection: {
      configRule: { identifier: 'CLOUDFRONT_S3_ORIGIN_ACCESS_CONTROL_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'cloudfront.amazonaws.com',
          eventNames: ['DeleteOriginAccessControl'],
          why: 'An origin access control was deleted.',
        },
      ],
    },
    remediation:
      'Attach an origin access control to the S3 origin and restrict the bucket policy to the distribution.',
    guidance: {
      article: '11-infrastructure-glue',
      anchor: 'origin-access-control-for-s3',
    },
  },
  {
    id: 'PBC-EDGE-08',
    title: 'CloudFront talks to custom origins over TLS',
    family: 'edge',
    severity: 'medium',
    description:
      'Custom origins (ALBs, API endpoints) are reached with origin protocol policy https-only and TLS 1.2. Encryption that stops at the edge leaves the longest hop in clear text.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::CloudFront::Distribution'],
    prevention: {
      pattern:
        'Generated custom origins set OriginProtocolPolicy https-only and OriginSSLProtocols TLSv1.2.',
      checks: [nag('CFR5'), own('PBC-EDGE-08')],
    },
    detection: {
      configRule: { identifier: 'CLOUDFRONT_TRAFFIC_TO_ORIGIN_ENCRYPTED' },
      cloudTrail: [],
    },
    remediation:
      'Set the origin protocol policy to https-only through the stack; make sure the origin has a valid certificate.',
    guidance: {
      article: '11-infrastructure-glue',
      anchor: 'tls-from-viewer-to-origin',
    },
  },
  {
    id: 'PBC-EDGE-09',
    title: 'CloudFront writes access logs',
    family: 'edge',
    severity: 'low',
    description:
      'Distributions log viewer requests to the central log bucket. Cache hit ratios per path and abuse investigations both start here.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::CloudFront::Distribution'],
    prevention: {
      pattern:
        'Generated distributions enable standard logging to the central log bucket.',
      checks: [nag('CFR3')],
    },
    detection: {
      configRule: { identifier: 'CLOUDFRONT_ACCESSLOGS_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'cloudfront.amazonaws.com',
          eventNames: ['UpdateDistribution'],
          when: 'logging-disabled',
          why: 'Logging was turned off for a distribution.',
        },
      ],
    },
    remediation: 'Turn logging back on through the stack.',
    guidance: {
      article: '11-infrastructure-glue',
      anchor: 'logging-at-the-edge',
    },
  },
  {
    id: 'PBC-EDGE-10',
    title: 'Web ACLs carry managed and rate-based rules',
    family: 'edge',
    severity: 'high',
    description:
      'The platform web ACLs contain the AWS managed core, known-bad-input and bot rule groups plus a rate-based rule on login and checkout paths. An empty web ACL looks like protection and is none.',
    scope: 'all',
    level: 'account',
    resourceTypes: ['AWS::WAFv2::WebACL'],
    prevention: {
      pattern:
        'The edge stack renders web ACLs with the managed rule groups and rate limits from the platform config.',
      checks: [own('PBC-EDGE-10')],
    },
    detection: {
      configRule: { identifier: 'WAFV2_WEBACL_NOT_EMPTY' },
      cloudTrail: [
        {
          eventSource: 'wafv2.amazonaws.com',
          eventNames: ['UpdateWebACL'],
          when: 'web-acl-rules-removed',
          why: 'Rules were removed from a web ACL.',
        },
        {
          eventSource: 'wafv2.amazonaws.com',
          eventNames: ['DeleteWebACL'],
          why: 'A web ACL was deleted.',
        },
      ],
    },
    remediation:
      'Redeploy the edge stack to restore the rule set; review WAF logs for traffic admitted meanwhile.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'waf-in-front-of-every-storefront',
    },
  },
  {
    id: 'PBC-EDGE-11',
    title: 'WAF decisions are logged',
    family: 'edge',
    severity: 'medium',
    description:
      'Web ACLs send logs to the central log store. Tuning rules for a storefront without blocking real shoppers needs the record of what was blocked and why.',
    scope: 'all',
    level: 'account',
    resourceTypes: ['AWS::WAFv2::WebACL', 'AWS::WAFv2::LoggingConfiguration'],
    prevention: {
      pattern:
        'The edge stack renders a WAFv2 LoggingConfiguration for each web ACL.',
      checks: [own('PBC-EDGE-11')],
    },
    detection: {
      configRule: { identifier: 'WAFV2_LOGGING_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'wafv2.amazonaws.com',
          eventNames: ['DeleteLoggingConfiguration'],
          why: 'WAF logging was turned off.',
        },
      ],
    },
    remediation: 'Restore the logging configuration from the edge stack.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'waf-in-front-of-every-storefront',
    },
  },
  {
    id: 'PBC-EDGE-12',
    title: 'Routed PBC endpoints have business-readiness health checks',
    family: 'edge',
    severity: 'high',
    description:
      'Every failover, latency or weighted Route 53 record for a PBC endpoint has a health check against a readiness path that exercises the PBC’s dependencies. A port that answers is not a PBC that can take orders.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::Route53::HealthCheck', 'AWS::Route53::RecordSet'],
    prevention: {
      pattern:
        'The scaffolder renders a HealthCheck on `/health/ready` (HTTPS, string match) for each routed endpoint and sets HealthCheckId on its records.',
      checks: [own('PBC-EDGE-12')],
    },
    detection: {
      customRule:
        'Dashboard check: routing records of PBC hosted zones reference a health check whose resource path is the readiness path.',
      cloudTrail: [
        {
          eventSource: 'route53.amazonaws.com',
          eventNames: ['ChangeResourceRecordSets'],
          when: 'routing-record-without-health-check',
          why: 'A routing record was written without a health check.',
        },
        {
          eventSource: 'route53.amazonaws.com',
          eventNames: ['DeleteHealthCheck', 'UpdateHealthCheck'],
          why: 'A health check was removed or changed.',
        },
      ],
    },
    remediation:
      'Add the readiness health check to the PBC spec and re-render; verify failover by failing the check in a test environment.',
    guidance: {
      article: '09-route-53',
      anchor: 'health-checks-that-test-business-readiness',
    },
  },
  {
    id: 'PBC-EDGE-13',
    title: 'Auto Scaling groups use load balancer health checks',
    family: 'edge',
    severity: 'medium',
    description:
      'Groups behind a target group use ELB health checks with a grace period. Otherwise an instance whose application has hung keeps its place because EC2 still reports it running.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::AutoScaling::AutoScalingGroup'],
    prevention: {
      pattern:
        'Generated groups set HealthCheckType ELB and a HealthCheckGracePeriod from the spec.',
      checks: [nag('AS2'), own('PBC-EDGE-13')],
    },
    detection: {
      configRule: { identifier: 'AUTOSCALING_GROUP_ELB_HEALTHCHECK_REQUIRED' },
      cloudTrail: [
        {
          eventSource: 'autoscaling.amazonaws.com',
          eventNames: ['CreateAutoScalingGroup', 'UpdateAutoScalingGroup'],
          when: 'ec2-health-check-only',
          why: 'A group behind a load balancer only uses EC2 health checks.',
        },
      ],
    },
    remediation: 'Set HealthCheckType to ELB on the group through the stack.',
    guidance: {
      article: '05-elasticity',
      anchor: 'health-checks-that-mean-healthy',
    },
  },
  {
    id: 'PBC-EDGE-14',
    title: 'PBC compute is stateless and spans Availability Zones',
    family: 'edge',
    severity: 'high',
    description:
      'PBC compute runs in Auto Scaling groups across at least two AZs, with all state in managed stores. Any instance can then be replaced, scaled or lost without losing a cart.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::AutoScaling::AutoScalingGroup'],
    prevention: {
      pattern:
        'Generated groups use subnets in at least two AZs; the spec has no instance-local state (no instance store, no sticky sessions).',
      checks: [own('PBC-EDGE-14')],
    },
    detection: {
      configRule: { identifier: 'AUTOSCALING_MULTIPLE_AZ' },
      cloudTrail: [
        {
          eventSource: 'autoscaling.amazonaws.com',
          eventNames: ['UpdateAutoScalingGroup'],
          when: 'single-availability-zone',
          why: 'A group was narrowed to one Availability Zone.',
        },
      ],
    },
    remediation:
      'Add subnets from a second AZ to the group in the spec and move any local state to DynamoDB, ElastiCache or S3.',
    guidance: {
      article: '14-architecture-principles',
      anchor: 'stateless-pbcs-as-an-absolute-constraint',
    },
  },
  {
    id: 'PBC-EDGE-15',
    title: 'Load balancers serve targets in more than one AZ',
    family: 'edge',
    severity: 'medium',
    description:
      'Each load balancer has registered targets in at least two Availability Zones. An AZ is the unit of failure; a PBC in one AZ goes down with it.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: [
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
      'AWS::ElasticLoadBalancingV2::TargetGroup',
    ],
    prevention: {
      pattern:
        'Generated load balancers are placed in subnets of at least two AZs and fronted groups span the same AZs.',
      checks: [own('PBC-EDGE-15')],
    },
    detection: {
      configRule: { identifier: 'ELBV2_MULTIPLE_AZ' },
      cloudTrail: [
        {
          eventSource: 'elasticloadbalancing.amazonaws.com',
          eventNames: ['SetSubnets'],
          when: 'single-availability-zone',
          why: 'A load balancer was narrowed to one Availability Zone.',
        },
      ],
    },
    remediation:
      'Add a subnet in another AZ to the load balancer and register targets there.',
    guidance: {
      article: '01-global-infrastructure',
      anchor: 'availability-zones-as-the-unit-of-failure',
    },
  },

  // ----------------------------------------------------------- observability
  {
    id: 'PBC-OBS-01',
    title: 'CloudTrail records every Region',
    family: 'observability',
    severity: 'critical',
    description:
      'An organisation trail logs management events in all Regions to the log archive account. Attackers favour Regions nobody watches, and the dashboard reads its risk signals from this trail.',
    scope: 'all',
    level: 'account',
    resourceTypes: ['AWS::CloudTrail::Trail'],
    prevention: {
      pattern:
        'The platform baseline deploys one multi-Region organisation trail; PBC stacks never create trails.',
      checks: [],
    },
    detection: {
      configRule: { identifier: 'MULTI_REGION_CLOUD_TRAIL_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'cloudtrail.amazonaws.com',
          eventNames: ['StopLogging', 'DeleteTrail'],
          why: 'Audit logging was stopped or the trail deleted.',
        },
        {
          eventSource: 'cloudtrail.amazonaws.com',
          eventNames: ['UpdateTrail', 'PutEventSelectors'],
          when: 'trail-weakened',
          why: 'The trail was narrowed.',
        },
      ],
    },
    remediation:
      'Restart logging or restore the trail from the baseline stack and treat the gap as a security incident.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'cloudtrail-as-incident-response-infrastructure',
    },
  },
  {
    id: 'PBC-OBS-02',
    title: 'CloudTrail log file validation is on',
    family: 'observability',
    severity: 'high',
    description:
      'The trail writes signed digest files so anyone can prove a log file was not altered or removed after delivery. Evidence for an incident or an audit needs that proof.',
    scope: 'all',
    level: 'account',
    resourceTypes: ['AWS::CloudTrail::Trail'],
    prevention: {
      pattern: 'The baseline trail sets EnableLogFileValidation=true.',
      checks: [],
    },
    detection: {
      configRule: { identifier: 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'cloudtrail.amazonaws.com',
          eventNames: ['UpdateTrail'],
          when: 'trail-weakened',
          why: 'Log file validation may have been turned off.',
        },
      ],
    },
    remediation:
      'Enable log file validation on the trail; digests start from now.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'cloudtrail-as-incident-response-infrastructure',
    },
  },
  {
    id: 'PBC-OBS-03',
    title: 'CloudTrail logs are encrypted with KMS',
    family: 'observability',
    severity: 'high',
    description:
      'Trail logs are encrypted with a KMS key owned by the log archive account. Reading the audit log then needs a separate key grant, which the people being audited do not have.',
    scope: 'all',
    level: 'account',
    resourceTypes: ['AWS::CloudTrail::Trail', 'AWS::KMS::Key'],
    prevention: {
      pattern: 'The baseline trail sets KMSKeyId to the log archive key.',
      checks: [],
    },
    detection: {
      configRule: { identifier: 'CLOUD_TRAIL_ENCRYPTION_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'cloudtrail.amazonaws.com',
          eventNames: ['UpdateTrail'],
          when: 'trail-weakened',
          why: 'The trail’s KMS key may have been removed.',
        },
      ],
    },
    remediation: 'Set the trail’s KMS key back from the baseline stack.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'cloudtrail-as-incident-response-infrastructure',
    },
  },
  {
    id: 'PBC-OBS-04',
    title: 'CloudTrail feeds CloudWatch Logs',
    family: 'observability',
    severity: 'medium',
    description:
      'The trail delivers to a CloudWatch Logs group with metric filters and alarms for root use, policy changes and console sign-in without MFA. S3 delivery alone is too slow to react to.',
    scope: 'all',
    level: 'account',
    resourceTypes: ['AWS::CloudTrail::Trail', 'AWS::Logs::LogGroup'],
    prevention: {
      pattern:
        'The baseline trail sets CloudWatchLogsLogGroupArn and the security alarms are deployed with it.',
      checks: [],
    },
    detection: {
      configRule: { identifier: 'CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'cloudtrail.amazonaws.com',
          eventNames: ['UpdateTrail'],
          when: 'trail-weakened',
          why: 'CloudWatch Logs delivery may have been removed.',
        },
      ],
    },
    remediation:
      'Restore CloudWatch Logs delivery and the security metric filters from the baseline stack.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'cloudtrail-as-incident-response-infrastructure',
    },
  },
  {
    id: 'PBC-OBS-05',
    title: 'Alarms notify someone',
    family: 'observability',
    severity: 'medium',
    description:
      'Every CloudWatch alarm, including the business-metric alarms each PBC ships (orders per minute, payment failures), has an action on the owning team’s notification topic. An alarm without an action is a graph.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::CloudWatch::Alarm'],
    prevention: {
      pattern:
        'The scaffolder renders the PBC’s business-metric alarms from the spec, each with an AlarmActions entry on the team topic.',
      checks: [own('PBC-OBS-05')],
    },
    detection: {
      configRule: { identifier: 'CLOUDWATCH_ALARM_ACTION_CHECK' },
      cloudTrail: [
        {
          eventSource: 'monitoring.amazonaws.com',
          eventNames: ['DisableAlarmActions', 'DeleteAlarms'],
          why: 'Alarm actions were disabled or alarms deleted.',
        },
      ],
    },
    remediation:
      'Add the team topic as the alarm action in the spec and re-render.',
    guidance: {
      article: '05-elasticity',
      anchor: 'business-metrics-and-alarms',
    },
  },
  {
    id: 'PBC-OBS-06',
    title: 'Log groups keep logs for a year',
    family: 'observability',
    severity: 'medium',
    description:
      'PBC log groups set a retention of at least 365 days. PCI DSS asks for a year of audit history, and investigations routinely reach back months.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::Logs::LogGroup'],
    prevention: {
      pattern:
        'Generated log groups set RetentionInDays from the spec, 365 minimum.',
      checks: [own('PBC-OBS-06')],
    },
    detection: {
      configRule: {
        identifier: 'CW_LOGGROUP_RETENTION_PERIOD_CHECK',
        inputParameters: { MinRetentionTime: '365' },
      },
      cloudTrail: [
        {
          eventSource: 'logs.amazonaws.com',
          eventNames: ['PutRetentionPolicy'],
          when: 'retention-below-minimum',
          why: 'A log group’s retention was shortened below the minimum.',
        },
        {
          eventSource: 'logs.amazonaws.com',
          eventNames: ['DeleteLogGroup'],
          why: 'A log group and its history were deleted.',
        },
      ],
    },
    remediation:
      'Set the retention back to at least 365 days in the spec and re-render.',
    guidance: { article: '05-elasticity', anchor: 'keeping-logs-long-enough' },
  },
  {
    id: 'PBC-OBS-07',
    title: 'Log groups are encrypted with KMS',
    family: 'observability',
    severity: 'medium',
    description:
      'PBC log groups are encrypted with the PBC’s KMS key. Application logs end up holding order ids, emails and sometimes more than they should.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::Logs::LogGroup'],
    prevention: {
      pattern:
        'Generated log groups set KmsKeyId to the PBC’s key; the key policy grants logs.<region>.amazonaws.com.',
      checks: [own('PBC-OBS-07')],
    },
    detection: {
      configRule: { identifier: 'CLOUDWATCH_LOG_GROUP_ENCRYPTED' },
      cloudTrail: [
        {
          eventSource: 'logs.amazonaws.com',
          eventNames: ['DisassociateKmsKey'],
          why: 'A log group’s KMS key was removed.',
        },
      ],
    },
    remediation:
      'Associate the PBC’s key with the log group (logs associate-kms-key) through the stack.',
    guidance: { article: '05-elasticity', anchor: 'keeping-logs-long-enough' },
  },
  {
    id: 'PBC-OBS-08',
    title: 'GuardDuty is on in every account and Region',
    family: 'observability',
    severity: 'high',
    description:
      'GuardDuty is enabled everywhere and reports to the security account. It catches credential misuse and crypto-mining that no static control can.',
    scope: 'all',
    level: 'account',
    resourceTypes: ['AWS::GuardDuty::Detector'],
    prevention: {
      pattern:
        'The security account auto-enables GuardDuty for all organisation members and Regions.',
      checks: [],
    },
    detection: {
      configRule: { identifier: 'GUARDDUTY_ENABLED_CENTRALIZED' },
      cloudTrail: [
        {
          eventSource: 'guardduty.amazonaws.com',
          eventNames: [
            'DeleteDetector',
            'DisassociateFromAdministratorAccount',
          ],
          why: 'GuardDuty was removed or cut off from the security account.',
        },
        {
          eventSource: 'guardduty.amazonaws.com',
          eventNames: ['UpdateDetector'],
          when: 'detector-disabled',
          why: 'GuardDuty was suspended.',
        },
      ],
    },
    remediation:
      'Re-enable the detector from the security account and review findings across the gap.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'threat-detection-with-guardduty-and-security-hub',
    },
  },
  {
    id: 'PBC-OBS-09',
    title: 'Security Hub collects findings',
    family: 'observability',
    severity: 'medium',
    description:
      'Security Hub is enabled in every account and aggregates GuardDuty, Config and Inspector findings in the security account. One queue of findings is what makes a small security team workable across many PBCs.',
    scope: 'all',
    level: 'account',
    resourceTypes: [],
    prevention: {
      pattern:
        'The security account enables Security Hub organisation-wide with cross-Region aggregation.',
      checks: [],
    },
    detection: {
      configRule: { identifier: 'SECURITYHUB_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'securityhub.amazonaws.com',
          eventNames: ['DisableSecurityHub'],
          why: 'Security Hub was disabled in an account.',
        },
      ],
    },
    remediation:
      'Re-enable Security Hub from the security account’s organisation configuration.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'threat-detection-with-guardduty-and-security-hub',
    },
  },

  // -------------------------------------------------------------- governance
  {
    id: 'PBC-GOV-01',
    title: 'AWS Config records every account and Region',
    family: 'governance',
    severity: 'critical',
    description:
      'The Config recorder runs in every account and Region with all resource types and a delivery channel to the log archive. Without it no control in this catalog can be detected, and the dashboard goes blind without saying so.',
    scope: 'all',
    level: 'account',
    resourceTypes: [
      'AWS::Config::ConfigurationRecorder',
      'AWS::Config::DeliveryChannel',
    ],
    prevention: {
      pattern:
        'The platform baseline deploys the recorder and delivery channel; PBC stacks do not touch them.',
      checks: [],
    },
    detection: {
      // A Config rule cannot report that Config itself is off.
      customRule:
        'Dashboard check: DescribeConfigurationRecorderStatus per account and Region shows recording=true and a recent successful delivery.',
      cloudTrail: [
        {
          eventSource: 'config.amazonaws.com',
          eventNames: [
            'StopConfigurationRecorder',
            'DeleteConfigurationRecorder',
            'DeleteDeliveryChannel',
          ],
          why: 'Configuration recording was stopped or removed.',
        },
      ],
    },
    remediation:
      'Restart the recorder (config start-configuration-recorder) or redeploy the baseline, then re-evaluate all rules.',
    guidance: {
      article: '13-compliance',
      anchor: 'continuous-compliance-with-aws-config',
    },
  },
  {
    id: 'PBC-GOV-02',
    title: 'Every resource is tagged with its PBC',
    family: 'governance',
    severity: 'high',
    description:
      'Every taggable resource carries `pbc=<name>`. The dashboard attributes findings, cost and ownership by this tag; an untagged resource belongs to nobody and is fixed by nobody.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['*'],
    prevention: {
      pattern:
        'The scaffolder applies the `pbc` tag at stack level so CloudFormation propagates it to every taggable resource.',
      checks: [own('PBC-GOV-02')],
    },
    detection: {
      configRule: {
        identifier: 'REQUIRED_TAGS',
        inputParameters: { tag1Key: 'pbc' },
      },
      cloudTrail: [
        {
          eventSource: 'tagging.amazonaws.com',
          eventNames: ['UntagResources'],
          when: 'pbc-tag-removed',
          why: 'The pbc tag was removed from resources.',
        },
        {
          eventSource: 'ec2.amazonaws.com',
          eventNames: ['DeleteTags'],
          when: 'pbc-tag-removed',
          why: 'The pbc tag was removed from EC2 resources.',
        },
      ],
    },
    remediation:
      'Tag the resource with its owning PBC; if nobody owns it, it is a candidate for deletion.',
    guidance: {
      article: '11-infrastructure-glue',
      anchor: 'tagging-every-resource-with-its-pbc',
    },
  },
  {
    id: 'PBC-GOV-03',
    title: 'PBC infrastructure changes only through its stack',
    family: 'governance',
    severity: 'medium',
    description:
      'PBC stacks stay in sync with their templates; changes go through the PBC spec and the pipeline. Drift means the generated infrastructure no longer proves the controls it was checked against.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::CloudFormation::Stack'],
    prevention: {
      pattern:
        'The scaffolder writes the synthesized template and the spec into the PBC repository; the pipeline is the only principal with write access to PBC resources.',
      checks: [own('PBC-GOV-03')],
    },
    detection: {
      configRule: {
        identifier: 'CLOUDFORMATION_STACK_DRIFT_DETECTION_CHECK',
        // Placeholder for the conformance pack emitter (see ConfigRuleRef).
        // eslint-disable-next-line no-template-curly-in-string
        inputParameters: {
          cloudformationRoleArn: '${ConfigDriftDetectionRoleArn}',
        },
      },
      cloudTrail: [],
    },
    remediation:
      'Run drift detection, then either bring the change into the spec and redeploy, or redeploy to remove it.',
    guidance: {
      article: '11-infrastructure-glue',
      anchor: 'cloudformation-as-the-deployment-contract',
    },
  },
  {
    id: 'PBC-GOV-04',
    title: 'Instances run approved golden AMIs',
    family: 'governance',
    severity: 'medium',
    description:
      'PBC instances launch from AMIs built and tagged by the platform image pipeline. The golden AMI is the contract for patch level, agents and hardening.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate'],
    prevention: {
      pattern:
        'Launch templates resolve the AMI from the platform’s SSM parameter for the latest approved image.',
      checks: [own('PBC-GOV-04')],
    },
    detection: {
      configRule: {
        identifier: 'APPROVED_AMIS_BY_TAG',
        inputParameters: { amisByTagKeyAndValue: 'pbc-golden-ami:approved' },
      },
      cloudTrail: [],
    },
    remediation:
      'Point the launch template at the approved AMI parameter and roll the group.',
    guidance: {
      article: '03-ec2-ebs',
      anchor: 'golden-amis-as-deployment-contracts',
    },
  },
  {
    id: 'PBC-GOV-05',
    title: 'Instances are managed by Systems Manager',
    family: 'governance',
    severity: 'medium',
    description:
      'Every PBC instance is a Systems Manager managed node, which gives patching, inventory and Session Manager access without SSH. An unmanaged instance is one nobody patches.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::EC2::Instance'],
    prevention: {
      pattern:
        'Golden AMIs carry the SSM agent and PBC instance roles include the managed-instance core permissions, scoped by the boundary.',
      checks: [own('PBC-GOV-05')],
    },
    detection: {
      configRule: { identifier: 'EC2_INSTANCE_MANAGED_BY_SSM' },
      cloudTrail: [],
    },
    remediation:
      'Check the agent is running and the instance role has the core SSM permissions and a route to the SSM endpoints.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'eliminating-ssh',
    },
  },
  {
    id: 'PBC-GOV-06',
    title: 'Personal data stays in approved Regions',
    family: 'governance',
    severity: 'high',
    description:
      'PBCs that hold personal data deploy and store data only in the Regions approved for their market, enforced by an organisation policy on aws:RequestedRegion. GDPR residency is a deployment decision before it is a legal one.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['*'],
    prevention: {
      pattern:
        'The PBC spec records whether it holds personal data; the scaffolder only offers approved Regions for those PBCs and never renders cross-Region replication to others.',
      checks: [own('PBC-GOV-06')],
    },
    detection: {
      customRule:
        'Dashboard check over resource inventory: resources of personal-data PBCs exist only in approved Regions.',
      cloudTrail: [
        {
          eventSource: '*',
          eventNames: ['*'],
          when: 'outside-approved-regions',
          why: 'Activity in a Region not approved for personal data.',
        },
      ],
    },
    remediation:
      'Move or delete the data outside the approved Regions and add the Region restriction to the account’s organisation policy.',
    guidance: { article: '13-compliance', anchor: 'gdpr-data-residency' },
  },
  {
    id: 'PBC-GOV-07',
    title: 'Card data never leaves the payment PBC',
    family: 'governance',
    severity: 'critical',
    description:
      'Only PCI-scoped PBCs handle card data; every other PBC sees tokens, and their roles cannot use payment keys, secrets or queues. Tokenisation keeps fourteen PBCs out of PCI scope.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: [
      'AWS::KMS::Key',
      'AWS::SecretsManager::Secret',
      'AWS::SQS::Queue',
    ],
    prevention: {
      pattern:
        'Specs of non-payment PBCs cannot declare card fields; payment resource policies name only pci-scope roles, and the boundary denies other PBC roles access to pci-tagged resources.',
      checks: [own('PBC-GOV-07')],
    },
    detection: {
      customRule:
        'Dashboard check: resource policies of pci-scope PBCs grant no principal from a non-pci PBC.',
      cloudTrail: [
        {
          eventSource: 'kms.amazonaws.com',
          eventNames: ['Decrypt', 'GenerateDataKey'],
          when: 'pci-resource-from-non-pci-principal',
          why: 'A non-payment PBC used a payment key.',
        },
        {
          eventSource: 'secretsmanager.amazonaws.com',
          eventNames: ['GetSecretValue'],
          when: 'pci-resource-from-non-pci-principal',
          why: 'A non-payment PBC read a payment secret.',
        },
      ],
    },
    remediation:
      'Remove the grant, find why the PBC needed card data and give it a token-based API instead; tell the PCI lead, as scope may have grown.',
    guidance: {
      article: '13-compliance',
      anchor: 'reducing-pci-scope-with-tokenisation',
    },
  },
  {
    id: 'PBC-GOV-08',
    title: 'PBCs holding personal data honour erasure requests',
    family: 'governance',
    severity: 'medium',
    description:
      'Every PBC whose spec declares personal data subscribes to the platform’s customer-erasure topic and reports completion. Right to erasure is only met when every copy, in every PBC, is gone.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::SNS::Subscription', 'AWS::SQS::Queue'],
    prevention: {
      pattern:
        'For personal-data PBCs the scaffolder renders a queue subscribed to the erasure topic and a handler stub.',
      checks: [own('PBC-GOV-08')],
    },
    detection: {
      customRule:
        'Dashboard check: every personal-data PBC has a confirmed subscription to the erasure topic.',
      cloudTrail: [
        {
          eventSource: 'sns.amazonaws.com',
          eventNames: ['Unsubscribe', 'DeleteTopic'],
          when: 'erasure-subscription-removed',
          why: 'A PBC stopped receiving erasure requests.',
        },
      ],
    },
    remediation:
      'Restore the subscription from the spec and replay erasure requests received during the gap.',
    guidance: {
      article: '13-compliance',
      anchor: 'right-to-erasure-across-pbcs',
    },
  },
];
