import type { RotationBookkeeping, RotationMetadata } from '@keyroll/core';

/**
 * Rotation metadata lives in an Actions variable beside the secret (variables are readable, secrets are
 * not), as one JSON object. Never a secret: key ids, times, the rotation id, the service account.
 *
 *   {"managed":true,"keyId":"…","previousKeyId":"…","rotationId":"…","rotatedAt":"…","keyExpiresOn":"…","serviceAccount":"…","storedAt":"…"}
 *
 * `storedAt` (primary targets only) is GitHub's `updated_at` of the primary secret right after keyroll
 * wrote it: a fanned-out secret updated later holds the primary's key. Records without it (written before
 * this field existed) stay readable. `consecutiveFailures` and `lastFailure` are the failure bookkeeping
 * (issue 9): written after a failed rotation, dropped by the next successful one.
 */
export interface MetadataRecord {
  managed: boolean;
  metadata: RotationMetadata;
  storedAt?: string;
  bookkeeping?: RotationBookkeeping;
}

const FIELDS = [
  'keyId',
  'previousKeyId',
  'rotationId',
  'rotatedAt',
  'keyExpiresOn',
  'serviceAccount',
] as const;

export function encodeMetadata(
  metadata: RotationMetadata,
  storedAt?: string,
  extra: { managed?: boolean; bookkeeping?: RotationBookkeeping | undefined } = {},
): string {
  const out: Record<string, unknown> = { managed: extra.managed ?? true };
  for (const field of FIELDS) {
    const value = metadata[field];
    if (typeof value === 'string' && value !== '') out[field] = value;
  }
  if (storedAt) out.storedAt = storedAt;
  const count = extra.bookkeeping?.consecutiveFailures;
  if (Number.isSafeInteger(count) && count! > 0) out.consecutiveFailures = count;
  const last = extra.bookkeeping?.lastFailure;
  if (typeof last === 'string' && last !== '') out.lastFailure = last;
  return JSON.stringify(out);
}

/**
 * Reads a variable's value. Returns undefined when it is not keyroll's JSON (someone edited it by hand):
 * metadata only speeds things up (R3) and must never block a rotation, so the caller warns and goes on.
 */
export function decodeMetadata(value: string): MetadataRecord | undefined {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const raw = json as Record<string, unknown>;
  const metadata: RotationMetadata = {};
  for (const field of FIELDS) {
    const v = raw[field];
    if (typeof v === 'string' && v !== '') metadata[field] = v;
  }
  const storedAt =
    typeof raw.storedAt === 'string' && !Number.isNaN(Date.parse(raw.storedAt)) ? raw.storedAt : undefined;
  const bookkeeping: RotationBookkeeping = {};
  const count = raw.consecutiveFailures;
  if (typeof count === 'number' && Number.isSafeInteger(count) && count >= 0)
    bookkeeping.consecutiveFailures = count;
  if (typeof raw.lastFailure === 'string' && raw.lastFailure !== '')
    bookkeeping.lastFailure = raw.lastFailure;
  return {
    managed: raw.managed === true,
    metadata,
    ...(storedAt ? { storedAt } : {}),
    ...(Object.keys(bookkeeping).length ? { bookkeeping } : {}),
  };
}
