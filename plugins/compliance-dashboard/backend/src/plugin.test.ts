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
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { CONTROLS } from '@pbc-portal/pbc-domain';
import {
  PbcDetail,
  PbcListResponse,
  RefreshStatus,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import request from 'supertest';
import { pbcEntity, TEST_IDENTITY_CONFIG } from './__testUtils__/testTargets';
import plugin from './index';
import { complianceReaderServiceRef } from './service/serviceRefs';
import { FakeComplianceReader } from './__testUtils__/FakeComplianceReader';

jest.setTimeout(60_000);

// Controls retired from the catalog during a test: the lookups no longer
// know them, as after a release that removed them from controls.ts.
const mockRetired = new Set<string>();
jest.mock('@pbc-portal/pbc-domain', () => {
  const actual = jest.requireActual('@pbc-portal/pbc-domain');
  return {
    ...actual,
    getControl: (id: string) => {
      if (mockRetired.has(id)) throw new actual.UnknownControlError(id);
      return actual.getControl(id);
    },
    findControl: (id: string) =>
      mockRetired.has(id) ? undefined : actual.findControl(id),
  };
});

const ALICE = 'user:default/alice'; // member of team-cart: conditional access
const MALLORY = 'user:default/mallory'; // denied everything
const OWNERS_OF_CART = 'group:default/team-cart';

const entities = [
  pbcEntity('cart', { owner: 'team-cart' }),
  pbcEntity('payment', { owner: 'team-cart', pci: true, system: 'payments' }),
  pbcEntity('search', { owner: 'team-search', accountId: '222222222222' }),
  // An entity whose title would run as a spreadsheet formula.
  {
    ...pbcEntity('promo', { owner: 'team-search', accountId: '222222222222' }),
    metadata: {
      ...pbcEntity('promo', { accountId: '222222222222' }).metadata,
      title: '=HYPERLINK("http://evil.example","click")',
    },
  },
  // Claims cart's tag and account from its own repository (and sorts before cart): quarantined.
  (() => {
    const mirror = pbcEntity('basket', { owner: 'team-search' });
    mirror.metadata.annotations!['pbc-portal.io/pbc'] = 'cart';
    return mirror;
  })(),
  // Not a PBC: no annotation.
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'website', namespace: 'default' },
    spec: { type: 'website', owner: 'team-web', lifecycle: 'production' },
  },
];

const userOf = (credentials: BackstageCredentials) =>
  (credentials.principal as BackstageUserPrincipal).userEntityRef;

/**
 * Alice may read what her team owns (a conditional decision with the
 * catalog's IS_ENTITY_OWNER rule), Mallory nothing, everybody else all.
 */
const permissions = mockServices.permissions.mock({
  async authorizeConditional(requests, options) {
    const user = userOf(options.credentials);
    return requests.map((): PolicyDecision => {
      if (user === MALLORY) return { result: AuthorizeResult.DENY };
      if (user === ALICE) {
        return {
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'catalog',
          resourceType: 'catalog-entity',
          conditions: {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'catalog-entity',
            params: { claims: [OWNERS_OF_CART] },
          },
        };
      }
      return { result: AuthorizeResult.ALLOW };
    });
  },
  async authorize(requests, options) {
    const user = userOf(options.credentials);
    return requests.map(r => {
      if (user === MALLORY) return { result: AuthorizeResult.DENY };
      if (user === ALICE) {
        const ref = 'resourceRef' in r ? r.resourceRef : undefined;
        return {
          result:
            ref === 'component:default/cart' ||
            ref === 'component:default/payment'
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        };
      }
      return { result: AuthorizeResult.ALLOW };
    });
  },
});

const as = (user: string) => ({
  Authorization: mockCredentials.user.header(user),
});

