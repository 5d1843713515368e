import { describeError } from '../errors.ts';
import type { IssuedKey, IssuerSession } from '../issuer.ts';
import type { RunRecorder } from './run.ts';

/**
 * What a rollback may delete (R2): only a key that did not exist before this rotation's create and that
 * bears this rotation's name. The create answer's id alone is not proof: a server (or a proxy) that
 * answers with an existing key's id would otherwise make us delete a key consumers use.
 */
export interface OwnKeys {
  session: IssuerSession;
  owner: string;
  /** This rotation's key name (`keyroll-<rotationId>`). */
  name: string;
  /** Ids of the keys the account had before the create. */
  before: ReadonlySet<string>;
}

export type CleanupOutcome = { ok: true; detail: string } | { ok: false; detail: string };

const isOurs = (k: IssuedKey, own: OwnKeys) => k.name === own.name && !own.before.has(k.id);

/**
 * Deletes the keys this rotation provably made (listed, named ours, new). The answered id is checked too:
 * if it names a key that is not ours, nothing of it is touched and the caller must report it.
 */
export async function deleteOwnKey(run: RunRecorder, own: OwnKeys, id: string): Promise<CleanupOutcome> {
  let keys: IssuedKey[];
  try {
    keys = await own.session.listKeys(own.owner);
  } catch (err) {
    const why = describeError(err).message;
    run.note('rollback', 'failed', `could not list keys to find the new key ${id}: ${why}`);
    return {
      ok: false,
      detail: `listing the keys of ${own.owner} to find the new key ${id} failed (${why})`,
    };
  }
  const answered = keys.find((k) => k.id === id);
  for (const key of keys.filter((k) => isOurs(k, own))) {
    try {
      await run.step(
        'rollback',
        () => own.session.deleteKey(key.id),
        () => `deleted the new key ${key.id}`,
      );
    } catch (err) {
      return { ok: false, detail: `deleting the new key ${key.id} failed (${describeError(err).message})` };
    }
  }
  if (answered && !isOurs(answered, own)) {
    const why = own.before.has(id)
      ? 'existed before this rotation'
      : `is named ${answered.name}, not ${own.name}`;
    run.note('rollback', 'skipped', `not deleting ${id}: it ${why}`);
    return { ok: false, detail: `the create answer named key ${id}, which ${why}; it was not deleted` };
  }
  return { ok: true, detail: answered ? `deleted the new key ${id}` : `the new key ${id} no longer exists` };
}

/** After a create whose answer was lost: delete every key bearing this rotation's name that is new. */
export async function deleteKeysNamedOurs(run: RunRecorder, own: OwnKeys): Promise<CleanupOutcome> {
  try {
    const found = await run.step(
      'rollback',
      async () => {
        const mine = (await own.session.listKeys(own.owner)).filter((k) => isOurs(k, own));
        for (const k of mine) await own.session.deleteKey(k.id);
        return mine;
      },
      (mine) =>
        mine.length
          ? `deleted ${mine.map((k) => k.id).join(', ')} (created before the response was lost)`
          : 'no key was created',
    );
    return { ok: true, detail: found.length ? `deleted ${found.map((k) => k.id).join(', ')}` : 'none' };
  } catch (err) {
    return { ok: false, detail: describeError(err).message };
  }
}
