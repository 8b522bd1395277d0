import {
  COMPLIANCE_RECORD_TAG,
  PBC_TAG_KEY,
  roleName,
  stackName,
} from '@pbc-portal/pbc-domain';
import type { DataStore } from './names';
import {
  Rng,
  alnumFrom,
  base32From,
  cumulative,
  hashInts,
  hexFrom,
  pickWeighted,
  uuidFrom,
} from './random';
import type { AwsResource, Pbc } from './types';

const DAY = 86_400_000;

/** What the generator needs to know about a PBC to give it resources. */
export interface PbcShape {
  dataStore: DataStore;
  public: boolean;
}

type Maker = (
  pbc: Pbc,
  purpose: string,
  h: number,
) => { id: string; name?: string; arn: string; tags?: Record<string, string> };

const QUEUE_PURPOSES = [
  'events',
  'events-dlq',
  'commands',
  'outbox',
  'retry',
  'audit',
  'webhooks',
  'sync',
];
const TOPIC_PURPOSES = ['events', 'alerts', 'changes', 'notifications'];
const TABLE_PURPOSES = [
  'items',
  'sessions',
  'idempotency',
  'history',
  'projections',
];
const FUNCTION_PURPOSES = [
  'projector',
  'scheduler',
  'webhook-handler',
  'exporter',
  'reconciler',
];
const LOG_PURPOSES = ['service', 'lambda', 'audit'];
const ALARM_PURPOSES = ['dlq-depth', '5xx-rate', 'latency-p99', 'throttles'];
const BUCKET_PURPOSES = ['assets', 'exports', 'archive', 'reports'];
const SECRET_PURPOSES = ['db-credentials', 'api-key', 'webhook-signing'];
const ROLE_PURPOSES = ['task', 'deploy', 'lambda', 'migrations'];
const KEY_PURPOSES = ['data', 'messaging', 'logs'];
const CACHE_PURPOSES = ['cache', 'sessions'];

const arnPrefix = (service: string, pbc: Pbc) =>
  `arn:aws:${service}:${pbc.region}:${pbc.accountId}`;

