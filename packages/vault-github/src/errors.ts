import {
  ConfigError,
  type ErrorCategory,
  isKeyrollError,
  type KeyrollError,
  parseRetryAfter,
  VaultError,
} from '@keyroll/core';

/**
 * Turns an Octokit failure into a VaultError a person can act on. Never attaches the Octokit error as the
 * cause: it carries the request (headers, the sealed body), which has no business in logs.
 */
interface OctokitLikeError {
  status?: number;
  message?: string;
  name?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
  request?: { method?: string };
  cause?: unknown;
}

export const GITHUB_TOKEN_HINT =
  "The workflow's GITHUB_TOKEN cannot read or write Actions secrets (it has no secrets permission). " +
  'Use a GitHub App installation token (actions/create-github-app-token) or a fine-grained personal ' +
  'access token with "Secrets: read and write" and "Variables: read and write" on the target repositories ' +
  '(organization targets: "Organization secrets" and "Organization variables").';

/**
 * `what` says what was being done, e.g. `writing secret PRISMA in repository acme/api`. A rejected token
 * (401) is a configuration error: nothing can have changed, and rerunning will not help.
 * Refusals (401, 403, 404, 409, 422) get categories for which core's mayHaveApplied is false: GitHub
 * did not apply the call, so a rollback need not undo it.
 */
export function toVaultError(err: unknown, what: string, method = 'GET'): KeyrollError {
  if (isKeyrollError(err)) return err;
  const e = (err ?? {}) as OctokitLikeError;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const headers = e.response?.headers ?? {};
  const header = (name: string) => {
    const v = headers[name];
    return v === undefined ? undefined : String(v);
  };
  const requestId = header('x-github-request-id');
  const ghMessage = githubMessage(e);
  const suffix = `${ghMessage ? `: GitHub said "${ghMessage}"` : ''}${requestId ? ` (request id ${requestId})` : ''}`;
  const write = method !== 'GET' && method !== 'HEAD';
  const make = (
    code: string,
    category: ErrorCategory,
    message: string,
    extra: { retryAfterMs?: number } = {},
  ) => new VaultError(code, message, { category, ...(status !== undefined ? { status } : {}), ...extra });

  if (status === undefined || !e.response) {
    // No HTTP answer: network error, timeout (Octokit reports these as status 500 without a response).
    const text = `${what} failed without an answer from GitHub (${e.message ?? 'network error'})`;
    return write
      ? make('github_no_answer', 'ambiguous', `${text}; the change may or may not have been applied`)
      : make('github_unavailable', 'unavailable', text);
  }
  const rateLimited =
    status === 429 ||
    (status === 403 && (header('x-ratelimit-remaining') === '0' || /rate limit/i.test(ghMessage ?? '')));
  if (rateLimited) {
    const retryAfterMs =
      parseRetryAfter(header('retry-after')) ??
      (header('x-ratelimit-reset')
        ? Math.max(0, Number(header('x-ratelimit-reset')) * 1000 - Date.now())
        : undefined);
    return make(
      'github_rate_limited',
      'rate_limited',
      `${what} was rate limited by GitHub after retries${suffix}`,
      retryAfterMs === undefined ? {} : { retryAfterMs },
    );
  }
  if (status === 401) {
    return new ConfigError(
      'github_bad_credentials',
      `${what}: GitHub rejected the token (401 Bad credentials: wrong, expired or revoked)${suffix}; ` +
        'check the github-token (an App installation token lasts one hour)',
    );
  }
  if (status === 403) {
    const accepted = header('x-accepted-github-permissions');
    const needs = accepted ? ` The call needs the permission(s): ${accepted}.` : '';
    if (/archived/i.test(ghMessage ?? '')) {
      return make(
        'github_repository_archived',
        'permission',
        `${what}: the repository is archived (read-only), GitHub refused the write${suffix}. Unarchive it or ` +
          'remove it from the targets',
      );
    }
    if (/not accessible by (integration|personal access token)/i.test(ghMessage ?? '')) {
      const message =
        `${what}: the token may not ${write ? 'write' : 'read'} Actions secrets/variables here${suffix}.${needs} ` +
        'Give the GitHub App or fine-grained token "Secrets" and "Variables" read and write on this repository ' +
        '(organization targets: "Organization secrets" and "Organization variables")';
      // A read refused: the token's grants are configuration, and nothing was touched yet.
      return write
        ? make('github_token_lacks_permission', 'permission', message)
        : new ConfigError('github_token_lacks_permission', message);
    }
    return make('github_forbidden', 'permission', `${what}: forbidden (403)${suffix}.${needs}`);
  }
  if (status === 404) {
    return make('not_found', 'not_found', `${what}: not found (404)${suffix}`);
  }
  if (status === 409 || status === 422) {
    return make('github_rejected', 'conflict', `${what}: GitHub rejected the request (${status})${suffix}`);
  }
  if (status >= 500) {
    return write
      ? make(
          'github_server_error',
          'ambiguous',
          `${what}: GitHub answered ${status} after retries${suffix}; the change may or may not have been applied`,
        )
      : make(
          'github_unavailable',
          'unavailable',
          `${what}: GitHub answered ${status} after retries${suffix}`,
        );
  }
  return make('github_error', 'internal', `${what}: unexpected answer ${status}${suffix}`);
}

function githubMessage(e: OctokitLikeError): string | undefined {
  const data = e.response?.data;
  if (data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string') {
    // GitHub's messages are fixed strings; cap the length anyway.
    return (data as { message: string }).message.slice(0, 300);
  }
  return undefined;
}

export function statusOf(err: unknown): number | undefined {
  const status = (err as OctokitLikeError | undefined)?.status;
  return typeof status === 'number' && (err as OctokitLikeError).response ? status : undefined;
}
