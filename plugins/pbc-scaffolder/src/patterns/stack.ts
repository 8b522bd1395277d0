/* eslint-disable no-new -- CDK constructs attach themselves to the construct tree when created. */
import { CfnOutput, Stack, StackProps, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { PbcSpec, ProducerFactsMap } from '@pbc-portal/pbc-domain';
import { PbcAuroraCluster } from './aurora';
import { PbcKey } from './key';
import { idPart } from './names';
import { PbcSecurityGroup } from './network';
import { importPlatform } from './platformImports';
import { PbcConsumerQueue, producerTopicArn } from './queue';
import { PbcRole } from './role';
import { type ConsumedQueue, PbcService } from './service';
import { PbcTable } from './table';
import { PbcTopic } from './topic';
import {
  DATABASE_PORT,
  databaseUserName,
  postgresLogGroupName,
  DATA_CLASSES,
  SERVICE_PORT,
  TAG_KEYS,
  parseConsumedEvent,
  PATTERNS_VERSION,
  stackName,
} from '@pbc-portal/pbc-domain';
import { SERVICE_ENV, queueUrlEnv, topicArnEnv } from '../lib/serviceEnv';

/** Readable construct ids, made unique when two names collapse to the same PascalCase. */
class UniqueIds {
  private readonly taken = new Set<string>();

  next(candidate: string): string {
    let id = candidate;
    for (let n = 2; this.taken.has(id); n++) {
      id = `${candidate}${n}`;
    }
    this.taken.add(id);
    return id;
  }
}

export interface PbcStackProps extends StackProps {
  spec: PbcSpec;
  /** Facts of every producer the spec consumes from (account, Region, FIFO). */
  producers: ProducerFactsMap;
  /** Pattern settings other than the current ones, for tests of what a patterns change does. */
  patterns?: PatternOverrides;
}

/** Settings a caller may override: the recorded version and the DLQ redrive count. */
export interface PatternOverrides {
  version?: string;
  maxReceiveCount?: number;
}

/**
 * One stack per PBC, assembled from the reference patterns. Environment-agnostic: ARNs use the
 * AWS::Partition/Region/AccountId pseudo parameters, and the Region the PBC deploys to is only
 * recorded in the template metadata (cfn-lint reads it from there).
 */
export class PbcStack extends Stack {
  readonly spec: PbcSpec;

  constructor(scope: Construct, id: string, props: PbcStackProps) {
    super(scope, id, {
      ...props,
      stackName: stackName(props.spec.name),
      description: `PBC ${
        props.spec.name
      }: reference infrastructure (pbc-portal patterns ${
        props.patterns?.version ?? PATTERNS_VERSION
      })`,
    });
    const { spec, producers } = props;
    this.spec = spec;
    const fifo = spec.pciScope;
    const platform = importPlatform(spec);
    const consumed = spec.consumes.map(parseConsumedEvent);

    this.templateOptions.metadata = {
      'pbc-portal': {
        pbc: spec.name,
        patternsVersion: props.patterns?.version ?? PATTERNS_VERSION,
        awsAccountId: spec.awsAccountId,
        awsRegion: spec.awsRegion,
        producers,
      },
      'cfn-lint': { config: { regions: [spec.awsRegion] } },
    };

    const key = new PbcKey(this, 'Key', {
      pbc: spec.name,
      subscribedTopicArns: consumed.map(c =>
        producerTopicArn(c.producer, c.event, producers[c.producer]),
      ),
      logGroupNames:
        spec.dataStore === 'aurora-postgresql'
          ? [postgresLogGroupName(spec.name)]
          : [],
    });
    const role = new PbcRole(this, 'Role', {
      pbc: spec.name,
      permissionsBoundaryArn: platform.permissionsBoundaryArn,
    });
    const network = new PbcSecurityGroup(this, 'SecurityGroup', {
      pbc: spec.name,
      exposure: spec.exposure,
      dataStore: spec.dataStore,
      platform,
    });

    const ids = new UniqueIds();
    // What the service's task definition passes its code (names from lib/serviceEnv.ts).
    const serviceEnvironment: Record<string, string> = {};
    const consumedQueues: ConsumedQueue[] = [];
    for (const event of spec.publishes) {
      const topic = new PbcTopic(this, ids.next(`Topic${idPart(event)}`), {
        pbc: spec.name,
        event,
        fifo,
        keyArn: key.keyArn,
        role,
        alarmTopicArn: platform.alarmTopicArn,
        organizationId: platform.organizationId,
      });
      serviceEnvironment[topicArnEnv(event)] = topic.topicArn;
      new CfnOutput(this, ids.next(`${topic.node.id}Arn`), {
        value: topic.topicArn,
      });
    }
    for (const { producer, event } of consumed) {
      const queue = new PbcConsumerQueue(
        this,
        ids.next(`Queue${idPart(producer)}${idPart(event)}`),
        {
          pbc: spec.name,
          producer,
          event,
          producerFacts: producers[producer],
          keyArn: key.keyArn,
          role,
          alarmTopicArn: platform.alarmTopicArn,
          maxReceiveCount: props.patterns?.maxReceiveCount,
        },
      );
      serviceEnvironment[queueUrlEnv(producer, event)] = queue.queue.ref;
      consumedQueues.push({
        event: `${producer}.${event}`,
        queueName: queue.queue.attrQueueName,
      });
      new CfnOutput(this, ids.next(`${queue.node.id}Url`), {
        value: queue.queue.ref,
      });
    }

    const dataClass = spec.pciScope
      ? DATA_CLASSES.cardholder
      : DATA_CLASSES.business;
    if (spec.dataStore === 'dynamodb') {
      const table = new PbcTable(this, 'Table', {
        pbc: spec.name,
        keyArn: key.keyArn,
        dataClass,
        role,
        alarmTopicArn: platform.alarmTopicArn,
      });
      serviceEnvironment[SERVICE_ENV.tableName] = table.table.ref;
      new CfnOutput(this, 'TableName', { value: table.table.ref });
    } else if (spec.dataStore === 'aurora-postgresql') {
      const database = new PbcAuroraCluster(this, 'Database', {
        pbc: spec.name,
        pciScope: spec.pciScope,
        keyArn: key.keyArn,
        dataClass,
        platform,
        appSecurityGroup: network.securityGroup,
        role,
        alarmTopicArn: platform.alarmTopicArn,
      });
      serviceEnvironment[SERVICE_ENV.pgHost] =
        database.cluster.attrEndpointAddress;
      serviceEnvironment[SERVICE_ENV.pgPort] = String(DATABASE_PORT);
      serviceEnvironment[SERVICE_ENV.pgUser] = databaseUserName(spec.name);
      new CfnOutput(this, 'DatabaseEndpoint', {
        value: database.cluster.attrEndpointAddress,
      });
      new CfnOutput(this, 'DatabaseSecretArn', {
        value: database.cluster.attrMasterUserSecretSecretArn,
      });
    }

    role.grant(
      'UseOwnKey',
      ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
      [key.keyArn],
    );

    const service = new PbcService(this, 'Service', {
      spec,
      platform,
      key: key.key,
      role,
      securityGroupId: network.securityGroupId,
      environment: serviceEnvironment,
      consumedQueues,
    });
    new CfnOutput(this, 'ServiceName', { value: service.service.attrName });

    // What the PBC's service deployment needs: where to run and as whom.
    new CfnOutput(this, 'RoleArn', { value: role.roleArn });
    new CfnOutput(this, 'SecurityGroupId', { value: network.securityGroupId });
    // The export's name rather than its value: an output may not re-export an import.
    new CfnOutput(this, 'SubnetsExport', {
      description: 'Platform export with the subnets the service runs in',
      value: platform.subnetExport,
    });
    if (spec.exposure === 'public') {
      new CfnOutput(this, 'ServicePort', { value: String(SERVICE_PORT) });
    }

    Tags.of(this).add(TAG_KEYS.pbc, spec.name);
    Tags.of(this).add(TAG_KEYS.owner, spec.owner);
    Tags.of(this).add(TAG_KEYS.system, spec.system);
    if (spec.pciScope) {
      Tags.of(this).add(TAG_KEYS.pciScope, 'true');
    }

    // Last: every pattern above has granted what it needs; the policies are written now.
    role.finalize();
  }
}
