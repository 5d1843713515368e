import {
  DAY_MS,
  type Disposition,
  type Escalation,
  escalationFor,
  type RotationMetadata,
  type RotationPolicy,
  type RotationResult,
} from '@keyroll/core';

/** The event name of the escalation log line; the Terraform alert rule queries it. */
export const ESCALATION_EVENT = 'keyroll.escalation';

export interface EscalationInput {
  /** `https://<vault>.vault.azure.net/secrets/<name>` */
  target: string;
  /** The run's result, or what it threw. */
  outcome: RotationResult | unknown;
  disposition: Disposition;
  /** The rotation metadata in the current version's tags. */
  metadata: RotationMetadata;
  /** Key Vault's own `exp` of the current version. */
  vaultExpiresOn?: Date;
  policy: RotationPolicy;
  now: number;
}

/** Decides whether one secret's sweep outcome raises `keyroll.escalation`. */
export interface EscalationCheck {
  assess(input: EscalationInput): Promise<Escalation | undefined>;
}

/**
 * The shared rule (core `escalationFor`: N failures in a row, a key expiring within D days that was not
 * rotated, needs attention), fed from the secret's tags; the key's expiry falls back to Key Vault's
 * `exp` (earlier than the key's by the margin). Until the engine writes the failure count into the
 * metadata, a failed run whose rotation is overdue by more than a day counts as failing in a row:
 * the sweep has retried it hourly since it fell due.
 */
export function sharedEscalation(overdueForDays = 1): EscalationCheck {
  return {
    async assess({ target, outcome, disposition, metadata, vaultExpiresOn, policy, now }) {
      const result = isResult(outcome) ? outcome : undefined;
      const facts = {
        ...(metadata.serviceAccount && { serviceAccount: metadata.serviceAccount }),
        ...((metadata.keyExpiresOn ?? vaultExpiresOn) && {
          keyExpiresOn: metadata.keyExpiresOn ?? vaultExpiresOn!.toISOString(),
        }),
        lastFailure: `${new Date(now).toISOString()} ${disposition.kind}${result?.reason ? ` ${result.reason}` : ''}`,
      };
      const shared = escalationFor({ target, metadata: facts, policy, now, ...(result && { result }) });
      if (shared) return shared;
      const failed = disposition.alert !== 'none';
      const rotatedAt = Date.parse(metadata.rotatedAt ?? '');
      if (
        failed &&
        !Number.isNaN(rotatedAt) &&
        now - rotatedAt > (policy.rotateAfterDays + overdueForDays) * DAY_MS
      ) {
        return {
          event: 'keyroll.escalation',
          cause: 'consecutive_failures',
          target,
          consecutiveFailures: policy.escalateAfterFailures,
          ...facts,
        };
      }
      return undefined;
    },
  };
}

function isResult(value: unknown): value is RotationResult {
  return typeof value === 'object' && value !== null && 'outcome' in value && !(value instanceof Error);
}
