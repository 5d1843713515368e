import { HOUR_MS, MINUTE_MS } from './clock.ts';
import type { IssuedKey } from './issuer.ts';

/**
 * Usage-aware retirement (pure). While the old key is in its grace period, did a consumer use it after the
 * new key was stored? Prisma Cloud records `lastUsedTime` per access key; how often it updates it is not
 * documented, so "unused" only means "no use recorded": `retireWhenUnusedMinutes` should be longer than that
 * lag, and the grace period stays the upper bound — a quiet consumer is not waited for, a slow one is not
 * cut off while it still uses the key.
 *
 * Clocks: `lastUsedAt` is Prisma Cloud's, `storedAt` ours. A use recorded a little after the store because
 * of clock skew counts as "used since", which keeps the key longer: the safe direction.
 */
export interface OldKeyUsageInput {
  previous: Pick<IssuedKey, 'id' | 'lastUsedAt'>;
  /** When the new key was stored (the primary's rotatedAt), epoch ms; NaN when unknown. */
  storedAt: number;
  now: number;
  graceHours: number;
  /** Retire once the old key has gone unused this long after the store; undefined = wait for the grace. */
  retireWhenUnusedMinutes?: number | undefined;
}

export interface OldKeyUsage {
  keyId: string;
  /** A use recorded after the new key was stored: some consumer has not switched. */
  usedSinceStore: boolean;
  lastUsedAt?: string;
  graceEndsAt: string;
  /** retire: deactivate now; why says which limit was reached. keep: still in grace. */
  verdict: 'keep' | 'retire';
  why: 'grace_over' | 'unused' | 'in_use' | 'in_grace';
  /** When it will be retired at the latest if nothing changes (the grace end, or earlier when unused). */
  retireAt: string;
  /** One sentence for status and the step detail, e.g. "old key k1 used 3 min ago: a consumer has not switched". */
  message: string;
}

export function oldKeyUsage(input: OldKeyUsageInput): OldKeyUsage {
  const { previous, now, graceHours } = input;
  const stored = Number.isNaN(input.storedAt) ? 0 : input.storedAt;
  const graceEnds = stored + graceHours * HOUR_MS;
  const lastUsed = previous.lastUsedAt?.getTime();
  // Strictly after: keyroll itself logs in with the old key just before it stores the new one (self mode).
  const usedSinceStore = lastUsed !== undefined && lastUsed > stored;
  // Quiet since: the later of the store and the last recorded use.
  const quietSince = usedSinceStore ? lastUsed! : stored;
  const unusedMs =
    input.retireWhenUnusedMinutes === undefined ? undefined : input.retireWhenUnusedMinutes * MINUTE_MS;
  const unusedAt = unusedMs === undefined ? undefined : quietSince + unusedMs;
  const retireAt = Math.min(graceEnds, unusedAt ?? graceEnds);
  const base = {
    keyId: previous.id,
    usedSinceStore,
    ...(lastUsed !== undefined ? { lastUsedAt: new Date(lastUsed).toISOString() } : {}),
    graceEndsAt: new Date(graceEnds).toISOString(),
    retireAt: new Date(retireAt).toISOString(),
  };
  const use = usedSinceStore
    ? `old key ${previous.id} used ${ago(now - lastUsed!)} ago: a consumer has not switched`
    : `old key ${previous.id} not used since the new key was stored ${ago(now - stored)} ago`;
  if (now >= graceEnds) {
    return { ...base, verdict: 'retire', why: 'grace_over', message: `${use}; its grace period is over` };
  }
  if (unusedAt !== undefined && now >= unusedAt) {
    return {
      ...base,
      verdict: 'retire',
      why: 'unused',
      message: `${use}; unused for ${input.retireWhenUnusedMinutes} min, so it is retired before its grace period ends`,
    };
  }
  return {
    ...base,
    verdict: 'keep',
    why: usedSinceStore ? 'in_use' : 'in_grace',
    message: `${use}; it stays active until ${base.retireAt} at the latest`,
  };
}

function ago(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / MINUTE_MS));
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.floor(hours / 24)} d`;
}
