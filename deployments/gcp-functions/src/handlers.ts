import type { CloudEvent, Request, Response } from '@google-cloud/functions-framework';
import {
  describeError,
  type Escalation,
  escalationFor,
  InputError,
  type Logger,
  type RotationResult,
} from '@keyroll/core';
import {
  type Answer,
  answerFor,
  escalationEvent,
  isRotationResult,
  outcomeLogLine,
  readJsonBody,
} from '@keyroll/runtime/handler';
import { sameSecret } from '@keyroll/vault-gcp-secret-manager';
import { ENV } from './config.ts';
import { type Dispatch, dispatchEvent, httpRequestSchema, problems, secretName } from './events.ts';
import { type Handled, handleRotation } from './run.ts';
import type { GcpRuntime } from './runtime.ts';

/**
 * The two functions. What a delivery gets back follows the shared outcome table (docs/outcomes.md,
 * core's dispositionFor): `acknowledge` returns normally (2xx to Pub/Sub push, Eventarc acks), `retry`
 * throws so Pub/Sub redelivers with backoff. So a rolled-back rotation and bad input are acknowledged (the
 * daily sweep retries the rotation), while a held lock, needs_attention and unexpected errors are retried.
 * Malformed messages are logged and acknowledged: a redelivery cannot fix them.
 */
export interface Handlers {
  onEvent(event: CloudEvent<unknown>): Promise<void>;
  onHttp(req: Request, res: Response): Promise<void>;
}

/** Thrown to fail a delivery the outcome table says to retry (its message is already redacted). */
export class DeliveryRetry extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryRetry';
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
  if (dispatch.kind === 'sweep') return sweep(runtime, dispatch.trigger.id, log);
  const secret = dispatch.secret;
  let outcome: Handled | unknown;
  try {
    const refusal = await runtime.refusal(secret);
    if (refusal) {
      log.info(`ignored, nothing read or changed: ${refusal}`, { secretName: secret });
      return;
    }
    if (dispatch.kind === 'rotate-if-new' && !runtime.config.rotateNewSecrets) {
      log.info(`ignored: ${ENV.rotateNewSecrets} is off`, { secretName: secret });
      return;
    }
    outcome = await handleRotation(runtime, dispatch, log);
  } catch (err) {
    outcome = err;
  }
  if (isNoop(outcome)) {
    log.info(`nothing to do: ${outcome.reason}`, { secretName: secret });
    return;
  }
  const answer = report(runtime, log, secret, isResult(outcome) ? outcome.result : outcome);
  if (answer.delivery === 'retry') throw new DeliveryRetry(retryMessage(answer));
}

/**
 * The periodic sweep (Cloud Scheduler → topic → here): every managed secret goes through the engine with
 * a `schedule` trigger, which rotates what is due, retires a previous key whose grace period ended and
 * retries a rotation that was rolled back and acknowledged. A key near its expiry that is still not
 * rotated afterwards raises keyroll.escalation. One secret at a time (Prisma Cloud rate-limits).
 */
