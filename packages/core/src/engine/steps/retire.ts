import { describeError } from '../../errors.ts';
import type { RotationRun } from '../start.ts';
import { verify } from './verify.ts';

/**
 * R1 step 9: deactivate the old key with a session of the new key (self mode; a key may not be able to
 * deactivate itself) or the admin session. With a grace period it stays active and a later run retires it.
 * A failure is no rollback (R2 row 9): the rotation stands, "old key still active", a later run retires it.
 */
export async function retire(run: RotationRun): Promise<undefined> {
  const { state, policy } = run;
  const oldId = state.targets[0]!.parsed.credential.accessKeyId;
  if (policy.graceHours > 0) {
    run.recorder.note(
      'retire',
      'skipped',
      `old key ${oldId} stays active for ${policy.graceHours} h of grace`,
    );
    return undefined;
  }
  if (policy.keyLimit === 1) {
    run.recorder.note('retire', 'skipped', 'the old key was deleted before creating the new one');
    return undefined;
  }
  try {
    // Resuming in a later invocation, the new key's session is made here.
    if (policy.mode === 'self' && !state.freshSession) await verify(run);
    const session = policy.mode === 'admin' ? state.session! : state.freshSession!;
    await run.effects.deactivateKey(session, oldId, {
      step: 'retire',
      did: () =>
        `deactivated the old key ${oldId}; it stays inactive as the break-glass copy until the next rotation`,
      would: `would deactivate the old key ${oldId}`,
    });
  } catch (err) {
    state.oldStillActive = true;
    run.recorder.warn(
      `rotated, but the old key ${oldId} is still active (${describeError(err).message}); a later run retires it`,
    );
  }
  return undefined;
}

/**
 * R1 step 10: disable (never destroy) the superseded versions, once the old key is retired. In grace,
 * consumers still read the old version; the run that retires the old key tidies (retire-previous).
 * The targets are tidied at once, after one lease renewal; a failure is a warning (R2 row 10).
 */
export async function tidy(run: RotationRun): Promise<undefined> {
  const { policy, state } = run;
  if (policy.graceHours > 0 && policy.keyLimit !== 1) {
    run.recorder.note('tidy', 'skipped', 'superseded versions stay enabled until the old key is retired');
    return undefined;
  }
  // Only a version that held another key than the new one is superseded (a target read after a
  // resumed store already holds the new key in the version it read).
  const versioned = state.targets.filter(
    (s) =>
      s.adapter.capabilities.versioned &&
      s.snapshot.version &&
      s.adapter.disableVersion &&
      s.keyId !== state.created?.id,
  );
  if (versioned.length === 0 || !(await renewForBatch(run))) return undefined;
  await Promise.all(
    versioned.map(async (s) => {
      const version = s.snapshot.version!;
      try {
        await run.effects.disableVersion(s.adapter, version, {
          step: 'tidy',
          did: () => `disabled version ${version} of ${s.adapter.id}`,
          would: `would disable version ${version} of ${s.adapter.id}`,
          leaseRenewed: true,
        });
      } catch (err) {
        run.recorder.warn(
          `could not disable the superseded version ${version} of ${s.adapter.id}: ${describeError(err).message}`,
        );
      }
    }),
  );
  return undefined;
}

/** Tidy after a grace period: every enabled version but the one last read, in every target at once. */
export async function tidySuperseded(run: RotationRun): Promise<void> {
  const targets = run.state.targets.filter((s) => s.adapter.disableSuperseded);
  if (targets.length === 0 || !(await renewForBatch(run))) return;
  await Promise.all(
    targets.map(async (s) => {
      try {
        await run.effects.disableSuperseded(s.adapter, {
          step: 'tidy',
          did: (done) => `disabled ${done.length} superseded version(s) of ${s.adapter.id}`,
          would: `would disable the superseded versions of ${s.adapter.id}`,
          leaseRenewed: true,
        });
      } catch (err) {
        run.recorder.warn(
          `could not disable superseded versions of ${s.adapter.id}: ${describeError(err).message}`,
        );
      }
    }),
  );
}

/** A lost lease before tidy is a warning like any tidy failure: nothing is tidied, the rotation stands. */
async function renewForBatch(run: RotationRun): Promise<boolean> {
  try {
    await run.recorder.renewLease('tidy');
    return true;
  } catch (err) {
    run.recorder.warn(`superseded versions were not disabled: ${describeError(err).message}`);
    return false;
  }
}
