/** Rotation rules R1–R4 scenario by scenario, with the real client, simulator and file vaults. */
import { readFile, writeFile } from 'node:fs/promises';
import { ConfigError, InputError, type VaultAdapter } from '@keyroll/core';
import { ManualClock } from '@keyroll/testkit';
import { describe, expect, it } from 'vitest';
import { SERVICE_ACCOUNT, type World, worldsPerTest } from './helpers/world.ts';

const { results, world, rotate } = worldsPerTest();

const routes = (w: World) => w.sim.requests.map((r) => r.route);

describe('R1 order and R2 rollback', () => {
  it('rotates: new key verified and stored everywhere, old key inactive, superseded versions disabled', async () => {
    const w = await world({ targets: 3 });
    const r = await rotate(w);
    expect(r.outcome).toBe('rotated');
    expect(await w.vaultKeyIds()).toEqual([r.newKeyId, r.newKeyId, r.newKeyId]);
    const old = w.sim.keys(SERVICE_ACCOUNT).find((k) => k.id === w.first.accessKeyId);
    expect(old?.status).toBe('inactive');
    expect(r.steps.map((s) => s.name)).toEqual([
      'lock',
      'read', // the managed mark, before any value
      'read',
      'check', // every target can take the new key, before anything is created
      'login',
      'check',
      'create',
      'verify',
      'store',
      'store',
      'store',
      'retire',
      'tidy',
      'tidy',
      'tidy',
      'record',
    ]);
    const key = w.sim.keys(SERVICE_ACCOUNT).find((k) => k.id === r.newKeyId)!;
    expect(key.name).toBe(`keyroll-${r.rotationId}`);
    expect(key.expiresOn).toBeGreaterThan(Date.now() + 89 * 86_400_000);
    await w.assertR0();
  });

  it('retires the old key with a session of the new key (a key may not be able to deactivate itself)', async () => {
    const w = await world({ simulator: { forbidSelfDeactivation: true } });
    const r = await rotate(w);
    expect(r.outcome).toBe('rotated');
    expect(r.warnings).toEqual([]);
    expect(w.sim.keys(SERVICE_ACCOUNT).find((k) => k.id === w.first.accessKeyId)?.status).toBe('inactive');
  });

  it('when rollback itself fails, stops with needs_attention, keeps the new key, and R0 still holds', async () => {
    const w = await world({ targets: 2 });
    const second = w.adapters[1]!.id;
    const first = w.adapters[0]!.id;
    w.vaultFaults.add({
      match: (c, d) => c === 'vault.write' && (d as { target: string }).target === second,
      kind: 'error',
    });
    w.vaultFaults.add({
      match: (c, d) => c === 'vault.restore' && (d as { target: string }).target === first,
      kind: 'error',
    });
    const r = await rotate(w);
    expect(r.outcome).toBe('needs_attention');
    expect(r.reason).toBe('rollback_incomplete');
    expect(r.message).toContain(first);
    expect(r.targets.find((t) => t.id === first)?.status).toBe('restore_failed');
    // The new key is kept because the primary still holds it.
    expect(w.sim.keys(SERVICE_ACCOUNT).some((k) => k.id === r.newKeyId && k.status === 'active')).toBe(true);
    await w.assertR0();
  });

  it('verifies through propagation delay by retrying the login with the new key', async () => {
    // Long enough that a loaded machine still reaches the first verify login before the key propagates.
    const w = await world({ simulator: { propagationDelayMs: 400 } });
    const r = await rotate(w, {}, { verifyAttempts: 10, verifyBaseDelayMs: 20 });
    expect(r.outcome).toBe('rotated');
    expect(routes(w).filter((x) => x === 'POST /login').length).toBeGreaterThan(2);
  });
});

