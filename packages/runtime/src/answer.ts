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
