/**
 * The guard that makes the boundary hold. Attached to each PBC's deployment role (tagged
 * `pbc=<name>` by the platform team), or used as an SCP: a team can create and tag roles and
 * resources only for its own PBC, under its own IAM path and always with `pbc-boundary`; it can
 * never remove or change a `pbc` tag to another PBC's name, nor touch the boundary itself.
 */
export function deploymentGuardDocument() {
  const boundaryArn = `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:policy/${PLATFORM_NAMES.permissionsBoundaryPolicy}`;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'TagOnlyWithOwnPbc',
        Effect: 'Deny',
        // Not iam:CreatePolicy: CloudFormation cannot tag a managed policy (no Tags on
        // AWS::IAM::ManagedPolicy), so a tag condition would stop every PBC deploy; the
        // policy's own path (IamOnlyUnderOwnPath) confines it instead.
        Action: [...TAG_ACTIONS, 'iam:CreateRole'],
        Resource: '*',
        Condition: {
          StringNotEqualsIfExists: { [`aws:RequestTag/${TAG_KEYS.pbc}`]: OWN },
        },
      },
      {
        Sid: 'NeverRetagAnotherPbcsResource',
        Effect: 'Deny',
        Action: TAG_ACTIONS,
        Resource: '*',
        Condition: {
          'ForAnyValue:StringEquals': { 'aws:TagKeys': [TAG_KEYS.pbc] },
          StringNotEqualsIfExists: { [`aws:ResourceTag/${TAG_KEYS.pbc}`]: OWN },
        },
      },
      {
        Sid: 'NeverRemoveThePbcTag',
        Effect: 'Deny',
        Action: UNTAG_ACTIONS,
        Resource: '*',
        Condition: {
          'ForAnyValue:StringEquals': { 'aws:TagKeys': [TAG_KEYS.pbc] },
        },
      },
      {
        Sid: 'RolesAreTaggedWithTheirPbc',
        Effect: 'Deny',
        Action: ['iam:CreateRole'],
        Resource: '*',
        Condition: { Null: { [`aws:RequestTag/${TAG_KEYS.pbc}`]: 'true' } },
      },
      {
        Sid: 'IamOnlyUnderOwnPath',
        Effect: 'Deny',
        Action: IAM_WRITE_ACTIONS,
        NotResource: [
          `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/pbc/${OWN}/*`,
          `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:policy/pbc/${OWN}/*`,
        ],
      },
      {
        Sid: 'RolesCarryTheBoundary',
        Effect: 'Deny',
        Action: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary'],
        Resource: '*',
        Condition: {
          StringNotEquals: { 'iam:PermissionsBoundary': boundaryArn },
        },
      },
      {
        Sid: 'BoundaryStays',
        Effect: 'Deny',
        Action: ['iam:DeleteRolePermissionsBoundary'],
        Resource: '*',
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
