import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { ClassifiedEvent } from '../domain/events';
import { findControl } from '@pbc-portal/pbc-domain';
import {
  controlText,
  PbcComputedResult,
  StoredControlResult,
} from '../domain/results';
import { pbcTarget } from '../__testUtils__/testTargets';
import {
  carryOver,
  decideAccountStatus,
  refreshOutcome,
} from '../service/refreshRules';
import { ComplianceStore, SnapshotWrite } from './ComplianceStore';

jest.setTimeout(60_000);

const migrationsDir = resolvePackagePath(
  '@pbc-portal/plugin-compliance-dashboard-backend',
  'migrations',
);

const cart = pbcTarget('cart', { accountId: '111111111111' });
const payment = pbcTarget('payment', { accountId: '222222222222', pci: true });

function fresh(
  target = cart,
  overrides: Partial<PbcComputedResult> = {},
): PbcComputedResult {
  return {
    target,
    controls: [
      {
        id: 'PBC-DATA-01',
        status: 'failing',
        compliant: 1,
        nonCompliant: 1,
        rules: ['DYNAMODB_PITR_ENABLED'],
      },
      {
        id: 'PBC-DATA-02',
        status: 'passing',
        compliant: 2,
        nonCompliant: 0,
        rules: ['DYNAMODB_TABLE_ENCRYPTED_KMS'],
      },
    ],
    score: 29,
    failingBySeverity: { critical: 0, high: 1, medium: 0, low: 0 },
    passingCount: 1,
    failingCount: 1,
    insufficientCount: 0,
    nonCompliant: [
      {
        resourceId: `${target.pbc}-table`,
        resourceType: 'AWS::DynamoDB::Table',
        accountId: target.accountId,
        region: target.region,
        configRuleName: 'DYNAMODB_PITR_ENABLED',
        controlIds: ['PBC-DATA-01'],
      },
    ],
    conformancePackDeployed: true,
    ...overrides,
  };
}

function riskyEvent(id: string, time: Date, pbcs: string[]): ClassifiedEvent {
  return {
    eventId: id,
    eventTime: time,
    eventName: 'AuthorizeSecurityGroupIngress',
    eventSource: 'ec2.amazonaws.com',
    accountId: '111111111111',
    region: 'eu-west-1',
    principal: 'arn:aws:sts::111111111111:assumed-role/ops/jane',
    severity: 'high',
    reasons: [
      {
        controlId: 'PBC-NET-03',
        severity: 'high',
        predicate: 'ingress-open-to-world',
        why: 'w',
      },
    ],
    resources: ['sg-1'],
    pbcs,
  };
}

const NOW = new Date('2025-11-25T12:00:00.000Z');

function write(overrides: Partial<SnapshotWrite> = {}): SnapshotWrite {
  const base: Omit<SnapshotWrite, 'accountStatus' | 'partial' | 'outcome'> = {
    refreshId: 'r1',
    servedRefreshIds: [],
    now: NOW,
    fresh: [fresh(cart), fresh(payment)],
    stale: [],
    events: [],
    watermarks: [],
    accounts: [
      { accountId: '111111111111', region: 'eu-west-1', state: 'ok' },
      { accountId: '222222222222', region: 'eu-west-1', state: 'ok' },
    ],
    riskySince: new Date(NOW.getTime() - 7 * 86400000),
    ...overrides,
  };
  // What the service decides, unless the test says otherwise.
  return {
    accountStatus: decideAccountStatus(base.accounts, [], base.now),
    partial:
      base.stale.length > 0 || base.accounts.some(a => a.state === 'failed'),
    outcome: refreshOutcome(base.accounts),
    ...base,
  };
}

