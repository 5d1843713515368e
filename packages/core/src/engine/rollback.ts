import { serializeSecretValue } from '../credential.ts';
import { ConfigError, describeError, InputError, isKeyrollError, mayHaveApplied } from '../errors.ts';
import { deleteKeysNamedOurs, deleteOwnKey } from './ownership.ts';
import type { RotationRun } from './start.ts';
import type { RotationResult } from './types.ts';

/**
 * The R2 table, one function per row, keyed by the step that failed. Every row ends the run with its
 * result; a rollback that cannot finish is `needs_attention` and says what is where. A rollback may
 * delete only a key that did not exist before this rotation's create and that bears this rotation's name:
 * the create answer's id alone is no proof (a server or proxy answering with an existing key's id would
 * otherwise make us delete a key consumers use).
 */
export type StepId =
  | 'lock'
  | 'read'
  | 'check'
  | 'login'
  | 'reconcile'
  | 'retire-previous'
  | 'gate'
  | 'make-room'
  | 'create'
  | 'verify'
  | 'store'
  | 'retire'
  | 'tidy'
  | 'record';

type Row = (run: RotationRun, err: unknown) => Promise<RotationResult> | RotationResult;

export const ROLLBACK: Readonly<Record<StepId, Row>> = {
  lock: nothingToUndo,
  read: nothingToUndo,
  check: nothingToUndo,
  login: loginFailed,
  reconcile: nothingToUndo,
  'retire-previous': nothingToUndo,
  gate: nothingToUndo,
  'make-room': nothingToUndo,
  create: createFailed,
  verify: (run, err) => deleteNewKey(run, err, 'the new key did not verify'),
  store: storeFailed,
  retire: retireFailed,
  tidy: rotatedWithWarning,
  record: rotatedWithWarning,
};

/** Applies the R2 row for `step`. Bad configuration and input are rethrown: nothing was touched. */
export async function rollback(run: RotationRun, step: StepId, err: unknown): Promise<RotationResult> {
  return ROLLBACK[step](run, err);
}

/** Rows 1–5: nothing to undo (a deleted orphan was usable by nobody; a repaired target holds the current key). */
function nothingToUndo(run: RotationRun, err: unknown): RotationResult {
  if (err instanceof InputError || err instanceof ConfigError) throw err;
  const e = describeError(err);
  return run.finish(
    'rolled_back',
    e.code,
    `rotation failed before any key or target changed: ${e.message}${e.retryable ? ' (retryable)' : ''}`,
    err,
  );
}

/** Row 4: a current key Prisma Cloud rejects (self mode) is broken for its consumers too. */
function loginFailed(run: RotationRun, err: unknown): RotationResult {
  if (isKeyrollError(err) && err.category === 'auth' && run.policy.mode === 'self') {
    const current = run.state.targets[0]!;
    return run.finish(
      'needs_attention',
      'current_key_rejected',
      `Prisma Cloud rejects the key ${current.parsed.credential.accessKeyId} stored in ${current.adapter.id} (inactive, ` +
        'expired or deleted), so its consumers cannot log in either. Store a working key there, or rotate in admin mode.',
      err,
    );
  }
  return nothingToUndo(run, err);
}

/** Row 6: a definite failure created nothing; an ambiguous one is settled by deleting the keys named ours. */
async function createFailed(run: RotationRun, err: unknown): Promise<RotationResult> {
  if (run.policy.keyLimit === 1) return downtimeFailure(run, err, 'creating the new key failed');
  const e = describeError(err);
  if (!mayHaveApplied(err)) {
    const hint =
      e.code === 'already_have_two_access_keys'
        ? ' Prisma Cloud says the account is at its key limit: another rotation may have created a key, or the role allows only one key (keyLimit 1).'
        : '';
    return run.finish(
      'rolled_back',
      e.code,
      `creating the new key failed: ${e.message}.${hint} The old key is unchanged.`,
      err,
    );
  }
  const cleanup = await deleteKeysNamedOurs(run);
  if (!cleanup.ok) {
    return run.finish(
      'needs_attention',
      'rollback_incomplete',
      `creating the new key failed ambiguously and the cleanup failed (${cleanup.detail}): a key named ` +
        `${run.keyName} may exist in Prisma Cloud. It is in no target; delete it (the next rotation also deletes it).`,
      err,
    );
  }
  return run.finish(
    'rolled_back',
    e.code,
    `creating the new key failed: ${e.message}. The old key is unchanged.`,
    err,
  );
}

/** The create answer named a key that existed before: nothing is stored, nothing of ours is provable. */
export async function createAnswerNamesExistingKey(run: RotationRun, id: string): Promise<RotationResult> {
  const cleanup = await deleteKeysNamedOurs(run);
  return run.finish(
    'needs_attention',
    'create_answer_names_existing_key',
    `Prisma Cloud answered the create with key ${id}, which existed before this rotation; it was not used or ` +
      `deleted. Every target still holds the old key ${run.recorder.oldKeyId}. ` +
      (cleanup.ok
        ? `Keys named ${run.keyName}: ${cleanup.detail === 'none' ? 'none found' : cleanup.detail}.`
        : `A key named ${run.keyName} may exist (${cleanup.detail}); delete it.`) +
      ' Check what answers at the API URL.',
  );
}

