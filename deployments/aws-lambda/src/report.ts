import {
  describeError,
  type Escalation,
  isKeyrollError,
  type Logger,
  RESULT_SCHEMA_VERSION,
  type RotationResult,
  type RotationTrigger,
} from '@keyroll/core';
import {
  type Answer,
  answerFor,
  escalationEvent,
  isRotationResult,
  outcomeLogLine,
} from '@keyroll/runtime/handler';
import { reportEscalation, reportRun } from '@keyroll/runtime/report';
import type { AwsRuntime } from './runtime.ts';

/** Marks the line that asks for a person; terraform/aws's metric filter counts it. */
export const ESCALATION_EVENT = 'keyroll.escalation';
const SOURCE = 'keyroll/aws-lambda';

/**
 * Thrown to fail an invocation: Secrets Manager retries the step, EventBridge Scheduler retries the sweep,
 * and the Lambda Errors alarm counts it. Its message is already redacted.
 */
export class StepFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StepFailed';
  }
}

/**
 * A step that failed outside the engine's runs (reading the token's version, a refused staging or
 * promotion, the staged key not logging in yet): nothing needs undoing — the old key is current and works,
 * the staged key is kept — and Secrets Manager retries. Reported as a rolled-back attempt (the outcome
 * table's row for "failed cleanly, a retry may fix it"), not as an unexpected error. Bad input and
 * configuration stay what they are; an error that is not keyroll's own stays unexpected.
 */
export function failedAttempt(
  err: unknown,
  step: string,
  rotationId: string,
  now: number,
): RotationResult | unknown {
  if (!isKeyrollError(err) || err.category === 'config' || err.category === 'input') return err;
  const at = new Date(now).toISOString();
  const e = describeError(err);
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    rotationId,
    outcome: 'rolled_back',
    reason: e.code,
    message: `${step} did not finish (${e.message}); the current key is unchanged and the staged key, if any, is kept`,
    dryRun: false,
    targets: [],
    steps: [],
    warnings: [],
    error: e,
    startedAt: at,
    finishedAt: at,
  } satisfies RotationResult;
}

export { isRotationResult };

/**
 * Logs an outcome the shared way (core's outcome table through the runtime's answerFor): its level, its
 * fields, keyroll.escalation when a person is needed now. A finished rotation also gets its audit record
 * (keyroll.audit/v1) and its metrics. Returns the table's row.
 */
export async function report(
  runtime: AwsRuntime,
  log: Logger,
  secret: string,
  outcome: RotationResult | unknown,
  trigger?: RotationTrigger,
): Promise<Answer> {
  const answer = answerFor(outcome, runtime.logger.redactor);
  const line = outcomeLogLine(
    answer,
    outcome,
    { badRequest: 'nothing changed', unexpected: 'failed unexpectedly' },
    runtime.logger.redactor,
  );
  const fields: Record<string, unknown> = { secretId: secret, ...line.fields };
  const { message } = line;
  if (isRotationResult(outcome)) {
    // The audit record to CloudWatch, the metrics, the notifier: the runtime's one reporting path; none of
    // it changes the answer.
    await reportRun(outcome, {
      runner: 'aws-lambda',
      logger: log,
      notify: await runtime.notifyConfig(log),
      trigger,
      audit: [(record) => log.info('audit', { audit: record })],
    });
    await (await runtime.telemetry)?.flush().catch(() => log.warn('metrics export failed'));
  }
  log[answer.logLevel](message, fields);
  if (answer.alert === 'immediate') {
    await escalate(runtime, log, secret, {
      event: 'keyroll.escalation',
      cause: 'needs_attention',
      target: secret,
      consecutiveFailures: 0,
      ...(isRotationResult(outcome) && outcome.serviceAccount
        ? { serviceAccount: outcome.serviceAccount }
        : {}),
      lastFailure: String(
        fields.reason ?? (fields.error as { code?: string } | undefined)?.code ?? answer.kind,
      ),
    });
  }
  return answer;
}

/** The keyroll.escalation line with the CloudEvent it stands for. */
export async function escalate(
  runtime: AwsRuntime,
  log: Logger,
  secret: string,
  escalation: Escalation,
): Promise<void> {
  const { event: _type, ...data } = escalation;
  const event = escalationEvent(data, SOURCE, () => new Date(runtime.clock.now()));
  log.error(`${ESCALATION_EVENT}: ${secret} needs a person (${escalation.cause})`, {
    event: ESCALATION_EVENT,
    cause: escalation.cause,
    secretId: secret,
    cloudEvent: event,
  });
  // People hear it too (the alarm reads the log line above).
  await reportEscalation(escalation, { logger: log, notify: await runtime.notifyConfig(log) });
}

/** The message an invocation fails with: what the table says, in one line, already redacted. */
export function failureMessage(answer: Answer): string {
  const body = answer.body as { message?: string; error?: { message?: string } };
  return `${answer.kind}: ${body.error?.message ?? body.message ?? 'see the log'}`;
}
