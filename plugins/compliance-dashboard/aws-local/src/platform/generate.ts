import {
  conformancePackName,
  controlsForPbc,
  roleName,
} from '@pbc-portal/pbc-domain';
import {
  BaselineRefs,
  EventStore,
  EventWorld,
  arIndexOf,
  generateEvents,
} from './events';
import { RuleEvaluationsImpl, generateEvaluations } from './evaluations';
import {
  ACCOUNT_NAMES,
  CONSOLE_USERS,
  DataStore,
  EXTRA_PBC_NAMES,
  GROUPS,
  NAMED_PBCS,
  SYSTEM_OF_GROUP,
  accountIdFor,
  titleOf,
} from './names';
import { createRng, hashInts } from './random';
import { buildBaselineResources, buildPbcResources } from './resources';
import { maxPlatformRules, selectRules } from './rules';
import type {
  AwsResource,
  EvaluationRecord,
  GeneratePlatformOptions,
  Pbc,
  PbcPosture,
  Platform,
  PlatformAccount,
  PlatformConfigRule,
  RuleEvaluations,
} from './types';

const TEMPLATE_VERSIONS = ['1.4.0', '1.4.0', '1.4.0', '1.3.2', '1.2.0'];

function requireCount(name: string, value: number, min: number) {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
  }
}

function validate(options: GeneratePlatformOptions) {
  requireCount('pbcs', options.pbcs, 1);
  requireCount('accounts', options.accounts, 1);
  requireCount('rules', options.rules, 0);
  requireCount('resources', options.resources, 0);
  requireCount('events', options.events, 0);
  if (options.accounts > 999)
    throw new RangeError('accounts must be at most 999');
  if (!Array.isArray(options.regions) || options.regions.length === 0) {
    throw new RangeError('regions must list at least one Region');
  }
  for (const region of options.regions) {
    if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region)) {
      throw new RangeError(`'${region}' is not a Region name like eu-west-1`);
    }
  }
  if (new Set(options.regions).size !== options.regions.length) {
    throw new RangeError('regions must not repeat');
  }
  if (options.accounts * options.regions.length > 65535) {
    throw new RangeError('too many account and Region pairs');
  }
  if (options.days !== undefined && !(options.days > 0)) {
    throw new RangeError(`days must be positive, got ${options.days}`);
  }
}

interface PbcPlan {
  pbc: Pbc;
  dataStore: DataStore;
  public: boolean;
}

function planPbcs(
  options: Required<GeneratePlatformOptions>,
  accounts: PlatformAccount[],
  seed: number,
): PbcPlan[] {
  const rng = createRng(hashInts(seed, 0x9bc));
  const plans: PbcPlan[] = [];
  const used = new Set<string>();
  for (let i = 0; i < options.pbcs; i++) {
    const named = NAMED_PBCS[i];
    let name: string;
    let plan: Omit<PbcPlan, 'pbc'>;
    let owner: string;
    let pciScope: boolean;
    let accountIdx: number;
    let regionIdx: number;
    let posture: PbcPosture;
    let description: string;
    if (named) {
      name = named.name;
      owner = named.owner;
      pciScope = named.pciScope;
      accountIdx = named.account % accounts.length;
      regionIdx = named.region % options.regions.length;
      posture = named.posture;
      description = named.description;
      plan = { dataStore: named.dataStore, public: named.public };
    } else {
      const extra = i - NAMED_PBCS.length;
      const base = EXTRA_PBC_NAMES[extra % EXTRA_PBC_NAMES.length];
      const round = Math.floor(extra / EXTRA_PBC_NAMES.length);
      name = round === 0 ? base : `${base}-${round + 1}`;
      owner = GROUPS[rng.int(GROUPS.length)];
      pciScope = owner === 'payments-team' ? rng.chance(0.5) : rng.chance(0.02);
      accountIdx = i % accounts.length;
      regionIdx = rng.int(options.regions.length);
      const roll = rng.next();
      posture = 'poor';
      if (roll < 0.8) posture = 'fair';
      if (roll < 0.35) posture = 'clean';
      description = `The ${titleOf(
        name,
      ).toLowerCase()} packaged business capability.`;
      const store = rng.next();
      let dataStore: DataStore = 'none';
      if (store < 0.8) dataStore = 'aurora';
      if (store < 0.55) dataStore = 'dynamodb';
      plan = { dataStore, public: rng.chance(0.3) };
    }
    if (used.has(name)) throw new Error(`duplicate PBC name ${name}`);
    used.add(name);
    const account = accounts[accountIdx];
    plans.push({
      ...plan,
      pbc: {
        index: i,
        name,
        title: titleOf(name),
        description,
        owner,
        system: named?.system ?? SYSTEM_OF_GROUP[owner],
        accountId: account.id,
        region: options.regions[regionIdx],
        pciScope,
        conformancePack: conformancePackName(name),
        templateVersion:
          posture === 'poor'
            ? TEMPLATE_VERSIONS[3 + (i % 2)]
            : TEMPLATE_VERSIONS[i % 3],
        posture,
        roleArn: `arn:aws:iam::${account.id}:role/${roleName(name)}`,
      },
    });
  }
  return plans;
}

