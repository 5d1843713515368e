import type { LockProvider, Logger, VaultAdapter } from '@keyroll/core';
import type { VaultRef } from '../uri.ts';

/** What a driver needs to open one vault reference. Every field is optional: the SDK defaults apply. */
export interface DriverContext {
  role: 'primary' | 'mirror';
  logger?: Logger;
  env: NodeJS.ProcessEnv;
  /**
   * The secret is listed in configuration (keyroll.yaml, --vault), which marks it managed (R4) for
   * adapters that support that; otherwise only the vault's own mark counts.
   */
  namedInConfiguration: boolean;
  /** Per-SDK seams (a test transport, a shared client); production passes none. */
  sdk?: SdkOverrides;
  /** GitHub: the token to write with (already resolved: option, secret named by URI, or environment). */
  githubToken?: string;
  /** GitHub: the current value when the Action passes it in (write-only secrets cannot be read). */
  currentValue?: string;
  /** Where cross-host locks live (keyroll.yaml `locks`; the environment fills in). */
  locks?: LockSettings;
}

/** keyroll.yaml `credentials.github.app`: a GitHub App whose private key is a secret named by URI. */
export interface GitHubAppSettings {
  appId: string;
  /** Vault URI of the secret holding the App's private key. */
  privateKey: string;
  installationId?: number;
}

/** keyroll.yaml `locks`: today the storage account of an Azure Key Vault primary's blob-lease lock. */
export interface LockSettings {
  azureBlob?: { serviceUrl?: string; account?: string; container?: string };
}

export interface SdkOverrides {
  /** Extra AzureKeyVaultAdapterOptions (credential, clientOptions, requestTimeoutMs). */
  azure?: Record<string, unknown>;
  /** Extra GcpSecretManagerAdapterOptions / lock options (client, clientOptions, callOptions). */
  gcp?: Record<string, unknown>;
  /** Extra GitHubClientOptions (baseUrl, minWriteIntervalMs, …) or a ready `octokit`. */
  github?: Record<string, unknown>;
  /** Extra options for the Azure blob-lease lock (credential, pipeline). */
  azureBlob?: Record<string, unknown>;
  /** Extra options for the AWS adapter (client configuration). */
  aws?: Record<string, unknown>;
}

export interface OpenedVault {
  ref: VaultRef;
  /** Canonical URI (docs/vault-uris.md). */
  uri: string;
  adapter: VaultAdapter;
  /** The lock that goes with this vault as a primary; `lockDir` overrides where lock files go. */
  lock(lockDir?: string): LockProvider;
}

export interface Driver {
  open(ref: VaultRef, ctx: DriverContext): Promise<OpenedVault> | OpenedVault;
}
