import { createHash } from 'node:crypto';
import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { LockHolder, LockLease, LockProvider } from '@keyroll/core';

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

/**
 * A lock file per secret for keyroll running from cron on one host. Created with O_EXCL; a lock whose
 * lease ran out, or whose holder process on this host is gone (killed), is taken over.
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
    await mkdir(this.options.directory, { recursive: true });
    const path = this.pathFor(name);
    const mine: LockFile = { owner, expiresAt: this.now() + leaseMs, pid: process.pid, host: hostname() };
    let tookOverFrom: LockHolder | undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const handle = await open(path, 'wx', 0o600);
        try {
          await handle.writeFile(JSON.stringify(mine));
          await handle.sync();
        } finally {
          await handle.close();
        }
        return {
          tookOverFrom,
          release: async () => {
            const holder = await readHolder(path);
            if (holder?.owner === owner) await unlink(path).catch(() => {});
          },
        };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = await readHolder(path);
      if (holder && !this.isGone(holder)) return null;
      // Stale (expired lease, dead process, or unreadable): remove it and try once more. If two
      // processes race here, O_EXCL lets only one of them create the new file.
      tookOverFrom = holder
        ? { owner: holder.owner, expiresAt: holder.expiresAt }
        : { owner: 'unknown', expiresAt: 0 };
      await unlink(path).catch(() => {});
    }
    return null;
  }

  private isGone(holder: LockFile): boolean {
    if (holder.expiresAt <= this.now()) return true;
    return holder.host === hostname() && !this.isAlive(holder.pid);
  }
}

async function readHolder(path: string): Promise<LockFile | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as LockFile;
    return typeof parsed.owner === 'string' && typeof parsed.expiresAt === 'number' ? parsed : undefined;
  } catch {
    return undefined;
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
