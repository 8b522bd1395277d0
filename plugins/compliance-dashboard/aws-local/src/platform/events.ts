import { roleName as pbcRoleName } from '@pbc-portal/pbc-domain';
import { CONSOLE_USERS } from './names';
import {
  Rng,
  base32From,
  hashInts,
  hashString,
  hexFrom,
  uuidFrom,
} from './random';
import {
  EventTemplate,
  TEMPLATES,
  TemplateContext,
  ids,
  indexTemplates,
} from './templates';
import type {
  AwsResource,
  Pbc,
  PbcPosture,
  TrailEvent,
  TrailEventStore,
} from './types';

const DAY = 86_400_000;

/** Share of a PBC's events that are risky, by posture. */
const RISK_RATE: Record<PbcPosture, number> = {
  clean: 0.003,
  fair: 0.015,
  poor: 0.05,
};
/** Share of all events made by people or the root user on the account. */
const ACCOUNT_EVENT_RATE = 0.02;
const LEGACY_USER = CONSOLE_USERS.indexOf('legacy.deployer');

/** Platform resources of one account and Region that events can target. */
export interface BaselineRefs {
  byType: Map<string, number>;
}

export interface EventWorld {
  seed: number;
  now: number;
  days: number;
  accounts: string[];
  regions: string[];
  pbcs: Pbc[];
  /** PBC resources then baseline resources, indexed by `AwsResource.index`. */
  all: AwsResource[];
  /** Per PBC: [first resource index, count]. */
  pbcResources: Array<[number, number]>;
  /** Per account-Region index (account-major). */
  baseline: BaselineRefs[];
}

export const arIndexOf = (
  world: { regions: string[] },
  accountIdx: number,
  regionIdx: number,
) => accountIdx * world.regions.length + regionIdx;

const POSTURE_RANK: Record<PbcPosture, number> = { poor: 0, fair: 1, clean: 2 };
const postureRank = (p: PbcPosture) => POSTURE_RANK[p];

