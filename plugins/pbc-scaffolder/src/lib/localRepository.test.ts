import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConflictError, InputError } from '@backstage/errors';
import git from 'isomorphic-git';
import fs from 'node:fs';
import { existsSync, symlinkSync } from 'node:fs';
import {
  createLocalRepository,
  resolveRepositoryPath,
} from './localRepository';

describe('resolveRepositoryPath', () => {
  it('resolves a kebab-case name inside the base directory', () => {
    expect(resolveRepositoryPath('/srv/repos', 'order')).toBe(
      '/srv/repos/order',
    );
  });

  it.each(['..', '../etc', 'a/b', 'a\\b', 'Order', 'ab', '.git', ''])(
    'refuses %j',
    name => {
      expect(() => resolveRepositoryPath('/srv/repos', name)).toThrow(
        InputError,
      );
      expect(() => resolveRepositoryPath('/srv/repos', name)).toThrow(
        /^name: /,
      );
    },
  );
});

describe('createLocalRepository', () => {
  const dir = createMockDirectory();
  const author = { name: 'Scaffolder', email: 'scaffolder@example.com' };

  beforeEach(() => {
    dir.setContent({
      workspace: {
        'catalog-info.yaml': 'kind: Component\n',
        src: { 'server.ts': 'export {};\n' },
        '.git': { HEAD: 'ref: refs/heads/old\n' },
      },
      repos: {},
    });
  });

  it('commits the workspace into a new repository', async () => {
    const target = dir.resolve('repos/order');
    const { commitHash } = await createLocalRepository({
      sourceDirectory: dir.resolve('workspace'),
      target,
      defaultBranch: 'main',
      author,
      commitMessage: 'Initial commit',
    });
    expect(commitHash).toMatch(/^[0-9a-f]{40}$/);
    const files = await git.listFiles({ fs, dir: target, ref: 'main' });
    expect(files.sort()).toEqual(['catalog-info.yaml', 'src/server.ts']);
    const [commit] = await git.log({ fs, dir: target, ref: 'main' });
    expect(commit.oid).toBe(commitHash);
    expect(commit.commit.author.email).toBe(author.email);
    expect(commit.commit.message.trim()).toBe('Initial commit');
  });

  it('refuses to overwrite an existing repository and leaves it alone', async () => {
    dir.addContent({ 'repos/order/README.md': 'mine' });
    await expect(
      createLocalRepository({
        sourceDirectory: dir.resolve('workspace'),
        target: dir.resolve('repos/order'),
        defaultBranch: 'main',
        author,
        commitMessage: 'x',
      }),
    ).rejects.toThrow(ConflictError);
    expect(dir.content({ path: 'repos/order' })).toEqual({
      'README.md': 'mine',
    });
  });

  it('skips symbolic links', async () => {
    symlinkSync('/etc/hostname', dir.resolve('workspace/link'));
    const skipped: string[] = [];
    await createLocalRepository({
      sourceDirectory: dir.resolve('workspace'),
      target: dir.resolve('repos/order'),
      defaultBranch: 'main',
      author,
      commitMessage: 'x',
      onSkippedSymlink: p => skipped.push(p),
    });
    expect(skipped).toEqual(['link']);
    expect(existsSync(dir.resolve('repos/order/link'))).toBe(false);
  });

  it('removes a half-made repository when the copy fails', async () => {
    await expect(
      createLocalRepository({
        sourceDirectory: dir.resolve('missing'),
        target: dir.resolve('repos/order'),
        defaultBranch: 'main',
        author,
        commitMessage: 'x',
      }),
    ).rejects.toThrow();
    expect(existsSync(dir.resolve('repos/order'))).toBe(false);
  });
});
