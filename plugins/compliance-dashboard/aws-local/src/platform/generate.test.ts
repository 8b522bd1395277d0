import {
  RISK_PREDICATE_DESCRIPTIONS,
  matchRiskSignals,
} from '@pbc-portal/pbc-domain';
import {
  DEMO_PLATFORM_OPTIONS,
  demoPlatform,
  generatePlatform,
} from './generate';
import { maxPlatformRules } from './rules';
import { TEMPLATES } from './templates';
import type { Platform } from './types';

const NOW = new Date('2026-11-20T12:00:00Z');

const small = (seed: number) =>
  generatePlatform({
    pbcs: 40,
    accounts: 3,
    regions: ['eu-west-1', 'us-east-1'],
    rules: 50,
    resources: 500,
    events: 4000,
    seed,
    now: NOW,
  });

/** A digest of everything generated, to compare platforms. */
function fingerprint(p: Platform) {
  const evaluations: string[] = [];
  for (const a of p.accounts) {
    for (const r of p.regions) {
      for (const rule of p.rules) {
        const e = p.evaluations(a.id, r, rule);
        for (let k = 0; k < e.length; k++) {
          const rec = e.get(k);
          evaluations.push(
            `${rule.name}|${rec.resource.resourceId}|${rec.complianceType}|${rec.resultRecordedTime}`,
          );
        }
      }
    }
  }
  const events: string[] = [];
  for (let i = 0; i < p.events.length; i += 37)
    events.push(p.events.get(i).cloudTrailEvent());
  return JSON.stringify({
    pbcs: p.pbcs,
    resources: p.resources,
    rules: p.rules,
    evaluations,
    events,
  });
}

describe('generatePlatform', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = fingerprint(small(7));
    expect(fingerprint(small(7))).toBe(a);
    expect(fingerprint(small(8))).not.toBe(a);
  });

  it('produces exactly the requested sizes', () => {
    const p = generatePlatform({
      pbcs: 123,
      accounts: 4,
      regions: ['eu-west-1', 'eu-central-1', 'us-east-1'],
      rules: 33,
      resources: 1111,
      events: 5555,
      days: 10,
      now: NOW,
    });
    expect(p.pbcs).toHaveLength(123);
    expect(new Set(p.pbcs.map(x => x.name)).size).toBe(123);
    expect(p.accounts.map(a => a.id)).toEqual([
      '111111111111',
      '222222222222',
      '333333333333',
      '444444444444',
    ]);
    expect(p.resources).toHaveLength(1111);
    expect(p.rules).toHaveLength(33);
    expect(p.events.length).toBe(5555);
    expect(p.regions).toEqual(['eu-west-1', 'eu-central-1', 'us-east-1']);
    // Every PBC resource carries its PBC's tag and lives in its PBC's account and Region.
    for (const r of p.resources) {
      const pbc = p.pbc(r.tags.pbc)!;
      expect(pbc).toBeDefined();
      expect(r.pbc).toBe(pbc.name);
      expect([r.accountId, r.region]).toEqual([pbc.accountId, pbc.region]);
      expect(r.arn).toMatch(/^arn:aws:/);
    }
    // Events lie within `days` before now, whole seconds.
    for (let i = 0; i < p.events.length; i++) {
      const t = p.events.timeOf(i);
      expect(t).toBeLessThanOrEqual(NOW.getTime());
      expect(t).toBeGreaterThanOrEqual(NOW.getTime() - 10 * 86_400_000);
      expect(t % 1000).toBe(0);
    }
  });

  it('handles fewer resources than PBCs and rejects impossible options', () => {
    const p = generatePlatform({
      pbcs: 10,
      accounts: 1,
      regions: ['eu-west-1'],
      rules: 0,
      resources: 4,
      events: 0,
      now: NOW,
    });
    expect(p.resources).toHaveLength(4);
    expect(p.rules).toHaveLength(0);
    const base = {
      pbcs: 1,
      accounts: 1,
      regions: ['eu-west-1'],
      rules: 1,
      resources: 1,
      events: 1,
    };
    expect(() => generatePlatform({ ...base, pbcs: 0 })).toThrow(/pbcs/);
    expect(() => generatePlatform({ ...base, regions: [] })).toThrow(/regions/);
    expect(() => generatePlatform({ ...base, regions: ['mars-1'] })).toThrow(
      /Region/,
    );
    expect(() =>
      generatePlatform({ ...base, rules: maxPlatformRules() + 1 }),
    ).toThrow(/rules/);
    expect(() => generatePlatform({ ...base, events: 1.5 })).toThrow(/events/);
  });

  it('keeps each account and Region’s events newest first', () => {
    const p = small(3);
    let total = 0;
    for (const a of p.accounts) {
      for (const r of p.regions) {
        const list = p.events.indicesIn(a.id, r);
        total += list.length;
        for (let k = 1; k < list.length; k++) {
          expect(p.events.timeOf(list[k - 1])).toBeGreaterThanOrEqual(
            p.events.timeOf(list[k]),
          );
        }
        for (const i of list.slice(0, 20)) {
          const e = p.events.get(i);
          expect([e.accountId, e.region]).toEqual([a.id, r]);
        }
      }
    }
    expect(total).toBe(p.events.length);
  });

  it('generates the benchmark size in reasonable time', () => {
    const started = Date.now();
    const p = generatePlatform({
      pbcs: 5000,
      accounts: 3,
      regions: ['eu-west-1', 'us-east-1'],
      rules: 60,
      resources: 50_000,
      events: 200_000,
      seed: 11,
      now: NOW,
    });
    const ms = Date.now() - started;
    expect(p.pbcs).toHaveLength(5000);
    expect(p.resources).toHaveLength(50_000);
    expect(p.events.length).toBe(200_000);
    // Generous bound for a shared 2-core machine; measured ~1.5 s.
    expect(ms).toBeLessThan(30_000);
    const last = p.events.get(199_999);
    expect(JSON.parse(last.cloudTrailEvent()).eventID).toBe(last.eventId);
  });
});

