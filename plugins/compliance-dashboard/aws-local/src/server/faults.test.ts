import http from 'node:http';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeConfigRulesCommand } from '@aws-sdk/client-config-service';
import {
  cloudTrailClient,
  configClient,
  errorOf,
} from '../__testUtils__/clients';
import { generatePlatform } from '../platform/generate';
import { FaultInjector, RateLimiter } from './faults';
import { AwsLocal, startAwsLocal } from './server';

const platform = generatePlatform({
  pbcs: 12,
  accounts: 3,
  regions: ['eu-west-1', 'us-east-1'],
  rules: 20,
  resources: 120,
  events: 1200,
  seed: 5,
  now: new Date('2026-11-20T12:00:00Z'),
});

describe('fault injection', () => {
  let local: AwsLocal;
  beforeAll(async () => {
    local = await startAwsLocal({ platform, lookupEventsPerSecond: 0 });
  });
  afterEach(() => local.setFaults({}));
  afterAll(() => local.close());

  const config = (accountId = '111111111111') =>
    configClient(local.url, { accountId });
  const trail = (accountId = '111111111111') =>
    cloudTrailClient(local.url, { accountId });

  it('denies access for the listed accounts only', async () => {
    local.setFaults({ accessDeniedAccounts: ['222222222222'] });
    const denied = await errorOf(() =>
      config('222222222222').send(new DescribeConfigRulesCommand({})),
    );
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.$metadata.httpStatusCode).toBe(400);
    expect(denied.message).toContain('config:DescribeConfigRules');
    const deniedTrail = await errorOf(() =>
      trail('222222222222').send(new LookupEventsCommand({})),
    );
    expect(deniedTrail.name).toBe('AccessDeniedException');
    await expect(
      config('111111111111').send(new DescribeConfigRulesCommand({})),
    ).resolves.toBeDefined();
    await expect(
      trail('333333333333').send(new LookupEventsCommand({ MaxResults: 1 })),
    ).resolves.toBeDefined();
  });

  it('surfaces 5xx answers as SDK errors', async () => {
    local.setFaults({ serverErrorRate: 1, seed: 3 });
    const seen = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const e = await errorOf(() =>
        config().send(new DescribeConfigRulesCommand({})),
      );
      expect([500, 503]).toContain(e.$metadata.httpStatusCode);
      expect(['InternalFailure', 'ServiceUnavailable']).toContain(e.name);
      seen.add(e.name);
    }
    expect(seen.size).toBe(2);
  });

  it('fails from the Nth call onwards', async () => {
    local.setFaults({ serverErrorAfterCalls: 3 });
    const client = config();
    await client.send(new DescribeConfigRulesCommand({}));
    await client.send(new DescribeConfigRulesCommand({}));
    for (let i = 0; i < 3; i++) {
      const e = await errorOf(() =>
        client.send(new DescribeConfigRulesCommand({})),
      );
      expect(e.$metadata.httpStatusCode).toBe(500);
    }
  });

  it('surfaces malformed bodies as SDK errors', async () => {
    local.setFaults({ malformedRate: 1 });
    const e = await errorOf(() => trail().send(new LookupEventsCommand({})));
    expect(e).toBeInstanceOf(Error);
    expect(e.$metadata?.httpStatusCode ?? e.$response?.statusCode).toBe(200);
  });

  it('throttles any operation at the given rate, and limits faults to listed operations', async () => {
    local.setFaults({ throttleRate: 1, operations: ['DescribeConfigRules'] });
    const e = await errorOf(() =>
      config().send(new DescribeConfigRulesCommand({})),
    );
    expect(e.name).toBe('ThrottlingException');
    await expect(
      trail().send(new LookupEventsCommand({ MaxResults: 1 })),
    ).resolves.toBeDefined();
    // The SDK retries throttling: with a 50% rate and retries it gets through.
    local.setFaults({ throttleRate: 0.5, seed: 9 });
    const retrying = configClient(local.url, { maxAttempts: 10 });
    const out = await retrying.send(new DescribeConfigRulesCommand({}));
    expect(out.ConfigRules!.length).toBeGreaterThan(0);
  });

  it('adds latency', async () => {
    local.setFaults({ latencyMs: 150 });
    const started = Date.now();
    await config().send(new DescribeConfigRulesCommand({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('counts calls per operation and per account and Region', async () => {
    local.resetStats();
    await config().send(new DescribeConfigRulesCommand({}));
    await cloudTrailClient(local.url, {
      accountId: '333333333333',
      region: 'us-east-1',
    }).send(new LookupEventsCommand({ MaxResults: 1 }));
    expect(local.stats()).toEqual({
      total: 2,
      byOperation: { DescribeConfigRules: 1, LookupEvents: 1 },
      byAccountRegion: {
        '111111111111/eu-west-1': 1,
        '333333333333/us-east-1': 1,
      },
      throttled: 0,
    });
  });
});

describe('protocol errors', () => {
  let local: AwsLocal;
  beforeAll(async () => {
    local = await startAwsLocal({ platform });
  });
  afterAll(() => local.close());

  // Plain node:http (global fetch is blocked in Backstage's Jest setup).
  const post = (
    target: string | undefined,
    body: string,
    authorization?: string,
  ) =>
    new Promise<{
      status: number;
      headers: http.IncomingHttpHeaders;
      json(): Promise<any>;
    }>((resolve, reject) => {
      const req = http.request(
        local.url,
        {
          method: 'POST',
          agent: false,
          headers: {
            'Content-Type': 'application/x-amz-json-1.1',
            ...(target ? { 'X-Amz-Target': target } : {}),
            ...(authorization ? { Authorization: authorization } : {}),
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', c => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              json: async () =>
                JSON.parse(Buffer.concat(chunks).toString('utf8')),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const auth = (service: string, key = 'LOCAL111111111111') =>
    `AWS4-HMAC-SHA256 Credential=${key}/20261120/eu-west-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=abcdef0123`;

  it('answers an unknown operation with UnknownOperationException', async () => {
    const res = await post(
      'StarlingDoveService.PutConfigRule',
      '{}',
      auth('config'),
    );
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(await res.json()).toEqual({
      __type: 'UnknownOperationException',
      message: expect.any(String),
    });
    const none = await post(undefined, '{}', auth('config'));
    expect((await none.json()).__type).toBe('UnknownOperationException');
  });

  it('routes on the part after the last dot and needs credentials', async () => {
    const ok = await post(
      'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents',
      '{"MaxResults":1}',
      auth('cloudtrail'),
    );
    expect(ok.status).toBe(200);
    expect((await ok.json()).Events).toHaveLength(1);
    const missing = await post('StarlingDoveService.DescribeConfigRules', '{}');
    expect((await missing.json()).__type).toBe(
      'MissingAuthenticationTokenException',
    );
    const wrongService = await post(
      'StarlingDoveService.DescribeConfigRules',
      '{}',
      auth('cloudtrail'),
    );
    expect((await wrongService.json()).__type).toBe(
      'InvalidSignatureException',
    );
    const unknownKey = await post(
      'StarlingDoveService.DescribeConfigRules',
      '{}',
      auth('config', 'AKIAEXAMPLE'),
    );
    expect((await unknownKey.json()).__type).toBe(
      'UnrecognizedClientException',
    );
    const badJson = await post(
      'StarlingDoveService.DescribeConfigRules',
      '{nope',
      auth('config'),
    );
    expect(badJson.status).toBe(400);
    expect((await badJson.json()).__type).toBe('SerializationException');
    const rule = platform.rules.find(
      r => platform.evaluations('111111111111', 'eu-west-1', r).length > 0,
    )!;
    const epochs = await post(
      'StarlingDoveService.GetComplianceDetailsByConfigRule',
      JSON.stringify({ ConfigRuleName: rule.name, Limit: 1 }),
      auth('config'),
    );
    const body = await epochs.json();
    expect(typeof body.EvaluationResults[0].ResultRecordedTime).toBe('number');
  });
});

describe('FaultInjector and RateLimiter', () => {
  it('draws the same faults for the same seed', () => {
    const pattern = (seed: number) => {
      const f = new FaultInjector();
      f.set({
        throttleRate: 0.3,
        serverErrorRate: 0.2,
        malformedRate: 0.1,
        seed,
      });
      return Array.from(
        { length: 50 },
        () => f.decide('LookupEvents', '111111111111').kind,
      ).join(',');
    };
    expect(pattern(4)).toBe(pattern(4));
    expect(pattern(4)).not.toBe(pattern(5));
    expect(pattern(4)).toContain('throttle');
    expect(() => new FaultInjector().set({ throttleRate: 2 })).toThrow(
      /throttleRate/,
    );
  });

  it('refills a bucket per key at the configured rate', () => {
    let now = 0;
    const limiter = new RateLimiter(2, () => now);
    expect([
      limiter.tryTake('a'),
      limiter.tryTake('a'),
      limiter.tryTake('a'),
    ]).toEqual([true, true, false]);
    expect(limiter.tryTake('b')).toBe(true);
    now = 499;
    expect(limiter.tryTake('a')).toBe(false);
    now = 1000;
    expect(limiter.tryTake('a')).toBe(true);
    expect(new RateLimiter(0).tryTake('a')).toBe(true);
  });
});
