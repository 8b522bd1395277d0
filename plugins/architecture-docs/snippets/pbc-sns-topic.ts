/**
 * One topic per published event, named `pbc-<name>_<event>` so consumers can subscribe by
 * convention. Encrypted with the PBC's key (PBC-MSG-04); FIFO with content-based
 * deduplication for PCI-scoped PBCs (PBC-MSG-07). The topic policy refuses requests without
 * TLS (PBC-MSG-05), lets only the PBC's own role publish (PBC-IAM-13), and lets principals of
 * the organisation subscribe only PBC queues (consumers subscribe themselves, from any account
 * of the organisation). An alarm pages on-call when SNS fails to deliver.
 */
export class PbcTopic extends Construct {
  readonly topic: CfnTopic;
  readonly topicArn: string;

  constructor(scope: Construct, id: string, props: PbcTopicProps) {
    super(scope, id);
    this.topic = new CfnTopic(this, 'Resource', {
      topicName: topicName(props.pbc, props.event, props.fifo),
      displayName: `PBC ${props.pbc}: ${props.event}`,
      kmsMasterKeyId: props.keyArn,
      ...(props.fifo
        ? { fifoTopic: true, contentBasedDeduplication: true }
        : {}),
    });
    this.topicArn = this.topic.ref;

    new CfnTopicPolicy(this, 'Policy', {
      topics: [this.topic.ref],
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyWithoutTls',
            Effect: 'Deny',
            Principal: '*',
            Action: ['sns:Publish', 'sns:Subscribe'],
            Resource: this.topic.ref,
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
          {
            Sid: 'OnlyQueuesSubscribe',
            Effect: 'Deny',
            Principal: '*',
            Action: 'sns:Subscribe',
            Resource: this.topic.ref,
            Condition: { StringNotEquals: { 'sns:Protocol': 'sqs' } },
          },
          {
            Sid: 'OrganisationSubscribesPbcQueues',
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: 'sns:Subscribe',
            Resource: this.topic.ref,
            Condition: {
              StringEquals: {
                'aws:PrincipalOrgID': props.organizationId,
                'sns:Protocol': 'sqs',
              },
              ArnLike: {
                'sns:Endpoint': `arn:${Aws.PARTITION}:sqs:*:*:pbc-*`,
              },
            },
          },
          {
            Sid: 'OwnRolePublishes',
            Effect: 'Allow',
            Principal: { AWS: props.role.roleArn },
            Action: 'sns:Publish',
            Resource: this.topic.ref,
          },
        ],
      },
    });

    new CfnAlarm(this, 'DeliveryFailureAlarm', {
      alarmName: alarmName(props.pbc, props.event, 'delivery-failed'),
      alarmDescription: `SNS could not deliver ${props.event}`,
      namespace: 'AWS/SNS',
      metricName: 'NumberOfNotificationsFailed',
      dimensions: [{ name: 'TopicName', value: this.topic.attrTopicName }],
      statistic: 'Sum',
      period: 300,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: [props.alarmTopicArn],
    });

    props.role.grant(
      `Publish${id}`,
      ['sns:Publish'],
      [
        `arn:${Aws.PARTITION}:sns:${Aws.REGION}:${Aws.ACCOUNT_ID}:${topicName(
          props.pbc,
          props.event,
          props.fifo,
        )}`,
      ],
    );
  }
}
