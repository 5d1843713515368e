import { describe, expect, it } from 'vitest';
import { SERVICE_ACCOUNT, type World, worldsPerTest } from './helpers/world.ts';

const { world, rotate } = worldsPerTest();

const keyIds = (w: World) => w.sim.keys(SERVICE_ACCOUNT).map((k) => k.id);
/** The new key never logs in: verify fails whatever the create answered. */
const failVerify = (w: World) =>
  w.sim.faults.add({
    match: (call, d) =>
      call === 'POST /login' && (d as { accessKeyId?: string }).accessKeyId !== w.first.accessKeyId,
    kind: 'error',
    status: 401,
    times: Number.POSITIVE_INFINITY,
  });

describe('R2: delete only what this run created', () => {
  it('a create answer naming the current key (with its secret) is not used, stored, retired or deleted', async () => {
    const w = await world({ targets: 2 });
    w.sim.faults.add({
      match: 'POST /access_keys',
      kind: 'rewrite',
      rewrite: () => ({ status: 200, body: { id: w.first.accessKeyId, secretKey: w.first.secretKey } }),
    });
    const r = await rotate(w);
    expect(r.outcome).toBe('needs_attention');
    expect(r.reason).toBe('create_answer_names_existing_key');
    expect(r.message).toContain(w.first.accessKeyId);
    expect(await w.vaultKeyIds()).toEqual([w.first.accessKeyId, w.first.accessKeyId]);
    expect(w.activeKeys().map((k) => k.id)).toEqual([w.first.accessKeyId]);
    // The key the server really made (named after this rotation) was cleaned up.
    expect(keyIds(w)).toEqual([w.first.accessKeyId]);
    await w.assertR0();
  });

  it('verify fails and the key the answer named is not ours (another name): it is kept, needs_attention', async () => {
    const w = await world();
    failVerify(w);
    let answered = '';
    w.sim.faults.add({
      match: 'POST /access_keys',
      kind: 'rewrite',
      rewrite: (a) => {
        answered = (a.body as { id: string }).id;
        return a;
      },
    });
    // The listing the rollback makes says that key belongs to someone else's rotation.
    w.sim.faults.add({
      match: 'GET /access_keys',
      skip: 1,
      kind: 'rewrite',
      rewrite: (a) => ({
        ...a,
        body: (a.body as Array<{ id: string; name: string }>).map((k) =>
          k.id === answered ? { ...k, name: 'keyroll-20990101T000000Z-otherrun' } : k,
        ),
      }),
    });
    const r = await rotate(w);
    expect(r.outcome, r.message).toBe('needs_attention');
    expect(r.message).toContain(answered);
    expect(keyIds(w)).toContain(answered);
    expect(await w.vaultKeyIds()).toEqual([w.first.accessKeyId]);
    await w.assertR0();
  });

  it('verify fails: the rollback deletes the new key, keeps the current one (rolled_back)', async () => {
    const w = await world();
    failVerify(w);
    const r = await rotate(w);
    expect(r.outcome, r.message).toBe('rolled_back');
    expect(keyIds(w)).toEqual([w.first.accessKeyId]);
    await w.assertR0();
  });

  it('an ambiguous create from the second rotation on deletes only the new key, not the current keyroll-* key', async () => {
    const w = await world({ targets: 2 });
    const first = await rotate(w);
    expect(first.outcome).toBe('rotated');
    const current = w.sim.keys(SERVICE_ACCOUNT).find((k) => k.id === first.newKeyId)!;
    expect(current.name).toMatch(/^keyroll-/);
    w.sim.faults.add({ match: 'POST /access_keys', kind: 'drop-after-apply' });
    const r = await rotate(w);
    expect(r.outcome, r.message).toBe('rolled_back');
    expect(keyIds(w)).toEqual([current.id]);
    expect(w.activeKeys().map((k) => k.id)).toEqual([current.id]);
    expect(await w.vaultKeyIds()).toEqual([current.id, current.id]);
    await w.assertR0();
  });
});

describe('R2: a rollback that fails is needs_attention, never rolled_back', () => {
  it('verify fails and deleting the new key fails', async () => {
    const w = await world();
    failVerify(w);
    w.sim.faults.add({ match: 'DELETE /access_keys/:id', kind: 'error', status: 500, times: 100 });
    const r = await rotate(w);
    expect(r.outcome).toBe('needs_attention');
    expect(r.reason).toBe('rollback_incomplete');
    await w.assertR0();
  });

  it('verify fails and listing the keys to find the new key fails', async () => {
    const w = await world();
    failVerify(w);
    w.sim.faults.add({ match: 'GET /access_keys', skip: 1, kind: 'error', status: 500, times: 100 });
    const r = await rotate(w);
    expect(r.outcome).toBe('needs_attention');
    expect(r.reason).toBe('rollback_incomplete');
    await w.assertR0();
  });

  it('an ambiguous create whose cleanup listing fails', async () => {
    const w = await world();
    w.sim.faults.add({ match: 'POST /access_keys', kind: 'drop-after-apply' });
    w.sim.faults.add({ match: 'GET /access_keys', skip: 1, kind: 'error', status: 500, times: 100 });
    const r = await rotate(w);
    expect(r.outcome).toBe('needs_attention');
    await w.assertR0();
  });

  it('a store failure whose restore fails on a target that may hold the new key', async () => {
    const w = await world({ targets: 2 });
    const second = w.adapters[1]!.id;
    w.vaultFaults.add({
      match: (c, d) => c === 'vault.write' && (d as { target: string }).target === second,
      kind: 'drop-after-apply',
    });
    w.vaultFaults.add({
      match: (c, d) => c === 'vault.restore' && (d as { target: string }).target === second,
      kind: 'error',
    });
    const r = await rotate(w);
    expect(r.outcome).toBe('needs_attention');
    expect(r.targets.find((t) => t.id === second)?.status).toBe('restore_failed');
    await w.assertR0();
  });
});

describe('R2: restore follows definite vs ambiguous write failures', () => {
  it('a target that definitely refused the new key needs no restore; its refused restore keeps the rollback clean', async () => {
    const w = await world({ targets: 2 });
    const second = w.adapters[1]!.id;
    w.vaultFaults.add({
      match: (c, d) => c === 'vault.write' && (d as { target: string }).target === second,
      kind: 'error',
    });
    w.vaultFaults.add({
      match: (c, d) => c === 'vault.restore' && (d as { target: string }).target === second,
      kind: 'error',
      times: Number.POSITIVE_INFINITY,
    });
    const r = await rotate(w);
    expect(r.outcome, r.message).toBe('rolled_back');
    expect(r.targets.find((t) => t.id === second)?.status).toBe('unchanged');
    expect(r.targets.find((t) => t.id === w.adapters[0]!.id)?.status).toBe('restored');
    expect(await w.vaultKeyIds()).toEqual([w.first.accessKeyId, w.first.accessKeyId]);
    expect(keyIds(w)).toEqual([w.first.accessKeyId]);
    await w.assertR0();
  });

  it('a failed read-back after an accepted write is restored (the write happened)', async () => {
    const w = await world({ targets: 2 });
    const second = w.adapters[1]!.id;
    w.vaultFaults.add({
      match: (c, d) => c === 'vault.read' && (d as { target: string }).target === second,
      skip: 1,
      kind: 'error',
    });
    const r = await rotate(w);
    expect(r.outcome, r.message).toBe('rolled_back');
    expect(r.targets.find((t) => t.id === second)?.status).toBe('restored');
    expect(await w.vaultKeyIds()).toEqual([w.first.accessKeyId, w.first.accessKeyId]);
    await w.assertR0();
  });
});