/** Splits `total` over `weights` exactly, every share at least 1 while there is enough. */
function allocate(total: number, weights: number[]): number[] {
  const n = weights.length;
  const out = new Array<number>(n).fill(0);
  if (total <= n) {
    for (let i = 0; i < total; i++) out[i] = 1;
    return out;
  }
  const rest = total - n;
  const sum = weights.reduce((a, b) => a + b, 0);
  let given = 0;
  const fractions: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) {
    const exact = (rest * weights[i]) / sum;
    out[i] = 1 + Math.floor(exact);
    given += Math.floor(exact);
    fractions.push([exact - Math.floor(exact), i]);
  }
  fractions.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; given < rest; k++, given++) out[fractions[k % n][1]]++;
  return out;
}

class PlatformImpl implements Platform {
  readonly options: Platform['options'];
  readonly now: number;
  readonly accounts: PlatformAccount[];
  readonly regions: string[];
  readonly pbcs: Pbc[];
  readonly resources: AwsResource[];
  readonly baselineResources: AwsResource[];
  readonly rules: PlatformConfigRule[];
  readonly events: EventStore;
  private readonly all: AwsResource[];
  private readonly byName: Map<string, Pbc>;
  private readonly accountById: Map<string, PlatformAccount>;
  private readonly ruleByName: Map<string, PlatformConfigRule>;
  private readonly pbcResources: Array<[number, number]>;
  private readonly resourcesByAr: AwsResource[][];
  private readonly pbcsByAr: Pbc[][];
  private readonly evaluationsByAr: RuleEvaluationsImpl[][];
  private readonly packRuleCache = new Map<boolean, PlatformConfigRule[]>();
  private readonly packIndex = new Map<
    number,
    Map<number, Array<[number, number]>>
  >();

  constructor(options: Required<GeneratePlatformOptions>) {
    const seed = options.seed;
    this.options = {
      ...options,
      regions: [...options.regions],
      now: new Date(options.now),
    };
    this.now = Math.floor(options.now.getTime() / 1000) * 1000;
    this.regions = [...options.regions];
    this.accounts = Array.from({ length: options.accounts }, (_, i) => {
      const id = accountIdFor(i);
      return {
        id,
        name: ACCOUNT_NAMES[i] ?? `commerce-${i + 1}`,
        accessKeyId: `LOCAL${id}`,
      };
    });
    this.accountById = new Map(this.accounts.map(a => [a.id, a]));

    const plans = planPbcs(options, this.accounts, seed);
    this.pbcs = plans.map(p => p.pbc);
    this.byName = new Map(this.pbcs.map(p => [p.name, p]));

    // Resources, PBC by PBC so each PBC's resources are contiguous.
    const rng = createRng(hashInts(seed, 0x7e5));
    const counts = allocate(
      options.resources,
      plans.map(() => 0.6 + rng.next() * 0.8),
    );
    this.resources = [];
    this.pbcResources = [];
    for (const plan of plans) {
      const first = this.resources.length;
      const made = buildPbcResources(
        plan.pbc,
        plan,
        counts[plan.pbc.index],
        first,
        seed,
        rng,
        this.now,
      );
      for (const r of made) this.resources.push(r);
      this.pbcResources.push([first, made.length]);
    }
    this.baselineResources = [];
    const baselineRefs: BaselineRefs[] = [];
    for (const account of this.accounts) {
      this.regions.forEach((region, r) => {
        const made = buildBaselineResources(
          account.id,
          region,
          r === 0,
          CONSOLE_USERS,
          this.resources.length + this.baselineResources.length,
          seed,
          this.now,
        );
        const byType = new Map<string, number>();
        for (const res of made) {
          if (!byType.has(res.resourceType))
            byType.set(res.resourceType, res.index);
          this.baselineResources.push(res);
        }
        baselineRefs.push({ byType });
      });
    }
    this.all = [...this.resources, ...this.baselineResources];

    const arCount = this.accounts.length * this.regions.length;
    const arOf = (accountId: string, region: string) =>
      arIndexOf(
        this,
        this.accounts.findIndex(a => a.id === accountId),
        this.regions.indexOf(region),
      );
    this.resourcesByAr = Array.from({ length: arCount }, () => []);
    for (const r of this.all)
      this.resourcesByAr[arOf(r.accountId, r.region)].push(r);
    this.pbcsByAr = Array.from({ length: arCount }, () => []);
    for (const p of this.pbcs)
      this.pbcsByAr[arOf(p.accountId, p.region)].push(p);

    this.rules = selectRules(options.rules);
    this.ruleByName = new Map(this.rules.map(r => [r.name, r]));

    const world: EventWorld = {
      seed,
      now: this.now,
      days: options.days,
      accounts: this.accounts.map(a => a.id),
      regions: this.regions,
      pbcs: this.pbcs,
      all: this.all,
      pbcResources: this.pbcResources,
      baseline: baselineRefs,
    };
    this.events = generateEvents(
      world,
      options.events,
      createRng(hashInts(seed, 0xe7e)),
    );

    const accountIndex = new Map(this.accounts.map((a, i) => [a.id, i]));
    this.evaluationsByAr = generateEvaluations(
      {
        rules: this.rules,
        all: this.all,
        pbcs: this.pbcs,
        pbcOfResource: index => this.pbcOfResource(index),
        accountIndexOf: id => accountIndex.get(id) ?? 0,
        resourcesByAr: this.resourcesByAr.map(list =>
          Int32Array.from(list, r => r.index),
        ),
        events: this.events,
        now: this.now,
      },
      createRng(hashInts(seed, 0xe7a)),
    );
  }

