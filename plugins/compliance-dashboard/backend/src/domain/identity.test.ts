import { ConfigReader } from '@backstage/config';
import path from 'node:path';
import {
  decideIdentities,
  IdentityPolicy,
  readIdentityPolicy,
} from './identity';
import { pbcTarget } from '../__testUtils__/testTargets';

const REPOS = '/srv/portal/repos';
const policy: IdentityPolicy = {
  trustedLocations: ['file:/srv/portal/catalog/pbcs.yaml'],
  repositories: [`file:${REPOS}/{pbc}/`, 'url:https://github.com/acme/{pbc}'],
};

const claim = (
  name: string,
  origin: string | undefined,
  options: { pbc?: string; accountId?: string; owner?: string } = {},
) => ({
  ...pbcTarget(name, { accountId: options.accountId, owner: options.owner }),
  pbc: options.pbc ?? name,
  origin,
});

describe('decideIdentities', () => {
  const payment = claim('payment', `file:${REPOS}/payment/catalog-info.yaml`);
  const mirrorFromOwnRepo = claim(
    'payment-mirror',
    `file:${REPOS}/payment-mirror/catalog-info.yaml`,
    { pbc: 'payment', owner: 'checkout-team' },
  );

  it("refuses a claim on a tag from another PBC's repository, in any order", () => {
    for (const claims of [
      [payment, mirrorFromOwnRepo],
      [mirrorFromOwnRepo, payment],
    ]) {
      const { targets, conflicts } = decideIdentities(claims, policy);
      expect(targets.map(t => t.entityRef)).toEqual([
        'component:default/payment',
      ]);
      expect(conflicts).toEqual([
        expect.objectContaining({
          entityRef: 'component:default/payment-mirror',
          reason: 'untrusted-origin',
          authoritativeRef: 'component:default/payment',
          owner: 'group:default/checkout-team',
        }),
      ]);
    }
  });

  it('never makes an untrusted claim authoritative, even alone', () => {
    const { targets, conflicts } = decideIdentities(
      [mirrorFromOwnRepo],
      policy,
    );
    expect(targets).toEqual([]);
    expect(conflicts[0]).toMatchObject({ reason: 'untrusted-origin' });
    expect(conflicts[0]).not.toHaveProperty('authoritativeRef');
    // No origin annotation at all: not believed either.
    expect(
      decideIdentities([claim('cart', undefined)], policy).targets,
    ).toEqual([]);
  });

  it('does not let ../ or a longer name reach into another repository', () => {
    const traversal = claim(
      'payment-mirror',
      `file:${REPOS}/checkout/../payment/catalog-info.yaml`,
      { pbc: 'payment' },
    );
    // Normalized to the payment repository: believed, since only payment's repository is there.
    expect(decideIdentities([traversal], policy).targets).toHaveLength(1);
    const prefix = claim('pay', `file:${REPOS}/payment/catalog-info.yaml`);
    expect(decideIdentities([prefix], policy).targets).toEqual([]);
  });

  it('believes the PBC published to its own GitHub repository', () => {
    const cart = claim(
      'cart',
      'url:https://github.com/acme/cart/blob/main/catalog-info.yaml',
    );
    const thief = claim(
      'cart-2',
      'url:https://github.com/acme/cart-2/blob/main/catalog-info.yaml',
      { pbc: 'cart' },
    );
    const { targets, conflicts } = decideIdentities([thief, cart], policy);
    expect(targets.map(t => t.name)).toEqual(['cart']);
    expect(conflicts.map(c => c.entityRef)).toEqual([
      'component:default/cart-2',
    ]);
  });

  it('puts a trusted location before a repository, then the smaller ref', () => {
    const trusted = claim('zz-payment', 'file:/srv/portal/catalog/pbcs.yaml', {
      pbc: 'payment',
    });
    const twin = claim('aa-payment', 'file:/srv/portal/catalog/pbcs.yaml', {
      pbc: 'payment',
    });
    const first = decideIdentities([payment, trusted], policy);
    expect(first.targets.map(t => t.name)).toEqual(['zz-payment']);
    expect(first.conflicts).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/payment',
        reason: 'duplicate-claim',
        authoritativeRef: 'component:default/zz-payment',
      }),
    ]);
    expect(
      decideIdentities([trusted, twin, payment], policy).targets.map(
        t => t.name,
      ),
    ).toEqual(['aa-payment']);
  });

  it('keeps one claim per tag and account: the same tag in another account is another PBC', () => {
    const other = claim('payment-eu', `file:${REPOS}/payment/other.yaml`, {
      pbc: 'payment',
      accountId: '222222222222',
    });
    const { targets, conflicts } = decideIdentities([payment, other], policy);
    expect(targets).toHaveLength(2);
    expect(conflicts).toEqual([]);
  });
});

describe('readIdentityPolicy', () => {
  it('trusts the static catalog locations and binds the local publish folder per PBC', () => {
    const result = readIdentityPolicy(
      new ConfigReader({
        catalog: {
          locations: [
            { type: 'file', target: '../catalog/pbcs.yaml' },
            { type: 'url', target: 'https://example.com/pbcs.yaml' },
          ],
        },
        pbcScaffolder: { localPublish: { enabled: true, directory: 'repos' } },
        pbcPortal: {
          identity: {
            trustedLocations: ['url:https://example.com/platform/'],
            repositories: ['url:https://github.com/acme/{pbc}'],
          },
        },
      }),
    );
    expect(result).toEqual({
      trustedLocations: [
        `file:${path.resolve('../catalog/pbcs.yaml')}`,
        'url:https://example.com/pbcs.yaml',
        'url:https://example.com/platform/',
      ],
      repositories: [
        'url:https://github.com/acme/{pbc}',
        `file:${path.resolve('repos')}/{pbc}/`,
      ],
    });
  });

  it('refuses a repository pattern that could speak for every PBC', () => {
    expect(() =>
      readIdentityPolicy(
        new ConfigReader({
          pbcPortal: {
            identity: { repositories: ['url:https://github.com/acme/'] },
          },
        }),
      ),
    ).toThrow(/has no \{pbc\}/);
  });
});
