import { type Clock, systemClock } from '../clock.ts';
import { ConfigError } from '../errors.ts';
import type { IssuerSession } from '../issuer.ts';
import type { LockLease } from '../lock.ts';
import { createLogger, type Logger } from '../log.ts';
import type { RotationOutcome, RotationReason } from '../outcome/codes.ts';
import { type RotationPolicy, resolvePolicy } from '../policy.ts';
import type { Redactor } from '../redact.ts';
import { type Effects, liveEffects, recordingEffects } from './effects.ts';
import { keyNameFor, newRotationId, RunRecorder } from './run.ts';
import { emptyState, type RotationState } from './state.ts';
import type { RotationContext, RotationRequest, RotationResult, StepRecord } from './types.ts';

/** A rotation id a caller supplies names a Prisma Cloud key: keep it short and plain. */
const ROTATION_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * One rotation in progress: its request and context, the run's Effects (live or recording), its redactor,
 * the record of its steps and what it knows so far (state). Made by `startRotation`; every step takes it.
 */
export class RotationRun {
  readonly rotationId: string;
  /** The issuer-side name of this rotation's key: `keyroll-<rotationId>`. */
  readonly keyName: string;
  readonly policy: RotationPolicy;
  readonly clock: Clock;
  readonly log: Logger;
  readonly recorder: RunRecorder;
  readonly effects: Effects;
  readonly state: RotationState = emptyState();
  private readonly sessions: IssuerSession[] = [];

  constructor(
    readonly request: RotationRequest,
    readonly context: RotationContext,
  ) {
    this.policy = resolvePolicy(context.policy ?? {});
    validateRequest(request, context, this.policy);
    this.clock = context.clock ?? systemClock;
    this.rotationId = request.rotationId ?? newRotationId(this.clock.now());
    this.keyName = keyNameFor(this.rotationId);
    this.log = (context.logger ?? createLogger()).child({ rotationId: this.rotationId });
    // Everything that leaves the engine passes the run's redactor, which knows every secret seen so far:
    // step lines, the result (and so the CLI, HTTP bodies, Action outputs built from it), thrown errors.
    const onStep = context.onStep;
    const redactor = this.log.redactor;
    const safeOnStep = onStep && ((step: StepRecord) => onStep(redactor.redact(step)));
    this.recorder = new RunRecorder(
      this.rotationId,
      request.dryRun === true,
      request.targets.map((t) => t.id),
      this.clock,
      this.log,
      safeOnStep,
    );
    this.effects = request.dryRun ? recordingEffects(this.recorder) : liveEffects(this.recorder);
  }

  get redactor(): Redactor {
    return this.log.redactor;
  }

  get lease(): LockLease | null {
    return this.recorder.lease;
  }

  now(): number {
    return this.clock.now();
  }

  /** Sessions are closed with the run. */
  track(session: IssuerSession): IssuerSession {
    this.sessions.push(session);
    return session;
  }

  /** Ends the run's own result (not yet redacted or recorded: see the record step). */
  finish(outcome: RotationOutcome, reason: RotationReason | undefined, message: string, err?: unknown) {
    return this.recorder.finish(outcome, reason, message, err);
  }

  /** Closes the sessions and releases the lock, at once. Safe to call twice. */
  async close(): Promise<void> {
    const sessions = this.sessions.splice(0);
    const lease = this.recorder.lease;
    this.recorder.lease = null;
    await Promise.allSettled([
      ...sessions.map((s) => s.close()),
      lease?.release().catch((err: unknown) => {
        this.log.warn('could not release the rotation lock; it expires with its lease', { error: err });
      }),
    ]);
  }
}

/**
 * Starts a rotation: validates the request and configuration (ConfigError, nothing touched) and returns
 * the run every step takes. No I/O happens here.
 */
export function startRotation(request: RotationRequest, context: RotationContext): RotationRun {
  return new RotationRun(request, context);
}

/** A result leaves the engine through the run's redactor, like everything else. */
export function redacted(run: RotationRun, result: RotationResult): RotationResult {
  return run.redactor.redact(result);
}

function validateRequest(request: RotationRequest, context: RotationContext, policy: RotationPolicy): void {
  if (request.targets.length === 0)
    throw new ConfigError('no_targets', 'a rotation needs at least one target');
  const ids = request.targets.map((t) => t.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new ConfigError('duplicate_target', `target ${dup} is listed twice`);
  if (request.rotationId !== undefined && !ROTATION_ID.test(request.rotationId)) {
    throw new ConfigError(
      'invalid_rotation_id',
      'a rotation id is 1–64 characters of A-Z a-z 0-9 . _ - (it names the new key in Prisma Cloud)',
    );
  }
  if (policy.mode === 'admin' && !context.adminCredential) {
    throw new ConfigError('admin_credential_required', 'admin mode needs the admin key (adminCredential)');
  }
  if (policy.keyLimit === 1 && !policy.allowDeleteThenCreate) {
    throw new ConfigError(
      'key_limit_one',
      'this service account may hold only one key, so rotating it means deleting the key consumers use before ' +
        'the new one exists (downtime). Refusing. Set allowDeleteThenCreate to accept that, or give the ' +
        'service account a role that allows two keys.',
    );
  }
  if (policy.keyLimit === 1 && policy.mode === 'self') {
    throw new ConfigError(
      'key_limit_one_needs_admin',
      'delete-then-create needs admin mode: a key cannot create its successor after deleting itself',
    );
  }
}
