import { DAY_MS } from '../clock.ts';
import type { RotationResult } from '../engine/types.ts';
import type { RotationPolicy } from '../policy.ts';

/**
 * When a person must hear about a secret, beyond one failed run: `keyroll.escalation`. Deployments turn
 * it into platform alerts (a failed sweep invocation, an alert rule on the event, a notification).
 */
export type EscalationCause = 'consecutive_failures' | 'expiring_key' | 'needs_attention';

export interface Escalation {
  event: 'keyroll.escalation';
  cause: EscalationCause;
  target: string;
  serviceAccount?: string;
  consecutiveFailures: number;
  lastFailure?: string;
  keyExpiresOn?: string;
}

/** What escalation reads about a secret: its rotation metadata plus the failure bookkeeping. */
export interface EscalationFacts {
  serviceAccount?: string;
  /** ISO-8601 expiry of the current key. */
  keyExpiresOn?: string;
  /** Failed rotations in a row (rolled back or needing attention); 0 or absent after a success. */
  consecutiveFailures?: number;
  /** One line on the last failure: ISO time, outcome and reason; never a value. */
  lastFailure?: string;
}

/** The failure count after a run: it resets on success; skips leave it alone. */
export function nextFailureCount(previous: EscalationFacts, result: Pick<RotationResult, 'outcome'>): number {
  if (result.outcome === 'rotated') return 0;
  if (result.outcome === 'rolled_back' || result.outcome === 'needs_attention') {
    return (previous.consecutiveFailures ?? 0) + 1;
  }
  return previous.consecutiveFailures ?? 0;
}

/**
 * Decides whether a run (or a sweep's look at a secret) escalates. `metadata` is the target's rotation
 * metadata after the run's bookkeeping; `result` is the run, if there was one.
 */
export function escalationFor(input: {
  target: string;
  metadata: EscalationFacts;
  policy: Pick<RotationPolicy, 'escalateAfterFailures' | 'escalateExpiryDays'>;
  now: number;
  result?: Pick<RotationResult, 'outcome' | 'serviceAccount'>;
}): Escalation | undefined {
  const { metadata, policy, now, result } = input;
  const failures = metadata.consecutiveFailures ?? 0;
  const base = {
    event: 'keyroll.escalation' as const,
    target: input.target,
    consecutiveFailures: failures,
    ...((result?.serviceAccount ?? metadata.serviceAccount)
      ? { serviceAccount: result?.serviceAccount ?? metadata.serviceAccount }
      : {}),
    ...(metadata.lastFailure ? { lastFailure: metadata.lastFailure } : {}),
    ...(metadata.keyExpiresOn ? { keyExpiresOn: metadata.keyExpiresOn } : {}),
  };
  if (result?.outcome === 'needs_attention') return { ...base, cause: 'needs_attention' };
  if (failures >= policy.escalateAfterFailures) return { ...base, cause: 'consecutive_failures' };
  const expires = metadata.keyExpiresOn ? Date.parse(metadata.keyExpiresOn) : Number.NaN;
  const rotatedNow = result?.outcome === 'rotated';
  if (!rotatedNow && Number.isFinite(expires) && expires - now <= policy.escalateExpiryDays * DAY_MS) {
    return { ...base, cause: 'expiring_key' };
  }
  return undefined;
}
