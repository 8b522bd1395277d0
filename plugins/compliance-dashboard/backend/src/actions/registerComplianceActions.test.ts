import {
  BackstageCredentials,
  BackstageUserPrincipal,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import { pbcEntity, TEST_IDENTITY_CONFIG } from '../__testUtils__/testTargets';
import plugin from '../index';
import { complianceReaderServiceRef } from '../service/serviceRefs';
import { FakeComplianceReader } from '../__testUtils__/FakeComplianceReader';

jest.setTimeout(60_000);

// The actions through the plugin as the backend wires it: the real service on
// a SQLite store filled by a refresh of the fake AWS reader, and a permission
// mock in the shape of the portal's policy (owners read their PBCs).
const ALICE = 'user:default/alice'; // team-cart: reads cart and payment
const MALLORY = 'user:default/mallory'; // denied everything
const ADMIN = 'user:default/admin'; // reads everything

const userOf = (credentials: BackstageCredentials) =>
  (credentials.principal as BackstageUserPrincipal).userEntityRef;

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
            params: { claims: ['group:default/team-cart'] },
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
      const ref = 'resourceRef' in r ? r.resourceRef : undefined;
      if (user === ALICE) {
        return {
          result: [
            'component:default/cart',
            'component:default/payment',
          ].includes(ref ?? '')
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
        };
      }
      return { result: AuthorizeResult.ALLOW };
    });
  },
});

