import { ConfigError, type LockProvider, type VaultAdapter } from '@keyroll/core';
import { formatVaultUri, type VaultRef } from '../uri.ts';
import { localLock } from './local-lock.ts';
import type { DriverContext, OpenedVault } from './types.ts';

/** The adapter package is optional: installed where AWS is used, absent elsewhere. */
export const AWS_PACKAGE = '@keyroll/vault-aws-secrets-manager';

interface AwsModule {
  AwsSecretsManagerAdapter?: new (options: Record<string, unknown>) => VaultAdapter;
  /** A lease the package may offer (e.g. in the secret's tags); else a local lock file. */
  SecretsManagerLockProvider?: new (
    options: Record<string, unknown>,
  ) => LockProvider;
}

/** `aws-secrets-manager://`: the SDK's default credential chain and region from the URI. */
export async function open(ref: VaultRef, ctx: DriverContext): Promise<OpenedVault> {
  if (ref.scheme !== 'aws-secrets-manager') throw new Error('aws driver: wrong scheme');
  let mod: AwsModule;
  try {
    // A variable specifier: the package is optional, and bundlers must not pull it in.
    const specifier: string = AWS_PACKAGE;
    mod = (await import(specifier)) as AwsModule;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw err;
    throw new ConfigError(
      'vault_adapter_missing',
      `${formatVaultUri(ref)}: the AWS Secrets Manager adapter is not installed; add ${AWS_PACKAGE} next to keyroll`,
    );
  }
  const Adapter = mod.AwsSecretsManagerAdapter;
  if (typeof Adapter !== 'function')
    throw new ConfigError('vault_adapter_missing', `${AWS_PACKAGE} does not export AwsSecretsManagerAdapter`);
  const options = {
    ...ctx.sdk?.aws,
    secretId: ref.secretId,
    region: ref.region,
    managedByConfiguration: ctx.namedInConfiguration,
  };
  const Lock = mod.SecretsManagerLockProvider;
  return {
    ref,
    uri: formatVaultUri(ref),
    adapter: new Adapter(options),
    lock: (lockDir) => (typeof Lock === 'function' ? new Lock(options) : localLock(ctx.env, lockDir)),
  };
}
