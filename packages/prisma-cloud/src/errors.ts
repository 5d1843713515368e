import { type ErrorCategory, IssuerError, parseRetryAfter } from '@keyroll/core';
import { parseRedlockStatus, primaryI18nKey } from './redlock-status.ts';

/** What an error message may say about a call: its normalized name and the key id, never a body. */
export interface CallInfo {
  /** Normalized call, e.g. `POST /access_keys`. */
  call: string;
  /**
   * True when repeating the call cannot do harm (GET, PATCH, DELETE, login, extend). False for
   * POST /access_keys: a lost answer may hide a created key whose secret is gone for good.
   */
  idempotent: boolean;
  keyId?: string;
}

type Headers = Record<string, string | string[] | undefined>;

const HINTS: Record<string, string> = {
  already_have_two_access_keys:
    'the service account already holds as many access keys as its role allows (2, or 1 for some roles); inactive and expired keys count until they are deleted',
  duplicate_access_key_name: 'the service account already has an access key with this name',
  invalid_access_key_name_length: 'the access key name is too long',
  invalid_access_key_name: 'the access key name is invalid',
  invalid_expiry_access_key:
    "the expiry is in the past or beyond the tenant's maximum access-key validity (Settings > Enterprise)",
  non_existing_access_key: 'the access key does not exist',
  expired_access_key: 'the access key has expired and cannot be re-activated',
  empty_access_key_status_provided: 'the status must be true or false',
  unauthorized_to_use_access_keys:
    "the logged-in identity may not manage these access keys (only a System Admin manages other accounts' keys)",
  user_inactive_or_not_exist: 'the user or service account is inactive or does not exist',
  token_expired: 'the session token expired',
  invalid_credentials: 'the access key id or secret key was rejected',
};

function categoryFor(status: number, code: string, info: CallInfo): ErrorCategory {
  if (code === 'non_existing_access_key') return 'not_found';
  if (code === 'expired_access_key' || code === 'already_have_two_access_keys') return 'conflict';
  if (status === 401) return 'auth';
  if (status === 403) return 'permission';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  // A 5xx (or a 408) says nothing about whether a create reached the service (R2: ambiguous).
  if (status >= 500 || status === 408) return info.idempotent ? 'unavailable' : 'ambiguous';
  if (status === 425) return 'unavailable';
  // 404 or a redirect: the API URL does not point at the Prisma Cloud API. Never "not found":
  // deleteKey treats not_found as success.
  if (status === 404 || (status >= 300 && status < 400)) return 'config';
  return 'input';
}

/**
 * Maps a non-2xx response to a typed error; `code` is the x-redlock-status i18nKey or `http_<status>`.
 * `retryAfterMs` replaces the server's hint (the rate limiter's jittered wait).
 */
export function errorFromResponse(
  info: CallInfo,
  status: number,
  headers: Headers,
  now: number,
  retryAfterMs?: number,
): IssuerError {
  const code = primaryI18nKey(parseRedlockStatus(headers['x-redlock-status'])) ?? `http_${status}`;
  const category = categoryFor(status, code, info);
  const retryAfterRaw = headers['retry-after'];
  const waitMs =
    retryAfterMs ??
    (status === 429 || status === 503
      ? parseRetryAfter(Array.isArray(retryAfterRaw) ? retryAfterRaw[0] : retryAfterRaw, now)
      : undefined);
  let hint = HINTS[code] ?? defaultHint(status, category);
  if (category === 'ambiguous')
    hint += '; the key may or may not have been created: list the keys to find out';
  return new IssuerError(code, `${describeCall(info)} failed with HTTP ${status} ${code}: ${hint}`, {
    category,
    status,
    retryAfterMs: waitMs,
  });
}

function defaultHint(status: number, category: ErrorCategory): string {
  switch (category) {
    case 'auth':
      return 'the session was rejected';
    case 'permission':
      return 'the identity lacks the permission for this call';
    case 'rate_limited':
      return 'Prisma Cloud is rate limiting requests';
    case 'unavailable':
    case 'ambiguous':
      return 'Prisma Cloud did not complete the request';
    case 'config':
      return 'the API URL does not look like a Prisma Cloud API (use the api… host, not the app… console)';
    default:
      return `Prisma Cloud refused the request (HTTP ${status})`;
  }
}

/** Codes the transport gives its own deadline: before the connection (TLS included) was up, and after. */
export const CONNECT_TIMEOUT = 'CONNECT_TIMEOUT';
export const RESPONSE_TIMEOUT = 'RESPONSE_TIMEOUT';

/** Codes of failures that happen before a single byte of the request left this process. */
const BEFORE_SEND = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  CONNECT_TIMEOUT,
]);
const TLS_CODE = /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/;

/**
 * Maps a network failure. The cause is not attached (errors may quote request options); its code
 * is named in the message instead.
 */
export function errorFromTransport(info: CallInfo, err: unknown): IssuerError {
  const code = errorCode(err);
  if (code === 'client_closed')
    return new IssuerError('client_closed', `${describeCall(info)}: the client was closed`, {
      category: 'internal',
      retryable: false,
    });
  if (TLS_CODE.test(code))
    return new IssuerError(
      'tls_error',
      `${describeCall(info)} failed: TLS handshake with the API host failed (${code}); nothing was sent`,
      { category: 'unavailable', retryable: false },
    );
  if (BEFORE_SEND.has(code))
    return new IssuerError(
      'network_error',
      `${describeCall(info)} failed before the request was sent (${code}); nothing was changed`,
      { category: 'unavailable' },
    );
  const timedOut = /TIMEOUT|TimeoutError|AbortError/i.test(code);
  const what = timedOut ? 'timed out waiting for the answer' : 'lost the connection';
  if (!info.idempotent)
    return new IssuerError(
      timedOut ? 'timeout' : 'connection_lost',
      `${describeCall(info)} ${what} after the request was sent (${code}); the key may or may not have been created: list the keys to find out`,
      { category: 'ambiguous', retryable: false },
    );
  return new IssuerError(
    timedOut ? 'timeout' : 'connection_lost',
    `${describeCall(info)} ${what} (${code})`,
    { category: 'unavailable' },
  );
}

export function describeCall(info: CallInfo): string {
  return `Prisma Cloud ${info.call}${info.keyId ? ` (access key ${info.keyId})` : ''}`;
}

function errorCode(err: unknown): string {
  if (err && typeof err === 'object') {
    const { code, name } = err as { code?: unknown; name?: unknown };
    if (typeof code === 'string' && code) return code;
    if (typeof name === 'string' && name) return name;
  }
  return 'unknown_error';
}
