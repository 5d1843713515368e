import { ConfigError, InMemoryLockProvider } from '@keyroll/core';
import {
  createGitHubClient,
  type GitHubClient,
  type GitHubClientOptions,
  GitHubSecretsAdapter,
  type SecretLayout,
} from '@keyroll/vault-github';
import { formatVaultUri, type VaultRef } from '../uri.ts';
import type { DriverContext, OpenedVault } from './types.ts';

const processLock = new InMemoryLockProvider();

/** One Octokit per token and API root in a process: its write pacing is shared by every GitHub target. */
const clients = new Map<string, GitHubClient>();

/** `github://`: write-only, so a mirror, never a primary (its metadata still answers `status`). */
export function open(ref: VaultRef, ctx: DriverContext): OpenedVault {
  if (ref.scheme !== 'github') throw new Error('github driver: wrong scheme');
  const extra = (ctx.sdk?.github ?? {}) as Partial<GitHubClientOptions> & { octokit?: GitHubClient };
  let octokit = extra.octokit;
  if (!octokit) {
    const token = ctx.githubToken;
    if (!token)
      throw new ConfigError(
        'missing_github_token',
        `${formatVaultUri(ref)}: no GitHub token; set GITHUB_TOKEN (or GH_TOKEN), or name a secret holding it in keyroll.yaml credentials.github.token`,
      );
    // GITHUB_API_URL: what a runner (and GHES) sets; keyroll.yaml credentials.github.apiUrl wins.
    const baseUrl = (extra.baseUrl as string | undefined) ?? (ctx.env.GITHUB_API_URL?.trim() || undefined);
    const key = `${baseUrl ?? ''}\n${token}`;
    octokit = clients.get(key);
    if (!octokit) {
      const { octokit: _ignored, ...options } = extra;
      octokit = createGitHubClient({
        ...options,
        ...(baseUrl ? { baseUrl } : {}),
        token,
        ...(ctx.logger ? { log: ctx.logger } : {}),
      });
      clients.set(key, octokit);
    }
  }
  const layout: SecretLayout =
    ref.format === 'pair'
      ? { format: 'pair', accessKeyIdName: ref.names[0]!, secretKeyName: ref.names[1]! }
      : { format: ref.format, name: ref.names[0]! };
  const adapter = new GitHubSecretsAdapter({
    octokit,
    scope: ref.scope,
    layout,
    namedInConfiguration: ctx.namedInConfiguration,
    ...(ctx.currentValue !== undefined ? { currentValue: ctx.currentValue } : {}),
    ...(ctx.logger ? { logger: ctx.logger } : {}),
  });
  return {
    ref,
    uri: formatVaultUri(ref),
    adapter,
    lock: () => {
      // A GitHub-only account in the Action: the run is the only writer it can see (serialize runs with
      // the workflow's `concurrency:` group); one in-process lock covers the accounts of this run.
      if (ctx.currentValue !== undefined) return processLock;
      throw new ConfigError(
        'github_not_primary',
        `${formatVaultUri(ref)}: a GitHub secret cannot hold the lock`,
      );
    },
  };
}