async function sweep(runtime: GcpRuntime, id: string | undefined, parent: Logger): Promise<void> {
  const log = parent.child({ sweep: id ?? 'sweep' });
  // keyroll.yaml's accounts first (KEYROLL_CONFIG / KEYROLL_CONFIG_YAML); then the managed secrets, except
  // those keyroll.yaml already names as a primary.
  const fleetPrimaries: string[] = [];
  let fleetRetry = false;
  try {
    // keyroll.yaml's parser, schema and the fleet runner load for a sweep only, never for a rotation.
    const { readFunctionFleetConfig, sweepFleet } = await import('./fleet.ts');
    const config = await readFunctionFleetConfig(runtime.env, runtime);
    for (const a of config?.accounts ?? [])
      if (a.primary.scheme === 'gcp-secret-manager') fleetPrimaries.push(a.primary.name);
    const lines = config ? await sweepFleet(runtime, config, id, log) : [];
    fleetRetry = lines.some((l) => l.exitCode === 3);
  } catch (err) {
    // keyroll.yaml unreadable or invalid: a person must fix it; the managed secrets are still swept.
    log.error(`sweep could not read keyroll.yaml: ${describeError(err).message}`, {
      error: describeError(err),
    });
  }
  let secrets: string[];
  try {
    secrets = (await runtime.sweepTargets()).filter((s) => !fleetPrimaries.some((p) => sameSecret(p, s)));
  } catch (err) {
    const answer = report(runtime, log, '*', err);
    if (answer.delivery === 'retry') throw new DeliveryRetry(retryMessage(answer));
    return;
  }
  const counts: Record<string, number> = {};
  let retry = false;
  for (const secret of secrets) {
    let outcome: RotationResult | unknown;
    try {
      const refusal = await runtime.refusal(secret);
      if (refusal) {
        log.info(`sweep skips it: ${refusal}`, { secretName: secret });
        continue;
      }
      outcome = await runtime.rotate(secret, { trigger: { kind: 'schedule', ...(id ? { id } : {}) } });
    } catch (err) {
      outcome = err;
    }
    const answer = report(runtime, log, secret, outcome);
    counts[answer.kind] = (counts[answer.kind] ?? 0) + 1;
    retry ||= answer.delivery === 'retry';
    if (answer.kind !== 'rotated') await escalateIfExpiring(runtime, log, secret, outcome);
  }
  log.info('sweep finished', { secrets: secrets.length, ...counts });
  if (retry || fleetRetry)
    throw new DeliveryRetry('sweep: at least one secret needs a retry or a person; see the log');
}

/**
 * core's escalation rule (escalationFor) over the secret's metadata after a sweep's run: a key within
 * escalateExpiryDays of its expiry that is still not rotated raises keyroll.escalation.
 */
async function escalateIfExpiring(
  runtime: GcpRuntime,
  log: Logger,
  secret: string,
  outcome: RotationResult | unknown,
): Promise<void> {
  try {
    const { metadata } = await (await runtime.adapter(secret)).readMetadata();
    const escalation = escalationFor({
      target: secret,
      metadata,
      policy: runtime.config.policy,
      now: runtime.clock.now(),
      ...(isRotationResult(outcome) ? { result: outcome } : {}),
    });
    if (escalation?.cause !== 'expiring_key') return; // needs_attention: report() raised it
    logEscalation(runtime, log, secret, escalation, {
      message: `the key in ${secret} expires at ${escalation.keyExpiresOn} and was not rotated`,
      keyId: metadata.keyId,
    });
    await runtime.escalate(escalation);
  } catch (err) {
    log.warn('sweep could not read the key expiry', { secretName: secret, error: err });
  }
}

/** The keyroll.escalation line (the Terraform module alerts on it), with the CloudEvent it stands for. */
function logEscalation(
  runtime: GcpRuntime,
  log: Logger,
  secret: string,
  escalation: Escalation,
  extra: { message: string; keyId?: string | undefined },
): void {
  const { event: _type, ...data } = escalation;
  const event = escalationEvent(data, 'keyroll/gcp-functions', () => new Date(runtime.clock.now()));
  log.error(`keyroll.escalation: ${extra.message}`, {
    event: event.type,
    cause: escalation.cause,
    secretName: secret,
    ...(extra.keyId ? { keyId: extra.keyId } : {}),
    cloudEvent: event,
  });
}

