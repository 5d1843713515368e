import { ConfigError } from '@keyroll/core';
import { layOut } from './formats.ts';
import { type SecretLayout, secretNames } from './scope.ts';

/**
 * Read-only check before a key exists: the current value fits the target's layout (so the new one will),
 * and a two-secret layout knows the value it would put back if its second write failed.
 */
export function checkGitHubTarget(layout: SecretLayout, known: string | undefined, id: string): void {
  if (known !== undefined) layOut(known, layout, `${id} (current)`); // InputError when it does not fit
  if (secretNames(layout).length > 1 && known === undefined) {
    throw new ConfigError(
      'previous_value_unknown',
      `${id}: the pair format writes two secrets and must be able to put the first back if the second fails, ` +
        'so it needs the current value (the Action input current-secret)',
    );
  }
}
