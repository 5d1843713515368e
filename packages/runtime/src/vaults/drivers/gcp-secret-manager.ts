import {
  GcpSecretManagerAdapter,
  type GcpSecretManagerAdapterOptions,
  SecretManagerLockProvider,
} from '@keyroll/vault-gcp-secret-manager';
import { formatVaultUri, type VaultRef } from '../uri.ts';
import type { DriverContext, OpenedVault } from './types.ts';

/**
 * `gcp-secret-manager://`: Application Default Credentials. The lock is the lease in the secret's own
 * `keyroll-lock` annotation (compare-and-set on the etag), so it holds across hosts and instances.
 */
export function open(ref: VaultRef, ctx: DriverContext): OpenedVault {
  if (ref.scheme !== 'gcp-secret-manager') throw new Error('gcp driver: wrong scheme');
  const extra = (ctx.sdk?.gcp ?? {}) as Partial<GcpSecretManagerAdapterOptions>;
  const adapter = new GcpSecretManagerAdapter({
    ...extra,
    secret: ref.name,
    managedByConfiguration: ctx.namedInConfiguration,
  });
  return {
    ref,
    uri: formatVaultUri(ref),
    adapter,
    lock: () => new SecretManagerLockProvider({ ...extra, secret: ref.name }),
  };
}
