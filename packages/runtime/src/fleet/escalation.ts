import type { Escalation } from '@keyroll/core';
import type { FleetItem } from './run.ts';

/**
 * Whether one account of a fleet run raises keyroll.escalation, the same way for every deployment's sweep:
 * the engine's own decision on the result (core `escalationFor`: failures in a row, a key expiring soon
 * that was not rotated, needs attention), or — when the account stopped before the engine could decide
 * (its primary unreadable, an unexpected error) — needs_attention for what the outcome table sends to a
 * person (exit code 3).
 */
export function fleetEscalation(item: FleetItem): Escalation | undefined {
  if (item.result) return item.result.escalation;
  if (item.exitCode !== 3) return undefined;
  return {
    event: 'keyroll.escalation',
    cause: 'needs_attention',
    target: item.primary,
    consecutiveFailures: 0,
    lastFailure: item.error?.code ?? item.outcome,
  };
}
