export { AzureKeyVaultAdapter, type AzureKeyVaultAdapterOptions } from './adapter.ts';
export { defaultCredential, normalizeVaultUrl, SECRET_NAME, vaultNameOf } from './client.ts';
export { type KeyVaultOperation, toVaultError } from './errors.ts';
export { type ListManagedSecretsOptions, listManagedSecrets, type ManagedSecretSummary } from './list.ts';
export { isManaged, MANAGED_TAG, METADATA_TAGS, metadataFromTags, tagsFor } from './tags.ts';
