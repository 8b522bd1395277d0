// A role per Region (IAM is global, the recorder is not); AWS_ConfigRole is the
// AWS-maintained list of the read calls Config makes, which grows with new resource types.
const recorderRole = new CfnRole(this, 'ConfigRecorderRole', {
  roleName: `platform-config-recorder-${props.region}`,
  description: 'AWS Config recorder of the platform',
  assumeRolePolicyDocument: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'config.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': account } },
      },
    ],
  },
  managedPolicyArns: [
    `arn:${Aws.PARTITION}:iam::aws:policy/service-role/AWS_ConfigRole`,
  ],
});
const recorder = new CfnConfigurationRecorder(this, 'ConfigRecorder', {
  name: PLATFORM_NAMES.configRecorder,
  roleArn: recorderRole.attrArn,
  recordingGroup: {
    allSupported: true,
    // Global resources (IAM) are recorded once, in the primary Region.
    includeGlobalResourceTypes: props.isPrimaryRegion,
  },
});
const channel = new CfnDeliveryChannel(this, 'ConfigDeliveryChannel', {
  name: PLATFORM_NAMES.configRecorder,
  s3BucketName: props.logBucket,
  s3KeyPrefix: 'config',
  configSnapshotDeliveryProperties: {
    deliveryFrequency: 'TwentyFour_Hours',
  },
});
channel.addResourceDependency(recorder);
channel.addResourceDependency(props.logBucketPolicy);
