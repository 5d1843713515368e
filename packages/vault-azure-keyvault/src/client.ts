import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import { SecretClient, type SecretClientOptions } from '@azure/keyvault-secrets';
import { ConfigError } from '@keyroll/core';

/** Key Vault secret names: 1-127 of [0-9a-zA-Z-]. Checked before any URL is built from them. */
export const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;

let sharedCredential: TokenCredential | undefined;

/**
 * One DefaultAzureCredential per process, so every adapter shares its token cache: the managed identity
 * in Azure (IDENTITY_ENDPOINT/IDENTITY_HEADER on a Function App), `az login` on a laptop.
 */
export function defaultCredential(): TokenCredential {
  sharedCredential ??= new DefaultAzureCredential();
  return sharedCredential;
}

const managedIdentities = new Map<string, TokenCredential>();

/**
 * The production credential of a Function App: its managed identity and nothing else (no probing of
 * environment, CLI or workload-identity credentials). `clientId` selects a user-assigned identity;
 * without it the system-assigned one. One per identity per process, sharing the token cache.
 */
export function managedIdentityCredential(clientId?: string): TokenCredential {
  const key = clientId ?? '';
  let credential = managedIdentities.get(key);
  if (!credential) {
    credential = clientId ? new ManagedIdentityCredential({ clientId }) : new ManagedIdentityCredential();
    managedIdentities.set(key, credential);
  }
  return credential;
}

/** `https://<vault>.vault.azure.net` with no path; anything else is a configuration error. */
export function normalizeVaultUrl(vaultUrl: string): string {
  let url: URL;
  try {
    url = new URL(vaultUrl);
  } catch {
    throw new ConfigError('invalid_vault_url', `not a valid Key Vault URL: ${JSON.stringify(vaultUrl)}`);
  }
  if (
    url.protocol !== 'https:' ||
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search ||
    url.username
  ) {
    throw new ConfigError(
      'invalid_vault_url',
      `a Key Vault URL is https://<vault-name>.vault.azure.net with no path, got ${JSON.stringify(vaultUrl)}`,
    );
  }
  return url.origin;
}

/** The vault name is the first label of the host (`kv-prod` in `https://kv-prod.vault.azure.net`). */
export function vaultNameOf(vaultUrl: string): string {
  return new URL(vaultUrl).hostname.split('.')[0]!.toLowerCase();
}

export function createSecretClient(
  vaultUrl: string,
  credential: TokenCredential | undefined,
  clientOptions: SecretClientOptions | undefined,
): SecretClient {
  return new SecretClient(normalizeVaultUrl(vaultUrl), credential ?? defaultCredential(), clientOptions);
}