describe('compliance-dashboard plugin', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let server: Parameters<typeof request>[0];
  let reader: FakeComplianceReader;

  async function waitForRefresh(id: string): Promise<RefreshStatus> {
    for (let i = 0; i < 100; i++) {
      const res = await request(server).get(
        `/api/compliance-dashboard/refresh/${id}`,
      );
      expect(res.status).toBe(200);
      if (!['queued', 'running'].includes(res.body.state)) return res.body;
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    throw new Error('refresh did not finish');
  }

  beforeAll(async () => {
    reader = new FakeComplianceReader();
    const knex = await databases.init('SQLITE_3');
    const backend = await startTestBackend({
      features: [
        plugin,
        mockServices.rootConfig.factory({
          data: {
            ...TEST_IDENTITY_CONFIG,
            complianceDashboard: {
              // No initial delay: the test scheduler runs it at startup.
              schedule: { frequency: { minutes: 15 }, timeout: { minutes: 5 } },
            },
          },
        }),
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({ entities }),
        permissions.factory,
        createServiceFactory({
          service: complianceReaderServiceRef,
          deps: {},
          factory: () => reader,
        }),
      ],
    });
    server = backend.server;
  });

  describe('GET /pbcs', () => {
    it('lists the PBCs of the first refresh, worst score first', async () => {
      const res = await request(server).get('/api/compliance-dashboard/pbcs');
      expect(res.status).toBe(200);
      const body: PbcListResponse = res.body;
      expect(body.totalCount).toBe(4);
      expect(body.items.map(p => p.name)).toEqual([
        'search',
        'cart',
        'payment',
        'promo',
      ]);
      const cart = body.items.find(p => p.name === 'cart')!;
      expect(cart).toMatchObject({
        entityRef: 'component:default/cart',
        owner: OWNERS_OF_CART,
        awsAccountId: '111111111111',
        score: 29,
        failingControls: { critical: 0, high: 1, medium: 0, low: 0 },
        riskyEvents: 1,
        riskyEventDays: 30,
        conformancePackDeployed: true,
        staleness: { stale: false },
      });
      expect(cart.trend).toHaveLength(1);
      expect(body.snapshot).toMatchObject({ partial: false });
    });

    it('filters, searches, sorts and pages', async () => {
      const get = (query: string) =>
        request(server).get(`/api/compliance-dashboard/pbcs?${query}`);
      expect(
        (await get('owner=group:default/team-search')).body.items.map(
          (p: any) => p.name,
        ),
      ).toEqual(['search', 'promo']);
      expect(
        (await get('severity=medium')).body.items.map((p: any) => p.name),
      ).toEqual(['search']);
      expect(
        (await get('family=data&sort=name')).body.items.map((p: any) => p.name),
      ).toEqual(['cart', 'search']);
      expect(
        (await get('search=PAY')).body.items.map((p: any) => p.name),
      ).toEqual(['payment']);
      const page = (await get('sort=name&order=desc&limit=2&offset=1')).body;
      expect(page).toMatchObject({ totalCount: 4, offset: 1, limit: 2 });
      expect(page.items.map((p: any) => p.name)).toEqual(['promo', 'payment']);
    });

    it.each([
      ['sort=price', 'sort'],
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['severity=urgent', 'severity'],
      ['owner=team-cart', 'owner'],
      ['color=red', 'color'],
    ])('answers 400 for %s', async (query, field) => {
      const res = await request(server).get(
        `/api/compliance-dashboard/pbcs?${query}`,
      );
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(field);
    });

    it('answers 401 without credentials', async () => {
      const res = await request(server)
        .get('/api/compliance-dashboard/pbcs')
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    });

    it('shows a conditional reader only the PBCs the condition allows', async () => {
      const res = await request(server)
        .get('/api/compliance-dashboard/pbcs')
        .set(as(ALICE));
      expect(res.status).toBe(200);
      expect(res.body.items.map((p: any) => p.name).sort()).toEqual([
        'cart',
        'payment',
      ]);
      expect(res.body.totalCount).toBe(2);
    });

    it('answers 403 to a caller denied all reads', async () => {
      const res = await request(server)
        .get('/api/compliance-dashboard/pbcs')
        .set(as(MALLORY));
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
    });
  });

  describe('GET /identity-conflicts', () => {
    it('shows the platform a claim on another PBC it did not read for', async () => {
      const res = await request(server).get(
        '/api/compliance-dashboard/identity-conflicts',
      );
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({
          entityRef: 'component:default/basket',
          pbc: 'cart',
          accountId: '111111111111',
          reason: 'untrusted-origin',
          authoritativeRef: 'component:default/cart',
          owner: 'group:default/team-search',
        }),
      ]);
      const mirror = await request(server).get(
        '/api/compliance-dashboard/pbcs/default/basket',
      );
      expect(mirror.status).toBe(404);
    });

    it.each([ALICE, MALLORY])(
      'refuses %s (no refresh permission)',
      async user => {
        const res = await request(server)
          .get('/api/compliance-dashboard/identity-conflicts')
          .set(as(user));
        expect(res.status).toBe(403);
      },
    );
  });

  describe('GET /pbcs/:namespace/:name', () => {
    it('returns the detail of one PBC', async () => {
      const res = await request(server).get(
        '/api/compliance-dashboard/pbcs/default/cart',
      );
      expect(res.status).toBe(200);
      const detail: PbcDetail = res.body;
      expect(detail.summary.entityRef).toBe('component:default/cart');
      expect(detail.controls[0]).toMatchObject({
        controlId: 'PBC-DATA-01',
        status: 'failing',
        nonCompliantResourceCount: 1,
        guidanceUrl: expect.stringMatching(
          /^\/docs\/default\/component\/architecture-docs\/07-databases\/#/,
        ),
      });
      expect(
        detail.controls.find(c => c.controlId === 'PBC-DATA-02')?.status,
      ).toBe('passing');
      expect(detail.nonCompliantResources).toEqual([
        expect.objectContaining({
          resourceId: 'cart-table',
          arn: 'arn:aws:dynamodb:eu-west-1:111111111111:table/cart-table',
          annotation: 'Point-in-time recovery is off',
          consoleUrl: expect.stringContaining(
            'https://eu-west-1.console.aws.amazon.com/config/home?region=eu-west-1#/resources/details?resourceId=cart-table',
          ),
        }),
      ]);
      expect(detail.riskyEvents).toEqual([
        expect.objectContaining({
          eventName: 'UpdateContinuousBackups',
          principal:
            'arn:aws:sts::111111111111:assumed-role/pbc-cart-role/deploy',
          reasons: [
            expect.objectContaining({
              controlId: 'PBC-DATA-01',
              predicate: 'pitr-disabled',
            }),
          ],
          pbcs: ['component:default/cart'],
        }),
      ]);
      expect(detail.scoreHistory).toEqual([
        { day: expect.any(String), score: 29 },
      ]);
    });

    it('answers 404 for an entity that is not a PBC, 400 for a bad name', async () => {
      const missing = await request(server).get(
        '/api/compliance-dashboard/pbcs/default/website',
      );
      expect(missing.status).toBe(404);
      expect(missing.body.error.name).toBe('NotFoundError');
      const bad = await request(server).get(
        '/api/compliance-dashboard/pbcs/default/-bad!',
      );
      expect(bad.status).toBe(400);
    });

    it('answers a non-owner the same 404 for an existing and a missing PBC, and 403 to a caller denied all reads', async () => {
      const get = (name: string, user: string) =>
        request(server)
          .get(`/api/compliance-dashboard/pbcs/default/${name}`)
          .set(as(user));
      // Permission before existence: search exists, nope does not.
      const existing = await get('search', ALICE);
      const missing = await get('nope', ALICE);
      expect(existing.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(existing.body.error.name).toBe('NotFoundError');
      expect(existing.body.error.message.replace('search', 'X')).toBe(
        missing.body.error.message.replace('nope', 'X'),
      );
      expect((await get('search', MALLORY)).status).toBe(403);
      expect((await get('nope', MALLORY)).status).toBe(403);
      expect(
        (
          await request(server)
            .get('/api/compliance-dashboard/pbcs/default/cart')
            .set(as(ALICE))
        ).status,
      ).toBe(200);
    });
  });

  describe('teams', () => {
    it('rolls up by owner', async () => {
      const res = await request(server).get('/api/compliance-dashboard/teams');
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({
          teamRef: OWNERS_OF_CART,
          pbcCount: 2,
          riskyEvents: 1,
          riskyEventDays: 30,
        }),
        expect.objectContaining({
          teamRef: 'group:default/team-search',
          pbcCount: 2,
        }),
      ]);
      const team = await request(server).get(
        '/api/compliance-dashboard/teams/default/team-cart',
      );
      expect(team.status).toBe(200);
      expect(team.body.pbcs.map((p: any) => p.name)).toEqual([
        'cart',
        'payment',
      ]);
      expect(team.body.summary.score).toBe(Math.round((29 + 100) / 2));
    });

    it('answers 404, 403 and filters as the permissions say', async () => {
      expect(
        (
          await request(server).get(
            '/api/compliance-dashboard/teams/default/nobody',
          )
        ).status,
      ).toBe(404);
      // A team whose PBCs the caller may not read answers like a missing one.
      const theirs = await request(server)
        .get('/api/compliance-dashboard/teams/default/team-search')
        .set(as(ALICE));
      const nobody = await request(server)
        .get('/api/compliance-dashboard/teams/default/nobody')
        .set(as(ALICE));
      expect(theirs.status).toBe(404);
      expect(theirs.body.error.message.replace('team-search', 'X')).toBe(
        nobody.body.error.message.replace('nobody', 'X'),
      );
      const mine = await request(server)
        .get('/api/compliance-dashboard/teams')
        .set(as(ALICE));
      expect(mine.body.items.map((t: any) => t.teamRef)).toEqual([
        OWNERS_OF_CART,
      ]);
      expect(
        (
          await request(server)
            .get('/api/compliance-dashboard/teams')
            .set(as(MALLORY))
        ).status,
      ).toBe(403);
      expect(
        (await request(server).get('/api/compliance-dashboard/teams?x=1'))
          .status,
      ).toBe(400);
    });
  });

  it('exports CSV without formula injection', async () => {
    const res = await request(server).get(
      '/api/compliance-dashboard/export.csv?sort=name',
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toContain('attachment');
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^entityRef,title,pbc,owner/);
    expect(lines).toHaveLength(5);
    const promo = lines.find(l => l.startsWith('component:default/promo'))!;
    expect(promo).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(
      (
        await request(server).get(
          '/api/compliance-dashboard/export.csv?limit=5',
        )
      ).status,
    ).toBe(400);
    const alice = await request(server)
      .get('/api/compliance-dashboard/export.csv')
      .set(as(ALICE));
    expect(alice.text.trim().split('\r\n')).toHaveLength(3);
  });

  it('refreshes on request, and keeps a failing account on its last good data', async () => {
    expect(
      (
        await request(server)
          .post('/api/compliance-dashboard/refresh')
          .set(as(MALLORY))
      ).status,
    ).toBe(403);

    reader.failAccounts.add('222222222222');
    const accepted = await request(server).post(
      '/api/compliance-dashboard/refresh',
    );
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({
      state: 'queued',
      statusPath: `/refresh/${accepted.body.id}`,
    });
    const done = await waitForRefresh(accepted.body.id);
    expect(done).toMatchObject({
      trigger: 'manual',
      state: 'partial',
      pbcCount: 4,
    });
    expect(done.accounts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          accountId: '222222222222',
          state: 'failed',
          error: expect.stringContaining('AccessDeniedException'),
        }),
        expect.objectContaining({ accountId: '111111111111', state: 'ok' }),
      ]),
    );

    // The pointer check is cached for two seconds.
    await new Promise(resolve => setTimeout(resolve, 2100));
    const search = (
      await request(server).get('/api/compliance-dashboard/pbcs/default/search')
    ).body as PbcDetail;
    expect(search.summary.staleness).toMatchObject({
      stale: true,
      accountId: '222222222222',
      reason: expect.stringContaining('AccessDeniedException'),
    });
    expect(search.summary.score).toBe(0);
    expect(search.nonCompliantResources).toHaveLength(2);
    const cart = (
      await request(server).get('/api/compliance-dashboard/pbcs/default/cart')
    ).body as PbcDetail;
    expect(cart.summary.staleness.stale).toBe(false);
    // Deduplicated: the same event read again is still one event.
    expect(cart.riskyEvents).toHaveLength(1);

    const status = await request(server).get(
      '/api/compliance-dashboard/status',
    );
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      status: 'degraded',
      staleAccounts: [expect.objectContaining({ accountId: '222222222222' })],
      lastRefresh: expect.objectContaining({ id: accepted.body.id }),
      // No queue configured: the consumer says it is off.
      push: expect.objectContaining({ enabled: false, handled: 0 }),
    });

    // Alice reads PBCs in account 111111111111 only: she does not see
    // 222222222222, its error, or its progress.
    const hers = await request(server)
      .get('/api/compliance-dashboard/status')
      .set(as(ALICE));
    expect(hers.status).toBe(200);
    // Her PBCs are fresh: nothing is degraded for her.
    expect(hers.body.status).toBe('ok');
    expect(hers.body.staleAccounts).toEqual([]);
    expect(JSON.stringify(hers.body)).not.toContain('222222222222');
    expect(JSON.stringify(hers.body)).not.toContain('AccessDenied');
    const refreshOfAlice = await request(server)
      .get(`/api/compliance-dashboard/refresh/${accepted.body.id}`)
      .set(as(ALICE));
    expect(refreshOfAlice.status).toBe(200);
    expect(refreshOfAlice.body.accounts.map((a: any) => a.accountId)).toEqual([
      '111111111111',
    ]);
    reader.failAccounts.clear();
  });

  it('answers liveness on /health without credentials, and nothing more', async () => {
    const res = await request(server)
      .get('/api/compliance-dashboard/health')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('guards /status: 401, 400, 403', async () => {
    expect(
      (
        await request(server)
          .get('/api/compliance-dashboard/status')
          .set('Authorization', mockCredentials.none.header())
      ).status,
    ).toBe(401);
    const bad = await request(server).get(
      '/api/compliance-dashboard/status?verbose=1',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('verbose');
    const denied = await request(server)
      .get('/api/compliance-dashboard/status')
      .set(as(MALLORY));
    expect(denied.status).toBe(403);
    expect(
      (
        await request(server)
          .get(
            '/api/compliance-dashboard/refresh/3f1c6a9e-1111-4222-8333-444455556666',
          )
          .set(as(MALLORY))
      ).status,
    ).toBe(403);
    expect(
      (
        await request(server)
          .get(
            '/api/compliance-dashboard/refresh/3f1c6a9e-1111-4222-8333-444455556666',
          )
          .set('Authorization', mockCredentials.none.header())
      ).status,
    ).toBe(401);
  });

  it('validates refresh ids', async () => {
    expect(
      (await request(server).get('/api/compliance-dashboard/refresh/nope'))
        .status,
    ).toBe(400);
    expect(
      (
        await request(server).get(
          '/api/compliance-dashboard/refresh/3f1c6a9e-1111-4222-8333-444455556666',
        )
      ).status,
    ).toBe(404);
  });

  it('serves a PBC whose failing control was retired from the catalog, stale account included', async () => {
    // Snapshot with search's account unreadable: its rows are carried over.
    reader.failAccounts.add('222222222222');
    const accepted = await request(server).post(
      '/api/compliance-dashboard/refresh',
    );
    expect((await waitForRefresh(accepted.body.id)).state).toBe('partial');
    reader.failAccounts.clear();
    await new Promise(resolve => setTimeout(resolve, 2100));

    const { title } = CONTROLS.find(c => c.id === 'PBC-DATA-01')!;
    mockRetired.add('PBC-DATA-01');
    try {
      for (const name of ['cart', 'search']) {
        const res = await request(server).get(
          `/api/compliance-dashboard/pbcs/default/${name}`,
        );
        expect(res.status).toBe(200);
        expect(
          (res.body as PbcDetail).controls.find(
            c => c.controlId === 'PBC-DATA-01',
          ),
        ).toMatchObject({
          title,
          family: 'data',
          guidanceUrl: expect.stringContaining('/07-databases/#'),
        });
      }
      const list = await request(server).get(
        '/api/compliance-dashboard/pbcs?family=data&sort=name',
      );
      expect(list.status).toBe(200);
      expect(list.body.items.map((p: any) => p.name)).toEqual([
        'cart',
        'search',
      ]);
      expect(list.body.items[0].failingByFamily.data).toBe(1);
    } finally {
      mockRetired.clear();
    }
  });
});
