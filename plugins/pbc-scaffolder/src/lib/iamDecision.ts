/**
 * A small IAM decision function of our own, for the least-privilege matrix a PBC's TechDocs get
 * at scaffold time. It covers exactly what the generated role policies and the platform's
 * permissions boundary use — Allow and Deny, Action/NotAction, Resource/NotResource with `*` and
 * `?`, policy variables, and the condition operators listed in {@link OPERATORS} — and throws on
 * anything else rather than guess. A request is allowed when an identity policy allows it, the
 * boundary (when given) allows it too, and no statement of either denies it.
 *
 * A request on a KMS key can carry the key's policy: KMS lets IAM policies count only where the key
 * policy allows the account (its root) the action, so such a request is also denied when no
 * statement for the account root allows it, or one denies it. Statements for service principals
 * never apply to a role and are skipped; any other principal throws. Other resource policies,
 * session policies and SCPs are not evaluated. The proof in
 * `src/proof/iamDecision.peer.test.ts` compares every decision of the scaffolded matrices with an
 * independent simulator.
 */

export type ContextValue = string | string[];

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
  [other: string]: unknown;
}

export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement[] | PolicyStatement;
}

export interface IamRequest {
  action: string;
  resource: string;
  /** Condition keys of the request (`aws:PrincipalTag/pbc`, `aws:ResourceTag/pbc`, …). */
  context: Record<string, ContextValue>;
  identityPolicies: PolicyDocument[];
  permissionsBoundary?: PolicyDocument;
  /** For a request on a KMS key: the key policy (see the module comment). */
  keyPolicy?: PolicyDocument;
}

export type IamDecisionResult =
  | 'Allowed'
  | 'ExplicitlyDenied'
  | 'ImplicitlyDenied';

export interface IamDecision {
  decision: IamDecisionResult;
  /** Which policy and statement decided, for the matrix's reader. */
  why: string;
}

const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The context value of a key; condition keys are case-insensitive. */
function lookup(
  context: Record<string, ContextValue>,
  key: string,
): ContextValue | undefined {
  const lower = key.toLowerCase();
  const found = Object.keys(context).find(k => k.toLowerCase() === lower);
  return found === undefined ? undefined : context[found];
}

/**
 * Replaces `${key}` with the request's value; a variable with no single value in the request
 * makes the text match nothing (AWS treats such a statement element as not matching).
 */
function substitute(
  text: string,
  context: Record<string, ContextValue>,
): string | undefined {
  let missing = false;
  const out = text.replace(/\$\{([^}]+)\}/g, (_, key: string) => {
    if (['*', '?', '$'].includes(key)) {
      throw new Error(`Policy variable escape \${${key}} is not supported`);
    }
    const value = lookup(context, key);
    if (typeof value !== 'string') {
      missing = true;
      return '';
    }
    // Literal in the pattern: a value never widens a match.
    return value.replace(/[*?]/g, c => `\u0000${c}`);
  });
  return missing ? undefined : out;
}

function wildcard(pattern: string, flags: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\u0000') {
      source += `\\${pattern[++i]}`;
    } else if (c === '*') {
      source += '.*';
    } else if (c === '?') {
      source += '.';
    } else {
      source += c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, flags);
}

function matchesAction(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  if (!/^[a-z0-9-]+:[A-Za-z0-9*?]+$/.test(pattern)) {
    throw new Error(`Unsupported action pattern '${pattern}'`);
  }
  return wildcard(pattern, 'i').test(action);
}

