import { MESSAGING } from '../../patterns/names';
import {
  asArray,
  flatten,
  isTlsDeny,
  ofType,
  props,
  resourcesOf,
  referencedAttribute,
  referencedId,
  refersTo,
  statementsOf,
} from '../template';
import type { CheckContext } from './context';
import {
  FIFO_SUFFIX,
  queueNames,
  topicArn,
  topicName,
} from '@pbc-portal/pbc-domain';

export function checkMessaging(ctx: CheckContext) {
  const { spec, fifo } = ctx;
  const queues = ctx.of('AWS::SQS::Queue');
  const deadLetterIds = new Set(
    queues
      .map(([, q]) => referencedId(props(q).RedrivePolicy?.deadLetterTargetArn))
      .filter((id): id is string => id !== undefined),
  );
  const queuePolicies = ctx.of('AWS::SQS::QueuePolicy');
  const alarms = ctx.of('AWS::CloudWatch::Alarm');

  for (const [id, queue] of queues) {
    const p = props(queue);
    const isDeadLetter = deadLetterIds.has(id);
    if (!ctx.isOwnKey(p.KmsMasterKeyId) || p.SqsManagedSseEnabled === true) {
      ctx.add('PBC-MSG-02', 'queue not encrypted with the PBC key', id);
    }
    const policies = queuePolicies.filter(([, qp]) =>
      asArray(props(qp).Queues).some(q => refersTo(q, id)),
    );
    if (
      !policies.some(([, qp]) =>
        statementsOf(props(qp).PolicyDocument).some(isTlsDeny),
      )
    ) {
      ctx.add('PBC-MSG-03', 'queue accepts requests without TLS', id);
    }
    if (p.FifoQueue === true && p.ContentBasedDeduplication !== true) {
      ctx.add('PBC-MSG-07', 'FIFO queue without deduplication', id);
    }
    if (isDeadLetter) {
      if (
        Number(p.MessageRetentionPeriod) !==
        MESSAGING.deadLetterRetentionSeconds
      ) {
        ctx.add(
          'PBC-MSG-01',
          'dead-letter queue does not keep messages for 14 days',
          id,
        );
      }
      const alarmed = alarms.some(([, alarm]) => {
        const a = props(alarm);
        return (
          a.Namespace === 'AWS/SQS' &&
          a.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          Number(a.Threshold) === 0 &&
          a.ComparisonOperator === 'GreaterThanThreshold' &&
          asArray<{ Name?: string; Value?: unknown }>(a.Dimensions).some(
            d =>
              d.Name === 'QueueName' &&
              refersTo(d.Value, id) &&
              referencedAttribute(d.Value) === 'QueueName',
          )
        );
      });
      if (!alarmed) {
        ctx.add(
          'PBC-MSG-06',
          'no alarm on messages in the dead-letter queue',
          id,
        );
      }
      continue;
    }
    const redrive = p.RedrivePolicy;
    const target = referencedId(redrive?.deadLetterTargetArn);
    if (
      !redrive ||
      !target ||
      ctx.resources[target]?.Type !== 'AWS::SQS::Queue'
    ) {
      ctx.add('PBC-MSG-01', 'queue has no dead-letter queue', id);
    } else if (
      !(
        Number(redrive.maxReceiveCount) >= 1 &&
        Number(redrive.maxReceiveCount) <= 10
      )
    ) {
      ctx.add('PBC-MSG-01', 'maxReceiveCount must be between 1 and 10', id);
    }
    if (
      Number(p.VisibilityTimeout ?? 30) <
        MESSAGING.consumerTimeoutSeconds * 6 ||
      Number(p.ReceiveMessageWaitTimeSeconds ?? 0) !==
        MESSAGING.receiveWaitSeconds
    ) {
      ctx.add(
        'PBC-MSG-08',
        'visibility timeout below six consumer timeouts, or no long polling',
        id,
      );
    }
  }
  for (const [id, alarm] of alarms) {
    if (asArray(props(alarm).AlarmActions).length === 0) {
      ctx.add('PBC-OBS-05', 'alarm notifies nobody', id);
    }
  }

  const topics = ctx.of('AWS::SNS::Topic');
  const topicPolicies = ctx.of('AWS::SNS::TopicPolicy');
  for (const [id, topic] of topics) {
    const p = props(topic);
    if (!ctx.isOwnKey(p.KmsMasterKeyId)) {
      ctx.add('PBC-MSG-04', 'topic not encrypted with the PBC key', id);
    }
    const policies = topicPolicies.filter(([, tp]) =>
      asArray(props(tp).Topics).some(t => refersTo(t, id)),
    );
    if (
      !policies.some(([, tp]) =>
        statementsOf(props(tp).PolicyDocument).some(isTlsDeny),
      )
    ) {
      ctx.add('PBC-MSG-05', 'topic accepts publishes without TLS', id);
    }
    if (
      fifo &&
      (p.FifoTopic !== true || p.ContentBasedDeduplication !== true)
    ) {
      ctx.add(
        'PBC-MSG-07',
        'topic of a PCI-scoped PBC is not FIFO with deduplication',
        id,
      );
    }
  }

  // The template matches the spec: one topic per published event, one subscribed queue per
  // consumed event, nothing more.
  const expectedTopics = new Set(
    spec.publishes.map(e => topicName(spec.name, e, fifo)),
  );
  const actualTopics = new Map(
    topics.map(([id, t]) => [props(t).TopicName, id]),
  );
  for (const name of expectedTopics) {
    if (!actualTopics.has(name)) {
      ctx.add('PBC-GOV-03', `published event has no topic ${name}`);
    }
  }
  for (const [name, id] of actualTopics) {
    if (!expectedTopics.has(name)) {
      ctx.add(
        'PBC-GOV-03',
        `topic ${name} is not a published event of the spec`,
        id,
      );
    }
  }
  const expectedQueues = new Map<string, boolean>();
  for (const { entry, producer, event, facts } of ctx.consumed()) {
    const names = queueNames(spec.name, producer, event, facts.pciScope);
    expectedQueues
      .set(names.queue, facts.pciScope)
      .set(names.deadLetterQueue, facts.pciScope);
    const queue = queues.find(([, q]) => props(q).QueueName === names.queue);
    if (!queue) {
      ctx.add(
        'PBC-GOV-03',
        `consumed event ${entry} has no queue ${names.queue}`,
      );
      continue;
    }
    // The producer's topic, in the producer's account and Region.
    const topic = topicArn(
      producer,
      event,
      facts.pciScope,
      facts.awsAccountId,
      facts.awsRegion,
    );
    const sendAllowed = queuePolicies
      .filter(([, qp]) =>
        asArray(props(qp).Queues).some(q => refersTo(q, queue[0])),
      )
      .flatMap(([, qp]) => statementsOf(props(qp).PolicyDocument))
      .filter(s => s.Effect === 'Allow');
    const onlyTopic =
      sendAllowed.length > 0 &&
      sendAllowed.every(
        s =>
          asArray((s.Principal as { Service?: string })?.Service).includes(
            'sns.amazonaws.com',
          ) && flatten(s.Condition?.ArnEquals?.['aws:SourceArn']) === topic,
      );
    if (!onlyTopic) {
      ctx.add(
        'PBC-IAM-13',
        `only the topic ${topic} may send to ${names.queue}`,
        queue[0],
      );
    }
  }
  for (const [id, queue] of queues) {
    const name = props(queue).QueueName;
    if (!expectedQueues.has(name)) {
      ctx.add(
        'PBC-GOV-03',
        `queue ${name} is not a consumed event of the spec`,
        id,
      );
    }
    // FIFO exactly when the producer's topic is: a standard topic cannot feed a FIFO queue,
    // and a PCI producer's ordered, deduplicated events must stay so (PBC-MSG-07).
    const producerFifo = expectedQueues.get(name);
    if (
      typeof name === 'string' &&
      producerFifo !== undefined &&
      (name.endsWith(FIFO_SUFFIX) !== producerFifo ||
        (props(queue).FifoQueue === true) !== producerFifo)
    ) {
      ctx.add(
        'PBC-MSG-07',
        `queue ${name} ${
          producerFifo ? 'must' : 'cannot'
        } be FIFO: its producer's topic ${producerFifo ? 'is' : 'is not'}`,
        id,
      );
    }
  }
}

