/**
 * Resolves the intrinsic functions of a synthesized template for one account and Region,
 * offline, the way CloudFormation would for the names the patterns choose. Physical ids that
 * AWS makes up (key ids, security group ids, Aurora resource ids) become stable stand-ins
 * derived from the stack and logical id, so resources of different stacks never share one.
 * Used by the least-privilege matrix of a PBC's TechDocs (scaffold time) and the least-privilege
 * proof, which need concrete ARNs and policies without AWS.
 */

export interface ResolveContext {
  account: string;
  region: string;
  stackName: string;
  /** Values of the exports the template imports, by export name. */
  imports?: Record<string, string>;
  /** Values of the template's parameters, by name; a parameter not here takes its Default. */
  parameters?: Record<string, string>;
}

type Json = unknown;
type Resource = { Type: string; Properties?: Record<string, Json> };

const PARTITION = 'aws';

function standIn(ctx: ResolveContext, logicalId: string): string {
  return `${ctx.stackName}-${logicalId}`.toLowerCase();
}

function iamArn(ctx: ResolveContext, kind: string, path: Json, name: Json) {
  return `arn:${PARTITION}:iam::${ctx.account}:${kind}${path ?? '/'}${name}`;
}

/** What `Ref` returns and each `Fn::GetAtt` attribute is, per resource type. */
function physical(
  ctx: ResolveContext,
  logicalId: string,
  resource: Resource,
  props: Record<string, Json>,
  attribute?: string,
): string {
  const { account, region } = ctx;
  const fallback = standIn(ctx, logicalId);
  switch (resource.Type) {
    case 'AWS::SNS::Topic': {
      const name = (props.TopicName as string) ?? fallback;
      const arn = `arn:${PARTITION}:sns:${region}:${account}:${name}`;
      return attribute === 'TopicName' ? name : arn;
    }
    case 'AWS::SQS::Queue': {
      const name = (props.QueueName as string) ?? fallback;
      if (attribute === 'Arn') return `arn:${PARTITION}:sqs:${region}:${account}:${name}`;
      if (attribute === 'QueueName') return name;
      return `https://sqs.${region}.amazonaws.com/${account}/${name}`;
    }
    case 'AWS::DynamoDB::Table': {
      const name = (props.TableName as string) ?? fallback;
      const arn = `arn:${PARTITION}:dynamodb:${region}:${account}:table/${name}`;
      if (attribute === 'Arn') return arn;
      if (attribute === 'StreamArn') return `${arn}/stream/proof`;
      return name;
    }
    case 'AWS::KMS::Key': {
      const id = fallback;
      return attribute === 'Arn'
        ? `arn:${PARTITION}:kms:${region}:${account}:key/${id}`
        : id;
    }
    case 'AWS::IAM::Role':
      if (attribute === 'Arn') return iamArn(ctx, 'role', props.Path, props.RoleName ?? fallback);
      if (attribute === 'RoleId') return `AROA${fallback}`;
      return (props.RoleName as string) ?? fallback;
    case 'AWS::IAM::ManagedPolicy':
      return iamArn(ctx, 'policy', props.Path, props.ManagedPolicyName ?? fallback);
    case 'AWS::Logs::LogGroup': {
      const name = (props.LogGroupName as string) ?? fallback;
      return attribute === 'Arn'
        ? `arn:${PARTITION}:logs:${region}:${account}:log-group:${name}:*`
        : name;
    }
    case 'AWS::RDS::DBCluster': {
      const id = (props.DBClusterIdentifier as string) ?? fallback;
      if (attribute === 'DBClusterResourceId') return `cluster-${fallback}`;
      if (attribute === 'Endpoint.Address') return `${id}.cluster.${region}.rds.amazonaws.com`;
      if (attribute === 'MasterUserSecret.SecretArn')
        return `arn:${PARTITION}:secretsmanager:${region}:${account}:secret:rds!${fallback}`;
      return id;
    }
    default:
      return attribute ? `${fallback}.${attribute}` : fallback;
  }
}