function pbcIndexOfResource(world: EventWorld, resourceIndex: number): number {
  // PBC resources are contiguous and in PBC order: binary search the starts.
  let lo = 0;
  let hi = world.pbcResources.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (world.pbcResources[mid][0] <= resourceIndex) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const iso = (ms: number) =>
  new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Events in struct-of-arrays form: a few bytes per event, records built on demand. */
export class EventStore implements TrailEventStore {
  readonly length: number;
  private readonly time: Float64Array;
  private readonly tpl: Uint16Array;
  private readonly actor: Int32Array;
  private readonly res: Int32Array;
  private readonly ar: Uint16Array;
  private readonly user: Uint8Array;
  private readonly h: Uint32Array;
  private byAr: Int32Array[] = [];

  constructor(private readonly world: EventWorld, count: number) {
    this.length = count;
    this.time = new Float64Array(count);
    this.tpl = new Uint16Array(count);
    this.actor = new Int32Array(count);
    this.res = new Int32Array(count);
    this.ar = new Uint16Array(count);
    this.user = new Uint8Array(count);
    this.h = new Uint32Array(count);
  }

  set(i: number, d: Draft, time: number, h: number) {
    this.time[i] = time;
    this.tpl[i] = d.tpl;
    this.actor[i] = d.actor;
    this.res[i] = d.res;
    this.ar[i] = d.ar;
    this.user[i] = d.user;
    this.h[i] = h;
  }

  finish() {
    const arCount = this.world.accounts.length * this.world.regions.length;
    const counts = new Int32Array(arCount);
    for (let i = 0; i < this.length; i++) counts[this.ar[i]]++;
    const lists = Array.from(
      { length: arCount },
      (_, a) => new Int32Array(counts[a]),
    );
    const fill = new Int32Array(arCount);
    for (let i = 0; i < this.length; i++)
      lists[this.ar[i]][fill[this.ar[i]]++] = i;
    for (const list of lists) {
      // Newest first; ties broken by index so the order is total and stable.
      list.sort((a, b) => this.time[b] - this.time[a] || b - a);
    }
    this.byAr = lists;
  }

  timeOf(i: number): number {
    return this.time[i];
  }

  nameOf(i: number): string {
    return TEMPLATES[this.tpl[i]].name;
  }

  templateOf(i: number): EventTemplate {
    return TEMPLATES[this.tpl[i]];
  }

  /** Target resource index of an event, -1 for none. */
  resourceIndexOf(i: number): number {
    return this.res[i];
  }

  indicesIn(accountId: string, region: string): Int32Array {
    const a = this.world.accounts.indexOf(accountId);
    const r = this.world.regions.indexOf(region);
    if (a < 0 || r < 0) return new Int32Array(0);
    return this.byAr[arIndexOf(this.world, a, r)];
  }

  private context(i: number): TemplateContext {
    const ar = this.ar[i];
    const actor = this.actor[i];
    const res = this.res[i];
    return {
      accountId:
        this.world.accounts[Math.floor(ar / this.world.regions.length)],
      region: this.world.regions[ar % this.world.regions.length],
      pbc: actor >= 0 ? this.world.pbcs[actor] : undefined,
      resource: res >= 0 ? this.world.all[res] : undefined,
      user: CONSOLE_USERS[this.user[i]],
      h: this.h[i],
      time: this.time[i],
    };
  }

  private username(t: EventTemplate, ctx: TemplateContext): string {
    if (t.actor === 'root') return 'root';
    if (t.actor === 'user') return ctx.user;
    if (t.readOnly) return hexFrom(ctx.h, 32);
    if (t.manual) return ctx.user;
    return `pbc-${ctx.pbc!.name}-ci`;
  }

  private accessKeyId(t: EventTemplate, ctx: TemplateContext): string {
    if (t.name === 'ConsoleLogin') return '';
    const day = Math.floor(ctx.time / DAY);
    let who = hashString(ctx.user);
    if (ctx.pbc) who = ctx.pbc.index + 1000;
    else if (t.actor === 'root') who = 1;
    return `ASIA${base32From(hashInts(this.world.seed, who, day), 16)}`;
  }

  get(i: number): TrailEvent {
    const t = TEMPLATES[this.tpl[i]];
    const ctx = this.context(i);
    const resources =
      t.target && ctx.resource
        ? [
            {
              ResourceType: ctx.resource.resourceType,
              ResourceName: ctx.resource.resourceName ?? ctx.resource.arn,
            },
          ]
        : t.build(ctx).resources ?? [];
    return {
      index: i,
      eventId: uuidFrom(hashInts(this.world.seed, i, 0xe7)),
      eventName: t.name,
      eventSource: t.source,
      eventTime: ctx.time,
      readOnly: t.readOnly,
      username: this.username(t, ctx),
      accessKeyId: this.accessKeyId(t, ctx),
      accountId: ctx.accountId,
      region: ctx.region,
      actorPbc: ctx.pbc?.name,
      resource: ctx.resource,
      resources,
      risks: t.risks,
      risky: t.risky,
      cloudTrailEvent: () => this.record(i),
    };
  }

  /** The CloudTrail record of event `i` as CloudTrail serialises it. */
  record(i: number): string {
    const t = TEMPLATES[this.tpl[i]];
    const ctx = this.context(i);
    const built = t.build(ctx);
    const username = this.username(t, ctx);
    const accessKeyId = this.accessKeyId(t, ctx);
    const h = ctx.h;
    let userIdentity: Record<string, unknown>;
    if (t.actor === 'root') {
      userIdentity = {
        type: 'Root',
        principalId: ctx.accountId,
        arn: `arn:aws:iam::${ctx.accountId}:root`,
        accountId: ctx.accountId,
        accessKeyId,
        ...(t.name === 'ConsoleLogin'
          ? {}
          : {
              sessionContext: {
                attributes: {
                  creationDate: iso(ctx.time - 600_000),
                  mfaAuthenticated: 'true',
                },
              },
            }),
      };
    } else if (t.actor === 'user') {
      const principalId = `AIDA${base32From(
        hashInts(this.world.seed, ctx.user.length, ctx.user.charCodeAt(0)),
        17,
      )}`;
      userIdentity = {
        type: 'IAMUser',
        principalId,
        arn: `arn:aws:iam::${ctx.accountId}:user/${ctx.user}`,
        accountId: ctx.accountId,
        ...(accessKeyId ? { accessKeyId } : {}),
        userName: ctx.user,
        ...(t.name === 'ConsoleLogin'
          ? {}
          : {
              sessionContext: {
                attributes: {
                  creationDate: iso(ctx.time - 900_000),
                  mfaAuthenticated: 'true',
                },
              },
            }),
      };
    } else {
      const pbc = ctx.pbc!;
      const roleName = pbcRoleName(pbc.name);
      const [first, n] = this.world.pbcResources[pbc.index];
      const role =
        n > 0 && this.world.all[first].resourceType === 'AWS::IAM::Role'
          ? this.world.all[first]
          : undefined;
      const roleId =
        role?.resourceId ??
        `AROA${base32From(hashInts(this.world.seed, pbc.index, 0x70e), 17)}`;
      userIdentity = {
        type: 'AssumedRole',
        principalId: `${roleId}:${username}`,
        arn: `arn:aws:sts::${pbc.accountId}:assumed-role/${roleName}/${username}`,
        accountId: pbc.accountId,
        accessKeyId,
        sessionContext: {
          sessionIssuer: {
            type: 'Role',
            principalId: roleId,
            arn: pbc.roleArn,
            accountId: pbc.accountId,
            userName: roleName,
          },
          webIdFederationData: {},
          attributes: {
            creationDate: iso(ctx.time - 300_000 - (h % 3_000_000)),
            mfaAuthenticated: 'false',
          },
        },
      };
    }
    const manual = t.manual || t.actor === 'user' || t.actor === 'root';
    // Runtime reads come from tasks in the VPC, manual changes from an office
    // address, pipeline changes from the CI runners (documentation ranges).
    let sourceIPAddress = `198.51.100.${h % 250}`;
    let userAgent =
      'aws-cdk/2.150.0 aws-sdk-js/3.600.0 ua/2.1 os/linux lang/js md/nodejs#22.0.0';
    if (t.readOnly) {
      sourceIPAddress = `10.${(h >>> 8) & 255}.${(h >>> 16) & 255}.${h & 255}`;
      userAgent =
        'aws-sdk-java/2.25.60 Linux/5.10 OpenJDK_64-Bit_Server_VM/21 vendor/Amazon.com_Inc. exec-env/AWS_ECS_FARGATE';
    } else if (manual) {
      sourceIPAddress = `203.0.113.${h % 250}`;
      userAgent = 'AWS Internal';
    }
    if (t.name === 'ConsoleLogin') {
      userAgent =
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
    }
    const record: Record<string, unknown> = {
      eventVersion: '1.09',
      userIdentity,
      eventTime: iso(ctx.time),
      eventSource: t.source,
      eventName: t.name,
      awsRegion: ctx.region,
      sourceIPAddress,
      userAgent,
      requestParameters: built.req ?? null,
      responseElements: built.resp ?? null,
      ...(built.extra ? { additionalEventData: built.extra } : {}),
      requestID: ids.hexUuid(h ^ 0x1234),
      eventID: uuidFrom(hashInts(this.world.seed, i, 0xe7)),
      readOnly: t.readOnly,
      ...(built.recordResources ? { resources: built.recordResources } : {}),
      eventType: t.name === 'ConsoleLogin' ? 'AwsConsoleSignIn' : 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ctx.accountId,
      eventCategory: 'Management',
      ...(t.name === 'ConsoleLogin'
        ? {}
        : {
            tlsDetails: {
              tlsVersion: 'TLSv1.3',
              cipherSuite: 'TLS_AES_128_GCM_SHA256',
              clientProvidedHostHeader: `${t.source.split('.')[0]}.${
                ctx.region
              }.amazonaws.com`,
            },
          }),
    };
    return JSON.stringify(record);
  }
}

function pickTemplate(
  list: EventTemplate[],
  rng: Rng,
): EventTemplate | undefined {
  if (list.length === 0) return undefined;
  let total = 0;
  for (const t of list) total += t.weight;
  let x = rng.next() * total;
  for (const t of list) {
    x -= t.weight;
    if (x < 0) return t;
  }
  return list[list.length - 1];
}

interface Draft {
  tpl: number;
  actor: number;
  res: number;
  ar: number;
  user: number;
}

/**
 * Generates `count` events: first one of every risky template (when there is
 * room for them), then a seeded mix of routine and risky calls.
 */
export function generateEvents(
  world: EventWorld,
  count: number,
  rng: Rng,
): EventStore {
  const idx = indexTemplates();
  const store = new EventStore(world, count);
  const accountIdxOf = new Map(world.accounts.map((a, i) => [a, i]));
  const regionIdxOf = new Map(world.regions.map((r, i) => [r, i]));
  const arOfPbc = world.pbcs.map(p =>
    arIndexOf(
      world,
      accountIdxOf.get(p.accountId)!,
      regionIdxOf.get(p.region)!,
    ),
  );
  const arCount = world.accounts.length * world.regions.length;
  const pciTargets: Map<string, number[]> = new Map();
  for (const r of world.all) {
    if (!r.pbc) continue;
    const owner = world.pbcs[pbcIndexOfResource(world, r.index)];
    if (
      owner?.pciScope &&
      (r.resourceType === 'AWS::KMS::Key' ||
        r.resourceType === 'AWS::SecretsManager::Secret')
    ) {
      pciTargets.set(r.resourceType, [
        ...(pciTargets.get(r.resourceType) ?? []),
        r.index,
      ]);
    }
  }
  const nonPci = world.pbcs.filter(p => !p.pciScope).map(p => p.index);
  // Activity weights: busier and quieter PBCs.
  const activity = world.pbcs.map(() => 0.5 + rng.next());
  const activityCum = new Float64Array(activity.length);
  activity.reduce((sum, w, i) => (activityCum[i] = sum + w), 0);
  const pickPbc = () => {
    const x = rng.next() * activityCum[activityCum.length - 1];
    let lo = 0;
    let hi = activityCum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (activityCum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const randomResourceOf = (p: number) => {
    const [first, n] = world.pbcResources[p];
    return n === 0 ? -1 : first + rng.int(n);
  };
  const userFor = (t: EventTemplate) => {
    // Console logins without MFA mostly come from the legacy user.
    if (t.risks.includes('console-login-without-mfa') && rng.chance(0.7)) {
      return LEGACY_USER;
    }
    return rng.int(CONSOLE_USERS.length);
  };

  const accountDraft = (t: EventTemplate, ar: number): Draft => ({
    tpl: t.id,
    actor: -1,
    res: t.target ? world.baseline[ar].byType.get(t.target) ?? -1 : -1,
    ar,
    user: userFor(t),
  });

  const baselineDraft = (t: EventTemplate, p: number): Draft => {
    const ar = arOfPbc[p];
    return {
      tpl: t.id,
      actor: p,
      res: world.baseline[ar].byType.get(t.target!) ?? -1,
      ar,
      user: rng.int(CONSOLE_USERS.length),
    };
  };

  const foreignDraft = (t: EventTemplate, p: number): Draft | undefined => {
    const targets = pciTargets.get(t.target!);
    if (!targets || world.pbcs[p].pciScope) return undefined;
    const res = targets[rng.int(targets.length)];
    const r = world.all[res];
    return {
      tpl: t.id,
      actor: p,
      res,
      ar: arIndexOf(
        world,
        accountIdxOf.get(r.accountId)!,
        regionIdxOf.get(r.region)!,
      ),
      user: 0,
    };
  };

  const ownDraft = (t: EventTemplate, p: number, res: number): Draft => ({
    tpl: t.id,
    actor: p,
    res,
    ar: arOfPbc[p],
    user: rng.int(CONSOLE_USERS.length),
  });

  const drafts: Draft[] = [];
  // One of each risky template, preferably on PBCs with a poor posture.
  const riskyTemplates = TEMPLATES.filter(t => t.risky);
  if (world.pbcs.length > 0 && count >= riskyTemplates.length * 4) {
    const byPosture = [...world.pbcs].sort(
      (a, b) =>
        postureRank(a.posture) - postureRank(b.posture) || a.index - b.index,
    );
    for (const t of riskyTemplates) {
      let draft: Draft | undefined;
      if (t.actor === 'user' || t.actor === 'root') {
        draft = accountDraft(t, arOfPbc[byPosture[0].index]);
      } else if (t.actor === 'baseline') {
        draft = baselineDraft(t, byPosture[0].index);
      } else if (t.actor === 'foreign') {
        const actor = byPosture.find(p => !p.pciScope);
        draft = actor ? foreignDraft(t, actor.index) : undefined;
      } else if (!t.target) {
        const actor = byPosture.find(p => !t.pciOnly || p.pciScope);
        draft = actor ? ownDraft(t, actor.index, -1) : undefined;
      } else {
        for (const p of byPosture) {
          const [first, n] = world.pbcResources[p.index];
          for (let r = first; r < first + n && !draft; r++) {
            if (world.all[r].resourceType === t.target)
              draft = ownDraft(t, p.index, r);
          }
          if (draft) break;
        }
      }
      if (draft) drafts.push(draft);
    }
  }

  const next = (): Draft => {
    if (
      arCount > 0 &&
      (world.pbcs.length === 0 || rng.chance(ACCOUNT_EVENT_RATE))
    ) {
      const ar = rng.int(arCount);
      return accountDraft(pickTemplate(idx.account, rng)!, ar);
    }
    const p = pickPbc();
    const pbc = world.pbcs[p];
    if (rng.chance(RISK_RATE[pbc.posture])) {
      const roll = rng.next();
      if (roll < 0.7) {
        for (let attempt = 0; attempt < 3; attempt++) {
          const res = randomResourceOf(p);
          if (res < 0) break;
          const t = pickTemplate(
            idx.riskyByType.get(world.all[res].resourceType) ?? [],
            rng,
          );
          if (t) return ownDraft(t, p, res);
        }
      } else if (roll < 0.93) {
        const t = pickTemplate(idx.baseline, rng)!;
        return baselineDraft(t, p);
      } else {
        const t = pickTemplate(idx.foreign, rng)!;
        const draft = foreignDraft(
          t,
          nonPci.length > 0 && pbc.pciScope
            ? nonPci[rng.int(nonPci.length)]
            : p,
        );
        if (draft) return draft;
      }
      const t = pickTemplate(
        idx.riskyActor.filter(x => !x.pciOnly || pbc.pciScope),
        rng,
      )!;
      return ownDraft(t, p, -1);
    }
    const res = randomResourceOf(p);
    const t =
      res >= 0
        ? pickTemplate(
            idx.benignByType.get(world.all[res].resourceType) ?? [],
            rng,
          )
        : undefined;
    if (t) return ownDraft(t, p, res);
    return ownDraft(pickTemplate(idx.benignActor, rng)!, p, -1);
  };

  const span = Math.max(1, Math.floor((world.days * DAY) / 1000));
  for (let i = 0; i < count; i++) {
    const d = i < drafts.length ? drafts[i] : next();
    const time = Math.floor(world.now / 1000 - rng.int(span)) * 1000;
    store.set(i, d, time, rng.u32());
  }
  store.finish();
  return store;
}
