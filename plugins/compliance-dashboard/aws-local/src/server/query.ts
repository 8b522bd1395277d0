import type { QueryItem } from '../platform/changes';
import { AwsError } from './errors';

/**
 * The subset of AWS Config's advanced query language that aws-local runs:
 *
 *   SELECT <fields | *> [WHERE <condition>]
 *
 * Fields: resourceId, resourceType, resourceName, arn, accountId, awsRegion,
 * availabilityZone, resourceCreationTime, configurationItemCaptureTime,
 * tags, tags.key, tags.value, tags.tag, and for
 * `AWS::Config::ResourceCompliance` items `configuration` and its
 * `configuration.<property>` (targetResourceId, targetResourceType,
 * complianceType, configRuleList). Conditions: `=`, `!=`/`<>`, `<`, `<=`,
 * `>`, `>=` (string order, which is time order for ISO times), `IN (...)`,
 * `NOT IN (...)`, `LIKE 'prefix%'`, combined with AND, OR, NOT and
 * parentheses. As in AWS Config, a condition on `tags.*` holds when any one
 * tag satisfies it.
 */

const SCALAR_FIELDS = [
  'resourceId',
  'resourceType',
  'resourceName',
  'arn',
  'accountId',
  'awsRegion',
  'availabilityZone',
  'resourceCreationTime',
  'configurationItemCaptureTime',
  'configuration.targetResourceId',
  'configuration.targetResourceType',
  'configuration.complianceType',
] as const;
const TAG_FIELDS = ['tags.key', 'tags.value', 'tags.tag'] as const;
const SELECTABLE = new Set<string>([
  ...SCALAR_FIELDS,
  'tags',
  ...TAG_FIELDS,
  'configuration',
  'configuration.configRuleList',
]);
const FILTERABLE = new Set<string>([
  ...SCALAR_FIELDS,
  ...TAG_FIELDS,
  'configuration.configRuleList.configRuleName',
  'configuration.configRuleList.complianceType',
]);
// `SELECT *` keeps its former meaning: the resource's own fields.
const STAR_FIELDS = SCALAR_FIELDS.filter(f => !f.startsWith('configuration'));

type Token =
  | { kind: 'word'; value: string; upper: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: string }
  | { kind: 'punct'; value: string };

function invalid(message: string): AwsError {
  return new AwsError('InvalidExpressionException', message);
}

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expression.length) {
    const c = expression[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= expression.length)
          throw invalid('Unterminated string literal');
        if (expression[i] === c) {
          if (expression[i + 1] === c) {
            value += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += expression[i++];
      }
      tokens.push({ kind: 'string', value });
    } else if (/[A-Za-z_*]/.test(c)) {
      const m = /^(\*|[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*)/.exec(
        expression.slice(i),
      )!;
      tokens.push({ kind: 'word', value: m[0], upper: m[0].toUpperCase() });
      i += m[0].length;
    } else if (/[0-9-]/.test(c)) {
      const m = /^-?\d+(\.\d+)?/.exec(expression.slice(i));
      if (!m) throw invalid(`Unexpected '${c}' at position ${i}`);
      tokens.push({ kind: 'number', value: m[0] });
      i += m[0].length;
    } else if (
      expression.startsWith('!=', i) ||
      expression.startsWith('<>', i)
    ) {
      tokens.push({ kind: 'punct', value: '!=' });
      i += 2;
    } else if (
      expression.startsWith('<=', i) ||
      expression.startsWith('>=', i)
    ) {
      tokens.push({ kind: 'punct', value: expression.slice(i, i + 2) });
      i += 2;
    } else if ('=(),<>'.includes(c)) {
      tokens.push({ kind: 'punct', value: c });
      i++;
    } else {
      throw invalid(`Unexpected '${c}' at position ${i}`);
    }
  }
  return tokens;
}

export type Condition =
  | { op: 'and' | 'or'; left: Condition; right: Condition }
  | { op: 'not'; inner: Condition }
  | {
      op: 'eq' | 'ne' | 'like' | 'lt' | 'le' | 'gt' | 'ge';
      field: string;
      value: string;
    }
  | { op: 'in' | 'notin'; field: string; values: string[] };

export interface Query {
  fields: string[];
  where?: Condition;
}

