import type { LockLease, LockProvider } from '@keyroll/core';
import { AzureKeyVaultAdapter, type AzureKeyVaultAdapterOptions } from '@keyroll/vault-azure-keyvault';
import { formatVaultUri, type VaultRef } from '../uri.ts';
import { localLock } from './local-lock.ts';
import type { DriverContext, OpenedVault } from './types.ts';

/**
 * `azure-keyvault://`: DefaultAzureCredential (managed identity in Azure, `az login` / environment
 * variables on a laptop). Key Vault has no lease of its own: the lock is a blob lease in the storage
 * account named by keyroll.yaml `locks.azureBlob` or KEYROLL_LOCK_STORAGE_* (so every host rotating the
 * secret is serialized, like the Function App), else a local lock file (one host only).
 */
export function open(ref: VaultRef, ctx: DriverContext): OpenedVault {
  if (ref.scheme !== 'azure-keyvault') throw new Error('azure driver: wrong scheme');
  const adapter = new AzureKeyVaultAdapter({
    ...(ctx.sdk?.azure as Partial<AzureKeyVaultAdapterOptions> | undefined),
    vaultUrl: ref.vaultUrl,
    secretName: ref.secretName,
  });
  return {
    ref,
    uri: formatVaultUri(ref),
    adapter,
    lock: (lockDir) => blobLock(ctx) ?? localLock(ctx.env, lockDir),
  };
}

/** Environment settings of the blob-lease lock (keyroll.yaml `locks.azureBlob` wins field by field). */
export const LOCK_STORAGE_ENV = {
  serviceUrl: 'KEYROLL_LOCK_STORAGE_URL',
  account: 'KEYROLL_LOCK_STORAGE_ACCOUNT',
  /** Shared key or the Azurite emulator; a secret, never printed. */
  connectionString: 'KEYROLL_LOCK_STORAGE_CONNECTION_STRING',
  container: 'KEYROLL_LOCK_CONTAINER',
} as const;

type LockStorage = { serviceUrl?: string; account?: string; connectionString?: string; container?: string };

/** The storage account of the lock, or undefined when neither keyroll.yaml nor the environment names one. */
export function lockStorageFrom(ctx: Pick<DriverContext, 'locks' | 'env'>): LockStorage | undefined {
  const get = (name: string) => ctx.env[name]?.trim() || undefined;
  const c = ctx.locks?.azureBlob;
  const storage: LockStorage = {};
  const serviceUrl = c?.serviceUrl ?? (c?.account ? undefined : get(LOCK_STORAGE_ENV.serviceUrl));
  const account = c?.account ?? (c?.serviceUrl ? undefined : get(LOCK_STORAGE_ENV.account));
  // A connection string holds a key: only from the environment, and only when the file names no account.
  const connectionString = c?.serviceUrl || c?.account ? undefined : get(LOCK_STORAGE_ENV.connectionString);
  const container = c?.container ?? get(LOCK_STORAGE_ENV.container);
  if (serviceUrl) storage.serviceUrl = serviceUrl;
  if (account) storage.account = account;
  if (connectionString) storage.connectionString = connectionString;
  if (container) storage.container = container;
  return storage.serviceUrl || storage.account || storage.connectionString ? storage : undefined;
}

/**
 * The blob-lease lock when a storage account is configured. The storage SDK loads on the first acquire,
 * so opening a Key Vault primary for `status` never loads it.
 */
function blobLock(ctx: DriverContext): LockProvider | undefined {
  const storage = lockStorageFrom(ctx);
  if (!storage) return undefined;
  let provider: Promise<LockProvider> | undefined;
  const load = () => {
    provider ??= import('@keyroll/lock-azure-blob').then(({ blobLockForStorage }) =>
      blobLockForStorage(storage, { ...(ctx.sdk?.azureBlob as Record<string, unknown> | undefined) }),
    );
    return provider;
  };
  return {
    acquire: async (name, owner, leaseMs): Promise<LockLease | null> =>
      (await load()).acquire(name, owner, leaseMs),
  };
}
