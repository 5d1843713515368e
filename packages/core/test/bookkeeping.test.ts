import { describe, expect, it } from 'vitest';
import { decodeBookkeeping, encodeBookkeeping } from '../src/index.ts';

describe('failure bookkeeping as one tag value', () => {
  it('round-trips a count and the last failure', () => {
    const b = { consecutiveFailures: 2, lastFailure: '2026-11-29T14:00:00.000Z rolled_back verify_failed' };
    expect(encodeBookkeeping(b)).toBe('2 2026-11-29T14:00:00.000Z rolled_back verify_failed');
    expect(decodeBookkeeping(encodeBookkeeping(b))).toEqual(b);
    expect(decodeBookkeeping(encodeBookkeeping({ consecutiveFailures: 3 }))).toEqual({
      consecutiveFailures: 3,
    });
  });

  it('records nothing after a success (count 0, no failure)', () => {
    expect(encodeBookkeeping({ consecutiveFailures: 0 })).toBeUndefined();
    expect(encodeBookkeeping({})).toBeUndefined();
    expect(encodeBookkeeping(undefined)).toBeUndefined();
  });

  it('keeps only characters every tag store accepts, and at most 256 of them', () => {
    const text = encodeBookkeeping({ consecutiveFailures: 1, lastFailure: `a;b(c)\n${'x'.repeat(400)}` })!;
    expect(text).toMatch(/^1 a_b_c__x+$/);
    expect(text).toHaveLength(256);
  });

  it('ignores a value edited by hand', () => {
    expect(decodeBookkeeping('many')).toBeUndefined();
    expect(decodeBookkeeping('')).toBeUndefined();
    expect(decodeBookkeeping(undefined)).toBeUndefined();
  });
});
