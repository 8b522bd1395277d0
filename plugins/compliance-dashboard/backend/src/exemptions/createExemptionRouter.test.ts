import {
  BackstageCredentials,
  BackstageUserPrincipal,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { pbcEntity, TEST_IDENTITY_CONFIG } from '../__testUtils__/testTargets';
import plugin from '../index';
import { complianceReaderServiceRef } from '../service/serviceRefs';
import { FakeComplianceReader } from '../__testUtils__/FakeComplianceReader';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice'; // team-cart: reads and asks for cart and payment
const SAM = 'user:default/sam'; // team-search: reads and asks for search only
const VIC = 'user:default/vic'; // reads everything, owns nothing
const PIA = 'user:default/pia'; // platform: everything
const PAT = 'user:default/pat'; // platform too
const CART = 'component:default/cart';

const entities = [
  pbcEntity('cart', { owner: 'team-cart' }),
  pbcEntity('payment', { owner: 'team-cart', pci: true }),
  pbcEntity('search', { owner: 'team-search', accountId: '222222222222' }),
];

const userOf = (c: BackstageCredentials) =>
  (c.principal as BackstageUserPrincipal).userEntityRef;

const OWN: Record<string, string[]> = {
  [ALICE]: [CART, 'component:default/payment'],
  [SAM]: ['component:default/search'],
  [VIC]: [],
};

/** The portal's policy in small: owners read and ask, the platform decides. */
const permissions = mockServices.permissions.mock({
  async authorizeConditional(requests) {
    return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
  },
  async authorize(requests, options) {
    const user = userOf(options.credentials);
    const platform = user === PIA || user === PAT;
    return requests.map(r => {
      const ref = 'resourceRef' in r ? r.resourceRef : undefined;
      const name = r.permission.name;
      let allow = platform;
      if (name === 'compliance-dashboard.read') {
        allow = platform || user === VIC || OWN[user]?.includes(ref!);
      } else if (name === 'compliance-dashboard.exemption.request') {
        allow = platform || Boolean(OWN[user]?.includes(ref!));
      }
      return { result: allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    });
  },
});

const as = (user: string) => ({
  Authorization: mockCredentials.user.header(user),
});

const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString();

describe('exemption routes', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let server: Parameters<typeof request>[0];
  const api = (path: string) => `/api/compliance-dashboard${path}`;
  const ask = (user: string, body: object) =>
    request(server).post(api('/exemptions')).set(as(user)).send(body);
  const valid = {
    entityRef: CART,
    controlId: 'PBC-DATA-01',
    reason: 'PITR comes with the table migration',
    expiresAt: inDays(30),
  };
  const listCart = async () =>
    (
      await request(server)
        .get(api(`/exemptions?entityRef=${CART}`))
        .set(as(PIA))
    ).body.items;

  beforeAll(async () => {
    const knex = await databases.init('SQLITE_3');
    const backend = await startTestBackend({
      features: [
        plugin,
        mockServices.rootConfig.factory({
          data: {
            ...TEST_IDENTITY_CONFIG,
            complianceDashboard: {
              schedule: { frequency: { minutes: 15 }, timeout: { minutes: 5 } },
              testing: { movableClock: true },
            },
          },
        }),
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({ entities }),
        permissions.factory,
        createServiceFactory({
          service: complianceReaderServiceRef,
          deps: {},
          factory: () => new FakeComplianceReader(),
        }),
      ],
    });
    server = backend.server;
    // The first refresh runs at startup; wait for cart's data.
    for (let i = 0; i < 100; i++) {
      const res = await request(server)
        .get(api('/pbcs/default/cart'))
        .set(as(PIA));
      if (res.status === 200) break;
      await new Promise(r => setTimeout(r, 50));
    }
  });

  it.each([
    ['an expiry in the past', { expiresAt: inDays(-1) }, 400, /future/],
    ['an expiry past the maximum', { expiresAt: inDays(91) }, 400, /90 days/],
    [
      'an unknown control',
      { controlId: 'PBC-NOPE-01' },
      400,
      /Unknown control/,
    ],
    ['a malformed expiry', { expiresAt: 'soon' }, 400, /expiresAt/],
    ['an empty reason', { reason: '  ' }, 400, /reason/],
    ['an unknown field', { extra: 1 }, 400, /extra/],
  ])(
    'answers %s with a 400 and changes nothing',
    async (_, over, status, msg) => {
      const res = await ask(ALICE, { ...valid, ...over });
      expect(res.status).toBe(status);
      expect(res.body.error.message).toMatch(msg);
      expect(await listCart()).toEqual([]);
    },
  );

  it('answers 403 for a PBC the caller reads but does not own, 404 for one it cannot read', async () => {
    const readable = await ask(VIC, valid);
    expect(readable.status).toBe(403);
    expect(readable.body.error.message).toMatch(
      /owns 'component:default\/cart'/,
    );
    const hidden = await ask(SAM, valid);
    expect(hidden.status).toBe(404);
    const missing = await ask(ALICE, {
      ...valid,
      entityRef: 'component:default/nothing',
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      hidden.body.error.message.replace('cart', 'nothing'),
    );
    expect(await listCart()).toEqual([]);
  });

  it('answers 401 without credentials', async () => {
    const res = await request(server)
      .post(api('/exemptions'))
      .set('Authorization', mockCredentials.none.header())
      .send(valid);
    expect(res.status).toBe(401);
  });

  it('asks, approves, shows "exempt until" on the results, and expires by the clock', async () => {
    const before = (
      await request(server).get(api('/pbcs/default/cart')).set(as(PIA))
    ).body;
    expect(before.summary.score).toBe(29);

    const asked = await ask(ALICE, valid);
    expect(asked.status).toBe(201);
    const id = asked.body.id;

    // Not by the asker's team, not by the asker.
    const byAlice = await request(server)
      .post(api(`/exemptions/${id}/decision`))
      .set(as(ALICE))
      .send({ decision: 'approve', comment: 'mine' });
    expect(byAlice.status).toBe(403);
    const own = await ask(PIA, {
      ...valid,
      entityRef: 'component:default/search',
    });
    expect(own.status).toBe(201);
    const selfApproved = await request(server)
      .post(api(`/exemptions/${own.body.id}/decision`))
      .set(as(PIA))
      .send({ decision: 'approve', comment: 'mine' });
    expect(selfApproved.status).toBe(403);
    expect(selfApproved.body.error.message).toMatch(/own exemption request/);
    const stillRequested = await request(server)
      .get(api(`/exemptions/${own.body.id}`))
      .set(as(PIA));
    expect(stillRequested.body.state).toBe('requested');
    expect(stillRequested.body.events).toHaveLength(1);

    const badDecision = await request(server)
      .post(api(`/exemptions/${id}/decision`))
      .set(as(PIA))
      .send({ decision: 'maybe', comment: 'x' });
    expect(badDecision.status).toBe(400);

    const approved = await request(server)
      .post(api(`/exemptions/${id}/decision`))
      .set(as(PIA))
      .send({ decision: 'approve', comment: 'until the migration' });
    expect(approved.status).toBe(200);
    expect(approved.body.state).toBe('approved');

    const detail = (
      await request(server).get(api('/pbcs/default/cart')).set(as(PIA))
    ).body;
    const control = detail.controls.find(
      (c: any) => c.controlId === 'PBC-DATA-01',
    );
    expect(control.status).toBe('failing');
    expect(control.exemption).toMatchObject({
      exemptionId: id,
      reason: valid.reason,
      expiresAt: valid.expiresAt,
    });
    // The one failing control is left out: only the passing one is scored.
    expect(detail.summary).toMatchObject({
      score: 100,
      exemptControlCount: 1,
      failingControlCount: 0,
    });
    const list = (
      await request(server).get(api('/pbcs?sort=name')).set(as(PIA))
    ).body;
    expect(list.items.find((p: any) => p.name === 'cart')).toMatchObject({
      score: 100,
      failingControls: { high: 0 },
    });
    const team = (
      await request(server).get(api('/teams/default/team-cart')).set(as(PIA))
    ).body;
    expect(team.pbcs.find((p: any) => p.name === 'cart').score).toBe(100);
    const csv = (await request(server).get(api('/export.csv')).set(as(PIA)))
      .text;
    expect(csv.split('\r\n')[0]).toMatch(/,exemptControls,exemptions$/);
    expect(csv).toContain(
      `,1,PBC-DATA-01 exempt until ${valid.expiresAt.slice(0, 10)}: ${
        valid.reason
      }`,
    );

    // Moved past the end: expired on read, the results as AWS says.
    const moved = await request(server)
      .post(api('/testing/clock'))
      .set(as(PIA))
      .send({ offsetDays: 31 });
    expect(moved.status).toBe(200);
    const after = (
      await request(server).get(api('/pbcs/default/cart')).set(as(PIA))
    ).body;
    expect(after.summary.score).toBe(29);
    expect(
      after.controls.find((c: any) => c.controlId === 'PBC-DATA-01').exemption,
    ).toBeUndefined();
    const ended = await request(server)
      .get(api(`/exemptions/${id}`))
      .set(as(ALICE));
    expect(ended.body.state).toBe('expired');
    await request(server)
      .post(api('/testing/clock'))
      .set(as(PIA))
      .send({ offsetDays: 0 });
  });

  it("lets only the platform list every exemption, and hides another team's", async () => {
    expect(
      (await request(server).get(api('/exemptions')).set(as(ALICE))).status,
    ).toBe(403);
    expect(
      (await request(server).get(api('/exemptions')).set(as(PIA))).status,
    ).toBe(200);
    const items = await listCart();
    expect(items.length).toBeGreaterThan(0);
    const hidden = await request(server)
      .get(api(`/exemptions/${items[0].id}`))
      .set(as(SAM));
    expect(hidden.status).toBe(404);
    expect(
      (
        await request(server)
          .post(api('/testing/clock'))
          .set(as(ALICE))
          .send({ offsetDays: 1 })
      ).status,
    ).toBe(403);
  });
});
