/** One rotation at a time (R1 step 1): exclusive creation with content, exclusive stale-lock takeover. */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileLockProvider } from '../src/index.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyroll-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const stale = (owner: string) => JSON.stringify({ owner, expiresAt: 1, pid: 1, host: 'elsewhere' });

describe('FileLockProvider', () => {
  it('a lock file is complete the moment it exists (written aside, then linked into place)', async () => {
    const locks = new FileLockProvider({ directory: dir });
    const lease = await locks.acquire('s', 'r1', 60_000);
    expect(lease).not.toBeNull();
    const holder = JSON.parse(await readFile(locks.pathFor('s'), 'utf8'));
    expect(holder).toMatchObject({ owner: 'r1', pid: process.pid });
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await lease!.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it.each([
    ['empty', ''],
    ['half-written', '{"owner":"r0","expiresAt":17'],
  ])('a planted %s lock file is not a live holder: it is taken over, once', async (_name, text) => {
    const locks = new FileLockProvider({ directory: dir });
    await writeFile(locks.pathFor('s'), text);
    const lease = await locks.acquire('s', 'r1', 60_000);
    expect(lease?.tookOverFrom?.owner).toBe('unknown');
    expect(JSON.parse(await readFile(locks.pathFor('s'), 'utf8')).owner).toBe('r1');
    expect(await locks.acquire('s', 'r2', 60_000)).toBeNull();
  });

  it('a takeover in progress (a live guard) keeps other takers out', async () => {
    const locks = new FileLockProvider({ directory: dir });
    await writeFile(locks.pathFor('s'), stale('r0'));
    const guard = { owner: 'taker', expiresAt: Date.now() + 60_000, pid: process.pid, host: 'elsewhere' };
    await writeFile(`${locks.pathFor('s')}.takeover`, JSON.stringify(guard));
    expect(await locks.acquire('s', 'r1', 60_000)).toBeNull();
    expect(JSON.parse(await readFile(locks.pathFor('s'), 'utf8')).owner).toBe('r0');
  });

  it('a guard left by a taker that died is cleared; the next attempt takes the stale lock over', async () => {
    const locks = new FileLockProvider({ directory: dir });
    await writeFile(locks.pathFor('s'), stale('r0'));
    await writeFile(`${locks.pathFor('s')}.takeover`, stale('dead-taker'));
    expect(await locks.acquire('s', 'r1', 60_000)).toBeNull();
    const lease = await locks.acquire('s', 'r2', 60_000);
    expect(lease?.tookOverFrom?.owner).toBe('r0');
  });

  it('two takers of one stale lock in one process: exactly one wins, every time', async () => {
    for (let round = 0; round < 40; round++) {
      const a = new FileLockProvider({ directory: dir });
      const b = new FileLockProvider({ directory: dir });
      await writeFile(a.pathFor('s'), stale(`old-${round}`));
      const leases = await Promise.all([a.acquire('s', 'a', 60_000), b.acquire('s', 'b', 60_000)]);
      expect(leases.filter((l) => l !== null)).toHaveLength(1);
      await rm(a.pathFor('s'), { force: true });
    }
  });

  it('two processes taking over one stale lock at once: exactly one wins, every round', async () => {
    const children: ChildProcess[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const child = fork(join(import.meta.dirname, 'fixtures/lock-taker.ts'), {
          env: { ...process.env, LOCK_DIR: dir },
          execArgv: ['--import', 'tsx'],
        });
        children.push(child);
      }
      await Promise.all(children.map((c) => new Promise((r) => c.once('message', r))));
      const path = new FileLockProvider({ directory: dir }).pathFor('s');
      for (let round = 0; round < 15; round++) {
        await writeFile(path, stale(`old-${round}`));
        const at = Date.now() + 50;
        const answers = await Promise.all(
          children.map(
            (c) =>
              new Promise<{ won: boolean }>((resolve) => {
                c.once('message', resolve);
                c.send({ round, at });
              }),
          ),
        );
        expect(
          answers.filter((a) => a.won),
          `round ${round}`,
        ).toHaveLength(1);
        await rm(path, { force: true });
      }
    } finally {
      for (const c of children) c.kill();
    }
  }, 60_000);
});
