import { RiskPredicate } from '@pbc-portal/pbc-domain';
import { RiskConfig } from '../config';
import {
  asList,
  bool,
  field,
  isObject,
  items,
  Json,
  num,
  parsePolicy,
  path,
  someDeep,
  statements,
  str,
} from './json';

/** A PBC as the predicates see it. */
export interface PbcRef {
  entityRef: string;
  pbc: string;
  pciScope: boolean;
}

/** What a predicate may look at. */
export interface PredicateContext {
  eventName: string;
  eventSource: string;
  /** The parsed CloudTrailEvent (the full record); `{}` if absent. */
  record: Record<string, Json>;
  /** PBCs whose role made the call. */
  callerPbcs: PbcRef[];
  /** PBCs whose resources the call touched. */
  targetPbcs: PbcRef[];
  risk: RiskConfig;
}

type Predicate = (ctx: PredicateContext) => boolean;

const WORLD_CIDRS = new Set(['0.0.0.0/0', '::/0']);
const PUBLIC_GRANTEES = [
  'http://acs.amazonaws.com/groups/global/AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
];
const PUBLIC_CANNED_ACLS = new Set([
  'public-read',
  'public-read-write',
  'authenticated-read',
]);
const WEAK_TLS = new Set(['SSLv3', 'TLSv1', 'TLSv1_2016', 'TLSv1.1_2016']);

const params = (ctx: PredicateContext) =>
  field(ctx.record, 'requestParameters');

// ------------------------------------------------------------ policy helpers

function actionIsWildcard(action: Json): boolean {
  return asList(action).some(
    a =>
      typeof a === 'string' &&
      (a.trim() === '*' || /^[\w-]+:\*$/.test(a.trim())),
  );
}

function principalIsAnyone(principal: Json): boolean {
  if (principal === '*') return true;
  if (isObject(principal)) {
    return Object.values(principal).some(v => asList(v).some(p => p === '*'));
  }
  return false;
}

function isAllow(statement: Json): boolean {
  return str(field(statement, 'Effect'))?.toLowerCase() === 'allow';
}

function hasCondition(statement: Json): boolean {
  const condition = field(statement, 'Condition');
  return isObject(condition) && Object.keys(condition).length > 0;
}

/** Every policy document a request carries, whatever the service calls it. */
function policiesIn(ctx: PredicateContext): Array<Record<string, Json>> {
  const p = params(ctx);
  const candidates: Json[] = [
    field(p, 'policyDocument'),
    field(p, 'policy'),
    field(p, 'bucketPolicy'),
    path(p, 'attributes.Policy'),
  ];
  // SNS SetTopicAttributes: attributeName + attributeValue.
  if (str(field(p, 'attributeName')) === 'Policy') {
    candidates.push(field(p, 'attributeValue'));
  }
  const out: Array<Record<string, Json>> = [];
  for (const candidate of candidates) {
    const policy = parsePolicy(candidate);
    if (policy) out.push(policy);
  }
  return out;
}

function policyAllowsAnyone(policy: Record<string, Json>): boolean {
  return statements(policy).some(
    s =>
      isAllow(s) &&
      principalIsAnyone(field(s, 'Principal')) &&
      !hasCondition(s),
  );
}

function denyInsecureTransport(policy: Record<string, Json>): boolean {
  return statements(policy).some(s => {
    if (str(field(s, 'Effect'))?.toLowerCase() !== 'deny') return false;
    const condition = field(s, 'Condition');
    return someDeep(
      condition,
      (key, value) =>
        key.toLowerCase() === 'aws:securetransport' &&
        asList(value).some(v => bool(v) === false),
    );
  });
}

// ------------------------------------------------------ network helpers

function worldCidrIn(value: Json): boolean {
  return someDeep(
    value,
    (key, v) =>
      /^cidr(ip|ipv4|ipv6|block|ipv6block)?$/i.test(key) &&
      typeof v === 'string' &&
      WORLD_CIDRS.has(v.trim()),
  );
}

/** Port ranges of a security group request: `[from, to]`, `-1` protocol as all ports. */
function portRanges(value: Json): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  someDeep(value, (_key, _v, parent) => {
    const from = num(field(parent, 'fromPort'));
    const to = num(field(parent, 'toPort'));
    const protocol =
      str(field(parent, 'ipProtocol')) ?? str(field(parent, 'IpProtocol'));
    if (protocol === '-1' || protocol === 'all') {
      ranges.push([0, 65535]);
    } else if (from !== undefined) {
      ranges.push([
        from < 0 ? 0 : from,
        to === undefined || to < 0 ? 65535 : to,
      ]);
    }
    return false;
  });
  return ranges;
}

