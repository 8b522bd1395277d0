import { gunzipSync, gzipSync } from 'node:zlib';
import { resourceKey } from './AwsComplianceReader';
import {
  AccountRegion,
  ConfigRuleInfo,
  RuleEvaluation,
  TaggedResource,
  ReaderStateSource,
} from './types';

/**
 * The encoding of a change-driven reader's state in the database: gzipped
 * JSON with a format number, resources and evaluations as tuples (their
 * account and Region are the state's). A state that does not decode is
 * not repaired: the reader reads that scope in full.
 */

/** Bumped when the encoding changes; an older state is read in full again. */
export const READER_STATE_FORMAT = 1;

export class ReaderStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReaderStateError';
  }
}

/** What a reader keeps of one account and Region. */
export interface KeptConfig {
  resources: Map<string, TaggedResource>;
  /** resource key → rule name → evaluation. */
  evaluations: Map<string, Map<string, RuleEvaluation>>;
  rules: ConfigRuleInfo[];
  conformancePacks: string[];
}

type ResourceTuple = [string, string, string | null, string | null, string];
type EvaluationTuple = [
  string,
  string,
  string,
  0 | 1,
  string | null,
  string | null,
];

export interface EncodedConfig {
  resources: ResourceTuple[];
  evaluations: EvaluationTuple[];
  rules: ConfigRuleInfo[];
  conformancePacks: string[];
}

export const accountScope = (t: AccountRegion) =>
  `accounts/${t.accountId}/${t.region}`;

export const aggregatorScope = (a: {
  accountId: string;
  region: string;
  name: string;
}) => `aggregator/${a.accountId}/${a.region}/${a.name}`;

export function encodeConfig(kept: KeptConfig): EncodedConfig {
  const resources: ResourceTuple[] = [];
  for (const r of kept.resources.values()) {
    resources.push([
      r.resourceType,
      r.resourceId,
      r.resourceName ?? null,
      r.arn ?? null,
      r.pbc,
    ]);
  }
  const evaluations: EvaluationTuple[] = [];
  for (const perRule of kept.evaluations.values()) {
    for (const e of perRule.values()) {
      evaluations.push([
        e.resourceType,
        e.resourceId,
        e.ruleName,
        e.compliance === 'COMPLIANT' ? 1 : 0,
        e.annotation ?? null,
        e.recordedAt ?? null,
      ]);
    }
  }
  return {
    resources,
    evaluations,
    rules: kept.rules,
    conformancePacks: kept.conformancePacks,
  };
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isOptString = (v: unknown) => v === null || typeof v === 'string';

/**
 * The most a kept state may unpack to: far above a real one (about 2 MB per
 * account and Region at 2,500 resources), below what a corrupt or hostile row
 * could make the process allocate.
 */
export const MAX_READER_STATE_BYTES = 256 * 1024 * 1024;

function fail(what: string): never {
  throw new ReaderStateError(`invalid ${what}`);
}

export function decodeConfig(raw: unknown, target: AccountRegion): KeptConfig {
  const c = raw as Partial<EncodedConfig> | null;
  if (!c || typeof c !== 'object') fail('account state');
  if (!Array.isArray(c.resources)) fail('resources');
  if (!Array.isArray(c.evaluations)) fail('evaluations');
  if (
    !Array.isArray(c.rules) ||
    !c.rules.every(
      r =>
        isString(r?.name) &&
        [r.sourceOwner, r.sourceIdentifier, r.compliance].every(
          v => v === undefined || isString(v),
        ),
    )
  )
    fail('rules');
  if (!Array.isArray(c.conformancePacks) || !c.conformancePacks.every(isString))
    fail('conformance packs');
  const resources = new Map<string, TaggedResource>();
  for (const t of c.resources) {
    if (
      !Array.isArray(t) ||
      !isString(t[0]) ||
      !isString(t[1]) ||
      !isOptString(t[2]) ||
      !isOptString(t[3]) ||
      !isString(t[4])
    )
      fail('resource');
    resources.set(resourceKey(t[0], t[1]), {
      accountId: target.accountId,
      region: target.region,
      resourceType: t[0],
      resourceId: t[1],
      resourceName: t[2] ?? undefined,
      arn: t[3] ?? undefined,
      pbc: t[4],
    });
  }
  const evaluations = new Map<string, Map<string, RuleEvaluation>>();
  for (const t of c.evaluations) {
    if (
      !Array.isArray(t) ||
      !isString(t[0]) ||
      !isString(t[1]) ||
      !isString(t[2]) ||
      (t[3] !== 0 && t[3] !== 1) ||
      !isOptString(t[4]) ||
      !isOptString(t[5])
    )
      fail('evaluation');
    const k = resourceKey(t[0], t[1]);
    const perRule = evaluations.get(k) ?? new Map<string, RuleEvaluation>();
    perRule.set(t[2], {
      resourceType: t[0],
      resourceId: t[1],
      ruleName: t[2],
      compliance: t[3] === 1 ? 'COMPLIANT' : 'NON_COMPLIANT',
      annotation: t[4] ?? undefined,
      recordedAt: t[5] ?? undefined,
    });
    evaluations.set(k, perRule);
  }
  return {
    resources,
    evaluations,
    rules: c.rules,
    conformancePacks: c.conformancePacks,
  };
}

/** Gzipped JSON of a state of the given kind. */
export function encodeReaderState(
  kind: 'account' | 'aggregator',
  body: Record<string, unknown>,
): Buffer {
  return gzipSync(
    JSON.stringify({ format: READER_STATE_FORMAT, kind, ...body }),
  );
}

/**
 * The body of a stored state, or a ReaderStateError saying why it cannot
 * be used (not gzip, not JSON, another format or kind).
 */
export function decodeReaderState(
  data: Buffer,
  kind: 'account' | 'aggregator',
  maxBytes = MAX_READER_STATE_BYTES,
): Record<string, unknown> {
  let text: string;
  try {
    text = gunzipSync(data, { maxOutputLength: maxBytes }).toString('utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ReaderStateError(`larger than ${maxBytes} bytes unpacked`);
    }
    throw new ReaderStateError('not gzip data');
  }
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ReaderStateError('not JSON');
  }
  if (!parsed || typeof parsed !== 'object') fail('state');
  if (parsed.format !== READER_STATE_FORMAT) {
    throw new ReaderStateError(
      `format ${String(
        parsed.format,
      )}, this version reads ${READER_STATE_FORMAT}`,
    );
  }
  if (parsed.kind !== kind) {
    throw new ReaderStateError(`a ${String(parsed.kind)} state, not ${kind}`);
  }
  return parsed;
}

export function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * The kept state of `scope`, decoded, with the version it was committed
 * with; undefined when the database keeps none or it cannot be used (then
 * `unusable` hears why, and the reader reads that scope in full).
 */
export async function loadKeptState<T>(
  source: ReaderStateSource,
  scope: string,
  decode: (data: Buffer) => T,
  unusable: (version: number, why: string) => void,
): Promise<{ state: T; version: number } | undefined> {
  const stored = source.versions.get(scope);
  if (stored === undefined) return undefined;
  try {
    const record = await source.load(scope);
    return record && { state: decode(record.data), version: record.version };
  } catch (error) {
    if (!(error instanceof ReaderStateError)) throw error;
    unusable(stored, error.message);
    return undefined;
  }
}
