import type { TokenCredential } from '@azure/core-auth';
import { ManagedIdentityCredential } from '@azure/identity';
import { BlobServiceClient, type StoragePipelineOptions } from '@azure/storage-blob';
import { ConfigError } from '@keyroll/core';
import { type BlobLeaseLockOptions, BlobLeaseLockProvider } from './lock.ts';

/**
 * The app settings a Function App uses for its own storage account (the host's AzureWebJobsStorage),
 * which keyroll reuses for its lock blobs. Either a connection string, or identity-based settings.
 */
export const STORAGE_SETTINGS = {
  connectionString: 'AzureWebJobsStorage',
  blobServiceUri: 'AzureWebJobsStorage__blobServiceUri',
  accountName: 'AzureWebJobsStorage__accountName',
  credential: 'AzureWebJobsStorage__credential',
  clientId: 'AzureWebJobsStorage__clientId',
  /** keyroll's own: the container of the lock blobs. */
  container: 'KEYROLL_LOCK_CONTAINER',
} as const;

export const DEFAULT_LOCK_CONTAINER = 'keyroll-locks';

export interface BlobLockSettingsOptions extends Omit<BlobLeaseLockOptions, 'container'> {
  /** Identity-based storage: default ManagedIdentityCredential (client id from the settings). */
  credential?: TokenCredential;
  pipeline?: StoragePipelineOptions;
}

/**
 * A BlobLeaseLockProvider on the Function App's storage account, or undefined when the settings name
 * none (a laptop): then the engine's in-process lock applies. Throws ConfigError for a setting that is
 * present but wrong.
 */
export function blobLockFromSettings(
  env: NodeJS.ProcessEnv,
  options: BlobLockSettingsOptions = {},
): BlobLeaseLockProvider | undefined {
  const { credential, pipeline, ...lockOptions } = options;
  const containerName = env[STORAGE_SETTINGS.container]?.trim() || DEFAULT_LOCK_CONTAINER;
  if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(containerName)) {
    throw new ConfigError(
      'invalid_setting',
      `app setting ${STORAGE_SETTINGS.container} must be a blob container name (3-63 lower-case letters, digits, single dashes), got ${JSON.stringify(containerName)}`,
    );
  }
  // Bounded retries: a storage outage must not hold an invocation for minutes.
  const pipelineOptions: StoragePipelineOptions = {
    retryOptions: { maxTries: 3, tryTimeoutInMs: 10_000, retryDelayInMs: 500, maxRetryDelayInMs: 4_000 },
    ...pipeline,
  };
  const service = serviceClient(env, credential, pipelineOptions);
  if (!service) return undefined;
  return new BlobLeaseLockProvider({
    ...lockOptions,
    container: service.getContainerClient(containerName),
  });
}

/**
 * The blob service of the Function App's own storage account (AzureWebJobsStorage, connection string or
 * identity-based), or undefined when the settings name none. Also reads keyroll.yaml from a blob there.
 */
export function serviceClient(
  env: NodeJS.ProcessEnv,
  credential: TokenCredential | undefined,
  pipeline: StoragePipelineOptions,
): BlobServiceClient | undefined {
  const connection = env[STORAGE_SETTINGS.connectionString]?.trim();
  if (connection) {
    try {
      return BlobServiceClient.fromConnectionString(connection, pipeline);
    } catch {
      // The SDK's message may quote the string, which holds the account key: never repeat it.
      throw new ConfigError(
        'invalid_setting',
        `app setting ${STORAGE_SETTINGS.connectionString} is not a valid storage connection string`,
      );
    }
  }
  const account = env[STORAGE_SETTINGS.accountName]?.trim();
  const uri =
    env[STORAGE_SETTINGS.blobServiceUri]?.trim() ||
    (account ? `https://${account}.blob.core.windows.net` : undefined);
  if (!uri) return undefined;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new ConfigError(
      'invalid_setting',
      `app setting ${STORAGE_SETTINGS.blobServiceUri} must be https://<account>.blob.core.windows.net, got ${JSON.stringify(uri)}`,
    );
  }
  if (url.protocol !== 'https:') {
    throw new ConfigError(
      'invalid_setting',
      `app setting ${STORAGE_SETTINGS.blobServiceUri} must use https, got ${JSON.stringify(uri)}`,
    );
  }
  return new BlobServiceClient(url.origin, credential ?? storageCredential(env), pipeline);
}

/** The host's convention: `AzureWebJobsStorage__clientId` selects a user-assigned identity. */
function storageCredential(env: NodeJS.ProcessEnv): TokenCredential {
  const clientId = env[STORAGE_SETTINGS.clientId]?.trim();
  return clientId ? new ManagedIdentityCredential({ clientId }) : new ManagedIdentityCredential();
}
