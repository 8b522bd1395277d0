/**
 * One queue per consumed event (`<producer>.<event>` → `pbc-<name>_<producer>_<event>`). Each
 * queue has a dead-letter queue (maxReceiveCount 5, 14 days' retention; PBC-MSG-01), both are
 * encrypted with the PBC's key (PBC-MSG-02) and refuse requests without TLS (PBC-MSG-03), only
 * the producer's topic — in the producer's account and Region — may send to them (PBC-IAM-13),
 * and alarms page the platform's on-call topic when a message lands in the DLQ or waits too
 * long (PBC-MSG-06, PBC-OBS-05). FIFO exactly when the producer's topic is: SNS delivers a FIFO
 * topic only to FIFO queues' order guarantees and a standard topic cannot feed a FIFO queue
 * (PBC-MSG-07). The visibility timeout is six times the consumer timeout and consumers
 * long-poll (PBC-MSG-08). The subscription itself is in the subscriptions stack (see
 * `subscriptions.ts`), so this stack deploys before or after its producers.
 */
export class PbcConsumerQueue extends Construct {
  readonly queue: CfnQueue;
  readonly deadLetterQueue: CfnQueue;
  readonly topicArn: string;
  readonly names: { queue: string; deadLetterQueue: string };

  constructor(scope: Construct, id: string, props: PbcConsumerQueueProps) {
    super(scope, id);
    const isFifo = props.producerFacts.pciScope;
    const names = queueNames(props.pbc, props.producer, props.event, isFifo);
    this.names = names;
    const fifo = isFifo
      ? { fifoQueue: true, contentBasedDeduplication: true }
      : {};
    this.topicArn = producerTopicArn(
      props.producer,
      props.event,
      props.producerFacts,
    );
    // Built from the name: the DLQ's redrive-allow policy and the queue's redrive policy
    // would otherwise reference each other.
    const queueArn = ownQueueArn(names.queue);

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

    // One policy for both queues: SNS also sends what it cannot deliver to the DLQ.
    const both = [this.queue.attrArn, this.deadLetterQueue.attrArn];
    new CfnQueuePolicy(this, 'Policy', {
      queues: [this.queue.ref, this.deadLetterQueue.ref],
      policyDocument: {
        Version: '2012-10-17',
        Statement: [denyWithoutTls(both), topicMaySend(both, this.topicArn)],
      },
    });

    new CfnAlarm(this, 'DeadLetterAlarm', {
      alarmName: alarmName(
        props.pbc,
        props.producer,
        props.event,
        'dlq-not-empty',
      ),
      alarmDescription: `${props.producer}.${props.event}: a message is parked in the DLQ`,
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
    });

    // A consumer that is stuck or too slow shows as an old message long before the DLQ fills.
    new CfnAlarm(this, 'OldestMessageAlarm', {
      alarmName: alarmName(
        props.pbc,
        props.producer,
        props.event,
        'oldest-message',
      ),
      alarmDescription: `${props.producer}.${props.event}: a message waits over ${MESSAGING.oldestMessageAlarmSeconds} s`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateAgeOfOldestMessage',
      dimensions: [{ name: 'QueueName', value: this.queue.attrQueueName }],
      statistic: 'Maximum',
      period: 300,
      evaluationPeriods: 1,
      threshold: MESSAGING.oldestMessageAlarmSeconds,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: [props.alarmTopicArn],
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
      [queueArn],
    );
  }
}
