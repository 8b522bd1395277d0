import { Entity } from '@backstage/catalog-model';
import {
  PbcProfile,
  readPbcProfile,
  relatedGuidanceForEntity,
  selectRelatedGuidance,
} from './relatedGuidance';

const profile = (overrides: Partial<PbcProfile> = {}): PbcProfile => ({
  name: 'cart',
  pciScope: false,
  publishes: [],
  consumes: [],
  publicExposure: false,
  ...overrides,
});

const numbersOf = (p: PbcProfile) =>
  selectRelatedGuidance(p).map(g => g.article.number);

const entity = (
  annotations: Record<string, string>,
  kind = 'Component',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'checkout-service', annotations },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
});

describe('selectRelatedGuidance', () => {
  it('always recommends IAM and the principles, and nothing else for a bare PBC', () => {
    expect(numbersOf(profile())).toEqual([6, 14]);
  });

  it('adds VPC design, security architecture and compliance for PCI scope', () => {
    expect(numbersOf(profile({ pciScope: true }))).toEqual([4, 6, 12, 13, 14]);
  });

  it('adds databases for DynamoDB and for Aurora PostgreSQL, with the store in the reason', () => {
    const dynamo = selectRelatedGuidance(profile({ dataStore: 'dynamodb' }));
    expect(dynamo.map(g => g.article.slug)).toContain('07-databases');
    expect(dynamo.find(g => g.article.number === 7)?.reason).toMatch(
      /DynamoDB/,
    );
    const aurora = selectRelatedGuidance(
      profile({ dataStore: 'aurora-postgresql' }),
    );
    expect(aurora.find(g => g.article.number === 7)?.reason).toMatch(
      /Aurora PostgreSQL/,
    );
  });

  it('adds messaging when the PBC publishes or consumes events', () => {
    expect(numbersOf(profile({ publishes: ['cart-updated'] }))).toEqual([
      6, 8, 14,
    ]);
    expect(numbersOf(profile({ consumes: ['order.order-placed'] }))).toEqual([
      6, 8, 14,
    ]);
  });

  it('names the events and asks for FIFO queues only in PCI scope', () => {
    const [messaging] = selectRelatedGuidance(
      profile({
        name: 'payment',
        pciScope: true,
        publishes: ['payment-captured', 'a', 'b', 'c'],
        consumes: ['order.order-placed'],
      }),
    ).filter(g => g.article.number === 8);
    expect(messaging.reason).toContain(
      'payment publishes payment-captured, a, b and 1 more and consumes order.order-placed',
    );
    expect(messaging.reason).toContain('FIFO');
    const [plain] = selectRelatedGuidance(
      profile({ publishes: ['cart-updated'] }),
    ).filter(g => g.article.number === 8);
    expect(plain.reason).not.toContain('FIFO');
  });

  it('adds elasticity for public exposure', () => {
    expect(numbersOf(profile({ publicExposure: true }))).toEqual([5, 6, 14]);
  });

  it('combines every rule in reading order, one line per article naming the PBC', () => {
    const all = selectRelatedGuidance(
      profile({
        name: 'checkout',
        pciScope: true,
        dataStore: 'aurora-postgresql',
        publishes: ['order-placed'],
        publicExposure: true,
      }),
    );
    expect(all.map(g => g.article.number)).toEqual([4, 5, 6, 7, 8, 12, 13, 14]);
    for (const { reason } of all) {
      expect(reason).not.toContain('\n');
      expect(reason.length).toBeGreaterThan(20);
    }
    expect(all.filter(g => g.reason.includes('checkout')).length).toBe(
      all.length,
    );
  });
});

describe('readPbcProfile', () => {
  it('reads the spec annotations', () => {
    expect(
      readPbcProfile(
        entity({
          'pbc-portal.io/pbc': 'checkout',
          'pbc-portal.io/pci-scope': ' TRUE ',
          'pbc-portal.io/data-store': 'aurora-postgresql',
          'pbc-portal.io/publishes': 'order-placed, order-cancelled',
          'pbc-portal.io/consumes': '[payment.payment-captured]',
          'pbc-portal.io/exposure': 'public',
        }),
      ),
    ).toEqual({
      name: 'checkout',
      pciScope: true,
      dataStore: 'aurora-postgresql',
      publishes: ['order-placed', 'order-cancelled'],
      consumes: ['payment.payment-captured'],
      publicExposure: true,
    });
  });

  it('treats missing or unknown values as absent', () => {
    expect(
      readPbcProfile(
        entity({
          'pbc-portal.io/pbc': 'search',
          'pbc-portal.io/pci-scope': 'yes',
          'pbc-portal.io/data-store': 'none',
          'pbc-portal.io/publishes': ' , ',
          'pbc-portal.io/exposure': 'internal',
        }),
      ),
    ).toEqual({
      name: 'search',
      pciScope: false,
      dataStore: undefined,
      publishes: [],
      consumes: [],
      publicExposure: false,
    });
  });

  it('returns nothing for entities that are not PBC components', () => {
    expect(readPbcProfile(entity({}))).toBeUndefined();
    expect(
      readPbcProfile(entity({ 'pbc-portal.io/pbc': '  ' })),
    ).toBeUndefined();
    expect(
      readPbcProfile(entity({ 'pbc-portal.io/pbc': 'cart' }, 'API')),
    ).toBeUndefined();
    expect(relatedGuidanceForEntity(entity({}))).toEqual([]);
  });
});
