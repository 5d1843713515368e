/** The blob-lease lock against Azurite (the real storage emulator) with the real storage SDK. */
import { BlobServiceClient } from '@azure/storage-blob';
import { ConfigError, LockLostError } from '@keyroll/core';
import { type Azurite, startAzurite } from '@keyroll/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BlobLeaseLockProvider,
  blobLockFromSettings,
  DEFAULT_LOCK_CONTAINER,
  LOCK_METADATA,
} from '../src/index.ts';

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
}, 90_000);
afterAll(async () => {
  await azurite?.stop();
});

const env = () => ({ AzureWebJobsStorage: azurite.connectionString });
let n = 0;
const lockName = () => `keyroll:azure-keyvault:https://kv.vault.azure.net/secrets/s${++n}`;

describe('BlobLeaseLockProvider (Azurite)', () => {
  it('one holder at a time; the blob names the holder while held and nobody after release', async () => {
    const lock = blobLockFromSettings(env())!;
    const name = lockName();
    const a = await lock.acquire(name, 'rotation-a', 0);
    expect(a).not.toBeNull();
    expect(a!.tookOverFrom).toBeUndefined();
    expect(await lock.acquire(name, 'rotation-b', 0)).toBeNull();
    const held = await lock.holderOf(name);
    expect(held).toMatchObject({ owner: 'rotation-a', leased: true });
    expect(held!.startedAt).toBeGreaterThan(Date.now() - 300_000);
    await a!.renew!();
    await a!.release();
    expect(await lock.holderOf(name)).toBeUndefined();
    const b = await lock.acquire(name, 'rotation-b', 0);
    expect(b?.tookOverFrom).toBeUndefined();
    await b!.release();
    // A released lease cannot be renewed: the engine must not write after release.
    await expect(a!.renew!()).rejects.toBeInstanceOf(LockLostError);
  });

  it('keyroll lock show / release: inspect names the live holder; forceRelease breaks the lease so the next rotation can take it', async () => {
    const lock = blobLockFromSettings(env())!;
    const name = lockName();
    expect(await lock.inspect(name)).toBeUndefined();
    const stuck = await lock.acquire(name, 'rotation-stuck', 0);
    expect(await lock.inspect(name)).toMatchObject({ owner: 'rotation-stuck', stale: false });
    expect(await lock.acquire(name, 'rotation-next', 0)).toBeNull();
    expect(await lock.forceRelease(name)).toBe(true);
    expect(await lock.forceRelease(name)).toBe(false);
    const next = await lock.acquire(name, 'rotation-next', 0);
    expect(next?.tookOverFrom?.owner).toBe('rotation-stuck');
    // The stuck holder has lost its lease: it cannot write on.
    await expect(stuck!.renew!()).rejects.toBeInstanceOf(LockLostError);
    await next!.release();
  });

  it('distinct names never share a blob; the container is created on first use', async () => {
    const blobs = BlobServiceClient.fromConnectionString(azurite.connectionString);
    const lock = blobLockFromSettings({ ...env(), KEYROLL_LOCK_CONTAINER: 'fresh-locks' })!;
    const x = await lock.acquire('keyroll:a/b', 'x', 0);
    const y = await lock.acquire('keyroll:a_b', 'y', 0);
    expect(x).not.toBeNull();
    expect(y).not.toBeNull();
    await Promise.all([x!.release(), y!.release()]);
    expect(await blobs.getContainerClient('fresh-locks').exists()).toBe(true);
    expect(await blobs.getContainerClient(DEFAULT_LOCK_CONTAINER).exists()).toBe(true);
  });

  it('after a holder stops renewing, the next one takes over after the lease and names it; the old lease is lost', async () => {
    const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
    // A holder that never renews in the background: stands in for a paused or killed process.
    const stalled = new BlobLeaseLockProvider({
      container: service.getContainerClient(DEFAULT_LOCK_CONTAINER),
      leaseSeconds: 15,
      heartbeatMs: 3_600_000,
    });
    const name = lockName();
    const first = await stalled.acquire(name, 'rotation-dead', 0);
    expect(first).not.toBeNull();
    const next = blobLockFromSettings(env(), { leaseSeconds: 15 })!;
    expect(await next.acquire(name, 'rotation-next', 0)).toBeNull();
    await new Promise((r) => setTimeout(r, 16_000));
    const second = await next.acquire(name, 'rotation-next', 0);
    expect(second?.tookOverFrom?.owner).toBe('rotation-dead');
    expect(second?.tookOverFrom?.startedAt).toBeGreaterThan(Date.now() - 300_000);
    // The paused holder wakes up: its renew before the next write fails, so it stops.
    await expect(first!.renew!()).rejects.toMatchObject({ code: 'lock_lost' });
    expect((await next.holderOf(name))?.owner).toBe('rotation-next');
    await second!.release();
    await first!.release(); // a lost lease releases nothing and does not throw
  }, 90_000);

  it('settings: none → undefined (in-process lock); a bad connection string or container is named, never echoed', () => {
    expect(blobLockFromSettings({})).toBeUndefined();
    const secretish = 'AccountName=x;AccountKey=c2VjcmV0LXZhbHVl;Nonsense';
    let thrown: unknown;
    try {
      blobLockFromSettings({ AzureWebJobsStorage: secretish });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as Error).message).toContain('AzureWebJobsStorage');
    expect((thrown as Error).message).not.toContain('c2VjcmV0LXZhbHVl');
    expect(() => blobLockFromSettings({ ...env(), KEYROLL_LOCK_CONTAINER: 'Bad_Name' })).toThrow(
      /KEYROLL_LOCK_CONTAINER/,
    );
    expect(() =>
      blobLockFromSettings({ AzureWebJobsStorage__blobServiceUri: 'http://acct.blob.core.windows.net' }),
    ).toThrow(/https/);
    expect(
      blobLockFromSettings({ AzureWebJobsStorage__blobServiceUri: 'https://acct.blob.core.windows.net' }),
    ).toBeInstanceOf(BlobLeaseLockProvider);
    expect(blobLockFromSettings({ AzureWebJobsStorage__accountName: 'acct' })).toBeInstanceOf(
      BlobLeaseLockProvider,
    );
    expect(LOCK_METADATA.holder).toBe('keyrollholder');
  });

  it('refuses a lease Azure would not grant', () => {
    const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
    const container = service.getContainerClient('x-locks');
    expect(() => new BlobLeaseLockProvider({ container, leaseSeconds: 90 })).toThrow(/15-60/);
    expect(() => new BlobLeaseLockProvider({ container, leaseSeconds: 10 })).toThrow(/15-60/);
  });
});