  private pbcOfResource(index: number): Pbc | undefined {
    const r = this.all[index];
    return r?.pbc ? this.byName.get(r.pbc) : undefined;
  }

  private arIndex(accountId: string, region: string): number {
    const a = this.accounts.findIndex(x => x.id === accountId);
    const r = this.regions.indexOf(region);
    return a < 0 || r < 0 ? -1 : arIndexOf(this, a, r);
  }

  pbc(name: string) {
    return this.byName.get(name);
  }

  account(accountId: string) {
    return this.accountById.get(accountId);
  }

  rule(name: string) {
    return this.ruleByName.get(name);
  }

  resourcesIn(accountId: string, region: string): AwsResource[] {
    const ar = this.arIndex(accountId, region);
    return ar < 0 ? [] : this.resourcesByAr[ar];
  }

  pbcsIn(accountId: string, region: string): Pbc[] {
    const ar = this.arIndex(accountId, region);
    return ar < 0 ? [] : this.pbcsByAr[ar];
  }

  evaluations(
    accountId: string,
    region: string,
    rule: PlatformConfigRule,
  ): RuleEvaluations {
    const ar = this.arIndex(accountId, region);
    if (ar < 0) {
      return new RuleEvaluationsImpl(
        rule,
        this.all,
        new Int32Array(0),
        new Uint8Array(0),
        new Uint32Array(0),
      );
    }
    return this.evaluationsByAr[ar][rule.index];
  }

  packRules(pbc: Pbc): PlatformConfigRule[] {
    let rules = this.packRuleCache.get(pbc.pciScope);
    if (!rules) {
      const applicable = new Set(
        controlsForPbc({ pciScope: pbc.pciScope, level: 'pbc' }).map(c => c.id),
      );
      rules = this.rules.filter(r =>
        r.controlIds.some(id => applicable.has(id)),
      );
      this.packRuleCache.set(pbc.pciScope, rules);
    }
    return rules;
  }

  packEvaluations(pbc: Pbc): EvaluationRecord[] {
    const ar = this.arIndex(pbc.accountId, pbc.region);
    let index = this.packIndex.get(ar);
    if (!index) {
      // Group this account-Region's evaluations by PBC once.
      index = new Map();
      this.evaluationsByAr[ar].forEach((evals, ruleIdx) => {
        for (let k = 0; k < evals.length; k++) {
          const owner = this.pbcOfResource(evals.resources[k]);
          if (!owner) continue;
          let list = index!.get(owner.index);
          if (!list) index!.set(owner.index, (list = []));
          list.push([ruleIdx, k]);
        }
      });
      this.packIndex.set(ar, index);
    }
    const packRules = new Set(this.packRules(pbc).map(r => r.index));
    return (index.get(pbc.index) ?? [])
      .filter(([ruleIdx]) => packRules.has(ruleIdx))
      .map(([ruleIdx, k]) => this.evaluationsByAr[ar][ruleIdx].get(k));
  }
}

/**
 * Generates a deterministic platform: the same options (including `seed` and
 * `now`) always give the same platform.
 *
 * @public
 */
export function generatePlatform(options: GeneratePlatformOptions): Platform {
  validate(options);
  return new PlatformImpl({
    ...options,
    days: options.days ?? 21,
    seed: options.seed ?? 1,
    now: options.now ?? new Date(),
  });
}

/**
 * The demo commerce platform: 15 named PBCs over 3 accounts and 2 Regions,
 * with every rule the controls catalog can deploy (managed rules and Guard
 * custom-policy rules).
 *
 * @public
 */
export const DEMO_PLATFORM_OPTIONS: Readonly<
  Omit<GeneratePlatformOptions, 'now'>
> = Object.freeze({
  pbcs: NAMED_PBCS.length,
  accounts: 3,
  regions: ['eu-west-1', 'us-east-1'],
  rules: maxPlatformRules(),
  resources: 260,
  events: 6000,
  days: 21,
  seed: 42,
});

/**
 * The demo platform as of `now` (default: the time of the call).
 *
 * @public
 */
export function demoPlatform(now?: Date): Platform {
  return generatePlatform({
    ...DEMO_PLATFORM_OPTIONS,
    regions: [...DEMO_PLATFORM_OPTIONS.regions],
    now,
  });
}