const MAKERS: Record<string, { purposes: string[]; make: Maker }> = {
  'AWS::IAM::Role': {
    purposes: ROLE_PURPOSES,
    make: (pbc, purpose, h) => {
      const name =
        purpose === 'task'
          ? roleName(pbc.name)
          : `pbc-${pbc.name}-${purpose}-role`;
      return {
        id: `AROA${base32From(h, 17)}`,
        name,
        arn: `arn:aws:iam::${pbc.accountId}:role/${name}`,
      };
    },
  },
  'AWS::CloudFormation::Stack': {
    purposes: ['stack', 'pipeline', 'dashboards'],
    make: (pbc, purpose) => {
      const name =
        purpose === 'stack'
          ? stackName(pbc.name)
          : `pbc-${pbc.name}-${purpose}`;
      const arn = `${arnPrefix('cloudformation', pbc)}:stack/${name}/${uuidFrom(
        hashInts(pbc.index, 7, name.length),
      )}`;
      return { id: arn, name, arn };
    },
  },
  'AWS::EC2::SecurityGroup': {
    purposes: ['service', 'database', 'cache', 'lambda'],
    make: (pbc, purpose, h) => {
      const id = `sg-${hexFrom(h, 17)}`;
      return {
        id,
        name: `pbc-${pbc.name}-${purpose}-sg`,
        arn: `${arnPrefix('ec2', pbc)}:security-group/${id}`,
      };
    },
  },
  'AWS::ECS::Service': {
    purposes: ['service', 'worker', 'admin'],
    make: (pbc, purpose) => {
      const name =
        purpose === 'service'
          ? `${pbc.name}-service`
          : `${pbc.name}-${purpose}`;
      const arn = `${arnPrefix('ecs', pbc)}:service/commerce-${
        pbc.system
      }/${name}`;
      return { id: arn, name, arn };
    },
  },
  'AWS::KMS::Key': {
    purposes: KEY_PURPOSES,
    make: (pbc, purpose, h) => {
      const id = uuidFrom(h);
      return {
        id,
        arn: `${arnPrefix('kms', pbc)}:key/${id}`,
        tags: { 'pbc-portal:key-use': purpose },
      };
    },
  },
  'AWS::SQS::Queue': {
    purposes: QUEUE_PURPOSES,
    make: pbc => {
      throw new Error(`queue names are built in makeResource (${pbc.name})`);
    },
  },
  'AWS::SNS::Topic': {
    purposes: TOPIC_PURPOSES,
    make: (pbc, purpose) => {
      const name = `pbc-${pbc.name}-${purpose}${pbc.pciScope ? '.fifo' : ''}`;
      const arn = `${arnPrefix('sns', pbc)}:${name}`;
      return { id: arn, name, arn };
    },
  },
  'AWS::DynamoDB::Table': {
    purposes: TABLE_PURPOSES,
    make: (pbc, purpose) => {
      const name = `pbc-${pbc.name}-${purpose}`;
      return {
        id: name,
        name,
        arn: `${arnPrefix('dynamodb', pbc)}:table/${name}`,
      };
    },
  },
  'AWS::RDS::DBCluster': {
    purposes: ['db', 'reporting-db'],
    make: (pbc, purpose, h) => {
      const name = `pbc-${pbc.name}-${purpose}`;
      return {
        id: `cluster-${base32From(h, 26)}`,
        name,
        arn: `${arnPrefix('rds', pbc)}:cluster:${name}`,
      };
    },
  },
  'AWS::RDS::DBInstance': {
    purposes: ['db-1', 'db-2'],
    make: (pbc, purpose, h) => {
      const name = `pbc-${pbc.name}-${purpose}`;
      return {
        id: `db-${base32From(h, 26)}`,
        name,
        arn: `${arnPrefix('rds', pbc)}:db:${name}`,
      };
    },
  },
  'AWS::Logs::LogGroup': {
    purposes: LOG_PURPOSES,
    make: (pbc, purpose) => {
      const names: Record<string, string> = {
        service: `/ecs/pbc-${pbc.name}`,
        lambda: `/aws/lambda/pbc-${pbc.name}`,
      };
      const name = names[purpose] ?? `/pbc/${pbc.name}/${purpose}`;
      return {
        id: name,
        name,
        arn: `${arnPrefix('logs', pbc)}:log-group:${name}`,
      };
    },
  },
  'AWS::S3::Bucket': {
    purposes: BUCKET_PURPOSES,
    make: (pbc, purpose) => {
      const name = `pbc-${pbc.name}-${purpose}-${pbc.accountId}-${pbc.region}`;
      return {
        id: name,
        name,
        arn: `arn:aws:s3:::${name}`,
        tags:
          purpose === 'records'
            ? { [COMPLIANCE_RECORD_TAG.key]: COMPLIANCE_RECORD_TAG.value }
            : undefined,
      };
    },
  },
  'AWS::SecretsManager::Secret': {
    purposes: SECRET_PURPOSES,
    make: (pbc, purpose, h) => {
      const name = `pbc/${pbc.name}/${purpose}`;
      const arn = `${arnPrefix(
        'secretsmanager',
        pbc,
      )}:secret:${name}-${alnumFrom(h, 6)}`;
      return { id: arn, name, arn };
    },
  },
  'AWS::Lambda::Function': {
    purposes: FUNCTION_PURPOSES,
    make: (pbc, purpose) => {
      const name = `pbc-${pbc.name}-${purpose}`;
      return {
        id: name,
        name,
        arn: `${arnPrefix('lambda', pbc)}:function:${name}`,
      };
    },
  },
  'AWS::CloudWatch::Alarm': {
    purposes: ALARM_PURPOSES,
    make: (pbc, purpose) => {
      const name = `pbc-${pbc.name}-${purpose}`;
      return {
        id: name,
        name,
        arn: `${arnPrefix('cloudwatch', pbc)}:alarm:${name}`,
      };
    },
  },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': {
    purposes: ['alb', 'internal-alb'],
    make: (pbc, purpose, h) => {
      const name = `pbc-${pbc.name}-${purpose}`.slice(0, 32);
      const arn = `${arnPrefix(
        'elasticloadbalancing',
        pbc,
      )}:loadbalancer/app/${name}/${hexFrom(h, 16)}`;
      return { id: arn, name, arn };
    },
  },
  'AWS::ElastiCache::ReplicationGroup': {
    purposes: CACHE_PURPOSES,
    make: (pbc, purpose) => {
      const name = `pbc-${pbc.name}-${purpose}`.slice(0, 40);
      return {
        id: name,
        name,
        arn: `${arnPrefix('elasticache', pbc)}:replicationgroup:${name}`,
      };
    },
  },
};