describe('Prisma Cloud behaviour that hurts', () => {
  it('survives the JWT expiring in the middle of a rotation (401 → one re-login)', async () => {
    const clock = new ManualClock(Date.now());
    const w = await world({ simulator: { clock } });
    w.sim.faults.add({
      match: 'POST /access_keys',
      kind: 'delay',
      delayMs: 0,
      onHit: () => clock.advance(11 * 60_000),
    });
    const r = await rotate(w);
    expect(r.outcome, r.message).toBe('rotated');
    expect(w.sim.requests.some((q) => q.route === 'POST /access_keys' && q.status === 401)).toBe(true);
    expect(w.sim.requests.filter((q) => q.route === 'POST /access_keys' && q.status === 200)).toHaveLength(1);
    await w.assertR0();
  });

  it('rides out a 429 storm on every call', async () => {
    const w = await world({ seedInactiveKey: true });
    w.sim.faults.add({
      match: () => true,
      kind: 'error',
      status: 429,
      headers: { 'retry-after': '0' },
      body: '<html>',
      times: 2,
    });
    w.sim.faults.add({ match: /access_keys/, kind: 'error', status: 429, times: 2 });
    const r = await rotate(w);
    expect(r.outcome).toBe('rotated');
    expect(w.sim.requests.filter((q) => q.status === 429)).toHaveLength(4);
    await w.assertR0();
  });

  it('two keys, one an old active orphan: deletes the orphan to make room', async () => {
    const w = await world();
    const orphan = w.sim.addKey(SERVICE_ACCOUNT, {
      name: 'forgotten',
      createdTs: Date.now() - 40 * 86_400_000,
    });
    const r = await rotate(w);
    expect(r.outcome).toBe('rotated');
    expect(w.sim.keys(SERVICE_ACCOUNT).some((k) => k.id === orphan.accessKeyId)).toBe(false);
    expect(r.steps.find((s) => s.name === 'make-room')?.detail).toContain(orphan.accessKeyId);
  });

  it('two keys, the other a young active key: it may be a rotation in flight, so nothing is touched', async () => {
    const w = await world();
    const young = w.sim.addKey(SERVICE_ACCOUNT, {
      name: 'keyroll-in-flight',
      createdTs: Date.now() - 60_000,
    });
    const r = await rotate(w);
    expect(r.outcome).toBe('skipped');
    expect(r.reason).toBe('in_progress');
    expect(
      w.sim
        .keys(SERVICE_ACCOUNT)
        .map((k) => k.id)
        .sort(),
    ).toEqual([w.first.accessKeyId, young.accessKeyId].sort());
    expect(routes(w)).not.toContain('DELETE /access_keys/:id');
    expect(routes(w)).not.toContain('POST /access_keys');
  });

  it('two keys, the other the previous inactive key: deletes it, never the current key', async () => {
    const w = await world({ seedInactiveKey: true });
    const r = await rotate(w);
    expect(r.outcome).toBe('rotated');
    const ids = w.sim.keys(SERVICE_ACCOUNT).map((k) => k.id);
    expect(ids).toContain(w.first.accessKeyId);
    expect(ids).toHaveLength(2);
  });

  it('key limit 1: refuses without the explicit opt-in, touching nothing', async () => {
    const w = await world({ keyLimit: 1 });
    await expect(rotate(w, {}, { keyLimit: 1 })).rejects.toThrow(ConfigError);
    await expect(rotate(w, {}, { keyLimit: 1 })).rejects.toThrow(/downtime/);
    expect(w.sim.requests).toHaveLength(0);
  });

  it('key limit 1 with delete-then-create in admin mode: rotates with a warning about downtime', async () => {
    const w = await world({ keyLimit: 1 });
    const admin = w.sim.addServiceAccount('keyroll-admin', { admin: true });
    const r = await (await import('@keyroll/core')).rotateCredential(
      { targets: w.adapters, force: true },
      {
        issuer: new (await import('@keyroll/prisma-cloud')).PrismaCloudIssuer({
          allowedOrigins: [w.sim.url],
        }),
        logger: w.logger,
        allowedApiOrigins: [w.sim.url],
        adminCredential: admin,
        serviceAccount: SERVICE_ACCOUNT,
        policy: { mode: 'admin', keyLimit: 1, allowDeleteThenCreate: true, verifyBaseDelayMs: 1 },
      },
    );
    results.push(r);
    expect(r.outcome, r.message).toBe('rotated');
    expect(r.warnings.join(' ')).toMatch(/delete-then-create/);
    expect(w.sim.keys(SERVICE_ACCOUNT).map((k) => k.id)).toEqual([r.newKeyId]);
    expect(await w.vaultKeyIds()).toEqual([r.newKeyId]);
  });
});

