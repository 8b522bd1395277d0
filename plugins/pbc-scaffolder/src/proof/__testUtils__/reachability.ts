import {
  FARGATE_AGENT_ENDPOINT_SERVICES,
  HTTPS_PORT,
  PAYMENT_ENDPOINT_SERVICES,
  sdkEndpointVariable,
} from '@pbc-portal/pbc-domain';

/**
 * Can a PBC's Fargate tasks reach every AWS API they and their Fargate agent call, given the
 * rendered platform and PBC templates? For each service the task needs it finds the endpoint
 * that serves the name the caller uses from the task's subnets (the endpoint an
 * `AWS_ENDPOINT_URL_<SERVICE>` variable points at, else the one with the service's private DNS,
 * else the gateway endpoint on the subnets' route table), then checks the task's security
 * group egress, the endpoint's security group ingress and both subnets' network ACLs, in both
 * directions. Offline and static: it reads CloudFormation, as EC2 would evaluate it.
 */

type Json = any;
type Template = { Resources: Record<string, Json>; Outputs?: Json };

/** Who makes the call: the Fargate agent (image pull, logs) or the service's SDK clients. */
export type Caller = 'agent' | 'task';

export interface Need {
  service: string;
  caller: Caller;
  why: string;
}

export interface Path extends Need {
  /** Logical id of the platform's endpoint that serves the call. */
  endpoint: string;
  /** How the caller's host name reaches it. */
  via: string;
}

export interface Reachability {
  needs: Need[];
  paths: Path[];
  problems: string[];
}

/** Linux's ephemeral ports, where a task's connections return to (ip_local_port_range). */
const EPHEMERAL: [number, number] = [32768, 60999];
const HTTPS: [number, number] = [HTTPS_PORT, HTTPS_PORT];
const GATEWAY_SERVICES = ['s3', 'dynamodb'] as const;
type GatewayService = (typeof GATEWAY_SERVICES)[number];
/**
 * A public address of each gateway service, standing for its prefix list, which a NACL cannot
 * name: any address outside the VPC is decided the same by the payment NACL.
 */
const GATEWAY_ADDRESS: Record<GatewayService, string> = {
  s3: '52.218.0.10/32',
  dynamodb: '52.94.0.10/32',
};
/** IAM action prefix → the endpoint service that serves the API (undefined: no network call). */
const SERVICE_OF_ACTION: Record<string, string | undefined> = {
  sns: 'sns',
  sqs: 'sqs',
  kms: 'kms',
  secretsmanager: 'secretsmanager',
  sts: 'sts',
  logs: 'logs',
  cloudwatch: 'monitoring',
  dynamodb: 'dynamodb',
  s3: 's3',
  // An IAM database authentication token is signed locally; the connection goes to the
  // database, not to an AWS API.
  'rds-db': undefined,
};

const ref = (v: Json): string | undefined => v?.Ref ?? v?.['Fn::GetAtt']?.[0];
function asList<T>(v: T | T[] | undefined): T[] {
  if (v === undefined) {
    return [];
  }
  return Array.isArray(v) ? v : [v];
}

function ipv4(address: string): number {
  return address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}
/** [first, last] address of a CIDR. */
function range(cidr: string): [number, number] {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const first = Math.floor(ipv4(base) / size) * size;
  return [first, first + size - 1];
}
const covers = (outer: [number, number], inner: [number, number]) =>
  outer[0] <= inner[0] && inner[1] <= outer[1];
const overlaps = (a: [number, number], b: [number, number]) =>
  a[0] <= b[1] && b[0] <= a[1];

