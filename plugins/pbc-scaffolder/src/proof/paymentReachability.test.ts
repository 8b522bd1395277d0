import { PLATFORM_EXPORTS, sdkEndpointVariable } from '@pbc-portal/pbc-domain';
import { PLATFORM_PARAMS } from '../__testUtils__/platform';
import { spec } from '../__testUtils__/specs';
import { renderPlatform } from '../patterns/platform';
import { renderInfrastructure } from '../patterns/render';
import {
  AGENT_SERVICES,
  analyzeTaskReachability,
} from './__testUtils__/reachability';

jest.setTimeout(180_000);

type Template = { Resources: Record<string, any>; Outputs?: any };

const prefixLists = {
  s3: PLATFORM_PARAMS.s3PrefixListId,
  dynamodb: PLATFORM_PARAMS.dynamodbPrefixListId,
};

/** The rendered platform of the spec's Region and the PBC's main stack. */
function renderPair(label: string): { platform: Template; pbc: Template } {
  const s = spec(label);
  const platform = renderPlatform({
    ...PLATFORM_PARAMS,
    awsRegion: s.awsRegion,
  }).template as Template;
  const pbc = renderInfrastructure(s).template as Template;
  return { platform, pbc };
}

/** The payment subnets, as the platform exports them. */
const paymentSubnets = (platform: Template) =>
  Object.values<any>(platform.Outputs).find(
    o => o.Export.Name === PLATFORM_EXPORTS.paymentSubnetIds,
  ).Value['Fn::Join'][1];

const logical = (t: Template, match: (id: string, r: any) => boolean) => {
  const found = Object.entries(t.Resources).filter(([id, r]) => match(id, r));
  expect(found).toHaveLength(1);
  return found[0][0];
};