/** Resource types a PBC can own. */
export const PBC_RESOURCE_TYPES = Object.keys(MAKERS);

/** Types added after the core set, with their weights. */
const EXTRA_POOL: Array<[string, number]> = [
  ['AWS::SQS::Queue', 4],
  ['AWS::Lambda::Function', 3],
  ['AWS::CloudWatch::Alarm', 3],
  ['AWS::SNS::Topic', 2],
  ['AWS::DynamoDB::Table', 2],
  ['AWS::Logs::LogGroup', 2],
  ['AWS::IAM::Role', 1],
  ['AWS::S3::Bucket', 1],
  ['AWS::KMS::Key', 1],
  ['AWS::SecretsManager::Secret', 1],
  ['AWS::EC2::SecurityGroup', 1],
  ['AWS::ElastiCache::ReplicationGroup', 0.5],
];
const EXTRA_CUM = cumulative(EXTRA_POOL.map(([, w]) => w));

/** The first resources every PBC of this shape gets, in order. */
export function coreTypes(pbc: Pbc, shape: PbcShape): string[] {
  const types = [
    'AWS::IAM::Role',
    'AWS::CloudFormation::Stack',
    'AWS::EC2::SecurityGroup',
    'AWS::ECS::Service',
    'AWS::KMS::Key',
    'AWS::SQS::Queue',
    'AWS::SNS::Topic',
    'AWS::SQS::Queue',
  ];
  if (shape.dataStore === 'dynamodb') types.push('AWS::DynamoDB::Table');
  if (shape.dataStore === 'aurora') {
    types.push('AWS::RDS::DBCluster', 'AWS::RDS::DBInstance');
  }
  types.push(
    'AWS::Logs::LogGroup',
    'AWS::S3::Bucket',
    'AWS::SecretsManager::Secret',
    'AWS::Lambda::Function',
    'AWS::CloudWatch::Alarm',
  );
  types.push(
    shape.public
      ? 'AWS::ElasticLoadBalancingV2::LoadBalancer'
      : 'AWS::ElastiCache::ReplicationGroup',
  );
  if (pbc.pciScope) {
    // Card data keeps its own key and secret.
    types.push('AWS::KMS::Key', 'AWS::SecretsManager::Secret');
  }
  return types;
}

function purposeFor(type: string, ordinal: number, pbc: Pbc): string {
  let purposes = MAKERS[type].purposes;
  if (type === 'AWS::S3::Bucket' && (pbc.pciScope || pbc.name === 'order')) {
    purposes = ['records', ...purposes];
  }
  if (ordinal < purposes.length) return purposes[ordinal];
  return `${purposes[ordinal % purposes.length]}-${
    Math.floor(ordinal / purposes.length) + 1
  }`;
}

