import type { PbcSpec } from '../spec';
import {
  DATA_CLASSES,
  FIFO_SUFFIX,
  MESSAGING,
  PERMISSIONS_BOUNDARY_POLICY_NAME,
  PLATFORM_EXPORTS,
  SERVICE_PORT,
  TAG_KEYS,
  iamPath,
  parseConsumedEvent,
  queueNames,
  roleName,
  topicName,
} from '../patterns/names';
import {
  CfnResource,
  PolicyStatement,
  Resources,
  asArray,
  flatten,
  importName,
  importsIn,
  isAnyPrincipal,
  isTlsDeny,
  ofType,
  props,
  referencedAttribute,
  referencedId,
  refersTo,
  resourcesOf,
  statementsOf,
  tagsOf,
} from './template';

/** A place where a template departs from the reference patterns, by control id. */
export interface PatternViolation {
  controlId: string;
  /** Logical id of the resource (or output) concerned. */
  resource?: string;
  message: string;
}

/**
 * Resource types that take tags and that a PBC stack may contain. A resource of one of these
 * types without `pbc=<name>` is a violation even if its Tags property is gone altogether; any
 * other resource that has Tags is checked too.
 */
export const TAGGABLE_TYPES: ReadonlySet<string> = new Set([
  'AWS::CloudWatch::Alarm',
  'AWS::DynamoDB::Table',
  'AWS::EC2::Instance',
  'AWS::EC2::LaunchTemplate',
  'AWS::EC2::SecurityGroup',
  'AWS::ECS::Service',
  'AWS::ECS::TaskDefinition',
  'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::IAM::Role',
  'AWS::KMS::Key',
  'AWS::Lambda::Function',
  'AWS::Logs::LogGroup',
  'AWS::RDS::DBCluster',
  'AWS::RDS::DBClusterParameterGroup',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBSubnetGroup',
  'AWS::S3::Bucket',
  'AWS::SecretsManager::Secret',
  'AWS::SNS::Topic',
  'AWS::SQS::Queue',
]);

/** Types a payment PBC's stack must never contain: they would give it a way to the internet. */
const INTERNET_PATH_TYPES = [
  'AWS::EC2::Route',
  'AWS::EC2::InternetGateway',
  'AWS::EC2::EgressOnlyInternetGateway',
  'AWS::EC2::VPCGatewayAttachment',
  'AWS::EC2::NatGateway',
  'AWS::EC2::EIP',
];

const WORLD = ['0.0.0.0/0', '::/0'];
/** The rule EC2 accepts but no packet matches: how a group says "no egress". */
const NO_TRAFFIC_CIDR = '255.255.255.255/32';

interface Rule {
  group: string;
  direction: 'ingress' | 'egress';
  rule: Record<string, any>;
  resource: string;
}

class Checker {
  readonly violations: PatternViolation[] = [];
  readonly resources: Resources;
  readonly keyIds: Set<string>;
  readonly fifo: boolean;

  constructor(
    readonly spec: PbcSpec,
    readonly template: Record<string, unknown>,
  ) {
    this.resources = resourcesOf(template);
    this.keyIds = new Set(
      ofType(this.resources, 'AWS::KMS::Key').map(([id]) => id),
    );
    this.fifo = spec.pciScope;
  }

  add(controlId: string, message: string, resource?: string) {
    this.violations.push({
      controlId,
      message,
      ...(resource ? { resource } : {}),
    });
  }

  of(type: string) {
    return ofType(this.resources, type);
  }

  isOwnKey(value: unknown): boolean {
    const id = referencedId(value);
    return id !== undefined && this.keyIds.has(id);
  }

