import type { InvocationContext } from '@azure/functions';
import { describeError, InputError, type RotationResult } from '@keyroll/core';
import { EVENT_TYPES, type KeyVaultSecretEvent, parseKeyVaultEvents } from '../events.ts';
import { invocationLogger, type KeyrollRuntime } from '../runtime.ts';

export interface EventOutcome {
  eventId: string;
  status: 'ignored' | RotationResult['outcome'];
  reason?: string;
}

/**
 * Event Grid → rotation. Per event: unknown type or vault → ignored (logged); SecretNearExpiry → rotate
 * (the engine skips a duplicate or late event whose version is no longer current, and a secret not
 * tagged as managed); SecretExpired → rotate now, forced, with a loud warning that it is late.
 *
 * Throwing fails the invocation so Event Grid redelivers (and finally dead-letters): done for malformed
 * events and for "needs attention". A clean rollback is logged as an error but acknowledged: the restore
 * wrote a new version, so a redelivery would be skipped as stale anyway; the daily sweep retries.
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
    throw new Error(`keyroll: ${failures.length} rotation(s) need attention: ${failures.join(' | ')}`);
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
  let result: RotationResult;
  try {
    result = await runtime.rotate(
      vaultUrl,
      event.secretName,
      {
        trigger: { kind: 'event', version: event.version, id: event.id, detail: event.type },
        force: expired,
      },
      log,
    );
  } catch (err) {
    // InputError/ConfigError: the secret or configuration is wrong; nothing was changed.
    const e = describeError(err);
    log.error(`rotation refused: ${e.message}`, { error: e });
    if (err instanceof InputError && err.code === 'unknown_secret') {
      return { eventId: event.id, status: 'ignored', reason: 'unknown_secret' };
    }
    failures.push(`${event.vaultName}/${event.secretName}: ${e.message}`);
    return { eventId: event.id, status: 'needs_attention', reason: e.code };
  }
  const summary = { outcome: result.outcome, reason: result.reason, rotationId: result.rotationId };
  switch (result.outcome) {
    case 'rotated':
      log.info(`rotated: ${result.message}`, summary);
      break;
    case 'skipped':
      if (result.reason === 'not_managed') log.info(`event ignored: ${result.message}`, summary);
      else log.info(`skipped: ${result.message}`, summary);
      break;
    case 'rolled_back':
      log.error(`rotation failed and was rolled back: ${result.message}`, summary);
      break;
    case 'needs_attention':
      log.error(`NEEDS ATTENTION: ${result.message}`, summary);
      failures.push(`${event.vaultName}/${event.secretName}: ${result.message}`);
      break;
  }
  return { eventId: event.id, status: result.outcome, ...(result.reason && { reason: result.reason }) };
}