describe('ComplianceStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function createStore(id: TestDatabaseId) {
    const knex = await databases.init(id);
    const store = await ComplianceStore.create({
      database: { getClient: async () => knex },
    });
    return { knex, store };
  }

  it.each(databases.eachSupportedId())(
    'migrates up and down on %p',
    async id => {
      const knex: Knex = await databases.init(id);
      await knex.migrate.latest({ directory: migrationsDir });
      expect(await knex.schema.hasTable('pbc_results')).toBe(true);
      expect(await knex.schema.hasTable('cloudtrail_events')).toBe(true);
      await knex.migrate.rollback({ directory: migrationsDir }, true);
      expect(await knex.schema.hasTable('pbc_results')).toBe(false);
      expect(await knex.schema.hasTable('refreshes')).toBe(false);
      await knex.migrate.latest({ directory: migrationsDir });
      expect(await knex.schema.hasTable('watermarks')).toBe(true);
      expect(await knex.schema.hasTable('reader_state')).toBe(true);
    },
  );

  const ENTITY_COPY = '20261206010000_drop_entity_copy.js';
  const FAILING = '20261206010001_failing_controls.js';

  it.each(databases.eachSupportedId())(
    'keeps the rows of earlier snapshots through the row reshape on %p',
    async id => {
      const knex: Knex = await databases.init(id);
      await knex.migrate.latest({ directory: migrationsDir });
      // Back to rows with an entity copy and two parallel failing lists.
      await knex.migrate.down({ directory: migrationsDir, name: FAILING });
      await knex.migrate.down({ directory: migrationsDir, name: ENTITY_COPY });
      const row = (name: string, ids: string, families: string | null) => ({
        snapshot_id: 7,
        entity_ref: `component:default/${name}`,
        kind: 'Component',
        namespace: 'default',
        name,
        pbc: name,
        account_id: '111111111111',
        region: 'eu-west-1',
        conformance_pack: `pbc-${name}`,
        score: 40,
        failing_count: ids ? ids.split(',').length : 0,
        failing_control_ids: ids,
        failing_families: families,
        controls_json: '[]',
        entity_json: '{"kind":"Component"}',
      });
      await knex('pbc_results').insert([
        // Families stored: a retired control keeps its own.
        row('cart', 'PBC-RETIRED-01,PBC-DATA-01', 'network,data'),
        // Written before families were kept: the catalog's, unknown ids dropped.
        row('search', 'PBC-DATA-01,PBC-RETIRED-01', null),
        row('promo', '', ''),
      ]);
      await knex.migrate.latest({ directory: migrationsDir });
      expect(await knex.schema.hasColumn('pbc_results', 'entity_json')).toBe(
        false,
      );

      const store = await ComplianceStore.create({
        database: { getClient: async () => knex },
      });
      const rows = await store.listPbcRows(7);
      expect(
        Object.fromEntries(
          rows.map(r => [
            r.name,
            [r.score, r.failingControlIds, r.failingFamilies],
          ]),
        ),
      ).toEqual({
        cart: [40, ['PBC-RETIRED-01', 'PBC-DATA-01'], ['network', 'data']],
        search: [40, ['PBC-DATA-01', 'PBC-RETIRED-01'], ['data']],
        promo: [40, [], []],
      });

      // And back: the two lists again, from the one.
      await knex.migrate.down({ directory: migrationsDir, name: FAILING });
      expect(
        await knex('pbc_results')
          .orderBy('name')
          .select('name', 'failing_control_ids', 'failing_families'),
      ).toEqual([
        {
          name: 'cart',
          failing_control_ids: 'PBC-RETIRED-01,PBC-DATA-01',
          failing_families: 'network,data',
        },
        { name: 'promo', failing_control_ids: '', failing_families: '' },
        {
          name: 'search',
          failing_control_ids: 'PBC-DATA-01,PBC-RETIRED-01',
          failing_families: null,
        },
      ]);
    },
  );

  it('skips migrations when the database service says so', async () => {
    const knex = await databases.init('SQLITE_3');
    await ComplianceStore.create({
      database: { getClient: async () => knex, migrations: { skip: true } },
    });
    expect(await knex.schema.hasTable('pbc_results')).toBe(false);
  });

  it.each(databases.eachSupportedId())(
    'writes a snapshot and makes it current on %p',
    async id => {
      const { store } = await createStore(id);
      expect(await store.getCurrentSnapshotId()).toBeUndefined();
      await store.createRefresh({
        id: 'a5b0f6c2-0000-4000-8000-000000000001',
        trigger: 'manual',
        state: 'running',
        now: NOW,
      });
      const snapshotId = await store.writeSnapshot(
        write({
          servedRefreshIds: ['a5b0f6c2-0000-4000-8000-000000000001'],
          events: [
            riskyEvent('e1', new Date('2025-11-24T00:00:00Z'), [
              cart.entityRef,
            ]),
            riskyEvent('e2', new Date('2025-11-01T00:00:00Z'), [
              cart.entityRef,
            ]),
          ],
          watermarks: [
            { accountId: '111111111111', region: 'eu-west-1', watermark: NOW },
          ],
          awsCalls: 42,
        }),
      );
      expect(await store.getCurrentSnapshotId()).toBe(snapshotId);
      const rows = await store.listPbcRows(snapshotId);
      expect(rows.map(r => r.entityRef).sort()).toEqual([
        cart.entityRef,
        payment.entityRef,
      ]);
      const cartRow = rows.find(r => r.entityRef === cart.entityRef)!;
      expect(cartRow).toMatchObject({
        score: 29,
        failing: { critical: 0, high: 1, medium: 0, low: 0 },
        riskyEvents: 1,
        stale: false,
        packDeployed: true,
        failingControlIds: ['PBC-DATA-01'],
        failingFamilies: ['data'],
        dataAsOf: NOW.toISOString(),
      });
      expect(
        (await store.getPbcRow(snapshotId, cart.entityRef))?.controls,
      ).toHaveLength(2);
      expect(await store.listNonCompliant(snapshotId, cart.entityRef)).toEqual([
        expect.objectContaining({
          resourceId: 'cart-table',
          controlIds: ['PBC-DATA-01'],
        }),
      ]);
      expect(
        (
          await store.listRiskyEvents(
            cart.entityRef,
            new Date('2025-10-01'),
            10,
          )
        ).map(e => e.eventId),
      ).toEqual(['e1', 'e2']);
      expect(
        (await store.getWatermarks()).get('111111111111/eu-west-1'),
      ).toEqual(NOW);
      expect(
        await store.listScoreHistory('2025-11-01', cart.entityRef),
      ).toEqual(
        new Map([[cart.entityRef, [{ day: '2025-11-25', score: 29 }]]]),
      );
      expect(
        await store.getRefresh('a5b0f6c2-0000-4000-8000-000000000001'),
      ).toMatchObject({
        state: 'succeeded',
        snapshotId,
        pbcCount: 2,
        awsCalls: 42,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps catalog and AWS text longer than 255 characters on %p',
    async id => {
      // PostgreSQL refused these with "value too long for type character
      // varying(255)" and every refresh failed (issue 11, finding 5).
      const { store } = await createStore(id);
      const long = (c: string) => c.repeat(300);
      const target = {
        ...cart,
        title: long('T'),
        conformancePack: long('p'),
        owner: `group:default/${long('o')}`,
      };
      const controlIds = Array.from(
        { length: 40 },
        (_, i) => `PBC-DATA-${String(i).padStart(2, '0')}`,
      );
      const snapshotId = await store.writeSnapshot(
        write({
          fresh: [
            fresh(target, {
              nonCompliant: [
                {
                  resourceId: 'cart-table',
                  resourceType: 'AWS::DynamoDB::Table',
                  accountId: cart.accountId,
                  region: cart.region,
                  configRuleName: long('r'),
                  controlIds,
                  annotation: long('a'),
                },
              ],
            }),
          ],
        }),
      );
      const row = await store.getPbcRow(snapshotId, cart.entityRef);
      expect(row).toMatchObject({
        title: long('T'),
        conformancePack: long('p'),
        owner: target.owner,
      });
      const [resource] = await store.listNonCompliant(
        snapshotId,
        cart.entityRef,
      );
      expect(resource.configRuleName).toBe(long('r'));
      expect(resource.controlIds).toEqual(controlIds);
      expect(resource.annotation).toBe(long('a'));
    },
  );

  it.each(databases.eachSupportedId())(
    'deduplicates events by id across refreshes on %p',
    async id => {
      const { store } = await createStore(id);
      const e = riskyEvent('same', new Date('2025-11-24T00:00:00Z'), [
        cart.entityRef,
      ]);
      await store.writeSnapshot(write({ events: [e] }));
      const second = await store.writeSnapshot(
        write({
          events: [
            e,
            riskyEvent('other', new Date('2025-11-24T01:00:00Z'), [
              cart.entityRef,
              payment.entityRef,
            ]),
          ],
        }),
      );
      expect(await store.countEvents()).toBe(2);
      const row = (await store.listPbcRows(second)).find(
        r => r.entityRef === cart.entityRef,
      );
      expect(row?.riskyEvents).toBe(2);
      const [other] = await store.listRiskyEvents(
        payment.entityRef,
        new Date('2025-11-01'),
        10,
      );
      expect(other.pbcs).toEqual([cart.entityRef, payment.entityRef]);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the last good data of a stale account on %p',
    async id => {
      const { store } = await createStore(id);
      const first = await store.writeSnapshot(write());
      const later = new Date(NOW.getTime() + 15 * 60000);
      // The service carries payment's results over from the first snapshot.
      const previous = await store.listPbcResults(first, [payment.entityRef]);
      const accounts: SnapshotWrite['accounts'] = [
        { accountId: '111111111111', region: 'eu-west-1', state: 'ok' },
        {
          accountId: '222222222222',
          region: 'eu-west-1',
          state: 'failed',
          error: 'AccessDeniedException: not authorized',
        },
      ];
      const snapshotId = await store.writeSnapshot(
        write({
          now: later,
          accountStatus: decideAccountStatus(
            accounts,
            await store.listAccountStatus(),
            later,
          ),
          fresh: [
            fresh(cart, {
              score: 100,
              controls: fresh(cart).controls.filter(
                c => c.status !== 'failing',
              ),
              nonCompliant: [],
            }),
          ],
          stale: [
            carryOver(
              {
                target: payment,
                accountId: '222222222222',
                region: 'eu-west-1',
                reason: 'AccessDeniedException: not authorized',
              },
              previous.get(payment.entityRef),
            ),
          ],
          accounts,
        }),
      );
      const paymentRow = (await store.getPbcRow(
        snapshotId,
        payment.entityRef,
      ))!;
      expect(paymentRow).toMatchObject({
        stale: true,
        staleReason: 'AccessDeniedException: not authorized',
        staleAccount: '222222222222',
        score: 29,
        dataAsOf: NOW.toISOString(),
      });
      expect(paymentRow.controls).toHaveLength(2);
      expect(
        await store.listNonCompliant(snapshotId, payment.entityRef),
      ).toHaveLength(1);
      expect(await store.getSnapshot(snapshotId)).toMatchObject({
        partial: true,
      });
      expect(await store.listAccountStatus()).toEqual([
        expect.objectContaining({ accountId: '111111111111', state: 'ok' }),
        expect.objectContaining({
          accountId: '222222222222',
          state: 'failed',
          failingSince: later.toISOString(),
          lastSuccessAt: NOW.toISOString(),
        }),
      ]);
      // The daily score of the stale PBC is not overwritten by carried data.
      const history = await store.listScoreHistory('2025-11-01');
      expect(history.get(cart.entityRef)).toEqual([
        { day: '2025-11-25', score: 100 },
      ]);
      expect(history.get(payment.entityRef)).toEqual([
        { day: '2025-11-25', score: 29 },
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'leaves the previous snapshot current when a write fails on %p',
    async id => {
      const { store } = await createStore(id);
      const first = await store.writeSnapshot(write());
      // The same PBC twice violates the primary key half-way through the write.
      await expect(
        store.writeSnapshot(
          write({
            fresh: [fresh(cart), fresh(cart)],
            events: [riskyEvent('lost', NOW, [cart.entityRef])],
            watermarks: [
              {
                accountId: '111111111111',
                region: 'eu-west-1',
                watermark: NOW,
              },
            ],
          }),
        ),
      ).rejects.toThrow();
      expect(await store.getCurrentSnapshotId()).toBe(first);
      expect(await store.countEvents()).toBe(0);
      expect((await store.getWatermarks()).size).toBe(0);
      expect((await store.listPbcRows(first)).length).toBe(2);
    },
  );

  it.each(databases.eachSupportedId())('applies retention on %p', async id => {
    const { store } = await createStore(id);
    const old = new Date(NOW.getTime() - 100 * 86400000);
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push(
        await store.writeSnapshot(
          write({
            events:
              i === 0 ? [riskyEvent('ancient', old, [cart.entityRef])] : [],
          }),
        ),
      );
    }
    const result = await store.cleanup({
      before: new Date(NOW.getTime() - 90 * 86400000),
      snapshotsToKeep: 2,
    });
    expect(result).toEqual({ snapshots: 2, events: 1 });
    expect(await store.getSnapshot(ids[0])).toBeUndefined();
    expect(await store.listPbcRows(ids[1])).toEqual([]);
    expect(await store.getCurrentSnapshotId()).toBe(ids[3]);
    expect((await store.listPbcRows(ids[3])).length).toBe(2);
  });

  it.each(databases.eachSupportedId())(
    'queues, claims and fails interrupted refreshes on %p',
    async id => {
      const { store } = await createStore(id);
      await store.createRefresh({
        id: 'a5b0f6c2-0000-4000-8000-00000000000a',
        trigger: 'manual',
        state: 'queued',
        now: NOW,
      });
      await store.createRefresh({
        id: 'a5b0f6c2-0000-4000-8000-00000000000b',
        trigger: 'schedule',
        state: 'running',
        now: NOW,
      });
      expect(await store.failInterruptedRefreshes(NOW)).toBe(1);
      expect(await store.getActiveRefresh()).toMatchObject({ state: 'queued' });
      expect(await store.claimQueuedRefreshes(NOW)).toEqual([
        'a5b0f6c2-0000-4000-8000-00000000000a',
      ]);
      expect(await store.claimQueuedRefreshes(NOW)).toEqual([]);
      expect(
        await store.getRefresh('a5b0f6c2-0000-4000-8000-00000000000b'),
      ).toMatchObject({
        state: 'failed',
        error: expect.stringContaining('Interrupted'),
      });
    },
  );

  describe('control text', () => {
    const withText = (
      controlId: string,
      status: StoredControlResult['status'],
    ): StoredControlResult => ({
      id: controlId,
      status,
      compliant: 1,
      nonCompliant: status === 'failing' ? 1 : 0,
      rules: ['A_RULE'],
      ...controlText(findControl(controlId)!),
    });
    const results = (status: StoredControlResult['status']) => [
      withText('PBC-DATA-01', status),
      withText('PBC-DATA-02', 'passing'),
    ];

    it.each(databases.eachSupportedId())(
      'is stored once per snapshot and control, and read back with each PBC on %p',
      async id => {
        const { knex, store } = await createStore(id);
        const older = {
          ...results('failing')[0],
          title: 'The title this control had before',
        };
        const snapshotId = await store.writeSnapshot(
          write({
            fresh: [
              fresh(cart, { controls: results('failing') }),
              fresh(payment, { controls: results('passing') }),
            ],
          }),
        );
        const textRows = await knex('snapshot_control_text').where({
          snapshot_id: snapshotId,
        });
        expect(textRows.map(r => r.control_id).sort()).toEqual([
          'PBC-DATA-01',
          'PBC-DATA-02',
        ]);
        const stored = await knex('pbc_results').where({
          snapshot_id: snapshotId,
        });
        for (const row of stored) {
          expect(row.controls_json).not.toContain('"title"');
        }

        expect(
          (await store.getPbcRow(snapshotId, cart.entityRef))!.controls,
        ).toEqual(results('failing'));
        const both = await store.listPbcResults(snapshotId, [
          cart.entityRef,
          payment.entityRef,
        ]);
        expect(both.get(payment.entityRef)!.row.controls).toEqual(
          results('passing'),
        );

        // A stale PBC carried with another text for the same control keeps
        // its own.
        const next = await store.writeSnapshot(
          write({
            fresh: [fresh(payment, { controls: results('passing') })],
            stale: [
              {
                ...fresh(cart, { controls: [older] }),
                staleness: {
                  accountId: cart.accountId,
                  region: cart.region,
                  reason: 'AccessDenied',
                },
              },
            ],
          }),
        );
        expect((await store.getPbcRow(next, cart.entityRef))!.controls).toEqual(
          [older],
        );
        expect(
          (await store.getPbcRow(next, payment.entityRef))!.controls,
        ).toEqual(results('passing'));

        // Retention takes a snapshot's text with it.
        await store.cleanup({ before: NOW, snapshotsToKeep: 1 });
        expect(
          (await knex('snapshot_control_text').select('snapshot_id')).map(r =>
            Number(r.snapshot_id),
          ),
        ).toEqual([next, next]);
      },
    );

    it.each(databases.eachSupportedId())(
      'goes back into every row when the migration is undone on %p',
      async id => {
        const { knex, store } = await createStore(id);
        const snapshotId = await store.writeSnapshot(
          write({ fresh: [fresh(cart, { controls: results('failing') })] }),
        );
        await knex.migrate.down({
          directory: migrationsDir,
          name: '20261206030001_snapshot_control_text.js',
        });
        const row = await knex('pbc_results')
          .where({ snapshot_id: snapshotId })
          .first();
        expect(JSON.parse(row.controls_json)).toEqual(results('failing'));
      },
    );
  });
});
