import { type Clock, systemClock } from '@keyroll/core';

/**
 * GitHub's documented limits for content-creating requests (POST, PATCH, PUT, DELETE): "about one per
 * second", at most 80 a minute and 500 an hour (secondary rate limits; exceeding them answers 403/429).
 * Reads do not count against these.
 */
export interface WriteLimits {
  /** Minimum spacing of write starts. */
  intervalMs: number;
  /** At most `max` starts in any `ms`-long window. */
  windows: ReadonlyArray<{ ms: number; max: number }>;
}

export const GITHUB_WRITE_LIMITS: WriteLimits = {
  intervalMs: 1000,
  windows: [
    { ms: 60_000, max: 80 },
    { ms: 3_600_000, max: 500 },
  ],
};

/** The same limits on a shorter time scale (benchmarks against a fake: divide every duration by `factor`). */
export function scaleLimits(limits: WriteLimits, factor: number): WriteLimits {
  return {
    intervalMs: limits.intervalMs / factor,
    windows: limits.windows.map((w) => ({ ms: w.ms / factor, max: w.max })),
  };
}

/**
 * Paces writes: each `schedule` call reserves the earliest start that keeps every limit, in call order
 * (FIFO), then waits for it. One limiter is shared by every write of a process (see sharedWriteLimiter), so
 * a fan-out to many repositories, retries and metadata writes all draw from the same budget.
 */
export class WriteLimiter {
  /** Reserved start times, oldest first, kept for the longest window. */
  private readonly starts: number[] = [];
  private last = Number.NEGATIVE_INFINITY;
  /** Smoothed duration of recent requests (reads and writes), for fanOutWidth. */
  private latencyMs: number | undefined;

  constructor(
    readonly limits: WriteLimits = GITHUB_WRITE_LIMITS,
    private readonly clock: Clock = systemClock,
  ) {
    if (!(limits.intervalMs >= 0) || limits.windows.some((w) => !(w.ms > 0) || !(w.max >= 1))) {
      throw new RangeError('write limits need an interval ≥ 0 and windows with ms > 0 and max ≥ 1');
    }
  }

  /** Runs `work` at the next start the limits allow. */
  async schedule<T>(work: () => Promise<T>): Promise<T> {
    const wait = this.reserve();
    if (wait > 0) await this.clock.sleep(wait);
    return work();
  }

  /** Reserves the next start and returns how long to wait for it, ms. */
  reserve(): number {
    const now = this.clock.now();
    let start = Math.max(now, this.last + this.limits.intervalMs);
    for (const w of this.limits.windows) {
      // The window ending at `start` may hold at most max-1 earlier starts: wait for the max-th latest to age out.
      const nth = this.starts[this.starts.length - w.max];
      if (nth !== undefined) start = Math.max(start, nth + w.ms);
    }
    this.last = start;
    this.starts.push(start);
    const longest = Math.max(...this.limits.windows.map((w) => w.ms));
    while (this.starts.length > 0 && this.starts[0]! <= start - longest) this.starts.shift();
    return start - now;
  }

  /** Feeds the duration of one finished request (any method). */
  observe(durationMs: number): void {
    this.latencyMs =
      this.latencyMs === undefined ? durationMs : 0.8 * this.latencyMs + 0.2 * Math.max(0, durationMs);
  }

  /**
   * How many writes a fan-out should keep going at once so the limiter never waits on a slow answer and
   * nothing queues needlessly behind it: the writes that start while one is answered (a write is taken to
   * cost twice a typical request), plus one. `fallback` until a request has been observed.
   */
  fanOutWidth(fallback = 4, max = 32): number {
    if (this.latencyMs === undefined) return fallback;
    if (this.limits.intervalMs <= 0) return max;
    const width = Math.ceil((2 * this.latencyMs) / this.limits.intervalMs) + 1;
    return Math.min(max, Math.max(2, width));
  }
}

let shared: WriteLimiter | undefined;

/** The process-wide limiter with GitHub's limits: the default for every client. */
export function sharedWriteLimiter(): WriteLimiter {
  shared ??= new WriteLimiter(GITHUB_WRITE_LIMITS);
  return shared;
}
