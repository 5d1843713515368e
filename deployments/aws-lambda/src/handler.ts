import { ConfigError, InputError, type Logger, type RotationTrigger } from '@keyroll/core';

import { type LambdaEvent, parseEvent, type RotationStepEvent, type StepName } from './events.ts';
import { escalate, failedAttempt, failureMessage, isRotationResult, report, StepFailed } from './report.ts';
import { createSecret, finishSecret, type StepOutcome, setSecret, testSecret } from './rotation.ts';
import { type AwsRuntime, createRuntime, type RuntimeOptions } from './runtime.ts';
import { expiringEscalation, sweepSecret } from './sweep.ts';

/** What the Lambda runtime passes as the second argument (only what is used). */
export interface LambdaContext {
  awsRequestId?: string;
}

export type Handler = (event: unknown, context?: LambdaContext) => Promise<unknown>;

const STEP: Record<StepName, (runtime: AwsRuntime, event: RotationStepEvent) => Promise<StepOutcome>> = {
  createSecret,
  setSecret,
  testSecret,
  finishSecret,
};

/**
 * The function's handler. The platform binding only: parse the event, check the secret may be touched,
 * call the steps (the engine's), answer. A step that did its work (or found it done) returns; one that
 * could not throws, so Secrets Manager retries it (the staged key is kept). Bad events throw an InputError
 * naming what is wrong, having changed nothing.
 *
 * The configuration is read once, when the container starts; a wrong setting fails every invocation with
 * the same error, naming the variable.
 */
export function createHandler(options: RuntimeOptions = {}): Handler {
  let runtime: AwsRuntime | undefined;
  let startup: ConfigError | undefined;
  try {
    runtime = createRuntime(options);
  } catch (err) {
    startup =
      err instanceof ConfigError
        ? err
        : new ConfigError('invalid_configuration', (err as Error).message, err);
    process.stdout.write(
      `${JSON.stringify({ level: 'error', msg: `keyroll configuration error: ${startup.message}`, error: startup.toJSON() })}\n`,
    );
  }
  return async (raw, context) => {
    if (!runtime) throw startup!;
    const log = runtime.logger.child({ requestId: context?.awsRequestId });
    let event: LambdaEvent;
    try {
      event = parseEvent(raw);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      log.error(`malformed event, nothing changed: ${err.message}`, { error: err.toJSON() });
      throw err;
    }
    if (event.kind === 'sweep') return sweep(runtime, log, event.secretId, context?.awsRequestId);
    return step(runtime, log.child({ step: event.step, rotationId: event.rotationId }), event);
  };
}

async function step(runtime: AwsRuntime, log: Logger, event: RotationStepEvent): Promise<unknown> {
  const trigger: RotationTrigger = { kind: 'event', id: event.token, detail: `secretsmanager:${event.step}` };
  let outcome: StepOutcome;
  try {
    const refusal = await runtime.refusal(event.secretId);
    if (refusal) {
      // R4: not ours. Fail the invocation (Secrets Manager must not count it as a rotation), change nothing.
      const err = new ConfigError('not_managed', refusal);
      log.error(`ignored: ${refusal}`, { secretId: event.secretId });
      throw err;
    }
    outcome = await STEP[event.step](runtime, event);
  } catch (err) {
    if (err instanceof ConfigError && err.code === 'not_managed') throw err;
    outcome = { kind: 'stop', result: err };
  }
  if (outcome.kind === 'done') {
    if (outcome.result) await report(runtime, log, event.secretId, outcome.result, trigger);
    log.info(`${event.step}: ${outcome.detail}`, { secretId: event.secretId, token: event.token });
    return { step: event.step, status: 'done', detail: runtime.logger.redactor.redactString(outcome.detail) };
  }
  const failed = isRotationResult(outcome.result)
    ? outcome.result
    : failedAttempt(outcome.result, event.step, event.rotationId, runtime.clock.now());
  const answer = await report(runtime, log, event.secretId, failed, trigger);
  throw new StepFailed(`${event.step} failed (${failureMessage(answer)}); Secrets Manager retries it`);
}

/** The daily sweep: every managed secret (or the one named), one at a time (Prisma Cloud rate-limits). */
async function sweep(
  runtime: AwsRuntime,
  parent: Logger,
  only: string | undefined,
  id: string | undefined,
): Promise<unknown> {
  const log = parent.child({ sweep: id ?? 'sweep' });
  const secrets = only ? [only] : runtime.config.managedSecrets;
  const counts: Record<string, number> = {};
  let retry = false;
  for (const secret of secrets) {
    let outcome: unknown;
    try {
      const refusal = await runtime.refusal(secret);
      if (refusal) {
        log.warn(`sweep skips it: ${refusal}`, { secretId: secret });
        counts.refused = (counts.refused ?? 0) + 1;
        continue;
      }
      outcome = await sweepSecret(runtime, secret, id);
    } catch (err) {
      outcome = err;
    }
    const answer = isRotationResult(outcome)
      ? await report(runtime, log, secret, outcome, {
          kind: 'schedule',
          ...(id ? { id } : {}),
          detail: 'sweep',
        })
      : await report(runtime, log, secret, outcome);
    counts[answer.kind] = (counts[answer.kind] ?? 0) + 1;
    retry ||= answer.delivery === 'retry';
    try {
      const escalation = await expiringEscalation(
        runtime,
        secret,
        isRotationResult(outcome) ? outcome : undefined,
      );
      if (escalation) await escalate(runtime, log, secret, escalation);
    } catch (err) {
      log.warn('sweep could not read the key expiry', { secretId: secret, error: err });
    }
  }
  log.info('sweep finished', { secrets: secrets.length, ...counts });
  if (retry) {
    throw new StepFailed('sweep: at least one secret needs a retry or a person; see the log');
  }
  return { sweep: 'done', secrets: secrets.length, ...counts };
}
