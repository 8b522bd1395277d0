// Issue 11, finding 1, through the portal's own APIs in one process: the real catalog, the
// permission backend with the portal's policy, the catalog module for local file locations
// and the compliance dashboard (AWS replaced by a reader that knows one PBC's findings).
// A checkout-team member's repository declares `payment-mirror`, claiming the payment PBC's
// tag and account and naming checkout-team as owner; the dashboard must not let that user
// read payment's data through it.
// The same backend then shows that a conditional read decision is the catalog's own: its rule
// on the entity as the catalog holds it now (mixed-case refs, an owner changed after the
// dashboard's last refresh), not on a copy kept with the snapshot.
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import { Entity } from '@backstage/catalog-model';
import { ComplianceReader } from '@pbc-portal/plugin-compliance-dashboard-backend';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import localFileLocations from './modules/localFileLocations';
import {
  catalogHolds,
  portalFeatures,
  refreshAs,
  until,
} from './__testUtils__/portalBackend';

jest.setTimeout(120_000);

const CHECKOUT_DEV = 'user:default/chris';
const PLATFORM_ARCHITECT = 'user:default/ana';
const PAYMENTS_DEV = 'user:default/pat';
// Two claims on cart's owner, which the catalog file spells `Cart-Team`.
const CART_DEV = 'user:default/cara';
const CART_DEV_MIXED_CASE = 'user:default/cody';
const GROUPS: Record<string, string[]> = {
  [CHECKOUT_DEV]: [CHECKOUT_DEV, 'group:default/checkout-team'],
  [PLATFORM_ARCHITECT]: [PLATFORM_ARCHITECT, 'group:default/platform-team'],
  [PAYMENTS_DEV]: [PAYMENTS_DEV, 'group:default/payments-team'],
  [CART_DEV]: [CART_DEV, 'group:default/cart-team'],
  [CART_DEV_MIXED_CASE]: [CART_DEV_MIXED_CASE, 'group:default/Cart-Team'],
};
const ACCOUNT = '111111111111';
const REGION = 'eu-west-1';

const component = (name: string, owner: string, pbc: string) => `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations:
    pbc-portal.io/pbc: ${pbc}
    pbc-portal.io/aws-account-id: '${ACCOUNT}'
    pbc-portal.io/aws-region: ${REGION}
    pbc-portal.io/pci-scope: 'true'
spec: { type: service, lifecycle: production, owner: ${owner} }
`;

/** AWS as the dashboard would read it: two non-compliant tables tagged pbc=payment. */
const reader: ComplianceReader = {
  async readConfig(target) {
    const table = (id: string) => ({
      ...target,
      resourceType: 'AWS::DynamoDB::Table',
      resourceId: id,
      pbc: 'payment',
    });
    const inPaymentsAccount =
      target.accountId === ACCOUNT && target.region === REGION;
    return {
      ...target,
      resources: inPaymentsAccount
        ? [table('payment-cards'), table('payment-ledger')]
        : [],
      rules: [
        {
          name: 'DYNAMODB_PITR_ENABLED',
          sourceOwner: 'AWS',
          sourceIdentifier: 'DYNAMODB_PITR_ENABLED',
          compliance: 'NON_COMPLIANT',
        },
      ],
      evaluations: inPaymentsAccount
        ? ['payment-cards', 'payment-ledger'].map(id => ({
            ruleName: 'DYNAMODB_PITR_ENABLED',
            resourceType: 'AWS::DynamoDB::Table',
            resourceId: id,
            compliance: 'NON_COMPLIANT' as const,
          }))
        : [],
      conformancePacks: [],
    };
  },
  async readCloudTrail() {
    return { pages: 0, events: 0 };
  },
};

