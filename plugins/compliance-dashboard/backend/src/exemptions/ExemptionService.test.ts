import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Exemption } from '@pbc-portal/plugin-compliance-dashboard-common';
import { MovableClock } from '../util/clock';
import { ExemptionListener } from './events';
import { ExemptionService } from './ExemptionService';
import { ExemptionStore } from './ExemptionStore';

jest.setTimeout(60_000);

const CART = 'component:default/cart';
const ALICE = 'user:default/alice';
const PIA = 'user:default/pia';
const DAY = 86_400_000;

describe('ExemptionService on its store', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function setUp(id: TestDatabaseId) {
    const knex = await databases.init(id);
    const store = await ExemptionStore.create({
      database: { getClient: async () => knex } as any,
    });
    const clock = new MovableClock();
    const heard: string[] = [];
    const listener: ExemptionListener = {
      async expiringSoon(e) {
        heard.push(`soon ${e.id}`);
      },
      async expired(e) {
        heard.push(`expired ${e.id}`);
      },
    };
    const service = new ExemptionService({
      store,
      settings: { maxDays: 90, countTowardsScore: false },
      now: clock.now,
      controlsOf: async ref =>
        ref === CART ? ['PBC-DATA-01', 'PBC-DATA-02'] : undefined,
      listener,
    });
    const inDays = (days: number) =>
      new Date(clock.now().getTime() + days * DAY);
    const ask = (
      over: Partial<Parameters<ExemptionService['request']>[0]> = {},
    ) =>
      service.request(
        {
          entityRef: CART,
          controlId: 'PBC-DATA-01',
          reason: 'PITR comes with the table migration in January',
          expiresAt: inDays(30),
          ...over,
        },
        ALICE,
      );
    /** Every row of both tables: what "changes nothing" compares. */
    const everything = async () => ({
      exemptions: await knex('exemptions').select().orderBy('id'),
      events: await knex('exemption_events').select().orderBy('id'),
    });
    return { knex, store, clock, service, heard, ask, inDays, everything };
  }

  it.each(databases.eachSupportedId())(
    'migrates up and down on %p',
    async id => {
      const { knex } = await setUp(id);
      expect(await knex.schema.hasTable('exemption_events')).toBe(true);
      await knex.migrate.rollback(
        { directory: `${__dirname}/../../migrations` },
        true,
      );
      expect(await knex.schema.hasTable('exemptions')).toBe(false);
    },
  );

  it.each(databases.eachSupportedId())(
    'asks, approves, and logs each step with who, when and why on %p',
    async id => {
      const { service, ask, clock } = await setUp(id);
      const asked = await ask({ resourceIds: ['t2', 't1', 't1'] });
      expect(asked).toMatchObject({
        state: 'requested',
        requestedBy: ALICE,
        resourceIds: ['t1', 't2'],
      });
      clock.setOffset(60_000);
      const approved = await service.decide(
        asked.id,
        { decision: 'approve', comment: 'ok until the migration' },
        PIA,
      );
      expect(approved.state).toBe('approved');
      expect(approved.decision).toMatchObject({
        by: PIA,
        comment: 'ok until the migration',
      });
      const full = await service.get(asked.id);
      expect(full.events.map(e => [e.type, e.actor, e.comment])).toEqual([
        ['requested', ALICE, 'PITR comes with the table migration in January'],
        ['approved', PIA, 'ok until the migration'],
      ]);
      expect(full.events[1].at > full.events[0].at).toBe(true);
      expect((await service.active()).map(e => e.id)).toEqual([asked.id]);
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses bad requests with a clear error and changes nothing on %p',
    async id => {
      const { service, ask, inDays, everything } = await setUp(id);
      const open = await ask();
      const before = await everything();
      const refusals: Array<[Promise<unknown>, string, RegExp]> = [
        [ask({ expiresAt: inDays(-1) }), 'InputError', /not in the future/],
        [ask({ expiresAt: inDays(91) }), 'InputError', /more than 90 days/],
        [ask({ controlId: 'PBC-NOPE-99' }), 'InputError', /Unknown control/],
        [ask({ controlId: 'PBC-NET-01' }), 'InputError', /does not apply/],
        [
          ask({ entityRef: 'component:default/other' }),
          'NotFoundError',
          /No PBC/,
        ],
        [ask(), 'ConflictError', /already requested/],
        [
          service.decide(
            open.id,
            { decision: 'approve', comment: 'me' },
            ALICE,
          ),
          'NotAllowedError',
          /own exemption request/,
        ],
        [
          service.decide(
            '00000000-0000-4000-8000-000000000000',
            { decision: 'approve', comment: 'x' },
            PIA,
          ),
          'NotFoundError',
          /No exemption/,
        ],
      ];
      for (const [attempt, name, message] of refusals) {
        await expect(attempt).rejects.toMatchObject({
          name,
          message: expect.stringMatching(message),
        });
      }
      expect(await everything()).toEqual(before);
      // A rejected one is not decided twice.
      await service.decide(open.id, { decision: 'reject', comment: 'no' }, PIA);
      const rejected = await everything();
      await expect(
        service.decide(open.id, { decision: 'approve', comment: 'x' }, PIA),
      ).rejects.toMatchObject({ name: 'ConflictError' });
      await expect(service.revoke(open.id, 'x', PIA)).rejects.toMatchObject({
        name: 'ConflictError',
      });
      expect(await everything()).toEqual(rejected);
    },
  );

  it.each(databases.eachSupportedId())(
    'expires by the plugin clock on read, and the sweep records it once on %p',
    async id => {
      const { service, ask, clock, heard, knex } = await setUp(id);
      const e = await ask({
        expiresAt: new Date(clock.now().getTime() + 10 * DAY),
      });
      await service.decide(e.id, { decision: 'approve', comment: 'fine' }, PIA);

      // 4 days later: within 7 days of the end, announced once.
      clock.setOffset(4 * DAY);
      expect(await service.sweep()).toEqual({ expired: 0, expiringSoon: 1 });
      expect(await service.sweep()).toEqual({ expired: 0, expiringSoon: 0 });
      expect(heard).toEqual([`soon ${e.id}`]);

      // Past the end: expired on read before any sweep.
      clock.setOffset(10 * DAY + 1000);
      expect((await service.get(e.id)).state).toBe('expired');
      expect(await service.active()).toEqual([]);
      expect((await knex('exemptions').where({ id: e.id }).first()).state).toBe(
        'approved',
      );
      expect(await service.sweep()).toEqual({ expired: 1, expiringSoon: 0 });
      expect(await service.sweep()).toEqual({ expired: 0, expiringSoon: 0 });
      expect(heard).toEqual([`soon ${e.id}`, `expired ${e.id}`]);
      const log = (await service.get(e.id)).events.map(x => [x.type, x.actor]);
      expect(log).toEqual([
        ['requested', ALICE],
        ['approved', PIA],
        ['expiring-soon', 'system'],
        ['expired', 'system'],
      ]);
      // An expired exemption is neither decided nor revoked.
      await expect(service.revoke(e.id, 'late', PIA)).rejects.toMatchObject({
        name: 'ConflictError',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'revokes with a comment on %p',
    async id => {
      const { service, ask } = await setUp(id);
      const e: Exemption = await ask();
      await service.decide(e.id, { decision: 'approve', comment: 'ok' }, PIA);
      const revoked = await service.revoke(e.id, 'fixed early', PIA);
      expect(revoked).toMatchObject({
        state: 'revoked',
        revocation: { by: PIA, comment: 'fixed early' },
      });
      expect(await service.active()).toEqual([]);
    },
  );
});
