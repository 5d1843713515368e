import { dirname } from 'node:path';
import { FileLockProvider, FileVaultAdapter } from '@keyroll/vault-file';
import { formatVaultUri, type VaultRef } from '../uri.ts';
import type { DriverContext, OpenedVault } from './types.ts';

/** `file:<path>`: the lock file sits beside the secret unless a lock directory is given. */
export function open(ref: VaultRef, _ctx: DriverContext): OpenedVault {
  if (ref.scheme !== 'file') throw new Error('file driver: wrong scheme');
  const adapter = new FileVaultAdapter({ path: ref.path });
  return {
    ref,
    uri: formatVaultUri(ref),
    adapter,
    lock: (lockDir) => new FileLockProvider({ directory: lockDir ?? dirname(adapter.path) }),
  };
}
