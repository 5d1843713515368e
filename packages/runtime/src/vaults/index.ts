export { defaultGraceHours } from '../settings.ts';
export type {
  DriverContext,
  GitHubAppSettings,
  LockSettings,
  OpenedVault,
  SdkOverrides,
} from './drivers/types.ts';
export { statusFromMetadata } from './metadata-status.ts';
export {
  canBePrimary,
  type OpenedTargets,
  type OpenVaultOptions,
  openTargets,
  openVault,
} from './registry.ts';
export {
  type AwsSecretsManagerRef,
  AZURE_VAULT_SUFFIXES,
  type AzureKeyVaultRef,
  azureKeyVaultUri,
  type FileRef,
  formatVaultUri,
  type GcpSecretManagerRef,
  type GitHubFormat,
  type GitHubRef,
  type GitHubRefScope,
  type ParseOptions,
  parseVaultUri,
  VAULT_SCHEMES,
  type VaultRef,
  type VaultScheme,
} from './uri.ts';
