/**
 * A lease shorter than a rotation (the Azure blob lease) is renewed before every write step, or once
 * before a batch of concurrent writes (fan-out, tidy: the lease margin covers the batch); a lease that
 * cannot be renewed stops the rotation before that write and rolls back per R2.
 */
import {
  type LockLease,
  LockLostError,
  type LockProvider,
  type RotationResult,
  rotateCredential,
  WRITE_STEPS,
} from '@keyroll/core';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, SERVICE_ACCOUNT, type World } from './helpers/world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** A lease that records its renewals between the engine's steps, and fails the n-th one. */
function renewingLock(events: string[], failAt?: number): LockProvider {
  let renewals = 0;
  return {
    async acquire(): Promise<LockLease> {
      return {
        tookOverFrom: undefined,
        release: async () => {
          events.push('release');
        },
        renew: async () => {
          renewals++;
          events.push('renew');
          if (renewals === failAt) throw new LockLostError('the rotation lock was lost (test)');
        },
      };
    },
  };
}

async function rotateWith(w: World, lock: LockProvider, events: string[]): Promise<RotationResult> {
  return rotateCredential(
    { targets: w.adapters, trigger: { kind: 'manual' }, force: true },
    {
      issuer: new PrismaCloudIssuer({ allowedOrigins: [w.sim.url], logger: w.logger }),
      lock,
      logger: w.logger,
      allowedApiOrigins: [w.sim.url],
      policy: { verifyAttempts: 2, verifyBaseDelayMs: 1 },
      onStep: (s) => events.push(`${s.name}:${s.status}`),
    },
  );
}

describe('lease renewal before writes', () => {
  it('renews before each write step, or once before a concurrent batch of them, and never before a read', async () => {
    world = await createWorld({ targets: 3 });
    const events: string[] = [];
    const r = await rotateWith(world, renewingLock(events), events);
    expect(r.outcome).toBe('rotated');
    const stepOf = (e: string) => e.split(':')[0]!;
    // A batch is a run of records of one write step (the fan-out of store, tidy of every target): the
    // lease margin covers it, so one renewal right before the batch is enough. A read is never renewed for.
    for (let i = 0; i < events.length; i++) {
      if (events[i] === 'renew' || events[i] === 'release') continue;
      const step = stepOf(events[i]!);
      let j = i - 1;
      while (WRITE_STEPS.has(step) && j >= 0 && stepOf(events[j]!) === step) j--;
      expect(events[j] === 'renew', `${events[i]} after ${events[j]}`).toBe(WRITE_STEPS.has(step));
    }
    // One renewal per batch: create, store to the primary, store to the two others at once, retire, tidy.
    expect(events.filter((e) => e === 'renew')).toHaveLength(5);
    expect(events.filter((e) => e.startsWith('store:ok'))).toHaveLength(3);
    expect(events.filter((e) => e.startsWith('tidy:ok'))).toHaveLength(3);
    expect(events.at(-1)).toBe('release');
  });

  it('a lease lost before create: no key is created, nothing changes', async () => {
    world = await createWorld();
    const events: string[] = [];
    const r = await rotateWith(world, renewingLock(events, 1), events);
    expect(r).toMatchObject({ outcome: 'rolled_back', reason: 'lock_lost' });
    expect(world.sim.keys(SERVICE_ACCOUNT)).toHaveLength(1);
    expect(await world.vaultKeyIds()).toEqual([world.first.accessKeyId]);
    await world.assertR0();
  });

  it('a lease lost before store: the new key is deleted and every target keeps the old key (R2)', async () => {
    world = await createWorld({ targets: 2 });
    const events: string[] = [];
    // Renewal 1 is before create, 2 before the first store.
    const r = await rotateWith(world, renewingLock(events, 2), events);
    expect(r).toMatchObject({ outcome: 'rolled_back', reason: 'lock_lost' });
    expect(world.sim.keys(SERVICE_ACCOUNT).map((k) => k.id)).toEqual([world.first.accessKeyId]);
    expect(await world.vaultKeyIds()).toEqual([world.first.accessKeyId, world.first.accessKeyId]);
    expect(events).toContain('rollback:ok');
    await world.assertR0();
  });
});
