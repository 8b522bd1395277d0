/**
 * CDK's own CloudFormation schema validation runs on every synth unless CDK_VALIDATION is
 * "false". cfn-lint covers the same ground (and more) in the scaffolder, and the built-in
 * check costs seconds and ~400 MB on first use, so it is switched off around our synth only.
 */
export function withoutCdkDefaultValidation<T>(fn: () => T): T {
  const previous = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'false';
  try {
    return fn();
  } finally {
    if (previous === undefined) {
      delete process.env.CDK_VALIDATION;
    } else {
      process.env.CDK_VALIDATION = previous;
    }
  }
}
