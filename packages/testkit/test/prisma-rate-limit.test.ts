import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, type PrismaSimulator, startPrismaSimulator } from '../src/prisma/index.ts';

/** The simulator's per-user rate limit, over raw HTTP (no client, no client-side limiter). */
describe('Prisma simulator rate limit (per user, tenant-wide)', () => {
  let sim: PrismaSimulator;
  afterEach(async () => sim.close());

  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${sim.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { 'x-redlock-auth': token } : {}) },
      body: JSON.stringify(body),
    });
  const get = (path: string, token: string) =>
    fetch(`${sim.url}${path}`, { headers: { 'x-redlock-auth': token } });

  it('shares one bucket between all tokens of a user, sends the headers, and answers 429 when empty', async () => {
    const clock = new ManualClock();
    sim = await startPrismaSimulator({ clock, rateLimit: { ratePerSecond: 2, burst: 3 } });
    const cred = sim.addServiceAccount('sa');
    const other = sim.addServiceAccount('other');
    const login = async (c: typeof cred) =>
      (
        (await (await post('/login', { username: c.accessKeyId, password: c.secretKey })).json()) as {
          token: string;
        }
      ).token;
    const t1 = await login(cred); // 1 of 3
    const t2 = await login(cred); // 2 of 3: a second token, same user
    const ok = await get('/user/me', t1); // 3 of 3
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-ratelimit-burst-capacity')).toBe('3');
    expect(ok.headers.get('x-ratelimit-replenish-rate')).toBe('2');
    expect(ok.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(ok.headers.get('x-ratelimit-requested-tokens')).toBe('1');
    const limited = await get('/access_keys', t2);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('x-redlock-status')).toBeNull();
    // Another user has a bucket of its own.
    expect((await get('/user/me', await login(other))).status).toBe(200);
    // Half a second refills one token.
    clock.advance(500);
    expect((await get('/user/me', t2)).status).toBe(200);
    expect((await get('/user/me', t2)).status).toBe(429);
    expect(sim.rateLimit!.throttled.get('sa')).toBe(2);
    expect(sim.rateLimit!.granted.get('sa')).toBe(4);
  });

  it('is off unless asked for', async () => {
    sim = await startPrismaSimulator();
    const cred = sim.addServiceAccount('sa');
    const res = await post('/login', { username: cred.accessKeyId, password: cred.secretKey });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-remaining')).toBeNull();
    expect(sim.rateLimit).toBeUndefined();
  });
});
