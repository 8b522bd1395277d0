import { asArray, props, referencedId, refersTo } from '../template';
import type { CheckContext } from './context';

export function checkData(ctx: CheckContext) {
  const { spec } = ctx;
  const tables = ctx.of('AWS::DynamoDB::Table');
  const clusters = ctx.of('AWS::RDS::DBCluster');
  const instances = ctx.of('AWS::RDS::DBInstance');
  const expectTables = spec.dataStore === 'dynamodb' ? 1 : 0;
  const expectClusters = spec.dataStore === 'aurora-postgresql' ? 1 : 0;
  if (tables.length !== expectTables) {
    ctx.add(
      'PBC-GOV-03',
      `dataStore ${spec.dataStore} means ${expectTables} DynamoDB table(s), found ${tables.length}`,
    );
  }
  if (clusters.length !== expectClusters) {
    ctx.add(
      'PBC-GOV-03',
      `dataStore ${spec.dataStore} means ${expectClusters} Aurora cluster(s), found ${clusters.length}`,
    );
  }
  if (expectClusters === 0 && instances.length > 0) {
    ctx.add(
      'PBC-GOV-03',
      `dataStore ${spec.dataStore} means no database instances`,
    );
  }

  for (const [id, table] of tables) {
    const p = props(table);
    if (
      p.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled !== true
    ) {
      ctx.add('PBC-DATA-01', 'table without point-in-time recovery', id);
    }
    const sse = p.SSESpecification ?? {};
    if (
      sse.SSEEnabled !== true ||
      sse.SSEType !== 'KMS' ||
      !ctx.isOwnKey(sse.KMSMasterKeyId)
    ) {
      ctx.add('PBC-DATA-02', 'table not encrypted with the PBC key', id);
    }
    if (
      p.DeletionProtectionEnabled !== true ||
      table.DeletionPolicy !== 'Retain'
    ) {
      ctx.add(
        'PBC-DATA-05',
        'table without deletion protection and a Retain deletion policy',
        id,
      );
    }
  }

  for (const [id, cluster] of clusters) {
    const p = props(cluster);
    const members = instances.filter(([, i]) =>
      refersTo(props(i).DBClusterIdentifier, id),
    );
    const zones = new Set(
      members.map(([, i]) => JSON.stringify(props(i).AvailabilityZone ?? null)),
    );
    if (members.length < 2 || zones.size < 2 || zones.has('null')) {
      ctx.add(
        'PBC-DATA-03',
        'cluster needs a writer and a reader pinned to different Availability Zones',
        id,
      );
    }
    if (p.StorageEncrypted !== true || !ctx.isOwnKey(p.KmsKeyId)) {
      ctx.add(
        'PBC-DATA-04',
        'cluster storage not encrypted with the PBC key',
        id,
      );
    }
    if (
      p.DeletionProtection !== true ||
      !['Snapshot', 'Retain'].includes(cluster.DeletionPolicy ?? '')
    ) {
      ctx.add(
        'PBC-DATA-05',
        'cluster without deletion protection and a Snapshot deletion policy',
        id,
      );
    }
    if (!(Number(p.BackupRetentionPeriod ?? 1) >= 7)) {
      ctx.add(
        'PBC-DATA-07',
        'automated backups kept for fewer than 7 days',
        id,
      );
    }
    if (p.EnableIAMDatabaseAuthentication !== true) {
      ctx.add('PBC-IAM-06', 'IAM database authentication is off', id);
    }
    if (
      p.MasterUserPassword === undefined &&
      p.ManageMasterUserPassword !== true
    ) {
      ctx.add(
        'PBC-IAM-06',
        'master password neither managed by RDS nor a dynamic reference',
        id,
      );
    }
    if (
      p.ManageMasterUserPassword === true &&
      !ctx.isOwnKey(p.MasterUserSecret?.KmsKeyId)
    ) {
      ctx.add(
        'PBC-IAM-06',
        'master user secret not encrypted with the PBC key',
        id,
      );
    }
    const groups = asArray(p.VpcSecurityGroupIds);
    if (
      groups.length === 0 ||
      groups.some(
        g =>
          ctx.resources[referencedId(g) ?? '']?.Type !==
          'AWS::EC2::SecurityGroup',
      )
    ) {
      ctx.add(
        'PBC-DATA-06',
        'cluster must use only security groups of the PBC stack',
        id,
      );
    }
  }
  for (const [id, instance] of instances) {
    if (props(instance).PubliclyAccessible !== false) {
      ctx.add('PBC-DATA-06', 'database instance not explicitly private', id);
    }
  }

  for (const [id, key] of ctx.of('AWS::KMS::Key')) {
    const p = props(key);
    if (p.EnableKeyRotation !== true) {
      ctx.add('PBC-DATA-18', 'key rotation is off', id);
    }
    if (
      key.DeletionPolicy !== 'Retain' ||
      Number(p.PendingWindowInDays) !== 30
    ) {
      ctx.add(
        'PBC-DATA-19',
        'key must be retained, with a 30-day deletion window',
        id,
      );
    }
  }
}
