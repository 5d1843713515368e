/**
 * Failure bookkeeping (issue 9): after a run that rolled back or needs attention, the record step writes
 * the failure count and a one-line last failure to the primary — the one write allowed on failure —
 * through Effects, best effort; a success resets the count; a skip writes nothing; the result carries
 * the escalation decision.
 */
import {
  type RotationBookkeeping,
  type RotationMetadata,
  type SecretHeader,
  type StoredSecret,
  type VaultAdapter,
  VaultError,
  type WriteOptions,
  type WriteReceipt,
} from '@keyroll/core';
import { describe, expect, it } from 'vitest';
import { createWorld, type World, worldsPerTest } from './helpers/world.ts';

const { results, track } = worldsPerTest();

/** The primary with bookkeeping kept beside it (a stand-in until every adapter keeps it). */
class Bookkept implements VaultAdapter {
  bookkeeping: RotationBookkeeping | undefined;
  readonly writes: RotationBookkeeping[] = [];
  refuse = false;
  constructor(private readonly inner: VaultAdapter) {}
  get id() {
    return this.inner.id;
  }
  get capabilities() {
    return this.inner.capabilities;
  }
  async readMetadata(): Promise<SecretHeader> {
    const h = await this.inner.readMetadata();
    return this.bookkeeping ? { ...h, bookkeeping: this.bookkeeping } : h;
  }
  async read(): Promise<StoredSecret> {
    const s = await this.inner.read();
    return this.bookkeeping ? { ...s, bookkeeping: this.bookkeeping } : s;
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
  async writeBookkeeping(bookkeeping: RotationBookkeeping): Promise<void> {
    if (this.refuse)
      throw new VaultError('forbidden', 'bookkeeping refused (test)', { category: 'permission' });
    this.writes.push(bookkeeping);
    this.bookkeeping = { ...bookkeeping };
  }
}

async function setUp(): Promise<{ w: World; primary: Bookkept; rotate: World['rotate'] }> {
  const w = await createWorld({ targets: 2 });
  track(w);
  const primary = new Bookkept(w.adapters[0]!);
  const rotate: World['rotate'] = async (extra = {}, policy = {}, context = {}) => {
    const r = await w.rotate({ targets: [primary, w.adapters[1]!], ...extra }, policy, context);
    results.push(r);
    return r;
  };
  return { w, primary, rotate };
}

const failCreate = (w: World) =>
  w.sim.faults.add({
    match: 'POST /access_keys',
    kind: 'error',
    status: 500,
    times: Number.POSITIVE_INFINITY,
  });
const LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (rolled_back|needs_attention) [a-z0-9_]+$/;

describe('failure bookkeeping and escalation', () => {
  it('counts failed runs in a row, escalates at the third, and a success resets the count', async () => {
    const { w, primary, rotate } = await setUp();
    failCreate(w);
    const runs = [await rotate(), await rotate(), await rotate()];
    expect(runs.map((r) => r.outcome)).toEqual(['rolled_back', 'rolled_back', 'rolled_back']);
    expect(primary.writes.map((b) => b.consecutiveFailures)).toEqual([1, 2, 3]);
    for (const b of primary.writes) expect(b.lastFailure).toMatch(LINE);
    expect(runs[0]!.escalation).toBeUndefined();
    expect(runs[2]!.escalation).toMatchObject({
      event: 'keyroll.escalation',
      cause: 'consecutive_failures',
      consecutiveFailures: 3,
      target: primary.id,
    });
    expect(runs[2]!.steps.at(-1)).toMatchObject({ name: 'record', status: 'ok' });
    w.clearFaults();
    const ok = await rotate();
    expect(ok.outcome).toBe('rotated');
    expect(ok.escalation).toBeUndefined();
    expect(primary.writes.at(-1)).toEqual({
      consecutiveFailures: 0,
      lastFailure: primary.writes[2]!.lastFailure,
    });
    // Nothing left to reset: the next success writes no bookkeeping.
    await rotate();
    expect(primary.writes).toHaveLength(4);
  });

  it('a skip never writes bookkeeping, whatever the count', async () => {
    const { w, primary, rotate } = await setUp();
    failCreate(w);
    await rotate();
    expect(primary.writes).toHaveLength(1);
    w.clearFaults();
    const young = await rotate({ force: false }); // the seeded key is younger than the minimum age
    expect(young).toMatchObject({ outcome: 'skipped', reason: 'too_young' });
    const held = await w.lock.acquire(`keyroll:${primary.id}`, 'someone-else', 60_000);
    const busy = await rotate();
    await held?.release();
    expect(busy).toMatchObject({ outcome: 'skipped', reason: 'in_progress' });
    expect(primary.writes).toHaveLength(1);
    for (const r of [young, busy]) expect(r.steps.some((s) => s.name === 'record')).toBe(false);
  });

  it('needs_attention escalates at once and is counted', async () => {
    const { w, primary, rotate } = await setUp();
    w.sim.faults.add({
      match: (call, d) =>
        call === 'POST /login' && (d as { accessKeyId?: string }).accessKeyId !== w.first.accessKeyId,
      kind: 'error',
      status: 401,
      times: Number.POSITIVE_INFINITY,
    });
    w.sim.faults.add({ match: 'DELETE /access_keys/:id', kind: 'error', status: 500, times: 100 });
    const r = await rotate();
    expect(r.outcome).toBe('needs_attention');
    expect(r.escalation).toMatchObject({ cause: 'needs_attention', consecutiveFailures: 1 });
    expect(primary.writes).toEqual([{ consecutiveFailures: 1, lastFailure: expect.stringMatching(LINE) }]);
    expect(primary.writes[0]!.lastFailure).toContain('needs_attention rollback_incomplete');
  });

  it('a refused bookkeeping write is a warning; the outcome stands', async () => {
    const { w, primary, rotate } = await setUp();
    failCreate(w);
    primary.refuse = true;
    const r = await rotate();
    expect(r.outcome).toBe('rolled_back');
    expect(r.warnings.join(' ')).toContain('could not record the failure count');
    expect(await w.vaultKeyIds()).toEqual([w.first.accessKeyId, w.first.accessKeyId]);
  });

  it('a failed dry run records the bookkeeping it would write, and writes nothing', async () => {
    const { w, primary, rotate } = await setUp();
    w.sim.faults.add({
      match: 'GET /access_keys',
      kind: 'error',
      status: 500,
      times: Number.POSITIVE_INFINITY,
    });
    const r = await rotate({ dryRun: true });
    expect(r.outcome).toBe('rolled_back');
    expect(primary.writes).toEqual([]);
    expect(r.steps.at(-1)).toMatchObject({ name: 'record', status: 'planned' });
  });
});
