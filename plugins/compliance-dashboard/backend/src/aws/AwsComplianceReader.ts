import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  ConfigServiceClient,
  DescribeComplianceByConfigRuleCommand,
  DescribeConfigRulesCommand,
  DescribeConformancePacksCommand,
  GetComplianceDetailsByConfigRuleCommand,
  SelectResourceConfigCommand,
} from '@aws-sdk/client-config-service';
import { PBC_TAG_KEY } from '@pbc-portal/pbc-domain';
import { AwsClientFactory } from './AwsClientFactory';
import { isMalformedResponse, MalformedResponseError } from './errors';
import { Semaphore } from '../util/Semaphore';
import { sleep } from './RateLimiter';
import {
  AccountRegion,
  CloudTrailReadResult,
  ComplianceReader,
  ConfigReadResult,
  ConfigRuleInfo,
  RuleEvaluation,
  TaggedResource,
  TrailEvent,
} from './types';

/** Key of a resource within one account and Region. */
export const resourceKey = (resourceType: string, resourceId: string) =>
  `${resourceType}|${resourceId}`;

/** The one query that finds every PBC resource of an account and Region. */
export const TAGGED_RESOURCES_QUERY = `SELECT resourceId, resourceType, resourceName, arn, tags, awsRegion, accountId WHERE tags.key = '${PBC_TAG_KEY}'`;

// A runaway NextToken loop must end; 100,000 pages is far beyond any account.
const MAX_PAGES = 100_000;
// Rules whose evaluations are read at the same time in one account and
// Region; the SDK's adaptive retry slows down if Config throttles.
const RULES_IN_FLIGHT = 4;
// Retries of responses that did not parse; the SDK retries throttling,
// 5xx and network errors itself.
const MALFORMED_ATTEMPTS = 4;

/**
 * Reads AWS Config and CloudTrail for one account and Region with the real
 * SDK clients. The number of calls depends on the size of the account (rules,
 * resources, evaluations, events), never on the number of PBCs.
 */
export class AwsComplianceReader implements ComplianceReader {
  readonly #clients: AwsClientFactory;
  readonly #packListTtlMs: number;
  readonly #packs = new Map<string, { at: number; names: string[] }>();

  /**
   * @param options.conformancePackListTtlMs - how long a listing of the
   *   conformance packs of an account and Region is reused. Packs change
   *   with deployments, not between refreshes, and the listing is the one
   *   read whose pages grow with the number of PBCs (20 packs a page).
   */
  constructor(
    clients: AwsClientFactory,
    options?: { conformancePackListTtlMs?: number },
  ) {
    this.#clients = clients;
    this.#packListTtlMs = options?.conformancePackListTtlMs ?? 0;
  }

  requestCount(): number {
    return this.#clients.stats().requests;
  }

  async readConfig(
    target: AccountRegion,
    options?: { signal?: AbortSignal },
  ): Promise<ConfigReadResult> {
    const signal = options?.signal;
    const client = await this.#clients.configClient(
      target.accountId,
      target.region,
    );

    const resources = await this.#readTaggedResources(client, target, signal);
    const rules = await this.#readRules(client, signal);
    const packKey = `${target.accountId}/${target.region}`;
    const cachedPacks = this.#packs.get(packKey);
    let conformancePacks: string[];
    if (cachedPacks && Date.now() - cachedPacks.at < this.#packListTtlMs) {
      conformancePacks = cachedPacks.names;
    } else {
      conformancePacks = await this.#readConformancePacks(client, signal);
      this.#packs.set(packKey, { at: Date.now(), names: conformancePacks });
    }

