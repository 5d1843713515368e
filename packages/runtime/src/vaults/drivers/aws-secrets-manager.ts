import {
  AwsSecretsManagerAdapter,
  type AwsSecretsManagerAdapterOptions,
} from '@keyroll/vault-aws-secrets-manager';
import { formatVaultUri, type VaultRef } from '../uri.ts';
import { localLock } from './local-lock.ts';
import type { DriverContext, OpenedVault } from './types.ts';

/**
 * `aws-secrets-manager://`: the SDK's default credential chain, the region from the URI (or the ARN).
 * Secrets Manager has no compare-and-set on tags to hold a lease, so the CLI locks locally; the rotation
 * Lambda is serialised by Secrets Manager itself (one rotation per secret at a time).
 */
export function open(ref: VaultRef, ctx: DriverContext): OpenedVault {
  if (ref.scheme !== 'aws-secrets-manager') throw new Error('aws driver: wrong scheme');
  const extra = (ctx.sdk?.aws ?? {}) as Partial<AwsSecretsManagerAdapterOptions>;
  const adapter = new AwsSecretsManagerAdapter({
    ...extra,
    secret: ref.secretId,
    ...(ref.region ? { clientConfig: { ...extra.clientConfig, region: ref.region } } : {}),
    managedByConfiguration: ctx.namedInConfiguration,
  });
  return { ref, uri: formatVaultUri(ref), adapter, lock: (lockDir) => localLock(ctx.env, lockDir) };
}
