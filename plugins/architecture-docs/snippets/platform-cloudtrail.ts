/** One trail for every Region of the account (PBC-OBS-01 to PBC-OBS-04). */
private trail(props: PlatformObservabilityProps) {
  const logGroup = new CfnLogGroup(this, 'TrailLogGroup', {
    logGroupName: '/platform/cloudtrail',
    retentionInDays: 400,
    kmsKeyId: props.keyArn,
  });
  const role = new CfnRole(this, 'TrailLogsRole', {
    roleName: 'platform-cloudtrail-logs',
    description: 'CloudTrail: delivers the trail to CloudWatch Logs',
    assumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          },
        },
      ],
    },
    policies: [
      {
        policyName: 'deliver-to-log-group',
        policyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              Resource: `${logGroup.attrArn}`,
            },
          ],
        },
      },
    ],
  });
  const trail = new CfnTrail(this, 'Trail', {
    trailName: PLATFORM_NAMES.trail,
    isLogging: true,
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    enableLogFileValidation: true,
    kmsKeyId: props.keyArn,
    s3BucketName: props.logBucket,
    s3KeyPrefix: 'cloudtrail',
    cloudWatchLogsLogGroupArn: logGroup.attrArn,
    cloudWatchLogsRoleArn: role.attrArn,
  });
  trail.addResourceDependency(props.logBucketPolicy);
}
