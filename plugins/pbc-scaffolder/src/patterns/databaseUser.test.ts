import fs from 'node:fs';
import path from 'node:path';
import { DATABASE_PORT } from '@pbc-portal/pbc-domain';
import { SPECS } from '../__testUtils__/specs';
import { AURORA_MASTER_USERNAME, databaseUserSql } from './databaseUser';
import { renderInfrastructure } from './render';

type Resource = { Type: string; Properties: Record<string, any> };

/** The user name at the end of the role's rds-db:connect resource (`…:dbuser:<id>/<user>`). */
function connectUsers(template: Record<string, unknown>): string[] {
  const statements = Object.values(
    template.Resources as Record<string, Resource>,
  )
    .filter(r => r.Type === 'AWS::IAM::ManagedPolicy')
    .flatMap(r => r.Properties.PolicyDocument.Statement as any[]);
  return statements
    .filter(s => [s.Action].flat().includes('rds-db:connect'))
    .flatMap(s => [s.Resource].flat())
    .map(resource => {
      const text = JSON.stringify(resource);
      // The ARN is a Fn::Join whose last literal part is "/<user>".
      const match =
        text.match(/\/([a-z0-9-]+)"\]\]\}$/) ?? text.match(/\/([a-z0-9-]+)"$/);
      if (!match) {
        throw new Error(`no database user in ${text}`);
      }
      return match[1];
    });
}

describe('the IAM database user of an Aurora PBC', () => {
  const spec = Object.values(SPECS).find(
    s => s.dataStore === 'aurora-postgresql',
  )!;
  const rendered = renderInfrastructure(spec);
  const sql = rendered.databaseUserSql!;

  it('is created with rds_iam under the name the role may connect as', () => {
    const users = connectUsers(rendered.template);
    expect(users).toHaveLength(1);
    const [user] = users;
    expect(sql).toContain(`CREATE ROLE "${user}" LOGIN;`);
    expect(sql).toContain(`GRANT rds_iam TO "${user}";`);
    expect(sql).toContain(`WHERE rolname = '${user}'`);
    // Every role the SQL names is that user.
    const named = [...sql.matchAll(/(?:ROLE|TO|AUTHORIZATION) "([^"]+)"/g)].map(
      m => m[1],
    );
    expect(new Set(named)).toEqual(new Set([user]));
  });

  it('connects as the master user to the cluster the template creates, on its port', () => {
    const cluster = Object.values(
      rendered.template.Resources as Record<string, Resource>,
    ).find(r => r.Type === 'AWS::RDS::DBCluster')!.Properties;
    expect(cluster.EnableIAMDatabaseAuthentication).toBe(true);
    expect(cluster.MasterUsername).toBe(AURORA_MASTER_USERNAME);
    expect(sql).toContain(
      `--db-cluster-identifier ${cluster.DBClusterIdentifier} `,
    );
    expect(cluster.Port).toBe(DATABASE_PORT);
    expect(sql).toContain(`port=${cluster.Port} `);
    expect(sql).toContain(`user=${AURORA_MASTER_USERNAME} `);
  });

  it('is rendered only for Aurora', () => {
    const dynamo = Object.values(SPECS).find(s => s.dataStore === 'dynamodb')!;
    expect(renderInfrastructure(dynamo).databaseUserSql).toBeUndefined();
  });

  it('quotes names with hyphens', () => {
    expect(databaseUserSql('gift-card')).toContain(
      'CREATE ROLE "gift-card" LOGIN;',
    );
  });

  it('is the step the generated docs give an Aurora PBC', () => {
    const docs = fs.readFileSync(
      path.resolve(
        __dirname,
        '../../../../templates/pbc/skeleton/docs/index.md.njk',
      ),
      'utf8',
    );
    const aurora = docs
      .split('## Data store')[1]
      .split("values.spec.dataStore == 'aurora-postgresql'")[1]
      .split('{%- else -%}')[0];
    expect(aurora).toContain('`infrastructure/database-user.sql`');
  });
});
