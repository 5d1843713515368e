import { type ErrorCategory, VaultError } from '@keyroll/core';

export type KeyVaultOperation = 'read' | 'write' | 'update' | 'list';

interface RestErrorLike {
  name: string;
  message: string;
  statusCode?: number;
  code?: string;
  details?: unknown;
  response?: { headers?: { get(name: string): string | undefined } };
}

/**
 * Maps whatever the SDK threw to a VaultError a person can act on. The SDK's error is deliberately NOT
 * kept as `cause`: a RestError carries the request, and a PUT request body holds the secret value.
 */
export function toVaultError(err: unknown, operation: KeyVaultOperation, where: string): VaultError {
  if (err instanceof VaultError) return err;
  const e = (
    typeof err === 'object' && err !== null ? err : { name: 'Error', message: String(err) }
  ) as RestErrorLike;
  const server = serverMessage(e);
  const prefix = `Key Vault ${operation} of ${where} failed`;
  const status = e.statusCode;

  if (
    e.name === 'CredentialUnavailableError' ||
    e.name === 'AuthenticationError' ||
    e.name === 'AggregateAuthenticationError'
  ) {
    return make(
      'credential_unavailable',
      'auth',
      `${prefix}: no Azure credential could get a token (${firstLine(e.message)}). In Azure, enable the Function App's managed identity; on a laptop run \`az login\`.`,
    );
  }
  if (status === undefined) {
    if (
      e.name === 'AbortError' ||
      e.code === 'ECONNRESET' ||
      e.code === 'REQUEST_SEND_ERROR' ||
      /socket hang up|aborted/i.test(e.message)
    ) {
      // The request may have reached the vault: a write may or may not have been applied.
      return operation === 'write' || operation === 'update'
        ? make(
            'vault_no_response',
            'ambiguous',
            `${prefix}: no response from the vault (timeout or dropped connection); the change may or may not have been applied`,
          )
        : make(
            'vault_unavailable',
            'unavailable',
            `${prefix}: no response from the vault (timeout or dropped connection)`,
          );
    }
    return make('vault_unreachable', 'unavailable', `${prefix}: ${firstLine(e.message)}`);
  }
  switch (status) {
    case 400:
      return make('bad_request', 'input', `${prefix}: the vault rejected the request (400${server})`, status);
    case 401:
      return make(
        'unauthorized',
        'auth',
        `${prefix}: the vault rejected the token (401${server}); check the identity's tenant`,
        status,
      );
    case 403:
      if (isNetworkRefusal(e)) {
        return make(
          'network_refused',
          'permission',
          `${prefix}: the vault's network rules refuse this caller (403${server}). Public network access is disabled or ` +
            'the firewall does not allow the Function App: integrate the app with a VNet that has a private endpoint ' +
            'or an allowed subnet (terraform/azure: subnet_id), or add its outbound addresses to the vault firewall',
          status,
        );
      }
      if (isDisabled(e)) {
        return make(
          'secret_disabled',
          'conflict',
          `${prefix}: the current version is disabled (403${server}); enable it or write a new version`,
          status,
        );
      }
      return make(
        'forbidden',
        'permission',
        `${prefix}: access denied (403${server}); grant the identity the "Key Vault Secrets Officer" role on the vault (RBAC vaults) or get/set/list secret permissions (access-policy vaults)`,
        status,
      );
    case 404:
      return make('not_found', 'not_found', `${prefix}: the secret does not exist (404${server})`, status);
    case 409:
      return make(
        'conflict',
        'conflict',
        `${prefix}: conflict (409${server}); a deleted secret with this name may need to be recovered or purged`,
        status,
      );
    case 429:
      return make(
        'throttled',
        'rate_limited',
        `${prefix}: throttled by the vault (429)`,
        status,
        retryAfter(e),
      );
    default:
      if (status >= 500) {
        const category: ErrorCategory =
          (operation === 'write' || operation === 'update') && status !== 503 ? 'ambiguous' : 'unavailable';
        return make(
          'vault_unavailable',
          category,
          `${prefix}: the vault answered ${status}${server}`,
          status,
          retryAfter(e),
        );
      }
      return make('vault_error', 'internal', `${prefix}: unexpected status ${status}${server}`, status);
  }
}

function make(
  code: string,
  category: ErrorCategory,
  message: string,
  status?: number,
  retryAfterMs?: number,
): VaultError {
  return new VaultError(code, message, {
    category,
    ...(status !== undefined && { status }),
    ...(retryAfterMs !== undefined && { retryAfterMs }),
    ...(category === 'ambiguous' && { retryable: false }),
  });
}

function serverMessage(e: RestErrorLike): string {
  const code = e.code ? ` ${e.code}` : '';
  const message = e.message ? `: ${firstLine(e.message).slice(0, 300)}` : '';
  return `${code}${message}`;
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? '';
}

function innerCode(e: RestErrorLike): string | undefined {
  const error = (e.details as { error?: { innerError?: { code?: string }; innererror?: { code?: string } } })
    ?.error;
  return error?.innerError?.code ?? error?.innererror?.code;
}

/** The vault's firewall or "public network access disabled" refused the connection, not the identity. */
function isNetworkRefusal(e: RestErrorLike): boolean {
  const inner = innerCode(e);
  return (
    inner === 'ForbiddenByFirewall' ||
    inner === 'ForbiddenByConnection' ||
    /public network access|firewall|not authorized and caller is not a trusted service|private link/i.test(
      e.message,
    )
  );
}

/** Only the disabled-secret refusal itself, not any message that happens to contain "disabled". */
function isDisabled(e: RestErrorLike): boolean {
  return innerCode(e) === 'SecretDisabled' || /not allowed on a disabled secret/i.test(e.message);
}

function retryAfter(e: RestErrorLike): number | undefined {
  const value = e.response?.headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
