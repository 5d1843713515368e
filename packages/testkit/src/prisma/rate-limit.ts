import type { SimClock } from './clock.ts';

/**
 * The simulator's rate limit: one token bucket per user (service account) across all of that user's
 * tokens and keys, tenant-wide, as Prisma Cloud documents ("token bucket applied per user", headers
 * X-RateLimit-Burst-Capacity / -Remaining / -Replenish-Rate / -Requested-Tokens, 429 when empty).
 *
 * ASSUMPTION: Prisma Cloud publishes no numbers for /login, /user/me or /access_keys, and does not
 * document Retry-After on 429 (only on 503). Every number here is configurable; the defaults are guesses.
 */
export interface SimRateLimitOptions {
  /** Sustained requests per second per user. */
  ratePerSecond: number;
  /** Bucket size per user. */
  burst: number;
  /** Send Retry-After (whole seconds until a token is back, at least 1) on a 429. Default true. */
  retryAfter?: boolean;
}

export interface RateLimitVerdict {
  allowed: boolean;
  headers: Record<string, string>;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class SimRateLimit {
  readonly #buckets = new Map<string, Bucket>();
  /** 429s answered, per user. */
  readonly throttled = new Map<string, number>();
  /** Requests let through, per user (what the limit was spent on). */
  readonly granted = new Map<string, number>();

  constructor(
    readonly options: SimRateLimitOptions,
    private readonly clock: SimClock,
  ) {
    if (!(options.ratePerSecond > 0) || !(options.burst >= 1))
      throw new Error('simulator: rate limit needs ratePerSecond > 0 and burst >= 1');
  }

  /** Takes one token from `user`'s bucket, or answers why not. */
  take(user: string): RateLimitVerdict {
    const now = this.clock.now();
    const { ratePerSecond, burst } = this.options;
    const bucket = this.#buckets.get(user) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.at) * ratePerSecond) / 1000);
    bucket.at = now;
    this.#buckets.set(user, bucket);
    const allowed = bucket.tokens >= 1;
    if (allowed) {
      bucket.tokens -= 1;
      this.granted.set(user, (this.granted.get(user) ?? 0) + 1);
    } else this.throttled.set(user, (this.throttled.get(user) ?? 0) + 1);
    const headers: Record<string, string> = {
      'x-ratelimit-burst-capacity': String(burst),
      'x-ratelimit-replenish-rate': String(ratePerSecond),
      'x-ratelimit-remaining': String(Math.floor(bucket.tokens)),
      'x-ratelimit-requested-tokens': '1',
    };
    if (!allowed && this.options.retryAfter !== false) {
      const seconds = Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerSecond));
      headers['retry-after'] = String(seconds);
    }
    return { allowed, headers };
  }

  /** Total 429s answered. */
  get throttledTotal(): number {
    let n = 0;
    for (const v of this.throttled.values()) n += v;
    return n;
  }
}
