import { App, Stack, Validations } from 'aws-cdk-lib';
import { CfnRole } from 'aws-cdk-lib/aws-iam';
import { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import { spec } from './__fixtures__/specs';
import { collectNagFindings, nagPacksFor } from './nag';
import { PbcRole } from './role';
import { resolveProducers } from './render';
import { PbcStack } from './stack';

function badStack() {
  const app = new App({ analyticsReporting: false });
  const stack = new Stack(app, 'bad');
  const queue = new CfnQueue(stack, 'Queue', {});
  const role = new CfnRole(stack, 'Role', {
    assumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'ecs-tasks.amazonaws.com' },
          Action: 'sts:AssumeRole',
        },
      ],
    },
    policies: [
      {
        policyName: 'everything',
        policyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 's3:*',
              Resource: 'arn:aws:s3:::bucket',
            },
          ],
        },
      },
    ],
  });
  return { stack, queue, role };
}

describe('nagPacksFor', () => {
  it('applies AWS Solutions always and PCI DSS 3.2.1 in PCI scope', () => {
    expect(nagPacksFor(false).map(p => p.readPackName)).toEqual([
      'AwsSolutions',
    ]);
    expect(nagPacksFor(true).map(p => p.readPackName)).toEqual([
      'AwsSolutions',
      'PCI.DSS.321',
    ]);
  });
});

describe('collectNagFindings', () => {
  it('reports findings of both packs per resource', () => {
    const { stack } = badStack();
    const findings = collectNagFindings(nagPacksFor(true), stack);
    const ids = findings.map(f => f.ruleId);
    expect(ids).toContain('AwsSolutions-SQS3');
    expect(ids).toContain('AwsSolutions-IAM5[Action::s3:*]');
    expect(ids).toContain('PCI.DSS.321-IAMNoInlinePolicy');
    expect(findings.find(f => f.ruleId === 'AwsSolutions-SQS3')).toMatchObject({
      resourcePath: 'bad/Queue',
      level: 'error',
    });
  });

  it('leaves out what is acknowledged, and only that', () => {
    const { stack, queue } = badStack();
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'test',
    });
    const ids = collectNagFindings(nagPacksFor(false), stack).map(
      f => f.ruleId,
    );
    expect(ids).not.toContain('AwsSolutions-SQS3');
    expect(ids).toContain('AwsSolutions-SQS4');
  });

  it('catches a weakened pattern in a real PBC stack', () => {
    const app = new App({ analyticsReporting: false });
    const stack = new PbcStack(app, 'pbc-cart', {
      spec: spec('DynamoDB, public'),
      producers: resolveProducers(spec('DynamoDB, public')),
    });
    expect(collectNagFindings(nagPacksFor(false), stack)).toEqual([]);
    const queue = stack.node
      .findAll()
      .find((c): c is CfnQueue => c instanceof CfnQueue)!;
    queue.kmsMasterKeyId = undefined;
    queue.sqsManagedSseEnabled = false;
    expect(
      collectNagFindings(nagPacksFor(false), stack).map(f => f.ruleId),
    ).toEqual(['AwsSolutions-SQS2']);
  });
});

describe('PbcRole.grant', () => {
  it('refuses wildcard actions', () => {
    const app = new App();
    const role = new PbcRole(new Stack(app, 's'), 'Role', {
      pbc: 'cart',
      permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/pbc-boundary',
    });
    expect(() =>
      role.grant(
        'Keys',
        ['kms:ReEncrypt*'],
        ['arn:aws:kms:eu-west-1:123456789012:key/x'],
      ),
    ).toThrow(/Wildcard action 'kms:ReEncrypt\*'/);
  });
});