describe('modes and policy', () => {
  it('admin mode: a separate admin key rotates the service account; the admin key is untouched', async () => {
    const w = await world({ seedInactiveKey: true });
    const admin = w.sim.addServiceAccount('keyroll-admin', { admin: true });
    const { rotateCredential } = await import('@keyroll/core');
    const { PrismaCloudIssuer } = await import('@keyroll/prisma-cloud');
    const r = await rotateCredential(
      { targets: w.adapters, force: true },
      {
        issuer: new PrismaCloudIssuer({ allowedOrigins: [w.sim.url] }),
        logger: w.logger,
        allowedApiOrigins: [w.sim.url],
        adminCredential: admin,
        serviceAccount: SERVICE_ACCOUNT,
        policy: { mode: 'admin', verifyBaseDelayMs: 1 },
      },
    );
    results.push(r);
    expect(r.outcome, r.message).toBe('rotated');
    expect(w.sim.keys(SERVICE_ACCOUNT).find((k) => k.id === r.newKeyId)?.owner).toBe(SERVICE_ACCOUNT);
    expect(w.sim.canLogin(admin.accessKeyId, admin.secretKey)).toBe(true);
    await w.assertR0();
  });

  it('grace period: the old key stays active; a run after the grace period retires it', async () => {
    const w = await world();
    const r = await rotate(w, {}, { graceHours: 24 });
    expect(r.outcome).toBe('rotated');
    expect(w.activeKeys()).toHaveLength(2);
    // A run inside the grace period does not rotate again, even when due.
    const again = await rotate(w, { force: false }, { graceHours: 24, minAgeHours: 0 });
    expect(again.reason).toBe('grace_period');
    const { rotateCredential } = await import('@keyroll/core');
    const { PrismaCloudIssuer } = await import('@keyroll/prisma-cloud');
    const later = { now: () => Date.now() + 25 * 3_600_000, sleep: async () => {} };
    const retire = await rotateCredential(
      { targets: w.adapters, trigger: { kind: 'schedule' } },
      {
        issuer: new PrismaCloudIssuer({ allowedOrigins: [w.sim.url] }),
        logger: w.logger,
        lock: w.lock,
        clock: later,
        allowedApiOrigins: [w.sim.url],
        policy: { graceHours: 24 },
      },
    );
    results.push(retire);
    expect(retire.outcome).toBe('skipped');
    expect(retire.reason).toBe('not_due');
    expect(retire.steps.map((s) => s.name)).toContain('retire-previous');
    expect(w.activeKeys().map((k) => k.id)).toEqual([r.newKeyId]);
  });

  it('skips a key younger than the minimum age unless forced, and a scheduled run when not due', async () => {
    const w = await world();
    const young = await rotate(w, { force: false });
    expect(young.outcome).toBe('skipped');
    expect(young.reason).toBe('too_young');
    const scheduled = await rotate(w, { force: false, trigger: { kind: 'schedule' } });
    expect(scheduled.reason).toBe('not_due');
    expect(routes(w)).not.toContain('POST /access_keys');
  });

  it('skips a duplicate or late event that names a version which is no longer current, before any API call', async () => {
    const w = await world();
    const first = await rotate(w);
    expect(first.outcome).toBe('rotated');
    w.sim.clearRequests();
    const dup = await rotate(w, { trigger: { kind: 'event', version: 'v0' } });
    expect(dup.outcome).toBe('skipped');
    expect(dup.reason).toBe('stale_event');
    expect(w.sim.requests).toHaveLength(0);
  });

  it('skips when another rotation holds the lock', async () => {
    const w = await world();
    const lease = await w.lock.acquire(`keyroll:${w.adapters[0]!.id}`, 'someone-else', 60_000);
    expect(lease).not.toBeNull();
    const r = await rotate(w);
    expect(r.reason).toBe('in_progress');
    expect(w.sim.requests).toHaveLength(0);
  });

  it('ignores a secret that is not marked as managed, before its value is read', async () => {
    const w = await world();
    const inner = w.adapters[0]!;
    const reads: string[] = [];
    const unmanaged: VaultAdapter = {
      ...inner,
      id: inner.id,
      capabilities: inner.capabilities,
      readMetadata: async () => ({ ...(await inner.readMetadata()), managed: false }),
      read: async () => {
        reads.push('value');
        return { ...(await inner.read()), managed: false };
      },
      check: inner.check,
      write: inner.write,
      restore: inner.restore,
    };
    const { rotateCredential } = await import('@keyroll/core');
    const { PrismaCloudIssuer } = await import('@keyroll/prisma-cloud');
    const r = await rotateCredential(
      { targets: [unmanaged], force: true },
      {
        issuer: new PrismaCloudIssuer({ allowedOrigins: [w.sim.url] }),
        logger: w.logger,
        allowedApiOrigins: [w.sim.url],
      },
    );
    expect(r.reason).toBe('not_managed');
    expect(reads).toEqual([]);
    expect(w.sim.requests).toHaveLength(0);
  });

  it('reports a stored key Prisma Cloud rejects as needing attention', async () => {
    const w = await world();
    w.sim.addKey(SERVICE_ACCOUNT, { name: 'spare' });
    // Someone deactivated the key consumers use.
    const admin = w.sim.addServiceAccount('admin', { admin: true });
    const { PrismaCloudIssuer } = await import('@keyroll/prisma-cloud');
    const s = await new PrismaCloudIssuer({ allowedOrigins: [w.sim.url] }).login(admin);
    await s.deactivateKey(w.first.accessKeyId);
    await s.close();
    const r = await rotate(w);
    expect(r.outcome).toBe('needs_attention');
    expect(r.reason).toBe('current_key_rejected');
  });
});

