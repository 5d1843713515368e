import { describe, expect, it } from 'vitest';
import { escalationFor, nextFailureCount, resolvePolicy } from '../src/index.ts';

const policy = resolvePolicy({});
const now = Date.parse('2026-11-29T12:00:00Z');
const inDays = (d: number) => new Date(now + d * 86_400_000).toISOString();

describe('escalation (keyroll.escalation)', () => {
  it('counts failures in a row and resets on success; skips leave the count alone', () => {
    expect(nextFailureCount({}, { outcome: 'rolled_back' })).toBe(1);
    expect(nextFailureCount({ consecutiveFailures: 2 }, { outcome: 'needs_attention' })).toBe(3);
    expect(nextFailureCount({ consecutiveFailures: 2 }, { outcome: 'skipped' })).toBe(2);
    expect(nextFailureCount({ consecutiveFailures: 2 }, { outcome: 'rotated' })).toBe(0);
  });

  it('fires at the third failure in a row (policy), not before', () => {
    const at = (n: number) =>
      escalationFor({
        target: 't',
        metadata: { consecutiveFailures: n, keyExpiresOn: inDays(60) },
        policy,
        now,
      });
    expect(at(2)).toBeUndefined();
    expect(at(3)).toMatchObject({
      event: 'keyroll.escalation',
      cause: 'consecutive_failures',
      consecutiveFailures: 3,
    });
    const lenient = { ...policy, escalateAfterFailures: 5 };
    expect(
      escalationFor({ target: 't', metadata: { consecutiveFailures: 3 }, policy: lenient, now }),
    ).toBeUndefined();
  });

  it('fires for a key expiring within 14 days that was not rotated, and for any needs_attention', () => {
    expect(escalationFor({ target: 't', metadata: { keyExpiresOn: inDays(10) }, policy, now })?.cause).toBe(
      'expiring_key',
    );
    expect(
      escalationFor({ target: 't', metadata: { keyExpiresOn: inDays(20) }, policy, now }),
    ).toBeUndefined();
    expect(
      escalationFor({
        target: 't',
        metadata: { keyExpiresOn: inDays(10) },
        policy,
        now,
        result: { outcome: 'rotated' },
      }),
    ).toBeUndefined();
    expect(
      escalationFor({
        target: 't',
        metadata: {},
        policy,
        now,
        result: { outcome: 'needs_attention' },
      })?.cause,
    ).toBe('needs_attention');
  });
});
