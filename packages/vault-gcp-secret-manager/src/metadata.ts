import {
  BOOKKEEPING_TAG,
  decodeBookkeeping,
  encodeBookkeeping,
  type RotationBookkeeping,
  type RotationMetadata,
} from '@keyroll/core';

/**
 * Rotation metadata lives in secret annotations, the managed mark in a label (label values cannot hold
 * ISO dates or key ids with capitals; annotation values can). No secret material ever goes here: anyone
 * with secretmanager.viewer can read both.
 *
 * Key names: the API documents annotation keys as 1–63 chars of `[A-Za-z0-9._-]`, starting and ending
 * alphanumeric — no `/`, so Kubernetes-style `keyroll.io/key-id` keys would be rejected by the service.
 */
export const ANNOTATION_KEYS = {
  keyId: 'keyroll-key-id',
  previousKeyId: 'keyroll-previous-key-id',
  rotationId: 'keyroll-rotation-id',
  rotatedAt: 'keyroll-rotated-at',
  keyExpiresOn: 'keyroll-key-expires-on',
  serviceAccount: 'keyroll-service-account',
} as const satisfies Record<keyof Required<RotationMetadata>, string>;

/** The lease of SecretManagerLockProvider: `<owner>|<expiresAtMs>`. */
export const LOCK_ANNOTATION = 'keyroll-lock';

export const MANAGED_LABEL = 'keyroll-managed';
export const MANAGED_LABEL_VALUE = 'true';

type Fields = keyof typeof ANNOTATION_KEYS;
const FIELDS = Object.keys(ANNOTATION_KEYS) as Fields[];

export function metadataFromAnnotations(
  annotations: Record<string, string> | null | undefined,
): RotationMetadata {
  const out: RotationMetadata = {};
  for (const field of FIELDS) {
    const value = annotations?.[ANNOTATION_KEYS[field]];
    if (value) out[field] = value;
  }
  return out;
}

/**
 * The annotations after a write: every keyroll metadata key is replaced by `metadata` (a field it does
 * not set is removed, so a stale previous-key-id cannot survive), all other annotations — including the
 * lock — stay as they were.
 */
export function applyMetadata(
  annotations: Record<string, string> | null | undefined,
  metadata: RotationMetadata,
): Record<string, string> {
  const next: Record<string, string> = { ...(annotations ?? {}) };
  for (const field of FIELDS) {
    const value = metadata[field];
    if (value) next[ANNOTATION_KEYS[field]] = value;
    else delete next[ANNOTATION_KEYS[field]];
  }
  return next;
}

/** The failure bookkeeping annotation (`keyroll-failures`, core's one-string form). */
export const BOOKKEEPING_ANNOTATION = BOOKKEEPING_TAG;

export function bookkeepingFromAnnotations(annotations: Record<string, string> | null | undefined): {
  bookkeeping?: RotationBookkeeping;
} {
  const bookkeeping = decodeBookkeeping(annotations?.[BOOKKEEPING_ANNOTATION]);
  return bookkeeping ? { bookkeeping } : {};
}

/** The annotations with the bookkeeping set to `bookkeeping`; undefined (a successful write) removes it. */
export function applyBookkeeping(
  annotations: Record<string, string> | null | undefined,
  bookkeeping: RotationBookkeeping | undefined,
): Record<string, string> {
  const { [BOOKKEEPING_ANNOTATION]: _old, ...rest } = annotations ?? {};
  const text = encodeBookkeeping(bookkeeping);
  return text === undefined ? rest : { ...rest, [BOOKKEEPING_ANNOTATION]: text };
}

export function hasRotationAnnotations(annotations: Record<string, string> | null | undefined): boolean {
  return FIELDS.some((field) => Boolean(annotations?.[ANNOTATION_KEYS[field]]));
}

export function isManagedLabel(labels: Record<string, string> | null | undefined): boolean {
  return labels?.[MANAGED_LABEL] === MANAGED_LABEL_VALUE;
}
