import { runCfnLint, runCfnLintMany } from './cfnLint';

// cfn-lint and CDK synthesis are CPU-bound; on a shared two-core machine they can take long.
jest.setTimeout(120_000);

const BROKEN = `Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: lots
      NotAProperty: true
`;

const CLEAN = `Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 60
`;

describe('runCfnLint', () => {
  it('returns no finding for a clean template', async () => {
    await expect(
      runCfnLint(CLEAN, { regions: ['eu-west-1'] }),
    ).resolves.toEqual([]);
  });

  it('reports errors with rule id, resource and line', async () => {
    const findings = await runCfnLint(BROKEN);
    const errors = findings.filter(f => f.level === 'error');
    expect(errors.length).toBeGreaterThanOrEqual(2);
    for (const error of errors) {
      expect(error.ruleId).toMatch(/^E\d{4}$/);
      expect(error.resource).toBe('Queue');
      expect(error.line).toBeGreaterThanOrEqual(5);
    }
    expect(errors.map(e => e.message).join('\n')).toMatch(/NotAProperty/);
  });

  it('names the missing executable', async () => {
    await expect(
      runCfnLint(CLEAN, { executable: '/nonexistent/cfn-lint' }),
    ).rejects.toThrow(
      "The cfn-lint executable '/nonexistent/cfn-lint' was not found",
    );
  });

  it('uses PBC_CFN_LINT when no executable is given', async () => {
    const previous = process.env.PBC_CFN_LINT;
    process.env.PBC_CFN_LINT = '/nonexistent/from-env/cfn-lint';
    try {
      await expect(runCfnLint(CLEAN)).rejects.toThrow(
        "'/nonexistent/from-env/cfn-lint' was not found",
      );
    } finally {
      if (previous === undefined) {
        delete process.env.PBC_CFN_LINT;
      } else {
        process.env.PBC_CFN_LINT = previous;
      }
    }
  });

  it('throws when cfn-lint fails instead of linting', async () => {
    await expect(runCfnLint(CLEAN, { executable: 'false' })).rejects.toThrow(
      /cfn-lint failed \(exit code 1\)/,
    );
  });
});

describe('runCfnLintMany', () => {
  it('lints several templates in one run and gives each its own findings, in order', async () => {
    const [clean, broken, cleanAgain] = await runCfnLintMany([
      CLEAN,
      BROKEN,
      CLEAN,
    ]);
    expect(clean).toEqual([]);
    expect(cleanAgain).toEqual([]);
    expect(broken.filter(f => f.level === 'error').length).toBeGreaterThan(1);
    expect(broken.map(f => f.message).join('\n')).toMatch(/NotAProperty/);
  });

  it('runs nothing for no template', async () => {
    await expect(
      runCfnLintMany([], { executable: '/nonexistent/cfn-lint' }),
    ).resolves.toEqual([]);
  });
});
