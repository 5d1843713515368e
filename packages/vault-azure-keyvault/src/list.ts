import type { TokenCredential } from '@azure/core-auth';
import type { SecretClientOptions } from '@azure/keyvault-secrets';
import type { RotationMetadata } from '@keyroll/core';
import { createSecretClient, normalizeVaultUrl } from './client.ts';
import { toVaultError } from './errors.ts';
import { isManaged, metadataFromTags } from './tags.ts';

export interface ManagedSecretSummary {
  vaultUrl: string;
  name: string;
  enabled: boolean;
  /** The vault's own expiry of the current version. */
  expiresOn?: Date;
  metadata: RotationMetadata;
}

export interface ListManagedSecretsOptions {
  vaultUrl: string;
  credential?: TokenCredential;
  clientOptions?: SecretClientOptions;
  requestTimeoutMs?: number;
}

/**
 * The secrets of a vault whose current version carries `keyroll-managed: true` (names and tags only:
 * listing never returns values). Used by the scheduled sweep, the safety net for lost events.
 */
export async function listManagedSecrets(
  options: ListManagedSecretsOptions,
): Promise<ManagedSecretSummary[]> {
  const vaultUrl = normalizeVaultUrl(options.vaultUrl);
  const client = createSecretClient(vaultUrl, options.credential, options.clientOptions);
  const found: ManagedSecretSummary[] = [];
  try {
    const abortSignal = AbortSignal.timeout(options.requestTimeoutMs ?? 60_000);
    for await (const properties of client.listPropertiesOfSecrets({ abortSignal })) {
      if (!isManaged(properties.tags)) continue;
      found.push({
        vaultUrl,
        name: properties.name,
        enabled: properties.enabled !== false,
        ...(properties.expiresOn && { expiresOn: properties.expiresOn }),
        metadata: metadataFromTags(properties.tags),
      });
    }
  } catch (err) {
    throw toVaultError(err, 'list', `the secrets of ${vaultUrl}`);
  }
  return found;
}