function makeResource(
  pbc: Pbc,
  type: string,
  ordinal: number,
  index: number,
  seed: number,
  rng: Rng,
  now: number,
): AwsResource {
  const h = hashInts(seed, index, 0x5e5);
  const purpose = purposeFor(type, ordinal, pbc);
  let made: ReturnType<Maker>;
  if (type === 'AWS::SQS::Queue') {
    const name = `pbc-${pbc.name}-${purpose}${pbc.pciScope ? '.fifo' : ''}`;
    made = {
      id: `https://sqs.${pbc.region}.amazonaws.com/${pbc.accountId}/${name}`,
      name,
      arn: `arn:aws:sqs:${pbc.region}:${pbc.accountId}:${name}`,
    };
  } else {
    made = MAKERS[type].make(pbc, purpose, h);
  }
  return {
    index,
    resourceType: type,
    resourceId: made.id,
    resourceName: made.name,
    arn: made.arn,
    accountId: pbc.accountId,
    region: pbc.region,
    availabilityZone:
      type.startsWith('AWS::RDS::') || type.startsWith('AWS::ElastiCache::')
        ? `${pbc.region}${'abc'[h % 3]}`
        : 'Regional',
    pbc: pbc.name,
    tags: {
      [PBC_TAG_KEY]: pbc.name,
      'pbc-portal:owner': pbc.owner,
      ...made.tags,
    },
    createdAt: now - (30 + rng.int(700)) * DAY - rng.int(DAY),
  };
}

/** `count` resources of a PBC: its core set first, then weighted extras. */
export function buildPbcResources(
  pbc: Pbc,
  shape: PbcShape,
  count: number,
  firstIndex: number,
  seed: number,
  rng: Rng,
  now: number,
): AwsResource[] {
  const core = coreTypes(pbc, shape);
  const ordinals = new Map<string, number>();
  const out: AwsResource[] = [];
  for (let i = 0; i < count; i++) {
    const type =
      i < core.length ? core[i] : EXTRA_POOL[pickWeighted(EXTRA_CUM, rng)][0];
    const ordinal = ordinals.get(type) ?? 0;
    ordinals.set(type, ordinal + 1);
    out.push(makeResource(pbc, type, ordinal, firstIndex + i, seed, rng, now));
  }
  return out;
}

/** Platform-owned resources of one account and Region. */
export function buildBaselineResources(
  accountId: string,
  region: string,
  homeRegion: boolean,
  users: string[],
  firstIndex: number,
  seed: number,
  now: number,
): AwsResource[] {
  const out: AwsResource[] = [];
  const add = (
    resourceType: string,
    resourceId: string,
    resourceName: string | undefined,
    arn: string,
  ) => {
    const index = firstIndex + out.length;
    out.push({
      index,
      resourceType,
      resourceId,
      resourceName,
      arn,
      accountId,
      region,
      availabilityZone: 'Regional',
      tags: { 'pbc-portal:owner': 'platform-team' },
      createdAt: now - (800 + (hashInts(seed, index) % 300)) * DAY,
    });
  };
  const h = hashInts(
    seed,
    hashInts(Number(accountId.slice(-6)), region.length, region.charCodeAt(3)),
  );
  add(
    'AWS::::Account',
    accountId,
    undefined,
    `arn:aws::::account/${accountId}`,
  );
  add(
    'AWS::CloudTrail::Trail',
    `platform-trail`,
    'platform-trail',
    `arn:aws:cloudtrail:${region}:${accountId}:trail/platform-trail`,
  );
  const vpcId = `vpc-${hexFrom(h, 17)}`;
  add(
    'AWS::EC2::VPC',
    vpcId,
    'commerce-vpc',
    `arn:aws:ec2:${region}:${accountId}:vpc/${vpcId}`,
  );
  const sgId = `sg-${hexFrom(h ^ 0x77, 17)}`;
  add(
    'AWS::EC2::SecurityGroup',
    sgId,
    'default',
    `arn:aws:ec2:${region}:${accountId}:security-group/${sgId}`,
  );
  if (homeRegion) {
    // IAM is global; AWS Config records it in one Region.
    for (const user of users) {
      add(
        'AWS::IAM::User',
        `AIDA${base32From(hashInts(h, user.length, user.charCodeAt(0)), 17)}`,
        user,
        `arn:aws:iam::${accountId}:user/${user}`,
      );
    }
  }
  return out;
}
