import { en } from 'zod/locales';
import * as z from 'zod/mini';
import { DAY_MS, HOUR_MS } from './clock.ts';
import { ConfigError } from './errors.ts';
import type { IssuedKey } from './issuer.ts';

// zod/mini, not zod: every rotation validates its policy, and the classic API costs a one-shot CLI run
// about 100 ms of parsing (570 KiB) where mini's tree-shaken functions cost a few. Messages in English
// (mini loads no locale; classic zod sets the same one when something else imports it).
z.config(en());

const count = (min: number, max?: number) =>
  z.int().check(z.minimum(min), ...(max === undefined ? [] : [z.maximum(max)]));
const atLeast = (min: number) => z.number().check(z.minimum(min));

export const rotationPolicySchema = z.strictObject({
  /** Lifetime of a new key in the issuer; 0 = no expiry. */
  validityDays: z._default(count(0, 3650), 90),
  /** Scheduled runs rotate keys at least this old. */
  rotateAfterDays: z._default(atLeast(0), 60),
  /** Scheduled runs also rotate keys that expire within this many days. */
  renewBeforeExpiryDays: z._default(atLeast(0), 30),
  /** Non-forced rotations skip keys younger than this (duplicate events, accidental double runs). */
  minAgeHours: z._default(atLeast(0), 24),
  /** The old key stays active this long after a rotation; a later run retires it. */
  graceHours: z._default(atLeast(0), 0),
  /**
   * Within the grace period, a later run retires the old key once Prisma Cloud has recorded no use of it
   * for this many minutes after the new key was stored (usage.ts). Unset: wait for the whole grace.
   */
  retireWhenUnusedMinutes: z.optional(atLeast(0)),
  /** The vault's own expiry (Key Vault exp) is set this many days before the key expires. */
  vaultExpiryMarginDays: z._default(atLeast(0), 7),
  /** self: the key rotates itself; admin: a separate admin key manages the service account's keys. */
  mode: z._default(z.enum(['self', 'admin']), 'self'),
  /** Keys the service account's role allows (2 for most roles, 1 for some). */
  keyLimit: z._default(z.union([z.literal(1), z.literal(2)]), 2),
  /** With keyLimit 1 the only way is delete-then-create, with downtime. Off unless chosen. */
  allowDeleteThenCreate: z._default(z.boolean(), false),
  /** Lease of the rotation lock; also how young an active orphan must be to count as "in flight". */
  lockLeaseMinutes: z._default(z.number().check(z.positive()), 15),
  /** Attempts to log in with a new key while it propagates. */
  verifyAttempts: z._default(count(1, 20), 6),
  verifyBaseDelayMs: z._default(count(0), 1000),
  /** keyroll.escalation after this many failed rotations in a row. */
  escalateAfterFailures: z._default(count(1), 3),
  /** keyroll.escalation when the current key expires within this many days and was not rotated. */
  escalateExpiryDays: z._default(atLeast(0), 14),
});

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