    const tagged = new Set(
      resources.map(r => resourceKey(r.resourceType, r.resourceId)),
    );
    const evaluations: RuleEvaluation[] = [];
    const limit = new Semaphore(RULES_IN_FLIGHT);
    await Promise.all(
      rules
        // A rule with no results at all needs no detail call.
        .filter(rule => rule.compliance !== 'INSUFFICIENT_DATA')
        .map(rule =>
          limit.run(async () => {
            for (const evaluation of await this.#readEvaluations(
              client,
              rule.name,
              signal,
            )) {
              if (
                tagged.has(
                  resourceKey(evaluation.resourceType, evaluation.resourceId),
                )
              ) {
                evaluations.push(evaluation);
              }
            }
          }),
        ),
    );

    return { ...target, resources, rules, evaluations, conformancePacks };
  }

  async readCloudTrail(
    target: AccountRegion,
    window: { start: Date; end: Date },
    onPage: (events: TrailEvent[]) => Promise<void> | void,
    options?: { signal?: AbortSignal },
  ): Promise<CloudTrailReadResult> {
    const signal = options?.signal;
    const client = await this.#clients.cloudTrailClient(
      target.accountId,
      target.region,
    );
    let pages = 0;
    let count = 0;
    await paginate('LookupEvents', signal, async NextToken => {
      const out = await send(
        'LookupEvents',
        () =>
          client.send(
            new LookupEventsCommand({
              LookupAttributes: [
                { AttributeKey: 'ReadOnly', AttributeValue: 'false' },
              ],
              StartTime: window.start,
              EndTime: window.end,
              MaxResults: 50,
              NextToken,
            }),
            { abortSignal: signal },
          ),
        signal,
      );
      const events = list(out.Events, 'LookupEvents', 'Events').map(
        (e): TrailEvent => {
          if (!e.EventId || !e.EventName || !e.EventSource || !e.EventTime) {
            throw new MalformedResponseError(
              'LookupEvents',
              'event without id, name, source or time',
            );
          }
          const eventTime = new Date(e.EventTime);
          if (Number.isNaN(eventTime.getTime())) {
            throw new MalformedResponseError('LookupEvents', 'bad EventTime');
          }
          return {
            eventId: e.EventId,
            eventTime,
            eventName: e.EventName,
            eventSource: e.EventSource,
            username: e.Username,
            resources: (e.Resources ?? []).map(r => ({
              type: r.ResourceType,
              name: r.ResourceName,
            })),
            cloudTrailEvent: e.CloudTrailEvent,
          };
        },
      );
      pages += 1;
      count += events.length;
      await onPage(events);
      return out.NextToken;
    });
    return { pages, events: count };
  }

  async #readTaggedResources(
    client: ConfigServiceClient,
    target: AccountRegion,
    signal?: AbortSignal,
  ): Promise<TaggedResource[]> {
    const resources: TaggedResource[] = [];
    await paginate('SelectResourceConfig', signal, async NextToken => {
      const out = await send(
        'SelectResourceConfig',
        () =>
          client.send(
            new SelectResourceConfigCommand({
              Expression: TAGGED_RESOURCES_QUERY,
              Limit: 100,
              NextToken,
            }),
            { abortSignal: signal },
          ),
        signal,
      );
      for (const line of list(out.Results, 'SelectResourceConfig', 'Results')) {
        const resource = parseResourceRow(line, target);
        if (resource) {
          resources.push(resource);
        }
      }
      return out.NextToken;
    });
    return resources;
  }

  async #readRules(
    client: ConfigServiceClient,
    signal?: AbortSignal,
  ): Promise<ConfigRuleInfo[]> {
    const rules = new Map<string, ConfigRuleInfo>();
    await paginate('DescribeConfigRules', signal, async NextToken => {
      const out = await send(
        'DescribeConfigRules',
        () =>
          client.send(new DescribeConfigRulesCommand({ NextToken }), {
            abortSignal: signal,
          }),
        signal,
      );
      for (const rule of list(
        out.ConfigRules,
        'DescribeConfigRules',
        'ConfigRules',
      )) {
        if (!rule.ConfigRuleName) {
          throw new MalformedResponseError(
            'DescribeConfigRules',
            'rule without a name',
          );
        }
        rules.set(rule.ConfigRuleName, {
          name: rule.ConfigRuleName,
          sourceOwner: rule.Source?.Owner,
          sourceIdentifier: rule.Source?.SourceIdentifier,
        });
      }
      return out.NextToken;
    });

    await paginate(
      'DescribeComplianceByConfigRule',
      signal,
      async NextToken => {
        const out = await send(
          'DescribeComplianceByConfigRule',
          () =>
            client.send(
              new DescribeComplianceByConfigRuleCommand({ NextToken }),
              {
                abortSignal: signal,
              },
            ),
          signal,
        );
        for (const item of list(
          out.ComplianceByConfigRules,
          'DescribeComplianceByConfigRule',
          'ComplianceByConfigRules',
        )) {
          const rule = item.ConfigRuleName
            ? rules.get(item.ConfigRuleName)
            : undefined;
          if (rule) {
            rule.compliance = item.Compliance?.ComplianceType;
          }
        }
        return out.NextToken;
      },
    );
    return [...rules.values()];
  }

  async #readEvaluations(
    client: ConfigServiceClient,
    ruleName: string,
    signal?: AbortSignal,
  ): Promise<RuleEvaluation[]> {
    const evaluations: RuleEvaluation[] = [];
    await paginate(
      'GetComplianceDetailsByConfigRule',
      signal,
      async NextToken => {
        const out = await send(
          'GetComplianceDetailsByConfigRule',
          () =>
            client.send(
              new GetComplianceDetailsByConfigRuleCommand({
                ConfigRuleName: ruleName,
                ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT'],
                Limit: 100,
                NextToken,
              }),
              { abortSignal: signal },
            ),
          signal,
        );
        for (const result of list(
          out.EvaluationResults,
          'GetComplianceDetailsByConfigRule',
          'EvaluationResults',
        )) {
          const qualifier =
            result.EvaluationResultIdentifier?.EvaluationResultQualifier;
          const compliance = result.ComplianceType;
          if (!qualifier?.ResourceId || !qualifier.ResourceType) {
            throw new MalformedResponseError(
              'GetComplianceDetailsByConfigRule',
              'evaluation without a resource',
            );
          }
          if (compliance !== 'COMPLIANT' && compliance !== 'NON_COMPLIANT') {
            continue;
          }
          evaluations.push({
            ruleName: qualifier.ConfigRuleName ?? ruleName,
            resourceType: qualifier.ResourceType,
            resourceId: qualifier.ResourceId,
            compliance,
            annotation: result.Annotation,
            recordedAt: validIso(result.ResultRecordedTime),
          });
        }
        return out.NextToken;
      },
    );
    return evaluations;
  }

  async #readConformancePacks(
    client: ConfigServiceClient,
    signal?: AbortSignal,
  ): Promise<string[]> {
    const names: string[] = [];
    await paginate('DescribeConformancePacks', signal, async NextToken => {
      const out = await send(
        'DescribeConformancePacks',
        () =>
          client.send(
            new DescribeConformancePacksCommand({ Limit: 20, NextToken }),
            { abortSignal: signal },
          ),
        signal,
      );
      for (const pack of list(
        out.ConformancePackDetails,
        'DescribeConformancePacks',
        'ConformancePackDetails',
      )) {
        if (pack.ConformancePackName) {
          names.push(pack.ConformancePackName);
        }
      }
      return out.NextToken;
    });
    return names;
  }
}

