import { ConflictError } from '@backstage/errors';
import git, { type TreeEntry } from 'isomorphic-git';
import fs from 'node:fs';

/**
 * Reads and commits a repository's files through git objects only: the working tree, the index
 * and the checked-out branch of the repository (the one people clone) are never touched.
 */

function isNotFound(error: unknown): boolean {
  return (error as { code?: string })?.code === 'NotFoundError';
}

/** The text of `filepath` in commit `commit`, or undefined when the commit has no such file. */
export async function readFileAtCommit(
  dir: string,
  commit: string,
  filepath: string,
): Promise<string | undefined> {
  try {
    const { blob } = await git.readBlob({ fs, dir, oid: commit, filepath });
    return Buffer.from(blob).toString('utf8');
  } catch (error) {
    if (isNotFound(error)) {
      return undefined;
    }
    throw error;
  }
}

export async function branchExists(
  dir: string,
  branch: string,
): Promise<boolean> {
  try {
    await git.resolveRef({ fs, dir, ref: `refs/heads/${branch}` });
    return true;
  } catch (error) {
    if (isNotFound(error)) {
      return false;
    }
    throw error;
  }
}

/** Writes a tree that is `base` (undefined: empty) with `files` (path → text) put in. */
async function writeTreeWith(
  dir: string,
  base: string | undefined,
  files: Map<string, string>,
): Promise<string> {
  const entries: TreeEntry[] = base
    ? (await git.readTree({ fs, dir, oid: base })).tree
    : [];
  const byName = new Map(entries.map(entry => [entry.path, entry]));
  const nested = new Map<string, Map<string, string>>();
  for (const [filepath, content] of files) {
    const slash = filepath.indexOf('/');
    if (slash === -1) {
      const oid = await git.writeBlob({
        fs,
        dir,
        blob: Buffer.from(content, 'utf8'),
      });
      byName.set(filepath, {
        mode: '100644',
        path: filepath,
        oid,
        type: 'blob',
      });
    } else {
      const head = filepath.slice(0, slash);
      const inner = nested.get(head) ?? new Map<string, string>();
      inner.set(filepath.slice(slash + 1), content);
      nested.set(head, inner);
    }
  }
  for (const [name, inner] of nested) {
    const existing = byName.get(name);
    const oid = await writeTreeWith(
      dir,
      existing?.type === 'tree' ? existing.oid : undefined,
      inner,
    );
    byName.set(name, { mode: '040000', path: name, oid, type: 'tree' });
  }
  return git.writeTree({ fs, dir, tree: [...byName.values()] });
}

/**
 * Commits `files` on top of commit `parent` as a new branch `branch`. Refuses a branch that
 * already exists (a re-render never moves someone's branch).
 */
export async function commitOnNewBranch(options: {
  dir: string;
  parent: string;
  branch: string;
  files: Map<string, string>;
  message: string;
  author: { name: string; email: string };
}): Promise<string> {
  const { dir, parent, branch } = options;
  if (await branchExists(dir, branch)) {
    throw new ConflictError(
      `Branch '${branch}' already exists in the repository; merge or delete it first`,
    );
  }
  const { commit: parentCommit } = await git.readCommit({
    fs,
    dir,
    oid: parent,
  });
  const tree = await writeTreeWith(dir, parentCommit.tree, options.files);
  const signature = {
    ...options.author,
    timestamp: Math.floor(Date.now() / 1000),
    timezoneOffset: 0,
  };
  const oid = await git.writeCommit({
    fs,
    dir,
    commit: {
      message: options.message.endsWith('\n')
        ? options.message
        : `${options.message}\n`,
      tree,
      parent: [parent],
      author: signature,
      committer: signature,
    },
  });
  await git.writeRef({ fs, dir, ref: `refs/heads/${branch}`, value: oid });
  return oid;
}
