import { isChildPath } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import git from 'isomorphic-git';
import fs from 'node:fs';
import { cp, lstat, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  KEBAB_CASE,
  NAME_MAX_LENGTH,
  NAME_MIN_LENGTH,
} from '@pbc-portal/pbc-domain';

/**
 * The directory a repository named `name` gets under `baseDirectory`, refusing any name that
 * is not plain kebab-case or that would resolve outside the base directory.
 */
export function resolveRepositoryPath(
  baseDirectory: string,
  name: string,
): string {
  if (
    name.includes('..') ||
    name.includes('/') ||
    name.includes('\\') ||
    name.length < NAME_MIN_LENGTH ||
    name.length > NAME_MAX_LENGTH ||
    !KEBAB_CASE.test(name)
  ) {
    throw new InputError(
      `name: '${name}' is not a valid repository name (lowercase kebab-case, ${NAME_MIN_LENGTH} to ${NAME_MAX_LENGTH} characters, no path separators)`,
    );
  }
  const base = path.resolve(baseDirectory);
  const target = path.resolve(base, name);
  if (target === base || !isChildPath(base, target)) {
    throw new InputError(
      `name: '${name}' resolves outside the repository directory`,
    );
  }
  return target;
}

export async function pathExists(target: string): Promise<boolean> {
  try {
    await lstat(target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return false;
    }
    throw error;
  }
}

/**
 * Creates a git repository at `target` holding a copy of `sourceDirectory`, committed once.
 * `target` must not exist: creating it is the lock that makes two tasks for the same name
 * fail instead of mixing their files. On failure the half-made repository is removed.
 */
export async function createLocalRepository(options: {
  sourceDirectory: string;
  target: string;
  defaultBranch: string;
  author: { name: string; email: string };
  commitMessage: string;
  onSkippedSymlink?: (relativePath: string) => void;
}): Promise<{ commitHash: string }> {
  const { sourceDirectory, target } = options;
  await mkdir(path.dirname(target), { recursive: true });
  try {
    await mkdir(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new ConflictError(
        `A repository named '${path.basename(
          target,
        )}' already exists in the local repository directory; refusing to overwrite it`,
      );
    }
    throw error;
  }
  try {
    await cp(sourceDirectory, target, {
      recursive: true,
      // Symlinks could point anywhere on the backend's disk; a generated repo has none.
      filter: async source => {
        const relative = path.relative(sourceDirectory, source);
        if (relative.split(path.sep)[0] === '.git') {
          return false;
        }
        if ((await lstat(source)).isSymbolicLink()) {
          options.onSkippedSymlink?.(relative);
          return false;
        }
        return true;
      },
    });
    await git.init({ fs, dir: target, defaultBranch: options.defaultBranch });
    await git.add({ fs, dir: target, filepath: '.' });
    const commitHash = await git.commit({
      fs,
      dir: target,
      message: options.commitMessage,
      author: options.author,
      committer: options.author,
    });
    return { commitHash };
  } catch (error) {
    await rm(target, { recursive: true, force: true });
    throw error;
  }
}