describe('a second claim on a PBC identity (issue 11, finding 1)', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'pbc-identity-'));
  const platformCatalog = path.join(base, 'catalog', 'pbcs.yaml');
  const repos = path.join(base, 'repos');
  // The repository the scaffolder published for checkout-team's PBC, whose catalog-info the
  // team has since rewritten (as it can in its own GitHub repository in production).
  const mirrorFile = path.join(repos, 'checkout-extras', 'catalog-info.yaml');
  fs.mkdirSync(path.dirname(platformCatalog), { recursive: true });
  fs.mkdirSync(path.dirname(mirrorFile), { recursive: true });
  const writePlatformCatalog = (paymentOwner: string) =>
    fs.writeFileSync(
      platformCatalog,
      [
        component('payment', paymentOwner, 'payment'),
        component('cart', 'Cart-Team', 'cart'),
      ].join('---'),
    );
  writePlatformCatalog('payments-team');
  fs.writeFileSync(
    mirrorFile,
    component('payment-mirror', 'checkout-team', 'payment'),
  );
  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  let server: Parameters<typeof request>[0];
  // What beforeAll saw, asserted by the first test.
  const scene: Record<string, unknown> = {};
  const as = (user: string) => ({
    Authorization: mockCredentials.user.header(user),
  });
  const asService = { Authorization: mockCredentials.service.header() };

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [
        ...portalFeatures({
          groups: GROUPS,
          reader,
          catalogFile: platformCatalog,
          region: REGION,
          config: {
            pbcScaffolder: {
              localPublish: { enabled: true, directory: repos },
            },
          },
        }),
        localFileLocations,
      ],
    }));

    // The checkout-team member may not register locations (finding 4)...
    const direct = await request(server)
      .post('/api/catalog/locations')
      .set(as(CHECKOUT_DEV))
      .send({ type: 'file', target: mirrorFile });
    scene.direct = direct.status;
    // ...but the repository is registered the way pbc:catalog:register does it, with the
    // scaffolder's service credentials.
    const registered = await request(server)
      .post('/api/catalog/locations')
      .set(asService)
      .send({ type: 'file', target: mirrorFile });
    scene.registered = registered.status;

    await catalogHolds(server, ['payment', 'payment-mirror', 'cart']);

    const { status, finished } = await refreshAs(server, PLATFORM_ARCHITECT);
    scene.refresh = status;
    scene.refreshState = finished.state;
  });

  const catalogEntity = async (name: string): Promise<Entity> =>
    (
      await request(server)
        .get(`/api/catalog/entities/by-name/component/default/${name}`)
        .set(asService)
    ).body;

  /** What a user gets from the dashboard for one PBC: its detail, and whether the list has it. */
  async function dashboardReads(user: string, name: string) {
    const detail = await request(server)
      .get(`/api/compliance-dashboard/pbcs/default/${name}`)
      .set(as(user));
    const list = await request(server)
      .get('/api/compliance-dashboard/pbcs')
      .set(as(user));
    expect(list.status).toBe(200);
    return {
      detail: detail.status,
      listed: list.body.items.some((p: any) => p.name === name),
    };
  }

  it('sets the scene: the mirror is registered as the scaffolder does, and a refresh ran', () => {
    expect(scene).toEqual({
      direct: 403,
      registered: 201,
      refresh: 202,
      refreshState: 'succeeded',
    });
  });

  it('does not show the mirror owner any of payment’s findings', async () => {
    const mirror = await request(server)
      .get('/api/compliance-dashboard/pbcs/default/payment-mirror')
      .set(as(CHECKOUT_DEV));
    expect([403, 404]).toContain(mirror.status);
    expect(JSON.stringify(mirror.body)).not.toContain('payment-cards');

    const payment = await request(server)
      .get('/api/compliance-dashboard/pbcs/default/payment')
      .set(as(CHECKOUT_DEV));
    // Not readable answers like missing (permission before existence).
    expect(payment.status).toBe(404);
    expect(JSON.stringify(payment.body)).not.toContain('payment-cards');

    const list = await request(server)
      .get('/api/compliance-dashboard/pbcs')
      .set(as(CHECKOUT_DEV));
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);

    const csv = await request(server)
      .get('/api/compliance-dashboard/export.csv')
      .set(as(CHECKOUT_DEV));
    expect(csv.text).not.toContain('payment');
  });

  it('keeps payment’s data with payment, for the platform', async () => {
    const payment = await request(server)
      .get('/api/compliance-dashboard/pbcs/default/payment')
      .set(as(PLATFORM_ARCHITECT));
    expect(payment.status).toBe(200);
    expect(payment.body.summary.owner).toBe('group:default/payments-team');
    expect(
      payment.body.nonCompliantResources.map((r: any) => r.resourceId).sort(),
    ).toEqual(['payment-cards', 'payment-ledger']);
  });

  it('shows the mirror to the platform as a conflict, and not to checkout-team', async () => {
    const conflicts = await request(server)
      .get('/api/compliance-dashboard/identity-conflicts')
      .set(as(PLATFORM_ARCHITECT));
    expect(conflicts.status).toBe(200);
    expect(conflicts.body.items).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/payment-mirror',
        pbc: 'payment',
        accountId: ACCOUNT,
        owner: 'group:default/checkout-team',
        reason: 'untrusted-origin',
        authoritativeRef: 'component:default/payment',
        origin: `file:${mirrorFile}`,
      }),
    ]);
    const refused = await request(server)
      .get('/api/compliance-dashboard/identity-conflicts')
      .set(as(CHECKOUT_DEV));
    expect(refused.status).toBe(403);
  });

  it('decides a mixed-case claim as the catalog’s own IS_ENTITY_OWNER rule does', async () => {
    const cart = await catalogEntity('cart');
    const decisions = [CART_DEV, CART_DEV_MIXED_CASE].map(user =>
      permissionRules.isEntityOwner.apply(cart, { claims: GROUPS[user] }),
    );
    // The catalog lowercases the owner relation and compares claims exactly.
    expect(decisions).toEqual([true, false]);
    for (const [i, user] of [CART_DEV, CART_DEV_MIXED_CASE].entries()) {
      expect(await dashboardReads(user, 'cart')).toEqual(
        decisions[i]
          ? { detail: 200, listed: true }
          : { detail: 404, listed: false },
      );
    }
  });

  // Last: it changes payment's owner in the catalog.
  it('follows an owner changed in the catalog without a dashboard refresh', async () => {
    const status = async () =>
      (
        await request(server)
          .get('/api/compliance-dashboard/status')
          .set(as(PLATFORM_ARCHITECT))
      ).body.snapshot?.id;
    const snapshotBefore = await status();
    expect(await dashboardReads(PAYMENTS_DEV, 'payment')).toEqual({
      detail: 200,
      listed: true,
    });

    writePlatformCatalog('checkout-team');
    await until('the new owner in the catalog', async () =>
      (
        await catalogEntity('payment')
      ).relations?.some(
        r =>
          r.type === 'ownedBy' && r.targetRef === 'group:default/checkout-team',
      )
        ? true
        : undefined,
    );

    expect(await dashboardReads(CHECKOUT_DEV, 'payment')).toEqual({
      detail: 200,
      listed: true,
    });
    expect(await dashboardReads(PAYMENTS_DEV, 'payment')).toEqual({
      detail: 404,
      listed: false,
    });
    // The snapshot the answers came from is the one read before the change.
    expect(snapshotBefore).toBeDefined();
    expect(await status()).toBe(snapshotBefore);
  });
});