/** Row 8: write the old value back to every target that may hold the new one (primary last), then row 7. */
async function storeFailed(run: RotationRun, err: unknown): Promise<RotationResult> {
  const created = run.state.created!;
  if (run.policy.keyLimit === 1) {
    return run.finish(
      'needs_attention',
      'rollback_incomplete',
      `storing the new key failed (${describeError(err).message}) and delete-then-create cannot go back to the old key. ` +
        `The new key ${created.id} was kept so those targets still work; a person must put one working key in every target.`,
      err,
    );
  }
  const unrestored = await restoreTargets(run);
  if (unrestored.length) {
    return run.finish(
      'needs_attention',
      'rollback_incomplete',
      `storing the new key failed (${describeError(err).message}) and restoring the old key failed for ` +
        `${unrestored.join(', ')} (they may hold the new key). The new key ${created.id} was kept so those targets ` +
        'still work; a person must put one working key in every target.',
      err,
    );
  }
  return deleteNewKey(run, err, 'storing the new key failed; every target was restored');
}

/**
 * Restores every target the store step attempted, in reverse order so the primary never points at a key
 * the others lack; a target that refused its write outright never held the new key. Returns the ids it
 * could not restore. Exported for callers that keep the new key staged elsewhere (the Lambda).
 */
export async function restoreTargets(run: RotationRun): Promise<string[]> {
  const { state } = run;
  const unrestored: string[] = [];
  for (const target of state.attempted.splice(0).reverse()) {
    const id = target.adapter.id;
    if (state.refused.has(target)) {
      run.recorder.note('rollback', 'skipped', `${id} refused the new key; it still holds the old one`);
      run.recorder.target(id, {
        status: 'unchanged',
        detail: `refused the new key: ${describeError(state.refused.get(target)).message}`,
      });
      continue;
    }
    // Write-only targets: the old value is the current credential in the target's own format.
    const previous = {
      ...target.snapshot,
      value:
        target.snapshot.value ?? serializeSecretValue(target.parsed, state.targets[0]!.parsed.credential),
    };
    try {
      await run.effects.restore(target.adapter, previous, {
        step: 'rollback',
        did: () => `restored ${id} to the old key`,
        would: `would restore ${id} to the old key`,
        target: { id, result: () => ({ status: 'restored' }) },
      });
    } catch (err) {
      unrestored.push(id);
      run.recorder.target(id, { status: 'restore_failed', detail: describeError(err).message });
    }
  }
  state.refused.clear();
  return unrestored;
}

/** Row 9: no rollback. The new key is stored and works; a later run retires the old one. */
function retireFailed(run: RotationRun, err: unknown): RotationResult {
  run.recorder.warn(`the old key is still active (${describeError(err).message}); a later run retires it`);
  return rotated(run, true);
}

/** Rows 10–11: warn; the rotation stands. */
function rotatedWithWarning(run: RotationRun, err: unknown): RotationResult {
  run.recorder.warn(describeError(err).message);
  return rotated(run, run.state.oldStillActive);
}

/** The rotated result, once the new key is stored everywhere. */
export function rotated(run: RotationRun, oldStillActive: boolean): RotationResult {
  const oldId = run.state.targets[0]!.parsed.credential.accessKeyId;
  return run.finish(
    'rotated',
    oldStillActive ? 'old_key_still_active' : undefined,
    `rotated ${oldId} → ${run.state.created!.id} in ${run.state.targets.length} target(s)` +
      (oldStillActive ? '; the old key is still active and a later run retires it' : ''),
  );
}

/** Row 7: the new key is in no target; delete it, if it is provably ours. */
async function deleteNewKey(run: RotationRun, cause: unknown, what: string): Promise<RotationResult> {
  const id = run.state.created!.id;
  if (run.policy.keyLimit === 1) return downtimeFailure(run, cause, `${what} (new key ${id})`);
  const cleanup = await deleteOwnKey(run, id);
  if (!cleanup.ok) {
    return run.finish(
      'needs_attention',
      'rollback_incomplete',
      `${what} (${describeError(cause).message}), and ${cleanup.detail}. ` +
        `Every target still holds the old key ${run.recorder.oldKeyId}; check key ${id} in Prisma Cloud and delete it if keyroll made it.`,
      cause,
    );
  }
  return run.finish(
    'rolled_back',
    describeError(cause).code,
    `${what}: ${describeError(cause).message}. Rolled back; the old key is unchanged everywhere.`,
    cause,
  );
}

/** Delete-then-create already deleted the old key: there is nothing to roll back to. */
function downtimeFailure(run: RotationRun, cause: unknown, what: string): RotationResult {
  return run.finish(
    'needs_attention',
    'delete_then_create_failed',
    `${what} (${describeError(cause).message}) after the old key ${run.recorder.oldKeyId} was deleted (delete-then-create): ` +
      'consumers cannot log in until a person creates a key and stores it.',
    cause,
  );
}
