/**
 * The on-call commands end to end against the Prisma Cloud simulator and file vaults (docs/runbook.md):
 * emergency-rotate (no grace, old key deactivated at once, through the engine), undo (re-activate the
 * break-glass key and write it back), lock show / release (a stuck lock, refused while its holder lives).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '@keyroll/cli';
import type { Credential } from '@keyroll/core';
import { openTargets } from '@keyroll/runtime/vaults';
import { type PrismaSimulator, startPrismaSimulator } from '@keyroll/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNoLeak } from './helpers/world.ts';

let sim: PrismaSimulator;
let dir: string;
const outputs: string[] = [];

beforeAll(async () => {
  sim = await startPrismaSimulator();
  dir = await mkdtemp(join(tmpdir(), 'keyroll-oncall-'));
});
afterAll(async () => {
  assertNoLeak(outputs, [...sim.mintedSecrets(), ...sim.issuedTokens()]);
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

async function keyroll(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { KEYROLL_ALLOWED_API_ORIGINS: sim.url },
  });
  outputs.push(stdout, stderr);
  return { code, stdout, stderr };
}

async function seed(name: string): Promise<{ path: string; cred: Credential }> {
  const cred = sim.addServiceAccount(name);
  const path = join(dir, `${name}.json`);
  await writeFile(path, JSON.stringify(cred));
  return { path, cred };
}
const stored = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as Credential;
const statusOf = (owner: string, id: string) => sim.keys(owner).find((k) => k.id === id)?.status;

describe('on-call commands', { timeout: 60_000 }, () => {
  it('emergency-rotate: a young key in grace is replaced now and deactivated at once', async () => {
    const { path, cred } = await seed('oc-a');
    const audit = join(dir, 'oc-a.audit.jsonl');
    // A normal rotation with grace keeps the old key active; the emergency ends that too.
    expect(
      (await keyroll(['rotate', '--vault', `file:${path}`, '--force', '--grace-hours', '24'])).code,
    ).toBe(0);
    const leaked = await stored(path);
    // Even a grace asked for on the command line is overridden: the leaked key must stop working now.
    const r = await keyroll([
      'emergency-rotate',
      '--vault',
      `file:${path}`,
      '--grace-hours',
      '24',
      '--json',
      '--audit-file',
      audit,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.outcome).toBe('rotated');
    expect(result.oldKeyId).toBe(leaked.accessKeyId);
    expect(statusOf('oc-a', leaked.accessKeyId)).toBe('inactive');
    // The key before it (in its grace) made room: the account stays within two keys.
    expect(statusOf('oc-a', cred.accessKeyId)).toBeUndefined();
    const now = await stored(path);
    expect(sim.canLogin(now.accessKeyId, now.secretKey)).toBe(true);
    const line = JSON.parse((await readFile(audit, 'utf8')).trim());
    expect(line.trigger).toMatchObject({ kind: 'manual', detail: 'emergency' });
  });

  it('undo: re-activates the break-glass key and writes it back; the wrong old value changes nothing', async () => {
    const { path, cred } = await seed('oc-b');
    const backup = join(dir, 'oc-b.old.json');
    await writeFile(backup, JSON.stringify(cred));
    expect((await keyroll(['rotate', '--vault', `file:${path}`, '--force'])).code).toBe(0);
    const newer = await stored(path);
    expect(statusOf('oc-b', cred.accessKeyId)).toBe('inactive');

    const other = join(dir, 'other.json');
    await writeFile(other, JSON.stringify(sim.addServiceAccount('oc-other')));
    const wrong = await keyroll(['undo', '--vault', `file:${path}`, '--previous-from', `file:${other}`]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(`the previous key of file:${path} is ${cred.accessKeyId}`);
    expect(statusOf('oc-b', cred.accessKeyId)).toBe('inactive');
    expect(await stored(path)).toEqual(newer);

    const r = await keyroll(['undo', '--vault', `file:${path}`, '--previous-from', `file:${backup}`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`RESTORED: every target holds ${cred.accessKeyId} again`);
    expect(statusOf('oc-b', cred.accessKeyId)).toBe('active');
    expect((await stored(path)).accessKeyId).toBe(cred.accessKeyId);
    // Both keys work: consumers that already had the newer one keep working.
    expect(sim.canLogin(newer.accessKeyId, newer.secretKey)).toBe(true);
    const s = await keyroll(['status', '--vault', `file:${path}`, '--json']);
    expect(JSON.parse(s.stdout).keys.find((k: { id: string }) => k.id === newer.accessKeyId).role).toBe(
      'previous',
    );
  });

  it('undo refuses an expired break-glass key before changing anything', async () => {
    const { path, cred } = await seed('oc-c');
    const old = sim.addKey('oc-c', { status: 'inactive', expiresOn: Date.now() - 1000 });
    // The metadata names the expired key as the previous one (as after a long-forgotten rotation).
    const opened = await openTargets(`file:${path}`, [], { env: {}, where: 'test' });
    await opened.targets[0]!.write(JSON.stringify(cred), {
      keyId: cred.accessKeyId,
      previousKeyId: old.accessKeyId,
      rotatedAt: new Date().toISOString(),
    });
    const backup = join(dir, 'oc-c.old.json');
    await writeFile(backup, JSON.stringify(old));
    const before = await readFile(path, 'utf8');
    sim.clearRequests();
    const r = await keyroll(['undo', '--vault', `file:${path}`, '--previous-from', `file:${backup}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('an expired key cannot be re-activated');
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(sim.requestCount('PATCH /access_keys/:id/status/:status')).toBe(0);
  });

  it('lock show / release: a live holder is shown and kept unless --force; then the lock is free', async () => {
    const { path } = await seed('oc-d');
    const opened = await openTargets(`file:${path}`, [], { env: {}, where: 'test' });
    const name = `keyroll:${opened.targets[0]!.id}`;
    const lease = await opened.lock.acquire(name, 'rotation-20261129-held', 15 * 60_000);
    expect(lease).not.toBeNull();

    const show = await keyroll(['lock', 'show', '--vault', `file:${path}`]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('held by rotation-20261129-held');
    expect(show.stdout).toContain(`pid ${process.pid}`);
    expect(show.stdout).toContain('may still be running');

    const refused = await keyroll(['lock', 'release', '--vault', `file:${path}`]);
    expect(refused.code).toBe(2);
    expect((await opened.lock.inspect!(name))?.owner).toBe('rotation-20261129-held');

    const forced = await keyroll(['lock', 'release', '--vault', `file:${path}`, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('released');
    expect((await keyroll(['lock', 'show', '--vault', `file:${path}`])).stdout).toContain('free');
    // The rotation can run again.
    expect((await keyroll(['rotate', '--vault', `file:${path}`, '--force'])).code).toBe(0);
  });
});
