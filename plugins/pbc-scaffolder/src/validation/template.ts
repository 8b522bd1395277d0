/**
 * Small readers over a synthesized CloudFormation template (JSON form), enough for the static
 * checks: resources by type, references between resources, imports and ARNs built with
 * intrinsic functions.
 */

export interface CfnResource {
  Type: string;
  Properties?: Record<string, any>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  DependsOn?: string | string[];
}

export type Resources = Record<string, CfnResource>;

export function resourcesOf(template: Record<string, unknown>): Resources {
  const resources = template.Resources;
  return resources && typeof resources === 'object'
    ? (resources as Resources)
    : {};
}

export function ofType(
  resources: Resources,
  type: string,
): [string, CfnResource][] {
  return Object.entries(resources).filter(([, r]) => r?.Type === type);
}

export function props(resource: CfnResource): Record<string, any> {
  return resource.Properties ?? {};
}

export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined || value === null) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}

/** The logical id a value refers to with `Ref` or `Fn::GetAtt`, if it does. */
export function referencedId(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') {
    return undefined;
  }
  const v = value as Record<string, unknown>;
  if (typeof v.Ref === 'string') {
    return v.Ref;
  }
  const getAtt = v['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') {
    return getAtt[0];
  }
  if (typeof getAtt === 'string') {
    return getAtt.split('.')[0];
  }
  return undefined;
}

export function refersTo(value: unknown, logicalId: string): boolean {
  return referencedId(value) === logicalId;
}

/** The attribute a `Fn::GetAtt` reads, e.g. `QueueName`. */
export function referencedAttribute(value: unknown): string | undefined {
  if (!value || typeof value !== 'object') {
    return undefined;
  }
  const getAtt = (value as Record<string, unknown>)['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[1] === 'string') {
    return getAtt[1];
  }
  if (typeof getAtt === 'string') {
    return getAtt.split('.').slice(1).join('.');
  }
  return undefined;
}

/** Every export name imported anywhere inside `value`. */
export function importsIn(value: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach(walk);
    } else if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        if (key === 'Fn::ImportValue' && typeof child === 'string') {
          found.push(child);
        } else {
          walk(child);
        }
      }
    }
  };
  walk(value);
  return found;
}

/** The single export a value imports directly (`Fn::ImportValue` of a literal name). */
export function importName(value: unknown): string | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const name = (value as Record<string, unknown>)['Fn::ImportValue'];
    return typeof name === 'string' ? name : undefined;
  }
  return undefined;
}

/**
 * A string value with intrinsics flattened to placeholders: `Fn::Join` concatenated, `Ref` as
 * `${Name}`, `Fn::GetAtt` as `${Id.Attr}`, `Fn::Sub` as written. Good enough to test the
 * shape of a built ARN (`arn:${AWS::Partition}:sns:...:pbc-order-order-placed`).
 */
export function flatten(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number') {
    return String(value);
  }
  if (Array.isArray(value)) {
    return value.map(flatten).join(',');
  }
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v['Fn::Join'])) {
      const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
      return asArray(parts).map(flatten).join(separator);
    }
    if (typeof v.Ref === 'string') {
      return `\${${v.Ref}}`;
    }
    if (v['Fn::GetAtt']) {
      return `\${${referencedId(v)}.${referencedAttribute(v)}}`;
    }
    if (typeof v['Fn::Sub'] === 'string') {
      return v['Fn::Sub'];
    }
    if (typeof v['Fn::ImportValue'] === 'string') {
      return `\${Import:${v['Fn::ImportValue']}}`;
    }
    return JSON.stringify(v);
  }
  return '';
}

/** Tags of a resource as a map, whether written as a list of Key/Value or as an object. */
export function tagsOf(
  resource: CfnResource,
): Record<string, unknown> | undefined {
  const tags = props(resource).Tags;
  if (tags === undefined) {
    return undefined;
  }
  if (Array.isArray(tags)) {
    const map: Record<string, unknown> = {};
    for (const tag of tags) {
      if (tag && typeof tag === 'object' && 'Key' in tag) {
        map[String(tag.Key)] = tag.Value;
      }
    }
    return map;
  }
  return typeof tags === 'object'
    ? (tags as Record<string, unknown>)
    : undefined;
}

export interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export function statementsOf(document: unknown): PolicyStatement[] {
  if (!document || typeof document !== 'object') {
    return [];
  }
  return asArray(
    (document as { Statement?: PolicyStatement | PolicyStatement[] }).Statement,
  );
}

/** True when a statement denies requests without TLS (`aws:SecureTransport` false). */
export function isTlsDeny(statement: PolicyStatement): boolean {
  const secure = statement.Condition?.Bool?.['aws:SecureTransport'];
  return (
    statement.Effect === 'Deny' && (secure === 'false' || secure === false)
  );
}

/** True for `*` or `{ AWS: '*' }` (alone or in a list). */
export function isAnyPrincipal(principal: unknown): boolean {
  if (principal === '*') {
    return true;
  }
  if (principal && typeof principal === 'object') {
    return asArray((principal as Record<string, unknown>).AWS).some(
      p => p === '*',
    );
  }
  return false;
}
