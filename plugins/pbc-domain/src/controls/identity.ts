import { defineControls, lint, nag, own } from './define';

/** The identity family: IAM, credentials, instance metadata, secrets. In id order. */
export const identityControls = defineControls([
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
]);
