import { createServiceFactory } from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import knexFactory, { Knex } from 'knex';
import { pbcEntity, TEST_IDENTITY_CONFIG } from './__testUtils__/testTargets';
import plugin from './index';
import { complianceReaderServiceRef } from './service/serviceRefs';
import { FakeComplianceReader } from './__testUtils__/FakeComplianceReader';

jest.setTimeout(90_000);

const INTERVAL_MS = 2000;

describe('two backend instances on one PostgreSQL database', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
  const entities = [
    pbcEntity('cart'),
    pbcEntity('search', { accountId: '222222222222' }),
  ];

  async function startInstance(knex: Knex, reader: FakeComplianceReader) {
    return startTestBackend({
      features: [
        plugin,
        // The real scheduler: a global task takes a lock in the database.
        schedulerServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            ...TEST_IDENTITY_CONFIG,
            complianceDashboard: {
              schedule: {
                frequency: { milliseconds: INTERVAL_MS },
                timeout: { minutes: 1 },
              },
            },
          },
        }),
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({ entities }),
        createServiceFactory({
          service: complianceReaderServiceRef,
          deps: {},
          factory: () => reader,
        }),
      ],
    });
  }

  it.each(databases.eachSupportedId())(
    'runs one refresh per interval on %p',
    async id => {
      const knexA = await databases.init(id);
      // A second connection pool to the same database, as a second replica has.
      const knexB = knexFactory(knexA.client.config);
      const readerA = new FakeComplianceReader();
      const readerB = new FakeComplianceReader();
      const a = await startInstance(knexA, readerA);
      const b = await startInstance(knexB, readerB);
      const started = Date.now();

      await new Promise(resolve => setTimeout(resolve, 11_000));
      const elapsed = Date.now() - started;
      await Promise.all([a.stop(), b.stop()]);

      const runs: Array<{
        started_at: string;
        finished_at: string | null;
        state: string;
      }> = await knexA('refreshes')
        .where({ trigger: 'schedule' })
        .orderBy('started_at');
      await knexB.destroy();

      // Both instances scheduled the task; together they ran it no more
      // often than the interval allows, never two at once.
      expect(runs.length).toBeGreaterThanOrEqual(2);
      expect(runs.length).toBeLessThanOrEqual(
        Math.ceil(elapsed / INTERVAL_MS) + 1,
      );
      for (let i = 1; i < runs.length; i++) {
        const gap =
          Date.parse(runs[i].started_at) - Date.parse(runs[i - 1].started_at);
        expect(gap).toBeGreaterThanOrEqual(INTERVAL_MS * 0.75);
      }
      // No run started before the previous one finished.
      const overlaps = runs.filter(
        (run, i) =>
          i > 0 &&
          runs[i - 1].finished_at !== null &&
          Date.parse(run.started_at) < Date.parse(runs[i - 1].finished_at!),
      );
      expect(overlaps).toEqual([]);
      // Each run reads Config and CloudTrail of two accounts once: four
      // calls; a run cut short by the shutdown may have made fewer.
      const succeeded = runs.filter(r => r.state === 'succeeded').length;
      const calls = readerA.calls + readerB.calls;
      expect(calls).toBeGreaterThanOrEqual(succeeded * 4);
      expect(calls).toBeLessThanOrEqual(runs.length * 4);
    },
  );
});
