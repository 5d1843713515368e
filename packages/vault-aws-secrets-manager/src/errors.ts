import { type ErrorCategory, isKeyrollError, VaultError } from '@keyroll/core';

interface SdkError {
  name?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
}

/** Server text is quoted in messages: control characters are escaped so it cannot forge log lines. */
export function printable(text: string, max = 300): string {
  const escaped = text.replace(/\p{Cc}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > max ? `${escaped.slice(0, max)}…` : escaped;
}

export function awsErrorName(err: unknown): string | undefined {
  const e = err as SdkError | null;
  return e?.$metadata?.httpStatusCode !== undefined ? e.name : undefined;
}

const BY_NAME: Record<string, [code: string, category: ErrorCategory, hint: string]> = {
  ResourceNotFoundException: ['not_found', 'not_found', 'not found; check the secret name or ARN and region'],
  AccessDeniedException: [
    'permission_denied',
    'permission',
    'access denied; the role needs secretsmanager:DescribeSecret, GetSecretValue, PutSecretValue, UpdateSecretVersionStage, TagResource and UntagResource on this secret (and kms:Decrypt/GenerateDataKey on its key)',
  ],
  DecryptionFailure: [
    'kms_denied',
    'permission',
    'the secret could not be decrypted; the role needs kms:Decrypt on its KMS key',
  ],
  EncryptionFailure: [
    'kms_denied',
    'permission',
    'the value could not be encrypted; the role needs kms:GenerateDataKey on its KMS key',
  ],
  UnrecognizedClientException: ['unauthenticated', 'auth', 'the credentials were rejected'],
  InvalidSignatureException: ['unauthenticated', 'auth', 'the request signature was rejected'],
  ExpiredTokenException: ['unauthenticated', 'auth', 'the session credentials expired'],
  MissingAuthenticationTokenException: ['unauthenticated', 'auth', 'no credentials were sent'],
  CredentialsProviderError: ['no_credentials', 'auth', 'no AWS credentials found in the default chain'],
  ThrottlingException: ['rate_limited', 'rate_limited', 'throttled; retry later'],
  TooManyRequestsException: ['rate_limited', 'rate_limited', 'throttled; retry later'],
  LimitExceededException: ['quota_exceeded', 'conflict', 'a Secrets Manager quota would be exceeded'],
  ResourceExistsException: ['already_exists', 'conflict', 'already exists'],
  InvalidRequestException: [
    'invalid_request',
    'conflict',
    'the secret is not in a state that allows this (scheduled for deletion, or a rotation in progress)',
  ],
  PreconditionNotMetException: ['precondition_failed', 'conflict', 'a precondition was not met'],
  InvalidParameterException: ['invalid_parameter', 'input', 'the service rejected a parameter'],
  ValidationException: ['invalid_parameter', 'input', 'the service rejected the request as invalid'],
};

/**
 * Maps an SDK error to a VaultError. `mutation` says whether the call changes state: no answer, or a
 * server error, on a mutation may have been applied (`ambiguous`); on a read it is `unavailable`. The
 * message names the call and the secret and quotes the service's message (which never echoes values).
 */
export function toVaultError(err: unknown, operation: string, secret: string, mutation: boolean): VaultError {
  if (isKeyrollError(err)) return err as VaultError;
  const e = (err ?? {}) as SdkError;
  const status = e.$metadata?.httpStatusCode;
  const detail = printable(String(e.message ?? err));
  const where = `Secrets Manager ${operation} on ${secret}`;
  const make = (code: string, category: ErrorCategory, hint: string) =>
    new VaultError(code, `${where} failed: ${hint} (${detail})`, {
      category,
      cause: err,
      ...(status !== undefined && { status }),
    });
  const known = e.name ? BY_NAME[e.name] : undefined;
  if (known && (status !== undefined || e.name === 'CredentialsProviderError')) return make(...known);
  if (status !== undefined && status < 500) {
    return make(
      'rejected',
      status === 403 ? 'permission' : 'input',
      `rejected with HTTP ${status} (${printable(e.name ?? '')})`,
    );
  }
  // No answer (timeout, reset connection) or a server error.
  return mutation
    ? make('ambiguous', 'ambiguous', 'no usable answer; the change may or may not have been applied')
    : make('unavailable', 'unavailable', 'the service did not answer');
}
