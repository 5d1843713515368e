import { DAY_MS, type Disposition, type RotationMetadata, type RotationPolicy } from '@keyroll/core';
import type { EscalationData } from '@keyroll/runtime';

/** The event name of the escalation log line; the Terraform alert rule queries it. */
export const ESCALATION_EVENT = 'keyroll.escalation';

export interface EscalationInput {
  /** `https://<vault>.vault.azure.net/secrets/<name>` */
  target: string;
  disposition: Disposition;
  /** The rotation metadata in the current version's tags. */
  metadata: RotationMetadata;
  /** Key Vault's own `exp` of the current version. */
  vaultExpiresOn?: Date;
  policy: RotationPolicy;
  now: number;
}

/**
 * Decides whether one secret's sweep outcome raises `keyroll.escalation`. A small seam, so shared
 * escalation bookkeeping (consecutive-failure counts kept by the runtime) can replace the default.
 */
export interface EscalationCheck {
  assess(input: EscalationInput): Promise<EscalationData | undefined>;
}

/**
 * The default, stateless: a failed rotation (an outcome whose alert is "escalation") escalates when
 * waiting for the next run is no longer harmless — the key expires within `expiringWithinDays`, or its
 * rotation has been overdue for more than `overdueForDays` (so it has failed run after run since).
 * Immediate alerts (needs attention, unexpected) already fail the run and are not repeated here.
 */
export function overdueOrExpiring(expiringWithinDays = 7, overdueForDays = 1): EscalationCheck {
  return {
    async assess({ target, disposition, metadata, vaultExpiresOn, policy, now }) {
      if (disposition.alert !== 'escalation') return undefined;
      const keyExpires = Date.parse(metadata.keyExpiresOn ?? '');
      const expiresAt = Number.isNaN(keyExpires) ? vaultExpiresOn?.getTime() : keyExpires;
      const base = {
        target,
        ...(metadata.serviceAccount && { serviceAccount: metadata.serviceAccount }),
        lastFailure: `${disposition.kind}`,
      };
      if (expiresAt !== undefined && expiresAt - now <= expiringWithinDays * DAY_MS) {
        return { ...base, cause: 'expiring_key', keyExpiresOn: new Date(expiresAt).toISOString() };
      }
      const rotatedAt = Date.parse(metadata.rotatedAt ?? '');
      if (!Number.isNaN(rotatedAt) && now - rotatedAt > (policy.rotateAfterDays + overdueForDays) * DAY_MS) {
        return { ...base, cause: 'consecutive_failures' };
      }
      return undefined;
    },
  };
}
