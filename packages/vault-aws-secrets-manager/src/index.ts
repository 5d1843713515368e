export {
  AwsSecretsManagerAdapter,
  type AwsSecretsManagerAdapterOptions,
  MAX_VALUE_BYTES,
  type StageMap,
} from './adapter.ts';
export { checkAwsSecretsManagerTarget, type PlannedWrite, problemsOf } from './check.ts';
export {
  CURRENT,
  PENDING,
  PREVIOUS,
  type SecretClientOptions,
  SecretsManagerClient,
  type SecretsManagerClientConfig,
} from './client.ts';
export { printable, toVaultError } from './errors.ts';
export {
  BOOKKEEPING_TAG_KEY,
  bookkeepingFromTags,
  hasRotationTags,
  isManagedTag,
  MANAGED_TAG,
  MANAGED_TAG_VALUE,
  MAX_TAGS,
  metadataFromTags,
  TAG_KEYS,
  tagChanges,
} from './metadata.ts';
export { isSameSecret, parseSecretId, type SecretId } from './names.ts';
