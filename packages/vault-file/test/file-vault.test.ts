import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeVaultAdapterConformance } from '@keyroll/testkit';
import { describe, expect, it } from 'vitest';
import { FileLockProvider, FileVaultAdapter } from '../src/index.ts';

describeVaultAdapterConformance('FileVaultAdapter', async (initial) => {
  const dir = await mkdtemp(join(tmpdir(), 'keyroll-fv-'));
  const path = join(dir, 'prisma.json');
  const seed = new FileVaultAdapter({ path });
  await writeFile(path, `${initial.value}\n`);
  await seed.write(initial.value, initial.metadata);
  return {
    adapter: new FileVaultAdapter({ path }),
    open: () => new FileVaultAdapter({ path }),
    inspect: async () => {
      const value = (await readFile(path, 'utf8')).trimEnd();
      const versions = await seed.versions();
      const current = JSON.parse(await readFile(`${path}.keyroll.json`, 'utf8')).current as string;
      return {
        value,
        metadata: versions.find((v) => v.version === current)?.metadata ?? {},
        enabledVersions: versions.filter((v) => v.enabled).map((v) => v.version),
      };
    },
    missing: () => new FileVaultAdapter({ path: join(dir, 'nope.json') }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

describe('FileVaultAdapter specifics', () => {
  it('writes with mode 0600, keeps no value of a disabled version, refuses to disable the current one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyroll-fv-'));
    const path = join(dir, 's.json');
    await writeFile(
      path,
      '{"apiUrl":"https://api.prismacloud.io","accessKeyId":"a","secretKey":"first-secret-aaaa"}',
    );
    const vault = new FileVaultAdapter({ path });
    const before = await vault.read();
    expect(before.version).toBe('v0');
    const r = await vault.write('{"secretKey":"second-secret-bbbb"}', { keyId: 'b' });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(`${path}.keyroll.json`)).mode & 0o777).toBe(0o600);
    await vault.disableVersion('v0');
    expect(await readFile(`${path}.keyroll.json`, 'utf8')).not.toContain('first-secret-aaaa');
    await expect(vault.disableVersion(r.version!)).rejects.toMatchObject({ code: 'disable_current_version' });
    await rm(dir, { recursive: true, force: true });
  });

  it('rejects a corrupt metadata file with a clear error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyroll-fv-'));
    const path = join(dir, 's.json');
    await writeFile(path, '{}');
    await writeFile(`${path}.keyroll.json`, 'not json');
    await expect(new FileVaultAdapter({ path }).read()).rejects.toMatchObject({ code: 'malformed_metadata' });
    await rm(dir, { recursive: true, force: true });
  });
});

describe('FileLockProvider', () => {
  it('excludes a second holder, allows takeover after the lease or when the holder process is gone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyroll-lock-'));
    let now = 1_000_000;
    let alive = true;
    const locks = new FileLockProvider({ directory: dir, now: () => now, isAlive: () => alive });
    const first = await locks.acquire('s', 'r1', 60_000);
    expect(first?.tookOverFrom).toBeUndefined();
    expect(await locks.acquire('s', 'r2', 60_000)).toBeNull();
    alive = false; // holder killed
    const second = await locks.acquire('s', 'r2', 60_000);
    expect(second?.tookOverFrom?.owner).toBe('r1');
    alive = true;
    now += 61_000; // lease over
    const third = await locks.acquire('s', 'r3', 60_000);
    expect(third?.tookOverFrom?.owner).toBe('r2');
    await first!.release(); // not the holder any more: must not remove r3's lock
    expect(await locks.acquire('s', 'r4', 60_000)).toBeNull();
    await third!.release();
    expect(await locks.acquire('s', 'r5', 60_000)).not.toBeNull();
    await rm(dir, { recursive: true, force: true });
  });
});
