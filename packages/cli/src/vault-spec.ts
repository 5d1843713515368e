import { InMemoryLockProvider, type LockProvider, type Logger, type VaultAdapter } from '@keyroll/core';
import { type OpenedTargets, openTargets, openVault } from '@keyroll/runtime/vaults';

/**
 * `--vault` takes every vault URI the runtime's registry knows (docs/vault-uris.md): file:, azure-keyvault://,
 * gcp-secret-manager://, github:// (mirrors only), aws-secrets-manager://, and the documented aliases.
 * Each SDK loads only when its scheme is used.
 */
export interface ResolvedVault {
  adapter: VaultAdapter;
  /** Where this kind of vault keeps rotation locks when it is the primary. */
  lock(lockDir?: string): LockProvider;
}

export interface VaultSpecContext {
  env: NodeJS.ProcessEnv;
  logger?: Logger;
  lockDir?: string;
}

/** The first spec is the primary, the rest are mirrors (fan-out). */
export function resolveVaultSpecs(specs: readonly string[], ctx: VaultSpecContext): Promise<OpenedTargets> {
  return openTargets(specs[0]!, specs.slice(1), {
    env: ctx.env,
    where: '--vault',
    ...(ctx.logger ? { logger: ctx.logger } : {}),
    ...(ctx.lockDir ? { lockDir: ctx.lockDir } : {}),
  });
}

/** One readable vault (a primary, an admin key's vault). */
export function resolveVaultSpec(
  spec: string,
  ctx: VaultSpecContext = { env: process.env },
): Promise<ResolvedVault> {
  return openVault(spec, { env: ctx.env, where: '--vault', ...(ctx.logger ? { logger: ctx.logger } : {}) });
}

export const inProcessLock = (): LockProvider => new InMemoryLockProvider();
