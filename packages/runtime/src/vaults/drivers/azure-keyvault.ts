import { AzureKeyVaultAdapter, type AzureKeyVaultAdapterOptions } from '@keyroll/vault-azure-keyvault';
import { formatVaultUri, type VaultRef } from '../uri.ts';
import { localLock } from './local-lock.ts';
import type { DriverContext, OpenedVault } from './types.ts';

/**
 * `azure-keyvault://`: DefaultAzureCredential (managed identity in Azure, `az login` / environment
 * variables on a laptop). Key Vault has no lease of its own, so the lock is a local lock file.
 */
export function open(ref: VaultRef, ctx: DriverContext): OpenedVault {
  if (ref.scheme !== 'azure-keyvault') throw new Error('azure driver: wrong scheme');
  const adapter = new AzureKeyVaultAdapter({
    ...(ctx.sdk?.azure as Partial<AzureKeyVaultAdapterOptions> | undefined),
    vaultUrl: ref.vaultUrl,
    secretName: ref.secretName,
  });
  return { ref, uri: formatVaultUri(ref), adapter, lock: (lockDir) => localLock(ctx.env, lockDir) };
}
