import { InputError } from '@keyroll/core';
import { checkTagRoom } from './metadata.ts';

/** Key Vault allows secret values up to 25 KiB (and 15 tags: checkTagRoom). */
const MAX_VALUE_BYTES = 25 * 1024;
/** A rotation changes the key id and secret: leave room for longer ones than the current pair. */
const VALUE_MARGIN_BYTES = 512;

/** Read-only check before a key exists: keyroll's tags fit beside the team's, the new value fits. */
export function checkAzureTarget(
  tags: Record<string, string> | undefined,
  value: string | undefined,
  where: string,
): void {
  checkTagRoom(tags ?? {}, where);
  if (value !== undefined && Buffer.byteLength(value, 'utf8') + VALUE_MARGIN_BYTES > MAX_VALUE_BYTES) {
    throw new InputError(
      'value_too_large',
      `${where}: the value may not fit Key Vault's 25 KiB with a new key`,
    );
  }
}
