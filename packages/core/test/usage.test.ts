import { describe, expect, it } from 'vitest';
import { HOUR_MS, MINUTE_MS, oldKeyUsage } from '../src/index.ts';

/** Usage-aware retirement, the pure rule: keep a key a consumer still uses, retire a quiet one early. */
const T = Date.UTC(2026, 10, 29, 12);
const input = (over: { lastUsedAt?: number; now: number; m?: number; storedAt?: number }) =>
  oldKeyUsage({
    previous: {
      id: 'k-old',
      ...(over.lastUsedAt !== undefined ? { lastUsedAt: new Date(over.lastUsedAt) } : {}),
    },
    storedAt: over.storedAt ?? T,
    now: over.now,
    graceHours: 24,
    retireWhenUnusedMinutes: over.m,
  });

describe('oldKeyUsage', () => {
  it('reports a use after the store: a consumer has not switched; kept', () => {
    const u = input({ lastUsedAt: T + 7 * MINUTE_MS, now: T + 10 * MINUTE_MS });
    expect(u).toMatchObject({ verdict: 'keep', why: 'in_use', usedSinceStore: true });
    expect(u.message).toContain('old key k-old used 3 min ago: a consumer has not switched');
  });

  it('a use before (or at) the store does not count: keyroll itself logged in with it to rotate', () => {
    expect(input({ lastUsedAt: T, now: T + MINUTE_MS }).usedSinceStore).toBe(false);
    expect(input({ lastUsedAt: T - HOUR_MS, now: T + MINUTE_MS }).usedSinceStore).toBe(false);
  });

  it('without retireWhenUnusedMinutes the key stays until the grace ends, used or not', () => {
    expect(input({ now: T + 23 * HOUR_MS }).verdict).toBe('keep');
    expect(input({ now: T + 24 * HOUR_MS })).toMatchObject({ verdict: 'retire', why: 'grace_over' });
  });

  it('retires a key unused for M minutes after the store, before the grace ends', () => {
    expect(input({ now: T + 29 * MINUTE_MS, m: 30 }).verdict).toBe('keep');
    const u = input({ now: T + 30 * MINUTE_MS, m: 30 });
    expect(u).toMatchObject({ verdict: 'retire', why: 'unused', usedSinceStore: false });
    expect(u.retireAt).toBe(new Date(T + 30 * MINUTE_MS).toISOString());
  });

  it('counts M from the last use after the store: a slow consumer is not cut off', () => {
    const used = T + 2 * HOUR_MS;
    expect(input({ lastUsedAt: used, now: used + 29 * MINUTE_MS, m: 30 })).toMatchObject({
      verdict: 'keep',
      why: 'in_use',
    });
    expect(input({ lastUsedAt: used, now: used + 30 * MINUTE_MS, m: 30 })).toMatchObject({
      verdict: 'retire',
      why: 'unused',
    });
  });

  it('retires at the grace end at the latest, even while the key is still used', () => {
    const u = input({ lastUsedAt: T + 24 * HOUR_MS - MINUTE_MS, now: T + 24 * HOUR_MS, m: 30 });
    expect(u).toMatchObject({ verdict: 'retire', why: 'grace_over', usedSinceStore: true });
  });

  it('an unknown store time means the grace is over (as before: nothing to wait for)', () => {
    expect(input({ storedAt: Number.NaN, now: T }).verdict).toBe('retire');
  });
});
