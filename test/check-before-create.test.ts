/**
 * R1 step 2: whatever can be checked read-only is checked before a Prisma Cloud key exists. A problem
 * found there is a usage/configuration error (CLI exit 2) with nothing touched anywhere. Also R4 value
 * rules: one format per value, real secret keys, extra fields kept byte for byte.
 */
import { execFileSync } from 'node:child_process';
import { lstat, mkdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, InputError, isKeyrollError } from '@keyroll/core';
import { FileLockProvider, FileVaultAdapter } from '@keyroll/vault-file';
import { describe, expect, it } from 'vitest';
import { type World, worldsPerTest } from './helpers/world.ts';

const { results, world } = worldsPerTest();

/** Rotation must throw a usage error, with no request to Prisma Cloud that could change anything. */
async function expectRefusedBeforeCreate(
  w: World,
  kind: typeof ConfigError | typeof InputError,
  code?: string,
) {
  const before = await Promise.all(w.paths.map((p) => readFile(p, 'utf8')));
  const err = await w.rotate().then(
    (r) => r,
    (e: unknown) => e,
  );
  expect(err, JSON.stringify(err)).toBeInstanceOf(kind);
  if (code) expect(isKeyrollError(err) && err.code).toBe(code);
  expect(w.sim.requestCount('POST /access_keys')).toBe(0);
  expect(w.sim.requests.filter((r) => r.method !== 'GET' && r.route !== 'POST /login')).toEqual([]);
  expect(await Promise.all(w.paths.map((p) => readFile(p, 'utf8')))).toEqual(before);
  expect(w.activeKeys().map((k) => k.id)).toEqual([w.first.accessKeyId]);
  return err as Error;
}

