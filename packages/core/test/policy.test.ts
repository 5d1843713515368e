import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  ConfigError,
  createLogger,
  DAY_MS,
  IssuerError,
  memorySink,
  parseRetryAfter,
  Redactor,
  resolvePolicy,
  retry,
  rotationDue,
} from '../src/index.ts';

const recordingClock = () => {
  const sleeps: number[] = [];
  return { sleeps, clock: { now: () => 0, sleep: async (ms: number) => void sleeps.push(ms) } };
};

describe('retry policy', () => {
  it('backs off exponentially with jitter between half and the full step, capped', () => {
    const policy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(1, policy, () => 0)).toBe(50);
    expect(backoffDelay(1, policy, () => 0.999)).toBe(100);
    expect(backoffDelay(3, policy, () => 0)).toBe(200);
    expect(backoffDelay(8, policy, () => 0.999)).toBe(1000);
  });

  it('retries retryable errors, honours Retry-After, and stops at maxAttempts', async () => {
    const { sleeps, clock } = recordingClock();
    let calls = 0;
    const err429 = new IssuerError('http_429', 'rate limited', {
      category: 'rate_limited',
      retryAfterMs: 7000,
    });
    const err503 = new IssuerError('http_503', 'unavailable', { category: 'unavailable' });
    const result = await retry(
      async () => {
        calls++;
        if (calls === 1) throw err429;
        if (calls === 2) throw err503;
        return 'ok';
      },
      { clock, random: () => 0, baseDelayMs: 100 },
    );
    expect(result).toBe('ok');
    expect(sleeps).toEqual([7000, 100]);
    await expect(retry(async () => Promise.reject(err503), { clock, maxAttempts: 3 })).rejects.toBe(err503);
  });

  it('does not retry errors that are not retryable, nor wait for a Retry-After beyond the cap', async () => {
    const { sleeps, clock } = recordingClock();
    const auth = new IssuerError('invalid_credentials', 'no', { category: 'auth' });
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          throw auth;
        },
        { clock },
      ),
    ).rejects.toBe(auth);
    expect(calls).toBe(1);
    const long = new IssuerError('http_429', 'later', { category: 'rate_limited', retryAfterMs: 3_600_000 });
    await expect(retry(async () => Promise.reject(long), { clock })).rejects.toBe(long);
    expect(sleeps).toEqual([]);
  });

  it('parses Retry-After seconds and dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(
      parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')),
    ).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

describe('redaction', () => {
  it('masks registered secrets anywhere, sensitive fields, and JWTs', () => {
    const sink = memorySink();
    const log = createLogger({ sink, level: 'debug' });
    log.redactor.add('s3cr3t-value-abc');
    log.info('login with s3cr3t-value-abc failed', {
      nested: { text: 'x s3cr3t-value-abc y', secretKey: 'another-unregistered-secret' },
      token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4eHh4eHh4In0.c2lnbmF0dXJlLXNpZw',
      error: new Error('boom s3cr3t-value-abc'),
    });
    const text = JSON.stringify(sink.records);
    expect(text).not.toContain('s3cr3t-value-abc');
    expect(text).not.toContain('another-unregistered-secret');
    expect(text).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(text).toContain('[REDACTED]');
  });

  it('masks fields that hold secrets but keeps fields about them', () => {
    const out = new Redactor().redact({
      secretName: 'prisma-key',
      secretId: 'projects/p/secrets/s',
      secretKey: 'abc12345678',
      password: 'hunter2hunter2',
      accessToken: 'tok-123456789',
      PRISMA_CLOUD_PASS: 'pass-123456789',
      tokenRefreshAfterMs: 480000,
      secret: 'prisma-ci-key',
      clientSecret: 'azure-client-secret-1',
    });
    expect(out).toEqual({
      secret: 'prisma-ci-key',
      clientSecret: '[REDACTED]',
      secretName: 'prisma-key',
      secretId: 'projects/p/secrets/s',
      secretKey: '[REDACTED]',
      password: '[REDACTED]',
      accessToken: '[REDACTED]',
      PRISMA_CLOUD_PASS: '[REDACTED]',
      tokenRefreshAfterMs: 480000,
    });
  });

  it('escapes control characters in every string it returns, and masks whole secrets only', () => {
    const r = new Redactor();
    r.add('registered-secret-1234');
    expect(r.redact({ name: 'k\u001b[2J\r\nOK\u202e', note: 'x registered-secret-1234 y' })).toEqual({
      name: 'k\\x1b[2J\\r\\nOK\\u202e',
      note: 'x [REDACTED] y',
    });
  });

  it('ignores very short strings so ordinary text is not mangled', () => {
    const r = new Redactor();
    r.add('abc');
    expect(r.redactString('abc def')).toBe('abc def');
  });
});

describe('rotation policy', () => {
  it('applies defaults and rejects unknown or invalid settings', () => {
    expect(resolvePolicy().validityDays).toBe(90);
    expect(() => resolvePolicy({ keyLimit: 3 as 2 })).toThrow(ConfigError);
    expect(() => resolvePolicy({ validityDay: 1 } as never)).toThrow(/invalid rotation policy/);
  });

  it('is due by age, by approaching expiry, or when expired', () => {
    const policy = resolvePolicy({ rotateAfterDays: 60, renewBeforeExpiryDays: 30 });
    const now = 1_000 * DAY_MS;
    const key = (ageDays: number, expiresInDays?: number) => ({
      id: 'k',
      name: 'k',
      status: 'active' as const,
      owner: 'sa',
      createdAt: new Date(now - ageDays * DAY_MS),
      ...(expiresInDays === undefined ? {} : { expiresOn: new Date(now + expiresInDays * DAY_MS) }),
    });
    expect(rotationDue(key(10), policy, now)).toBeUndefined();
    expect(rotationDue(key(61), policy, now)).toBe('age');
    expect(rotationDue(key(10, 20), policy, now)).toBe('expiry');
    expect(rotationDue(key(10, -1), policy, now)).toBe('expired');
  });
});
