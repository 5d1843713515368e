// Re-exported so callers (the Function App, tests) can type the seams without depending on the SDKs.
export type { TokenCredential } from '@azure/core-auth';
export type { SecretClientOptions } from '@azure/keyvault-secrets';
export {
  AzureKeyVaultAdapter,
  type AzureKeyVaultAdapterOptions,
  KEY_VAULT_CONSUMER_WINDOW_HOURS,
} from './adapter.ts';
export {
  defaultCredential,
  managedIdentityCredential,
  normalizeVaultUrl,
  SECRET_NAME,
  vaultNameOf,
} from './client.ts';
export { type KeyVaultOperation, toVaultError } from './errors.ts';
export { type ListManagedSecretsOptions, listManagedSecrets, type ManagedSecretSummary } from './list.ts';
export { checkTagRoom, MAX_TAGS, readSecretMetadata, type SecretMetadata } from './metadata.ts';
export { isManaged, MANAGED_TAG, METADATA_TAGS, metadataFromTags, tagsFor } from './tags.ts';
