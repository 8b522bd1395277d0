import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { chmodSync } from 'node:fs';
import yaml from 'yaml';
import { PLATFORM_PARAMS } from '../__testUtils__/platform';
import { renderPlatform } from '../patterns';
import { PlatformToolkit, createPlatformRenderAction } from './platformRender';
import { examples } from './platformRender.examples';

jest.setTimeout(60_000);

describe('pbc:platform:render', () => {
  const dir = createMockDirectory();
  let fakeCfnLint: string;

  beforeEach(() => {
    dir.clear();
    dir.setContent({
      bin: { 'cfn-lint': '#!/bin/sh\necho "cfn-lint 1.2.3"\n' },
      workspace: {},
    });
    fakeCfnLint = dir.resolve('bin/cfn-lint');
    chmodSync(fakeCfnLint, 0o755);
  });

  function toolkit(overrides: Partial<PlatformToolkit> = {}) {
    return {
      patternsVersion: '9.8.7',
      renderPlatform: jest.fn(renderPlatform),
      runCfnLint: jest.fn(async () => []),
      ...overrides,
    } as jest.Mocked<PlatformToolkit>;
  }

  function context(input: Record<string, unknown>, isDryRun = false) {
    return {
      ...createMockActionContext<any>({
        input,
        workspacePath: dir.resolve('workspace'),
      }),
      isDryRun,
    };
  }

  it('renders, checks and writes the platform, its parameters and the report', async () => {
    const kit = toolkit();
    const action = createPlatformRenderAction({
      toolkit: kit,
      cfnLintExecutable: fakeCfnLint,
    });
    const ctx = context({ ...PLATFORM_PARAMS });
    await action.handler(ctx);
    const files = dir.content({ path: 'workspace' }) as any;
    expect(files.infrastructure['platform.template.yaml']).toContain(
      'platform-vpc-id',
    );
    expect(
      JSON.parse(files.infrastructure['platform.template.json']).Resources,
    ).toBeDefined();
    expect(yaml.parse(files['platform.yaml'])).toEqual({
      patternsVersion: '9.8.7',
      params: PLATFORM_PARAMS,
    });
    const report = JSON.parse(files.infrastructure['validation.json']);
    expect(report.passed).toBe(true);
    expect(report.nag.open).toEqual([]);
    expect(report.nag.acknowledged.length).toBeGreaterThan(0);
    for (const finding of report.nag.acknowledged) {
      expect(finding.reason).toEqual(expect.any(String));
    }
    expect(kit.runCfnLint).toHaveBeenCalledTimes(1);
    expect(ctx.output).toHaveBeenCalledWith('stackName', 'platform');
  });

  it('reports PBC-EDGE-02 open without a certificate, and fails on a listener finding with one', async () => {
    const action = createPlatformRenderAction({
      toolkit: toolkit(),
      cfnLintExecutable: fakeCfnLint,
    });
    const ctx = context({ ...PLATFORM_PARAMS });
    const warn = jest.spyOn(ctx.logger, 'warn');
    await action.handler(ctx);
    const files = dir.content({ path: 'workspace' }) as any;
    expect(
      JSON.parse(files.infrastructure['validation.json']).openControls,
    ).toEqual([expect.stringMatching(/^PBC-EDGE-02: /)]);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/^PBC-EDGE-02: .*render with certificateArn/),
    );

    dir.setContent({ workspace: {} });
    const certificateArn =
      'arn:aws:acm:eu-west-1:123456789012:certificate/0b8e8c6e-1234-4a5b-9c8d-0123456789ab';
    const withCertificate = context({
      ...PLATFORM_PARAMS,
      certificateArn,
      lint: false,
    });
    await action.handler(withCertificate);
    expect(
      JSON.parse(
        (dir.content({ path: 'workspace' }) as any).infrastructure[
          'validation.json'
        ],
      ).openControls,
    ).toEqual([]);

    dir.setContent({ workspace: {} });
    const weakened = createPlatformRenderAction({
      toolkit: toolkit({
        renderPlatform: jest.fn(params => ({
          ...renderPlatform(params),
          listenerFindings: ['PBC-EDGE-02: Listener uses the TLS policy old'],
        })),
      }),
      cfnLintExecutable: fakeCfnLint,
    });
    await expect(
      weakened.handler(
        context({ ...PLATFORM_PARAMS, certificateArn, lint: false }),
      ),
    ).rejects.toThrow(/PBC-EDGE-02: Listener uses the TLS policy old/);
    expect(dir.content({ path: 'workspace' })).toEqual({});
  });

  it('writes in a dry run too (the workspace is thrown away)', async () => {
    const action = createPlatformRenderAction({
      toolkit: toolkit(),
      cfnLintExecutable: fakeCfnLint,
    });
    await action.handler(context({ ...PLATFORM_PARAMS, lint: false }, true));
    const files = dir.content({ path: 'workspace' }) as any;
    expect(JSON.parse(files.infrastructure['validation.json']).cfnLint).toEqual(
      { ran: false, skippedBecause: 'input lint: false', findings: [] },
    );
  });

  it('fails on a cfn-lint error or an open cdk-nag finding, writing nothing', async () => {
    const linted = createPlatformRenderAction({
      toolkit: toolkit({
        runCfnLint: jest.fn(async () => [
          { ruleId: 'E3001', level: 'error' as const, message: 'bad' },
        ]),
      }),
      cfnLintExecutable: fakeCfnLint,
    });
    await expect(
      linted.handler(context({ ...PLATFORM_PARAMS })),
    ).rejects.toThrow(/cfn-lint E3001: bad/);
    const nagged = createPlatformRenderAction({
      toolkit: toolkit({
        renderPlatform: jest.fn(params => ({
          ...renderPlatform(params),
          nagFindings: [
            {
              ruleId: 'AwsSolutions-S1',
              resourcePath: 'platform/LogBuckets/Logs',
              level: 'error' as const,
              message: 'no access logs',
            },
          ],
        })),
      }),
      cfnLintExecutable: fakeCfnLint,
    });
    await expect(
      nagged.handler(context({ ...PLATFORM_PARAMS })),
    ).rejects.toThrow(/cdk-nag AwsSolutions-S1 on platform\/LogBuckets\/Logs/);
    expect(dir.content({ path: 'workspace' })).toEqual({});
  });

  it('refuses bad parameters naming them', async () => {
    const action = createPlatformRenderAction({
      toolkit: toolkit(),
      cfnLintExecutable: fakeCfnLint,
    });
    await expect(
      action.handler(
        context({
          ...PLATFORM_PARAMS,
          awsAccountId: '1',
          vpcCidr: '8.8.0.0/16',
        }),
      ),
    ).rejects.toThrow(/awsAccountId: .*vpcCidr: /);
    expect(dir.content({ path: 'workspace' })).toEqual({});
  });

  it('has examples that run', async () => {
    const action = createPlatformRenderAction({
      toolkit: toolkit(),
      cfnLintExecutable: fakeCfnLint,
    });
    const step = yaml.parse(examples[1].example).steps[0];
    expect(step.action).toBe('pbc:platform:render');
    await action.handler(context(step.input));
    const files = dir.content({ path: 'workspace' }) as any;
    expect(files.infrastructure['platform.template.yaml']).toContain(
      'eu-central-1',
    );
  });
});
