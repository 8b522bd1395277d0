import { defineControls, lint, nag, own } from './define';
import { COMPLIANCE_RECORD_TAG } from './tags';

/** The data family: databases, caches, object storage, encryption keys. In id order. */
export const dataControls = defineControls([
  {
    id: 'PBC-DATA-01',
    title: 'DynamoDB tables have point-in-time recovery',
    family: 'data',
    severity: 'high',
    description:
      'Cart, session and other DynamoDB tables keep continuous backups with point-in-time recovery. A bad deployment that corrupts items can be undone to the second.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'],
    prevention: {
      pattern:
        'Generated tables set PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled=true.',
      checks: [nag('DDB3'), own('PBC-DATA-01')],
    },
    detection: {
      configRule: { identifier: 'DYNAMODB_PITR_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'dynamodb.amazonaws.com',
          eventNames: ['UpdateContinuousBackups'],
          when: 'pitr-disabled',
          why: 'Point-in-time recovery was switched off.',
        },
      ],
    },
    remediation:
      'Turn PITR back on (dynamodb update-continuous-backups); the recovery window restarts from now.',
    guidance: { article: '07-databases', anchor: 'rpo-and-rto-by-design' },
  },
  {
    id: 'PBC-DATA-02',
    title: 'DynamoDB tables are encrypted with a customer-managed KMS key',
    family: 'data',
    severity: 'medium',
    description:
      'Tables use the owning PBC’s KMS key rather than the AWS owned key. The key policy then decides who can read the data, and CloudTrail records every use.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::DynamoDB::Table', 'AWS::KMS::Key'],
    prevention: {
      pattern:
        'Generated tables set SSESpecification with SSEType KMS and the PBC’s key.',
      checks: [own('PBC-DATA-02')],
    },
    detection: {
      configRule: { identifier: 'DYNAMODB_TABLE_ENCRYPTED_KMS' },
      cloudTrail: [
        {
          eventSource: 'dynamodb.amazonaws.com',
          eventNames: ['CreateTable', 'UpdateTable'],
          when: 'kms-encryption-absent',
          why: 'A table was created or switched to the AWS owned key.',
        },
      ],
    },
    remediation:
      'Update the table’s SSE specification to the PBC’s key through the spec; the switch is online.',
    guidance: {
      article: '07-databases',
      anchor: 'encryption-at-rest-for-every-store',
    },
  },
  {
    id: 'PBC-DATA-03',
    title: 'Relational databases are Multi-AZ',
    family: 'data',
    severity: 'high',
    description:
      'Aurora clusters have a replica in a second Availability Zone and RDS instances run Multi-AZ. Read replicas are for scaling reads; only Multi-AZ gives the automatic failover the Order PBC needs.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance'],
    prevention: {
      pattern:
        'Aurora clusters are rendered with a writer and a reader in different AZs; RDS instances set MultiAZ=true.',
      checks: [nag('RDS3'), own('PBC-DATA-03')],
    },
    detection: {
      configRule: { identifier: 'RDS_CLUSTER_MULTI_AZ_ENABLED' },
      relatedConfigRules: [{ identifier: 'RDS_MULTI_AZ_SUPPORT' }],
      cloudTrail: [
        {
          eventSource: 'rds.amazonaws.com',
          eventNames: ['ModifyDBInstance'],
          when: 'multi-az-disabled',
          why: 'Multi-AZ was switched off for a database instance.',
        },
        {
          eventSource: 'rds.amazonaws.com',
          eventNames: ['DeleteDBInstance'],
          why: 'A database instance (possibly the only replica) was deleted.',
        },
      ],
    },
    remediation:
      'Add a reader in another AZ to the Aurora cluster, or modify the RDS instance to Multi-AZ, during a low-traffic window.',
    guidance: {
      article: '07-databases',
      anchor: 'multi-az-versus-read-replicas',
    },
  },
  {
    id: 'PBC-DATA-04',
    title: 'Relational database storage is encrypted',
    family: 'data',
    severity: 'high',
    description:
      'Aurora and RDS storage, backups and snapshots are encrypted with the PBC’s KMS key. Encryption cannot be added to an existing database in place, so it must be right at creation.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance'],
    prevention: {
      pattern:
        'Generated clusters and instances set StorageEncrypted=true with the PBC’s KmsKeyId.',
      checks: [nag('RDS2'), own('PBC-DATA-04')],
    },
    detection: {
      configRule: { identifier: 'RDS_STORAGE_ENCRYPTED' },
      cloudTrail: [
        {
          eventSource: 'rds.amazonaws.com',
          eventNames: [
            'CreateDBCluster',
            'CreateDBInstance',
            'RestoreDBClusterFromSnapshot',
          ],
          when: 'kms-encryption-absent',
          why: 'An unencrypted database was created.',
        },
      ],
    },
    remediation:
      'Snapshot the database, copy the snapshot with the PBC’s KMS key, restore from the encrypted copy and cut over.',
    guidance: {
      article: '07-databases',
      anchor: 'encryption-at-rest-for-every-store',
    },
  },
  {
    id: 'PBC-DATA-05',
    title: 'Databases have deletion protection',
    family: 'data',
    severity: 'high',
    description:
      'Aurora clusters and RDS instances have deletion protection, and their CloudFormation resources retain or snapshot on delete. A stack teardown or a mistyped command must not take the order history with it.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance'],
    prevention: {
      pattern:
        'Generated databases set DeletionProtection=true and DeletionPolicy/UpdateReplacePolicy Snapshot.',
      checks: [nag('RDS10'), lint('I3011'), own('PBC-DATA-05')],
    },
    detection: {
      configRule: { identifier: 'RDS_CLUSTER_DELETION_PROTECTION_ENABLED' },
      relatedConfigRules: [
        { identifier: 'RDS_INSTANCE_DELETION_PROTECTION_ENABLED' },
      ],
      cloudTrail: [
        {
          eventSource: 'rds.amazonaws.com',
          eventNames: ['ModifyDBCluster', 'ModifyDBInstance'],
          when: 'deletion-protection-disabled',
          why: 'Deletion protection was switched off.',
        },
        {
          eventSource: 'rds.amazonaws.com',
          eventNames: ['DeleteDBCluster'],
          why: 'A database cluster was deleted.',
        },
      ],
    },
    remediation:
      'Turn deletion protection back on and confirm who needed it off and why.',
    guidance: {
      article: '07-databases',
      anchor: 'protecting-the-order-database-from-deletion',
    },
  },
  {
    id: 'PBC-DATA-06',
    title: 'Databases and their snapshots are not public',
    family: 'data',
    severity: 'critical',
    description:
      'No database instance is publicly accessible and no snapshot is shared with all accounts. Databases are reached only by their owning PBC, from inside the VPC.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
    prevention: {
      pattern:
        'Generated databases set PubliclyAccessible=false and live in isolated subnets with a security group open to the PBC only.',
      checks: [own('PBC-DATA-06')],
    },
    detection: {
      configRule: { identifier: 'RDS_INSTANCE_PUBLIC_ACCESS_CHECK' },
      relatedConfigRules: [{ identifier: 'RDS_SNAPSHOTS_PUBLIC_PROHIBITED' }],
      cloudTrail: [
        {
          eventSource: 'rds.amazonaws.com',
          eventNames: ['ModifyDBInstance', 'CreateDBInstance'],
          when: 'made-publicly-accessible',
          why: 'A database was made reachable from the internet.',
        },
        {
          eventSource: 'rds.amazonaws.com',
          eventNames: [
            'ModifyDBSnapshotAttribute',
            'ModifyDBClusterSnapshotAttribute',
          ],
          when: 'snapshot-shared-publicly',
          why: 'A database snapshot was shared with every AWS account.',
        },
      ],
    },
    remediation:
      'Set PubliclyAccessible=false and remove `all` from snapshot restore attributes at once; treat the data as exposed and review access logs.',
    guidance: { article: '07-databases', anchor: 'keeping-databases-private' },
  },
  {
    id: 'PBC-DATA-07',
    title: 'Relational databases keep automated backups',
    family: 'data',
    severity: 'medium',
    description:
      'Automated backups are on with a retention of at least seven days. The RPO agreed for a PBC is only real if a restore point exists.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance'],
    prevention: {
      pattern:
        'Generated databases set BackupRetentionPeriod from the PBC spec, 7 days minimum.',
      checks: [nag('RDS13'), own('PBC-DATA-07')],
    },
    detection: {
      configRule: { identifier: 'DB_INSTANCE_BACKUP_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'rds.amazonaws.com',
          eventNames: ['ModifyDBInstance', 'ModifyDBCluster'],
          when: 'backups-disabled',
          why: 'Automated backups were switched off.',
        },
      ],
    },
    remediation:
      'Set the backup retention back to the spec value and run a restore test.',
    guidance: { article: '07-databases', anchor: 'rpo-and-rto-by-design' },
  },
  {
    id: 'PBC-DATA-08',
    title: 'The analytics warehouse is private and encrypted',
    family: 'data',
    severity: 'high',
    description:
      'The Redshift cluster that joins data across PBCs is not publicly accessible and is encrypted at rest. It holds the most complete copy of customer and order data on the platform.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::Redshift::Cluster'],
    prevention: {
      pattern:
        'The analytics stack sets PubliclyAccessible=false and Encrypted=true with its KMS key.',
      checks: [nag('RS8'), nag('RS6')],
    },
    detection: {
      configRule: { identifier: 'REDSHIFT_CLUSTER_PUBLIC_ACCESS_CHECK' },
      cloudTrail: [
        {
          eventSource: 'redshift.amazonaws.com',
          eventNames: ['ModifyCluster'],
          when: 'made-publicly-accessible',
          why: 'The warehouse was made reachable from the internet.',
        },
      ],
    },
    remediation:
      'Modify the cluster to PubliclyAccessible=false and review its connection log for outside access.',
    guidance: { article: '07-databases', anchor: 'keeping-databases-private' },
  },
  {
    id: 'PBC-DATA-09',
    title: 'ElastiCache encrypts traffic in transit',
    family: 'data',
    severity: 'high',
    description:
      'Redis replication groups require TLS for every client connection. Sessions and carts in the cache carry tokens and personal data.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::ElastiCache::ReplicationGroup'],
    prevention: {
      pattern:
        'Generated replication groups set TransitEncryptionEnabled=true (mode required).',
      checks: [nag('AEC3'), own('PBC-DATA-09')],
    },
    detection: {
      configRule: { identifier: 'ELASTICACHE_REPL_GRP_ENCRYPTED_IN_TRANSIT' },
      cloudTrail: [
        {
          eventSource: 'elasticache.amazonaws.com',
          eventNames: ['ModifyReplicationGroup'],
          when: 'tls-not-required',
          why: 'The cache now accepts plaintext connections.',
        },
      ],
    },
    remediation:
      'Set transit encryption mode back to required after clients are confirmed on TLS.',
    guidance: {
      article: '10-elasticache',
      anchor: 'encryption-in-transit-and-at-rest',
    },
  },
  {
    id: 'PBC-DATA-10',
    title: 'ElastiCache encrypts data at rest',
    family: 'data',
    severity: 'medium',
    description:
      'Redis replication groups encrypt data at rest, including backups, with the PBC’s key. Snapshots of a session cache are as sensitive as the sessions.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::ElastiCache::ReplicationGroup'],
    prevention: {
      pattern:
        'Generated replication groups set AtRestEncryptionEnabled=true with the PBC’s KmsKeyId.',
      checks: [nag('AEC3'), own('PBC-DATA-10')],
    },
    detection: {
      configRule: { identifier: 'ELASTICACHE_REPL_GRP_ENCRYPTED_AT_REST' },
      cloudTrail: [
        {
          eventSource: 'elasticache.amazonaws.com',
          eventNames: ['CreateReplicationGroup'],
          when: 'kms-encryption-absent',
          why: 'A cache was created without encryption at rest.',
        },
      ],
    },
    remediation:
      'At-rest encryption is set at creation: create an encrypted replication group from the spec, warm it and switch the PBC over.',
    guidance: {
      article: '10-elasticache',
      anchor: 'encryption-in-transit-and-at-rest',
    },
  },
  {
    id: 'PBC-DATA-11',
    title: 'ElastiCache fails over automatically across AZs',
    family: 'data',
    severity: 'high',
    description:
      'Redis replication groups have a replica in another AZ with automatic failover and Multi-AZ on. When the primary fails during a sale, a replica takes over in seconds instead of every PBC hitting a cold database.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::ElastiCache::ReplicationGroup'],
    prevention: {
      pattern:
        'Generated replication groups set AutomaticFailoverEnabled=true, MultiAZEnabled=true and at least one replica.',
      checks: [nag('AEC4'), own('PBC-DATA-11')],
    },
    detection: {
      configRule: { identifier: 'ELASTICACHE_REPL_GRP_AUTO_FAILOVER_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'elasticache.amazonaws.com',
          eventNames: ['ModifyReplicationGroup'],
          when: 'failover-disabled',
          why: 'Automatic failover was switched off.',
        },
      ],
    },
    remediation:
      'Add a replica in another AZ and enable automatic failover and Multi-AZ on the replication group.',
    guidance: { article: '10-elasticache', anchor: 'multi-az-failover' },
  },
  {
    id: 'PBC-DATA-12',
    title: 'S3 buckets block public access',
    family: 'data',
    severity: 'critical',
    description:
      'All four Block Public Access settings are on for every bucket and for the account; storefront assets are served through CloudFront, never from a public bucket. A public bucket is the most common cloud data leak.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::S3::Bucket', 'AWS::S3::BucketPolicy'],
    prevention: {
      pattern:
        'Generated buckets set PublicAccessBlockConfiguration with all four flags and use bucket policies, not ACLs.',
      checks: [nag('S2'), lint('W3045'), own('PBC-DATA-12')],
    },
    detection: {
      configRule: { identifier: 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED' },
      relatedConfigRules: [
        { identifier: 'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC' },
      ],
      cloudTrail: [
        {
          eventSource: 's3.amazonaws.com',
          eventNames: [
            'PutBucketPolicy',
            'PutBucketAcl',
            'PutBucketPublicAccessBlock',
            'DeleteBucketPublicAccessBlock',
          ],
          when: 'bucket-made-public',
          why: 'A bucket was opened to the public.',
        },
      ],
    },
    remediation:
      'Turn Block Public Access back on for the bucket, remove public statements and ACL grants, and check server access logs for reads while it was open.',
    guidance: { article: '02-s3-glacier', anchor: 'blocking-public-access' },
  },
  {
    id: 'PBC-DATA-13',
    title: 'S3 buckets use SSE-KMS by default',
    family: 'data',
    severity: 'high',
    description:
      'Buckets default to SSE-KMS with the owning PBC’s key and S3 Bucket Keys. Reading an object then needs kms:Decrypt as well, which keeps shared assets from leaking across PBCs.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::S3::Bucket'],
    prevention: {
      pattern:
        'Generated buckets set BucketEncryption to aws:kms with the PBC’s key and BucketKeyEnabled=true.',
      checks: [own('PBC-DATA-13')],
    },
    detection: {
      configRule: { identifier: 'S3_DEFAULT_ENCRYPTION_KMS' },
      cloudTrail: [
        {
          eventSource: 's3.amazonaws.com',
          eventNames: ['PutBucketEncryption'],
          when: 'kms-encryption-absent',
          why: 'A bucket’s default encryption was changed away from KMS.',
        },
        {
          eventSource: 's3.amazonaws.com',
          eventNames: ['DeleteBucketEncryption'],
          why: 'A bucket’s default encryption configuration was removed.',
        },
      ],
    },
    remediation:
      'Set default encryption back to the PBC’s KMS key; re-encrypt objects written meanwhile with a batch copy.',
    guidance: { article: '02-s3-glacier', anchor: 'encryption-with-sse-kms' },
  },
  {
    id: 'PBC-DATA-14',
    title: 'S3 buckets refuse requests without TLS',
    family: 'data',
    severity: 'medium',
    description:
      'Bucket policies deny every request with aws:SecureTransport false. Pre-signed URLs handed to browsers must not work over plain HTTP.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::S3::Bucket', 'AWS::S3::BucketPolicy'],
    prevention: {
      pattern:
        'Generated bucket policies include the TLS-only Deny statement (enforceSSL).',
      checks: [nag('S10')],
    },
    detection: {
      configRule: { identifier: 'S3_BUCKET_SSL_REQUESTS_ONLY' },
      cloudTrail: [
        {
          eventSource: 's3.amazonaws.com',
          eventNames: ['PutBucketPolicy'],
          when: 'secure-transport-deny-missing',
          why: 'A bucket policy no longer enforces TLS.',
        },
        {
          eventSource: 's3.amazonaws.com',
          eventNames: ['DeleteBucketPolicy'],
          why: 'A bucket policy, and with it the TLS rule, was deleted.',
        },
      ],
    },
    remediation:
      'Restore the bucket policy from the stack so the TLS-only statement is back.',
    guidance: { article: '02-s3-glacier', anchor: 'tls-only-bucket-policies' },
  },
  {
    id: 'PBC-DATA-15',
    title: 'S3 buckets are versioned',
    family: 'data',
    severity: 'medium',
    description:
      'Buckets keep object versions, with lifecycle rules that expire old versions. An overwrite or delete by a buggy PBC release can then be rolled back.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::S3::Bucket'],
    prevention: {
      pattern:
        'Generated buckets set VersioningConfiguration Enabled and a NoncurrentVersionExpiration lifecycle rule.',
      checks: [own('PBC-DATA-15')],
    },
    detection: {
      configRule: { identifier: 'S3_BUCKET_VERSIONING_ENABLED' },
      cloudTrail: [
        {
          eventSource: 's3.amazonaws.com',
          eventNames: ['PutBucketVersioning'],
          when: 'versioning-suspended',
          why: 'Versioning was suspended on a bucket.',
        },
      ],
    },
    remediation:
      'Enable versioning again (objects changed while suspended have no history) and keep the lifecycle rule.',
    guidance: { article: '02-s3-glacier', anchor: 'versioning-and-lifecycle' },
  },
  {
    id: 'PBC-DATA-16',
    title: 'Compliance records are write-once',
    family: 'data',
    severity: 'high',
    description:
      'Buckets tagged as compliance records (orders, invoices, audit evidence) have Object Lock in compliance mode with a default retention, and transition to Glacier storage classes. Records an auditor relies on must be provably unchanged.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::S3::Bucket'],
    prevention: {
      pattern:
        'Buckets the spec declares as compliance records are created with ObjectLockEnabled, a COMPLIANCE default retention from the spec and a lifecycle transition to Glacier Deep Archive.',
      checks: [own('PBC-DATA-16')],
    },
    detection: {
      configRule: {
        identifier: 'S3_BUCKET_DEFAULT_LOCK_ENABLED',
        tagScope: COMPLIANCE_RECORD_TAG,
      },
      cloudTrail: [
        {
          eventSource: 's3.amazonaws.com',
          eventNames: ['PutObjectLockConfiguration'],
          when: 'object-lock-weakened',
          why: 'Object Lock retention was weakened on a records bucket.',
        },
        {
          eventSource: 'glacier.amazonaws.com',
          eventNames: ['AbortVaultLock', 'DeleteVaultAccessPolicy'],
          why: 'A Glacier vault lock or its policy was removed.',
        },
      ],
    },
    remediation:
      'Object Lock can only be enabled on a bucket by AWS support or at creation: create a locked bucket from the spec, copy the records with their retention and point the PBC at it.',
    guidance: {
      article: '02-s3-glacier',
      anchor: 'glacier-and-object-lock-for-compliance-records',
    },
  },
  {
    id: 'PBC-DATA-17',
    title: 'EBS encryption is on by default',
    family: 'data',
    severity: 'high',
    description:
      'Every account and Region encrypts new EBS volumes and snapshots by default. Then no AMI, launch template or manual volume can create unencrypted storage by forgetting a flag.',
    scope: 'all',
    level: 'account',
    resourceTypes: ['AWS::EC2::Volume', 'AWS::EC2::Instance'],
    prevention: {
      pattern:
        'Account baseline enables EBS encryption by default with the platform key; generated launch templates also set Encrypted=true on block devices.',
      checks: [nag('EC26')],
    },
    detection: {
      configRule: { identifier: 'EC2_EBS_ENCRYPTION_BY_DEFAULT' },
      relatedConfigRules: [{ identifier: 'ENCRYPTED_VOLUMES' }],
      cloudTrail: [
        {
          eventSource: 'ec2.amazonaws.com',
          eventNames: ['DisableEbsEncryptionByDefault'],
          why: 'EBS default encryption was turned off.',
        },
      ],
    },
    remediation:
      'Enable EBS encryption by default in the Region; replace unencrypted volumes by snapshot, encrypted copy and restore.',
    guidance: { article: '03-ec2-ebs', anchor: 'encrypting-ebs-by-default' },
  },
  {
    id: 'PBC-DATA-18',
    title: 'KMS keys rotate yearly',
    family: 'data',
    severity: 'medium',
    description:
      'Customer-managed symmetric keys have automatic rotation on. Rotation limits how much data any one key version protects.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::KMS::Key'],
    prevention: {
      pattern: 'Generated keys set EnableKeyRotation=true.',
      checks: [nag('KMS5')],
    },
    detection: {
      configRule: { identifier: 'CMK_BACKING_KEY_ROTATION_ENABLED' },
      cloudTrail: [
        {
          eventSource: 'kms.amazonaws.com',
          eventNames: ['DisableKeyRotation'],
          why: 'Automatic rotation was turned off for a key.',
        },
      ],
    },
    remediation:
      'Enable key rotation (kms enable-key-rotation); no data needs re-encrypting.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'key-management-and-rotation',
    },
  },
  {
    id: 'PBC-DATA-19',
    title: 'KMS keys are not deleted while data depends on them',
    family: 'data',
    severity: 'high',
    description:
      'PBC keys are retained when stacks are deleted and are not scheduled for deletion while any table, bucket or backup uses them. Deleting a key makes everything encrypted under it unreadable, backups included.',
    scope: 'all',
    level: 'pbc',
    resourceTypes: ['AWS::KMS::Key'],
    prevention: {
      pattern:
        'Generated keys set DeletionPolicy/UpdateReplacePolicy Retain and a 30-day PendingWindowInDays.',
      checks: [own('PBC-DATA-19')],
    },
    detection: {
      configRule: { identifier: 'KMS_CMK_NOT_SCHEDULED_FOR_DELETION' },
      cloudTrail: [
        {
          eventSource: 'kms.amazonaws.com',
          eventNames: ['ScheduleKeyDeletion', 'DisableKey'],
          why: 'A key was scheduled for deletion or disabled.',
        },
      ],
    },
    remediation:
      'Cancel the deletion (kms cancel-key-deletion) and re-enable the key, then find what still depends on it before retiring it properly.',
    guidance: {
      article: '12-security-architecture',
      anchor: 'key-management-and-rotation',
    },
  },
]);
