import { type Clock, ConfigError, parseRetryAfter, systemClock } from '@keyroll/core';

/**
 * Prisma Cloud rate-limits per user with a token bucket shared by all of that user's tokens, and says
 * so in `X-RateLimit-Burst-Capacity` / `-Remaining` / `-Replenish-Rate` headers. One RateLimiter per
 * identity and API origin (see `sharedRateLimiter`) mirrors that bucket on the client: every session of
 * the identity takes a token before each request, so a fleet of rotations under one admin key stays
 * under the limit instead of discovering it through 429s.
 *
 * Prisma's numbers are not published. Without configured numbers the limiter lets calls through until
 * the first response that carries the headers, then enforces the server's numbers (and keeps adopting
 * them). Configured numbers are enforced from the first call. A 429 empties the bucket and holds every
 * waiter until the server's Retry-After; the throttled call itself waits a jittered Retry-After (up to
 * half as long again) so that a crowd of throttled calls does not come back as one wave. A 429 without
 * Retry-After falls back to the retry policy's exponential backoff, which is jittered too.
 */
export interface RateLimitOptions {
  /** Sustained rate, requests per second, enforced from the first call (until the server says otherwise). */
  ratePerSecond?: number;
  /** Bucket size, enforced from the first call (until the server says otherwise). */
  burst?: number;
  /** Follow X-RateLimit-* headers (default true). False pins the configured numbers. */
  adaptive?: boolean;
  clock?: Clock;
  /** In [0, 1): jitter source. */
  random?: () => number;
}

export const DEFAULT_RATE_PER_SECOND = 5;
export const DEFAULT_BURST = 5;

type Headers = Record<string, string | string[] | undefined>;

/**
 * What the limiter believed when it let a request go: handed back with the answer, so a lower
 * X-RateLimit-Remaining is compared with the belief at the same moment, not with today's.
 */
export interface RateTicket {
  readonly tokensAfter: number;
  readonly corrected: number;
  /** Sent before the limit was known (not counted against our bucket). */
  readonly blind: boolean;
}

interface Waiter {
  resolve: (ticket: RateTicket) => void;
  reject: (err: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

export class RateLimiter {
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #adaptive: boolean;
  #ratePerMs: number;
  #capacity: number;
  #tokens: number;
  #refilledAt: number;
  /** No token is handed out before this time (set by a 429). */
  #pausedUntil = 0;
  /** False until numbers are configured or the server told us: until then only a 429 pause applies. */
  #enforcing: boolean;
  readonly #queue: Waiter[] = [];
  /** Tokens taken away so far after answers showed the server had fewer than we believed. */
  #corrected = 0;
  /** Requests sent before the limit was known whose answers are still out. */
  #blindOutstanding = 0;
  #pumping = false;
  /** Counters for tests, logs and the benchmark. */
  readonly stats = { granted: 0, waited: 0, throttled: 0 };

  constructor(options: RateLimitOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#adaptive = options.adaptive ?? true;
    this.#enforcing = options.ratePerSecond !== undefined || options.burst !== undefined;
    const rate = positive(options.ratePerSecond, DEFAULT_RATE_PER_SECOND, 'ratePerSecond');
    this.#capacity = positive(options.burst, DEFAULT_BURST, 'burst');
    this.#ratePerMs = rate / 1000;
    this.#tokens = this.#capacity;
    this.#refilledAt = this.#clock.now();
  }

  /** Requests per second currently assumed. */
  get ratePerSecond(): number {
    return this.#ratePerMs * 1000;
  }

  /** Bucket size currently assumed: also how many rotations a fleet runs at once under this identity. */
  get capacity(): number {
    return this.#capacity;
  }

  /** Waits for a token (first come, first served). Rejects only when `signal` aborts. */
  acquire(signal?: AbortSignal): Promise<RateTicket> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.#refill();
    if (this.#queue.length === 0 && this.#hasToken() && this.#clock.now() >= this.#pausedUntil) {
      return Promise.resolve(this.#take());
    }
    this.stats.waited++;
    return new Promise<RateTicket>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const i = this.#queue.indexOf(waiter);
          if (i >= 0) this.#queue.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.#queue.push(waiter);
      void this.#pump();
    });
  }

