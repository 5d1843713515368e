import { ConfigError, InputError, type KeyrollError, type RotationMetadata } from '@keyroll/core';
import { type AwsSecretsManagerAdapter, MAX_VALUE_BYTES } from './adapter.ts';
import type { Description } from './client.ts';
import { MAX_TAGS, tagCountAfter } from './metadata.ts';

/** What a rotation is about to write, as far as it is known before a key exists. */
export interface PlannedWrite {
  /** The value to store (or one of the same shape and size); checked against the 64 KiB limit. */
  value?: string;
  /** The metadata the rotation will record; its tags must fit beside the secret's own. */
  metadata?: RotationMetadata;
}

/**
 * Problems found by reading only (DescribeSecret, never the value), for the engine's check step (R1 step
 * 2): whatever can be known to fail is reported before a Prisma Cloud key exists. Returns every problem;
 * an empty list means nothing readable stands in the way. A missing secret throws (not_found), like read.
 */
export async function checkAwsSecretsManagerTarget(
  adapter: AwsSecretsManagerAdapter,
  planned: PlannedWrite = {},
): Promise<KeyrollError[]> {
  return problemsOf(adapter.id, await adapter.describe(), planned);
}

/** The pure part of the check, on a DescribeSecret answer. */
export function problemsOf(id: string, d: Description, planned: PlannedWrite): KeyrollError[] {
  const problems: KeyrollError[] = [];
  if (d.OwningService) {
    problems.push(
      new ConfigError(
        'owned_by_service',
        `${id} is managed by ${d.OwningService}; only that service may change its value`,
      ),
    );
  }
  if (
    d.PrimaryRegion &&
    d.ARN &&
    !d.ARN.startsWith(`arn:${partition(d.ARN)}:secretsmanager:${d.PrimaryRegion}:`)
  ) {
    problems.push(
      new ConfigError(
        'replica_secret',
        `${id} is a read-only replica of a secret in ${d.PrimaryRegion}; configure the primary secret`,
      ),
    );
  }
  if (d.RotationEnabled && !d.RotationLambdaARN) {
    problems.push(
      new ConfigError(
        'managed_rotation',
        `${id} uses Secrets Manager managed rotation; keyroll cannot rotate it alongside`,
      ),
    );
  }
  // +1: a failed rotation records its bookkeeping in one more tag (keyroll-failures).
  const count = tagCountAfter(d.Tags, planned.metadata ?? fullMetadata) + 1;
  if (count > MAX_TAGS) {
    problems.push(
      new ConfigError(
        'too_many_tags',
        `${id} has too many tags for keyroll's metadata: ${count} after rotation, AWS allows ${MAX_TAGS}`,
      ),
    );
  }
  if (planned.value !== undefined) {
    const bytes = Buffer.byteLength(planned.value, 'utf8');
    if (bytes > MAX_VALUE_BYTES) {
      problems.push(
        new InputError('payload_too_large', `${id}: the value would be ${bytes} bytes; the limit is 64 KiB`),
      );
    }
  }
  return problems;
}

/** Every metadata field a rotation may set: the worst case for the tag count when nothing is planned. */
const fullMetadata: RotationMetadata = {
  keyId: 'x',
  previousKeyId: 'x',
  rotationId: 'x',
  rotatedAt: 'x',
  keyExpiresOn: 'x',
  serviceAccount: 'x',
};

function partition(arn: string): string {
  return arn.split(':')[1] ?? 'aws';
}