/** Logs the outcome at the table's level (and keyroll.escalation when a person is needed now). */
function report(runtime: GcpRuntime, log: Logger, secret: string, outcome: RotationResult | unknown): Answer {
  const answer = answerFor(outcome, runtime.logger.redactor);
  const line = outcomeLogLine(
    answer,
    outcome,
    { badRequest: 'not rotated, nothing changed', unexpected: 'rotation failed unexpectedly' },
    runtime.logger.redactor,
  );
  const fields: Record<string, unknown> = { secretName: secret, ...line.fields };
  let { message } = line;
  if (answer.delivery === 'retry') message += ' (the delivery fails and is retried)';
  log[answer.logLevel](message, fields);
  if (answer.alert === 'immediate') {
    const event = escalationEvent(
      {
        cause: 'needs_attention',
        target: secret,
        ...(isRotationResult(outcome) && outcome.serviceAccount
          ? { serviceAccount: outcome.serviceAccount }
          : {}),
        lastFailure: String(
          fields.reason ?? (fields.error as { code?: string } | undefined)?.code ?? answer.kind,
        ),
      },
      'keyroll/gcp-functions',
      () => new Date(runtime.clock.now()),
    );
    log.error(`keyroll.escalation: ${secret} needs a person (${answer.kind})`, {
      event: event.type,
      secretName: secret,
      cloudEvent: event,
    });
  }
  return answer;
}

function retryMessage(answer: Answer): string {
  const body = answer.body as { message?: string; error?: { message?: string } };
  return `${answer.kind}: ${body.error?.message ?? body.message ?? 'see the log'}`;
}

const isNoop = (v: unknown): v is Extract<Handled, { kind: 'noop' }> =>
  typeof v === 'object' && v !== null && (v as Handled).kind === 'noop';
const isResult = (v: unknown): v is Extract<Handled, { kind: 'result' }> =>
  typeof v === 'object' && v !== null && (v as Handled).kind === 'result';
async function onHttp(runtime: GcpRuntime, req: Request, res: Response): Promise<void> {
  const log = runtime.logger.child({ httpRequestId: req.get('x-cloud-trace-context') ?? undefined });
  const send = (answer: { httpStatus: number; body: unknown }) => {
    res.status(answer.httpStatus).json(answer.body);
  };
  const fail = (status: number, code: string, message: string) =>
    send({ httpStatus: status, body: { error: { code, message } } });
  if (req.method !== 'POST') {
    res.set('Allow', 'POST');
    return fail(
      405,
      'method_not_allowed',
      'use POST with {"secret":"projects/…/secrets/…","force"?,"dryRun"?,"requestId"?}',
    );
  }
  let body: unknown;
  try {
    // The framework has parsed JSON already; the rules (JSON only, 16 KiB, no echo) apply to the raw bytes.
    const raw = (req as Request & { rawBody?: Buffer }).rawBody;
    body = readJsonBody({ contentType: req.get('content-type'), body: raw ?? '' });
  } catch (err) {
    return send(answerFor(err, runtime.logger.redactor));
  }
  const parsed = httpRequestSchema.safeParse(body);
  if (!parsed.success) {
    const err = new InputError(
      'invalid_request',
      `expected {"secret":"projects/…/secrets/…","force"?:bool,"dryRun"?:bool,"requestId"?:string}: ${problems(parsed.error)}`,
    );
    return send(answerFor(err, runtime.logger.redactor));
  }
  let outcome: Handled | unknown;
  let secret = parsed.data.secret;
  try {
    secret = secretName(parsed.data.secret, 'secret');
    const refusal = await runtime.refusal(secret);
    if (refusal) return fail(403, 'not_allowed', refusal);
    outcome = await handleRotation(
      runtime,
      {
        kind: 'rotate',
        secret,
        force: parsed.data.force,
        dryRun: parsed.data.dryRun,
        ...(parsed.data.requestId ? { requestId: `http:${parsed.data.requestId}` } : {}),
        trigger: {
          kind: 'manual',
          detail: 'http',
          ...(parsed.data.requestId ? { id: parsed.data.requestId } : {}),
        },
      },
      log,
    );
  } catch (err) {
    outcome = err;
  }
  if (isNoop(outcome)) {
    log.info(`nothing to do: ${outcome.reason}`, { secretName: secret });
    return send({
      httpStatus: 200,
      body: { outcome: 'skipped', reason: 'duplicate_request', message: outcome.reason },
    });
  }
  send(report(runtime, log, secret, isResult(outcome) ? outcome.result : outcome));
}
