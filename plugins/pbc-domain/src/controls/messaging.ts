import { defineControls, nag, own } from './define';

/** The messaging family: SQS, SNS and Kinesis between PBCs. In id order. */
export const messagingControls = defineControls([
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
]);