describe('R1 step 2: check every target before creating a key', () => {
  it('a corrupt metadata side file on the second target: input error, nothing touched', async () => {
    const w = await world({ targets: 2 });
    await writeFile(`${w.paths[1]}.keyroll.json`, '{ not json');
    const err = await expectRefusedBeforeCreate(w, InputError, 'malformed_metadata');
    expect(err.message).toContain('.keyroll.json');
  });

  it('an unwritable target directory: configuration error, nothing touched', async () => {
    const w = await world({ targets: 2 });
    const dir = join(w.dir, 'ro');
    await mkdir(dir);
    const path = join(dir, 'secret.json');
    await writeFile(path, await readFile(w.paths[0]!, 'utf8'));
    w.adapters[1] = new FileVaultAdapter({ path });
    // Root ignores mode bits; an immutable directory (ext4 chattr +i) is unwritable even for root.
    const root = process.getuid?.() === 0;
    execFileSync(root ? 'chattr' : 'chmod', root ? ['+i', dir] : ['0500', dir]);
    try {
      await expectRefusedBeforeCreate(w, ConfigError, 'not_writable');
    } finally {
      if (root) execFileSync('chattr', ['-i', dir]);
    }
  });

  it('a target whose check fails (e.g. a GitHub pair without the current value) stops before any key exists', async () => {
    const w = await world({ targets: 2 });
    const inner = w.adapters[1]!;
    w.adapters[1] = {
      ...inner,
      id: inner.id,
      capabilities: inner.capabilities,
      readMetadata: () => inner.readMetadata(),
      read: () => inner.read(),
      write: (v, m, o) => inner.write(v, m, o),
      restore: (p) => inner.restore(p),
      check: async () => {
        throw new ConfigError('previous_value_unknown', `${inner.id}: cannot put the first secret back`);
      },
    };
    await expectRefusedBeforeCreate(w, ConfigError, 'previous_value_unknown');
    expect(w.sim.requestCount('POST /login')).toBe(0);
  });

  it('a FIFO as the secret file is refused at once, never waited on', async () => {
    const w = await world({ targets: 2 });
    const fifo = join(w.dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    w.adapters[1] = new FileVaultAdapter({ path: fifo });
    await expectRefusedBeforeCreate(w, ConfigError, 'not_regular_file');
  });

  it('a /proc path as the secret file is refused', async () => {
    const w = await world({ targets: 2 });
    w.adapters[1] = new FileVaultAdapter({ path: '/proc/self/status' });
    await expectRefusedBeforeCreate(w, ConfigError, 'not_regular_file');
  });

  it('a FIFO where the lock file goes is refused, never waited on', async () => {
    const w = await world();
    const lock = new FileLockProvider({ directory: w.dir });
    execFileSync('mkfifo', [lock.pathFor('keyroll:probe')]);
    await expect(lock.acquire('keyroll:probe', 'me', 60_000)).rejects.toBeInstanceOf(ConfigError);
  });

  it('a lock directory that is not a directory is a configuration error, nothing touched', async () => {
    const w = await world();
    const notDir = join(w.dir, 'not-a-dir');
    await writeFile(notDir, 'x');
    const err = await w
      .rotate({}, {}, { lock: new FileLockProvider({ directory: join(notDir, 'locks') }) })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe('lock_dir_unusable');
    expect(w.sim.requests).toEqual([]);
  });

  it('a secret file that is a symlink: the file it points to gets the new key, the link stays a link', async () => {
    const w = await world();
    const real = join(w.dir, 'real.json');
    await writeFile(real, await readFile(w.paths[0]!, 'utf8'));
    const link = join(w.dir, 'link.json');
    await symlink(real, link);
    w.adapters[0] = new FileVaultAdapter({ path: link });
    const r = await w.rotate();
    results.push(r);
    expect(r.outcome, r.message).toBe('rotated');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe(real);
    const stored = JSON.parse(await readFile(real, 'utf8'));
    expect(stored.accessKeyId).toBe(r.newKeyId);
    expect(w.sim.canLogin(stored.accessKeyId, stored.secretKey)).toBe(true);
  });
});

describe('R4: values keyroll refuses, and values it keeps exactly', () => {
  it('a value holding both formats is refused (the other pair would keep the old key)', async () => {
    const w = await world();
    const both = { ...w.first, PRISMA_CLOUD_USER: w.first.accessKeyId, PRISMA_CLOUD_PASS: w.first.secretKey };
    await writeFile(w.paths[0]!, JSON.stringify(both));
    const err = await expectRefusedBeforeCreate(w, InputError, 'ambiguous_secret_format');
    expect(err.message).not.toContain(w.first.secretKey);
  });

  it('a secret key shorter than 16 characters is bad input', async () => {
    const w = await world();
    await writeFile(w.paths[0]!, JSON.stringify({ ...w.first, secretKey: 'short-secret' }));
    const err = await expectRefusedBeforeCreate(w, InputError, 'malformed_secret');
    expect(err.message).toMatch(/shorter than 16/);
    expect(err.message).not.toContain('short-secret');
  });

  it('a value nested too deep is bad input', async () => {
    const w = await world();
    const deep = `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`;
    await writeFile(w.paths[0]!, JSON.stringify({ ...w.first, extra: JSON.parse(deep) }));
    await expectRefusedBeforeCreate(w, InputError, 'malformed_secret');
  });

  it('large integers, number formats and spacing in extra fields survive a rotation byte for byte', async () => {
    const w = await world({ targets: 2 });
    const extra =
      '"big": 12345678901234567890123, "f": 1.0, "e": 1e3, "neg": -0.50, "nested": {"id": 9007199254740993}';
    const text = `{ "apiUrl": "${w.first.apiUrl}",\n  "accessKeyId": "${w.first.accessKeyId}", "secretKey": "${w.first.secretKey}", ${extra} }`;
    for (const p of w.paths) await writeFile(p, text);
    const r = await w.rotate();
    results.push(r);
    expect(r.outcome, r.message).toBe('rotated');
    const stored = await readFile(w.paths[1]!, 'utf8');
    const fresh = await w.readVault(w.paths[1]!);
    expect(stored.trimEnd()).toBe(
      text.replace(w.first.accessKeyId, fresh.accessKeyId).replace(w.first.secretKey, fresh.secretKey),
    );
  });
});

describe('R4: an invalid API URL is described, not quoted', () => {
  it('says what is wrong without echoing the value', async () => {
    const w = await world();
    const pasted = 'not a url but maybe-a-pasted-secret-1234567890';
    await writeFile(w.paths[0]!, JSON.stringify({ ...w.first, apiUrl: pasted }));
    const err = await expectRefusedBeforeCreate(w, InputError, 'disallowed_api_host');
    expect(err.message).not.toContain(pasted);
    expect(err.message).toMatch(/no scheme/);
  });
});
