import { InputError, isKeyrollError } from '../errors.ts';
import type { SecretHeader, StoredSecret, VaultAdapter } from '../vault.ts';

/** Reads a target; a secret that does not exist is bad input (nothing changed), not a vault failure. */
export function readTarget(adapter: VaultAdapter): Promise<StoredSecret> {
  return adapter.read().catch((err: unknown) => {
    if (isKeyrollError(err) && err.category === 'not_found') {
      throw new InputError('unknown_secret', `${adapter.id}: no such secret; nothing was changed`, err);
    }
    throw err;
  });
}

/** Reads a target's managed mark and metadata, never its value (R4); a missing secret is bad input. */
export function readHeader(adapter: VaultAdapter): Promise<SecretHeader> {
  return adapter.readMetadata().catch((err: unknown) => {
    if (isKeyrollError(err) && err.category === 'not_found') {
      throw new InputError('unknown_secret', `${adapter.id}: no such secret; nothing was changed`, err);
    }
    throw err;
  });
}
