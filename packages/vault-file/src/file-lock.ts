import { createHash, randomBytes } from 'node:crypto';
import { link, lstat, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  type LockHolder,
  type LockLease,
  type LockProvider,
  type LockView,
} from '@keyroll/core';
import { readRegularFile } from './regular-file.ts';

interface LockFile extends LockHolder {
  pid: number;
  host: string;
}

export interface FileLockOptions {
  directory: string;
  now?: () => number;
  /** Whether a process on this host is alive. Default: signal 0. */
  isAlive?: (pid: number) => boolean;
}

/** A takeover in progress holds `<lock>.takeover` this long at most (it takes milliseconds). */
const TAKEOVER_LEASE_MS = 30_000;

/**
 * A lock file per secret for keyroll running from cron on one host.
 *
 * Creation is exclusive and complete at once: the content is written to a temp file, which is then
 * hard-linked into place (`link` fails if the name exists; `rename` would replace it). So no process ever
 * sees a lock file without its holder in it.
 *
 * Taking over a stale lock (lease over, holder process gone, or a file that is not a keyroll lock) is
 * exclusive too: only the holder of `<lock>.takeover`, itself created by link, may remove a lock file, and
 * it re-reads the lock under that guard before removing it. Two takers of one stale lock: one wins, the
 * other reports "in progress".
 */
export class FileLockProvider implements LockProvider {
  private readonly now: () => number;
  private readonly isAlive: (pid: number) => boolean;

  constructor(private readonly options: FileLockOptions) {
    this.now = options.now ?? Date.now;
    this.isAlive = options.isAlive ?? processIsAlive;
  }

  pathFor(name: string): string {
    const digest = createHash('sha256').update(name).digest('hex').slice(0, 16);
    return join(this.options.directory, `.keyroll-${digest}.lock`);
  }

  async acquire(name: string, owner: string, leaseMs: number): Promise<LockLease | null> {
    const path = this.pathFor(name);
    await usable(() => mkdir(this.options.directory, { recursive: true }), this.options.directory);
    const mine: LockFile = { owner, expiresAt: this.now() + leaseMs, pid: process.pid, host: hostname() };
    const created = await this.createExclusive(path, mine);
    if (created !== undefined) return this.lease(path, created, undefined);

    const seen = await this.readLock(path);
    if (seen === 'absent') {
      const again = await this.createExclusive(path, mine); // released between our two looks
      return again === undefined ? null : this.lease(path, again, undefined);
    }
    if (seen.holder && !this.isGone(seen.holder)) return null;

    // Stale. Take it over under the guard, so that two takers cannot both remove and recreate it.
    const guardPath = `${path}.takeover`;
    const guard: LockFile = { ...mine, expiresAt: this.now() + TAKEOVER_LEASE_MS };
    const guardFile = await this.createExclusive(guardPath, guard);
    if (guardFile === undefined) {
      await this.clearStaleGuard(guardPath);
      return null; // another process is taking it over right now
    }
    try {
      const now = await this.readLock(path);
      if (now !== 'absent') {
        if (now.ino !== seen.ino || now.text !== seen.text) return null; // not the lock we judged stale
        await removeIfSame(path, now);
      }
      const created = await this.createExclusive(path, mine);
      if (created === undefined) return null; // a fresh creator got in first: it holds the lock
      const from = seen.holder
        ? { owner: seen.holder.owner, expiresAt: seen.holder.expiresAt }
        : unknownHolder;
      return this.lease(path, created, from);
    } finally {
      await removeIfSame(guardPath, guardFile);
    }
  }

  /** `keyroll lock show`: who holds the lock, and whether it is provably stale. */
  async inspect(name: string): Promise<LockView | undefined> {
    const seen = await this.readLock(this.pathFor(name));
    if (seen === 'absent') return undefined;
    if (!seen.holder) return { owner: 'unknown (not a keyroll lock file)', expiresAt: 0, stale: true };
    const h = seen.holder;
    return { owner: h.owner, expiresAt: h.expiresAt, host: h.host, pid: h.pid, stale: this.isGone(h) };
  }

