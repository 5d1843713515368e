import type { Clock } from '@keyroll/core';

/** The simulator only needs to read time; tests usually share one ManualClock with the client. */
export interface SimClock {
  now(): number;
}

/**
 * A clock that moves only when told. `sleep` advances time instantly, so a client's backoff or a
 * token's ten-minute lifetime take no real time in tests, and the slept durations can be inspected.
 */
export class ManualClock implements SimClock, Clock {
  private current: number;
  /** Every duration passed to sleep(), in order (lets tests check backoff and Retry-After). */
  readonly sleeps: number[] = [];

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    if (ms < 0) throw new Error('ManualClock cannot go backwards');
    this.current += ms;
  }

  set(ms: number): void {
    this.current = ms;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
    this.current += Math.max(0, ms);
  }
}
