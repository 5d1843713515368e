import type { CloudEvent, Request, Response } from '@google-cloud/functions-framework';
import {
  ConfigError,
  describeError,
  httpStatusFor,
  InputError,
  isKeyrollError,
  type Logger,
  type RotationResult,
} from '@keyroll/core';
import { ENV } from './config.ts';
import { type Dispatch, dispatchEvent, httpRequestSchema, problems, secretName } from './events.ts';
import type { GcpRuntime, RotateOptions } from './runtime.ts';

/**
 * The two functions. Retry contract with Pub/Sub/Eventarc (trigger deployed with retry):
 * - a rotation that rolled back throws, so the message is redelivered with backoff (and dead-lettered
 *   after the subscription's max attempts);
 * - needs_attention and skips return normally (needs_attention logged at ERROR): retrying cannot fix
 *   them and must not loop — except the `in_progress` skip (another holder has the lock), which throws:
 *   if that holder crashed (function timeout, lost instance) its lease expires and a redelivery then
 *   finishes the job; if it is alive, a later redelivery is skipped as too young and acknowledged. So it
 *   ends after a few backed-off attempts instead of dropping the period's rotation;
 * - malformed messages and bad secrets (InputError) are logged and acknowledged; configuration errors
 *   throw, so a redelivery succeeds once the operator fixes the setting.
 * Duplicate deliveries: the engine's minimum-age skip absorbs one after a success, the lock one that
 * arrives while the first still runs.
 */
export interface Handlers {
  onEvent(event: CloudEvent<unknown>): Promise<void>;
  onHttp(req: Request, res: Response): Promise<void>;
}

export class RotationRolledBack extends Error {
  constructor(readonly result: RotationResult) {
    super(`rotation ${result.rotationId} rolled back (${result.reason ?? 'failed'}): ${result.message}`);
    this.name = 'RotationRolledBack';
  }
}

export class RotationInProgress extends Error {
  constructor(readonly result: RotationResult) {
    super(
      `another rotation of this secret is in progress (${result.message}); redelivery retries after backoff`,
    );
    this.name = 'RotationInProgress';
  }
}

export function createHandlers(runtime: GcpRuntime): Handlers {
  return {
    onEvent: (event) => onEvent(runtime, event),
    onHttp: (req, res) => onHttp(runtime, req, res),
  };
}

async function onEvent(runtime: GcpRuntime, event: CloudEvent<unknown>): Promise<void> {
  const log = runtime.logger.child({ eventId: event.id });
  let dispatch: Dispatch;
  try {
    dispatch = dispatchEvent(event);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    log.error('malformed message: acknowledged without retry, nothing changed', { error: err.toJSON() });
    return;
  }
  if (dispatch.kind === 'ignore') {
    log.info(`ignored: ${dispatch.reason}`);
    return;
  }
  const secret = dispatch.secret;
  const refusal = await runtime.refusal(secret);
  if (refusal) {
    log.info(`ignored, nothing read or changed: ${refusal}`, { secret });
    return;
  }
  const options: RotateOptions = { trigger: dispatch.trigger };
  if (dispatch.kind === 'rotate') {
    options.force = dispatch.force;
    options.dryRun = dispatch.dryRun;
  } else {
    if (!runtime.config.rotateNewSecrets) {
      log.info(`ignored: ${ENV.rotateNewSecrets} is off`, { secret });
      return;
    }
    const fresh = await (await runtime.adapter(secret)).isNewlySeeded().catch((err: unknown) => {
      if (isKeyrollError(err) && err.category === 'not_found') return false; // deleted since: nothing to do
      throw err;
    });
    if (!fresh) {
      log.info('ignored: a version was added to a secret that already has history', { secret });
      return;
    }
    log.info('a first value was added to a managed secret: rotating it now so no person knows a live key', {
      secret,
    });
    options.force = true; // the pasted key is minutes old; the minimum age would skip it
  }

  let result: RotationResult;
  try {
    result = await runtime.rotate(secret, options);
  } catch (err) {
    if (err instanceof InputError) {
      log.error(`not rotated, nothing changed: ${err.message}`, { secret, error: err.toJSON() });
      return;
    }
    if (err instanceof ConfigError) {
      log.error(`configuration error; the message will be redelivered: ${err.message}`, {
        error: err.toJSON(),
      });
    }
    throw err;
  }
  report(log, secret, result);
  if (result.outcome === 'rolled_back') throw new RotationRolledBack(result);
  if (result.outcome === 'skipped' && result.reason === 'in_progress') throw new RotationInProgress(result);
}

function report(log: Logger, secret: string, result: RotationResult): void {
  const fields = {
    secret,
    rotationId: result.rotationId,
    outcome: result.outcome,
    reason: result.reason,
    oldKeyId: result.oldKeyId,
    newKeyId: result.newKeyId,
  };
  switch (result.outcome) {
    case 'rotated':
    case 'skipped':
      if (result.reason === 'in_progress')
        log.warn(`${result.message} (the message will be redelivered)`, fields);
      else log.info(result.message, fields);
      return;
    case 'rolled_back':
      log.error(`${result.message} (the message will be redelivered)`, fields);
      return;
    case 'needs_attention':
      log.error(`NEEDS ATTENTION: ${result.message}`, { ...fields, targets: result.targets });
      return;
  }
}

/** Outcome → HTTP status; one policy for every deployment (see core). */
export const statusFor = httpStatusFor;

async function onHttp(runtime: GcpRuntime, req: Request, res: Response): Promise<void> {
  const log = runtime.logger.child({ httpRequestId: req.get('x-cloud-trace-context') ?? undefined });
  const fail = (status: number, code: string, message: string) => {
    res.status(status).json({ error: { code, message } });
  };
  if (req.method !== 'POST') {
    res.set('Allow', 'POST');
    return fail(
      405,
      'method_not_allowed',
      'use POST with {"secret":"projects/…/secrets/…","force"?,"dryRun"?}',
    );
  }
  let body: unknown = req.body;
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    try {
      body = JSON.parse(body.toString());
    } catch {
      return fail(400, 'invalid_request', 'the body is not valid JSON');
    }
  }
  const parsed = httpRequestSchema.safeParse(body);
  if (!parsed.success) {
    return fail(
      400,
      'invalid_request',
      `expected {"secret":"projects/…/secrets/…","force"?:bool,"dryRun"?:bool}: ${problems(parsed.error)}`,
    );
  }
  let secret: string;
  try {
    secret = secretName(parsed.data.secret, 'secret');
  } catch (err) {
    return fail(400, 'invalid_request', (err as Error).message);
  }
  const refusal = await runtime.refusal(secret);
  if (refusal) return fail(403, 'not_allowed', refusal);
  try {
    const result = await runtime.rotate(secret, {
      force: parsed.data.force,
      dryRun: parsed.data.dryRun,
      trigger: { kind: 'manual', detail: 'http' },
    });
    report(log, secret, result);
    res.status(statusFor(result)).json(result);
  } catch (err) {
    const e = describeError(err);
    if (err instanceof InputError) {
      return fail(err.code === 'unknown_secret' ? 404 : 400, e.code, e.message);
    }
    log.error(`rotation request failed: ${e.message}`, { secret, error: e });
    return fail(500, e.code, e.message);
  }
}