/** ARNs match segment by segment (partition, service, Region, account); the rest as a whole. */
function matchesResource(
  pattern: string,
  resource: string,
  context: Record<string, ContextValue>,
): boolean {
  if (pattern === '*') return true;
  const expanded = substitute(pattern, context);
  if (expanded === undefined) return false;
  const want = expanded.split(':');
  if (want.length < 6 || want[0] !== 'arn') {
    throw new Error(`Unsupported resource pattern '${pattern}' (not an ARN)`);
  }
  if (resource === '*') return false;
  const have = resource.split(':');
  if (have.length < 6 || have[0] !== 'arn') {
    throw new Error(`Unsupported request resource '${resource}' (not an ARN)`);
  }
  for (let i = 1; i < 5; i++) {
    if (!wildcard(want[i], '').test(have[i])) return false;
  }
  return wildcard(want.slice(5).join(':'), '').test(have.slice(5).join(':'));
}

type Operator = (
  have: ContextValue | undefined,
  want: string[],
  context: Record<string, ContextValue>,
) => boolean;

function single(
  have: ContextValue | undefined,
  operator: string,
): string | undefined {
  if (Array.isArray(have)) {
    throw new Error(
      `${operator} on a multivalued key is not supported; use ForAnyValue/ForAllValues`,
    );
  }
  return have;
}

function values(
  want: string[],
  context: Record<string, ContextValue>,
): string[] {
  return want.flatMap(w => {
    const v = substitute(w, context);
    return v === undefined ? [] : [v.split('\u0000').join('')];
  });
}

const stringEquals: Operator = (have, want, context) => {
  const value = single(have, 'StringEquals');
  return value !== undefined && values(want, context).includes(value);
};

/** The operators the generated policies and the platform's boundary and guard use. */
const OPERATORS: Record<string, Operator> = {
  StringEquals: stringEquals,
  // Negated operators match when the key is absent.
  StringNotEquals: (have, want, context) => {
    const value = single(have, 'StringNotEquals');
    return value === undefined || !values(want, context).includes(value);
  },
  StringNotEqualsIfExists: (have, want, context) => {
    const value = single(have, 'StringNotEqualsIfExists');
    return value === undefined || !values(want, context).includes(value);
  },
  'ForAnyValue:StringEquals': (have, want, context) => {
    const accepted = values(want, context);
    return list(have).some(v => accepted.includes(v));
  },
  Null: (have, want) => {
    if (
      want.length !== 1 ||
      !['true', 'false'].includes(want[0].toLowerCase())
    ) {
      throw new Error(
        `Null takes "true" or "false", not ${JSON.stringify(want)}`,
      );
    }
    return (have === undefined) === (want[0].toLowerCase() === 'true');
  },
  Bool: (have, want) => {
    const value = single(have, 'Bool');
    return (
      value !== undefined &&
      want.some(w => w.toLowerCase() === value.toLowerCase())
    );
  },
};

function conditionHolds(
  condition: PolicyStatement['Condition'],
  context: Record<string, ContextValue>,
): boolean {
  for (const [operator, keys] of Object.entries(condition ?? {})) {
    const test = OPERATORS[operator];
    if (!test) {
      throw new Error(`Unsupported condition operator '${operator}'`);
    }
    for (const [key, want] of Object.entries(keys)) {
      if (!test(lookup(context, key), list(want), context)) return false;
    }
  }
  return true;
}

/** Whether a statement applies to the request (its Effect aside). */
function applies(statement: PolicyStatement, request: IamRequest): boolean {
  for (const key of Object.keys(statement)) {
    if (!STATEMENT_KEYS.has(key)) {
      throw new Error(
        `Unsupported statement element '${key}' (identity and boundary policies only)`,
      );
    }
  }
  if (!['Allow', 'Deny'].includes(statement.Effect)) {
    throw new Error(`Unsupported Effect '${String(statement.Effect)}'`);
  }
  if (
    (statement.Action === undefined) ===
    (statement.NotAction === undefined)
  ) {
    throw new Error('A statement needs exactly one of Action and NotAction');
  }
  if (
    (statement.Resource === undefined) ===
    (statement.NotResource === undefined)
  ) {
    throw new Error(
      'A statement needs exactly one of Resource and NotResource',
    );
  }
  const action =
    statement.Action !== undefined
      ? list(statement.Action).some(p => matchesAction(p, request.action))
      : !list(statement.NotAction).some(p => matchesAction(p, request.action));
  if (!action) return false;
  const resource =
    statement.Resource !== undefined
      ? list(statement.Resource).some(p =>
          matchesResource(p, request.resource, request.context),
        )
      : !list(statement.NotResource).some(p =>
          matchesResource(p, request.resource, request.context),
        );
  return resource && conditionHolds(statement.Condition, request.context);
}

