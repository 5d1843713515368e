import { dirname } from 'node:path';
import { ConfigError, InMemoryLockProvider, type LockProvider, type VaultAdapter } from '@keyroll/core';
import { FileLockProvider, FileVaultAdapter } from '@keyroll/vault-file';

/**
 * `--vault` specs the CLI understands. `file:<path>` is the embedded default; the cloud adapters are
 * driven by their own deployments (Functions, the Action).
 */
export interface ResolvedVault {
  adapter: VaultAdapter;
  /** Where this kind of vault keeps rotation locks when it is the primary. */
  lock(lockDir?: string): LockProvider;
}

export function resolveVaultSpec(spec: string): ResolvedVault {
  const colon = spec.indexOf(':');
  const scheme = colon > 0 ? spec.slice(0, colon) : '';
  const rest = colon > 0 ? spec.slice(colon + 1) : '';
  if (scheme === 'file' && rest) {
    const adapter = new FileVaultAdapter({ path: rest });
    return {
      adapter,
      lock: (lockDir) => new FileLockProvider({ directory: lockDir ?? dirname(adapter.path) }),
    };
  }
  throw new ConfigError(
    'unknown_vault',
    `unsupported --vault ${JSON.stringify(spec)}: use file:<path> (one secret per file, JSON value)`,
  );
}

export const inProcessLock = (): LockProvider => new InMemoryLockProvider();
