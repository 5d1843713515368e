export { GitHubSecretsAdapter, type GitHubSecretsAdapterOptions } from './adapter.ts';
export {
  appJwt,
  type GitHubAppOptions,
  GitHubAppTokens,
  type InstallationToken,
  parseAppPrivateKey,
} from './app-token.ts';
export {
  createGitHubClient,
  GITHUB_API_VERSION,
  type GitHubClient,
  type GitHubClientOptions,
  GitHubOctokit,
  writeLimiterOf,
} from './client.ts';
export { GITHUB_TOKEN_HINT, toVaultError } from './errors.ts';
export { layOut, type SecretWrite } from './formats.ts';
export {
  GITHUB_WRITE_LIMITS,
  scaleLimits,
  sharedWriteLimiter,
  WriteLimiter,
  type WriteLimits,
} from './limiter.ts';
export { decodeMetadata, encodeMetadata, type MetadataRecord } from './metadata.ts';
export {
  assertScope,
  assertSecretName,
  describeScope,
  type GitHubScope,
  METADATA_VARIABLE_SUFFIX,
  metadataVariableName,
  type OrgVisibility,
  type OutputFormat,
  type SecretLayout,
  secretNames,
} from './scope.ts';
export { seal } from './seal.ts';
export { formatTarget, parseTarget, parseTargets, type TargetSpec } from './targets.ts';
