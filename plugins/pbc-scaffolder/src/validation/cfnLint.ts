import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One finding of cfn-lint. */
export interface CfnLintFinding {
  /** e.g. `E3002`, `W3037`. */
  ruleId: string;
  level: 'error' | 'warning' | 'informational';
  message: string;
  /** Logical id, when the finding is inside `Resources`. */
  resource?: string;
  line?: number;
}

export interface CfnLintOptions {
  /** Path or name of the cfn-lint executable; default `$PBC_CFN_LINT`, else `cfn-lint` on PATH. */
  executable?: string;
  /**
   * Regions to lint for. Default: what the template's `Metadata.cfn-lint.config.regions` says
   * (the patterns write the PBC's Region there), else cfn-lint's default.
   */
  regions?: string[];
  /** Milliseconds before cfn-lint is stopped; default 120000. */
  timeoutMs?: number;
}

/** cfn-lint ran but could not lint (crash, bad arguments, unreadable output). */
export class CfnLintError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CfnLintError';
  }
}

interface RawFinding {
  Filename?: string;
  Level?: string;
  Message?: string;
  Rule?: { Id?: string };
  Location?: { Start?: { LineNumber?: number }; Path?: (string | number)[] };
}

function levelOf(level: string | undefined): CfnLintFinding['level'] {
  switch ((level ?? '').toLowerCase()) {
    case 'error':
      return 'error';
    case 'warning':
      return 'warning';
    default:
      return 'informational';
  }
}

function toFinding(raw: RawFinding): CfnLintFinding {
  const path = raw.Location?.Path ?? [];
  const resource =
    path[0] === 'Resources' && typeof path[1] === 'string'
      ? path[1]
      : undefined;
  return {
    ruleId: raw.Rule?.Id ?? 'unknown',
    level: levelOf(raw.Level),
    message: raw.Message ?? '',
    ...(resource ? { resource } : {}),
    ...(raw.Location?.Start?.LineNumber
      ? { line: raw.Location.Start.LineNumber }
      : {}),
  };
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(
  executable: string,
  args: string[],
  timeoutMs: number,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', chunk => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', chunk => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new CfnLintError(`cfn-lint did not finish within ${timeoutMs} ms`),
      );
    }, timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === 'ENOENT') {
        reject(
          new CfnLintError(
            `The cfn-lint executable '${executable}' was not found. Install cfn-lint ` +
              `(pip install cfn-lint) and put it on PATH, or set PBC_CFN_LINT to its path.`,
          ),
        );
      } else {
        reject(
          new CfnLintError(
            `Could not run cfn-lint '${executable}': ${error.message}`,
          ),
        );
      }
    });
    child.on('close', code => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Lints a CloudFormation template (YAML or JSON text) with cfn-lint and returns its findings.
 * cfn-lint's exit code is a bit mask of the levels found (2 error, 4 warning, 8 informational);
 * anything else non-zero means it could not lint, which throws.
 *
 * @throws CfnLintError when the executable is missing or cfn-lint fails to run.
 */
export async function runCfnLint(
  templateYaml: string,
  options: CfnLintOptions = {},
): Promise<CfnLintFinding[]> {
  return (await runCfnLintMany([templateYaml], options))[0];
}

/**
 * Lints several templates in one cfn-lint process (its start-up, about a second, is paid once)
 * and returns the findings of each, in the order given. Each template's own
 * `Metadata.cfn-lint.config.regions` applies unless `options.regions` is set.
 *
 * @throws CfnLintError when the executable is missing or cfn-lint fails to run.
 */
export async function runCfnLintMany(
  templates: readonly string[],
  options: CfnLintOptions = {},
): Promise<CfnLintFinding[][]> {
  if (templates.length === 0) return [];
  const executable =
    options.executable ?? process.env.PBC_CFN_LINT ?? 'cfn-lint';
  const dir = await mkdtemp(join(tmpdir(), 'pbc-cfn-lint-'));
  try {
    const files = templates.map((_, i) => join(dir, `template-${i}.yaml`));
    await Promise.all(
      templates.map((yaml, i) => writeFile(files[i], yaml, 'utf8')),
    );
    const args = ['--format', 'json'];
    if (options.regions?.length) {
      args.push('--regions', ...options.regions);
    }
    args.push('--', ...files);
    const { code, stdout, stderr } = await run(
      executable,
      args,
      options.timeoutMs ?? 120_000,
    );
    if (code === null || code === 1 || code > 14) {
      throw new CfnLintError(
        `cfn-lint failed (exit code ${code}): ${(stderr || stdout)
          .trim()
          .slice(0, 2000)}`,
      );
    }
    let parsed: unknown;
    try {
      parsed = stdout.trim() ? JSON.parse(stdout) : [];
    } catch {
      throw new CfnLintError(
        `cfn-lint printed output that is not JSON: ${stdout.slice(0, 500)}`,
      );
    }
    if (!Array.isArray(parsed)) {
      throw new CfnLintError('cfn-lint did not print a JSON list of findings');
    }
    const byFile = files.map((): CfnLintFinding[] => []);
    for (const raw of parsed as RawFinding[]) {
      // One file: every finding is its own, whatever path cfn-lint prints.
      const index = files.length === 1 ? 0 : files.indexOf(raw.Filename ?? '');
      if (index < 0) {
        throw new CfnLintError(
          `cfn-lint reported a finding for a file it was not given: ${raw.Filename}`,
        );
      }
      byFile[index].push(toFinding(raw));
    }
    return byFile;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
