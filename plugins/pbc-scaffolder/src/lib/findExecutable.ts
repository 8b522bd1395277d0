import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The absolute path of `command` as a shell would find it (a path is checked as is, a bare
 * name is looked up on PATH), or undefined when there is none.
 */
export async function findExecutable(
  command: string,
  envPath: string = process.env.PATH ?? '',
): Promise<string | undefined> {
  if (command.includes('/') || command.includes(path.sep)) {
    const resolved = path.resolve(command);
    return (await isExecutable(resolved)) ? resolved : undefined;
  }
  for (const dir of envPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, command);
    if (await isExecutable(candidate)) {
      return candidate;
    }
  }
  return undefined;
}
