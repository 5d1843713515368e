import type { RotationResult } from '../engine/types.ts';
import { isKeyrollError } from '../errors.ts';
import type { LogLevel } from '../log.ts';

/**
 * The one outcome table (docs/outcomes.md). Every caller — the CLI, each Function, the Action, the Lambda —
 * turns a rotation's result, or what a rotation threw, into an answer through `dispositionFor`, so an
 * outcome means the same thing everywhere.
 */

/** What the platform should do with the delivery that triggered the run. */
export type Delivery =
  /** Done, or nothing a retry could fix: acknowledge (2xx, no redelivery). */
  | 'acknowledge'
  /** Fail the invocation so the platform redelivers (a lock holder may die; a person must look). */
  | 'retry';

/** The level an outcome is logged at (a subset of the logger's levels). */
export type OutcomeLogLevel = Extract<LogLevel, 'info' | 'warn' | 'error'>;

/** Who hears about it: nobody, the escalation counter (keyroll.escalation after repeats), or a person now. */
export type AlertLevel = 'none' | 'escalation' | 'immediate';

export type DispositionKind =
  | 'rotated'
  | 'skipped'
  | 'in_progress'
  | 'rolled_back'
  | 'needs_attention'
  | 'bad_request'
  | 'unexpected';

export type ExitCode = 0 | 1 | 2 | 3;

export interface Disposition {
  kind: DispositionKind;
  exitCode: ExitCode;
  httpStatus: 200 | 400 | 404 | 409 | 422 | 500 | 502;
  delivery: Delivery;
  logLevel: OutcomeLogLevel;
  alert: AlertLevel;
}

type Row = Omit<Disposition, 'kind'>;

export const OUTCOME_TABLE: Readonly<Record<DispositionKind, Readonly<Row>>> = Object.freeze({
  rotated: { exitCode: 0, httpStatus: 200, delivery: 'acknowledge', logLevel: 'info', alert: 'none' },
  skipped: { exitCode: 0, httpStatus: 200, delivery: 'acknowledge', logLevel: 'info', alert: 'none' },
  in_progress: { exitCode: 0, httpStatus: 409, delivery: 'retry', logLevel: 'info', alert: 'none' },
  rolled_back: {
    exitCode: 1,
    httpStatus: 502,
    delivery: 'acknowledge',
    logLevel: 'warn',
    alert: 'escalation',
  },
  needs_attention: { exitCode: 3, httpStatus: 500, delivery: 'retry', logLevel: 'error', alert: 'immediate' },
  // Usage, configuration or input error: nothing was touched and no retry can fix it. The HTTP status
  // says which (400 configuration/usage, 404 unknown secret, 422 malformed input).
  bad_request: {
    exitCode: 2,
    httpStatus: 400,
    delivery: 'acknowledge',
    logLevel: 'error',
    alert: 'escalation',
  },
  unexpected: { exitCode: 3, httpStatus: 500, delivery: 'retry', logLevel: 'error', alert: 'immediate' },
});

/** True for what a thrown value means "bad usage, configuration or input; nothing touched". */
export function isBadRequest(err: unknown): boolean {
  return isKeyrollError(err) && ['config', 'input', 'not_found'].includes(err.category);
}

function badRequestStatus(err: unknown): 400 | 404 | 422 {
  if (!isKeyrollError(err)) return 400;
  if (err.category === 'not_found' || err.code === 'unknown_secret') return 404;
  if (err.category === 'input') return 422;
  return 400;
}

function isResult(value: unknown): value is Pick<RotationResult, 'outcome' | 'reason'> {
  return typeof value === 'object' && value !== null && 'outcome' in value && !(value instanceof Error);
}

/** The answer for a rotation result, or for a value a rotation (or its set-up) threw. */
export function dispositionFor(outcome: Pick<RotationResult, 'outcome' | 'reason'> | unknown): Disposition {
  if (isResult(outcome)) {
    const kind: DispositionKind =
      outcome.outcome === 'skipped' && outcome.reason === 'in_progress' ? 'in_progress' : outcome.outcome;
    return { kind, ...OUTCOME_TABLE[kind] };
  }
  if (isBadRequest(outcome)) {
    return { kind: 'bad_request', ...OUTCOME_TABLE.bad_request, httpStatus: badRequestStatus(outcome) };
  }
  return { kind: 'unexpected', ...OUTCOME_TABLE.unexpected };
}
