/**
 * The one role a PBC runs under (PBC-IAM-01), assumable by its ECS tasks, capped by the
 * platform's permissions boundary (PBC-IAM-04). Its permissions are a customer-managed policy
 * (PBC-IAM-03; PCI DSS also rules out inline policies) whose statements the other patterns add
 * with `grant()`: explicit actions on explicit ARNs of the PBC's own resources, never `*`, and
 * never the CDK `grant*` helpers, which add wildcard actions such as `kms:ReEncrypt*`.
 */
export class PbcRole extends Construct {
  readonly role: CfnRole;
  readonly roleArn: string;
  private readonly grants: Grant[] = [];

  constructor(scope: Construct, id: string, props: PbcRoleProps) {
    super(scope, id);
    this.role = new CfnRole(this, 'Resource', {
      roleName: roleName(props.pbc),
      path: iamPath(props.pbc),
      description: `PBC ${props.pbc}: the role its ECS tasks run under`,
      permissionsBoundary: props.permissionsBoundaryArn,
      assumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'ecs-tasks.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
            },
          },
        ],
      },
    });
    this.roleArn = this.role.attrArn;

    // Grants are added by the other patterns after this constructor; the policies are
    // created once all are in (see finalize), split so that each fits IAM's limit.
    this.pbc = props.pbc;
  }

  private readonly pbc: string;
  private policies: CfnManagedPolicy[] = [];

  /**
   * Writes the grants into as many customer-managed policies as IAM's 6,144-character limit
   * needs (`pbc-<name>-policy`, `-policy-2`, …). Called once, after every pattern granted.
   *
   * @throws Error when the grants need more policies than a role may have attached.
   */
  finalize(): CfnManagedPolicy[] {
    const statements = this.grants.map(grant => ({
      Sid: grant.sid,
      Effect: 'Allow',
      Action: grant.actions,
      Resource: grant.resources,
    }));
    const documents = packStatements(statements, MANAGED_POLICY_MAX_CHARS);
    if (documents.length > MANAGED_POLICIES_PER_ROLE) {
      throw new Error(
        `The role of ${this.pbc} needs ${documents.length} managed policies; IAM attaches at most ${MANAGED_POLICIES_PER_ROLE}`,
      );
    }
    this.policies = documents.map(
      (statement, index) =>
        new CfnManagedPolicy(
          this,
          index === 0 ? 'Policy' : `Policy${index + 1}`,
          {
            managedPolicyName: policyName(this.pbc, index + 1),
            path: iamPath(this.pbc),
            description: `PBC ${this.pbc}: access to its own resources only${
              documents.length > 1
                ? ` (${index + 1} of ${documents.length})`
                : ''
            }`,
            roles: [this.role.ref],
            policyDocument: { Version: '2012-10-17', Statement: statement },
          },
        ),
    );
    return this.policies;
  }

  /** Allows `actions` on exactly `resources`; both must be explicit (no `*`). */
  grant(sid: string, actions: string[], resources: string[]): void {
    for (const action of actions) {
      if (action.includes('*')) {
        throw new Error(
          `Wildcard action '${action}' is not allowed (PBC-IAM-01)`,
        );
      }
    }
    this.grants.push({ sid, actions: [...actions], resources: [...resources] });
  }
}