function tagKeysRemoved(p: Json): string[] {
  const keys: string[] = [];
  for (const name of ['tagKeys', 'TagKeys', 'keys']) {
    for (const k of asList(field(p, name))) {
      if (typeof k === 'string') keys.push(k);
    }
  }
  // EC2 DeleteTags: tagSet.items[].key
  for (const item of items(field(p, 'tagSet'))) {
    const key = str(field(item, 'key'));
    if (key) keys.push(key);
  }
  return keys;
}

// ---------------------------------------------------------- the predicates

/**
 * One implementation per predicate of the controls catalog. Typed as a full
 * record: a predicate added to the catalog does not compile until it is
 * implemented here.
 */
export const RISK_PREDICATES: Readonly<Record<RiskPredicate, Predicate>> = {
  'root-identity': ctx => str(path(ctx.record, 'userIdentity.type')) === 'Root',

  'console-login-without-mfa': ctx =>
    ctx.eventName === 'ConsoleLogin' &&
    str(path(ctx.record, 'responseElements.ConsoleLogin')) === 'Success' &&
    str(path(ctx.record, 'additionalEventData.MFAUsed')) === 'No',

  'policy-grants-wildcard': ctx =>
    policiesIn(ctx).some(policy =>
      statements(policy).some(
        s => isAllow(s) && actionIsWildcard(field(s, 'Action')),
      ),
    ),

  'admin-policy-attached': ctx =>
    /:policy\/AdministratorAccess$/.test(
      str(field(params(ctx), 'policyArn')) ?? '',
    ),

  'aws-managed-policy-attached': ctx =>
    /^arn:[\w-]+:iam::aws:policy\//.test(
      str(field(params(ctx), 'policyArn')) ?? '',
    ),

  'role-without-permissions-boundary': ctx => {
    const p = params(ctx);
    const roleName = str(field(p, 'roleName')) ?? '';
    const rolePath = str(field(p, 'path')) ?? '';
    const tagged = items(field(p, 'tags')).some(
      t => str(field(t, 'key')) === 'pbc',
    );
    const isPbcRole =
      /^pbc-.+-role$/.test(roleName) || rolePath.includes('/pbc/') || tagged;
    return isPbcRole && !str(field(p, 'permissionsBoundary'));
  },

  'resource-policy-allows-any-principal': ctx => {
    if (policiesIn(ctx).some(policyAllowsAnyone)) return true;
    // SQS/SNS AddPermission: a '*' account id or principal.
    const p = params(ctx);
    return ['aWSAccountIds', 'aWSAccountId', 'principal'].some(key =>
      asList(field(p, key)).some(v => v === '*'),
    );
  },

  'secure-transport-deny-missing': ctx => {
    const policies = policiesIn(ctx);
    if (policies.length === 0) {
      // An attribute update that does not touch the policy leaves it as is.
      return false;
    }
    return !policies.some(denyInsecureTransport);
  },

  'ingress-open-to-world': ctx => worldCidrIn(params(ctx)),

  'ssh-or-rdp-port': ctx =>
    portRanges(params(ctx)).some(
      ([from, to]) => (from <= 22 && to >= 22) || (from <= 3389 && to >= 3389),
    ),

  'targets-default-security-group': ctx => {
    const p = params(ctx);
    if (str(field(p, 'groupName')) === 'default') return true;
    const groupId = str(field(p, 'groupId'));
    return !!groupId && ctx.risk.defaultSecurityGroupIds.includes(groupId);
  },

  'instance-has-key-pair': ctx =>
    someDeep(
      params(ctx),
      (key, v) =>
        key.toLowerCase() === 'keyname' && typeof v === 'string' && v !== '',
    ),

  'imds-v1-allowed': ctx => {
    const p = params(ctx);
    let tokens: string | undefined;
    let found = false;
    someDeep(p, (key, v) => {
      if (key.toLowerCase() === 'httptokens') {
        found = true;
        tokens = str(v);
        return true;
      }
      return false;
    });
    if (found) {
      return tokens !== 'required';
    }
    // RunInstances without metadata options gets the account default, which
    // is IMDSv1-capable unless changed; a modify without HttpTokens changes
    // nothing.
    return ctx.eventName === 'RunInstances';
  },

  'public-ip-requested': ctx => {
    const p = params(ctx);
    if (ctx.eventName === 'ModifySubnetAttribute') {
      return bool(field(p, 'mapPublicIpOnLaunch')) === true;
    }
    return someDeep(
      p,
      (key, v) =>
        key.toLowerCase() === 'associatepublicipaddress' && bool(v) === true,
    );
  },

  // The route table is the one we know (target), or else the caller's own.
  'route-to-internet-gateway': ctx =>
    (str(field(params(ctx), 'gatewayId')) ?? '').startsWith('igw-') &&
    (ctx.targetPbcs.length > 0 ? ctx.targetPbcs : ctx.callerPbcs).some(
      p => p.pciScope,
    ),

  'nacl-allows-world': ctx => {
    const p = params(ctx);
    const egress = bool(field(p, 'egress'));
    const action = str(field(p, 'ruleAction'))?.toLowerCase();
    const cidr = str(field(p, 'cidrBlock')) ?? str(field(p, 'ipv6CidrBlock'));
    return (
      egress !== true && action === 'allow' && !!cidr && WORLD_CIDRS.has(cidr)
    );
  },

  'auto-accept-attachments-enabled': ctx =>
    someDeep(
      params(ctx),
      (key, v) =>
        key.toLowerCase() === 'autoacceptsharedattachments' &&
        str(v)?.toLowerCase() === 'enable',
    ),

  'bucket-made-public': ctx => {
    const p = params(ctx);
    switch (ctx.eventName) {
      case 'PutBucketPolicy':
        return policiesIn(ctx).some(policyAllowsAnyone);
      case 'PutBucketAcl': {
        // CloudTrail records the header as a list of values.
        const canned = asList(field(p, 'x-amz-acl'));
        if (
          canned.some(v => typeof v === 'string' && PUBLIC_CANNED_ACLS.has(v))
        ) {
          return true;
        }
        return someDeep(
          p,
          (key, v) =>
            (key.toLowerCase() === 'uri' &&
              typeof v === 'string' &&
              PUBLIC_GRANTEES.includes(v)) ||
            (key.toLowerCase().startsWith('x-amz-grant') &&
              typeof v === 'string' &&
              PUBLIC_GRANTEES.some(g => v.includes(g))),
        );
      }
      case 'DeleteBucketPublicAccessBlock':
      case 'DeleteAccountPublicAccessBlock':
        return true;
      default:
        // PutBucketPublicAccessBlock / PutPublicAccessBlock: any flag off.
        return someDeep(
          p,
          (key, v) =>
            [
              'blockpublicacls',
              'ignorepublicacls',
              'blockpublicpolicy',
              'restrictpublicbuckets',
            ].includes(key.toLowerCase()) && bool(v) === false,
        );
    }
  },

  'versioning-suspended': ctx =>
    someDeep(
      params(ctx),
      (key, v) => key.toLowerCase() === 'status' && v === 'Suspended',
    ),

  'object-lock-weakened': ctx => {
    const p = params(ctx);
    if (
      asList(field(p, 'x-amz-bypass-governance-retention')).some(
        v => bool(v) === true,
      )
    ) {
      return true;
    }
    if (ctx.eventName !== 'PutObjectLockConfiguration') return false;
    const config = field(p, 'ObjectLockConfiguration');
    const mode = str(path(config, 'Rule.DefaultRetention.Mode'));
    // No default retention, or governance mode (which can be bypassed).
    return mode !== 'COMPLIANCE';
  },

  'kms-encryption-absent': ctx => {
    const p = params(ctx);
    switch (ctx.eventSource) {
      case 'sqs.amazonaws.com': {
        const attributes = field(p, 'attributes');
        const key = field(attributes, 'KmsMasterKeyId');
        if (ctx.eventName === 'CreateQueue') {
          return !str(key);
        }
        // SetQueueAttributes: only when it touches encryption.
        return (
          (key !== undefined && !str(key)) ||
          bool(field(attributes, 'SqsManagedSseEnabled')) === true
        );
      }
      case 'sns.amazonaws.com': {
        if (ctx.eventName === 'CreateTopic') {
          return !str(path(p, 'attributes.KmsMasterKeyId'));
        }
        return (
          str(field(p, 'attributeName')) === 'KmsMasterKeyId' &&
          !str(field(p, 'attributeValue'))
        );
      }
      case 'dynamodb.amazonaws.com': {
        const sse =
          field(p, 'sSESpecification') ?? field(p, 'SSESpecification');
        if (ctx.eventName === 'CreateTable') {
          // Without an SSE specification the table uses an AWS owned key.
          return (
            bool(field(sse, 'enabled')) !== true ||
            str(field(sse, 'sSEType') ?? field(sse, 'SSEType')) === 'AES256'
          );
        }
        return sse !== undefined && bool(field(sse, 'enabled')) === false;
      }
      case 'rds.amazonaws.com': {
        if (ctx.eventName === 'RestoreDBClusterFromSnapshot') {
          return (
            !str(field(p, 'kmsKeyId')) &&
            bool(field(p, 'storageEncrypted')) !== true
          );
        }
        return bool(field(p, 'storageEncrypted')) !== true;
      }
      case 'elasticache.amazonaws.com':
        return bool(field(p, 'atRestEncryptionEnabled')) !== true;
      case 's3.amazonaws.com':
        return someDeep(
          p,
          (key, v) => key.toLowerCase() === 'ssealgorithm' && v === 'AES256',
        );
      default:
        return false;
    }
  },

  'redrive-policy-removed': ctx => {
    const attributes = field(params(ctx), 'attributes');
    return (
      isObject(attributes) &&
      'RedrivePolicy' in attributes &&
      !str(attributes.RedrivePolicy)
    );
  },

  'queue-not-fifo': ctx => {
    const p = params(ctx);
    const fifo =
      bool(path(p, 'attributes.FifoQueue')) === true ||
      (str(field(p, 'queueName')) ?? '').endsWith('.fifo');
    const pci = [...ctx.callerPbcs, ...ctx.targetPbcs].some(x => x.pciScope);
    return !fifo && pci;
  },

  'pitr-disabled': ctx =>
    someDeep(
      params(ctx),
      (key, v) =>
        key.toLowerCase() === 'pointintimerecoveryenabled' && bool(v) === false,
    ),

  'multi-az-disabled': ctx => bool(field(params(ctx), 'multiAZ')) === false,

  'deletion-protection-disabled': ctx =>
    bool(field(params(ctx), 'deletionProtection')) === false,

  'made-publicly-accessible': ctx =>
    bool(field(params(ctx), 'publiclyAccessible')) === true,

  'snapshot-shared-publicly': ctx => {
    const p = params(ctx);
    return (
      str(field(p, 'attributeName')) === 'restore' &&
      asList(field(p, 'valuesToAdd')).some(v => v === 'all')
    );
  },

  'backups-disabled': ctx =>
    num(field(params(ctx), 'backupRetentionPeriod')) === 0,

  'tls-not-required': ctx => {
    const p = params(ctx);
    return (
      bool(field(p, 'transitEncryptionEnabled')) === false ||
      str(field(p, 'transitEncryptionMode'))?.toLowerCase() === 'preferred'
    );
  },

  'failover-disabled': ctx => {
    const p = params(ctx);
    return (
      bool(field(p, 'automaticFailoverEnabled')) === false ||
      bool(field(p, 'multiAZEnabled')) === false
    );
  },

  'logging-disabled': ctx => {
    const p = params(ctx);
    if (ctx.eventSource === 'cloudfront.amazonaws.com') {
      return bool(path(p, 'distributionConfig.logging.enabled')) === false;
    }
    return loadBalancerAttribute(p, 'access_logs.s3.enabled') === 'false';
  },

  'header-validation-disabled': ctx =>
    loadBalancerAttribute(
      params(ctx),
      'routing.http.drop_invalid_header_fields.enabled',
    ) === 'false',

  'plain-http-listener': ctx => {
    const p = params(ctx);
    if (str(field(p, 'protocol'))?.toUpperCase() !== 'HTTP') return false;
    const actions = items(field(p, 'defaultActions'));
    const redirectsToHttps = actions.some(
      a =>
        str(field(a, 'type'))?.toLowerCase() === 'redirect' &&
        str(path(a, 'redirectConfig.protocol'))?.toUpperCase() === 'HTTPS',
    );
    return !redirectsToHttps;
  },

  'viewer-allows-http': ctx => {
    const config = field(params(ctx), 'distributionConfig');
    const allowAll = someDeep(
      config,
      (key, v) =>
        key.toLowerCase() === 'viewerprotocolpolicy' && v === 'allow-all',
    );
    const minimum = str(
      path(config, 'viewerCertificate.minimumProtocolVersion'),
    );
    return allowAll || (!!minimum && WEAK_TLS.has(minimum));
  },

  'web-acl-detached': ctx => {
    const config = field(params(ctx), 'distributionConfig');
    const acl = field(config, 'webACLId');
    return acl !== undefined && !str(acl);
  },

  'web-acl-rules-removed': ctx => {
    const rules = items(field(params(ctx), 'rules'));
    if (rules.length === 0) return true;
    return !rules.some(rule =>
      someDeep(rule, key => key.toLowerCase() === 'ratebasedstatement'),
    );
  },

  'routing-record-without-health-check': ctx =>
    items(path(params(ctx), 'changeBatch.changes')).some(change => {
      const action = str(field(change, 'action'))?.toUpperCase();
      const set = field(change, 'resourceRecordSet');
      const routed =
        field(set, 'failover') !== undefined ||
        field(set, 'region') !== undefined ||
        field(set, 'weight') !== undefined;
      return action !== 'DELETE' && routed && !str(field(set, 'healthCheckId'));
    }),

  'ec2-health-check-only': ctx => {
    const p = params(ctx);
    if (str(field(p, 'healthCheckType'))?.toUpperCase() !== 'EC2') return false;
    const behindTargetGroup =
      items(field(p, 'targetGroupARNs')).length > 0 ||
      items(field(p, 'loadBalancerNames')).length > 0;
    // Generated PBC groups always sit behind a target group.
    return behindTargetGroup || ctx.targetPbcs.length > 0;
  },

  'single-availability-zone': ctx => {
    const p = params(ctx);
    const zones = items(field(p, 'availabilityZones'));
    if (zones.length === 1) return true;
    const vpcZones = str(field(p, 'vPCZoneIdentifier'));
    if (
      vpcZones !== undefined &&
      vpcZones.split(',').filter(Boolean).length === 1
    ) {
      return true;
    }
    const subnets = items(field(p, 'subnets'));
    const mappings = items(field(p, 'subnetMappings'));
    return (
      ctx.eventSource === 'elasticloadbalancing.amazonaws.com' &&
      subnets.length + mappings.length === 1
    );
  },

  'trail-weakened': ctx => {
    const p = params(ctx);
    if (ctx.eventName === 'PutEventSelectors') {
      const selectors = items(field(p, 'eventSelectors'));
      const dropsWrites = selectors.some(
        s =>
          bool(field(s, 'includeManagementEvents')) === false ||
          str(field(s, 'readWriteType')) === 'ReadOnly',
      );
      return dropsWrites;
    }
    const cleared = (key: string) => {
      const value = field(p, key);
      return value !== undefined && !str(value);
    };
    return (
      bool(field(p, 'isMultiRegionTrail')) === false ||
      bool(field(p, 'enableLogFileValidation')) === false ||
      cleared('kmsKeyId') ||
      cleared('cloudWatchLogsLogGroupArn')
    );
  },

  'retention-below-minimum': ctx => {
    const days = num(field(params(ctx), 'retentionInDays'));
    return days !== undefined && days < ctx.risk.minLogRetentionDays;
  },

  'detector-disabled': ctx => bool(field(params(ctx), 'enable')) === false,

  'pbc-tag-removed': ctx => tagKeysRemoved(params(ctx)).includes('pbc'),

  'outside-approved-regions': ctx => {
    const approved = ctx.risk.approvedRegions;
    const region = str(field(ctx.record, 'awsRegion'));
    return (
      !!approved &&
      approved.length > 0 &&
      !!region &&
      !approved.includes(region)
    );
  },

  'pci-resource-from-non-pci-principal': ctx =>
    ctx.targetPbcs.some(p => p.pciScope) &&
    !ctx.callerPbcs.some(p => p.pciScope),

  'erasure-subscription-removed': ctx => {
    const p = params(ctx);
    const arn =
      str(field(p, 'subscriptionArn')) ?? str(field(p, 'topicArn')) ?? '';
    // arn:aws:sns:<region>:<account>:<topic>[:<subscription id>]
    const topic = arn.split(':')[5];
    return !!topic && ctx.risk.erasureTopicNames.includes(topic);
  },
};

function loadBalancerAttribute(p: Json, key: string): string | undefined {
  for (const attribute of items(field(p, 'attributes'))) {
    if (str(field(attribute, 'key')) === key) {
      return str(field(attribute, 'value'))?.toLowerCase();
    }
  }
  return undefined;
}
