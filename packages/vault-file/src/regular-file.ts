import { constants } from 'node:fs';
import { access, open, realpath } from 'node:fs/promises';
import { ConfigError } from '@keyroll/core';

/** Kernel and device trees: their "files" block, never end, or are not ours to rewrite. */
const SPECIAL_TREES = ['/proc/', '/sys/', '/dev/'];

/**
 * Reads a regular file. A FIFO, device or socket would make a plain read wait forever (or forever
 * produce bytes), so the file is opened non-blocking and checked before a byte is read.
 */
export async function readRegularFile(path: string, what: string): Promise<string> {
  await assertNotSpecialTree(path, what);
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!(await handle.stat()).isFile()) throw notRegular(what);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/** Where a write lands: through a symlink to the file it points to, so the link stays a link. */
export async function resolveLink(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return path;
    throw err;
  }
}

export async function assertNotSpecialTree(path: string, what: string): Promise<void> {
  const real = await resolveLink(path);
  if (SPECIAL_TREES.some((tree) => real.startsWith(tree))) throw notRegular(what);
}

/** A directory a new file can be created in (temp file + rename). */
export async function assertWritableDirectory(dir: string, what: string): Promise<void> {
  try {
    await access(dir, constants.W_OK | constants.X_OK);
  } catch (err) {
    throw new ConfigError(
      'not_writable',
      `${what}: the directory ${dir} is not writable (${(err as NodeJS.ErrnoException).code ?? 'error'}); ` +
        'keyroll writes a temporary file there and renames it into place',
    );
  }
}

function notRegular(what: string): ConfigError {
  return new ConfigError('not_regular_file', `${what} is not a regular file (a FIFO, device or /proc entry)`);
}
