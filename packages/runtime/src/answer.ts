import {
  type Disposition,
  dispositionFor,
  isKeyrollError,
  type Redactor,
  type RotationResult,
} from '@keyroll/core';
import { HttpRefusal } from './http.ts';

/** What a deployment hands its platform: the outcome table's row and a JSON body that is safe to send. */
export interface Answer extends Disposition {
  body: Record<string, unknown>;
}

/**
 * The answer for a rotation result or for a thrown value (a refused request, a configuration error, an
 * unexpected failure). The body passes the run's redactor; a thrown value contributes only its code and
 * its (typed, redacted) message — unexpected errors say nothing of their internals.
 */
export function answerFor(outcome: RotationResult | unknown, redactor?: Redactor): Answer {
  const clean = <T>(value: T): T => (redactor ? (redactor.redact(value) as T) : value);
  if (outcome instanceof HttpRefusal) {
    const d = dispositionFor(outcome);
    return {
      ...d,
      httpStatus: outcome.httpStatus as Disposition['httpStatus'],
      body: { error: clean({ code: outcome.code, message: outcome.message }) },
    };
  }
  const d = dispositionFor(outcome);
  if (d.kind === 'bad_request' || d.kind === 'unexpected') {
    const err = isKeyrollError(outcome)
      ? { code: outcome.code, message: outcome.message }
      : { code: 'unexpected_error', message: 'unexpected error; see the logs' };
    return { ...d, body: { error: clean(err) } };
  }
  return { ...d, body: clean(outcome as RotationResult) as unknown as Record<string, unknown> };
}

export const isRotationResult = (v: unknown): v is RotationResult =>
  typeof v === 'object' && v !== null && !(v instanceof Error) && 'outcome' in v && 'rotationId' in v;

/**
 * The log line for an outcome, the same in every deployment: the message and its fields (the table's
 * disposition, the result's ids, or the typed error). `wording` prefixes a refused or failed request.
 */
export function outcomeLogLine(
  answer: Answer,
  outcome: RotationResult | unknown,
  wording: { badRequest: string; unexpected: string },
  redactor?: Redactor,
): { message: string; fields: Record<string, unknown> } {
  const fields: Record<string, unknown> = { disposition: answer.kind, delivery: answer.delivery };
  if (isRotationResult(outcome)) {
    Object.assign(fields, {
      rotationId: outcome.rotationId || undefined,
      outcome: outcome.outcome,
      reason: outcome.reason,
      oldKeyId: outcome.oldKeyId,
      newKeyId: outcome.newKeyId,
      ...(outcome.outcome === 'needs_attention' ? { targets: outcome.targets } : {}),
    });
    const message =
      outcome.outcome === 'needs_attention' ? `NEEDS ATTENTION: ${outcome.message}` : outcome.message;
    return { message, fields };
  }
  const error = (answer.body as { error: { code: string; message: string } }).error;
  fields.error = error;
  // An unexpected failure's own message helps whoever reads the log (redacted); a typed error said it all.
  if (answer.kind === 'unexpected' && outcome instanceof Error && !isKeyrollError(outcome)) {
    fields.error = { ...error, detail: redactor ? redactor.redactString(outcome.message) : outcome.message };
  }
  const prefix = answer.kind === 'bad_request' ? wording.badRequest : wording.unexpected;
  return { message: `${prefix}: ${error.message}`, fields };
}
