import type { Clock } from '@keyroll/core';
import { type SecretManagerFake, startSecretManagerFake } from '@keyroll/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  GcpSecretManagerAdapter,
  LOCK_ANNOTATION,
  parseLockHolder,
  SecretManagerLockProvider,
} from '../src/index.ts';

const SECRET = 'projects/acme-prod/secrets/prisma-sa';
const LOCK_NAME = `keyroll:gcp-secret-manager:${SECRET}`;

function manualClock(start: number): Clock & { advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    sleep: async () => {},
    advance: (ms) => {
      t += ms;
    },
  };
}

describe('SecretManagerLockProvider (lease in an annotation, etag compare-and-set)', () => {
  let fake: SecretManagerFake;
  let providers: SecretManagerLockProvider[];
  const clock = manualClock(Date.parse('2026-03-01T00:00:00Z'));
  const provider = () => {
    // Each provider has its own client: two Cloud Functions instances.
    const p = new SecretManagerLockProvider({ clientOptions: fake.clientOptions, clock });
    providers.push(p);
    return p;
  };

  beforeEach(async () => {
    fake = await startSecretManagerFake();
    fake.seed(SECRET, { value: '{}', annotations: { owner: 'team-sec' } });
    providers = [];
  });
  afterEach(async () => {
    await Promise.all(providers.map((p) => p.close()));
    await fake.close();
  });

  it('lets exactly one of two racing instances take the lock', async () => {
    const [a, b] = [provider(), provider()];
    const leases = await Promise.all([
      a.acquire(LOCK_NAME, 'rot-a', 60_000),
      b.acquire(LOCK_NAME, 'rot-b', 60_000),
    ]);
    expect(leases.filter(Boolean)).toHaveLength(1);
    const holder = parseLockHolder(fake.secret(SECRET).annotations[LOCK_ANNOTATION]);
    expect(['rot-a', 'rot-b']).toContain(holder?.owner);
    expect(holder?.expiresAt).toBe(clock.now() + 60_000);
  });

  it('reports a live lease as held and frees it on release, keeping other annotations', async () => {
    const p = provider();
    const lease = await p.acquire(LOCK_NAME, 'rot-a', 60_000);
    expect(lease).not.toBeNull();
    expect(lease!.tookOverFrom).toBeUndefined();
    expect(await provider().acquire(LOCK_NAME, 'rot-b', 60_000)).toBeNull();
    await lease!.release();
    expect(fake.secret(SECRET).annotations).toEqual({ owner: 'team-sec' });
    expect(await provider().acquire(LOCK_NAME, 'rot-c', 60_000)).not.toBeNull();
  });

  it('takes over an expired lease and says whose it was', async () => {
    await provider().acquire(LOCK_NAME, 'crashed-rotation', 60_000);
    clock.advance(60_001);
    const lease = await provider().acquire(LOCK_NAME, 'rot-b', 60_000);
    expect(lease?.tookOverFrom?.owner).toBe('crashed-rotation');
  });

  it('does not release a lease that someone else took over after expiry', async () => {
    const old = await provider().acquire(LOCK_NAME, 'slow', 1_000);
    clock.advance(1_001);
    const fresh = await provider().acquire(LOCK_NAME, 'fresh', 60_000);
    expect(fresh).not.toBeNull();
    await old!.release();
    expect(parseLockHolder(fake.secret(SECRET).annotations[LOCK_ANNOTATION])?.owner).toBe('fresh');
  });

  it('treats an unreadable lease as expired', async () => {
    fake.state.updateSecret(SECRET, { annotations: { [LOCK_ANNOTATION]: 'garbage' } }, ['annotations']);
    const lease = await provider().acquire(LOCK_NAME, 'rot-a', 60_000);
    expect(lease?.tookOverFrom).toEqual({ owner: 'unknown', expiresAt: 0 });
  });

  it('survives adapter writes while held (the write keeps the lock annotation)', async () => {
    const lease = await provider().acquire(LOCK_NAME, 'rot-a', 60_000);
    const adapter = new GcpSecretManagerAdapter({ secret: SECRET, clientOptions: fake.clientOptions });
    await adapter.write('{"v":2}', { keyId: 'k2' });
    await adapter.close();
    expect(parseLockHolder(fake.secret(SECRET).annotations[LOCK_ANNOTATION])?.owner).toBe('rot-a');
    await lease!.release();
    expect(fake.secret(SECRET).annotations[LOCK_ANNOTATION]).toBeUndefined();
  });

  it('guards nothing for a missing secret (the read reports it) and fails for a name without a secret', async () => {
    const lease = await provider().acquire('keyroll:gcp-secret-manager:projects/p/secrets/nope', 'r', 1);
    expect(lease).not.toBeNull();
    await lease!.release();
    await expect(provider().acquire('keyroll:elsewhere', 'r', 1)).rejects.toMatchObject({
      code: 'lock_secret_unknown',
    });
  });
});