/** Returns a copy of `template` with every intrinsic function resolved. */
export function resolveTemplate(
  template: Record<string, Json>,
  ctx: ResolveContext,
): Record<string, Json> {
  const resources = (template.Resources ?? {}) as Record<string, Resource>;
  const resolvedProps = new Map<string, Record<string, Json>>();
  const inProgress = new Set<string>();

  const pseudo: Record<string, string> = {
    'AWS::AccountId': ctx.account,
    'AWS::Region': ctx.region,
    'AWS::Partition': PARTITION,
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': ctx.stackName,
    'AWS::NoValue': '',
  };

  function propsOf(logicalId: string): Record<string, Json> {
    const cached = resolvedProps.get(logicalId);
    if (cached) return cached;
    if (inProgress.has(logicalId)) {
      // A name property never depends on the resource itself; anything else is unresolved.
      return {};
    }
    inProgress.add(logicalId);
    const props = value(resources[logicalId].Properties ?? {}) as Record<string, Json>;
    inProgress.delete(logicalId);
    resolvedProps.set(logicalId, props);
    return props;
  }

  const parameters = (template.Parameters ?? {}) as Record<string, { Default?: Json }>;

  function ref(name: string, attribute?: string): string {
    if (!attribute && name in pseudo) return pseudo[name];
    if (!attribute && name in parameters) {
      const given = ctx.parameters?.[name] ?? parameters[name].Default;
      // CloudFormation refuses a stack without a value for a parameter with no default.
      if (given === undefined) throw new Error(`No value for the parameter ${name}`);
      return String(given);
    }
    const resource = resources[name];
    if (!resource) throw new Error(`Unresolvable reference ${name}`);
    // Only name-like properties feed `physical`, so their own references resolve first.
    return physical(ctx, name, resource, propsOf(name), attribute);
  }

  function sub(text: string, vars: Record<string, Json>): string {
    return text.replace(/\$\{([^}!][^}]*)\}/g, (_, expr: string) => {
      if (expr in vars) return String(value(vars[expr]));
      const [id, ...attr] = expr.split('.');
      return ref(id, attr.length ? attr.join('.') : undefined);
    });
  }

  function value(node: Json): Json {
    if (Array.isArray(node)) return node.map(value);
    if (!node || typeof node !== 'object') return node;
    const entries = Object.entries(node as Record<string, Json>);
    if (entries.length === 1) {
      const [key, arg] = entries[0];
      switch (key) {
        case 'Ref':
          return ref(arg as string);
        case 'Fn::GetAtt': {
          const [id, attr] = Array.isArray(arg) ? arg : String(arg).split(/\.(.+)/);
          return ref(id as string, attr as string);
        }
        case 'Fn::Join': {
          const [sep, parts] = arg as [string, Json[]];
          return (value(parts) as Json[]).flat().join(sep);
        }
        case 'Fn::Split': {
          const [sep, text] = arg as [string, Json];
          return String(value(text)).split(sep);
        }
        case 'Fn::Select': {
          const [index, list] = arg as [Json, Json];
          return (value(list) as Json[])[Number(value(index))];
        }
        case 'Fn::Sub':
          return Array.isArray(arg)
            ? sub(arg[0] as string, arg[1] as Record<string, Json>)
            : sub(arg as string, {});
        case 'Fn::ImportValue': {
          const name = String(value(arg));
          return ctx.imports?.[name] ?? `import:${name}`;
        }
        case 'Fn::GetAZs':
          return ['a', 'b', 'c'].map(az => `${ctx.region}${az}`);
        default:
          if (key.startsWith('Fn::')) {
            throw new Error(`The template resolver does not know ${key}`);
          }
      }
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, value(v)]));
  }

  const out: Record<string, Json> = { ...template };
  out.Resources = Object.fromEntries(
    Object.entries(resources).map(([id, resource]) => [
      id,
      { ...resource, Properties: propsOf(id) },
    ]),
  );
  if (template.Outputs) {
    out.Outputs = value(template.Outputs);
  }
  return out;
}