describe('R4 inputs: bad input gets a clear error and changes nothing', () => {
  it('keeps the vendor sample format through a rotation', async () => {
    const w = await world({ format: 'vendor' });
    const r = await rotate(w);
    expect(r.outcome).toBe('rotated');
    const stored = JSON.parse(await readFile(w.paths[0]!, 'utf8'));
    expect(Object.keys(stored).sort()).toEqual([
      'PRISMA_CLOUD_CONSOLE_URL',
      'PRISMA_CLOUD_PASS',
      'PRISMA_CLOUD_USER',
    ]);
    expect(stored.PRISMA_CLOUD_USER).toBe(r.newKeyId);
    expect(stored.PRISMA_CLOUD_CONSOLE_URL).toBe(w.sim.url);
  });

  it.each([
    [
      'disallowed API host',
      (w: World) => JSON.stringify({ ...w.first, apiUrl: 'https://collector.example.com' }),
      'disallowed_api_host',
    ],
    [
      'plain http Prisma host',
      (w: World) => JSON.stringify({ ...w.first, apiUrl: 'http://api.prismacloud.io' }),
      'disallowed_api_host',
    ],
    [
      'malformed JSON',
      (w: World) => `{"accessKeyId":"${w.first.accessKeyId}","secretKey":"${w.first.secretKey}"`,
      'malformed_secret',
    ],
    [
      'missing field',
      (w: World) => JSON.stringify({ apiUrl: w.sim.url, secretKey: w.first.secretKey }),
      'malformed_secret',
    ],
  ])('%s', async (_name, value, code) => {
    const w = await world();
    const text = value(w);
    await writeFile(w.paths[0]!, text);
    const err = await rotate(w).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe(code);
    expect((err as Error).message).not.toContain(w.first.secretKey);
    expect(w.sim.requests).toHaveLength(0);
    expect(await readFile(w.paths[0]!, 'utf8')).toBe(text);
  });

  it('an unknown secret is an input error', async () => {
    const w = await world();
    const { FileVaultAdapter } = await import('@keyroll/vault-file');
    const { rotateCredential } = await import('@keyroll/core');
    const { PrismaCloudIssuer } = await import('@keyroll/prisma-cloud');
    await expect(
      rotateCredential(
        { targets: [new FileVaultAdapter({ path: `${w.dir}/missing.json` })] },
        { issuer: new PrismaCloudIssuer({ allowedOrigins: [w.sim.url] }), logger: w.logger },
      ),
    ).rejects.toMatchObject({ code: 'unknown_secret' });
  });

  it('dry run reports every step and only reads (the simulator log shows no change)', async () => {
    const w = await world({ targets: 2, seedInactiveKey: true });
    const before = await Promise.all(w.paths.map((p) => readFile(p, 'utf8')));
    const keysBefore = JSON.stringify(w.sim.keys(SERVICE_ACCOUNT).map(({ lastUsedTime: _l, ...k }) => k));
    const r = await rotate(w, { dryRun: true });
    expect(r.outcome).toBe('skipped');
    expect(r.reason).toBe('dry_run');
    expect(new Set(routes(w))).toEqual(new Set(['POST /login', 'GET /user/me', 'GET /access_keys']));
    expect(r.steps.filter((s) => s.status === 'planned').map((s) => s.name)).toEqual(
      expect.arrayContaining(['lock', 'make-room', 'create', 'verify', 'store', 'retire', 'tidy']),
    );
    expect(await Promise.all(w.paths.map((p) => readFile(p, 'utf8')))).toEqual(before);
    expect(JSON.stringify(w.sim.keys(SERVICE_ACCOUNT).map(({ lastUsedTime: _l, ...k }) => k))).toBe(
      keysBefore,
    );
  });
});
