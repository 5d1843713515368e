import { ConfigError, type LockProvider, type Logger, type VaultAdapter } from '@keyroll/core';
import type { GitHubAppTokens } from '@keyroll/vault-github';
import type {
  Driver,
  DriverContext,
  GitHubAppSettings,
  LockSettings,
  OpenedVault,
  SdkOverrides,
} from './drivers/types.ts';
import { formatVaultUri, type ParseOptions, parseVaultUri, type VaultRef, type VaultScheme } from './uri.ts';

/**
 * The one place that maps a vault URI to its adapter and lock. Each scheme's driver (and so its SDK) is
 * imported on first use only: `keyroll --help` and a `file:` rotation never load a cloud SDK.
 */
const DRIVERS: Record<VaultScheme, () => Promise<Driver>> = {
  file: () => import('./drivers/file.ts'),
  'azure-keyvault': () => import('./drivers/azure-keyvault.ts'),
  'gcp-secret-manager': () => import('./drivers/gcp-secret-manager.ts'),
  github: () => import('./drivers/github.ts'),
  'aws-secrets-manager': () => import('./drivers/aws-secrets-manager.ts'),
};

/** Schemes that can be read back, and so hold the current value: everything but GitHub. */
export function canBePrimary(ref: VaultRef): boolean {
  return ref.scheme !== 'github';
}

export interface OpenVaultOptions extends ParseOptions {
  role?: 'primary' | 'mirror';
  logger?: Logger;
  env?: NodeJS.ProcessEnv;
  /** Default true: a secret named in configuration is managed (R4). */
  namedInConfiguration?: boolean;
  sdk?: SdkOverrides;
  /**
   * GitHub token, or a vault URI of a secret holding it (the value is the token, or JSON with a `token`
   * field). Default: GITHUB_TOKEN, then GH_TOKEN.
   */
  githubToken?: string;
  /** A GitHub App whose private key is a secret named by URI: installation tokens are minted from it. */
  githubApp?: GitHubAppSettings;
  currentValue?: string;
  /** keyroll.yaml `locks` (where a Key Vault primary's blob-lease lock lives). */
  locks?: LockSettings;
}

export async function openVault(
  uri: string | VaultRef,
  options: OpenVaultOptions = {},
): Promise<OpenedVault> {
  const ref = typeof uri === 'string' ? parseVaultUri(uri, options) : uri;
  const role = options.role ?? 'primary';
  // A write-only primary works only when the caller hands in its current value (the Action does).
  if (role === 'primary' && !canBePrimary(ref) && options.currentValue === undefined)
    throw new ConfigError(
      'write_only_primary',
      `${options.where ?? 'vault'}: ${formatVaultUri(ref)} is write-only (GitHub never returns secret values), so it can be a mirror but never the primary; put the key in a readable vault first and list the GitHub secret as a mirror`,
    );
  const env = options.env ?? process.env;
  const ctx: DriverContext = {
    role,
    env,
    namedInConfiguration: options.namedInConfiguration ?? true,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.sdk ? { sdk: options.sdk } : {}),
    ...(options.currentValue !== undefined ? { currentValue: options.currentValue } : {}),
    ...(options.locks ? { locks: options.locks } : {}),
  };
  if (ref.scheme === 'github' && !options.sdk?.github?.octokit) {
    const token = options.githubApp
      ? await appTokenFor(ref, options.githubApp, { ...options, env })
      : await resolveGitHubToken(options, env);
    if (token) ctx.githubToken = token;
  }
  const driver = await DRIVERS[ref.scheme]();
  return driver.open(ref, ctx);
}

export interface OpenedTargets {
  /** Primary first, then the mirrors, for `rotateCredential`'s `targets`. */
  targets: VaultAdapter[];
  vaults: OpenedVault[];
  /** The lock that follows the primary. */
  lock: LockProvider;
}