describe('payment tasks reach every AWS API they and their Fargate agent call', () => {
  const pairs = {
    payment: renderPair('payment with PCI scope (Aurora, public)'),
    'card-vault': renderPair('PCI scope with DynamoDB, internal'),
  };

  it.each(Object.keys(pairs))(
    '%s: every host resolves to an endpoint the SG, NACL and routes allow',
    name => {
      const { platform, pbc } = pairs[name as keyof typeof pairs];
      const result = analyzeTaskReachability(platform, pbc, prefixLists);
      expect(result.problems).toEqual([]);
      // It looked at the agent's services and at the task's own, and found a path for each.
      const services = result.paths.map(p => `${p.caller}:${p.service}`);
      for (const svc of AGENT_SERVICES) {
        expect(services).toContain(`agent:${svc}`);
      }
      expect(services).toEqual(
        expect.arrayContaining(['task:sns', 'task:sqs', 'task:kms']),
      );
      expect(result.paths).toHaveLength(result.needs.length);
      // The service's own API calls stay in the payment subnets: through the CDE-local endpoints,
      // named by the SDK variables; only the agent uses the endpoint tier's private DNS names.
      const taskPaths = result.paths.filter(p => p.caller === 'task');
      const gateway = (p: { service: string }) =>
        p.service === 'dynamodb' || p.service === 's3';
      expect(taskPaths.filter(gateway).map(p => p.via)).toEqual(
        taskPaths.filter(gateway).map(() => 'gateway route'),
      );
      for (const path of taskPaths.filter(p => !gateway(p))) {
        const endpoint = platform.Resources[path.endpoint].Properties;
        expect([
          path.via,
          endpoint.PrivateDnsEnabled,
          endpoint.SubnetIds,
        ]).toEqual([
          expect.stringMatching(/^AWS_ENDPOINT_URL_/),
          false,
          paymentSubnets(platform),
        ]);
      }
    },
  );

  it('holds for a PBC outside PCI scope too, through the shared endpoints', () => {
    const { platform, pbc } = renderPair('DynamoDB, public');
    const result = analyzeTaskReachability(platform, pbc, prefixLists);
    expect(result.problems).toEqual([]);
    expect(
      result.paths.filter(p => p.via === 'private DNS').length,
    ).toBeGreaterThan(3);
  });

  // Each weakening below is one a reviewer could make by accident; the analysis must name it.
  describe('fails when a piece of the path is removed', () => {
    const { platform, pbc } = pairs.payment;
    const problemsAfter = (mutate: (p: Template, b: Template) => void) => {
      const p = structuredClone(platform);
      const b = structuredClone(pbc);
      mutate(p, b);
      return analyzeTaskReachability(p, b, prefixLists).problems;
    };

    it('a CDE-local endpoint (sqs)', () => {
      expect(
        problemsAfter(p => {
          delete p.Resources[
            logical(p, id => id.startsWith('NetworkPaymentsqsEndpoint'))
          ];
        }).join('\n'),
      ).toMatch(/task → sqs/);
    });

    it('the shared image endpoint (ecr.dkr)', () => {
      expect(
        problemsAfter(p => {
          delete p.Resources[
            logical(
              p,
              (_, r) =>
                r.Type === 'AWS::EC2::VPCEndpoint' &&
                /ecr\.dkr$/.test(r.Properties.ServiceName),
            )
          ];
        }).join('\n'),
      ).toMatch(/agent → ecr\.dkr.*private DNS/);
    });

    it('the task security group’s rule to the agent endpoints', () => {
      expect(
        problemsAfter((_, b) => {
          const group = logical(
            b,
            (__, r) =>
              r.Type === 'AWS::EC2::SecurityGroup' &&
              r.Properties.GroupName === 'pbc-payment',
          );
          const props = b.Resources[group].Properties;
          props.SecurityGroupEgress = props.SecurityGroupEgress.filter(
            (rule: any) =>
              !JSON.stringify(rule).includes('payment-agent-endpoints'),
          );
        }).join('\n'),
      ).toMatch(/agent → ecr\.api.*no HTTPS egress/);
    });

    it('the agent endpoints’ ingress from the payment subnets', () => {
      expect(
        problemsAfter(p => {
          const group = logical(p, id =>
            /^NetworkPaymentAgentEndpointsSg/.test(id),
          );
          p.Resources[group].Properties.SecurityGroupIngress.pop();
        }).join('\n'),
      ).toMatch(/agent → logs.*admit no HTTPS from 10\.40\.120\.0\/22/);
    });

    it.each([
      [
        'OutHttpsToEndpointTier',
        /denies out of 10\.40\.112\.0\/22 to 10\.40\.8\.0\/24:443/,
      ],
      [
        'InReturnFromEndpointTier',
        /denies return into 10\.40\.112\.0\/22 from 10\.40\.8\.0\/24/,
      ],
      [
        'OutHttpsWithinPayment',
        /task → sns.*denies out of 10\.40\.112\.0\/22 to 10\.40\.116\.0\/22:443/,
      ],
      ['InReturnFromGatewayEndpoints', /agent → s3.*return into/],
    ])('the NACL entry %s', (entry, problem) => {
      expect(
        problemsAfter(p => {
          delete p.Resources[
            logical(p, id => id.startsWith(`Network${entry}`))
          ];
        }).join('\n'),
      ).toMatch(problem);
    });

    it('the payment route table from the S3 gateway endpoint', () => {
      expect(
        problemsAfter(p => {
          const gateway = logical(p, id =>
            /^Networks3GatewayEndpoint/.test(id),
          );
          const table = logical(p, id => /^NetworkPaymentRouteTable/.test(id));
          const props = p.Resources[gateway].Properties;
          props.RouteTableIds = props.RouteTableIds.filter(
            (t: any) => t.Ref !== table,
          );
        }).join('\n'),
      ).toMatch(/agent → s3.*no s3 route/);
    });

    it('the task’s AWS_ENDPOINT_URL_SQS', () => {
      expect(
        problemsAfter((_, b) => {
          const definition = logical(
            b,
            (__, r) => r.Type === 'AWS::ECS::TaskDefinition',
          );
          const [container] =
            b.Resources[definition].Properties.ContainerDefinitions;
          container.Environment = container.Environment.filter(
            (e: any) => e.Name !== sdkEndpointVariable('sqs'),
          );
        }).join('\n'),
      ).toMatch(/task → sqs.*private DNS.*(no HTTPS egress|admit no HTTPS)/);
    });
  });
});
