/**
 * Typed errors. Every error a person may see carries a message they can act on and never a secret
 * value: callers pass identifiers (key ids, secret names), not values.
 */
export type ErrorCategory =
  | 'config' // operator configuration is wrong; nothing was touched
  | 'input' // a secret value, event or request is malformed; nothing was touched
  | 'auth' // credentials rejected
  | 'permission' // authenticated but not allowed
  | 'conflict' // state does not allow the operation (key limit, lock held, stale version)
  | 'not_found'
  | 'rate_limited'
  | 'unavailable' // 5xx, network, timeout before the request could have been applied
  | 'ambiguous' // the request may or may not have been applied (timeout or lost response after sending)
  | 'internal';

export interface KeyrollErrorOptions {
  category: ErrorCategory;
  retryable?: boolean;
  /** Server-provided wait hint (Retry-After), in milliseconds. */
  retryAfterMs?: number;
  /** HTTP status or SDK status code, when there was one. */
  status?: number;
  cause?: unknown;
}

export class KeyrollError extends Error {
  /** Stable machine-readable code, e.g. `already_have_two_access_keys`, `malformed_secret`. */
  readonly code: string;
  readonly category: ErrorCategory;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;

  constructor(code: string, message: string, options: KeyrollErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.category = options.category;
    this.retryable = options.retryable ?? defaultRetryable(options.category);
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
  }

  /** A plain object safe to log or return from an API (no cause chain: causes may quote requests). */
  toJSON(): { code: string; category: ErrorCategory; message: string; retryable: boolean } {
    return { code: this.code, category: this.category, message: this.message, retryable: this.retryable };
  }
}

function defaultRetryable(category: ErrorCategory): boolean {
  return category === 'rate_limited' || category === 'unavailable';
}

/** Operator configuration is wrong. CLI exit code 2. */
export class ConfigError extends KeyrollError {
  constructor(code: string, message: string, cause?: unknown) {
    super(code, message, { category: 'config', cause });
  }
}

/** A secret value, event or request is malformed. Nothing was changed. CLI exit code 2. */
export class InputError extends KeyrollError {
  constructor(code: string, message: string, cause?: unknown) {
    super(code, message, { category: 'input', cause });
  }
}

/** Errors from the credential issuer (Prisma Cloud). */
export class IssuerError extends KeyrollError {}

/** Errors from a vault (target). */
export class VaultError extends KeyrollError {}

export function isKeyrollError(err: unknown): err is KeyrollError {
  return err instanceof KeyrollError;
}

/** True when the failed call may have changed state (so a retry or a rollback must check first). */
export function mayHaveApplied(err: unknown): boolean {
  if (!isKeyrollError(err)) return true; // unknown failure: assume the worst
  return err.category === 'ambiguous' || err.category === 'internal';
}

/** A safe one-line description of any thrown value, for logs and results. */
export function describeError(err: unknown): { code: string; message: string; retryable: boolean } {
  if (isKeyrollError(err)) return { code: err.code, message: err.message, retryable: err.retryable };
  if (err instanceof Error) return { code: 'unexpected_error', message: err.message, retryable: false };
  return { code: 'unexpected_error', message: String(err), retryable: false };
}