export function parseQuery(expression: string): Query {
  if (typeof expression !== 'string' || expression.trim() === '') {
    throw invalid('The expression is empty');
  }
  if (expression.length > 4096)
    throw invalid('The expression is longer than 4096 characters');
  const tokens = tokenize(expression);
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (upper: string) => {
    const t = peek();
    return t?.kind === 'word' && t.upper === upper;
  };
  const expectWord = (upper: string) => {
    if (!isWord(upper)) throw invalid(`Expected ${upper} at token ${pos + 1}`);
    pos++;
  };
  const isPunct = (value: string) => {
    const t = peek();
    return t?.kind === 'punct' && t.value === value;
  };
  const expectPunct = (value: string) => {
    if (!isPunct(value))
      throw invalid(`Expected '${value}' at token ${pos + 1}`);
    pos++;
  };
  const field = (allowed: Set<string>, what: string): string => {
    const t = peek();
    if (t?.kind !== 'word')
      throw invalid(`Expected a field name at token ${pos + 1}`);
    pos++;
    if (!allowed.has(t.value)) {
      throw invalid(
        t.value.startsWith('configuration') ||
          t.value.startsWith('supplementaryConfiguration.')
          ? `aws-local does not ${what} configuration properties (${t.value})`
          : `Unknown or unsupported field '${t.value}' to ${what}`,
      );
    }
    return t.value;
  };
  const literal = (): string => {
    const t = peek();
    if (t?.kind === 'string' || t?.kind === 'number') {
      pos++;
      return t.value;
    }
    if (t?.kind === 'word' && (t.upper === 'TRUE' || t.upper === 'FALSE')) {
      pos++;
      return t.upper.toLowerCase();
    }
    throw invalid(`Expected a literal at token ${pos + 1}`);
  };

  function primary(): Condition {
    if (isPunct('(')) {
      pos++;
      const inner = orExpr();
      expectPunct(')');
      return inner;
    }
    if (isWord('NOT')) {
      pos++;
      return { op: 'not', inner: primary() };
    }
    const f = field(FILTERABLE, 'filter on');
    if (isPunct('=')) {
      pos++;
      return { op: 'eq', field: f, value: literal() };
    }
    if (isPunct('!=')) {
      pos++;
      return { op: 'ne', field: f, value: literal() };
    }
    for (const [punct, op] of [
      ['<', 'lt'],
      ['<=', 'le'],
      ['>', 'gt'],
      ['>=', 'ge'],
    ] as const) {
      if (isPunct(punct)) {
        pos++;
        return { op, field: f, value: literal() };
      }
    }
    if (isWord('LIKE')) {
      pos++;
      return { op: 'like', field: f, value: literal() };
    }
    let negate = false;
    if (isWord('NOT')) {
      pos++;
      negate = true;
    }
    expectWord('IN');
    expectPunct('(');
    const values = [literal()];
    while (isPunct(',')) {
      pos++;
      values.push(literal());
    }
    expectPunct(')');
    return { op: negate ? 'notin' : 'in', field: f, values };
  }
  function andExpr(): Condition {
    let left = primary();
    while (isWord('AND')) {
      pos++;
      left = { op: 'and', left, right: primary() };
    }
    return left;
  }
  function orExpr(): Condition {
    let left = andExpr();
    while (isWord('OR')) {
      pos++;
      left = { op: 'or', left, right: andExpr() };
    }
    return left;
  }

  expectWord('SELECT');
  const fields: string[] = [];
  if (peek()?.kind === 'word' && peek()!.value === '*') {
    pos++;
    fields.push(...STAR_FIELDS, 'tags');
  } else {
    fields.push(field(SELECTABLE, 'select'));
    while (isPunct(',')) {
      pos++;
      fields.push(field(SELECTABLE, 'select'));
    }
  }
  if (isWord('FROM'))
    throw invalid('FROM is not supported in AWS Config queries');
  let where: Condition | undefined;
  if (isWord('WHERE')) {
    pos++;
    where = orExpr();
  }
  if (pos < tokens.length) {
    const t = tokens[pos];
    throw invalid(
      t.kind === 'word' && ['GROUP', 'ORDER', 'LIMIT'].includes(t.upper)
        ? `aws-local does not support ${t.upper} in queries`
        : `Unexpected '${t.value}' at token ${pos + 1}`,
    );
  }
  return { fields: [...new Set(fields)], where };
}

