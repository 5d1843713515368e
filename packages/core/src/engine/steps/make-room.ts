import type { IssuedKey } from '../../issuer.ts';
import type { RotationRun } from '../start.ts';
import type { RotationResult } from '../types.ts';
import { ownOrphan } from './create.ts';

/**
 * R1 step 5: at the key limit, delete the key that is not current (an orphan or the previous, inactive
 * key); never the current key — except delete-then-create (key limit 1, admin mode, explicitly allowed).
 * An active orphan younger than the lock lease may be another rotation's new key: stop, "in progress",
 * unless the lock proves its holder gone. This rotation's own orphan (resuming) is left to the create step.
 */
export async function makeRoom(run: RotationRun): Promise<RotationResult | undefined> {
  const { state, policy } = run;
  const currentKey = state.currentKey!;
  const primary = state.targets[0]!;
  const limit = policy.keyLimit;
  const own = ownOrphan(run);
  const keys = state.keys.filter((k) => k !== own);
  const others = keys.filter((k) => k.id !== currentKey.id);
  const needed = limit === 1 ? keys.length : keys.length - limit + 1;
  if (needed <= 0) return undefined;
  const rank = (k: IssuedKey) => (k.status === 'active' ? 1 : 0);
  const victims = others
    .sort((a, b) => rank(a) - rank(b) || a.createdAt.getTime() - b.createdAt.getTime())
    .slice(0, Math.min(needed, others.length));
  const leaseMs = policy.lockLeaseMinutes * 60_000;
  const ageMs = (k: IssuedKey) => run.now() - k.createdAt.getTime();
  for (const victim of victims) {
    const isPrevious = victim.id === primary.snapshot.metadata.previousKeyId;
    const inFlight =
      victim.status === 'active' && !isPrevious && ageMs(victim) < leaseMs && !run.lease?.tookOverFrom;
    if (inFlight) {
      const message =
        `key ${victim.id} is active, held by no target and ${Math.round(ageMs(victim) / 60_000)} min old: ` +
        'it may be the new key of a rotation in flight. Nothing changed; a later run deletes it once the lock lease is over.';
      run.recorder.note('make-room', 'skipped', message);
      return run.finish('skipped', 'in_progress', message);
    }
    if (victim.status === 'active' && isPrevious) {
      run.recorder.warn(
        `forced rotation deletes the previous key ${victim.id} before its grace period ended`,
      );
    }
    await run.effects.deleteKey(state.session!, victim.id, {
      step: 'make-room',
      did: () =>
        `deleted ${victim.status} key ${victim.id} (${victim.name}) to stay within the limit of ${limit}`,
      would: `would delete ${victim.status} key ${victim.id} (${victim.name})`,
    });
    state.keys = state.keys.filter((k) => k !== victim);
  }
  if (limit === 1) {
    await run.effects.deleteKey(state.session!, currentKey.id, {
      step: 'make-room',
      did: () => {
        run.recorder.warn(
          `delete-then-create: deleted the current key ${currentKey.id}; consumers fail until the new key is stored`,
        );
        return `deleted ${currentKey.id}`;
      },
      would: `would delete the current key ${currentKey.id} (delete-then-create)`,
    });
    state.keys = state.keys.filter((k) => k !== currentKey);
  }
  return undefined;
}
