import { type ErrorCategory, isKeyrollError, VaultError } from '@keyroll/core';

/** gRPC status codes (google.rpc.Code); the same numbers arrive on REST-fallback errors. */
export const Code = {
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

export function grpcCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** An UpdateSecret/disable rejected because the etag we sent is stale (the docs say FAILED_PRECONDITION). */
export function isEtagConflict(err: unknown): boolean {
  const code = grpcCode(err);
  return code === Code.FAILED_PRECONDITION || code === Code.ABORTED;
}

/**
 * Maps a client error to a VaultError. `mutation` says whether the call changes state: a lost answer to
 * a mutation may have been applied (category `ambiguous`), a lost answer to a read is just `unavailable`.
 * The message names the call and the resource; the server's detail text is kept (the service never
 * echoes payloads), the request is not.
 */
export function toVaultError(
  err: unknown,
  operation: string,
  resource: string,
  mutation: boolean,
): VaultError {
  if (isKeyrollError(err)) return err as VaultError;
  const code = grpcCode(err);
  const details = String((err as { details?: unknown })?.details ?? (err as Error)?.message ?? err).slice(
    0,
    300,
  );
  const where = `Secret Manager ${operation} on ${resource}`;
  const make = (c: string, category: ErrorCategory, hint: string, retryable?: boolean) =>
    new VaultError(c, `${where} failed: ${hint} (${details})`, {
      category,
      status: code,
      cause: err,
      ...(retryable === undefined ? {} : { retryable }),
    });
  switch (code) {
    case Code.NOT_FOUND:
      return make('not_found', 'not_found', 'not found; check the secret name and that it exists');
    case Code.PERMISSION_DENIED:
      return make(
        'permission_denied',
        'permission',
        'permission denied; the rotator needs secretAccessor, secretVersionManager and secrets.update on the secret',
      );
    case Code.UNAUTHENTICATED:
      return make('unauthenticated', 'auth', 'the credentials were rejected');
    case Code.ALREADY_EXISTS:
      return make('already_exists', 'conflict', 'already exists');
    case Code.FAILED_PRECONDITION:
      return make('failed_precondition', 'conflict', 'the resource is not in a state that allows this');
    case Code.ABORTED:
      return make('aborted', 'conflict', 'aborted by a concurrent change', true);
    case Code.RESOURCE_EXHAUSTED:
      return make('rate_limited', 'rate_limited', 'quota exhausted; retry later');
    case Code.INVALID_ARGUMENT:
      return make('invalid_argument', 'input', 'the service rejected the request as invalid');
    case Code.UNIMPLEMENTED:
      return make('unimplemented', 'internal', 'not supported by this endpoint');
    default:
      return mutation
        ? make('ambiguous', 'ambiguous', 'no answer; the change may or may not have been applied')
        : make('unavailable', 'unavailable', 'the service did not answer');
  }
}