  /**
   * Learns from a response. Returns, for a 429 with Retry-After, how long the throttled call should wait
   * before its retry: the server's Retry-After plus up to half of it again as jitter (the jitter never
   * pushes a wait past `maxWaitMs`, the longest Retry-After the caller's retry policy accepts).
   */
  observe(
    status: number,
    headers: Headers,
    maxWaitMs = Number.POSITIVE_INFINITY,
    ticket?: RateTicket,
  ): number | undefined {
    const now = this.#clock.now();
    this.#refill();
    if (ticket?.blind) this.#blindOutstanding = Math.max(0, this.#blindOutstanding - 1);
    if (this.#adaptive) {
      const burst = numberHeader(headers['x-ratelimit-burst-capacity']);
      const rate = numberHeader(headers['x-ratelimit-replenish-rate']);
      const remaining = numberHeader(headers['x-ratelimit-remaining']);
      if (burst !== undefined && rate !== undefined && burst >= 1 && rate > 0) {
        // From now on we count. Whatever else went out blind may not have reached the server yet:
        // count it as spent.
        if (!this.#enforcing) this.#tokens = Math.min(burst, remaining ?? burst) - this.#blindOutstanding;
        this.#enforcing = true;
      }
      if (burst !== undefined && burst >= 1) {
        this.#capacity = burst;
        this.#tokens = Math.min(this.#tokens, burst);
      }
      if (rate !== undefined && rate > 0) this.#ratePerMs = rate / 1000;
      // Another process, or requests sent before we knew the limit, may share the budget. The server had
      // `remaining` (rounded down) when this request arrived; we believed `ticket.tokensAfter` when we
      // sent it. Take away what we were surely over by, less what later answers already took away.
      if (remaining !== undefined && remaining >= 0 && !ticket?.blind) {
        const believed = ticket ? ticket.tokensAfter - (this.#corrected - ticket.corrected) : this.#tokens;
        const over = believed - (remaining + 1);
        if (over > 0) {
          this.#tokens -= over;
          this.#corrected += over;
        }
      }
    }
    if (status !== 429) return undefined;
    this.stats.throttled++;
    const raw = headers['retry-after'];
    const hinted = parseRetryAfter(Array.isArray(raw) ? raw[0] : raw, now);
    this.#tokens = Math.min(this.#tokens, 0);
    if (hinted === undefined) return undefined;
    this.#pausedUntil = Math.max(this.#pausedUntil, now + hinted);
    return Math.min(Math.round(hinted + (this.#random() * hinted) / 2), Math.max(hinted, maxWaitMs));
  }

  /** One token stays in reserve: our view of the server's bucket may be up to one token too rosy. */
  #hasToken(): boolean {
    return !this.#enforcing || this.#tokens >= Math.min(2, this.#capacity);
  }

  #take(): RateTicket {
    if (this.#enforcing) this.#tokens -= 1;
    else this.#blindOutstanding++;
    this.stats.granted++;
    return { tokensAfter: this.#tokens, corrected: this.#corrected, blind: !this.#enforcing };
  }

  #refill(): void {
    const now = this.#clock.now();
    const elapsed = now - this.#refilledAt;
    if (elapsed > 0) {
      this.#tokens = Math.min(this.#capacity, this.#tokens + elapsed * this.#ratePerMs);
      this.#refilledAt = now;
    }
  }

  /** One loop hands out tokens to the queue in order, sleeping until the next one is due. */
  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#queue.length > 0) {
        this.#refill();
        const now = this.#clock.now();
        let waitMs = Math.max(0, this.#pausedUntil - now);
        if (waitMs === 0 && !this.#hasToken())
          waitMs = Math.ceil((Math.min(2, this.#capacity) - this.#tokens) / this.#ratePerMs);
        if (waitMs > 0) {
          await this.#clock.sleep(waitMs);
          continue;
        }
        const ticket = this.#take();
        const waiter = this.#queue.shift()!;
        if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
        waiter.resolve(ticket);
      }
    } finally {
      this.#pumping = false;
    }
  }
}

const shared = new Map<string, RateLimiter>();

/**
 * The limiter of one identity (access key id) at one API origin, shared by every client in this process.
 * Options apply when the limiter is first created.
 */
export function sharedRateLimiter(origin: string, identity: string, options?: RateLimitOptions): RateLimiter {
  const key = `${origin}\n${identity}`;
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = new RateLimiter(options);
    shared.set(key, limiter);
  }
  return limiter;
}

function numberHeader(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(text)) return undefined;
  return Number(text);
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw new ConfigError('invalid_rate_limit', `rate limit ${name} must be a number above 0, got ${value}`);
  return value;
}
