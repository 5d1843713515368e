import { ConfigError, InputError } from '@keyroll/core';
import { METADATA_TAGS, tagsFor } from './tags.ts';

/** Key Vault limits: 15 tags per secret, secret values up to 25 KiB. */
export const MAX_TAGS = 15;
const MAX_VALUE_BYTES = 25 * 1024;
/** A rotation changes the key id and secret: leave room for longer ones than the current pair. */
const VALUE_MARGIN_BYTES = 512;

/** Read-only check before a key exists: keyroll's tags fit beside the team's, the new value fits. */
export function checkAzureTarget(
  tags: Record<string, string> | undefined,
  value: string | undefined,
  where: string,
): void {
  // Every metadata field set: the most tags a rotation writes.
  const full = Object.fromEntries(Object.keys(METADATA_TAGS).map((field) => [field, 'x']));
  const count = Object.keys(tagsFor(full, true, tags)).length;
  if (count > MAX_TAGS) {
    throw new ConfigError(
      'too_many_tags',
      `${where}: with keyroll's ${Object.keys(METADATA_TAGS).length + 1} tags it would carry ${count}; ` +
        `Key Vault allows ${MAX_TAGS}. Remove some of the secret's own tags.`,
    );
  }
  if (value !== undefined && Buffer.byteLength(value, 'utf8') + VALUE_MARGIN_BYTES > MAX_VALUE_BYTES) {
    throw new InputError(
      'value_too_large',
      `${where}: the value may not fit Key Vault's 25 KiB with a new key`,
    );
  }
}
