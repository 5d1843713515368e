import { homedir } from 'node:os';
import { join } from 'node:path';
import { FileLockProvider } from '@keyroll/vault-file';

/**
 * Where rotation lock files go for a cloud primary without a lease of its own (Key Vault today): one
 * directory per user, `KEYROLL_LOCK_DIR` or `~/.keyroll/locks`. It serializes rotations on one host;
 * deployments pass their own lock (Functions pin one instance, Cloud Functions use the Secret Manager lease).
 */
export function localLock(env: NodeJS.ProcessEnv, lockDir?: string): FileLockProvider {
  return new FileLockProvider({
    directory: lockDir ?? env.KEYROLL_LOCK_DIR ?? join(homedir(), '.keyroll', 'locks'),
  });
}
