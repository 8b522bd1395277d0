/**
 * The permissions boundary every PBC role carries (PBC-IAM-04): whatever a team writes into its
 * own policy, the role can reach only resources named for the PBC in its `pbc` tag —
 * `pbc-<name>_*` topics and queues, the `pbc-<name>` table, keys tagged `pbc=<name>`, the
 * database user `<name>`, log groups under `/pbc/<name>/` and the `pbc-<name>` image
 * repository. The tag cannot be changed by the team: see {@link deploymentGuardDocument}.
 */
export function permissionsBoundaryDocument() {
  const own = {
    topics: arn('sns', `pbc-${OWN}_*`),
    queues: arn('sqs', `pbc-${OWN}_*`),
    table: arn('dynamodb', `table/pbc-${OWN}`),
    indexes: arn('dynamodb', `table/pbc-${OWN}/index/*`),
    dbUser: arn('rds-db', `dbuser:*/${OWN}`),
    logs: arn('logs', `log-group:/pbc/${OWN}/*`),
    repository: arn('ecr', `repository/pbc-${OWN}`),
  };
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OwnTopics',
        Effect: 'Allow',
        Action: [...BOUNDARY_ACTIONS.sns],
        Resource: own.topics,
      },
      {
        Sid: 'OwnQueues',
        Effect: 'Allow',
        Action: [...BOUNDARY_ACTIONS.sqs],
        Resource: own.queues,
      },
      {
        Sid: 'OwnTable',
        Effect: 'Allow',
        Action: [...BOUNDARY_ACTIONS.dynamodb],
        Resource: [own.table, own.indexes],
      },
      {
        // Key ARNs carry no name: the key's `pbc` tag says whose it is.
        Sid: 'OwnKey',
        Effect: 'Allow',
        Action: [...BOUNDARY_ACTIONS.kms],
        Resource: arn('kms', 'key/*'),
        Condition: {
          StringEquals: { [`aws:ResourceTag/${TAG_KEYS.pbc}`]: OWN },
        },
      },
      {
        Sid: 'OwnDatabaseUser',
        Effect: 'Allow',
        Action: [...BOUNDARY_ACTIONS.rdsDb],
        Resource: own.dbUser,
      },
      {
        Sid: 'OwnLogs',
        Effect: 'Allow',
        Action: [...BOUNDARY_ACTIONS.logs],
        Resource: [own.logs, `${own.logs}:log-stream:*`],
      },
      {
        Sid: 'OwnImage',
        Effect: 'Allow',
        Action: [...BOUNDARY_ACTIONS.ecr],
        Resource: own.repository,
      },
      {
        // Registry-wide by design: the token is for the registry, images stay scoped above.
        Sid: 'RegistryToken',
        Effect: 'Allow',
        Action: ['ecr:GetAuthorizationToken'],
        Resource: '*',
      },
      {
        Sid: 'OwnMetricNamespace',
        Effect: 'Allow',
        Action: ['cloudwatch:PutMetricData'],
        Resource: '*',
        Condition: { StringEquals: { 'cloudwatch:namespace': `pbc/${OWN}` } },
      },
      {
        // Explicit, so a later, broader Allow in this boundary cannot open other PBCs' data.
        Sid: 'DenyOtherPbcsMessagingAndTables',
        Effect: 'Deny',
        Action: [
          ...BOUNDARY_ACTIONS.sns,
          ...BOUNDARY_ACTIONS.sqs,
          ...BOUNDARY_ACTIONS.dynamodb,
        ],
        NotResource: [own.topics, own.queues, own.table, own.indexes],
      },
      {
        Sid: 'DenyOtherPbcsKeys',
        Effect: 'Deny',
        Action: [...BOUNDARY_ACTIONS.kms],
        Resource: '*',
        Condition: {
          StringNotEquals: { [`aws:ResourceTag/${TAG_KEYS.pbc}`]: OWN },
        },
      },
      {
        Sid: 'DenyUntaggedPrincipals',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { Null: { [`aws:PrincipalTag/${TAG_KEYS.pbc}`]: 'true' } },
      },
    ],
  };
}
