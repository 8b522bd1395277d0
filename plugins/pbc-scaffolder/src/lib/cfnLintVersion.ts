import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * The version of the cfn-lint the scaffolder validated with (e.g. `1.51.0`), so the generated
 * CI workflow can pin the same one; undefined when it cannot be told.
 */
export async function readCfnLintVersion(
  executable: string,
): Promise<string | undefined> {
  try {
    const { stdout } = await execFileAsync(executable, ['--version'], {
      timeout: 30_000,
    });
    return /(\d+\.\d+\.\d+)/.exec(stdout)?.[1];
  } catch {
    return undefined;
  }
}
