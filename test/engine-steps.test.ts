/**
 * The engine's step API (engine/steps): a rotation driven one step per invocation, the way the AWS
 * rotation Lambda drives it, with the same engine; resumable create (R3: a key named after this rotation
 * id that no target holds is this rotation's own orphan, replaced, never more than one per id).
 */
import {
  adoptNewKey,
  promote,
  type RotationContext,
  type RotationMetadata,
  record,
  rotated,
  runSteps,
  type SecretHeader,
  type StagingVaultAdapter,
  type StoredSecret,
  startRotation,
  store,
  storePending,
  type VaultAdapter,
  type WriteOptions,
  type WriteReceipt,
} from '@keyroll/core';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import { describe, expect, it } from 'vitest';
import { SERVICE_ACCOUNT, type World, worldsPerTest } from './helpers/world.ts';

const { results, world } = worldsPerTest();

/** A target with a pending stage, like AWSPENDING: a small stand-in over a file target. */
class StagingTarget implements StagingVaultAdapter {
  readonly pending = new Map<string, string>();
  constructor(private readonly inner: VaultAdapter) {}
  get id() {
    return this.inner.id;
  }
  get capabilities() {
    return this.inner.capabilities;
  }
  readMetadata(): Promise<SecretHeader> {
    return this.inner.readMetadata();
  }
  read(): Promise<StoredSecret> {
    return this.inner.read();
  }
  check(): Promise<void> {
    return this.inner.check();
  }
  write(value: string, metadata: RotationMetadata, options?: WriteOptions): Promise<WriteReceipt> {
    return this.inner.write(value, metadata, options);
  }
  restore(previous: StoredSecret): Promise<WriteReceipt> {
    return this.inner.restore(previous);
  }
  disableVersion(version: string): Promise<void> {
    return this.inner.disableVersion!(version);
  }
  async writePending(value: string, token: string): Promise<WriteReceipt> {
    this.pending.set(token, value);
    return { version: token };
  }
  async readPending(token: string): Promise<string | undefined> {
    return this.pending.get(token);
  }
  async promote(token: string, metadata?: RotationMetadata): Promise<WriteReceipt> {
    const value = this.pending.get(token);
    if (value === undefined) throw new Error(`no pending ${token}`);
    const receipt = await this.inner.write(value, metadata ?? {});
    this.pending.delete(token);
    return receipt;
  }
  async clearPending(version: string): Promise<void> {
    this.pending.delete(version);
  }
}

function contextFor(w: World): RotationContext {
  return {
    issuer: new PrismaCloudIssuer({ allowedOrigins: [w.sim.url], logger: w.logger }),
    lock: w.lock,
    logger: w.logger,
    allowedApiOrigins: [w.sim.url],
    policy: { verifyAttempts: 3, verifyBaseDelayMs: 1 },
  };
}

const TOKEN = '6f1c1d52-3b8e-4f5e-9a51-0c2d7b1e9a10';
const named = (w: World, id: string) => w.sim.keys(SERVICE_ACCOUNT).filter((k) => k.name === `keyroll-${id}`);