  // ------------------------------------------------------------------ identity
  identity() {
    const { spec } = this;
    const roles = this.of('AWS::IAM::Role');
    if (roles.length !== 1) {
      this.add(
        'PBC-IAM-01',
        `expected exactly one IAM role, found ${roles.length}`,
      );
    }
    for (const [id, role] of roles) {
      const p = props(role);
      if (roles.length === 1 && p.RoleName !== roleName(spec.name)) {
        this.add(
          'PBC-IAM-01',
          `the role must be named ${roleName(spec.name)}`,
          id,
        );
      }
      const trusted = statementsOf(p.AssumeRolePolicyDocument).flatMap(s =>
        asArray((s.Principal as { Service?: string | string[] })?.Service),
      );
      if (
        trusted.some(service => service !== 'ecs-tasks.amazonaws.com') ||
        trusted.length === 0
      ) {
        this.add(
          'PBC-IAM-01',
          'the role must be assumable by ECS tasks only',
          id,
        );
      }
      const boundary = flatten(p.PermissionsBoundary);
      if (
        !p.PermissionsBoundary ||
        !boundary.endsWith(`:policy/${PERMISSIONS_BOUNDARY_POLICY_NAME}`)
      ) {
        this.add(
          'PBC-IAM-04',
          `the role has no ${PERMISSIONS_BOUNDARY_POLICY_NAME} permissions boundary`,
          id,
        );
      }
      if (p.Path !== iamPath(spec.name)) {
        this.add(
          'PBC-IAM-04',
          `the role must be under the ${iamPath(spec.name)} path`,
          id,
        );
      }
      for (const arn of asArray(p.ManagedPolicyArns)) {
        if (flatten(arn).includes(':iam::aws:policy/')) {
          this.add(
            'PBC-IAM-03',
            `AWS managed policy attached: ${flatten(arn)}`,
            id,
          );
        }
      }
      if (asArray(p.Policies).length > 0) {
        this.add(
          'PBC-IAM-03',
          'inline policies: use the PBC customer-managed policy',
          id,
        );
      }
      for (const policy of asArray<{ PolicyDocument?: unknown }>(p.Policies)) {
        this.identityStatements(id, statementsOf(policy.PolicyDocument));
      }
    }
    for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
      for (const [id, policy] of this.of(type)) {
        this.identityStatements(id, statementsOf(props(policy).PolicyDocument));
      }
    }
    for (const type of ['AWS::IAM::User', 'AWS::IAM::AccessKey']) {
      for (const [id] of this.of(type)) {
        this.add(
          'PBC-IAM-05',
          `${type} in a PBC stack: workloads use their role`,
          id,
        );
      }
    }
    this.secrets();
    this.resourcePolicies();
  }

  private identityStatements(id: string, statements: PolicyStatement[]) {
    for (const statement of statements) {
      if (statement.Effect !== 'Allow') {
        continue;
      }
      if (statement.NotAction !== undefined) {
        this.add(
          'PBC-IAM-01',
          'Allow with NotAction grants everything else',
          id,
        );
      }
      for (const action of asArray(statement.Action).map(flatten)) {
        if (action === '*') {
          this.add(
            'PBC-IAM-02',
            'Allow of action * (administrator access)',
            id,
          );
        }
        if (action.includes('*')) {
          this.add('PBC-IAM-01', `wildcard action ${action}`, id);
        }
      }
      for (const resource of asArray(statement.Resource).map(flatten)) {
        if (resource.includes('*')) {
          this.add('PBC-IAM-01', `wildcard resource ${resource}`, id);
        }
      }
    }
  }

  private secrets() {
    const isDynamicReference = (value: unknown) =>
      typeof value !== 'string' || value.startsWith('{{resolve:');
    for (const type of ['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance']) {
      for (const [id, resource] of this.of(type)) {
        const p = props(resource);
        if (
          p.MasterUserPassword !== undefined &&
          !isDynamicReference(p.MasterUserPassword)
        ) {
          this.add(
            'PBC-IAM-06',
            'database password written into the template',
            id,
          );
        }
      }
    }
    for (const [id, secret] of this.of('AWS::SecretsManager::Secret')) {
      if (typeof props(secret).SecretString === 'string') {
        this.add('PBC-IAM-06', 'secret value written into the template', id);
      }
    }
  }

  private resourcePolicies() {
    const documents: [string, unknown][] = [
      ...this.of('AWS::SQS::QueuePolicy').map(([id, r]): [string, unknown] => [
        id,
        props(r).PolicyDocument,
      ]),
      ...this.of('AWS::SNS::TopicPolicy').map(([id, r]): [string, unknown] => [
        id,
        props(r).PolicyDocument,
      ]),
      ...this.of('AWS::KMS::Key').map(([id, r]): [string, unknown] => [
        id,
        props(r).KeyPolicy,
      ]),
    ];
    for (const [id, document] of documents) {
      for (const statement of statementsOf(document)) {
        if (
          statement.Effect === 'Allow' &&
          isAnyPrincipal(statement.Principal) &&
          (!statement.Condition ||
            Object.keys(statement.Condition).length === 0)
        ) {
          this.add(
            'PBC-IAM-13',
            'resource policy allows any principal without a condition',
            id,
          );
        }
      }
    }
  }

  // ------------------------------------------------------------------- network
  network() {
    const { spec } = this;
    const groups = this.of('AWS::EC2::SecurityGroup');
    const appGroup = groups.find(
      ([, g]) => props(g).GroupName === `pbc-${spec.name}`,
    );
    if (!appGroup) {
      this.add(
        'PBC-GOV-03',
        `the PBC security group pbc-${spec.name} is missing`,
      );
    }
    const ownGroups = new Set(groups.map(([id]) => id));
    const rules = this.securityGroupRules(groups);

    for (const { group, direction, rule, resource } of rules) {
      const cidr = rule.CidrIp ?? rule.CidrIpv6;
      const from = Number(rule.FromPort ?? -1);
      const to = Number(rule.ToPort ?? -1);
      const allPorts = String(rule.IpProtocol) === '-1';
      if (direction === 'ingress') {
        if (WORLD.includes(cidr)) {
          this.add('PBC-NET-03', `ingress open to ${cidr}`, resource);
        }
        if ([22, 3389].some(port => allPorts || (from <= port && port <= to))) {
          this.add('PBC-NET-01', 'ingress on an SSH or RDP port', resource);
        }
        if (appGroup && group === appGroup[0]) {
          const fromAlb =
            importName(rule.SourceSecurityGroupId) ===
              PLATFORM_EXPORTS.albSecurityGroupId &&
            from === SERVICE_PORT &&
            to === SERVICE_PORT;
          if (spec.exposure === 'internal') {
            this.add(
              'PBC-NET-03',
              'an internal PBC admits no inbound traffic',
              resource,
            );
          } else if (!fromAlb) {
            this.add(
              'PBC-NET-03',
              `ingress must come from the shared load balancer on port ${SERVICE_PORT} only`,
              resource,
            );
          }
        } else if (
          !(appGroup && refersTo(rule.SourceSecurityGroupId, appGroup[0]))
        ) {
          this.add(
            'PBC-DATA-06',
            'the database admits traffic from outside the PBC',
            resource,
          );
        }
      } else {
        this.egressRule(rule, resource, ownGroups, allPorts);
      }
    }
    for (const [id] of groups) {
      if (!rules.some(r => r.group === id && r.direction === 'egress')) {
        this.add(
          'PBC-NET-07',
          'no egress rule, so EC2 allows all outbound traffic',
          id,
        );
      }
    }
    if (appGroup && spec.exposure === 'public') {
      const fromAlb = rules.some(
        r =>
          r.group === appGroup[0] &&
          r.direction === 'ingress' &&
          importName(r.rule.SourceSecurityGroupId) ===
            PLATFORM_EXPORTS.albSecurityGroupId,
      );
      if (!fromAlb) {
        this.add(
          'PBC-GOV-03',
          'a public PBC admits its load balancer',
          appGroup[0],
        );
      }
    }
    this.placement();
  }

  private securityGroupRules(groups: [string, CfnResource][]): Rule[] {
    const rules: Rule[] = [];
    for (const [id, group] of groups) {
      const p = props(group);
      for (const rule of asArray<Record<string, any>>(p.SecurityGroupIngress)) {
        rules.push({ group: id, direction: 'ingress', rule, resource: id });
      }
      for (const rule of asArray<Record<string, any>>(p.SecurityGroupEgress)) {
        rules.push({ group: id, direction: 'egress', rule, resource: id });
      }
    }
    for (const [type, direction] of [
      ['AWS::EC2::SecurityGroupIngress', 'ingress'],
      ['AWS::EC2::SecurityGroupEgress', 'egress'],
    ] as const) {
      for (const [id, resource] of this.of(type)) {
        const rule = props(resource);
        rules.push({
          group: referencedId(rule.GroupId) ?? flatten(rule.GroupId),
          direction,
          rule,
          resource: id,
        });
      }
    }
    return rules;
  }

  private egressRule(
    rule: Record<string, any>,
    resource: string,
    ownGroups: Set<string>,
    allPorts: boolean,
  ) {
    const endpoints = this.spec.pciScope
      ? PLATFORM_EXPORTS.paymentEndpointsSecurityGroupId
      : PLATFORM_EXPORTS.endpointsSecurityGroupId;
    const prefixLists: string[] = [
      PLATFORM_EXPORTS.s3PrefixListId,
      PLATFORM_EXPORTS.dynamodbPrefixListId,
    ];
    const cidr = rule.CidrIp ?? rule.CidrIpv6;
    if (cidr === NO_TRAFFIC_CIDR) {
      return;
    }
    const https =
      Number(rule.FromPort) === 443 && Number(rule.ToPort) === 443 && !allPorts;
    const toEndpoints =
      importName(rule.DestinationSecurityGroupId) === endpoints && https;
    const toPrefixList =
      prefixLists.includes(importName(rule.DestinationPrefixListId) ?? '') &&
      https;
    const toOwnGroup =
      ownGroups.has(referencedId(rule.DestinationSecurityGroupId) ?? '') &&
      !allPorts;
    if (WORLD.includes(cidr)) {
      this.add(
        'PBC-NET-07',
        `egress open to ${cidr}: AWS APIs are reached through VPC endpoints`,
        resource,
      );
    } else if (!toEndpoints && !toPrefixList && !toOwnGroup) {
      this.add(
        'PBC-NET-07',
        `egress to ${flatten(
          cidr ??
            rule.DestinationSecurityGroupId ??
            rule.DestinationPrefixListId,
        )} is not a VPC endpoint or the PBC's own group`,
        resource,
      );
    }
  }

  /** Which network the PBC lives in: payment subnets and endpoints for PCI, private otherwise. */
  private placement() {
    const { spec } = this;
    const forbidden: string[] = spec.pciScope
      ? [
          PLATFORM_EXPORTS.privateSubnetIds,
          PLATFORM_EXPORTS.endpointsSecurityGroupId,
        ]
      : [
          PLATFORM_EXPORTS.paymentSubnetIds,
          PLATFORM_EXPORTS.paymentEndpointsSecurityGroupId,
        ];
    const expected = spec.pciScope
      ? PLATFORM_EXPORTS.paymentSubnetIds
      : PLATFORM_EXPORTS.privateSubnetIds;
    const why = spec.pciScope
      ? 'a PCI-scoped PBC runs only in the isolated payment subnets'
      : 'the payment subnets are reserved for PCI-scoped PBCs';
    for (const [id, resource] of Object.entries(this.resources)) {
      for (const name of importsIn(resource)) {
        if (forbidden.includes(name)) {
          this.add('PBC-NET-06', `${why}, but ${id} imports ${name}`, id);
        }
      }
    }
    for (const [id, group] of this.of('AWS::RDS::DBSubnetGroup')) {
      if (!importsIn(props(group).SubnetIds).includes(expected)) {
        this.add(
          'PBC-NET-06',
          `${why}: the subnet group must use ${expected}`,
          id,
        );
      }
    }
    const outputs = (this.template.Outputs ?? {}) as Record<
      string,
      { Value?: unknown }
    >;
    for (const [id, output] of Object.entries(outputs)) {
      const value = output?.Value;
      if (typeof value === 'string' && forbidden.includes(value)) {
        this.add('PBC-NET-06', `${why}, but output ${id} names ${value}`, id);
      }
      for (const name of importsIn(value)) {
        if (forbidden.includes(name)) {
          this.add(
            'PBC-NET-06',
            `${why}, but output ${id} imports ${name}`,
            id,
          );
        }
      }
    }
    if (outputs.SubnetsExport?.Value !== expected) {
      this.add(
        'PBC-NET-06',
        `the SubnetsExport output must name ${expected}`,
        'SubnetsExport',
      );
    }
    if (spec.pciScope) {
      for (const type of INTERNET_PATH_TYPES) {
        for (const [id] of this.of(type)) {
          this.add(
            'PBC-NET-06',
            `${type} in a PCI-scoped stack opens a path to the internet`,
            id,
          );
        }
      }
    }
  }

  // ----------------------------------------------------------------- messaging
  messaging() {
    const { spec, fifo } = this;
    const queues = this.of('AWS::SQS::Queue');
    const deadLetterIds = new Set(
      queues
        .map(([, q]) =>
          referencedId(props(q).RedrivePolicy?.deadLetterTargetArn),
        )
        .filter((id): id is string => id !== undefined),
    );
    const queuePolicies = this.of('AWS::SQS::QueuePolicy');
    const alarms = this.of('AWS::CloudWatch::Alarm');

    for (const [id, queue] of queues) {
      const p = props(queue);
      const isDeadLetter = deadLetterIds.has(id);
      if (!this.isOwnKey(p.KmsMasterKeyId) || p.SqsManagedSseEnabled === true) {
        this.add('PBC-MSG-02', 'queue not encrypted with the PBC key', id);
      }
      const policies = queuePolicies.filter(([, qp]) =>
        asArray(props(qp).Queues).some(q => refersTo(q, id)),
      );
      if (
        !policies.some(([, qp]) =>
          statementsOf(props(qp).PolicyDocument).some(isTlsDeny),
        )
      ) {
        this.add('PBC-MSG-03', 'queue accepts requests without TLS', id);
      }
      if (
        fifo &&
        (p.FifoQueue !== true || p.ContentBasedDeduplication !== true)
      ) {
        this.add(
          'PBC-MSG-07',
          'queue of a PCI-scoped PBC is not FIFO with deduplication',
          id,
        );
      }
      if (isDeadLetter) {
        if (
          Number(p.MessageRetentionPeriod) !==
          MESSAGING.deadLetterRetentionSeconds
        ) {
          this.add(
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
          this.add(
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
        this.resources[target]?.Type !== 'AWS::SQS::Queue'
      ) {
        this.add('PBC-MSG-01', 'queue has no dead-letter queue', id);
      } else if (
        !(
          Number(redrive.maxReceiveCount) >= 1 &&
          Number(redrive.maxReceiveCount) <= 10
        )
      ) {
        this.add('PBC-MSG-01', 'maxReceiveCount must be between 1 and 10', id);
      }
      if (
        Number(p.VisibilityTimeout ?? 30) <
          MESSAGING.consumerTimeoutSeconds * 6 ||
        Number(p.ReceiveMessageWaitTimeSeconds ?? 0) !==
          MESSAGING.receiveWaitSeconds
      ) {
        this.add(
          'PBC-MSG-08',
          'visibility timeout below six consumer timeouts, or no long polling',
          id,
        );
      }
    }
    for (const [id, alarm] of alarms) {
      if (asArray(props(alarm).AlarmActions).length === 0) {
        this.add('PBC-OBS-05', 'alarm notifies nobody', id);
      }
    }

    const topics = this.of('AWS::SNS::Topic');
    const topicPolicies = this.of('AWS::SNS::TopicPolicy');
    for (const [id, topic] of topics) {
      const p = props(topic);
      if (!this.isOwnKey(p.KmsMasterKeyId)) {
        this.add('PBC-MSG-04', 'topic not encrypted with the PBC key', id);
      }
      const policies = topicPolicies.filter(([, tp]) =>
        asArray(props(tp).Topics).some(t => refersTo(t, id)),
      );
      if (
        !policies.some(([, tp]) =>
          statementsOf(props(tp).PolicyDocument).some(isTlsDeny),
        )
      ) {
        this.add('PBC-MSG-05', 'topic accepts publishes without TLS', id);
      }
      if (
        fifo &&
        (p.FifoTopic !== true || p.ContentBasedDeduplication !== true)
      ) {
        this.add(
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
        this.add('PBC-GOV-03', `published event has no topic ${name}`);
      }
    }
    for (const [name, id] of actualTopics) {
      if (!expectedTopics.has(name)) {
        this.add(
          'PBC-GOV-03',
          `topic ${name} is not a published event of the spec`,
          id,
        );
      }
    }
    const subscriptions = this.of('AWS::SNS::Subscription');
    const expectedQueues = new Set<string>();
    for (const entry of spec.consumes) {
      const { producer, event } = parseConsumedEvent(entry);
      const names = queueNames(spec.name, producer, event, fifo);
      expectedQueues.add(names.queue).add(names.deadLetterQueue);
      const queue = queues.find(([, q]) => props(q).QueueName === names.queue);
      if (!queue) {
        this.add(
          'PBC-GOV-03',
          `consumed event ${entry} has no queue ${names.queue}`,
        );
        continue;
      }
      const topic = `:${topicName(producer, event, fifo)}`;
      const subscribed = subscriptions.some(([, s]) => {
        const sp = props(s);
        return (
          sp.Protocol === 'sqs' &&
          refersTo(sp.Endpoint, queue[0]) &&
          flatten(sp.TopicArn).endsWith(topic) &&
          flatten(sp.TopicArn).includes(':sns:') &&
          sp.RawMessageDelivery === true
        );
      });
      if (!subscribed) {
        this.add(
          'PBC-GOV-03',
          `queue ${
            names.queue
          } is not subscribed (raw delivery) to ${topic.slice(1)}`,
          queue[0],
        );
      }
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
            ) &&
            flatten(s.Condition?.ArnEquals?.['aws:SourceArn']).endsWith(topic),
        );
      if (!onlyTopic) {
        this.add(
          'PBC-IAM-13',
          `only the ${topic.slice(1)} topic may send to ${names.queue}`,
          queue[0],
        );
      }
    }
    for (const [id, queue] of queues) {
      const name = props(queue).QueueName;
      if (!expectedQueues.has(name)) {
        this.add(
          'PBC-GOV-03',
          `queue ${name} is not a consumed event of the spec`,
          id,
        );
      }
      if (typeof name === 'string' && name.endsWith(FIFO_SUFFIX) !== fifo) {
        this.add(
          'PBC-MSG-07',
          `queue ${name} ${fifo ? 'must' : 'need not'} be FIFO`,
          id,
        );
      }
    }
  }

  // ---------------------------------------------------------------------- data
  data() {
    const { spec } = this;
    const tables = this.of('AWS::DynamoDB::Table');
    const clusters = this.of('AWS::RDS::DBCluster');
    const instances = this.of('AWS::RDS::DBInstance');
    const expectTables = spec.dataStore === 'dynamodb' ? 1 : 0;
    const expectClusters = spec.dataStore === 'aurora-postgresql' ? 1 : 0;
    if (tables.length !== expectTables) {
      this.add(
        'PBC-GOV-03',
        `dataStore ${spec.dataStore} means ${expectTables} DynamoDB table(s), found ${tables.length}`,
      );
    }
    if (clusters.length !== expectClusters) {
      this.add(
        'PBC-GOV-03',
        `dataStore ${spec.dataStore} means ${expectClusters} Aurora cluster(s), found ${clusters.length}`,
      );
    }
    if (expectClusters === 0 && instances.length > 0) {
      this.add(
        'PBC-GOV-03',
        `dataStore ${spec.dataStore} means no database instances`,
      );
    }

    for (const [id, table] of tables) {
      const p = props(table);
      if (
        p.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled !== true
      ) {
        this.add('PBC-DATA-01', 'table without point-in-time recovery', id);
      }
      const sse = p.SSESpecification ?? {};
      if (
        sse.SSEEnabled !== true ||
        sse.SSEType !== 'KMS' ||
        !this.isOwnKey(sse.KMSMasterKeyId)
      ) {
        this.add('PBC-DATA-02', 'table not encrypted with the PBC key', id);
      }
      if (
        p.DeletionProtectionEnabled !== true ||
        table.DeletionPolicy !== 'Retain'
      ) {
        this.add(
          'PBC-DATA-05',
          'table without deletion protection and a Retain deletion policy',
          id,
        );
      }
    }

    for (const [id, cluster] of clusters) {
      const p = props(cluster);
      const members = instances.filter(([, i]) =>
        refersTo(props(i).DBClusterIdentifier, id),
      );
      const zones = new Set(
        members.map(([, i]) =>
          JSON.stringify(props(i).AvailabilityZone ?? null),
        ),
      );
      if (members.length < 2 || zones.size < 2 || zones.has('null')) {
        this.add(
          'PBC-DATA-03',
          'cluster needs a writer and a reader pinned to different Availability Zones',
          id,
        );
      }
      if (p.StorageEncrypted !== true || !this.isOwnKey(p.KmsKeyId)) {
        this.add(
          'PBC-DATA-04',
          'cluster storage not encrypted with the PBC key',
          id,
        );
      }
      if (
        p.DeletionProtection !== true ||
        !['Snapshot', 'Retain'].includes(cluster.DeletionPolicy ?? '')
      ) {
        this.add(
          'PBC-DATA-05',
          'cluster without deletion protection and a Snapshot deletion policy',
          id,
        );
      }
      if (!(Number(p.BackupRetentionPeriod ?? 1) >= 7)) {
        this.add(
          'PBC-DATA-07',
          'automated backups kept for fewer than 7 days',
          id,
        );
      }
      if (p.EnableIAMDatabaseAuthentication !== true) {
        this.add('PBC-IAM-06', 'IAM database authentication is off', id);
      }
      if (
        p.MasterUserPassword === undefined &&
        p.ManageMasterUserPassword !== true
      ) {
        this.add(
          'PBC-IAM-06',
          'master password neither managed by RDS nor a dynamic reference',
          id,
        );
      }
      if (
        p.ManageMasterUserPassword === true &&
        !this.isOwnKey(p.MasterUserSecret?.KmsKeyId)
      ) {
        this.add(
          'PBC-IAM-06',
          'master user secret not encrypted with the PBC key',
          id,
        );
      }
      const groups = asArray(p.VpcSecurityGroupIds);
      if (
        groups.length === 0 ||
        groups.some(
          g =>
            this.resources[referencedId(g) ?? '']?.Type !==
            'AWS::EC2::SecurityGroup',
        )
      ) {
        this.add(
          'PBC-DATA-06',
          'cluster must use only security groups of the PBC stack',
          id,
        );
      }
    }
    for (const [id, instance] of instances) {
      if (props(instance).PubliclyAccessible !== false) {
        this.add('PBC-DATA-06', 'database instance not explicitly private', id);
      }
    }

    for (const [id, key] of this.of('AWS::KMS::Key')) {
      const p = props(key);
      if (p.EnableKeyRotation !== true) {
        this.add('PBC-DATA-18', 'key rotation is off', id);
      }
      if (
        key.DeletionPolicy !== 'Retain' ||
        Number(p.PendingWindowInDays) !== 30
      ) {
        this.add(
          'PBC-DATA-19',
          'key must be retained, with a 30-day deletion window',
          id,
        );
      }
    }
  }

  // ---------------------------------------------------------------- governance
  governance() {
    const { spec } = this;
    for (const [id, resource] of Object.entries(this.resources)) {
      const tags = tagsOf(resource);
      if (tags === undefined && !TAGGABLE_TYPES.has(resource.Type)) {
        continue;
      }
      if (tags?.[TAG_KEYS.pbc] !== spec.name) {
        this.add(
          'PBC-GOV-02',
          `${resource.Type} is not tagged ${TAG_KEYS.pbc}=${spec.name}`,
          id,
        );
      }
      const dataClass = tags?.[TAG_KEYS.dataClass];
      if (!spec.pciScope && dataClass === DATA_CLASSES.cardholder) {
        this.add('PBC-GOV-07', 'cardholder data outside a PCI-scoped PBC', id);
      }
    }
    const stores = [
      ...this.of('AWS::DynamoDB::Table'),
      ...this.of('AWS::RDS::DBCluster'),
    ];
    for (const [id, store] of stores) {
      const expected = spec.pciScope
        ? DATA_CLASSES.cardholder
        : DATA_CLASSES.business;
      if (tagsOf(store)?.[TAG_KEYS.dataClass] !== expected) {
        this.add(
          'PBC-GOV-07',
          `data store must be tagged ${TAG_KEYS.dataClass}=${expected}`,
          id,
        );
      }
    }
  }
}

/**
 * Our own static checks of a synthesized PBC template against the reference patterns and the
 * controls whose prevention check is `pbc-portal`. Pure: reads the template, returns what is
 * wrong, each with the control it breaks. An empty list means the template holds the patterns.
 */
export function checkReferencePatterns(
  spec: PbcSpec,
  template: Record<string, unknown>,
): PatternViolation[] {
  const checker = new Checker(spec, template);
  checker.identity();
  checker.network();
  checker.messaging();
  checker.data();
  checker.governance();
  return checker.violations;
}
