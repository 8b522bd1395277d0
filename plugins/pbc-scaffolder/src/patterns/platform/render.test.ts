import {
  PLATFORM_EXPORTS,
  PLATFORM_NAMES,
  parseConsumedEvent,
  queueNames,
  topicName,
  type PbcSpec,
} from '@pbc-portal/pbc-domain';
import { runCfnLint } from '../../validation';
import { PLATFORM_PARAMS } from '../../__testUtils__/platform';
import { SPECS } from '../../__testUtils__/specs';
import { renderInfrastructure } from '../render';
import { checkListeners } from '../../validation/checks/listeners';
import { ALB_SSL_POLICY } from './edge';
import { PLATFORM_ACKNOWLEDGMENTS } from './nag';
import { permissionsBoundaryDocument } from './iam';
import { RenderedPlatform, cidrPlan, renderPlatform } from '.';

jest.setTimeout(120_000);

type Resource = { Type: string; Properties: Record<string, any> };
const resources = (r: RenderedPlatform) =>
  Object.entries(r.template.Resources as Record<string, Resource>);
const ofType = (r: RenderedPlatform, type: string) =>
  resources(r).filter(([, res]) => res.Type === type);
const exportsOf = (r: RenderedPlatform): string[] =>
  Object.values(
    r.template.Outputs as Record<string, { Export?: { Name: string } }>,
  ).map(o => o.Export!.Name);
const importsIn = (template: unknown): string[] =>
  JSON.stringify(template)
    .match(/"Fn::ImportValue":"([^"]+)"/g)
    ?.map(m => m.split('"')[3]) ?? [];
const ref = (v: any): string | undefined => v?.Ref ?? v?.['Fn::GetAtt']?.[0];
const ipv4 = (a: string) =>
  a.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
function inCidr(address: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipv4(address) / size) === Math.floor(ipv4(base) / size);
}

