/**
 * One queue per consumed event (`<producer>.<event>` → `pbc-<name>-<producer>-<event>`),
 * subscribed with raw delivery to the producer's topic. Each queue has a dead-letter queue
 * (maxReceiveCount 5, 14 days' retention; PBC-MSG-01) that also catches what SNS cannot
 * deliver, both are encrypted with the PBC's key (PBC-MSG-02) and refuse requests without TLS
 * (PBC-MSG-03), only the producer's topic may send to them (PBC-IAM-13), and an alarm pages
 * the platform's on-call topic as soon as a message lands in the DLQ (PBC-MSG-06, PBC-OBS-05).
 * FIFO for PCI-scoped PBCs (PBC-MSG-07). The visibility timeout is six times the consumer
 * timeout and consumers long-poll (PBC-MSG-08).
 */
export class PbcConsumerQueue extends Construct {
  readonly queue: CfnQueue;
  readonly deadLetterQueue: CfnQueue;
  readonly topicArn: string;

  constructor(scope: Construct, id: string, props: PbcConsumerQueueProps) {
    super(scope, id);
    const names = queueNames(
      props.pbc,
      props.producer,
      props.event,
      props.fifo,
    );
    const fifo = props.fifo
      ? { fifoQueue: true, contentBasedDeduplication: true }
      : {};
    this.topicArn = producerTopicArn(props.producer, props.event, props.fifo);
    // Built from the name: the DLQ's redrive-allow policy and the queue's redrive policy
    // would otherwise reference each other.
    const queueArn = `arn:${Aws.PARTITION}:sqs:${Aws.REGION}:${Aws.ACCOUNT_ID}:${names.queue}`;

    this.deadLetterQueue = new CfnQueue(this, 'DeadLetterQueue', {
      queueName: names.deadLetterQueue,
      kmsMasterKeyId: props.keyArn,
      messageRetentionPeriod: MESSAGING.deadLetterRetentionSeconds,
      redriveAllowPolicy: {
        redrivePermission: 'byQueue',
        sourceQueueArns: [queueArn],
      },
      ...fifo,
    });

    this.queue = new CfnQueue(this, 'Resource', {
      queueName: names.queue,
      kmsMasterKeyId: props.keyArn,
      kmsDataKeyReusePeriodSeconds: 300,
      messageRetentionPeriod: MESSAGING.queueRetentionSeconds,
      visibilityTimeout: MESSAGING.consumerTimeoutSeconds * 6,
      receiveMessageWaitTimeSeconds: MESSAGING.receiveWaitSeconds,
      redrivePolicy: {
        deadLetterTargetArn: this.deadLetterQueue.attrArn,
        maxReceiveCount: props.maxReceiveCount ?? MESSAGING.maxReceiveCount,
      },
      ...fifo,
    });

    const queuePolicy = new CfnQueuePolicy(this, 'Policy', {
      queues: [this.queue.ref],
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          denyWithoutTls(this.queue.attrArn),
          topicMaySend(this.queue.attrArn, this.topicArn),
        ],
      },
    });
    const deadLetterPolicy = new CfnQueuePolicy(this, 'DeadLetterPolicy', {
      queues: [this.deadLetterQueue.ref],
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          denyWithoutTls(this.deadLetterQueue.attrArn),
          topicMaySend(this.deadLetterQueue.attrArn, this.topicArn),
        ],
      },
    });

    const subscription = new CfnSubscription(this, 'Subscription', {
      topicArn: this.topicArn,
      protocol: 'sqs',
      endpoint: this.queue.attrArn,
      rawMessageDelivery: true,
      // What SNS cannot deliver (e.g. a key policy mistake) is parked, not dropped.
      redrivePolicy: { deadLetterTargetArn: this.deadLetterQueue.attrArn },
    });
    subscription.addResourceDependency(queuePolicy);
    subscription.addResourceDependency(deadLetterPolicy);

    new CfnAlarm(this, 'DeadLetterAlarm', {
      alarmName: `${names.deadLetterQueue}-not-empty`,
      alarmDescription: `PBC ${props.pbc}: a ${props.producer}.${props.event} message could not be processed and is parked in ${names.deadLetterQueue}`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: [
        { name: 'QueueName', value: this.deadLetterQueue.attrQueueName },
      ],
      statistic: 'Maximum',
      period: 60,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: [props.alarmTopicArn],
      okActions: [props.alarmTopicArn],
    });

    props.role.grant(
      `Consume${id}`,
      [
        'sqs:ReceiveMessage',
        'sqs:DeleteMessage',
        'sqs:ChangeMessageVisibility',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
      ],
      [this.queue.attrArn],
    );
  }
}
