import { defineControls, own } from './define';

/** The governance family: Config, tagging, deployment contract, data residency, PCI scope. In id order. */
export const governanceControls = defineControls([
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
]);
