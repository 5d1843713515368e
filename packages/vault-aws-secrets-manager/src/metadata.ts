import {
  BOOKKEEPING_TAG,
  decodeBookkeeping,
  encodeBookkeeping,
  type RotationBookkeeping,
  type RotationMetadata,
} from '@keyroll/core';

/**
 * Rotation metadata and the managed mark live in the secret's tags (DescribeSecret returns them without
 * the value, so an unmanaged secret is recognised before its value is read). Tags are visible to anyone
 * with secretsmanager:DescribeSecret: no secret material ever goes here. Same key names as the GCP
 * annotations; tag values allow ISO dates and key ids as they are.
 */
export const TAG_KEYS = {
  keyId: 'keyroll-key-id',
  previousKeyId: 'keyroll-previous-key-id',
  rotationId: 'keyroll-rotation-id',
  rotatedAt: 'keyroll-rotated-at',
  keyExpiresOn: 'keyroll-key-expires-on',
  serviceAccount: 'keyroll-service-account',
} as const satisfies Record<keyof Required<RotationMetadata>, string>;

export const MANAGED_TAG = 'keyroll-managed';
export const MANAGED_TAG_VALUE = 'true';
/** AWS allows at most 50 tags on a secret. */
export const MAX_TAGS = 50;

export type Tags = Array<{ Key?: string | undefined; Value?: string | undefined }> | undefined;

type Fields = keyof typeof TAG_KEYS;
const FIELDS = Object.keys(TAG_KEYS) as Fields[];
/** The failure bookkeeping (`keyroll-failures`, core's one-string form). */
export const BOOKKEEPING_TAG_KEY = BOOKKEEPING_TAG;
const KEYROLL_KEYS = new Set<string>([...Object.values(TAG_KEYS), BOOKKEEPING_TAG_KEY]);

const tagValue = (tags: Tags, key: string) => tags?.find((t) => t.Key === key)?.Value;

export function metadataFromTags(tags: Tags): RotationMetadata {
  const out: RotationMetadata = {};
  for (const field of FIELDS) {
    const value = tagValue(tags, TAG_KEYS[field]);
    if (value) out[field] = value;
  }
  return out;
}

export function bookkeepingFromTags(tags: Tags): { bookkeeping?: RotationBookkeeping } {
  const bookkeeping = decodeBookkeeping(tagValue(tags, BOOKKEEPING_TAG_KEY));
  return bookkeeping ? { bookkeeping } : {};
}

export function isManagedTag(tags: Tags): boolean {
  return tagValue(tags, MANAGED_TAG) === MANAGED_TAG_VALUE;
}

export function hasRotationTags(tags: Tags): boolean {
  return FIELDS.some((field) => Boolean(tagValue(tags, TAG_KEYS[field])));
}

/**
 * What to tag and untag so the keyroll tags say exactly `metadata` (a field it does not set is removed,
 * so a stale previous-key-id cannot survive) and `bookkeeping` (none after a successful rotation); every
 * other tag stays as it is.
 */
export function tagChanges(
  current: Tags,
  metadata: RotationMetadata,
  bookkeeping?: RotationBookkeeping,
): { set: Array<{ Key: string; Value: string }>; remove: string[] } {
  const { set, remove } = bookkeepingChanges(current, bookkeeping);
  for (const field of FIELDS) {
    const key = TAG_KEYS[field];
    const value = metadata[field];
    const now = tagValue(current, key);
    if (value && value !== now) set.push({ Key: key, Value: value });
    if (!value && now !== undefined) remove.push(key);
  }
  return { set, remove };
}

/** What to tag and untag so the bookkeeping tag says `bookkeeping` (removed when there is nothing to record). */
export function bookkeepingChanges(
  current: Tags,
  bookkeeping: RotationBookkeeping | undefined,
): { set: Array<{ Key: string; Value: string }>; remove: string[] } {
  const text = encodeBookkeeping(bookkeeping);
  const now = tagValue(current, BOOKKEEPING_TAG_KEY);
  if (text !== undefined && text !== now)
    return { set: [{ Key: BOOKKEEPING_TAG_KEY, Value: text }], remove: [] };
  if (text === undefined && now !== undefined) return { set: [], remove: [BOOKKEEPING_TAG_KEY] };
  return { set: [], remove: [] };
}

/** How many tags the secret holds once `metadata` is applied (without failure bookkeeping). */
export function tagCountAfter(current: Tags, metadata: RotationMetadata): number {
  const others = (current ?? []).filter((t) => t.Key !== undefined && !KEYROLL_KEYS.has(t.Key)).length;
  return others + FIELDS.filter((field) => Boolean(metadata[field])).length;
}
