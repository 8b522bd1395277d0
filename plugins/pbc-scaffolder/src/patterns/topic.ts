/* eslint-disable no-new -- CDK constructs attach themselves to the construct tree when created. */
import { CfnTopic, CfnTopicPolicy } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { PbcRole } from './role';
import { topicName } from '@pbc-portal/pbc-domain';

export interface PbcTopicProps {
  pbc: string;
  event: string;
  fifo: boolean;
  keyArn: string;
  role: PbcRole;
}

// --8<-- [start:pbc-sns-topic]
/**
 * One topic per published event, named `pbc-<name>-<event>` so consumers can subscribe by
 * convention. Encrypted with the PBC's key (PBC-MSG-04); FIFO with content-based
 * deduplication for PCI-scoped PBCs (PBC-MSG-07). The topic policy refuses requests without
 * TLS (PBC-MSG-05) and lets only the PBC's own role publish (PBC-IAM-13).
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
            Sid: 'OwnRolePublishes',
            Effect: 'Allow',
            Principal: { AWS: props.role.roleArn },
            Action: 'sns:Publish',
            Resource: this.topic.ref,
          },
        ],
      },
    });

    props.role.grant(`Publish${id}`, ['sns:Publish'], [this.topic.ref]);
  }
}
// --8<-- [end:pbc-sns-topic]
