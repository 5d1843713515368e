import { HOUR_MS } from '../../clock.ts';
import type { IssuedKey } from '../../issuer.ts';
import type { SkipReason } from '../../outcome/codes.ts';
import { isYoungerThanMinAge, rotationDue } from '../../policy.ts';
import type { RotationRun } from '../start.ts';
import type { RotationResult } from '../types.ts';

/**
 * R1 step 3: skip when there is nothing to do — the previous key is still in its grace period, a
 * scheduled run finds the key not due, or the key is younger than the minimum age. Forced runs go on.
 */
export async function gate(run: RotationRun): Promise<RotationResult | undefined> {
  const skip = skipFor(run, run.state.currentKey!);
  if (skip) {
    run.recorder.note('check', 'ok', skip.message);
    return run.finish('skipped', skip.reason, skip.message);
  }
  run.recorder.note('check', 'ok', run.request.force ? 'forced rotation' : 'rotation is due');
  return undefined;
}

function skipFor(
  run: RotationRun,
  currentKey: IssuedKey,
): { reason: SkipReason; message: string } | undefined {
  const { request, policy, state } = run;
  if (currentKey.name === run.keyName) {
    // Resuming a rotation id whose key is already current: this rotation is done, even when forced.
    return {
      reason: 'already_rotated',
      message: `key ${currentKey.id} was made by this rotation and is current`,
    };
  }
  if (request.force) return undefined;
  const now = run.now();
  if (state.previous?.inGrace) {
    return {
      reason: 'grace_period',
      message: `the previous key ${state.previous.key.id} is still in its grace period${state.previous.usage ? ` (${state.previous.usage})` : ''}; rotate with force to end it early`,
    };
  }
  if (request.trigger?.kind === 'schedule') {
    if (!rotationDue(currentKey, policy, now)) {
      return { reason: 'not_due', message: `key ${currentKey.id} is not due for rotation` };
    }
    return undefined;
  }
  if (isYoungerThanMinAge(currentKey, policy, now) && currentKey.status === 'active') {
    const hours = ((now - currentKey.createdAt.getTime()) / HOUR_MS).toFixed(1);
    return {
      reason: 'too_young',
      message: `key ${currentKey.id} is ${hours} h old, under the minimum age of ${policy.minAgeHours} h; use force to rotate anyway`,
    };
  }
  return undefined;
}