  /** `keyroll lock release`: removes exactly the lock file that was read (not one created meanwhile). */
  async forceRelease(name: string): Promise<boolean> {
    const path = this.pathFor(name);
    const seen = await this.readLock(path);
    if (seen === 'absent') return false;
    await removeIfSame(path, seen);
    return true;
  }

  private lease(path: string, mine: Identity, tookOverFrom: LockHolder | undefined): LockLease {
    return {
      tookOverFrom,
      // Only the file this lease created: after a takeover of an expired lease it is someone else's.
      release: () => removeIfSame(path, mine),
    };
  }

  /** Writes `holder` to a temp file and links it into place. Its identity, or undefined if the name exists. */
  private async createExclusive(path: string, holder: LockFile): Promise<Identity | undefined> {
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await usable(() => open(tmp, 'wx', 0o600), this.options.directory);
    const text = JSON.stringify(holder);
    let ino: number;
    try {
      await handle.writeFile(text);
      await handle.sync();
      ino = (await handle.stat()).ino;
    } finally {
      await handle.close();
    }
    try {
      await link(tmp, path);
      return { ino, text };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
      throw err;
    } finally {
      await unlink(tmp).catch(ignoreMissing);
    }
  }

  /** The lock file's inode and holder (undefined when it is not a keyroll lock: empty, torn, foreign). */
  private async readLock(path: string): Promise<'absent' | (Identity & { holder: LockFile | undefined })> {
    let ino: number;
    let text: string;
    try {
      ino = (await lstat(path)).ino;
      text = await readRegularFile(path, `the lock file ${path}`); // a FIFO here would block forever
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
      throw err;
    }
    return { ino, text, holder: parseHolder(text) };
  }

  /** A guard left by a taker that died mid-takeover: remove it (exactly that file), so a later run can. */
  private async clearStaleGuard(guardPath: string): Promise<void> {
    const guard = await this.readLock(guardPath);
    if (guard === 'absent' || (guard.holder && !this.isGone(guard.holder))) return;
    await removeIfSame(guardPath, guard);
  }

  private isGone(holder: LockFile): boolean {
    if (holder.expiresAt <= this.now()) return true;
    return holder.host === hostname() && !this.isAlive(holder.pid);
  }
}

const unknownHolder: LockHolder = { owner: 'unknown', expiresAt: 0 };

function parseHolder(text: string): LockFile | undefined {
  try {
    const parsed = JSON.parse(text) as LockFile;
    return typeof parsed.owner === 'string' && typeof parsed.expiresAt === 'number' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Which file: its inode and its content (an inode number is reused once its file is gone). */
interface Identity {
  ino: number;
  text: string;
}

/**
 * Removes `path` only if it still is that file: moved aside first, checked, and put back if it turned
 * out to be another file.
 */
async function removeIfSame(path: string, expected: Identity): Promise<void> {
  const aside = `${path}.${randomBytes(6).toString('hex')}.old`;
  try {
    await rename(path, aside);
  } catch (err) {
    ignoreMissing(err);
    return;
  }
  const ino = (await lstat(aside)).ino;
  const text = await readFile(aside, 'utf8').catch(() => undefined);
  if (ino !== expected.ino || text !== expected.text) await link(aside, path).catch(() => {});
  await unlink(aside).catch(ignoreMissing);
}

function ignoreMissing(err: unknown): void {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
}

/** Local problems with the lock directory are configuration errors (exit 2), found before anything. */
async function usable<T>(fn: () => Promise<T>, dir: string): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code && ['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST', 'ENOSPC'].includes(code)) {
      throw new ConfigError('lock_dir_unusable', `cannot create the rotation lock in ${dir} (${code})`);
    }
    throw err;
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
