import { describeError } from '../errors.ts';
import type { IssuedKey } from '../issuer.ts';
import type { RotationRun } from './start.ts';

/**
 * What a rollback may delete (R2): only a key that did not exist before this rotation's create and that
 * bears this rotation's name. The create answer's id alone is no proof: a server (or a proxy) that
 * answers with an existing key's id would otherwise make us delete a key consumers use.
 */
export type CleanupOutcome = { ok: true; detail: string } | { ok: false; detail: string };

/** Ours: named after this rotation and absent before its create. */
function isOurs(run: RotationRun, k: IssuedKey): boolean {
  return k.name === run.keyName && !(run.state.before ?? new Set()).has(k.id);
}

/**
 * Deletes the keys this rotation provably made (listed, named ours, new). The answered id is checked too:
 * if it names a key that is not ours, nothing of it is touched and the caller must report it.
 */
export async function deleteOwnKey(run: RotationRun, id: string): Promise<CleanupOutcome> {
  const { session, owner } = run.state;
  let keys: IssuedKey[];
  try {
    keys = await session!.listKeys(owner!);
  } catch (err) {
    const why = describeError(err).message;
    run.recorder.note('rollback', 'failed', `could not list keys to find the new key ${id}: ${why}`);
    return { ok: false, detail: `listing the keys of ${owner} to find the new key ${id} failed (${why})` };
  }
  const answered = keys.find((k) => k.id === id);
  for (const key of keys.filter((k) => isOurs(run, k))) {
    try {
      await run.effects.deleteKey(session!, key.id, {
        step: 'rollback',
        did: () => `deleted the new key ${key.id}`,
        would: `would delete the new key ${key.id}`,
      });
    } catch (err) {
      return { ok: false, detail: `deleting the new key ${key.id} failed (${describeError(err).message})` };
    }
  }
  if (answered && !isOurs(run, answered)) {
    const why = run.state.before?.has(id)
      ? 'existed before this rotation'
      : `is named ${answered.name}, not ${run.keyName}`;
    run.recorder.note('rollback', 'skipped', `not deleting ${id}: it ${why}`);
    return { ok: false, detail: `the create answer named key ${id}, which ${why}; it was not deleted` };
  }
  return { ok: true, detail: answered ? `deleted the new key ${id}` : `the new key ${id} no longer exists` };
}

/** After a create whose answer was lost: delete every key bearing this rotation's name that is new. */
export async function deleteKeysNamedOurs(run: RotationRun): Promise<CleanupOutcome> {
  const { session, owner } = run.state;
  try {
    const mine = await run.recorder.step(
      'rollback',
      async () => (await session!.listKeys(owner!)).filter((k) => isOurs(run, k)),
      (found) =>
        found.length
          ? `found ${found.map((k) => k.id).join(', ')} (created before the response was lost)`
          : 'no key was created',
    );
    for (const k of mine) {
      await run.effects.deleteKey(session!, k.id, {
        step: 'rollback',
        did: () => `deleted ${k.id}`,
        would: `would delete ${k.id}`,
      });
    }
    return { ok: true, detail: mine.length ? `deleted ${mine.map((k) => k.id).join(', ')}` : 'none' };
  } catch (err) {
    return { ok: false, detail: describeError(err).message };
  }
}
