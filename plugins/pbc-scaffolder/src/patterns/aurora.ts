/* eslint-disable no-new -- CDK constructs attach themselves to the construct tree when created. */
import { Aws, CfnDeletionPolicy, Fn, Tags } from 'aws-cdk-lib';
import { CfnSecurityGroup } from 'aws-cdk-lib/aws-ec2';
import {
  CfnDBCluster,
  CfnDBClusterParameterGroup,
  CfnDBInstance,
  CfnDBSubnetGroup,
} from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { AURORA_MASTER_USERNAME } from './databaseUser';
import { connectToOwnGroup } from './network';
import type { PlatformImports } from './platformImports';
import type { PbcRole } from './role';
import {
  DATABASE_PORT,
  TAG_KEYS,
  alarmName,
  databaseSecurityGroupName,
  databaseUserName,
  pbcResourceName,
  postgresLogGroupName,
} from '@pbc-portal/pbc-domain';
import { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';

export const AURORA_ENGINE_VERSION = '16.9';
/**
 * Aurora Serverless v2: offered for Aurora PostgreSQL in every commercial Region (provisioned
 * classes such as db.r6g.large are not, per cfn-lint's Region data), and it follows the load
 * of a PBC instead of being sized up front.
 */
export const AURORA_INSTANCE_CLASS = 'db.serverless';
export const AURORA_CAPACITY = { minCapacity: 0.5, maxCapacity: 16 };

export interface PbcAuroraClusterProps {
  pbc: string;
  pciScope: boolean;
  keyArn: string;
  dataClass: string;
  platform: PlatformImports;
  /** The PBC's security group, the only one admitted to the database. */
  appSecurityGroup: CfnSecurityGroup;
  role: PbcRole;
  alarmTopicArn: string;
}

/** Days the exported PostgreSQL log is kept: a year, as PCI DSS 10.5.1 asks of audit logs. */
export const POSTGRES_LOG_RETENTION_DAYS = 365;

// --8<-- [start:pbc-aurora-cluster]
/**
 * The PBC's Aurora PostgreSQL cluster (Serverless v2): a writer and a reader pinned to the first two
 * Availability Zones of the PBC's subnets (PBC-DATA-03), storage encrypted with the PBC's key
 * (PBC-DATA-04), deletion protection plus a final snapshot (PBC-DATA-05), never public and
 * reachable only from the PBC's security group (PBC-DATA-06), automated backups for 7 days,
 * 35 for PCI-scoped PBCs (PBC-DATA-07), TLS forced, IAM database authentication, and the
 * master password generated, stored and rotated by RDS in Secrets Manager under the PBC's key
 * (PBC-IAM-06, PBC-IAM-07): no password appears in the template or the repository.
 */
export class PbcAuroraCluster extends Construct {
  readonly cluster: CfnDBCluster;
  readonly securityGroup: CfnSecurityGroup;

  constructor(scope: Construct, id: string, props: PbcAuroraClusterProps) {
    super(scope, id);
    const { platform } = props;

    this.securityGroup = new CfnSecurityGroup(this, 'SecurityGroup', {
      groupName: databaseSecurityGroupName(props.pbc),
      groupDescription: `PBC ${props.pbc}: database, reachable from the PBC security group only`,
      vpcId: platform.vpcId,
      // The database starts no connections. Without an explicit rule EC2 would add
      // allow-all egress; this one matches no traffic.
      securityGroupEgress: [
        {
          description: 'No outbound traffic',
          ipProtocol: 'icmp',
          fromPort: 252,
          toPort: 86,
          cidrIp: '255.255.255.255/32',
        },
      ],
    });
    connectToOwnGroup(
      this,
      'AppToDatabase',
      props.appSecurityGroup,
      this.securityGroup,
      DATABASE_PORT,
      `PBC ${props.pbc}: service to its database`,
    );

    const subnetGroup = new CfnDBSubnetGroup(this, 'SubnetGroup', {
      dbSubnetGroupName: pbcResourceName(props.pbc),
      dbSubnetGroupDescription: `PBC ${props.pbc}: ${platform.subnetExport}`,
      subnetIds: platform.subnetIds,
    });

    const parameterGroup = new CfnDBClusterParameterGroup(this, 'Parameters', {
      description: `PBC ${props.pbc}: TLS only, connection logging`,
      family: 'aurora-postgresql16',
      parameters: {
        'rds.force_ssl': '1',
        log_connections: '1',
        log_disconnections: '1',
      },
    });

    this.cluster = new CfnDBCluster(this, 'Resource', {
      dbClusterIdentifier: pbcResourceName(props.pbc),
      engine: 'aurora-postgresql',
      engineVersion: AURORA_ENGINE_VERSION,
      port: DATABASE_PORT,
      dbSubnetGroupName: subnetGroup.ref,
      dbClusterParameterGroupName: parameterGroup.ref,
      vpcSecurityGroupIds: [this.securityGroup.attrGroupId],
      storageEncrypted: true,
      kmsKeyId: props.keyArn,
      deletionProtection: true,
      enableIamDatabaseAuthentication: true,
      backupRetentionPeriod: props.pciScope ? 35 : 7,
      copyTagsToSnapshot: true,
      enableCloudwatchLogsExports: ['postgresql'],
      masterUsername: AURORA_MASTER_USERNAME,
      manageMasterUserPassword: true,
      masterUserSecret: { kmsKeyId: props.keyArn },
      serverlessV2ScalingConfiguration: AURORA_CAPACITY,
    });
    // Created before the cluster, so RDS exports into a group with retention and our key
    // instead of creating one that keeps logs forever, unencrypted.
    const logGroup = new CfnLogGroup(this, 'PostgresLog', {
      logGroupName: postgresLogGroupName(props.pbc),
      retentionInDays: POSTGRES_LOG_RETENTION_DAYS,
      kmsKeyId: props.keyArn,
    });
    logGroup.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
    logGroup.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
    this.cluster.addResourceDependency(logGroup);
    this.cluster.cfnOptions.deletionPolicy = CfnDeletionPolicy.SNAPSHOT;
    this.cluster.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.SNAPSHOT;
    Tags.of(this).add(TAG_KEYS.dataClass, props.dataClass);

    ['Writer', 'Reader'].forEach((role, index) => {
      new CfnDBInstance(this, role, {
        dbInstanceIdentifier: `pbc-${props.pbc}-${index + 1}`,
        dbClusterIdentifier: this.cluster.ref,
        engine: 'aurora-postgresql',
        dbInstanceClass: AURORA_INSTANCE_CLASS,
        availabilityZone: Fn.select(index, platform.availabilityZones),
        publiclyAccessible: false,
        autoMinorVersionUpgrade: true,
        // Tiers 0 and 1 keep the reader scaled like the writer, ready to take over.
        promotionTier: index,
        enablePerformanceInsights: true,
        performanceInsightsKmsKeyId: props.keyArn,
        performanceInsightsRetentionPeriod: 7,
      });
    });

    // Serverless v2 near its ceiling: the PBC is about to be throttled by its own database.
    new CfnAlarm(this, 'CapacityAlarm', {
      alarmName: alarmName(props.pbc, 'db-capacity'),
      alarmDescription: 'The database runs above 90% of its maximum capacity',
      namespace: 'AWS/RDS',
      metricName: 'ACUUtilization',
      dimensions: [{ name: 'DBClusterIdentifier', value: this.cluster.ref }],
      statistic: 'Average',
      period: 300,
      evaluationPeriods: 3,
      threshold: 90,
      comparisonOperator: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: [props.alarmTopicArn],
    });

    // The runtime role connects as its own database user with IAM authentication; it never
    // reads the master secret (a superuser). Creating that user is a one-time step run as
    // the master user: infrastructure/database-user.sql (databaseUser.ts) says how.
    props.role.grant(
      'ConnectWithIam',
      ['rds-db:connect'],
      [
        `arn:${Aws.PARTITION}:rds-db:${Aws.REGION}:${Aws.ACCOUNT_ID}:dbuser:${
          this.cluster.attrDbClusterResourceId
        }/${databaseUserName(props.pbc)}`,
      ],
    );
  }
}
// --8<-- [end:pbc-aurora-cluster]