/** IAM's `*` glob on a resource pattern, with the principal's pbc tag substituted. */
function matches(pattern: string, pbc: string, value: string): boolean {
  const text = pattern
    .replace(/\$\{aws:PrincipalTag\/pbc\}/g, pbc)
    .replace(/\$\{Token\[AWS\.Partition\.\d+\]\}/g, 'aws')
    .replace(/\$\{Token\[AWS\.AccountId\.\d+\]\}/g, '123456789012');
  const regex = new RegExp(
    `^${text
      .split('*')
      .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return regex.test(value);
}

describe('renderPlatform', () => {
  let r: RenderedPlatform;
  beforeAll(() => {
    r = renderPlatform(PLATFORM_PARAMS);
  });

  it('has no unacknowledged cdk-nag finding, and every acknowledgment answers one', () => {
    expect(r.nagFindings).toEqual([]);
    for (const ack of PLATFORM_ACKNOWLEDGMENTS) {
      expect(
        r.nagAcknowledged.some(
          f =>
            f.ruleId.startsWith(ack.id) &&
            f.resourcePath.startsWith(`platform/${ack.path}`),
        ),
      ).toBe(true);
      expect(ack.reason.length).toBeGreaterThan(40);
    }
  });

  it('exports every name of the contract, once', () => {
    const names = exportsOf(r);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining(Object.values(PLATFORM_EXPORTS)),
    );
  });

  it('exports everything every PBC stack imports', () => {
    const names = new Set(exportsOf(r));
    for (const spec of Object.values(SPECS)) {
      for (const name of importsIn(renderInfrastructure(spec).template)) {
        expect({ spec: spec.name, name, exported: names.has(name) }).toEqual({
          spec: spec.name,
          name,
          exported: true,
        });
      }
    }
  });

  it('gives the payment tier no route out and its own NACL on all three subnets', () => {
    const plan = cidrPlan('10.40.0.0/16');
    const subnets = ofType(r, 'AWS::EC2::Subnet');
    const payment = subnets
      .filter(([, s]) => plan.payment.includes(s.Properties.CidrBlock))
      .map(([id]) => id);
    expect(payment).toHaveLength(3);
    const tables = new Set(
      ofType(r, 'AWS::EC2::SubnetRouteTableAssociation')
        .filter(([, a]) => payment.includes(ref(a.Properties.SubnetId)!))
        .map(([, a]) => ref(a.Properties.RouteTableId)),
    );
    expect(tables.size).toBe(1);
    const routes = ofType(r, 'AWS::EC2::Route').filter(([, route]) =>
      tables.has(ref(route.Properties.RouteTableId)),
    );
    expect(routes).toEqual([]);
    const nacls = ofType(r, 'AWS::EC2::SubnetNetworkAclAssociation')
      .filter(([, a]) => payment.includes(ref(a.Properties.SubnetId)!))
      .map(([, a]) => ref(a.Properties.NetworkAclId));
    expect(nacls).toHaveLength(3);
    expect(new Set(nacls).size).toBe(1);
    const entries = ofType(r, 'AWS::EC2::NetworkAclEntry').filter(
      ([, e]) => ref(e.Properties.NetworkAclId) === nacls[0],
    );
    // Article 12: the NACL holds when a security group is wrong. First match by rule number,
    // as EC2 evaluates it; anything unmatched hits the `*` deny.
    const decide = (egress: boolean, address: string, port: number) => {
      const rule = entries
        .map(([, e]) => e.Properties)
        .filter(
          e =>
            Boolean(e.Egress) === egress &&
            e.Protocol === 6 &&
            inCidr(address, e.CidrBlock) &&
            e.PortRange.From <= port &&
            port <= e.PortRange.To,
        )
        .sort((a, b) => a.RuleNumber - b.RuleNumber)[0];
      return rule?.RuleAction ?? 'deny';
    };
    const host = (cidr: string) => cidr.replace(/\.0\/\d+$/, '.10');
    const [edge, pbc, data, pay] = [
      plan.edge,
      plan.pbc,
      plan.data,
      plan.payment,
    ].map(c => host(c[0]));
    const payOtherAz = host(plan.payment[2]);
    const endpointTier = host(plan.endpoints[1]);
    const s3 = '52.218.0.10'; // an S3 address, reached through the gateway endpoint
    const outside = '203.0.113.10';
    const flows: Array<[string, boolean, string, number, 'allow' | 'deny']> = [
      ['ALB to the service', false, edge, 8080, 'allow'],
      ['service response to the ALB', true, edge, 40000, 'allow'],
      ['payment to its endpoints', true, payOtherAz, 443, 'allow'],
      ['endpoint reached', false, pay, 443, 'allow'],
      ['payment to its database', true, payOtherAz, 5433, 'allow'],
      ['database reached', false, pay, 5433, 'allow'],
      ['return within payment', false, payOtherAz, 40000, 'allow'],
      ['HTTPS to a gateway endpoint', true, s3, 443, 'allow'],
      ['return from a gateway endpoint', false, s3, 40000, 'allow'],
      ['PBC tier to the service', false, pbc, 8080, 'deny'],
      ['PBC tier to the database', false, pbc, 5433, 'deny'],
      ['data tier to an ephemeral port', false, data, 40000, 'deny'],
      ['edge to the database', false, edge, 5433, 'deny'],
      ['outside to the service', false, outside, 8080, 'deny'],
      ['outside to the database', false, outside, 5433, 'deny'],
      ['outside to SSH', false, outside, 22, 'deny'],
      ['payment to PBC-tier HTTPS', true, pbc, 443, 'deny'],
      [
        'payment to the endpoint tier (image, logs)',
        true,
        endpointTier,
        443,
        'allow',
      ],
      ['return from the endpoint tier', false, endpointTier, 40000, 'allow'],
      ['endpoint tier to the service', false, endpointTier, 8080, 'deny'],
      ['endpoint tier to the database', false, endpointTier, 5433, 'deny'],
      ['endpoint tier to payment HTTPS', false, endpointTier, 443, 'deny'],
      ['payment to the data tier database', true, data, 5433, 'deny'],
      ['payment to outside HTTP', true, outside, 80, 'deny'],
    ];
    expect(
      flows.map(([name, egress, address, p]) => [
        name,
        decide(egress, address, p),
      ]),
    ).toEqual(flows.map(([name, , , , want]) => [name, want]));
    // The only 0.0.0.0/0 allows are the gateway endpoints' two (article 12, rule 1).
    expect(
      entries
        .map(([, e]) => e.Properties)
        .filter(e => e.CidrBlock === '0.0.0.0/0' && e.RuleAction === 'allow')
        .map(e => [e.Egress, e.RuleNumber]),
    ).toEqual([
      [false, 140],
      [true, 150],
    ]);
  });

  it('resolves the private-DNS conflict: payment endpoints have none, shared ones do', () => {
    const endpoints = ofType(r, 'AWS::EC2::VPCEndpoint')
      .map(([, e]) => e.Properties)
      .filter(p => p.VpcEndpointType === 'Interface');
    const byService = new Map<string, boolean[]>();
    for (const e of endpoints) {
      const list = byService.get(e.ServiceName) ?? [];
      list.push(e.PrivateDnsEnabled);
      byService.set(e.ServiceName, list);
    }
    for (const [service, dns] of byService) {
      // At most one endpoint per service may own the service's name in the VPC.
      expect({ service, withDns: dns.filter(Boolean).length }).toEqual({
        service,
        withDns: 1,
      });
    }
  });

  it('records CloudTrail with log file validation, KMS and every Region', () => {
    const [[, trail]] = ofType(r, 'AWS::CloudTrail::Trail');
    expect(trail.Properties).toMatchObject({
      EnableLogFileValidation: true,
      IsMultiRegionTrail: true,
      IsLogging: true,
    });
    expect(ref(trail.Properties.KMSKeyId)).toBeDefined();
  });

  it('forwards compliance changes and risky API calls to the dashboard queue', () => {
    const rules = ofType(r, 'AWS::Events::Rule').map(([, rule]) => rule);
    const patterns = rules.map(rule => rule.Properties.EventPattern);
    expect(patterns).toContainEqual(
      expect.objectContaining({
        'detail-type': ['Config Rules Compliance Change'],
      }),
    );
    const risky = patterns.find(
      p => p['detail-type'][0] === 'AWS API Call via CloudTrail',
    );
    expect(risky.detail.eventName).toEqual(
      expect.arrayContaining(['StopLogging', 'PutBucketPolicy', 'CreateRole']),
    );
    const [[queueId]] = ofType(r, 'AWS::SQS::Queue').filter(
      ([, q]) => q.Properties.QueueName === 'platform-compliance-events',
    );
    for (const rule of rules) {
      expect(ref(rule.Properties.Targets[0].Arn)).toBe(queueId);
    }
  });

  it('holds the account’s IAM resources in the primary Region only', () => {
    const secondary = renderPlatform({
      ...PLATFORM_PARAMS,
      awsRegion: 'us-east-1',
      primaryRegion: 'eu-west-1',
    });
    expect(secondary.nagFindings).toEqual([]);
    const types = resources(secondary).map(([, res]) => res.Type);
    expect(types).not.toContain('AWS::IAM::ManagedPolicy');
    expect(types).not.toContain('AWS::CloudTrail::Trail');
    expect(types).toContain('AWS::Config::ConfigurationRecorder');
    expect(exportsOf(secondary)).toContain(
      PLATFORM_EXPORTS.permissionsBoundaryArn,
    );
    expect(
      ofType(r, 'AWS::IAM::ManagedPolicy').map(
        ([, p]) => p.Properties.ManagedPolicyName,
      ),
    ).toEqual(['pbc-boundary', 'pbc-deployment-guard']);
  });

  describe('the shared load balancer (PBC-EDGE-02)', () => {
    const listeners = (p: RenderedPlatform) =>
      ofType(p, 'AWS::ElasticLoadBalancingV2::Listener').map(
        ([, l]) => l.Properties,
      );
    const certificateArn =
      'arn:aws:acm:eu-west-1:123456789012:certificate/0b8e8c6e-1234-4a5b-9c8d-0123456789ab';
    let https: RenderedPlatform;
    beforeAll(() => {
      https = renderPlatform({ ...PLATFORM_PARAMS, certificateArn });
    });

    it('serves HTTPS on 443 with the post-quantum policy and only redirects on 80', () => {
      const byPort = new Map(listeners(https).map(l => [l.Port, l]));
      expect([...byPort.keys()].sort()).toEqual([443, 80]);
      expect(byPort.get(443)).toMatchObject({
        Protocol: 'HTTPS',
        SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09',
        Certificates: [{ CertificateArn: certificateArn }],
      });
      expect(byPort.get(80)).toMatchObject({ Protocol: 'HTTP' });
      expect(byPort.get(80)!.DefaultActions).toEqual([
        {
          Type: 'redirect',
          RedirectConfig: {
            Protocol: 'HTTPS',
            Port: '443',
            StatusCode: 'HTTP_301',
          },
        },
      ]);
      // PBCs attach to the HTTPS listener: the exported ARN is its.
      const outputs = Object.values(
        https.template.Outputs as Record<string, any>,
      );
      const exported = outputs.find(
        o => o.Export.Name === PLATFORM_EXPORTS.albListenerArn,
      );
      const [httpsId] = ofType(
        https,
        'AWS::ElasticLoadBalancingV2::Listener',
      ).find(([, l]) => l.Properties.Port === 443)!;
      expect(exported.Value).toEqual({ Ref: httpsId });
      const ingress = ofType(https, 'AWS::EC2::SecurityGroup')
        .map(([, g]) => g.Properties)
        .find(g => g.GroupName === PLATFORM_NAMES.albSecurityGroup)!
        .SecurityGroupIngress.map((i: any) => [i.FromPort, i.CidrIp]);
      expect(ingress.sort()).toEqual([
        [443, '0.0.0.0/0'],
        [80, '0.0.0.0/0'],
      ]);
      expect(https.listenerFindings).toEqual([]);
      expect(https.nagFindings).toEqual([]);
    });

    it('passes cfn-lint without errors with the certificate', async () => {
      const findings = await runCfnLint(https.templateYaml);
      expect(findings.filter(f => f.level === 'error')).toEqual([]);
    });

    it('reports PBC-EDGE-02 open while the platform has no certificate (HTTP on 80 only)', () => {
      expect(listeners(r)).toEqual([
        expect.objectContaining({ Port: 80, Protocol: 'HTTP' }),
      ]);
      expect(r.listenerFindings).toEqual([
        expect.stringMatching(/^PBC-EDGE-02: .* serves HTTP on 80 instead/),
      ]);
    });

    it.each([
      [
        'the old TLS policy',
        (l: any) =>
          l.Port === 443 &&
          (l.SslPolicy = 'ELBSecurityPolicy-TLS13-1-2-2021-06'),
      ],
      ['no TLS policy', (l: any) => l.Port === 443 && delete l.SslPolicy],
      [
        'a 302 redirect',
        (l: any) =>
          l.Port === 80 &&
          (l.DefaultActions[0].RedirectConfig.StatusCode = 'HTTP_302'),
      ],
      [
        'a redirect to HTTP',
        (l: any) =>
          l.Port === 80 &&
          (l.DefaultActions[0].RedirectConfig.Protocol = 'HTTP'),
      ],
      [
        'a second action on 80',
        (l: any) =>
          l.Port === 80 && l.DefaultActions.push({ Type: 'fixed-response' }),
      ],
    ])('flags %s', (_what, mutate) => {
      const template = JSON.parse(https.templateJson);
      for (const res of Object.values(
        template.Resources as Record<string, Resource>,
      )) {
        if (res.Type === 'AWS::ElasticLoadBalancingV2::Listener')
          mutate(res.Properties);
      }
      expect(checkListeners(template, [ALB_SSL_POLICY])).toEqual([
        expect.stringMatching(/^PBC-EDGE-02: /),
      ]);
    });
  });

  it.each([
    ['an account id of 11 digits', { awsAccountId: '12345678901' }],
    ['a public VPC range', { vpcCidr: '8.8.0.0/16' }],
    ['a /20 VPC', { vpcCidr: '10.40.0.0/20' }],
    ['no organization id', { organizationId: '' }],
    ['a malformed prefix list', { s3PrefixListId: 'pl-x' }],
    ['two zones', { availabilityZones: ['eu-west-1a', 'eu-west-1b'] }],
  ])('rejects %s with an InputError', (_what, change) => {
    expect(() => renderPlatform({ ...PLATFORM_PARAMS, ...change })).toThrow(
      expect.objectContaining({ name: 'InputError' }),
    );
  });

  it('passes cfn-lint without errors', async () => {
    const findings = await runCfnLint(r.templateYaml);
    expect(findings.filter(f => f.level === 'error')).toEqual([]);
  });
});

describe('the permissions boundary', () => {
  const statements = permissionsBoundaryDocument().Statement;
  const allowed = (sid: string, pbc: string, name: string) => {
    const s = statements.find(st => st.Sid === sid)!;
    return ([] as string[])
      .concat(s.Resource as string | string[])
      .some(pattern => matches(String(pattern), pbc, name));
  };

  it.each(Object.values(SPECS).map(s => [s.name, s] as [string, PbcSpec]))(
    'allows %s its own topics and queues and not those of a PBC whose name extends it',
    (_name, spec) => {
      const other = `${spec.name}-x`;
      for (const event of spec.publishes) {
        const topic = `arn:aws:sns:eu-west-1:123456789012:${topicName(
          spec.name,
          event,
          spec.pciScope,
        )}`;
        expect(allowed('OwnTopics', spec.name, topic)).toBe(true);
        expect(allowed('OwnTopics', other, topic)).toBe(false);
        // ...nor the longer-named PBC's topic to this one.
        const othersTopic = `arn:aws:sns:eu-west-1:123456789012:${topicName(
          other,
          event,
          spec.pciScope,
        )}`;
        expect(allowed('OwnTopics', spec.name, othersTopic)).toBe(false);
      }
      for (const entry of spec.consumes) {
        const { producer, event } = parseConsumedEvent(entry);
        const { queue } = queueNames(spec.name, producer, event, spec.pciScope);
        const arn = `arn:aws:sqs:eu-west-1:123456789012:${queue}`;
        expect(allowed('OwnQueues', spec.name, arn)).toBe(true);
        expect(allowed('OwnQueues', other, arn)).toBe(false);
        const othersQueue = queueNames(other, producer, event, spec.pciScope);
        expect(
          allowed(
            'OwnQueues',
            spec.name,
            `arn:aws:sqs:eu-west-1:123456789012:${othersQueue.queue}`,
          ),
        ).toBe(false);
      }
      const table = `arn:aws:dynamodb:eu-west-1:123456789012:table/pbc-${spec.name}`;
      expect(allowed('OwnTable', spec.name, table)).toBe(true);
      expect(allowed('OwnTable', other, table)).toBe(false);
    },
  );
});
