import { isKeyrollError } from '@keyroll/core';
import { ManualClock } from '@keyroll/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { type PrismaCloudClient, RateLimiter } from '../src/index.ts';
import { type Harness, startHarness } from './helpers.ts';

const headers = (burst: number, rate: number, remaining: number) => ({
  'x-ratelimit-burst-capacity': String(burst),
  'x-ratelimit-replenish-rate': String(rate),
  'x-ratelimit-remaining': String(remaining),
});

/** Acquires `n` tokens one after the other and returns the simulated time it took. */
async function timeFor(limiter: RateLimiter, clock: ManualClock, n: number): Promise<number> {
  const start = clock.now();
  await Promise.all(Array.from({ length: n }, () => limiter.acquire()));
  return clock.now() - start;
}

describe('RateLimiter (token bucket on a manual clock)', () => {
  it('lets a burst through, then paces at the configured rate', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ ratePerSecond: 10, burst: 5, clock });
    // 4 from the bucket (one token stays in reserve), 11 more at 100 ms each.
    expect(await timeFor(limiter, clock, 15)).toBe(1100);
    expect(limiter.stats.granted).toBe(15);
  });

  it('does not hold calls back before it knows a limit, then adopts the server headers', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock });
    const start = clock.now();
    const tickets = await Promise.all(Array.from({ length: 50 }, () => limiter.acquire()));
    expect(clock.now() - start).toBe(0);
    for (const t of tickets) limiter.observe(200, {}, undefined, t);
    limiter.observe(200, headers(4, 20, 3));
    expect([limiter.capacity, limiter.ratePerSecond]).toEqual([4, 20]);
    // 3 left: 2 at once (one in reserve), then one every 50 ms.
    expect(await timeFor(limiter, clock, 7)).toBe(250);
  });

  it('counts requests sent before it knew the limit as spent until their answers arrive', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock });
    const blind = await Promise.all(Array.from({ length: 5 }, () => limiter.acquire()));
    // The first answer: 9 left at the server, but 4 more blind requests may not have arrived yet.
    limiter.observe(200, headers(10, 10, 9), undefined, blind[0]);
    expect(await timeFor(limiter, clock, 4)).toBe(0);
    expect(await timeFor(limiter, clock, 1)).toBe(100);
  });

  it('believes a lower Remaining (another process shares the budget) but keeps its fraction', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ ratePerSecond: 10, burst: 10, clock });
    limiter.observe(200, headers(10, 10, 0));
    expect(await timeFor(limiter, clock, 1)).toBe(100);
    // A higher Remaining never adds tokens.
    limiter.observe(200, headers(10, 10, 10));
    expect(await timeFor(limiter, clock, 1)).toBe(100);
  });

  it('a 429 pauses every waiter until Retry-After and returns a jittered wait for the throttled call', async () => {
    const clock = new ManualClock();
    let r = 0;
    const limiter = new RateLimiter({ ratePerSecond: 100, burst: 1, clock, random: () => (r++ % 4) / 4 });
    const waits = [0, 1, 2, 3].map(() => limiter.observe(429, { 'retry-after': '2' }));
    // Spread over [2 s, 3 s): the throttled calls do not come back as one wave.
    expect(waits).toEqual([2000, 2250, 2500, 2750]);
    expect(limiter.stats.throttled).toBe(4);
    expect(await timeFor(limiter, clock, 1)).toBe(2000);
    // The jitter never exceeds what the retry policy accepts.
    expect(limiter.observe(429, { 'retry-after': '100' }, 120_000)).toBeLessThanOrEqual(120_000);
  });

  it('leaves a 429 without Retry-After to the retry policy (jittered exponential backoff)', () => {
    const limiter = new RateLimiter({ clock: new ManualClock() });
    expect(limiter.observe(429, {})).toBeUndefined();
  });

  it('refuses nonsense numbers with a configuration error', () => {
    let err: unknown;
    try {
      new RateLimiter({ ratePerSecond: 0 });
    } catch (e) {
      err = e;
    }
    expect(isKeyrollError(err) && err.category === 'config').toBe(true);
  });

  it('an aborted wait leaves the queue', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ ratePerSecond: 1, burst: 1, clock });
    await limiter.acquire();
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(limiter.acquire(ac.signal)).rejects.toThrow('stop');
  });
});

describe('many sessions of one identity against the rate-limited simulator', () => {
  let h: Harness;
  const clients: PrismaCloudClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await h.sim.close();
  });

  async function run(rateLimit: false | undefined): Promise<{ throttled: number; calls: number }> {
    // Simulated time: the limiter's sleeps move the clock the simulator refills its buckets by.
    h = await startHarness({ rateLimit: { ratePerSecond: 20, burst: 10 } });
    const admin = h.sim.addServiceAccount('admin', { admin: true });
    for (let i = 0; i < 8; i++)
      clients.push(await h.login(admin, rateLimit === false ? { rateLimit: false } : {}));
    // 8 sessions × 25 calls, all at once.
    await Promise.all(
      clients.map(async (c) => {
        for (let i = 0; i < 25; i++) await (i % 2 ? c.me() : c.listAccessKeys());
      }),
    );
    return { throttled: h.sim.rateLimit!.throttledTotal, calls: h.sim.requestCount() };
  }

  it('stay under the per-user limit: no 429 at all', async () => {
    const { throttled, calls } = await run(undefined);
    expect(calls).toBe(8 + 200);
    expect(throttled).toBe(0);
    // Every answer carried the headers the limiter adapts to.
    expect(h.sim.requests.every((r) => r.status === 200)).toBe(true);
  });

  it('without the limiter the same load is throttled (the test can fail)', async () => {
    const { throttled } = await run(false);
    expect(throttled).toBeGreaterThan(0);
  });
});
