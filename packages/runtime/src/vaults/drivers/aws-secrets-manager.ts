import { ConfigError, type LockProvider, type VaultAdapter } from '@keyroll/core';
import { formatVaultUri, type VaultRef } from '../uri.ts';
import { localLock } from './local-lock.ts';
import type { DriverContext, OpenedVault } from './types.ts';

/** The adapter package is optional: installed where AWS is used, absent from slimmer installs. */
export const AWS_PACKAGE = '@keyroll/vault-aws-secrets-manager';

interface AwsModule {
  AwsSecretsManagerAdapter?: new (options: Record<string, unknown>) => VaultAdapter;
  /** A lease the package may offer one day; until then a local lock file. */
  SecretsManagerLockProvider?: new (
    options: Record<string, unknown>,
  ) => LockProvider;
}

/** Imports an optional adapter package, or says clearly that it is not installed. */
export async function importOptional<T>(specifier: string, uri: string): Promise<T> {
  try {
    return (await import(specifier)) as T;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw err;
    throw new ConfigError(
      'vault_adapter_missing',
      `${uri}: the adapter package ${specifier} is not installed; add it next to keyroll`,
    );
  }
}

/**
 * `aws-secrets-manager://`: the SDK's default credential chain; the region comes from the URI (an ARN
 * carries its own). Secrets Manager has no lease keyroll uses yet, so the lock is a local lock file.
 */
export async function open(ref: VaultRef, ctx: DriverContext): Promise<OpenedVault> {
  if (ref.scheme !== 'aws-secrets-manager') throw new Error('aws driver: wrong scheme');
  const uri = formatVaultUri(ref);
  // A variable specifier: bundles that leave the package out must not fail to build.
  const specifier: string = AWS_PACKAGE;
  const mod = await importOptional<AwsModule>(specifier, uri);
  const Adapter = mod.AwsSecretsManagerAdapter;
  if (typeof Adapter !== 'function')
    throw new ConfigError('vault_adapter_missing', `${AWS_PACKAGE} does not export AwsSecretsManagerAdapter`);
  const extra = ctx.sdk?.aws ?? {};
  const options = {
    ...extra,
    secret: ref.secretId,
    clientConfig: { ...(extra.clientConfig as Record<string, unknown> | undefined), region: ref.region },
    managedByConfiguration: ctx.namedInConfiguration,
  };
  const Lock = mod.SecretsManagerLockProvider;
  return {
    ref,
    uri,
    adapter: new Adapter(options),
    lock: (lockDir) => (typeof Lock === 'function' ? new Lock(options) : localLock(ctx.env, lockDir)),
  };
}