/** The Lambda's four steps, each a separate run (a separate invocation) with the token as rotation id. */
function lambda(w: World, staging: StagingTarget) {
  const ctx = contextFor(w);
  const request = () => ({ targets: [staging, w.adapters[1]!], rotationId: TOKEN, force: true });
  async function invoke<T>(body: (run: ReturnType<typeof startRotation>) => Promise<T>): Promise<T> {
    const run = startRotation(request(), ctx);
    try {
      return await body(run);
    } finally {
      await run.close();
    }
  }
  const pendingValue = () => staging.pending.get(TOKEN)!;
  return {
    /** Dies after create, before the value reached AWSPENDING. */
    createSecretDyingAfterCreate: () =>
      invoke(async (run) => runSteps(run, ['read', 'check', 'login', 'reconcile', 'make-room', 'create'])),
    createSecret: () =>
      invoke(async (run) => {
        const stop = await runSteps(run, [
          'read',
          'check',
          'login',
          'reconcile',
          'make-room',
          'create',
          'verify',
        ]);
        if (stop) return record(run, stop);
        await storePending(run, staging);
        return undefined;
      }),
    setSecret: () =>
      invoke(async (run) => {
        const stop = await runSteps(run, ['read', 'check', 'login']);
        if (stop) return record(run, stop);
        adoptNewKey(run, pendingValue());
        // All or nothing: a failure here is rolled back with rollback(run, 'store', err).
        return store(run, run.state.targets.slice(1));
      }),
    testSecret: () =>
      invoke(async (run) => {
        const stop = await runSteps(run, ['read', 'login']);
        if (stop) return record(run, stop);
        adoptNewKey(run, pendingValue());
        return runSteps(run, ['verify']);
      }),
    finishSecret: () =>
      invoke(async (run) => {
        const stop = await runSteps(run, ['read', 'login']);
        if (stop) return record(run, stop);
        adoptNewKey(run, pendingValue());
        await promote(run, staging);
        return record(
          run,
          (await runSteps(run, ['retire', 'tidy'])) ?? rotated(run, run.state.oldStillActive),
        );
      }),
  };
}

