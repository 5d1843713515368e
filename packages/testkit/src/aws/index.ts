export * from './credentials-fake.ts';
export * from './env.ts';
export * from './secrets-manager-fake.ts';
export {
  type AwsFakeRotation,
  type AwsFakeSecret,
  type AwsFakeSecretVersion,
  AwsServiceError,
  SecretsManagerState,
} from './secrets-manager-state.ts';
