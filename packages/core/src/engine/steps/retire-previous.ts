import { describeError } from '../../errors.ts';
import { oldKeyUsage } from '../../usage.ts';
import type { RotationRun } from '../start.ts';
import { tidySuperseded } from './retire.ts';

/**
 * R1 step 9 of the last rotation, done late (R3): the key the primary's metadata names as previous is
 * still active. Once its grace period is over (or, with retireWhenUnusedMinutes, once it has gone unused that
 * long after the store) it is deactivated and the versions that held it are tidied.
 * Failing to retire it is a warning: the rotation can still go ahead.
 */
export async function retirePrevious(run: RotationRun): Promise<undefined> {
  const { state, policy } = run;
  const primary = state.targets[0]!;
  const previousId = primary.snapshot.metadata.previousKeyId;
  if (!previousId || previousId === primary.parsed.credential.accessKeyId) return undefined;
  const previous = state.keys.find((k) => k.id === previousId);
  if (previous?.status !== 'active') return undefined;
  // Usage-aware: retired at the end of the grace, or earlier once Prisma Cloud records no use of it for
  // retireWhenUnusedMinutes after the store; either way the step says whether a consumer still uses it.
  const usage = oldKeyUsage({
    previous,
    storedAt: Date.parse(primary.snapshot.metadata.rotatedAt ?? ''),
    now: run.now(),
    graceHours: policy.graceHours,
    retireWhenUnusedMinutes: policy.retireWhenUnusedMinutes,
  });
  if (usage.verdict === 'keep') {
    state.previous = { key: previous, inGrace: true, usage: usage.message };
    run.recorder.note('retire-previous', 'skipped', usage.message);
    return undefined;
  }
  state.previous = { key: previous, inGrace: false, usage: usage.message };
  try {
    await run.effects.deactivateKey(state.session!, previous.id, {
      step: 'retire-previous',
      did: () => `deactivated the previous key ${previous.id} (${usage.message})`,
      would: `would deactivate the previous key ${previous.id} (${usage.message})`,
    });
    previous.status = 'inactive';
  } catch (err) {
    run.recorder.warn(`could not deactivate the previous key ${previous.id}: ${describeError(err).message}`);
    return undefined;
  }
  // R1 step 10 in the run that retires the old key: its versions stayed enabled through the grace.
  await tidySuperseded(run);
  return undefined;
}
