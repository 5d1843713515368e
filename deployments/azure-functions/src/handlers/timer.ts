import type { InvocationContext, Timer } from '@azure/functions';
import { describeError, type RotationResult } from '@keyroll/core';
import { invocationLogger, type KeyrollRuntime } from '../runtime.ts';

export interface SweepEntry {
  vaultUrl: string;
  secret: string;
  outcome: RotationResult['outcome'] | 'error';
  reason?: string;
}

/**
 * The daily safety net for lost events: every secret tagged `keyroll-managed` in every configured vault
 * goes through the engine with a `schedule` trigger, which rotates only what is due (age or key expiry)
 * or expired. One secret at a time: the sweep is not urgent and Prisma Cloud rate-limits.
 * Throws at the end (failing the run, visible in monitoring) if anything needs a person.
 */
export async function handleSweep(
  timer: Timer,
  context: InvocationContext,
  runtime: () => KeyrollRuntime,
  now: () => number = Date.now,
): Promise<SweepEntry[]> {
  const log = invocationLogger(context);
  const rt = runtime();
  if (timer.isPastDue) log.warn('the sweep is running late (the timer was past due)');
  const entries: SweepEntry[] = [];
  for (const vaultUrl of rt.config.vaultUrls) {
    let secrets: Awaited<ReturnType<KeyrollRuntime['listManaged']>>;
    try {
      secrets = await rt.listManaged(vaultUrl);
    } catch (err) {
      const e = describeError(err);
      log.error(`sweep could not list ${vaultUrl}: ${e.message}`, { error: e });
      entries.push({ vaultUrl, secret: '*', outcome: 'error', reason: e.code });
      continue;
    }
    for (const s of secrets) {
      const slog = log.child({ vault: vaultUrl, objectName: s.name });
      if (!s.enabled) {
        slog.warn(`the current version of ${s.name} is disabled; not rotating it`);
        entries.push({ vaultUrl, secret: s.name, outcome: 'error', reason: 'secret_disabled' });
        continue;
      }
      if (s.expiresOn && s.expiresOn.getTime() <= now()) {
        slog.warn(
          `LATE: ${s.name} expired in Key Vault at ${s.expiresOn.toISOString()}; the sweep rotates it now`,
        );
      }
      try {
        const result = await rt.rotate(
          vaultUrl,
          s.name,
          { trigger: { kind: 'schedule', id: context.invocationId } },
          slog,
        );
        entries.push({
          vaultUrl,
          secret: s.name,
          outcome: result.outcome,
          ...(result.reason && { reason: result.reason }),
        });
        const level =
          result.outcome === 'rolled_back' || result.outcome === 'needs_attention' ? 'error' : 'info';
        slog[level](`sweep: ${s.name} ${result.outcome}: ${result.message}`, {
          rotationId: result.rotationId,
        });
      } catch (err) {
        const e = describeError(err);
        slog.error(`sweep: ${s.name} refused: ${e.message}`, { error: e });
        entries.push({ vaultUrl, secret: s.name, outcome: 'error', reason: e.code });
      }
    }
  }
  const count = (o: SweepEntry['outcome']) => entries.filter((e) => e.outcome === o).length;
  log.info('sweep finished', {
    secrets: entries.length,
    rotated: count('rotated'),
    skipped: count('skipped'),
    rolledBack: count('rolled_back'),
    needsAttention: count('needs_attention'),
    errors: count('error'),
  });
  const bad = entries.filter((e) => e.outcome === 'needs_attention' || e.outcome === 'error');
  if (bad.length) {
    throw new Error(
      `keyroll sweep: ${bad.length} secret(s) need attention: ${bad.map((e) => `${e.secret} (${e.reason})`).join(', ')}`,
    );
  }
  return entries;
}
