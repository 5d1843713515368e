import { ConfigError, InputError, type RotationMetadata, type SecretHeader } from '@keyroll/core';
import type { SecretHandle } from './client.ts';
import {
  applyBookkeeping,
  applyMetadata,
  bookkeepingFromAnnotations,
  isManagedLabel,
  metadataFromAnnotations,
} from './metadata.ts';

/** Secret Manager limits (cloud.google.com/secret-manager/quotas): payload 64 KiB, annotations 16 KiB in total. */
export const MAX_PAYLOAD_BYTES = 65_536;
const MAX_ANNOTATION_BYTES = 16_384;
/** A rotation changes the key id and secret: leave room for longer ones than the current pair. */
const PAYLOAD_MARGIN_BYTES = 512;

/** The managed mark and metadata from GetSecret, which never returns a value. */
export async function readGcpHeader(
  handle: SecretHandle,
  managedByConfiguration: boolean,
): Promise<SecretHeader> {
  const secret = await handle.getSecret();
  return {
    managed: managedByConfiguration || isManagedLabel(secret.labels),
    metadata: metadataFromAnnotations(secret.annotations),
    ...bookkeepingFromAnnotations(secret.annotations),
  };
}

/**
 * Read-only check before a key exists: the new value fits the payload limit and the annotations, with
 * every keyroll field at its longest, fit theirs. Write permission cannot be tested without writing; a
 * missing permission surfaces at the first write and is rolled back.
 */
export async function checkGcpTarget(
  handle: SecretHandle,
  id: string,
  currentValue: string | undefined,
): Promise<void> {
  const secret = await handle.getSecret();
  if (currentValue !== undefined) {
    const bytes = Buffer.byteLength(currentValue, 'utf8') + PAYLOAD_MARGIN_BYTES;
    if (bytes > MAX_PAYLOAD_BYTES) {
      throw new InputError(
        'payload_too_large',
        `${id}: the value is ${bytes - PAYLOAD_MARGIN_BYTES} bytes; with a new key it may not fit Secret Manager's 64 KiB`,
      );
    }
  }
  const worst: RotationMetadata = {
    keyId: 'k'.repeat(64),
    previousKeyId: 'k'.repeat(64),
    rotationId: 'r'.repeat(40),
    rotatedAt: '2000-01-01T00:00:00.000Z',
    keyExpiresOn: '2000-01-01T00:00:00.000Z',
    serviceAccount: 's'.repeat(128),
  };
  // A failed rotation records its bookkeeping beside the metadata: count it at its longest too.
  const next = applyBookkeeping(applyMetadata(secret.annotations, worst), {
    consecutiveFailures: 999_999_999,
    lastFailure: 'x'.repeat(256),
  });
  const size = Object.entries(next).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (size > MAX_ANNOTATION_BYTES) {
    throw new ConfigError(
      'annotations_too_large',
      `${id}: its annotations would exceed Secret Manager's 16 KiB with keyroll's metadata; remove some`,
    );
  }
}
