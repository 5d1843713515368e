import { z } from 'zod';
import { DAY_MS, HOUR_MS } from './clock.ts';
import { ConfigError } from './errors.ts';
import type { IssuedKey } from './issuer.ts';

export const rotationPolicySchema = z
  .object({
    /** Lifetime of a new key in the issuer; 0 = no expiry. */
    validityDays: z.number().int().min(0).max(3650).default(90),
    /** Scheduled runs rotate keys at least this old. */
    rotateAfterDays: z.number().min(0).default(60),
    /** Scheduled runs also rotate keys that expire within this many days. */
    renewBeforeExpiryDays: z.number().min(0).default(30),
    /** Non-forced rotations skip keys younger than this (duplicate events, accidental double runs). */
    minAgeHours: z.number().min(0).default(24),
    /** The old key stays active this long after a rotation; a later run retires it. */
    graceHours: z.number().min(0).default(0),
    /**
     * Within the grace period, a later run retires the old key once Prisma Cloud has recorded no use of it
     * for this many minutes after the new key was stored (usage.ts). Unset: wait for the whole grace.
     */
    retireWhenUnusedMinutes: z.number().min(0).optional(),
    /** The vault's own expiry (Key Vault exp) is set this many days before the key expires. */
    vaultExpiryMarginDays: z.number().min(0).default(7),
    /** self: the key rotates itself; admin: a separate admin key manages the service account's keys. */
    mode: z.enum(['self', 'admin']).default('self'),
    /** Keys the service account's role allows (2 for most roles, 1 for some). */
    keyLimit: z.union([z.literal(1), z.literal(2)]).default(2),
    /** With keyLimit 1 the only way is delete-then-create, with downtime. Off unless chosen. */
    allowDeleteThenCreate: z.boolean().default(false),
    /** Lease of the rotation lock; also how young an active orphan must be to count as "in flight". */
    lockLeaseMinutes: z.number().positive().default(15),
    /** Attempts to log in with a new key while it propagates. */
    verifyAttempts: z.number().int().min(1).max(20).default(6),
    verifyBaseDelayMs: z.number().int().min(0).default(1000),
    /** keyroll.escalation after this many failed rotations in a row. */
    escalateAfterFailures: z.number().int().min(1).default(3),
    /** keyroll.escalation when the current key expires within this many days and was not rotated. */
    escalateExpiryDays: z.number().min(0).default(14),
  })
  .strict();

export type RotationPolicy = z.output<typeof rotationPolicySchema>;
export type RotationPolicyInput = z.input<typeof rotationPolicySchema>;

export function resolvePolicy(input: RotationPolicyInput = {}): RotationPolicy {
  const parsed = rotationPolicySchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError('invalid_policy', `invalid rotation policy: ${problems.join('; ')}`);
  }
  return parsed.data;
}

export type DueReason = 'age' | 'expiry' | 'expired';

/** Whether a scheduled run should rotate this key now, and why. */
export function rotationDue(key: IssuedKey, policy: RotationPolicy, now: number): DueReason | undefined {
  if (key.expiresOn && key.expiresOn.getTime() <= now) return 'expired';
  if (key.expiresOn && key.expiresOn.getTime() - now <= policy.renewBeforeExpiryDays * DAY_MS)
    return 'expiry';
  if (now - key.createdAt.getTime() >= policy.rotateAfterDays * DAY_MS) return 'age';
  return undefined;
}

export function isYoungerThanMinAge(key: IssuedKey, policy: RotationPolicy, now: number): boolean {
  return now - key.createdAt.getTime() < policy.minAgeHours * HOUR_MS;
}
