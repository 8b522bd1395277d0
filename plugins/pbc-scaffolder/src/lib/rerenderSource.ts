import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { UrlReaderService } from '@backstage/backend-plugin-api';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import git from 'isomorphic-git';
import fs from 'node:fs';
import type { LocalPublishSettings } from './config';
import { readFileAtCommit } from './gitBranch';
import { pathExists, resolveRepositoryPath } from './localRepository';

/** Where a PBC's repository lives, as the re-render reads it and publishes its result. */
export type RerenderSource =
  | {
      kind: 'local';
      dir: string;
      /** The default branch's commit the re-render starts from. */
      head: string;
      read(filepath: string): Promise<string | undefined>;
    }
  | {
      kind: 'github';
      /** `<host>?owner=<owner>&repo=<repo>`, as publish:github:pull-request takes it. */
      repoUrl: string;
      read(filepath: string): Promise<string | undefined>;
    };

/** `url:https://github.com/o/r/tree/main/` (the source-location annotation) → the URL. */
function locationUrl(sourceLocation: string): string {
  const url = sourceLocation.replace(/^url:/, '');
  try {
    return new URL(url).href;
  } catch {
    throw new InputError(
      `sourceLocation: '${sourceLocation}' is not a URL (expected the entity's backstage.io/source-location)`,
    );
  }
}

/**
 * The repository of PBC `name`: on GitHub when its source location is on a configured GitHub
 * integration (read through the URL reader, the portal's integration credentials), else the
 * local repository of that name. Other hosts are refused: the re-render opens pull requests on
 * GitHub only.
 */
export async function openRerenderSource(options: {
  name: string;
  sourceLocation?: string;
  settings: LocalPublishSettings;
  integrations: ScmIntegrationRegistry;
  reader?: UrlReaderService;
}): Promise<RerenderSource> {
  const { name, sourceLocation, settings } = options;
  const url =
    sourceLocation && !sourceLocation.startsWith('file:')
      ? locationUrl(sourceLocation)
      : undefined;
  if (url && !url.startsWith('file:')) {
    const integration = options.integrations.github.byUrl(url);
    if (!integration) {
      throw new InputError(
        `The repository of '${name}' (${url}) is not on a configured GitHub integration: re-rendering opens pull requests on GitHub only, or commits to a local repository`,
      );
    }
    const [owner, repo] = new URL(url).pathname.split('/').filter(Boolean);
    if (!owner || !repo) {
      throw new InputError(
        `sourceLocation: '${url}' names no GitHub repository`,
      );
    }
    if (!options.reader) {
      throw new NotAllowedError(
        'No URL reader to read GitHub repositories with',
      );
    }
    const tree = await options.reader.readTree(url);
    const files = new Map<string, string>();
    for (const file of await tree.files()) {
      files.set(file.path, (await file.content()).toString('utf8'));
    }
    return {
      kind: 'github',
      repoUrl: `${integration.config.host}?owner=${encodeURIComponent(
        owner,
      )}&repo=${encodeURIComponent(repo.replace(/\.git$/, ''))}`,
      read: async filepath => files.get(filepath),
    };
  }

  if (!settings.enabled) {
    throw new NotAllowedError(
      'Re-rendering works on local repositories and local publishing is disabled (pbcScaffolder.localPublish.enabled)',
    );
  }
  const dir = resolveRepositoryPath(settings.directory, name);
  if (!(await pathExists(dir))) {
    throw new NotFoundError(
      `No local repository named '${name}' in the local repository directory`,
    );
  }
  let head: string;
  try {
    head = await git.resolveRef({
      fs,
      dir,
      ref: `refs/heads/${settings.defaultBranch}`,
    });
  } catch {
    throw new NotFoundError(
      `Repository '${name}' has no branch '${settings.defaultBranch}'`,
    );
  }
  return {
    kind: 'local',
    dir,
    head,
    read: filepath => readFileAtCommit(dir, head, filepath),
  };
}