function scalarValue(r: QueryItem, f: string): string | undefined {
  if (f.startsWith('configuration.')) {
    const v = r.configuration?.[f.slice('configuration.'.length)];
    return typeof v === 'string' ? v : undefined;
  }
  switch (f) {
    case 'resourceId':
      return r.resourceId;
    case 'resourceType':
      return r.resourceType;
    case 'resourceName':
      return r.resourceName;
    case 'arn':
      return r.arn;
    case 'accountId':
      return r.accountId;
    case 'awsRegion':
      return r.region;
    case 'availabilityZone':
      return r.availabilityZone;
    case 'resourceCreationTime':
      return new Date(r.createdAt).toISOString();
    case 'configurationItemCaptureTime':
      return new Date(r.captureTime).toISOString();
    default:
      return undefined;
  }
}

/** `key`, `value` or `tag` (`key:value`) of one tag, as advanced queries name them. */
function tagPart(part: string, key: string, value: string): string {
  if (part === 'key') return key;
  if (part === 'value') return value;
  return `${key}:${value}`;
}

function valuesOf(r: QueryItem, f: string): Array<string | undefined> {
  if (f.startsWith('configuration.configRuleList.')) {
    const part = f.slice('configuration.configRuleList.'.length);
    const list = r.configuration?.configRuleList;
    return Array.isArray(list)
      ? list.map(entry => (entry as Record<string, string>)[part])
      : [];
  }
  if (f.startsWith('tags.')) {
    const part = f.slice(5);
    return Object.entries(r.tags).map(([key, value]) =>
      tagPart(part, key, value),
    );
  }
  return [scalarValue(r, f)];
}

function likeMatches(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('%')
      .map(p => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/_/g, '.'))
      .join('.*')}$`,
  );
  return re.test(value);
}

const compare = (v: string | undefined, op: string, value: string) => {
  if (v === undefined) return false;
  if (op === 'lt') return v < value;
  if (op === 'le') return v <= value;
  if (op === 'gt') return v > value;
  return v >= value;
};

export function matches(r: QueryItem, c: Condition): boolean {
  switch (c.op) {
    case 'and':
      return matches(r, c.left) && matches(r, c.right);
    case 'or':
      return matches(r, c.left) || matches(r, c.right);
    case 'not':
      return !matches(r, c.inner);
    case 'eq':
      return valuesOf(r, c.field).some(v => v === c.value);
    case 'ne':
      return valuesOf(r, c.field).some(v => v !== undefined && v !== c.value);
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      return valuesOf(r, c.field).some(v => compare(v, c.op, c.value));
    case 'like':
      return valuesOf(r, c.field).some(
        v => v !== undefined && likeMatches(c.value, v),
      );
    case 'in':
      return valuesOf(r, c.field).some(
        v => v !== undefined && c.values.includes(v),
      );
    case 'notin':
      return valuesOf(r, c.field).some(
        v => v !== undefined && !c.values.includes(v),
      );
    default:
      return false;
  }
}

/** One result row as AWS returns it: a JSON string with the selected fields. */
export function project(r: QueryItem, fields: string[]): string {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (f === 'configuration' || f.startsWith('configuration.')) {
      if (!r.configuration) continue;
      const configuration = (out.configuration ?? {}) as Record<
        string,
        unknown
      >;
      if (f === 'configuration') Object.assign(configuration, r.configuration);
      else {
        const property = f.slice('configuration.'.length);
        configuration[property] = r.configuration[property];
      }
      out.configuration = configuration;
    } else if (f === 'tags') {
      out.tags = Object.entries(r.tags).map(([key, value]) => ({
        key,
        tag: `${key}:${value}`,
        value,
      }));
    } else if (f.startsWith('tags.')) {
      const part = f.slice(5);
      const tags =
        (out.tags as Array<Record<string, string>> | undefined) ??
        Object.keys(r.tags).map(() => ({} as Record<string, string>));
      Object.entries(r.tags).forEach(([key, value], i) => {
        tags[i][part] = tagPart(part, key, value);
      });
      out.tags = tags;
    } else {
      const v = scalarValue(r, f);
      if (v !== undefined) out[f] = v;
    }
  }
  return JSON.stringify(out);
}
