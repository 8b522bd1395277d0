import type { Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NagPack, PCIDSS321Checks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { NagFinding } from '../nag';

/** A cdk-nag pack and the part of the platform it checks. */
export interface PlatformNagScope {
  packs: NagPack[];
  scope: IConstruct;
}

/**
 * Every rule the platform acknowledges, on which construct, and why. Nothing else is
 * acknowledged; a test holds this list to the findings it answers.
 */
export const PLATFORM_ACKNOWLEDGMENTS: ReadonlyArray<{
  path: string;
  id: string;
  reason: string;
}> = [
  {
    path: 'Network',
    id: 'AwsSolutions-VPC3',
    reason:
      'PBC-NET-08 requires this NACL: the payment tier keeps a deny-by-default second line behind its security groups',
  },
  {
    path: 'Edge/SecurityGroup',
    id: 'AwsSolutions-EC23',
    reason:
      'The shared load balancer is internet-facing; its listener port is the only port open to 0.0.0.0/0',
  },
  {
    path: 'Observability/ConfigRecorderRole',
    id: 'AwsSolutions-IAM4',
    reason:
      'AWS_ConfigRole is the AWS-maintained list of read calls AWS Config needs; it grows with new resource types',
  },
  {
    path: 'Iam/DriftDetectionRole',
    id: 'AwsSolutions-IAM4',
    reason:
      'Drift detection reads every resource type a PBC stack may hold; ReadOnlyAccess is AWS-maintained for that',
  },
  {
    path: 'Iam/DriftDetectionRole',
    id: 'AwsSolutions-IAM5',
    reason:
      'Drift detection runs on every PBC stack (stack/pbc-*), whose ids are not known when the platform is created',
  },
  {
    path: 'Network/Vpc',
    id: 'PCI.DSS.321-VPCDefaultSecurityGroupClosed',
    reason:
      'CloudFormation cannot empty a default security group without a Lambda-backed custom resource; nothing uses it (every resource names its group) and the Config rule VPC_DEFAULT_SECURITY_GROUP_CLOSED reports it',
  },
  {
    path: 'Network/EdgeDefaultRoute',
    id: 'PCI.DSS.321-VPCNoUnrestrictedRouteToIGW',
    reason:
      'The edge tier (load balancer nodes, NAT gateways) needs its internet route and is outside the CDE; the payment route table has no route out',
  },
  {
    path: 'Iam/PermissionsBoundary',
    id: 'AwsSolutions-IAM5',
    reason:
      'A boundary is a ceiling, not a grant: each wildcard is bounded by the principal’s pbc tag (pbc-${aws:PrincipalTag/pbc}_*), and the role’s own policy names exact ARNs',
  },
];

export interface AcknowledgedFinding extends NagFinding {
  reason: string;
}

/**
 * Splits findings into those nobody acknowledged and those {@link PLATFORM_ACKNOWLEDGMENTS}
 * answers (same rule, same construct or below it). A rule id with a finding id
 * (`AwsSolutions-IAM5[Resource::*]`) is matched by its rule.
 */
export function applyAcknowledgments(
  stackPath: string,
  findings: NagFinding[],
): { open: NagFinding[]; acknowledged: AcknowledgedFinding[] } {
  const open: NagFinding[] = [];
  const acknowledged: AcknowledgedFinding[] = [];
  for (const finding of findings) {
    const rule = finding.ruleId.replace(/\[.*$/, '');
    const ack = PLATFORM_ACKNOWLEDGMENTS.find(
      a =>
        a.id === rule &&
        (finding.resourcePath === `${stackPath}/${a.path}` ||
          finding.resourcePath.startsWith(`${stackPath}/${a.path}/`)),
    );
    if (ack) {
      acknowledged.push({ ...finding, reason: ack.reason });
    } else {
      open.push(finding);
    }
  }
  return { open, acknowledged };
}

/**
 * AwsSolutions over the whole platform; PCI DSS 3.2.1 over the network, which holds the
 * payment tier (its subnets, route table, NACL and endpoints).
 */
export function platformNagPacks(stack: Stack): PlatformNagScope[] {
  return [
    { packs: [new AwsSolutionsChecks()], scope: stack },
    { packs: [new PCIDSS321Checks()], scope: stack.node.findChild('Network') },
  ];
}