export function analyzeTaskReachability(
  platform: Template,
  pbc: Template,
  prefixLists: Record<GatewayService, string>,
): Reachability {
  const problems: string[] = [];
  const P = platform.Resources;
  const B = pbc.Resources;
  const ofType = (resources: Record<string, Json>, type: string) =>
    Object.entries(resources).filter(([, r]) => r.Type === type);

  /** The platform's value behind an `Fn::ImportValue` of the PBC template. */
  const imported = (value: Json): Json => {
    const name = value?.['Fn::ImportValue'];
    if (typeof name !== 'string') {
      return undefined;
    }
    const output = Object.values(platform.Outputs ?? {}).find(
      (o: Json) => o.Export?.Name === name,
    ) as Json;
    return output?.Value;
  };

  // ---- The task: subnets, security group, containers, role --------------------------------
  const [serviceEntry] = ofType(B, 'AWS::ECS::Service');
  if (!serviceEntry) {
    return { needs: [], paths: [], problems: ['the PBC has no ECS service'] };
  }
  const service = serviceEntry[1].Properties;
  const awsvpc = service.NetworkConfiguration.AwsvpcConfiguration;
  const subnetList = imported(awsvpc.Subnets?.['Fn::Split']?.[1]);
  const taskSubnets: string[] = asList(subnetList?.['Fn::Join']?.[1])
    .map(ref)
    .filter((id): id is string => Boolean(id && P[id]));
  if (taskSubnets.length === 0) {
    problems.push('the service runs in no subnet of the platform');
  }
  const taskGroups = asList(awsvpc.SecurityGroups)
    .map(ref)
    .filter((id): id is string => Boolean(id && B[id]));
  const taskDefinition = B[ref(service.TaskDefinition)!].Properties;
  const containers: Json[] = taskDefinition.ContainerDefinitions;

  const needs: Need[] = [];
  const need = (svc: string, caller: Caller, why: string) => {
    if (!needs.some(n => n.service === svc && n.caller === caller)) {
      needs.push({ service: svc, caller, why });
    }
  };
  const environment = new Map<string, Json>();
  for (const container of containers) {
    // The image parameter only admits ECR digests: the agent logs in, fetches the manifest
    // and the layers, which ECR serves from S3.
    need('ecr.api', 'agent', `${container.Name}: ECR login`);
    need('ecr.dkr', 'agent', `${container.Name}: image manifest`);
    need('s3', 'agent', `${container.Name}: image layers`);
    if (container.LogConfiguration?.LogDriver === 'awslogs') {
      need('logs', 'agent', `${container.Name}: awslogs driver`);
    }
    for (const { Name, Value } of asList<Json>(container.Environment)) {
      environment.set(Name, Value);
    }
  }
  const roleId = ref(taskDefinition.TaskRoleArn);
  const policies = ofType(B, 'AWS::IAM::ManagedPolicy').filter(([, p]) =>
    asList(p.Properties.Roles).some((r: Json) => ref(r) === roleId),
  );
  for (const [, policy] of policies) {
    for (const statement of asList<Json>(
      policy.Properties.PolicyDocument.Statement,
    )) {
      for (const action of asList<string>(statement.Action)) {
        const prefix = action.split(':')[0];
        if (!(prefix in SERVICE_OF_ACTION)) {
          problems.push(
            `the task role calls ${prefix}, which this analysis has no endpoint for`,
          );
          continue;
        }
        const svc = SERVICE_OF_ACTION[prefix];
        if (svc) {
          need(svc, 'task', `task role: ${action}`);
        }
      }
    }
  }

  // ---- Network facts of the platform -----------------------------------------------------
  const subnetCidr = (id: string): string => P[id].Properties.CidrBlock;
  const naclOf = (subnet: string): string | undefined =>
    ofType(P, 'AWS::EC2::SubnetNetworkAclAssociation')
      .map(([, a]) => a.Properties)
      .find(a => ref(a.SubnetId) === subnet)?.NetworkAclId?.Ref;
  const routeTableOf = (subnet: string): string | undefined =>
    ofType(P, 'AWS::EC2::SubnetRouteTableAssociation')
      .map(([, a]) => a.Properties)
      .find(a => ref(a.SubnetId) === subnet)?.RouteTableId?.Ref;

  /**
   * Does the NACL let all of `cidr` × `ports` through in this direction? First match by rule
   * number; a rule covering only part of it decides only if it denies (part denied).
   * No NACL association: the VPC's default ACL, which allows everything.
   */
  const naclAllows = (
    nacl: string | undefined,
    egress: boolean,
    cidr: string,
    ports: [number, number],
  ): boolean => {
    if (!nacl) {
      return true;
    }
    const target = range(cidr);
    const entries = ofType(P, 'AWS::EC2::NetworkAclEntry')
      .map(([, e]) => e.Properties)
      .filter(
        e =>
          ref(e.NetworkAclId) === nacl &&
          Boolean(e.Egress) === egress &&
          (Number(e.Protocol) === 6 || Number(e.Protocol) === -1),
      )
      .sort((a, b) => a.RuleNumber - b.RuleNumber);
    for (const e of entries) {
      const addresses = range(e.CidrBlock);
      const rulePorts: [number, number] =
        Number(e.Protocol) === -1 || !e.PortRange
          ? [0, 65535]
          : [e.PortRange.From, e.PortRange.To];
      if (!overlaps(addresses, target) || !overlaps(rulePorts, ports)) {
        continue;
      }
      if (covers(addresses, target) && covers(rulePorts, ports)) {
        return e.RuleAction === 'allow';
      }
      if (e.RuleAction === 'deny') {
        return false;
      }
    }
    return false;
  };

  const tcpCovers = (rule: Json, ports: [number, number]) =>
    String(rule.IpProtocol) === '-1' ||
    (String(rule.IpProtocol) === 'tcp' &&
      Number(rule.FromPort) <= ports[0] &&
      ports[1] <= Number(rule.ToPort));

  const taskEgress: Json[] = [
    ...taskGroups.flatMap(g => asList(B[g].Properties.SecurityGroupEgress)),
    ...ofType(B, 'AWS::EC2::SecurityGroupEgress')
      .map(([, r]) => r.Properties)
      .filter(r => taskGroups.includes(ref(r.GroupId)!)),
  ];
  const ingressOf = (group: string): Json[] => [
    ...asList(P[group]?.Properties.SecurityGroupIngress),
    ...ofType(P, 'AWS::EC2::SecurityGroupIngress')
      .map(([, r]) => r.Properties)
      .filter(r => ref(r.GroupId) === group),
  ];

  const vpc = ofType(P, 'AWS::EC2::VPC')[0]?.[1].Properties;
  const privateDns =
    vpc?.EnableDnsSupport === true && vpc?.EnableDnsHostnames === true;
  const interfaceEndpoints = ofType(P, 'AWS::EC2::VPCEndpoint').filter(
    ([, e]) => e.Properties.VpcEndpointType === 'Interface',
  );
  const serves = (endpoint: Json, svc: string) =>
    String(endpoint.Properties.ServiceName).endsWith(`.${svc}`);

  /** The endpoint a caller's host name for `svc` reaches, and how, or a problem. */
  const resolveInterface = (
    n: Need,
  ): { endpoint: string; via: string } | string => {
    const variable = (PAYMENT_ENDPOINT_SERVICES as readonly string[]).includes(
      n.service,
    )
      ? sdkEndpointVariable(n.service as (typeof PAYMENT_ENDPOINT_SERVICES)[0])
      : undefined;
    const configured =
      n.caller === 'task' && variable ? environment.get(variable) : undefined;
    if (configured !== undefined) {
      const [prefix, host] = configured?.['Fn::Join']?.[1] ?? [];
      const dns = imported(host);
      const endpoint = JSON.stringify(dns ?? null).match(
        /"Fn::GetAtt":\["([^"]+)","DnsEntries"\]/,
      )?.[1];
      if (prefix !== 'https://' || !endpoint || !P[endpoint]) {
        return `${variable} is not https:// and an exported endpoint DNS name`;
      }
      if (!serves(P[endpoint], n.service)) {
        return `${variable} points at ${endpoint}, which serves ${P[endpoint].Properties.ServiceName}`;
      }
      return { endpoint, via: variable! };
    }
    const owners = interfaceEndpoints.filter(
      ([, e]) =>
        serves(e, n.service) && e.Properties.PrivateDnsEnabled === true,
    );
    if (owners.length !== 1 || !privateDns) {
      return `no endpoint owns the private DNS name of ${n.service} (${owners.length} do; VPC DNS ${privateDns}), so the call goes to the public name, and the subnets have no route out`;
    }
    return { endpoint: owners[0][0], via: 'private DNS' };
  };

  /** Problems on the way from every task subnet to every network interface of the endpoint. */
  const interfaceProblems = (endpointId: string): string[] => {
    const found: string[] = [];
    const endpoint = P[endpointId].Properties;
    const groups = asList(endpoint.SecurityGroupIds).map(ref);
    const egressOk = taskEgress.some(
      rule =>
        tcpCovers(rule, HTTPS) &&
        (groups.includes(ref(imported(rule.DestinationSecurityGroupId))) ||
          (typeof rule.CidrIp === 'string' &&
            asList(endpoint.SubnetIds).every((s: Json) =>
              covers(range(rule.CidrIp), range(subnetCidr(ref(s)!))),
            ))),
    );
    if (!egressOk) {
      found.push(`the task's security group has no HTTPS egress to it`);
    }
    for (const task of taskSubnets) {
      const from = range(subnetCidr(task));
      const admitted = groups.some(g =>
        ingressOf(g!).some(
          rule =>
            tcpCovers(rule, HTTPS) &&
            typeof rule.CidrIp === 'string' &&
            covers(range(rule.CidrIp), from),
        ),
      );
      if (!admitted) {
        found.push(
          `its security groups admit no HTTPS from ${subnetCidr(task)}`,
        );
      }
      for (const s of asList(endpoint.SubnetIds)) {
        const at = ref(s)!;
        if (at === task) {
          continue; // within one subnet no NACL is crossed
        }
        const [taskNacl, endpointNacl] = [naclOf(task), naclOf(at)];
        const [t, e] = [subnetCidr(task), subnetCidr(at)];
        const hops: Array<[boolean, string]> = [
          [naclAllows(taskNacl, true, e, HTTPS), `out of ${t} to ${e}:443`],
          [
            naclAllows(endpointNacl, false, t, HTTPS),
            `into ${e} from ${t}:443`,
          ],
          [
            naclAllows(endpointNacl, true, t, EPHEMERAL),
            `return out of ${e} to ${t} ephemeral ports`,
          ],
          [
            naclAllows(taskNacl, false, e, EPHEMERAL),
            `return into ${t} from ${e} ephemeral ports`,
          ],
        ];
        for (const [ok, hop] of hops) {
          if (!ok) {
            found.push(`the network ACL denies ${hop}`);
          }
        }
      }
    }
    return found;
  };

  const gatewayProblems = (svc: GatewayService): Path | string[] => {
    const found: string[] = [];
    const gateway = ofType(P, 'AWS::EC2::VPCEndpoint').find(
      ([, e]) => e.Properties.VpcEndpointType === 'Gateway' && serves(e, svc),
    );
    if (!gateway) {
      return [`no ${svc} gateway endpoint`];
    }
    const tables = asList(gateway[1].Properties.RouteTableIds).map(ref);
    const egressOk = taskEgress.some(
      rule =>
        tcpCovers(rule, HTTPS) &&
        imported(rule.DestinationPrefixListId) === prefixLists[svc],
    );
    if (!egressOk) {
      found.push(
        `the task's security group has no HTTPS egress to the ${svc} prefix list`,
      );
    }
    for (const task of taskSubnets) {
      if (!tables.includes(routeTableOf(task))) {
        found.push(`${subnetCidr(task)}'s route table has no ${svc} route`);
      }
      const nacl = naclOf(task);
      if (!naclAllows(nacl, true, GATEWAY_ADDRESS[svc], HTTPS)) {
        found.push(`the network ACL denies HTTPS out of ${subnetCidr(task)}`);
      }
      if (!naclAllows(nacl, false, GATEWAY_ADDRESS[svc], EPHEMERAL)) {
        found.push(
          `the network ACL denies the return into ${subnetCidr(task)}`,
        );
      }
    }
    return found.length > 0
      ? found
      : {
          service: svc,
          caller: 'agent',
          why: '',
          endpoint: gateway[0],
          via: 'gateway route',
        };
  };

  const paths: Path[] = [];
  for (const n of needs) {
    const label = `${n.caller} → ${n.service} (${n.why})`;
    if ((GATEWAY_SERVICES as readonly string[]).includes(n.service)) {
      const result = gatewayProblems(n.service as GatewayService);
      if (Array.isArray(result)) {
        problems.push(...result.map(p => `${label}: ${p}`));
      } else {
        paths.push({ ...n, endpoint: result.endpoint, via: result.via });
      }
      continue;
    }
    const resolved = resolveInterface(n);
    if (typeof resolved === 'string') {
      problems.push(`${label}: ${resolved}`);
      continue;
    }
    const found = interfaceProblems(resolved.endpoint);
    if (found.length > 0) {
      problems.push(
        ...found.map(
          p => `${label} via ${resolved.endpoint} (${resolved.via}): ${p}`,
        ),
      );
    } else {
      paths.push({ ...n, ...resolved });
    }
  }
  return { needs, paths, problems };
}

/** The agent's services, for a test to know it looked at them. */
export const AGENT_SERVICES: readonly string[] = [
  ...FARGATE_AGENT_ENDPOINT_SERVICES,
  's3',
];
