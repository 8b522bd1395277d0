import {
  CfnResource,
  asArray,
  flatten,
  importName,
  importsIn,
  props,
  referencedId,
  refersTo,
} from '../template';
import type { CheckContext } from './context';
import {
  PAYMENT_ENDPOINT_SERVICES,
  PLATFORM_EXPORTS,
  SERVICE_PORT,
  paymentEndpointDnsExport,
  sdkEndpointVariable,
} from '@pbc-portal/pbc-domain';

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

export function checkNetwork(ctx: CheckContext) {
  const { spec } = ctx;
  const groups = ctx.of('AWS::EC2::SecurityGroup');
  const appGroup = groups.find(
    ([, g]) => props(g).GroupName === `pbc-${spec.name}`,
  );
  if (!appGroup) {
    ctx.add('PBC-GOV-03', `the PBC security group pbc-${spec.name} is missing`);
  }
  const ownGroups = new Set(groups.map(([id]) => id));
  const rules = securityGroupRules(ctx, groups);

  for (const { group, direction, rule, resource } of rules) {
    const cidr = rule.CidrIp ?? rule.CidrIpv6;
    const from = Number(rule.FromPort ?? -1);
    const to = Number(rule.ToPort ?? -1);
    const allPorts = String(rule.IpProtocol) === '-1';
    if (direction === 'ingress') {
      if (WORLD.includes(cidr)) {
        ctx.add('PBC-NET-03', `ingress open to ${cidr}`, resource);
      }
      if ([22, 3389].some(port => allPorts || (from <= port && port <= to))) {
        ctx.add('PBC-NET-01', 'ingress on an SSH or RDP port', resource);
      }
      if (appGroup && group === appGroup[0]) {
        const fromAlb =
          importName(rule.SourceSecurityGroupId) ===
            PLATFORM_EXPORTS.albSecurityGroupId &&
          from === SERVICE_PORT &&
          to === SERVICE_PORT;
        if (spec.exposure === 'internal') {
          ctx.add(
            'PBC-NET-03',
            'an internal PBC admits no inbound traffic',
            resource,
          );
        } else if (!fromAlb) {
          ctx.add(
            'PBC-NET-03',
            `ingress must come from the shared load balancer on port ${SERVICE_PORT} only`,
            resource,
          );
        }
      } else if (
        !(appGroup && refersTo(rule.SourceSecurityGroupId, appGroup[0]))
      ) {
        ctx.add(
          'PBC-DATA-06',
          'the database admits traffic from outside the PBC',
          resource,
        );
      }
    } else {
      egressRule(ctx, rule, resource, ownGroups, allPorts);
    }
  }
  for (const [id] of groups) {
    if (!rules.some(r => r.group === id && r.direction === 'egress')) {
      ctx.add(
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
      ctx.add(
        'PBC-GOV-03',
        'a public PBC admits its load balancer',
        appGroup[0],
      );
    }
  }
  placement(ctx);
  if (spec.pciScope) {
    paymentEndpointVariables(ctx);
  }
}

/**
 * A payment task's SDK clients must call the payment subnets' own endpoints, which have no
 * private DNS: every container names each of them in its AWS_ENDPOINT_URL_<SERVICE>. Without
 * one, the client resolves the service's public name to the shared endpoint, which the
 * payment subnets cannot reach, and the call times out (PBC-NET-07).
 */
function paymentEndpointVariables(ctx: CheckContext) {
  for (const [id, definition] of ctx.of('AWS::ECS::TaskDefinition')) {
    for (const container of asArray<Record<string, any>>(
      props(definition).ContainerDefinitions,
    )) {
      const environment = new Map(
        asArray<{ Name: string; Value: unknown }>(container.Environment).map(
          e => [e.Name, e.Value],
        ),
      );
      for (const service of PAYMENT_ENDPOINT_SERVICES) {
        const variable = sdkEndpointVariable(service);
        const parts = (environment.get(variable) as any)?.['Fn::Join']?.[1];
        const named =
          Array.isArray(parts) &&
          parts.length === 2 &&
          parts[0] === 'https://' &&
          importName(parts[1]) === paymentEndpointDnsExport(service);
        if (!named) {
          ctx.add(
            'PBC-NET-07',
            `container ${
              container.Name
            } must set ${variable} to https:// and the export ${paymentEndpointDnsExport(
              service,
            )}: the ${service} endpoint of the payment subnets has no private DNS`,
            id,
          );
        }
      }
    }
  }
}

function securityGroupRules(
  ctx: CheckContext,
  groups: [string, CfnResource][],
): Rule[] {
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
    for (const [id, resource] of ctx.of(type)) {
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

function egressRule(
  ctx: CheckContext,
  rule: Record<string, any>,
  resource: string,
  ownGroups: Set<string>,
  allPorts: boolean,
) {
  const endpoints: string[] = ctx.spec.pciScope
    ? [
        PLATFORM_EXPORTS.paymentEndpointsSecurityGroupId,
        PLATFORM_EXPORTS.paymentAgentEndpointsSecurityGroupId,
      ]
    : [PLATFORM_EXPORTS.endpointsSecurityGroupId];
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
    endpoints.includes(importName(rule.DestinationSecurityGroupId) ?? '') &&
    https;
  const toPrefixList =
    prefixLists.includes(importName(rule.DestinationPrefixListId) ?? '') &&
    https;
  const toOwnGroup =
    ownGroups.has(referencedId(rule.DestinationSecurityGroupId) ?? '') &&
    !allPorts;
  if (WORLD.includes(cidr)) {
    ctx.add(
      'PBC-NET-07',
      `egress open to ${cidr}: AWS APIs are reached through VPC endpoints`,
      resource,
    );
  } else if (!toEndpoints && !toPrefixList && !toOwnGroup) {
    ctx.add(
      'PBC-NET-07',
      `egress to ${flatten(
        cidr ?? rule.DestinationSecurityGroupId ?? rule.DestinationPrefixListId,
      )} is not a VPC endpoint or the PBC's own group`,
      resource,
    );
  }
}

/** Which network the PBC lives in: payment subnets and endpoints for PCI, private otherwise. */
function placement(ctx: CheckContext) {
  const { spec } = ctx;
  const forbidden: string[] = spec.pciScope
    ? [
        PLATFORM_EXPORTS.privateSubnetIds,
        PLATFORM_EXPORTS.endpointsSecurityGroupId,
      ]
    : [
        PLATFORM_EXPORTS.paymentSubnetIds,
        PLATFORM_EXPORTS.paymentEndpointsSecurityGroupId,
        PLATFORM_EXPORTS.paymentAgentEndpointsSecurityGroupId,
      ];
  const expected = spec.pciScope
    ? PLATFORM_EXPORTS.paymentSubnetIds
    : PLATFORM_EXPORTS.privateSubnetIds;
  const why = spec.pciScope
    ? 'a PCI-scoped PBC runs only in the isolated payment subnets'
    : 'the payment subnets are reserved for PCI-scoped PBCs';
  for (const [id, resource] of Object.entries(ctx.resources)) {
    for (const name of importsIn(resource)) {
      if (forbidden.includes(name)) {
        ctx.add('PBC-NET-06', `${why}, but ${id} imports ${name}`, id);
      }
    }
  }
  for (const [id, group] of ctx.of('AWS::RDS::DBSubnetGroup')) {
    if (!importsIn(props(group).SubnetIds).includes(expected)) {
      ctx.add(
        'PBC-NET-06',
        `${why}: the subnet group must use ${expected}`,
        id,
      );
    }
  }
  const outputs = (ctx.template.Outputs ?? {}) as Record<
    string,
    { Value?: unknown }
  >;
  for (const [id, output] of Object.entries(outputs)) {
    const value = output?.Value;
    if (typeof value === 'string' && forbidden.includes(value)) {
      ctx.add('PBC-NET-06', `${why}, but output ${id} names ${value}`, id);
    }
    for (const name of importsIn(value)) {
      if (forbidden.includes(name)) {
        ctx.add('PBC-NET-06', `${why}, but output ${id} imports ${name}`, id);
      }
    }
  }
  if (outputs.SubnetsExport?.Value !== expected) {
    ctx.add(
      'PBC-NET-06',
      `the SubnetsExport output must name ${expected}`,
      'SubnetsExport',
    );
  }
  if (spec.pciScope) {
    for (const type of INTERNET_PATH_TYPES) {
      for (const [id] of ctx.of(type)) {
        ctx.add(
          'PBC-NET-06',
          `${type} in a PCI-scoped stack opens a path to the internet`,
          id,
        );
      }
    }
  }
}
