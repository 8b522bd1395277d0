import { createMockDirectory } from '@backstage/backend-test-utils';
import { chmodSync } from 'node:fs';
import path from 'node:path';
import { findExecutable } from './findExecutable';

describe('findExecutable', () => {
  const dir = createMockDirectory();

  beforeEach(() => {
    dir.setContent({ bin: { tool: '#!/bin/sh\necho hi\n', 'not-exec': 'x' } });
    chmodSync(dir.resolve('bin/tool'), 0o755);
    chmodSync(dir.resolve('bin/not-exec'), 0o644);
  });

  it('finds a command on PATH', async () => {
    const envPath = ['/nonexistent', dir.resolve('bin')].join(path.delimiter);
    await expect(findExecutable('tool', envPath)).resolves.toBe(
      dir.resolve('bin/tool'),
    );
  });

  it('returns undefined for a missing or non-executable command', async () => {
    const envPath = dir.resolve('bin');
    await expect(findExecutable('missing', envPath)).resolves.toBeUndefined();
    await expect(findExecutable('not-exec', envPath)).resolves.toBeUndefined();
  });

  it('checks a path as given', async () => {
    await expect(findExecutable(dir.resolve('bin/tool'), '')).resolves.toBe(
      dir.resolve('bin/tool'),
    );
    await expect(
      findExecutable(dir.resolve('bin/nope'), ''),
    ).resolves.toBeUndefined();
  });
});
