import { ManualClock } from '@keyroll/testkit';
import { describe, expect, it } from 'vitest';
import { GITHUB_WRITE_LIMITS, scaleLimits, WriteLimiter } from '../src/index.ts';

/**
 * The write limiter's pacing on a clock that moves only when slept on: the start times it grants are
 * exact, so the test checks the schedule itself (no timing asserts).
 */
async function startTimes(limiter: WriteLimiter, clock: ManualClock, n: number): Promise<number[]> {
  const t0 = clock.now();
  const starts: number[] = [];
  for (let i = 0; i < n; i++) await limiter.schedule(async () => starts.push(clock.now() - t0));
  return starts;
}

describe('WriteLimiter', () => {
  it("spaces writes one second apart with GitHub's limits", async () => {
    const clock = new ManualClock();
    const starts = await startTimes(new WriteLimiter(GITHUB_WRITE_LIMITS, clock), clock, 5);
    expect(starts).toEqual([0, 1000, 2000, 3000, 4000]);
  });

  it('never starts more than 80 writes in any minute, nor 500 in any hour', async () => {
    const clock = new ManualClock();
    // No spacing: only the windows hold writes back.
    const limiter = new WriteLimiter({ ...GITHUB_WRITE_LIMITS, intervalMs: 0 }, clock);
    const starts = await startTimes(limiter, clock, 520);
    const most = (windowMs: number) =>
      Math.max(...starts.map((t) => starts.filter((u) => u >= t && u < t + windowMs).length));
    expect(most(60_000)).toBe(80);
    expect(most(3_600_000)).toBe(500);
    // Bursts of 80, then the next minute; the 501st waits for the hour.
    expect(starts[79]).toBe(0);
    expect(starts[80]).toBe(60_000);
    expect(starts[500]).toBe(3_600_000);
  });

  it('hands out starts in call order to concurrent callers, each one interval after the last', () => {
    const clock = new ManualClock();
    const limiter = new WriteLimiter(GITHUB_WRITE_LIMITS, clock);
    expect([limiter.reserve(), limiter.reserve(), limiter.reserve()]).toEqual([0, 1000, 2000]);
    clock.advance(10_000); // idle time is not banked into a burst
    expect([limiter.reserve(), limiter.reserve()]).toEqual([0, 1000]);
  });

  it('scales every duration for benchmarks, keeping the limits', async () => {
    const scaled = scaleLimits(GITHUB_WRITE_LIMITS, 50);
    expect(scaled).toEqual({
      intervalMs: 20,
      windows: [
        { ms: 1200, max: 80 },
        { ms: 72_000, max: 500 },
      ],
    });
    const clock = new ManualClock();
    expect(await startTimes(new WriteLimiter(scaled, clock), clock, 3)).toEqual([0, 20, 40]);
  });

  it('widens the fan-out to what keeps the pace busy while writes are answered', () => {
    const limiter = new WriteLimiter(GITHUB_WRITE_LIMITS, new ManualClock());
    expect(limiter.fanOutWidth()).toBe(4); // nothing observed yet
    limiter.observe(300);
    expect(limiter.fanOutWidth()).toBe(2); // answers well within a second: the next one is enough
    for (let i = 0; i < 30; i++) limiter.observe(2600);
    expect(limiter.fanOutWidth()).toBe(7); // ~2.6 s answers: ceil(2 × 2.6 s / 1 s) + 1 in flight
  });

  it('rejects nonsense limits', () => {
    expect(() => new WriteLimiter({ intervalMs: -1, windows: [] })).toThrow(RangeError);
    expect(() => new WriteLimiter({ intervalMs: 1000, windows: [{ ms: 0, max: 1 }] })).toThrow(RangeError);
  });
});