describe('event templates', () => {
  it('marks exactly the templates that match a catalog risk signal as risky', () => {
    for (const t of TEMPLATES) {
      const matched = matchRiskSignals({
        eventSource: t.source,
        eventName: t.name,
      }).filter(
        m => m.signal.when === undefined || t.risks.includes(m.signal.when),
      );
      expect({ template: `${t.name}#${t.id}`, risky: t.risky }).toEqual({
        template: `${t.name}#${t.id}`,
        risky: matched.length > 0,
      });
      for (const risk of t.risks)
        expect(RISK_PREDICATE_DESCRIPTIONS[risk]).toBeDefined();
    }
  });
});

describe('demoPlatform', () => {
  const demo = demoPlatform(NOW);
  const records = () => {
    const out: Array<{ e: ReturnType<typeof demo.events.get>; r: any }> = [];
    for (let i = 0; i < demo.events.length; i++) {
      const e = demo.events.get(i);
      if (e.risky) out.push({ e, r: JSON.parse(e.cloudTrailEvent()) });
    }
    return out;
  };

  it('is a commerce platform of named PBCs over 3 accounts and 2 Regions', () => {
    expect(demo.pbcs.length).toBeGreaterThanOrEqual(12);
    expect(demo.accounts.map(a => a.id)).toEqual([
      '111111111111',
      '222222222222',
      '333333333333',
    ]);
    expect(demo.regions).toEqual(['eu-west-1', 'us-east-1']);
    const names = demo.pbcs.map(p => p.name);
    for (const name of [
      'cart',
      'checkout',
      'payment',
      'order',
      'catalog',
      'pricing',
      'search',
      'inventory',
      'customer',
      'promotions',
      'content',
      'shipping',
      'fraud',
    ]) {
      expect(names).toContain(name);
    }
    expect(
      demo.pbcs
        .filter(p => p.pciScope)
        .map(p => p.name)
        .sort(),
    ).toEqual(['fraud', 'payment']);
    const groups = [
      'platform-team',
      'checkout-team',
      'payments-team',
      'catalog-team',
      'fulfilment-team',
      'customer-team',
    ];
    const systems = [
      'storefront',
      'checkout',
      'fulfilment',
      'customer',
      'platform',
    ];
    for (const p of demo.pbcs) {
      expect(groups).toContain(p.owner);
      expect(systems).toContain(p.system);
      expect(p.conformancePack).toBe(`pbc-${p.name}`);
      expect(p.roleArn).toBe(
        `arn:aws:iam::${p.accountId}:role/pbc-${p.name}-role`,
      );
    }
    // Every account and Region holds PBCs.
    for (const a of demo.accounts)
      for (const r of demo.regions)
        expect(demo.pbcsIn(a.id, r).length).toBeGreaterThan(0);
    expect(demo.options.seed).toBe(DEMO_PLATFORM_OPTIONS.seed);
  });

  it('has a mix of compliance results, clean and bad PBCs', () => {
    const types = new Set<string>();
    const nonCompliantByPbc = new Map<string, number>();
    for (const a of demo.accounts) {
      for (const r of demo.regions) {
        for (const rule of demo.rules) {
          const e = demo.evaluations(a.id, r, rule);
          types.add(e.summary().complianceType);
          for (let k = 0; k < e.length; k++) {
            const rec = e.get(k);
            types.add(rec.complianceType);
            if (rec.complianceType === 'NON_COMPLIANT' && rec.resource.pbc) {
              nonCompliantByPbc.set(
                rec.resource.pbc,
                (nonCompliantByPbc.get(rec.resource.pbc) ?? 0) + 1,
              );
            }
          }
        }
      }
    }
    expect([...types].sort()).toEqual([
      'COMPLIANT',
      'INSUFFICIENT_DATA',
      'NON_COMPLIANT',
      'NOT_APPLICABLE',
    ]);
    const counts = demo.pbcs.map(p => nonCompliantByPbc.get(p.name) ?? 0);
    expect(Math.min(...counts)).toBeLessThanOrEqual(2);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(10);
  });

  it('has risky CloudTrail events that make the catalog predicates true', () => {
    const risky = records();
    const find = (pred: (x: { e: any; r: any }) => boolean) => risky.find(pred);
    expect(
      find(
        ({ e, r }) =>
          e.eventName === 'AuthorizeSecurityGroupIngress' &&
          JSON.stringify(r.requestParameters).includes('"cidrIp":"0.0.0.0/0"'),
      ),
    ).toBeDefined();
    expect(
      find(
        ({ e, r }) =>
          e.eventName === 'ConsoleLogin' &&
          r.additionalEventData.MFAUsed === 'No',
      ),
    ).toBeDefined();
    expect(find(({ r }) => r.userIdentity.type === 'Root')).toBeDefined();
    expect(find(({ e }) => e.eventName === 'StopLogging')).toBeDefined();
    expect(find(({ e }) => e.eventName === 'DeleteTrail')).toBeDefined();
    expect(find(({ e }) => e.eventName === 'DeleteFlowLogs')).toBeDefined();
    expect(
      find(({ e }) => e.eventName === 'ScheduleKeyDeletion'),
    ).toBeDefined();
    expect(find(({ e }) => e.eventName === 'DisableKey')).toBeDefined();
    expect(
      find(
        ({ e, r }) =>
          e.eventName === 'PutBucketPolicy' &&
          r.requestParameters.bucketPolicy.Statement.some(
            (s: any) => s.Principal === '*',
          ),
      ),
    ).toBeDefined();
    expect(
      find(
        ({ e, r }) =>
          e.eventName === 'PutBucketAcl' &&
          JSON.stringify(r.requestParameters).includes('AllUsers'),
      ),
    ).toBeDefined();
    expect(
      find(
        ({ e, r }) =>
          e.eventName === 'PutRolePolicy' &&
          JSON.parse(r.requestParameters.policyDocument).Statement[0].Action ===
            '*',
      ),
    ).toBeDefined();
    expect(
      find(
        ({ e, r }) =>
          e.eventName === 'CreatePolicyVersion' &&
          JSON.parse(r.requestParameters.policyDocument).Statement[0].Action ===
            's3:*',
      ),
    ).toBeDefined();
    // A non-PCI role decrypting with a PCI PBC's key, across accounts.
    const foreign = find(({ e }) =>
      e.risks.includes('pci-resource-from-non-pci-principal'),
    );
    expect(foreign).toBeDefined();
    expect(demo.pbc(foreign!.e.actorPbc!)!.pciScope).toBe(false);
    expect(demo.pbc(foreign!.e.resource!.pbc!)!.pciScope).toBe(true);
    expect(foreign!.r.userIdentity.accountId).not.toBe(
      foreign!.r.recipientAccountId,
    );
    // PBC role calls are attributable to the PBC.
    const byRole = risky.filter(({ e }) => e.actorPbc);
    expect(byRole.length).toBeGreaterThan(20);
    for (const { e, r } of byRole) {
      expect(r.userIdentity.sessionContext.sessionIssuer.arn).toBe(
        demo.pbc(e.actorPbc!)!.roleArn,
      );
    }
  });

  it('includes benign events, mostly writes', () => {
    let benign = 0;
    let reads = 0;
    for (let i = 0; i < demo.events.length; i++) {
      const e = demo.events.get(i);
      if (!e.risky) benign++;
      if (e.readOnly) reads++;
    }
    expect(benign / demo.events.length).toBeGreaterThan(0.9);
    expect(reads).toBeGreaterThan(0);
    expect(reads / demo.events.length).toBeLessThan(0.3);
  });

  it('turns the target of a risky event NON_COMPLIANT for the rules of the violated control', () => {
    const event = records().find(
      ({ e }) =>
        e.eventName === 'PutBucketPolicy' &&
        e.risks.includes('bucket-made-public'),
    )!.e;
    const rule = demo.rule('S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED')!;
    const evals = demo.evaluations(event.accountId, event.region, rule);
    const positions = Array.from({ length: evals.length }, (_, k) => k).filter(
      k => evals.get(k).resource.index === event.resource!.index,
    );
    expect(positions).toHaveLength(1);
    const rec = evals.get(positions[0]);
    expect(rec.complianceType).toBe('NON_COMPLIANT');
    expect(rec.resultRecordedTime).toBeGreaterThanOrEqual(event.eventTime);
  });

  it('gives each PBC a conformance pack of the rules for its controls', () => {
    const payment = demo.pbc('payment')!;
    const cart = demo.pbc('cart')!;
    const paymentRules = demo.packRules(payment).map(r => r.name);
    const cartRules = demo.packRules(cart).map(r => r.name);
    // PCI-only controls (e.g. no route to an internet gateway) only in PCI packs.
    expect(paymentRules).toContain('NO_UNRESTRICTED_ROUTE_TO_IGW');
    expect(cartRules).not.toContain('NO_UNRESTRICTED_ROUTE_TO_IGW');
    // Account-level baselines stay out of PBC packs.
    expect(cartRules).not.toContain('ROOT_ACCOUNT_MFA_ENABLED');
    const evals = demo.packEvaluations(cart);
    expect(evals.length).toBeGreaterThan(0);
    for (const e of evals) {
      expect(e.resource.pbc).toBe('cart');
      expect(cartRules).toContain(e.rule.name);
    }
  });
});
