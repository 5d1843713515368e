import type { InvocationContext } from '@azure/functions';
import { describeError, dispositionFor, InputError, type RotationResult } from '@keyroll/core';
import { EVENT_TYPES, type KeyVaultSecretEvent, parseKeyVaultEvents } from '../events.ts';
import { invocationLogger, type KeyrollRuntime } from '../runtime.ts';

export interface EventOutcome {
  eventId: string;
  status: 'ignored' | RotationResult['outcome'];
  reason?: string;
}

/**
 * Event Grid → rotation. Per event: unknown type or vault → ignored (logged); a secret not tagged as
 * managed → acknowledged as a logged no-op, its value never read; SecretNearExpiry → rotate (the engine
 * skips a duplicate or late event whose version is no longer current); SecretExpired → rotate now,
 * forced, with a loud warning that it is late.
 *
 * Throwing fails the invocation so Event Grid redelivers (and finally dead-letters): for malformed
 * events, and where the shared outcome table says "retry" (lock held by another run, needs attention,
 * unexpected). A clean rollback is acknowledged: the restore wrote a new version, so a redelivery would
 * be skipped as stale anyway; the hourly sweep retries, and escalates when it keeps failing.
 */
export async function handleKeyVaultEvent(
  event: unknown,
  context: InvocationContext,
  runtime: () => KeyrollRuntime,
): Promise<EventOutcome[]> {
  const log = invocationLogger(context);
  let parsed: ReturnType<typeof parseKeyVaultEvents>;
  try {
    parsed = parseKeyVaultEvents(event);
  } catch (err) {
    log.error('malformed Key Vault event: nothing was changed', { error: describeError(err) });
    throw err;
  }
  const rt = runtime();
  const outcomes: EventOutcome[] = [];
  const failures: string[] = [];
  for (const item of parsed) {
    if (item.kind === 'ignored') {
      log.info(`event ignored: ${item.reason}`, { eventId: item.id, eventType: item.type });
      outcomes.push({ eventId: item.id, status: 'ignored', reason: 'unhandled_type' });
      continue;
    }
    const outcome = await rotateFor(item, rt, context, failures);
    outcomes.push(outcome);
  }
  if (failures.length) {
    throw new Error(
      `keyroll: ${failures.length} event(s) must be redelivered (in progress, needs attention or unexpected): ${failures.join(' | ')}`,
    );
  }
  return outcomes;
}

async function rotateFor(
  event: KeyVaultSecretEvent,
  runtime: KeyrollRuntime,
  context: InvocationContext,
  failures: string[],
): Promise<EventOutcome> {
  // `objectName`, not `secretName`: the Redactor masks every field whose name says "secret".
  const fields = {
    eventId: event.id,
    eventType: event.type,
    vault: event.vaultName,
    objectName: event.secretName,
    version: event.version,
    ...(event.expiresOn && { exp: event.expiresOn.toISOString() }),
  };
  const log = invocationLogger(context).child(fields);
  const vaultUrl = runtime.vaultUrlFor(event.vaultName);
  if (!vaultUrl) {
    log.warn(`event ignored: vault ${event.vaultName} is not in KEYROLL_VAULT_URLS`);
    return { eventId: event.id, status: 'ignored', reason: 'vault_not_configured' };
  }
  const expired = event.type === EVENT_TYPES.expired;
  if (expired) {
    log.warn(
      `LATE: ${event.secretName} in ${event.vaultName} has EXPIRED (version ${event.version}` +
        `${event.expiresOn ? `, exp ${event.expiresOn.toISOString()}` : ''}) before keyroll rotated it. Rotating now. ` +
        'The near-expiry event was lost or its rotation failed: check earlier runs and the dead-letter container.',
    );
  }
  let outcome: RotationResult | unknown;
  try {
    outcome = await runtime.rotate(
      vaultUrl,
      event.secretName,
      {
        trigger: { kind: 'event', version: event.version, id: event.id, detail: event.type },
        force: expired,
      },
      log,
    );
  } catch (err) {
    outcome = err;
  }
  // The shared outcome table decides: acknowledge, or fail the invocation so Event Grid redelivers
  // (lock held by another run, needs attention, unexpected), finally dead-lettering.
  const d = dispositionFor(outcome);
  if (!isResult(outcome)) {
    const e = describeError(outcome);
    log[d.logLevel](`rotation refused: ${e.message}`, { error: e, delivery: d.delivery });
    if (d.delivery === 'retry') failures.push(`${event.vaultName}/${event.secretName}: ${e.message}`);
    if (outcome instanceof InputError && outcome.code === 'unknown_secret') {
      return { eventId: event.id, status: 'ignored', reason: 'unknown_secret' };
    }
    return { eventId: event.id, status: 'needs_attention', reason: e.code };
  }
  const result = outcome;
  const summary = {
    outcome: result.outcome,
    reason: result.reason,
    rotationId: result.rotationId,
    delivery: d.delivery,
  };
  if (result.reason === 'not_managed') {
    log.info(`event ignored (acknowledged, value not read): ${result.message}`, summary);
  } else {
    log[d.logLevel](`${result.outcome}: ${result.message}`, summary);
  }
  if (d.delivery === 'retry') failures.push(`${event.vaultName}/${event.secretName}: ${result.message}`);
  return { eventId: event.id, status: result.outcome, ...(result.reason && { reason: result.reason }) };
}

function isResult(value: unknown): value is RotationResult {
  return typeof value === 'object' && value !== null && 'outcome' in value && !(value instanceof Error);
}
