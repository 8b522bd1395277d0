/* eslint-disable no-new -- CDK constructs attach themselves to the construct tree when created. */
import { Fn, Stack, StackProps, Tags } from 'aws-cdk-lib';
import { CfnSubscription } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import {
  TAG_KEYS,
  parseConsumedEvent,
  queueNames,
  subscriptionsStackName,
  type PbcSpec,
  type ProducerFactsMap,
} from '@pbc-portal/pbc-domain';
import { idPart } from './names';
import { producerTopicArn } from './queue';
import { PATTERNS_VERSION } from '@pbc-portal/pbc-domain';

/** The ARN of one of the PBC's queues, in the account and Region the stack deploys to. */
function queueArn(name: string): string {
  // eslint-disable-next-line no-template-curly-in-string -- CloudFormation's Fn::Sub syntax.
  return Fn.sub(
    `arn:\${AWS::Partition}:sqs:\${AWS::Region}:\${AWS::AccountId}:${name}`,
  );
}

export interface PbcSubscriptionsStackProps extends StackProps {
  spec: PbcSpec;
  producers: ProducerFactsMap;
}

// --8<-- [start:pbc-subscriptions]
/**
 * The PBC's subscriptions to its producers' topics, in a stack of their own
 * (`pbc-<name>--subscriptions`) that the PBC's pipeline deploys after its main stack. Main
 * stacks then never depend on each other: two PBCs that consume each other deploy their main
 * stacks in any order, then their subscriptions. The consumer subscribes its own queue (the
 * queue owner's subscription needs no confirmation, also across accounts); the producer's
 * topic policy lets principals of the organisation subscribe PBC queues. A producer in
 * another Region is reached with the subscription's `Region`. SNS redrives a delivery it
 * could not make to a DLQ in the subscription's account and Region: the subscription belongs
 * to the consumer's account that creates it, also on another account's topic, so every
 * same-Region subscription redrives to the consumer's own DLQ (whose policy already admits the
 * producer topic). A cross-Region subscription lives in the topic's Region, where the consumer
 * has no queue: it has no redrive policy, and the producer's delivery-failure alarm covers it.
 */
export class PbcSubscriptionsStack extends Stack {
  constructor(scope: Construct, id: string, props: PbcSubscriptionsStackProps) {
    super(scope, id, {
      ...props,
      stackName: subscriptionsStackName(props.spec.name),
      description: `PBC ${props.spec.name}: subscriptions to its producers' topics (pbc-portal patterns ${PATTERNS_VERSION})`,
    });
    const { spec, producers } = props;
    this.templateOptions.metadata = {
      'pbc-portal': {
        pbc: spec.name,
        patternsVersion: PATTERNS_VERSION,
        awsAccountId: spec.awsAccountId,
        awsRegion: spec.awsRegion,
        producers,
      },
      'cfn-lint': { config: { regions: [spec.awsRegion] } },
    };
    const ids = new Set<string>();
    for (const entry of spec.consumes) {
      const { producer, event } = parseConsumedEvent(entry);
      const facts = producers[producer];
      const names = queueNames(spec.name, producer, event, facts.pciScope);
      const sameRegion = facts.awsRegion === spec.awsRegion;
      let logicalId = `Subscription${idPart(producer)}${idPart(event)}`;
      for (let n = 2; ids.has(logicalId); n++) {
        logicalId = `Subscription${idPart(producer)}${idPart(event)}${n}`;
      }
      ids.add(logicalId);
      new CfnSubscription(this, logicalId, {
        topicArn: producerTopicArn(producer, event, facts),
        protocol: 'sqs',
        endpoint: queueArn(names.queue),
        rawMessageDelivery: true,
        ...(sameRegion ? {} : { region: facts.awsRegion }),
        ...(sameRegion
          ? {
              redrivePolicy: {
                deadLetterTargetArn: queueArn(names.deadLetterQueue),
              },
            }
          : {}),
      });
    }
    Tags.of(this).add(TAG_KEYS.pbc, spec.name);
  }
}
// --8<-- [end:pbc-subscriptions]
