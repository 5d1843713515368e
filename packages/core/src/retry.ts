import { type Clock, systemClock } from './clock.ts';
import { isKeyrollError } from './errors.ts';

/**
 * The one retry policy: exponential backoff with jitter, honouring a server's Retry-After hint.
 * Used by the Prisma Cloud client, the engine's verify step and adapters without SDK retries.
 */
export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the error is thrown instead. */
  maxRetryAfterMs?: number;
}

export interface RetryOptions extends Partial<RetryPolicy> {
  clock?: Clock;
  /** Source of randomness for jitter, in [0, 1). */
  random?: () => number;
  shouldRetry?: (err: unknown, attempt: number) => boolean;
  onRetry?: (info: { err: unknown; attempt: number; delayMs: number }) => void;
  signal?: AbortSignal;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

const retryableByDefault = (err: unknown) => isKeyrollError(err) && err.retryable;

/** Delay before retry number `attempt` (1-based): equal jitter keeps half the exponential step as a floor. */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exp / 2 + (random() * exp) / 2);
}

export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const policy: RetryPolicy = {
    maxAttempts: options.maxAttempts ?? defaultRetryPolicy.maxAttempts,
    baseDelayMs: options.baseDelayMs ?? defaultRetryPolicy.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? defaultRetryPolicy.maxDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs ?? defaultRetryPolicy.maxRetryAfterMs,
  };
  const clock = options.clock ?? systemClock;
  const shouldRetry = options.shouldRetry ?? retryableByDefault;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= policy.maxAttempts || !shouldRetry(err, attempt)) throw err;
      const hint = isKeyrollError(err) ? err.retryAfterMs : undefined;
      if (hint !== undefined && policy.maxRetryAfterMs !== undefined && hint > policy.maxRetryAfterMs)
        throw err;
      const delayMs = hint ?? backoffDelay(attempt, policy, options.random);
      options.onRetry?.({ err, attempt, delayMs });
      await clock.sleep(delayMs, options.signal);
    }
  }
}

/** Parses an HTTP Retry-After header (seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
