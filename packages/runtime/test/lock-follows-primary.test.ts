/**
 * The lock follows the primary from the CLI and fleet runs too: an azure-keyvault:// primary takes a blob
 * lease in the storage account keyroll.yaml (`locks.azureBlob`) or the environment names — against Azurite,
 * the real storage emulator, with the real storage SDK — so two hosts rotating one secret are serialized.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blobLockForStorage } from '@keyroll/lock-azure-blob';
import { type Azurite, startAzurite } from '@keyroll/testkit';
import { FileLockProvider } from '@keyroll/vault-file';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFleetConfig } from '../src/config/index.ts';
import { lockStorageFrom } from '../src/vaults/drivers/azure-keyvault.ts';
import { openTargets } from '../src/vaults/index.ts';

let azurite: Azurite;
let dir: string;
beforeAll(async () => {
  azurite = await startAzurite();
  dir = await mkdtemp(join(tmpdir(), 'keyroll-lock-'));
}, 90_000);
afterAll(async () => {
  await azurite?.stop();
  await rm(dir, { recursive: true, force: true });
});

const KV = 'azure-keyvault://kv-prod.vault.azure.net/prisma-ci';

describe('an azure-keyvault:// primary locks with a blob lease when a storage account is configured', () => {
  it('two hosts (two runs) rotating the same secret exclude each other; the blob is in the configured container', async () => {
    const env = { KEYROLL_LOCK_STORAGE_CONNECTION_STRING: azurite.connectionString };
    const locks = { azureBlob: { container: 'ops-locks' } };
    const hostA = (await openTargets(KV, [], { env, locks })).lock;
    const hostB = (await openTargets(KV, [], { env, locks })).lock;
    const a = await hostA.acquire('keyroll:kv-prod/prisma-ci', 'run-a', 60_000);
    expect(a).not.toBeNull();
    // Read straight from the container the settings name: the holder is recorded on the lease blob there.
    const direct = blobLockForStorage({ connectionString: azurite.connectionString, container: 'ops-locks' });
    expect(await direct.holderOf('keyroll:kv-prod/prisma-ci')).toMatchObject({
      owner: 'run-a',
      leased: true,
    });
    expect(await hostB.acquire('keyroll:kv-prod/prisma-ci', 'run-b', 60_000)).toBeNull();
    await a!.release();
    const b = await hostB.acquire('keyroll:kv-prod/prisma-ci', 'run-b', 60_000);
    expect(b).not.toBeNull();
    await b!.release();
  });

  it('keyroll.yaml locks.azureBlob reaches the lock of a fleet account; without any setting it is a local lock file', async () => {
    const config = parseFleetConfig(
      [
        'version: 1',
        'locks: { azureBlob: { account: stkeyrolllocks, container: keyroll-locks } }',
        'accounts:',
        `  - { name: a, primary: "${KV}" }`,
      ].join('\n'),
      join(dir, 'keyroll.yaml'),
    );
    expect(config.locks).toEqual({ azureBlob: { account: 'stkeyrolllocks', container: 'keyroll-locks' } });
    // The file names the account: a connection string in the environment does not redirect it.
    expect(
      lockStorageFrom({ locks: config.locks!, env: { KEYROLL_LOCK_STORAGE_CONNECTION_STRING: 'x' } }),
    ).toEqual({ account: 'stkeyrolllocks', container: 'keyroll-locks' });
    const local = (await openTargets(KV, [], { env: { KEYROLL_LOCK_DIR: dir } })).lock;
    expect(local).toBeInstanceOf(FileLockProvider);
    const file = (await openTargets(`file:${join(dir, 's.json')}`, [], { env: {} })).lock;
    expect(file).toBeInstanceOf(FileLockProvider);
  });

  it('refuses a bad storage setting with a configuration error before anything is locked', async () => {
    expect(() =>
      parseFleetConfig(
        `version: 1\nlocks: { azureBlob: { serviceUrl: "http://x.blob.core.windows.net" } }\naccounts: [{name: a, primary: "${KV}"}]`,
      ),
    ).toThrow(/locks\.azureBlob\.serviceUrl/);
    const lock = (await openTargets(KV, [], { env: { KEYROLL_LOCK_STORAGE_ACCOUNT: 'Not_An_Account' } }))
      .lock;
    await expect(lock.acquire('keyroll:x', 'o', 60_000)).rejects.toMatchObject({
      code: 'invalid_setting',
      message: expect.stringMatching(/lock storage account/),
    });
  });
});
