/**
 * The rotation engine as named steps (R1), for callers that drive one rotation across separate
 * invocations — the AWS Secrets Manager rotation Lambda — with the same engine `rotateCredential` runs.
 *
 * ```ts
 * const run = startRotation({ targets: [secret, ...mirrors], rotationId: token, force: true }, context);
 * try {
 *   const stop = await runSteps(run, ['read', 'check', 'login', 'reconcile', 'make-room', 'create', 'verify']);
 *   if (stop) return await record(run, stop);              // skipped, rolled back or needs attention
 *   await storePending(run, secret);                        // AWSPENDING under the token
 * } finally {
 *   await run.close();                                      // sessions closed, lock (if taken) released
 * }
 * ```
 *
 * - `startRotation(request, context)` validates (ConfigError, nothing touched) and returns a `RotationRun`:
 *   its `effects` (live, or recording for `dryRun`: every write goes through them, so a dry run cannot
 *   write), its `redactor`, its `state` (what the rotation knows so far) and `recorder` (steps, warnings).
 * - Each step is `(run) => Promise<RotationResult | undefined>`: `undefined` means go on, a result means
 *   stop (a skip, or needs attention). A step that fails throws; `rollback(run, step, err)` applies the R2
 *   row for that step and returns the result. `runSteps(run, ids)` does both for a list of steps.
 * - Steps resume from what the targets and Prisma Cloud record, never from memory (R3): `read` and `login`
 *   rebuild the state; `create` deletes this rotation's own orphan (a key named `keyroll-<rotationId>`
 *   that no target holds: an earlier invocation died before storing it) and creates again, so there is
 *   never more than one key per rotation id; `gate` skips with `already_rotated` when the primary already
 *   holds it. `adoptNewKey(run, stagedValue)` takes the new key from its staged value in a later invocation
 *   (it must be the account's key named after the rotation).
 * - `store(run, targets?)` writes the new value to the given targets (default all; primary first when
 *   included, the rest at once), all or nothing with `rollback(run, 'store', err)`; `restoreTargets(run)`
 *   undoes the writes alone, keeping the new key (staged elsewhere). `storePending`, `promote` and
 *   `clearPending` drive a `StagingVaultAdapter` (AWSPENDING → AWSCURRENT). `retire` deactivates the old
 *   key with the new key's session (self mode; it logs in with the new key when this invocation has not),
 *   honouring the grace period (R1 step 9); `tidy` disables superseded versions (R1 step 10).
 * - `record(run, result)` writes the failure bookkeeping (after a failure, best effort), sets
 *   `escalation`, logs the audit line and returns the result through the run's redactor: every result
 *   must leave through it.
 *
 * The Lambda's four steps, each a fresh run with `rotationId` = the ClientRequestToken:
 * createSecret = read, check, login, reconcile, make-room, create, verify, then `storePending`;
 * setSecret = read, check, login, `adoptNewKey`, `store(run, mirrors)` (rollback 'store' or
 * `restoreTargets` on failure); testSecret = read, login, `adoptNewKey`, verify;
 * finishSecret = read, login, `adoptNewKey`, `promote`, retire, tidy, then `record(run, rotated(run, …))`.
 */
import { rollback, type StepId } from '../rollback.ts';
import type { RotationRun } from '../start.ts';
import type { RotationResult } from '../types.ts';
import { create } from './create.ts';
import { gate } from './gate.ts';
import { lock } from './lock.ts';
import { login } from './login.ts';
import { makeRoom } from './make-room.ts';
import { check, read } from './read.ts';
import { reconcile } from './reconcile.ts';
import { retire, tidy } from './retire.ts';
import { retirePrevious } from './retire-previous.ts';
import { store } from './store.ts';
import { verify } from './verify.ts';

export {
  createAnswerNamesExistingKey,
  ROLLBACK,
  restoreTargets,
  rollback,
  rotated,
  type StepId,
} from '../rollback.ts';
export { RotationRun, startRotation } from '../start.ts';
export type { NewKeyState, RotationState, TargetState } from '../state.ts';
export { create, ownOrphan } from './create.ts';
export { gate } from './gate.ts';
export { lock } from './lock.ts';
export { login } from './login.ts';
export { makeRoom } from './make-room.ts';
export { adoptNewKey, clearPending, promote, storePending } from './pending.ts';
export { planRest } from './plan.ts';
export { check, read } from './read.ts';
export { reconcile } from './reconcile.ts';
export { record } from './record.ts';
export { retire, tidy, tidySuperseded } from './retire.ts';
export { retirePrevious } from './retire-previous.ts';
export { metadataFor, store } from './store.ts';
export { verify } from './verify.ts';

export type Step = (run: RotationRun) => Promise<RotationResult | undefined>;

/** Every step `runSteps` can run, by id (record takes the result; see `record`). */
export const STEPS: Readonly<Record<Exclude<StepId, 'record'>, Step>> = {
  lock,
  read,
  check,
  login,
  reconcile,
  'retire-previous': retirePrevious,
  gate,
  'make-room': makeRoom,
  create,
  verify,
  store: (run) => store(run),
  retire,
  tidy,
};

/**
 * Runs the steps in order. Returns undefined when every step went on, or the result that ended the
 * run: a step's stop (skip, needs attention), or the R2 row of the step that failed.
 */
export async function runSteps(
  run: RotationRun,
  ids: readonly Exclude<StepId, 'record'>[],
): Promise<RotationResult | undefined> {
  for (const id of ids) {
    let stop: RotationResult | undefined;
    try {
      stop = await STEPS[id](run);
    } catch (err) {
      return rollback(run, id, err);
    }
    if (stop) return stop;
  }
  return undefined;
}
