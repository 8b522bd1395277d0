import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import git from 'isomorphic-git';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { LocalPublishSettings } from '../lib/config';
import { createPublishLocalAction } from './publishLocal';

describe('pbc:publish:local', () => {
  const dir = createMockDirectory();

  function settings(
    overrides: Partial<LocalPublishSettings> = {},
  ): LocalPublishSettings {
    return {
      enabled: true,
      directory: dir.resolve('repos'),
      defaultBranch: 'main',
      author: { name: 'Scaffolder', email: 'scaffolder@example.com' },
      ...overrides,
    };
  }

  beforeEach(() => {
    dir.setContent({
      workspace: {
        'catalog-info.yaml':
          'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: order\n',
        infrastructure: { 'pbc-order.template.yaml': 'Resources: {}\n' },
      },
    });
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

  it('commits the workspace to a new repository and outputs where it is', async () => {
    const action = createPublishLocalAction({ settings: settings() });
    const ctx = context({ name: 'order' });
    const checkpoint = jest.spyOn(ctx, 'checkpoint');
    await action.handler(ctx);

    const repoPath = dir.resolve('repos/order');
    const files = await git.listFiles({ fs, dir: repoPath, ref: 'main' });
    expect(files.sort()).toEqual([
      'catalog-info.yaml',
      'infrastructure/pbc-order.template.yaml',
    ]);
    expect(checkpoint).toHaveBeenCalledWith(
      expect.objectContaining({ key: 'publish.local.order' }),
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'repoContentsUrl',
      pathToFileURL(repoPath).href,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoPath',
      '/catalog-info.yaml',
    );
    expect(ctx.output).toHaveBeenCalledWith('repoPath', repoPath);
    const [log] = await git.log({ fs, dir: repoPath, ref: 'main' });
    expect(ctx.output).toHaveBeenCalledWith('commitHash', log.oid);
    expect(log.commit.message).toMatch(/Initial commit of PBC order/);
  });

  it('creates nothing in a dry run but reports the would-be location', async () => {
    const action = createPublishLocalAction({ settings: settings() });
    const ctx = context({ name: 'order' }, true);
    const checkpoint = jest.spyOn(ctx, 'checkpoint');
    await action.handler(ctx);
    expect(dir.content({ path: '.' })).not.toHaveProperty('repos');
    expect(checkpoint).not.toHaveBeenCalled();
    expect(ctx.output).toHaveBeenCalledWith(
      'repoPath',
      dir.resolve('repos/order'),
    );
    expect(ctx.output).toHaveBeenCalledWith('commitHash', '');
  });

  it('refuses an existing repository in a dry run too', async () => {
    dir.addContent({ 'repos/order/README.md': 'taken' });
    const action = createPublishLocalAction({ settings: settings() });
    await expect(
      action.handler(context({ name: 'order' }, true)),
    ).rejects.toThrow(/already exists/);
  });

  it('refuses to overwrite an existing repository', async () => {
    dir.addContent({ 'repos/order/README.md': 'taken' });
    const action = createPublishLocalAction({ settings: settings() });
    const ctx = context({ name: 'order' });
    await expect(action.handler(ctx)).rejects.toThrow(
      /A repository named 'order' already exists .* refusing to overwrite it/,
    );
    expect(dir.content({ path: 'repos/order' })).toEqual({
      'README.md': 'taken',
    });
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('does not swallow a failed checkpoint', async () => {
    const action = createPublishLocalAction({ settings: settings() });
    const ctx = context({ name: 'order' });
    ctx.checkpoint = jest.fn(async () => {
      throw new Error('checkpoint store unavailable');
    }) as any;
    await expect(action.handler(ctx)).rejects.toThrow(
      'checkpoint store unavailable',
    );
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('returns the stored result of a completed checkpoint on resume', async () => {
    const action = createPublishLocalAction({ settings: settings() });
    const ctx = context({ name: 'order' });
    ctx.checkpoint = jest.fn(async () => ({ commitHash: 'abc123' })) as any;
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('commitHash', 'abc123');
    expect(dir.content({ path: '.' })).not.toHaveProperty('repos');
  });

  it.each([
    [
      'a path traversal',
      { name: '../outside' },
      /name: '\.\.\/outside' is not a valid repository name/,
    ],
    [
      'an absolute path',
      { name: '/tmp/x' },
      /name: .*not a valid repository name/,
    ],
    ['a backslash', { name: '..\\x' }, /name: .*not a valid repository name/],
    [
      'an uppercase name',
      { name: 'Order' },
      /name: .*not a valid repository name/,
    ],
    [
      'a branch with ..',
      { name: 'order', defaultBranch: 'a..b' },
      /defaultBranch: 'a\.\.b' is not a valid branch name/,
    ],
    [
      'a source path outside the workspace',
      { name: 'order', sourcePath: '../..' },
      /Relative path is not allowed to refer to a directory outside its parent/,
    ],
    [
      'a missing catalog-info.yaml',
      { name: 'order', catalogInfoPath: '/nope.yaml' },
      /catalogInfoPath: \/nope.yaml is not in the workspace/,
    ],
  ])('refuses %s and writes nothing', async (_case, input, expected) => {
    const action = createPublishLocalAction({ settings: settings() });
    for (const isDryRun of [false, true]) {
      const ctx = context(input, isDryRun);
      await expect(action.handler(ctx)).rejects.toThrow(expected);
      expect(ctx.output).not.toHaveBeenCalled();
    }
    expect(dir.content({ path: '.' })).not.toHaveProperty('repos');
  });

  it('refuses to run when local publishing is disabled', async () => {
    const action = createPublishLocalAction({
      settings: settings({ enabled: false }),
    });
    await expect(action.handler(context({ name: 'order' }))).rejects.toThrow(
      /Local publishing is disabled: set pbcScaffolder.localPublish.enabled/,
    );
    expect(dir.content({ path: '.' })).not.toHaveProperty('repos');
  });
});