/**
 * The subscriptions stack: one raw-delivery subscription per consumed event, from the
 * producer's topic (in its Region) to the PBC's queue, with the DLQ as redrive target when
 * SNS allows one: the subscription is the consumer's, so in every subscription in the
 * consumer's Region (other accounts' topics too), never in a cross-Region one.
 */
export function checkSubscriptions(ctx: CheckContext) {
  const { spec } = ctx;
  const subscriptions = ofType(
    resourcesOf(ctx.subscriptions ?? {}),
    'AWS::SNS::Subscription',
  );
  const expected = new Set<string>();
  for (const { entry, producer, event, facts } of ctx.consumed()) {
    const names = queueNames(spec.name, producer, event, facts.pciScope);
    const topic = topicArn(
      producer,
      event,
      facts.pciScope,
      facts.awsAccountId,
      facts.awsRegion,
    );
    expected.add(topic);
    const sameRegion = facts.awsRegion === spec.awsRegion;
    const found = subscriptions.filter(
      ([, s]) => flatten(props(s).TopicArn) === topic,
    );
    const ok =
      found.length === 1 &&
      found.every(([, s]) => {
        const p = props(s);
        return (
          p.Protocol === 'sqs' &&
          p.RawMessageDelivery === true &&
          flatten(p.Endpoint).endsWith(`:${names.queue}`) &&
          (p.Region ?? spec.awsRegion) === facts.awsRegion &&
          (sameRegion
            ? flatten(p.RedrivePolicy?.deadLetterTargetArn).endsWith(
                `:${names.deadLetterQueue}`,
              )
            : p.RedrivePolicy === undefined)
        );
      });
    if (!ok) {
      ctx.add(
        'PBC-GOV-03',
        `${entry}: expected one raw-delivery subscription of ${names.queue} to ${topic}`,
      );
    }
  }
  for (const [id, s] of subscriptions) {
    if (!expected.has(flatten(props(s).TopicArn))) {
      ctx.add(
        'PBC-GOV-03',
        `subscription to ${flatten(props(s).TopicArn)} is not a consumed event`,
        id,
      );
    }
  }
}
