import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import { BlobServiceClient, type StoragePipelineOptions } from '@azure/storage-blob';
import { ConfigError } from '@keyroll/core';
import { type BlobLeaseLockOptions, BlobLeaseLockProvider } from './lock.ts';
import { DEFAULT_LOCK_CONTAINER } from './settings.ts';

/** A storage account for lock blobs, from keyroll.yaml `locks.azureBlob` or the environment (the runtime reads them). */
export interface LockStorage {
  /** `https://<account>.blob.core.windows.net` (or a sovereign cloud's blob endpoint). */
  serviceUrl?: string;
  /** The account name, for the public cloud. */
  account?: string;
  /** A storage connection string (shared key, or the Azurite emulator). A secret: never printed. */
  connectionString?: string;
  /** Default keyroll-locks. */
  container?: string;
}

export interface StorageLockOptions extends Omit<BlobLeaseLockOptions, 'container'> {
  /** Entra ID credential for serviceUrl/account. Default DefaultAzureCredential (az login, managed identity, …). */
  credential?: TokenCredential;
  pipeline?: StoragePipelineOptions;
}

/**
 * A blob-lease lock on the given storage account: a connection string if one is given, otherwise the
 * account's blob endpoint with an Entra ID credential (the identity needs "Storage Blob Data Contributor"
 * on the container only). Throws ConfigError naming the setting that is wrong.
 */
export function blobLockForStorage(
  storage: LockStorage,
  options: StorageLockOptions = {},
): BlobLeaseLockProvider {
  const { credential, pipeline, ...lockOptions } = options;
  const containerName = storage.container ?? DEFAULT_LOCK_CONTAINER;
  if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(containerName)) {
    throw new ConfigError(
      'invalid_setting',
      `lock container must be a blob container name (3-63 lower-case letters, digits, single dashes), got ${JSON.stringify(containerName)}`,
    );
  }
  const pipelineOptions: StoragePipelineOptions = {
    retryOptions: { maxTries: 3, tryTimeoutInMs: 10_000, retryDelayInMs: 500, maxRetryDelayInMs: 4_000 },
    ...pipeline,
  };
  let service: BlobServiceClient;
  if (storage.connectionString) {
    try {
      service = BlobServiceClient.fromConnectionString(storage.connectionString, pipelineOptions);
    } catch {
      // The SDK's message may quote the string, which holds the account key: never repeat it.
      throw new ConfigError(
        'invalid_setting',
        'the lock storage connection string is not a valid storage connection string',
      );
    }
  } else {
    service = new BlobServiceClient(
      serviceOrigin(storage),
      credential ?? new DefaultAzureCredential(),
      pipelineOptions,
    );
  }
  return new BlobLeaseLockProvider({ ...lockOptions, container: service.getContainerClient(containerName) });
}

function serviceOrigin(storage: LockStorage): string {
  if (storage.serviceUrl) {
    let url: URL;
    try {
      url = new URL(storage.serviceUrl);
    } catch {
      throw new ConfigError(
        'invalid_setting',
        `lock storage URL must be https://<account>.blob.core.windows.net, got ${JSON.stringify(storage.serviceUrl)}`,
      );
    }
    if (url.protocol !== 'https:' || url.pathname.replace(/\/+$/, '') !== '')
      throw new ConfigError(
        'invalid_setting',
        `lock storage URL must be an https blob endpoint without a path (https://<account>.blob.core.windows.net), got ${JSON.stringify(storage.serviceUrl)}`,
      );
    return url.origin;
  }
  const account = storage.account ?? '';
  if (!/^[a-z0-9]{3,24}$/.test(account))
    throw new ConfigError(
      'invalid_setting',
      `lock storage account must be 3-24 lower-case letters and digits, got ${JSON.stringify(account)}`,
    );
  return `https://${account}.blob.core.windows.net`;
}
