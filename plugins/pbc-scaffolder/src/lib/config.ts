import type { Config } from '@backstage/config';
import os from 'node:os';
import path from 'node:path';

/** Where the embedded default keeps generated repositories, relative to the backend's cwd. */
export const DEFAULT_LOCAL_PUBLISH_DIRECTORY = '../../.tooling/data/repos';

export interface LocalPublishSettings {
  enabled: boolean;
  /** Absolute path of the directory that holds one git repository per PBC. */
  directory: string;
  defaultBranch: string;
  author: { name: string; email: string };
}

export interface RenderSettings {
  /** Renders (synthesis, checks, cfn-lint) at once, dry runs included. */
  maxConcurrent: number;
  /** Renders that may wait for a slot; beyond that a render is refused as busy. */
  maxQueued: number;
}

export interface PbcScaffolderSettings {
  localPublish: LocalPublishSettings;
  cfnLintExecutable: string;
  render: RenderSettings;
}

/** One render per core but one, at least one: the backend keeps a core for its requests. */
export function defaultMaxConcurrentRenders(cores = os.availableParallelism()) {
  return Math.max(1, cores - 1);
}

/** Reads `pbcScaffolder.*` (and the scaffolder's own `defaultAuthor`) with their defaults. */
export function readPbcScaffolderSettings(
  config: Config,
  cwd: string = process.cwd(),
): PbcScaffolderSettings {
  const local = config.getOptionalConfig('pbcScaffolder.localPublish');
  return {
    localPublish: {
      enabled: local?.getOptionalBoolean('enabled') ?? false,
      directory: path.resolve(
        cwd,
        local?.getOptionalString('directory') ??
          DEFAULT_LOCAL_PUBLISH_DIRECTORY,
      ),
      defaultBranch: local?.getOptionalString('defaultBranch') ?? 'main',
      author: {
        name:
          config.getOptionalString('scaffolder.defaultAuthor.name') ??
          'Scaffolder',
        email:
          config.getOptionalString('scaffolder.defaultAuthor.email') ??
          'scaffolder@backstage.io',
      },
    },
    cfnLintExecutable:
      config.getOptionalString('pbcScaffolder.cfnLint.executable') ??
      process.env.PBC_CFN_LINT ??
      'cfn-lint',
    render: {
      maxConcurrent:
        config.getOptionalNumber('pbcScaffolder.render.maxConcurrent') ??
        defaultMaxConcurrentRenders(),
      maxQueued:
        config.getOptionalNumber('pbcScaffolder.render.maxQueued') ?? 4,
    },
  };
}
