import {
  BOOKKEEPING_TAG,
  decodeBookkeeping,
  encodeBookkeeping,
  type RotationBookkeeping,
  type RotationMetadata,
} from '@keyroll/core';

/**
 * Rotation metadata lives in Key Vault tags on each version (never the secret itself). Tag names are
 * kebab-case with a `keyroll-` prefix so they sort together in the portal and never collide with a
 * team's own tags, which are carried over unchanged on every write.
 */
export const MANAGED_TAG = 'keyroll-managed';

export const METADATA_TAGS = {
  keyId: 'keyroll-key-id',
  previousKeyId: 'keyroll-previous-key-id',
  rotationId: 'keyroll-rotation-id',
  rotatedAt: 'keyroll-rotated-at',
  keyExpiresOn: 'keyroll-key-expires-on',
  serviceAccount: 'keyroll-service-account',
} as const satisfies Record<keyof RotationMetadata, string>;

const PREFIX = 'keyroll-';

export function isManaged(tags: Record<string, string> | undefined): boolean {
  return tags?.[MANAGED_TAG]?.trim().toLowerCase() === 'true';
}

export function metadataFromTags(tags: Record<string, string> | undefined): RotationMetadata {
  const metadata: RotationMetadata = {};
  if (!tags) return metadata;
  for (const [field, tag] of Object.entries(METADATA_TAGS) as Array<[keyof RotationMetadata, string]>) {
    const value = tags[tag];
    if (value !== undefined && value !== '') metadata[field] = value;
  }
  return metadata;
}

/** The failure bookkeeping (one `keyroll-failures` tag), when there is any. */
export function bookkeepingFromTags(tags: Record<string, string> | undefined): {
  bookkeeping?: RotationBookkeeping;
} {
  const bookkeeping = decodeBookkeeping(tags?.[BOOKKEEPING_TAG]);
  return bookkeeping ? { bookkeeping } : {};
}

/** `tags` with the bookkeeping tag set to `bookkeeping` (removed when there is nothing to record). */
export function withBookkeeping(
  tags: Record<string, string>,
  bookkeeping: RotationBookkeeping,
): Record<string, string> {
  const { [BOOKKEEPING_TAG]: _old, ...rest } = tags;
  const text = encodeBookkeeping(bookkeeping);
  return text === undefined ? rest : { ...rest, [BOOKKEEPING_TAG]: text };
}

/**
 * Tags for a new version: the caller's foreign tags kept, every `keyroll-*` tag replaced by the new
 * metadata (so a field absent from `metadata` does not linger from the previous version, and the failure
 * bookkeeping of a successful rotation starts again).
 */
export function tagsFor(
  metadata: RotationMetadata,
  managed: boolean,
  foreign: Record<string, string> = {},
): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [name, value] of Object.entries(foreign)) {
    if (!name.startsWith(PREFIX)) tags[name] = value;
  }
  if (managed) tags[MANAGED_TAG] = 'true';
  for (const [field, tag] of Object.entries(METADATA_TAGS) as Array<[keyof RotationMetadata, string]>) {
    const value = metadata[field];
    if (value !== undefined && value !== '') tags[tag] = value;
  }
  return tags;
}