describe('step API: one rotation across separate invocations', () => {
  it('createSecret → setSecret → testSecret → finishSecret rotates, with R0 after every invocation', async () => {
    const w = await world({ targets: 2 });
    const staging = new StagingTarget(w.adapters[0]!);
    const l = lambda(w, staging);
    expect(await l.createSecret()).toBeUndefined();
    expect(named(w, TOKEN)).toHaveLength(1);
    await w.assertR0();
    expect(await l.setSecret()).toBeUndefined();
    await w.assertR0();
    expect(await l.testSecret()).toBeUndefined();
    const done = await l.finishSecret();
    results.push(done);
    expect(done).toMatchObject({ outcome: 'rotated', rotationId: TOKEN, schemaVersion: 'keyroll.result/v1' });
    const [key] = named(w, TOKEN);
    expect(await w.vaultKeyIds()).toEqual([key!.id, key!.id]);
    expect(w.activeKeys().map((k) => k.id)).toEqual([key!.id]);
    expect(w.sim.keys(SERVICE_ACCOUNT).find((k) => k.id === w.first.accessKeyId)?.status).toBe('inactive');
    await w.assertR0();
  });

  it('an invocation that died between create and store: the next createSecret replaces that key, one key per id', async () => {
    const w = await world({ targets: 2 });
    const staging = new StagingTarget(w.adapters[0]!);
    const l = lambda(w, staging);
    expect(await l.createSecretDyingAfterCreate()).toBeUndefined();
    const [orphan] = named(w, TOKEN);
    expect(orphan).toBeDefined();
    expect(staging.pending.size).toBe(0);
    // At the key limit now (current + orphan): the orphan is young and active, yet it is ours, so
    // make-room neither stops "in progress" nor counts it; create deletes it and creates again.
    expect(await l.createSecret()).toBeUndefined();
    const keys = named(w, TOKEN);
    expect(keys).toHaveLength(1);
    expect(keys[0]!.id).not.toBe(orphan!.id);
    expect(staging.pending.get(TOKEN)).toContain(keys[0]!.id);
    expect(
      w.sim
        .keys(SERVICE_ACCOUNT)
        .map((k) => k.id)
        .sort(),
    ).toEqual([w.first.accessKeyId, keys[0]!.id].sort());
    await w.assertR0();
  });

  it('a key named after this rotation that a target holds is never deleted as an orphan', async () => {
    const w = await world({ targets: 2 });
    const staging = new StagingTarget(w.adapters[0]!);
    const l = lambda(w, staging);
    await l.createSecret();
    await l.setSecret(); // the mirror now holds the new key; the primary still holds the old one
    const [key] = named(w, TOKEN);
    const run = startRotation(
      { targets: [staging, w.adapters[1]!], rotationId: TOKEN, force: true },
      contextFor(w),
    );
    try {
      // Without reconcile, create meets its own key in a target: it must neither delete it nor add one.
      const stop = await runSteps(run, ['read', 'check', 'login', 'make-room', 'create']);
      results.push(stop!);
      expect(stop?.outcome).not.toBe('rotated');
    } finally {
      await run.close();
    }
    expect(named(w, TOKEN).map((k) => k.id)).toEqual([key!.id]);
    expect((await w.vaultKeyIds())[1]).toBe(key!.id);
    await w.assertR0();
  });

  it('rotateCredential with a caller-supplied id resumes the same way; a key of another rotation is left alone', async () => {
    const w = await world();
    const mine = w.sim.addKey(SERVICE_ACCOUNT, { name: `keyroll-${TOKEN}` });
    const r = await w.rotate({ rotationId: TOKEN });
    results.push(r);
    expect(r.outcome, r.message).toBe('rotated');
    expect(r.steps.find((s) => s.name === 'create')?.detail).toContain(mine.accessKeyId);
    expect(named(w, TOKEN).map((k) => k.id)).toEqual([r.newKeyId]);

    // Another rotation's young key is someone's rotation in flight: not ours to delete.
    const w2 = await world();
    const theirs = w2.sim.addKey(SERVICE_ACCOUNT, { name: 'keyroll-20261129T140000Z-0badc0de' });
    const r2 = await w2.rotate({ rotationId: TOKEN });
    results.push(r2);
    expect(r2).toMatchObject({ outcome: 'skipped', reason: 'in_progress' });
    expect(w2.sim.keys(SERVICE_ACCOUNT).map((k) => k.id)).toContain(theirs.accessKeyId);
  });

  it('a rotation id whose key is already current is done: skipped, nothing created or deleted', async () => {
    const w = await world();
    const first = await w.rotate({ rotationId: TOKEN });
    expect(first.outcome).toBe('rotated');
    const before = w.sim.keys(SERVICE_ACCOUNT).map((k) => `${k.id}:${k.status}`);
    const again = await w.rotate({ rotationId: TOKEN });
    results.push(first, again);
    expect(again).toMatchObject({ outcome: 'skipped', reason: 'already_rotated' });
    expect(w.sim.keys(SERVICE_ACCOUNT).map((k) => `${k.id}:${k.status}`)).toEqual(before);
  });

  it('a malformed rotation id is a configuration error and touches nothing', async () => {
    const w = await world();
    for (const rotationId of ['', 'a b', 'x'.repeat(65), 'id/../x', 'ünïcode']) {
      await expect(w.rotate({ rotationId })).rejects.toMatchObject({ code: 'invalid_rotation_id' });
    }
    expect(w.sim.requestCount()).toBe(0);
    expect(await w.vaultKeyIds()).toEqual([w.first.accessKeyId]);
  });
});

describe('store: the primary first, the others once its write is acknowledged', () => {
  it('a primary that refuses the new key: no other target is written', async () => {
    const w = await world({ targets: 3 });
    const primary = w.adapters[0]!.id;
    const writes: string[] = [];
    w.vaultFaults.add({
      match: (call, d) => {
        if (call === 'vault.write') writes.push((d as { target: string }).target);
        return false;
      },
      kind: 'delay',
      times: Number.POSITIVE_INFINITY,
    });
    w.vaultFaults.add({
      match: (call, d) => call === 'vault.write' && (d as { target: string }).target === primary,
      kind: 'error',
      times: Number.POSITIVE_INFINITY,
    });
    const r = await w.rotate();
    results.push(r);
    expect(r.outcome).toBe('rolled_back');
    expect(writes).toEqual([primary]);
    expect(await w.vaultKeyIds()).toEqual([w.first.accessKeyId, w.first.accessKeyId, w.first.accessKeyId]);
    await w.assertR0();
  });
});
