import type { SecretClient } from '@azure/keyvault-secrets';
import { ConfigError, type RotationBookkeeping, type RotationMetadata, VaultError } from '@keyroll/core';
import { toVaultError } from './errors.ts';
import { bookkeepingFromTags, isManaged, metadataFromTags, tagsFor } from './tags.ts';

/** Key Vault refuses a version with more tags than this. */
export const MAX_TAGS = 15;

/** What the current version says about itself, without its value. */
export interface SecretMetadata {
  managed: boolean;
  version: string | undefined;
  enabled: boolean;
  expiresOn?: Date;
  metadata: RotationMetadata;
  bookkeeping?: RotationBookkeeping;
  tags: Record<string, string>;
}

/**
 * Reads the current version's tags and attributes without reading its value: listing versions returns
 * properties only (data action `secrets/readMetadata`). The current version is the newest; versions
 * created in the same second (a write and its restore) count as current together, and the secret is
 * managed only if every one of them says so, so an unmanaged secret is never read by mistake.
 */
export async function readSecretMetadata(
  client: SecretClient,
  secretName: string,
  where: string,
  abortSignal: () => AbortSignal,
): Promise<SecretMetadata> {
  const versions: Array<{
    version: string | undefined;
    created: number;
    enabled: boolean;
    expiresOn: Date | undefined;
    tags: Record<string, string> | undefined;
  }> = [];
  try {
    for await (const p of client.listPropertiesOfSecretVersions(secretName, {
      abortSignal: abortSignal(),
    })) {
      versions.push({
        version: p.version,
        created: p.createdOn?.getTime() ?? 0,
        enabled: p.enabled !== false,
        expiresOn: p.expiresOn,
        tags: p.tags,
      });
    }
  } catch (err) {
    throw toVaultError(err, 'read', where);
  }
  if (versions.length === 0) {
    throw new VaultError('not_found', `${where}: the secret does not exist`, { category: 'not_found' });
  }
  const newest = Math.max(...versions.map((v) => v.created));
  const current = versions.filter((v) => v.created === newest);
  const latest = current.at(-1)!;
  return {
    managed: current.every((v) => isManaged(v.tags)),
    version: current.length === 1 ? latest.version : undefined,
    enabled: latest.enabled,
    ...(latest.expiresOn && { expiresOn: latest.expiresOn }),
    metadata: metadataFromTags(latest.tags),
    ...bookkeepingFromTags(latest.tags),
    tags: { ...latest.tags },
  };
}

/**
 * A rotation writes the team's own tags plus every keyroll tag, and a failed one adds the bookkeeping tag
 * (keyroll-failures); Key Vault refuses more than 15 on a version, and would refuse only the write of the
 * new key (a rollback, every day) or the failure count. Checked read-only, counting all of them.
 */
export function checkTagRoom(tags: Record<string, string>, where: string): void {
  const full: Required<RotationMetadata> = {
    keyId: 'x',
    previousKeyId: 'x',
    rotationId: 'x',
    rotatedAt: 'x',
    keyExpiresOn: 'x',
    serviceAccount: 'x',
  };
  const needed = Object.keys(tagsFor(full, true, tags)).length + 1;
  if (needed > MAX_TAGS) {
    const own = needed - Object.keys(tagsFor(full, true)).length - 1;
    throw new ConfigError(
      'too_many_tags',
      `${where}: a rotation writes ${needed} tags (${own} of the team's own plus ${needed - own} keyroll-* tags) and ` +
        `Key Vault allows ${MAX_TAGS} per secret. Remove ${needed - MAX_TAGS} of the team's tags; nothing was changed.`,
    );
  }
}