/** Opens a primary and its mirrors (a fan-out); refuses duplicates and a write-only primary. */
export async function openTargets(
  primary: string | VaultRef,
  mirrors: readonly (string | VaultRef)[],
  options: OpenVaultOptions & { lockDir?: string } = {},
): Promise<OpenedTargets> {
  const where = options.where ?? 'vault';
  const vaults = [await openVault(primary, { ...options, role: 'primary', where: `${where} (primary)` })];
  for (const [i, mirror] of mirrors.entries())
    vaults.push(await openVault(mirror, { ...options, role: 'mirror', where: `${where} (mirror ${i + 1})` }));
  const seen = new Set<string>();
  for (const v of vaults) {
    const key = v.uri.toLowerCase();
    if (seen.has(key)) throw new ConfigError('duplicate_vault', `${where}: ${v.uri} is listed twice`);
    seen.add(key);
  }
  return { targets: vaults.map((v) => v.adapter), vaults, lock: vaults[0]!.lock(options.lockDir) };
}

/** One minter per App, key and API root in a process: the key is read once, tokens are reused. */
const appMinters = new Map<string, Promise<GitHubAppTokens>>();

/**
 * An installation token for the owner a GitHub ref names, minted from the App's private key. The key is
 * read from its vault with that vault's own credentials and goes no further than the signer (it and the
 * tokens are added to the redactor in case anything ever tried to print them).
 */
async function appTokenFor(
  ref: VaultRef,
  app: GitHubAppSettings,
  options: OpenVaultOptions,
): Promise<string> {
  if (ref.scheme !== 'github') throw new Error('appTokenFor: not a GitHub ref');
  const baseUrl =
    (options.sdk?.github?.baseUrl as string | undefined) ??
    (options.env?.GITHUB_API_URL?.trim() || undefined);
  const id = `${app.appId}\n${app.privateKey}\n${baseUrl ?? ''}\n${app.installationId ?? ''}`;
  let minter = appMinters.get(id);
  if (!minter) {
    minter = (async () => {
      const holder = await openVault(app.privateKey, {
        ...options,
        role: 'primary',
        githubApp: undefined,
        githubToken: undefined,
        where: 'GitHub App private key',
      });
      const stored = await holder.adapter.read();
      if (!stored.value)
        throw new ConfigError(
          'missing_github_app_key',
          `GitHub App private key: ${holder.uri} holds no value`,
        );
      options.logger?.redactor.add(stored.value);
      const { GitHubAppTokens } = await import('@keyroll/vault-github');
      return new GitHubAppTokens(
        {
          appId: app.appId,
          privateKey: stored.value,
          ...(app.installationId ? { installationId: app.installationId } : {}),
          ...(baseUrl ? { baseUrl } : {}),
        },
        `GitHub App ${app.appId} (key ${holder.uri})`,
      );
    })();
    appMinters.set(id, minter);
    minter.catch(() => appMinters.delete(id));
  }
  const { token } = await (await minter).tokenFor(ref.scope);
  options.logger?.redactor.add(token);
  return token;
}

async function resolveGitHubToken(
  options: OpenVaultOptions,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  const given = options.githubToken;
  if (given && /^[a-z][a-z0-9-]*:|^https:\/\/|^projects\/|^arn:/.test(given)) {
    // A secret named by URI, e.g. a token kept in Key Vault. Read with that vault's own credentials.
    const holder = await openVault(given, {
      ...options,
      role: 'primary',
      githubToken: undefined,
      where: 'GitHub token',
    });
    const stored = await holder.adapter.read();
    const value = stored.value?.trim();
    if (!value) throw new ConfigError('missing_github_token', `GitHub token: ${holder.uri} holds no value`);
    // A token read from a vault is a secret like any other (the Action's redactor also masks it).
    options.logger?.redactor.add(value);
    if (value.startsWith('{')) {
      try {
        const token = (JSON.parse(value) as { token?: unknown }).token;
        if (typeof token === 'string' && token) {
          options.logger?.redactor.add(token);
          return token;
        }
      } catch {
        // fall through to the error below
      }
      throw new ConfigError(
        'missing_github_token',
        `GitHub token: ${holder.uri} holds JSON without a "token" field`,
      );
    }
    return value;
  }
  return given ?? env.GITHUB_TOKEN ?? env.GH_TOKEN;
}