export async function paginate(
  operation: string,
  signal: AbortSignal | undefined,
  page: (nextToken: string | undefined) => Promise<string | undefined>,
): Promise<void> {
  let token: string | undefined;
  const seen = new Set<string>();
  for (let i = 0; i < MAX_PAGES; i++) {
    signal?.throwIfAborted();
    token = (await page(token)) || undefined;
    if (!token) {
      return;
    }
    if (seen.has(token)) {
      throw new MalformedResponseError(operation, 'NextToken repeats');
    }
    seen.add(token);
  }
  throw new MalformedResponseError(operation, `more than ${MAX_PAGES} pages`);
}

/** Sends one call, retrying responses that did not parse. */
export async function send<T>(
  _operation: string,
  call: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const out = await call();
      if (!out || typeof out !== 'object') {
        throw new MalformedResponseError(_operation, 'empty body');
      }
      return out;
    } catch (error) {
      if (attempt >= MALFORMED_ATTEMPTS || !isMalformedResponse(error)) {
        throw error;
      }
      await sleep(50 * 2 ** attempt + Math.random() * 50, signal);
    }
  }
}

export function list<T>(
  value: T[] | undefined,
  operation: string,
  field: string,
): T[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw new MalformedResponseError(operation, `${field} is not a list`);
  }
  return value;
}

function validIso(value: Date | undefined): string | undefined {
  if (!value) {
    return undefined;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

interface ResourceRow {
  resourceId?: unknown;
  resourceType?: unknown;
  resourceName?: unknown;
  arn?: unknown;
  awsRegion?: unknown;
  accountId?: unknown;
  tags?: unknown;
}

export function parseResourceRow(
  line: string,
  target: AccountRegion,
): TaggedResource | undefined {
  let row: ResourceRow;
  try {
    row = JSON.parse(line);
  } catch {
    throw new MalformedResponseError(
      'SelectResourceConfig',
      'result row is not JSON',
    );
  }
  if (
    !row ||
    typeof row.resourceId !== 'string' ||
    typeof row.resourceType !== 'string'
  ) {
    throw new MalformedResponseError(
      'SelectResourceConfig',
      'result row without resourceId or resourceType',
    );
  }
  const pbc = pbcTagOf(row.tags);
  if (!pbc) {
    return undefined;
  }
  return {
    accountId:
      typeof row.accountId === 'string' ? row.accountId : target.accountId,
    region: typeof row.awsRegion === 'string' ? row.awsRegion : target.region,
    resourceId: row.resourceId,
    resourceType: row.resourceType,
    resourceName:
      typeof row.resourceName === 'string' ? row.resourceName : undefined,
    arn: typeof row.arn === 'string' ? row.arn : undefined,
    pbc,
  };
}

// Config returns tags as [{ key, value }] (some tools emit { tag: 'k=v' } or
// a plain object); accept the three.
function pbcTagOf(tags: unknown): string | undefined {
  if (Array.isArray(tags)) {
    for (const tag of tags) {
      if (tag && typeof tag === 'object') {
        const { key, value, tag: pair } = tag as Record<string, unknown>;
        if (key === PBC_TAG_KEY && typeof value === 'string' && value) {
          return value;
        }
        if (typeof pair === 'string' && pair.startsWith(`${PBC_TAG_KEY}=`)) {
          return pair.slice(PBC_TAG_KEY.length + 1) || undefined;
        }
      }
    }
    return undefined;
  }
  if (tags && typeof tags === 'object') {
    const value = (tags as Record<string, unknown>)[PBC_TAG_KEY];
    return typeof value === 'string' && value ? value : undefined;
  }
  return undefined;
}
