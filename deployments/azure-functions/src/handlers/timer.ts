import type { InvocationContext, Timer } from '@azure/functions';
import { describeError, dispositionFor, type Escalation, type RotationResult } from '@keyroll/core';
import { invocationLogger, type KeyrollRuntime } from '../runtime.ts';
import { ESCALATION_EVENT, type EscalationCheck, sharedEscalation } from './escalation.ts';

export interface SweepEntry {
  vaultUrl: string;
  secret: string;
  outcome: RotationResult['outcome'] | 'error';
  reason?: string;
  /** Set when this secret's outcome raised keyroll.escalation. */
  escalation?: Escalation;
}

/**
 * The hourly safety net for lost events, and what retires old keys once their grace is over: every
 * secret tagged `keyroll-managed` in every configured vault goes through the engine with a `schedule`
 * trigger, which rotates only what is due (age or key expiry) or expired. One secret at a time: the
 * sweep is not urgent and Prisma Cloud rate-limits.
 * Throws at the end (failing the run, visible in monitoring) if anything needs a person, or when a
 * secret escalates (keyroll.escalation, the shared rule in core: failures in a row, a key expiring soon
 * that was not rotated), so a rotation that keeps failing is not acknowledged hour after hour until
 * the key expires.
 */
export async function handleSweep(
  timer: Timer,
  context: InvocationContext,
  runtime: () => KeyrollRuntime,
  now?: () => number,
  escalation: EscalationCheck = sharedEscalation(),
): Promise<SweepEntry[]> {
  const log = invocationLogger(context);
  const rt = runtime();
  const clock = now ?? (() => rt.now());
  if (timer.isPastDue) log.warn('the sweep is running late (the timer was past due)');
  const entries: SweepEntry[] = [];
  // keyroll.yaml's accounts first (KEYROLL_CONFIG); the tagged secrets of KEYROLL_VAULT_URLS then, except
  // those keyroll.yaml already names as a primary.
  const fleetPrimaries = new Set<string>();
  if (rt.config.fleetConfig) {
    try {
      // keyroll.yaml's parser, schema and the fleet runner load only for a sweep that has one.
      const { readAppFleetConfig, sweepFleet } = await import('../fleet.ts');
      const config = await readAppFleetConfig(rt.seams().env, rt);
      for (const a of config?.accounts ?? [])
        if (a.primary.scheme === 'azure-keyvault')
          fleetPrimaries.add(secretKey(a.primary.vaultUrl, a.primary.secretName));
      if (config) entries.push(...(await sweepFleet(rt, config, context.invocationId, log)));
    } catch (err) {
      const e = describeError(err);
      log.error(`sweep could not read keyroll.yaml: ${e.message}`, { error: e });
      entries.push({ vaultUrl: rt.config.fleetConfig, secret: '*', outcome: 'error', reason: e.code });
    }
  }
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
      if (fleetPrimaries.has(secretKey(vaultUrl, s.name))) continue;
      const slog = log.child({ vault: vaultUrl, objectName: s.name });
      if (!s.enabled) {
        slog.warn(`the current version of ${s.name} is disabled; not rotating it`);
        entries.push({ vaultUrl, secret: s.name, outcome: 'error', reason: 'secret_disabled' });
        continue;
      }
      if (s.expiresOn && s.expiresOn.getTime() <= clock()) {
        slog.warn(
          `LATE: ${s.name} expired in Key Vault at ${s.expiresOn.toISOString()}; the sweep rotates it now`,
        );
      }
      let outcome: RotationResult | unknown;
      let entry: SweepEntry;
      try {
        const result = await rt.rotate(
          vaultUrl,
          s.name,
          { trigger: { kind: 'schedule', id: context.invocationId } },
          slog,
        );
        outcome = result;
        entry = {
          vaultUrl,
          secret: s.name,
          outcome: result.outcome,
          ...(result.reason && { reason: result.reason }),
        };
        const level = dispositionFor(result).logLevel;
        slog[level](`sweep: ${s.name} ${result.outcome}: ${result.message}`, {
          rotationId: result.rotationId,
        });
      } catch (err) {
        outcome = err;
        const e = describeError(err);
        slog.error(`sweep: ${s.name} refused: ${e.message}`, { error: e });
        entry = { vaultUrl, secret: s.name, outcome: 'error', reason: e.code };
      }
      const fired = await escalation.assess({
        target: `${vaultUrl}/secrets/${s.name}`,
        outcome,
        disposition: dispositionFor(outcome),
        metadata: s.metadata,
        ...(s.expiresOn && { vaultExpiresOn: s.expiresOn }),
        policy: rt.config.policy,
        now: clock(),
      });
      if (fired) {
        entry.escalation = fired;
        // One structured line per escalation: the Terraform alert rule queries `keyroll.escalation`.
        slog.error(
          `${ESCALATION_EVENT}: ${s.name}: ${fired.cause} (${fired.lastFailure ?? 'no failure recorded'})`,
          {
            ...fired,
            event: ESCALATION_EVENT,
          },
        );
        await rt.escalate(fired, slog);
      }
      entries.push(entry);
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
    escalations: entries.filter((e) => e.escalation).length,
  });
  const bad = entries.filter((e) => e.outcome === 'needs_attention' || e.outcome === 'error' || e.escalation);
  if (bad.length) {
    throw new Error(
      `keyroll sweep: ${bad.length} secret(s) need attention: ${bad.map((e) => `${e.secret} (${e.escalation ? `escalation: ${e.escalation.cause}` : e.reason})`).join(', ')}`,
    );
  }
  return entries;
}

/** A Key Vault secret by host and name: the same secret whether keyroll.yaml or KEYROLL_VAULT_URLS names it. */
function secretKey(vaultUrl: string, name: string): string {
  return `${new URL(vaultUrl).hostname}/${name}`.toLowerCase();
}
