/* eslint-disable no-new -- CDK constructs attach themselves to the construct tree when created. */
import { Aws, Lazy } from 'aws-cdk-lib';
import { CfnManagedPolicy, CfnRole } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { iamPath, policyName, roleName } from '@pbc-portal/pbc-domain';

export interface PbcRoleProps {
  pbc: string;
  permissionsBoundaryArn: string;
}

interface Grant {
  sid: string;
  actions: string[];
  resources: string[];
}

// --8<-- [start:pbc-role]
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

    new CfnManagedPolicy(this, 'Policy', {
      managedPolicyName: policyName(props.pbc),
      path: iamPath(props.pbc),
      description: `PBC ${props.pbc}: access to its own resources only`,
      roles: [this.role.ref],
      policyDocument: Lazy.any({
        produce: () => ({
          Version: '2012-10-17',
          Statement: this.grants.map(grant => ({
            Sid: grant.sid,
            Effect: 'Allow',
            Action: grant.actions,
            Resource: grant.resources,
          })),
        }),
      }),
    });
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
// --8<-- [end:pbc-role]
