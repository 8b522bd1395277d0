import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { chmodSync } from 'node:fs';
import yaml from 'yaml';
import { fakeToolkit } from '../__testUtils__/fakeToolkit';
import { validParameters } from '../__testUtils__/fixtures';
import { ServiceUnavailableError } from '@backstage/errors';
import { RenderLimiter } from '../lib/render/RenderLimiter';
import { createInfrastructureRenderAction } from './infrastructureRender';

describe('pbc:infrastructure:render', () => {
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

  function context(input: Record<string, unknown>, isDryRun = false) {
    return {
      ...createMockActionContext<any>({
        input,
        workspacePath: dir.resolve('workspace'),
      }),
      isDryRun,
    };
  }

  it('renders, checks and writes the infrastructure, the spec and the report', async () => {
    const toolkit = fakeToolkit({
      runCfnLint: jest.fn(async () => [
        {
          ruleId: 'W3005',
          level: 'warning' as const,
          message: 'obsolete DependsOn',
          line: 3,
        },
      ]),
    });
    const action = createInfrastructureRenderAction({
      toolkit,
      cfnLintExecutable: fakeCfnLint,
    });
    const ctx = context({ spec: validParameters() });
    await action.handler(ctx);

    const files = dir.content({ path: 'workspace' }) as any;
    expect(files.infrastructure['pbc-order.template.yaml']).toContain(
      'AWS::SQS::Queue',
    );
    expect(files.infrastructure['conformance-pack.yaml']).toBe(
      'Resources: {}\n',
    );
    expect(yaml.parse(files['pbc.yaml'])).toEqual({
      patternsVersion: '9.8.7',
      spec: validParameters(),
    });
    expect(files['pbc.yaml']).toMatch(
      /^# The PBC spec this repository was generated from/,
    );
    const report = JSON.parse(files.infrastructure['validation.json']);
    expect(report).toMatchObject({
      pbc: 'order',
      patternsVersion: '9.8.7',
      stackName: 'pbc-order',
      passed: true,
      cfnLint: { ran: true },
    });
    expect(report.cfnLint.findings).toEqual([
      expect.objectContaining({
        ruleId: 'W3005',
        file: 'infrastructure/pbc-order.template.yaml',
      }),
      expect.objectContaining({
        ruleId: 'W3005',
        file: 'infrastructure/conformance-pack.yaml',
      }),
    ]);
    expect(report.controls).toEqual(expect.arrayContaining(['PBC-MSG-01']));
    expect(report.controls.length).toBeGreaterThan(5);

    expect(toolkit.runCfnLint).toHaveBeenCalledWith(
      expect.stringContaining('AWS::SQS::Queue'),
      {
        executable: fakeCfnLint,
      },
    );
    expect(toolkit.runCfnLint).toHaveBeenCalledWith('Resources: {}\n', {
      executable: fakeCfnLint,
    });
    expect(ctx.output).toHaveBeenCalledWith(
      'templatePath',
      'infrastructure/pbc-order.template.yaml',
    );
    expect(ctx.output).toHaveBeenCalledWith('conformancePackName', 'pbc-order');
    expect(ctx.output).toHaveBeenCalledWith('patternsVersion', '9.8.7');
    expect(ctx.output).toHaveBeenCalledWith('cfnLintVersion', '1.2.3');
    expect(ctx.output).toHaveBeenCalledWith(
      'controlSummaries',
      expect.arrayContaining([
        expect.objectContaining({
          id: 'PBC-MSG-01',
          guidanceUrl: expect.stringMatching(
            /^\/docs\/default\/component\/architecture-docs\/.+#.+/,
          ),
        }),
      ]),
    );
  });

  it('applies the PCI controls to a PCI-scoped PBC only', async () => {
    const action = createInfrastructureRenderAction({
      toolkit: fakeToolkit(),
      cfnLintExecutable: fakeCfnLint,
    });
    const plain = context({ spec: validParameters() });
    const pci = context({ spec: validParameters({ pciScope: true }) });
    await action.handler(plain);
    await action.handler(pci);
    const controlsOf = (ctx: typeof plain) =>
      (ctx.output as jest.Mock).mock.calls.find(
        ([key]) => key === 'controls',
      )[1] as string[];
    expect(controlsOf(pci).length).toBeGreaterThan(controlsOf(plain).length);
    expect(controlsOf(plain).every(id => controlsOf(pci).includes(id))).toBe(
      true,
    );
  });

  it('does the same in a dry run: its only effects are writes into the workspace', async () => {
    const toolkit = fakeToolkit();
    const action = createInfrastructureRenderAction({
      toolkit,
      cfnLintExecutable: fakeCfnLint,
    });
    const ctx = context({ spec: validParameters() }, true);
    await action.handler(ctx);
    expect(toolkit.runCfnLint).toHaveBeenCalledTimes(2);
    expect(
      Object.keys(dir.content({ path: 'workspace' }) as object).sort(),
    ).toEqual(['.pbc-portal', 'infrastructure', 'pbc.yaml']);
    expect(Object.keys(dir.content() as object).sort()).toEqual([
      'bin',
      'workspace',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('stackName', 'pbc-order');
  });

  it('skips cfn-lint with lint: false and records why', async () => {
    const toolkit = fakeToolkit();
    const action = createInfrastructureRenderAction({
      toolkit,
      cfnLintExecutable: dir.resolve('bin/missing'),
    });
    const ctx = context({ spec: validParameters(), lint: false });
    await action.handler(ctx);
    expect(toolkit.runCfnLint).not.toHaveBeenCalled();
    const report = JSON.parse(
      dir.content({ path: 'workspace/infrastructure' })![
        'validation.json'
      ] as string,
    );
    expect(report.cfnLint).toEqual({
      ran: false,
      skippedBecause: 'input lint: false',
      findings: [],
    });
    expect(ctx.output).toHaveBeenCalledWith('cfnLintVersion', '');
  });

  it('fails with a clear message when cfn-lint is missing, before rendering', async () => {
    const toolkit = fakeToolkit();
    const action = createInfrastructureRenderAction({
      toolkit,
      cfnLintExecutable: 'cfn-lint-that-is-not-installed',
    });
    const ctx = context({ spec: validParameters() });
    await expect(action.handler(ctx)).rejects.toThrow(
      /cfn-lint was not found \('cfn-lint-that-is-not-installed' on PATH\).*lint: false/,
    );
    expect(toolkit.renderInfrastructure).not.toHaveBeenCalled();
    expect(dir.content({ path: 'workspace' })).toEqual({});
  });

  it('explains a cfn-lint that cannot be started', async () => {
    const enoent = Object.assign(new Error('spawn cfn-lint ENOENT'), {
      code: 'ENOENT',
    });
    const toolkit = fakeToolkit({
      runCfnLint: jest.fn(async () => Promise.reject(enoent)),
    });
    const action = createInfrastructureRenderAction({
      toolkit,
      cfnLintExecutable: fakeCfnLint,
    });
    await expect(
      action.handler(context({ spec: validParameters() })),
    ).rejects.toThrow(/cfn-lint could not be started/);
    expect(dir.content({ path: 'workspace' })).toEqual({});
  });

  it.each([
    [
      'a cdk-nag finding',
      {
        renderInfrastructure: jest.fn((spec: any) => ({
          ...fakeToolkit().renderInfrastructure(spec),
          nagFindings: [
            {
              ruleId: 'AwsSolutions-SQS3',
              resourcePath: 'pbc-order/Queue/Resource',
              level: 'warning' as const,
              message: 'The SQS queue has no dead-letter queue.',
            },
          ],
        })),
      },
      /- cdk-nag AwsSolutions-SQS3 \[warning\] pbc-order\/Queue\/Resource: The SQS queue has no dead-letter queue\./,
    ],
    [
      'a reference-pattern violation',
      {
        checkReferencePatterns: jest.fn(() => [
          {
            controlId: 'PBC-MSG-02',
            resource: 'Queue',
            message: 'queue is not encrypted with the PBC key',
          },
        ]),
      },
      /- reference pattern PBC-MSG-02 \(Queue\): queue is not encrypted with the PBC key/,
    ],
    [
      'a cfn-lint error',
      {
        runCfnLint: jest.fn(async (templateYaml: string) =>
          templateYaml.includes('SQS')
            ? [
                {
                  ruleId: 'E3002',
                  level: 'error' as const,
                  message: 'Invalid property',
                  resource: 'Queue',
                  line: 4,
                },
              ]
            : [],
        ),
      },
      /- cfn-lint E3002 infrastructure\/pbc-order.template.yaml:4 \(Queue\): Invalid property/,
    ],
  ])(
    'fails on %s with a readable list and writes nothing',
    async (_case, overrides, expected) => {
      const action = createInfrastructureRenderAction({
        toolkit: fakeToolkit(overrides as any),
        cfnLintExecutable: fakeCfnLint,
      });
      const ctx = context({ spec: validParameters() });
      const error = await action.handler(ctx).catch(e => e as Error);
      expect(error?.message).toMatch(
        /The generated infrastructure for 'order' failed validation \(1 problem\):/,
      );
      expect(error?.message).toMatch(expected);
      expect(dir.content({ path: 'workspace' })).toEqual({});
      expect(ctx.output).not.toHaveBeenCalled();
    },
  );

  it('renders with the producers’ facts and writes the subscriptions stack', async () => {
    const toolkit = fakeToolkit({
      renderInfrastructure: jest.fn((spec: any) => ({
        ...fakeToolkit().renderInfrastructure(spec),
        subscriptions: {
          stackName: `pbc-${spec.name}--subscriptions`,
          template: { Resources: {} },
          templateYaml: 'Resources: {}\n# subscriptions\n',
        },
      })),
    });
    const action = createInfrastructureRenderAction({
      toolkit,
      cfnLintExecutable: fakeCfnLint,
    });
    const producers = {
      payment: {
        awsAccountId: '222222222222',
        awsRegion: 'eu-west-1',
        pciScope: true,
      },
    };
    await action.handler(context({ spec: validParameters(), producers }));
    expect(toolkit.renderInfrastructure).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'order' }),
      { producers },
    );
    expect(toolkit.checkReferencePatterns).toHaveBeenCalledWith(
      expect.anything(),
      expect.anything(),
      { Resources: {} },
    );
    const files = dir.content({ path: 'workspace' }) as any;
    expect(
      files.infrastructure['pbc-order--subscriptions.template.yaml'],
    ).toContain('# subscriptions');
    expect(toolkit.runCfnLint).toHaveBeenCalledTimes(3);
  });

  it('refuses malformed producer facts, before rendering and writing', async () => {
    const toolkit = fakeToolkit();
    const action = createInfrastructureRenderAction({
      toolkit,
      cfnLintExecutable: fakeCfnLint,
    });
    await expect(
      action.handler(
        context({
          spec: validParameters(),
          producers: {
            payment: {
              awsAccountId: '2222',
              awsRegion: 'eu-west-1',
              pciScope: true,
            },
          },
        }),
      ),
    ).rejects.toThrow(/producers: .*awsAccountId/);
    expect(toolkit.renderInfrastructure).not.toHaveBeenCalled();
    expect(dir.content({ path: 'workspace' })).toEqual({});
  });

  it('refuses an invalid spec naming the field, before rendering', async () => {
    const toolkit = fakeToolkit();
    const action = createInfrastructureRenderAction({
      toolkit,
      cfnLintExecutable: fakeCfnLint,
    });
    await expect(
      action.handler(
        context({ spec: { ...validParameters(), name: '../order' } }),
      ),
    ).rejects.toThrow(/name: .*path traversal/);
    await expect(
      action.handler(
        context({ spec: { ...validParameters(), awsRegion: 'xx-1' } }),
      ),
    ).rejects.toThrow(/awsRegion: /);
    expect(toolkit.renderInfrastructure).not.toHaveBeenCalled();
    expect(dir.content({ path: 'workspace' })).toEqual({});
  });

  it('bounds concurrent renders, dry runs included: holds the slot through cfn-lint, then refuses as busy', async () => {
    let releaseLint!: () => void;
    const lintGate = new Promise<void>(resolve => {
      releaseLint = resolve;
    });
    const toolkit = fakeToolkit({
      runCfnLint: jest.fn(async () => {
        await lintGate;
        return [];
      }),
    });
    const renderer = {
      render: jest.fn(async (spec: any) => ({
        rendered: toolkit.renderInfrastructure(spec),
        violations: [],
      })),
    };
    const action = createInfrastructureRenderAction({
      toolkit,
      cfnLintExecutable: fakeCfnLint,
      renderer,
      limiter: new RenderLimiter({ maxConcurrent: 1, maxQueued: 1 }),
    });
    const first = action.handler(context({ spec: validParameters() }, true));
    const second = action.handler(context({ spec: validParameters() }, true));
    await new Promise(resolve => setTimeout(resolve, 50));
    // The first holds the slot while cfn-lint runs; the second waits; the third is refused.
    expect(renderer.render).toHaveBeenCalledTimes(1);
    await expect(
      action.handler(context({ spec: validParameters() }, true)),
    ).rejects.toThrow(ServiceUnavailableError);
    releaseLint();
    await Promise.all([first, second]);
    expect(renderer.render).toHaveBeenCalledTimes(2);
    expect(toolkit.renderInfrastructure).toHaveBeenCalledTimes(2);
  });
});
