import { type ErrorCategory, isKeyrollError, parseRetryAfter, VaultError } from '@keyroll/core';

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

/** `what` says what was being done, e.g. `writing secret PRISMA in repository acme/api`. */
export function toVaultError(err: unknown, what: string, method = 'GET'): VaultError {
  if (isKeyrollError(err)) return err as VaultError;
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
    return make(
      'github_auth_failed',
      'auth',
      `${what}: GitHub rejected the token (401)${suffix}; check the token`,
    );
  }
  if (status === 403) {
    const accepted = header('x-accepted-github-permissions');
    const needs = accepted ? ` The call needs the permission(s): ${accepted}.` : '';
    if (/not accessible by (integration|personal access token)/i.test(ghMessage ?? '')) {
      return make(
        'github_token_cannot_write_secrets',
        'permission',
        `${what}: the token is not allowed to manage Actions secrets/variables here${suffix}.${needs} ${GITHUB_TOKEN_HINT}`,
      );
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