function statementsOf(policy: PolicyDocument): PolicyStatement[] {
  if (policy.Version !== undefined && policy.Version !== '2012-10-17') {
    throw new Error(`Unsupported policy Version '${policy.Version}'`);
  }
  return Array.isArray(policy.Statement)
    ? policy.Statement
    : [policy.Statement];
}

function label(kind: string, statement: PolicyStatement): string {
  return statement.Sid ? `${kind} (${statement.Sid})` : kind;
}

/**
 * The key policy statements that can apply to a role of the account: those for the account's
 * root (which delegate to IAM), without their Principal.
 */
function accountStatements(
  keyPolicy: PolicyDocument,
  request: IamRequest,
): PolicyStatement[] {
  const account = lookup(request.context, 'aws:PrincipalAccount');
  if (typeof account !== 'string') {
    throw new Error('A request with a key policy needs aws:PrincipalAccount');
  }
  const root = `arn:aws:iam::${account}:root`;
  return statementsOf(keyPolicy).flatMap(
    ({ Principal: principal, ...statement }) => {
      if (
        statement.NotPrincipal !== undefined ||
        principal === undefined ||
        typeof principal !== 'object'
      ) {
        throw new Error(
          'Unsupported key policy principal (only {AWS: <account root>} and {Service: …})',
        );
      }
      const {
        AWS: aws,
        Service: service,
        ...other
      } = principal as Record<string, unknown>;
      if (
        Object.keys(other).length > 0 ||
        (aws !== undefined && service !== undefined)
      ) {
        throw new Error(
          `Unsupported key policy principal ${JSON.stringify(principal)}`,
        );
      }
      if (service !== undefined) return [];
      const accounts = list(aws as string | string[]);
      if (accounts.some(a => !/^(\d{12}|arn:aws:iam::\d{12}:root)$/.test(a))) {
        throw new Error(
          `Unsupported key policy principal ${JSON.stringify(principal)}`,
        );
      }
      // Another account's root never is this role.
      return accounts.some(a => a === root || a === account)
        ? [statement as PolicyStatement]
        : [];
    },
  );
}

/**
 * Decides one request: identity policies ∩ permissions boundary (∩ the key policy's delegation
 * for a key), an explicit Deny wins.
 */
export function decideIam(request: IamRequest): IamDecision {
  const sets: Array<[string, PolicyStatement[]]> = [
    ['identity policy', request.identityPolicies.flatMap(statementsOf)],
  ];
  if (request.permissionsBoundary) {
    sets.push([
      'permissions boundary',
      statementsOf(request.permissionsBoundary),
    ]);
  }
  if (request.keyPolicy) {
    sets.push(['key policy', accountStatements(request.keyPolicy, request)]);
  }
  const allowedBy: string[] = [];
  const missing: string[] = [];
  for (const [kind, statements] of sets) {
    const matching = statements.filter(s => applies(s, request));
    const deny = matching.find(s => s.Effect === 'Deny');
    if (deny) {
      return {
        decision: 'ExplicitlyDenied',
        why: `denied by the ${label(kind, deny)}`,
      };
    }
    const allow = matching.find(s => s.Effect === 'Allow');
    if (allow) allowedBy.push(label(kind, allow));
    else missing.push(kind);
  }
  if (missing.length === 0) {
    return {
      decision: 'Allowed',
      why: `allowed by the ${allowedBy.join(' and the ')}`,
    };
  }
  return {
    decision: 'ImplicitlyDenied',
    why: `no statement of the ${missing.join(' or the ')} allows it`,
  };
}
