import { HOUR_MS } from '../../clock.ts';
import { describeError } from '../../errors.ts';
import type { RotationRun } from '../start.ts';
import { tidySuperseded } from './retire.ts';

/**
 * R1 step 9 of the last rotation, done late (R3): the key the primary's metadata names as previous is
 * still active. Once its grace period is over it is deactivated and the versions that held it are tidied.
 * Failing to retire it is a warning: the rotation can still go ahead.
 */
export async function retirePrevious(run: RotationRun): Promise<undefined> {
  const { state, policy } = run;
  const primary = state.targets[0]!;
  const previousId = primary.snapshot.metadata.previousKeyId;
  if (!previousId || previousId === primary.parsed.credential.accessKeyId) return undefined;
  const previous = state.keys.find((k) => k.id === previousId);
  if (previous?.status !== 'active') return undefined;
  const rotatedAt = Date.parse(primary.snapshot.metadata.rotatedAt ?? '');
  const graceEnds = (Number.isNaN(rotatedAt) ? 0 : rotatedAt) + policy.graceHours * HOUR_MS;
  if (run.now() < graceEnds) {
    state.previous = { key: previous, inGrace: true };
    return undefined;
  }
  state.previous = { key: previous, inGrace: false };
  try {
    await run.effects.deactivateKey(state.session!, previous.id, {
      step: 'retire-previous',
      did: () => `deactivated the previous key ${previous.id} (its grace period is over)`,
      would: `would deactivate the previous key ${previous.id}`,
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
