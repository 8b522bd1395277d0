// The portal's backend on both databases it supports: SQLite (the embedded default) and
// PostgreSQL (production). The test command provides PostgreSQL and sets PBC_REQUIRE_POSTGRES.
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import path from 'node:path';
import request from 'supertest';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const orgFile = path.resolve(__dirname, '../../../catalog/org.yaml');

describe('backend databases', () => {
  it('has PostgreSQL available when the test command requires it', () => {
    const required = process.env.PBC_REQUIRE_POSTGRES === '1';
    expect(databases.supports('POSTGRES_15') || !required).toBe(true);
    expect(databases.supports('SQLITE_3')).toBe(true);
  });

  it.each(databases.eachSupportedId())(
    'migrates the catalog and serves the demo organisation on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { server } = await startTestBackend({
        features: [
          catalogPlugin,
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                rules: [{ allow: ['User', 'Group'] }],
                locations: [{ type: 'file', target: orgFile }],
                processingInterval: { seconds: 1 },
              },
            },
          }),
        ],
      });

      // The catalog ingests the location asynchronously; poll until the team appears.
      let status = 0;
      for (let attempt = 0; attempt < 60 && status !== 200; attempt++) {
        const response = await request(server)
          .get('/api/catalog/entities/by-name/group/default/platform-team')
          .set('Authorization', mockCredentials.user.header());
        status = response.status;
        if (status !== 200) await new Promise(r => setTimeout(r, 500));
      }
      expect(status).toBe(200);
      const tables = await knex.schema.hasTable('final_entities');
      expect(tables).toBe(true);
    },
  );
});