describe('compliance actions', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const registry = actionsRegistryServiceMock();
  let knex: Knex;

  const invoke = (name: string, input: object, user = ALICE) =>
    registry.invoke({
      id: `test:${name}`,
      input: input as any,
      credentials: mockCredentials.user(user),
    });
  const outputOf = async (name: string, input: object, user = ALICE) =>
    (await invoke(name, input, user)).output as any;

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    await startTestBackend({
      features: [
        plugin,
        mockServices.rootConfig.factory({
          data: {
            ...TEST_IDENTITY_CONFIG,
            app: { baseUrl: 'https://portal.example.com' },
            complianceDashboard: {
              schedule: { frequency: { minutes: 15 }, timeout: { minutes: 5 } },
            },
          },
        }),
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({
          entities: [
            pbcEntity('cart', { owner: 'team-cart' }),
            pbcEntity('payment', { owner: 'team-cart', pci: true }),
            pbcEntity('search', {
              owner: 'team-search',
              accountId: '222222222222',
            }),
          ],
        }),
        permissions.factory,
        createServiceFactory({
          service: complianceReaderServiceRef,
          deps: {},
          factory: () => new FakeComplianceReader(),
        }),
        createServiceFactory({
          service: actionsRegistryServiceRef,
          deps: {},
          factory: () => registry,
        }),
      ],
    });
    // The refresh runs at startup; wait for its snapshot.
    for (let i = 0; i < 100; i++) {
      const done = await invoke('get-pbc-compliance-summary', { pbc: 'cart' })
        .then(() => true)
        .catch(() => false);
      if (done) break;
      await new Promise(r => setTimeout(r, 100));
    }
  });

  it('registers four read-only actions', async () => {
    const { actions } = await registry.list();
    expect(actions.map(a => a.name).sort()).toEqual([
      'get-pbc-cloudtrail-since-compliant',
      'get-pbc-compliance-summary',
      'list-pbc-failing-controls',
      'list-pbcs-failing-control',
    ]);
    for (const action of actions) {
      expect(action.attributes).toEqual({
        readOnly: true,
        idempotent: true,
        destructive: false,
      });
    }
  });

  describe('get-pbc-compliance-summary', () => {
    it('gives the summary of a PBC the caller may read, by name or entity ref', async () => {
      const { summary } = await outputOf('get-pbc-compliance-summary', {
        pbc: 'component:default/cart',
      });
      expect(summary).toMatchObject({
        entityRef: 'component:default/cart',
        owner: 'group:default/team-cart',
        score: 29,
        failingControls: { critical: 0, high: 1, medium: 0, low: 0 },
        riskyEvents: 1,
        stale: false,
        pbcTabUrl:
          'https://portal.example.com/catalog/default/component/cart/compliance',
      });
      expect(
        (await outputOf('get-pbc-compliance-summary', { pbc: 'default/cart' }))
          .summary.entityRef,
      ).toBe('component:default/cart');
    });

    it('answers a PBC the caller may not read exactly like one that does not exist', async () => {
      const hidden = invoke('get-pbc-compliance-summary', { pbc: 'search' });
      await expect(hidden).rejects.toThrow(
        "No PBC 'default/search' with compliance data that you may read",
      );
      await expect(hidden).rejects.toMatchObject({ name: 'NotFoundError' });
      await expect(
        invoke('get-pbc-compliance-summary', { pbc: 'nope' }),
      ).rejects.toThrow(
        "No PBC 'default/nope' with compliance data that you may read",
      );
      // Someone allowed to read it sees it.
      expect(
        (await outputOf('get-pbc-compliance-summary', { pbc: 'search' }, ADMIN))
          .summary.entityRef,
      ).toBe('component:default/search');
    });

    it('refuses a caller denied all reads, and rejects input that is no PBC ref', async () => {
      await expect(
        invoke('get-pbc-compliance-summary', { pbc: 'cart' }, MALLORY),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
      await expect(
        invoke('get-pbc-compliance-summary', { pbc: 'cart/../x y' }),
      ).rejects.toMatchObject({ name: 'InputError' });
      await expect(
        invoke('get-pbc-compliance-summary', {}),
      ).rejects.toMatchObject({ name: 'InputError' });
    });
  });

  describe('list-pbc-failing-controls', () => {
    it('lists only failing controls, each with its resources and guidance section as text', async () => {
      const output = await outputOf('list-pbc-failing-controls', {
        pbc: 'cart',
      });
      expect(output.entityRef).toBe('component:default/cart');
      expect(output.controls.map((c: any) => c.controlId)).toEqual([
        'PBC-DATA-01',
      ]);
      const [control] = output.controls;
      expect(control.resources).toEqual(['cart-table']);
      expect(control.guidance).toMatchObject({
        article: '07-databases',
        anchor: 'rpo-and-rto-by-design',
        url: 'https://portal.example.com/docs/default/component/architecture-docs/07-databases/#rpo-and-rto-by-design',
        heading: expect.stringMatching(/RPO and RTO/i),
      });
      expect(control.guidance.text.length).toBeGreaterThan(200);
      expect(control.guidance.text).not.toMatch(/<\/?[a-z]+[ >]|\]\(/);
    });

    it('does not tell a caller about a PBC it may not read', async () => {
      await expect(
        invoke('list-pbc-failing-controls', { pbc: 'search' }),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
    });
  });

  describe('list-pbcs-failing-control', () => {
    it('lists the readable PBCs failing the control', async () => {
      const mine = await outputOf('list-pbcs-failing-control', {
        controlId: 'pbc-data-01',
      });
      expect(mine.control).toMatchObject({
        controlId: 'PBC-DATA-01',
        severity: 'high',
      });
      expect(mine.pbcs.map((p: any) => p.name)).toEqual(['cart']);
      const all = await outputOf(
        'list-pbcs-failing-control',
        { controlId: 'PBC-DATA-01' },
        ADMIN,
      );
      expect(all.pbcs.map((p: any) => p.name).sort()).toEqual([
        'cart',
        'search',
      ]);
    });

    it('says an unknown control is not found and a malformed id is bad input', async () => {
      await expect(
        invoke('list-pbcs-failing-control', { controlId: 'PBC-NOPE-99' }),
      ).rejects.toThrow("No control 'PBC-NOPE-99' in the controls catalog");
      await expect(
        invoke('list-pbcs-failing-control', { controlId: 'drop table' }),
      ).rejects.toMatchObject({ name: 'InputError' });
      await expect(
        invoke(
          'list-pbcs-failing-control',
          { controlId: 'PBC-DATA-01' },
          MALLORY,
        ),
      ).rejects.toMatchObject({ name: 'NotAllowedError' });
    });
  });

  describe('get-pbc-cloudtrail-since-compliant', () => {
    it('lists the risky events since the last day the PBC scored 100', async () => {
      const never = await outputOf('get-pbc-cloudtrail-since-compliant', {
        pbc: 'cart',
      });
      expect(never.compliantNow).toBe(false);
      expect(never.lastCompliantDay).toBeUndefined();
      expect(never.events.map((e: any) => e.eventName)).toEqual([
        'UpdateContinuousBackups',
      ]);
      expect(never.events[0].reasons[0]).toMatch(/^PBC-DATA-01: /);

      const day = new Date(Date.now() - 3 * 86400000)
        .toISOString()
        .slice(0, 10);
      const [{ snapshot_id }] = await knex('score_history').select(
        'snapshot_id',
      );
      await knex('score_history').insert({
        entity_ref: 'component:default/cart',
        day,
        score: 100,
        snapshot_id,
      });
      const since = await outputOf('get-pbc-cloudtrail-since-compliant', {
        pbc: 'cart',
      });
      expect(since).toMatchObject({
        lastCompliantDay: day,
        since: `${day}T00:00:00.000Z`,
        truncated: false,
      });
      expect(since.events).toHaveLength(1);
    });

    it('has nothing to report for a PBC compliant now', async () => {
      const { summary } = await outputOf('get-pbc-compliance-summary', {
        pbc: 'payment',
      });
      expect(summary.score).toBe(100);
      expect(
        await outputOf('get-pbc-cloudtrail-since-compliant', {
          pbc: 'payment',
        }),
      ).toMatchObject({ compliantNow: true, events: [], truncated: false });
    });

    it('does not tell a caller about a PBC it may not read', async () => {
      await expect(
        invoke('get-pbc-cloudtrail-since-compliant', { pbc: 'search' }),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
    });
  });
});
