import {
  adoptNewKey,
  clearPending,
  describeError,
  KeyrollError,
  keyNameFor,
  mayHaveApplied,
  metadataFor,
  type RotationResult,
  type RotationRun,
  record,
  restoreTargets,
  retire,
  rollback,
  rotated,
  runSteps,
  serializeSecretValue,
  startRotation,
  store,
  tidy,
  VaultError,
  verify,
} from '@keyroll/core';
import { type AwsSecretsManagerAdapter, CURRENT, PENDING } from '@keyroll/vault-aws-secrets-manager';
import { type RotationStepEvent, rotationIdFor } from './events.ts';
import type { AwsRuntime } from './runtime.ts';

/**
 * Secrets Manager's four steps on the engine's resumable steps. Each invocation starts a run with the
 * rotation id derived from the ClientRequestToken, rebuilds what it needs from the secret and Prisma Cloud
 * (R3: nothing is remembered between invocations) and runs the engine steps that belong to it:
 *
 * - createSecret: read, check, login, reconcile, clean up an abandoned rotation, make-room, create (a key
 *   of this token left by a dead invocation is replaced), verify, then stage the value as AWSPENDING.
 * - setSecret: read, check, login, adopt the staged key, store it to the mirrors (all or nothing).
 * - testSecret: read, login, adopt the staged key, verify (log in with it again, as the same account).
 * - finishSecret: read, login, adopt, promote (AWSCURRENT → the token's version), retire, tidy, record.
 *
 * A step returns `done` when its work is done (also when it was already done: Secrets Manager may invoke
 * a step twice), `stop` otherwise; the handler reports a stop and fails the invocation, so Secrets Manager
 * retries. A failure never deletes the staged key: only createSecret's own rollback deletes the key it
 * made before it was staged. Staging and promoting use the token itself as the version id.
 */
export type StepOutcome =
  | { kind: 'done'; detail: string; result?: RotationResult }
  | { kind: 'stop'; result: RotationResult | unknown };

const done = (detail: string, result?: RotationResult): StepOutcome => ({
  kind: 'done',
  detail,
  ...(result ? { result } : {}),
});
const stop = (result: RotationResult | unknown): StepOutcome => ({ kind: 'stop', result });

/** A result that ends a step goes out through the engine's record step (bookkeeping, escalation, redaction). */
async function stopWith(run: RotationRun, result: RotationResult): Promise<StepOutcome> {
  return stop(await record(run, result));
}

interface TokenState {
  primary: AwsSecretsManagerAdapter;
  /** Labels of the token's version (undefined: no such version). */
  stages: string[] | undefined;
  /** Versions carrying AWSPENDING other than the token's and AWSCURRENT's: abandoned rotations. */
  stale: string[];
}

/** DescribeSecret only: where the token's version stands, before anything else is read. */
async function tokenState(runtime: AwsRuntime, event: RotationStepEvent): Promise<TokenState> {
  const primary = runtime.adapter(event.secretId);
  const d = await primary.describe();
  const all = d.VersionIdsToStages ?? {};
  const stale = Object.entries(all)
    .filter(([id, s]) => id !== event.token && s.includes(PENDING) && !s.includes(CURRENT))
    .map(([id]) => id);
  return { primary, stages: all[event.token], stale };
}

async function startRun(
  runtime: AwsRuntime,
  event: RotationStepEvent,
  primary: AwsSecretsManagerAdapter,
  withMirrors: boolean,
): Promise<RotationRun> {
  const mirrors = withMirrors ? await runtime.mirrors() : [];
  const adminCredential = await runtime.adminCredential();
  return startRotation(
    {
      targets: [primary, ...mirrors],
      rotationId: event.rotationId,
      // Secrets Manager decides when to rotate (its schedule, or rotate-secret by hand) and runs one
      // rotation of a secret at a time: no minimum age, no lock of our own.
      force: true,
      trigger: { kind: 'event', id: event.token, detail: `secretsmanager:${event.step}` },
    },
    runtime.engineContext(adminCredential),
  );
}

export async function createSecret(runtime: AwsRuntime, event: RotationStepEvent): Promise<StepOutcome> {
  const { primary, stages, stale } = await tokenState(runtime, event);
  if (stages?.includes(CURRENT)) return done(`version ${event.token} is already AWSCURRENT`);
  if (stages?.includes(PENDING) && (await primary.readPending(event.token)) !== undefined) {
    return done(`version ${event.token} already holds the verified key as AWSPENDING`);
  }
  const run = await startRun(runtime, event, primary, true);
  try {
    const early = await runSteps(run, ['read', 'check', 'login', 'reconcile', 'gate']);
    if (early) return stopWith(run, early);
    try {
      await cleanUpAbandoned(run, primary, stale);
    } catch (err) {
      return stopWith(run, await rollback(run, 'make-room', err));
    }
    const made = await runSteps(run, ['make-room', 'create', 'verify']);
    if (made) return stopWith(run, made);
    const created = run.state.created!;
    try {
      await stagePending(run, primary, event.token);
    } catch (err) {
      // Refused outright: the key is in no target, so it is deleted (R2 row 8, nothing to restore). A lost
      // answer may have staged it: keep it; the retry finds it staged, or replaces it as this token's orphan.
      if (!mayHaveApplied(err)) return stopWith(run, await rollback(run, 'store', err));
      return stop(err);
    }
    return done(`staged the verified key ${created.id} as AWSPENDING (version ${event.token})`);
  } finally {
    await run.close();
  }
}

/** Stages the verified new value as AWSPENDING under the token (the version id), and reads it back. */
async function stagePending(run: RotationRun, primary: AwsSecretsManagerAdapter, token: string) {
  const created = run.state.created!;
  const value = serializeSecretValue(run.state.targets[0]!.parsed, created.credential);
  await run.effects.writePending(primary, value, token, {
    step: 'store',
    did: () => `staged the new key ${created.id} as AWSPENDING (version ${token})`,
    would: `would stage the new key as AWSPENDING (version ${token})`,
    target: { id: primary.id, result: () => ({ status: 'updated', version: token, detail: 'pending' }) },
  });
  if ((await primary.readPending(token)) !== value) {
    throw new VaultError(
      'read_back_mismatch',
      `${primary.id}: AWSPENDING ${token} reads back as something else`,
      {
        category: 'internal',
      },
    );
  }
}

/**
 * R3 for a rotation abandoned for good: a later token arrived while an older version still carries
 * AWSPENDING. Secrets Manager runs one rotation of a secret at a time, so that rotation is over: its key
 * (named after its token) is deleted unless a target holds it — after reconcile, only the current key —
 * and the stale label is removed so the next RotateSecret is not refused.
 */
async function cleanUpAbandoned(
  run: RotationRun,
  primary: AwsSecretsManagerAdapter,
  stale: string[],
): Promise<void> {
  const { state } = run;
  const held = new Set(state.targets.map((t) => t.keyId));
  for (const version of stale) {
    const name = keyNameFor(rotationIdFor(version));
    for (const key of state.keys.filter((k) => k.name === name && !held.has(k.id))) {
      await run.effects.deleteKey(state.session!, key.id, {
        step: 'make-room',
        did: () => `deleted ${key.id} (${key.name}) of the abandoned rotation ${version}`,
        would: `would delete ${key.id} (${key.name}) of the abandoned rotation ${version}`,
      });
      state.keys = state.keys.filter((k) => k !== key);
    }
    await clearPending(run, primary, version);
  }
}

/** The staged value of the token; a step after createSecret cannot go on without it. */
async function staged(primary: AwsSecretsManagerAdapter, event: RotationStepEvent): Promise<string> {
  const value = await primary.readPending(event.token);
  if (value === undefined) {
    throw new KeyrollError(
      'nothing_staged',
      `version ${event.token} of ${primary.id} holds no staged key (createSecret has not finished); nothing changed`,
      { category: 'conflict', retryable: true },
    );
  }
  return value;
}

/** read, login (check first when asked), then the staged key as the run's new key. */
async function resume(
  run: RotationRun,
  value: string,
  withCheck: boolean,
): Promise<RotationResult | undefined> {
  const early = await runSteps(run, withCheck ? ['read', 'check', 'login'] : ['read', 'login']);
  if (early) return early;
  try {
    adoptNewKey(run, value);
  } catch (err) {
    return rollback(run, 'login', err);
  }
  return undefined;
}

export async function setSecret(runtime: AwsRuntime, event: RotationStepEvent): Promise<StepOutcome> {
  const { primary, stages } = await tokenState(runtime, event);
  if (stages?.includes(CURRENT)) return done(`version ${event.token} is already AWSCURRENT`);
  const value = await staged(primary, event);
  if (runtime.config.mirrors.length === 0) return done('no mirrors configured: nothing to push');
  const run = await startRun(runtime, event, primary, true);
  try {
    const early = await resume(run, value, true);
    if (early) return stopWith(run, early);
    return await storeToMirrors(run);
  } finally {
    await run.close();
  }
}

/** Writes the staged key to every mirror that lacks it; all or nothing (R2 row 8), the key stays staged. */
async function storeToMirrors(run: RotationRun): Promise<StepOutcome> {
  const newId = run.state.created!.id;
  const mirrors = run.state.targets.slice(1);
  const lagging = mirrors.filter((t) => t.keyId !== newId);
  for (const t of mirrors.filter((m) => m.keyId === newId)) {
    // Written by an earlier invocation: the version it superseded is unknown here, so tidy leaves it.
    t.snapshot = { ...t.snapshot, version: undefined };
  }
  if (lagging.length === 0) return done(`every mirror holds ${newId}`);
  try {
    await store(run, lagging);
  } catch (err) {
    const unrestored = await restoreTargets(run);
    if (unrestored.length === 0) return stop(err);
    return stopWith(
      run,
      run.finish(
        'needs_attention',
        'rollback_incomplete',
        `writing the new key to the mirrors failed (${describeError(err).message}) and restoring the old key failed ` +
          `for ${unrestored.join(', ')}. Both keys are active; a person must put one working key in every mirror.`,
        err,
      ),
    );
  }
  return done(`wrote ${newId} to ${lagging.length} mirror(s)`);
}

export async function testSecret(runtime: AwsRuntime, event: RotationStepEvent): Promise<StepOutcome> {
  const { primary, stages } = await tokenState(runtime, event);
  if (stages?.includes(CURRENT)) return done(`version ${event.token} is already AWSCURRENT`);
  const value = await staged(primary, event);
  const run = await startRun(runtime, event, primary, false);
  try {
    const early = await resume(run, value, false);
    if (early) return stopWith(run, early);
    try {
      await verify(run);
    } catch (err) {
      // No rollback row here: the key stays staged and Secrets Manager retries this step.
      return stop(err);
    }
    return done(`logged in with ${run.state.created!.id} as ${run.state.owner}`);
  } finally {
    await run.close();
  }
}

export async function finishSecret(runtime: AwsRuntime, event: RotationStepEvent): Promise<StepOutcome> {
  const { primary, stages } = await tokenState(runtime, event);
  if (stages?.includes(CURRENT)) return retireAfterFinish(runtime, event, primary);
  const value = await staged(primary, event);
  const run = await startRun(runtime, event, primary, true);
  try {
    const early = await resume(run, value, false);
    if (early) return stopWith(run, early);
    // setSecret wrote the mirrors; one reverted since (or added) gets the key before the primary moves.
    const mirrored = await storeToMirrors(run);
    if (mirrored.kind === 'stop') return mirrored;
    try {
      await run.effects.promote(primary, event.token, metadataFor(run), {
        step: 'store',
        did: () => `moved AWSCURRENT to version ${event.token} (${run.state.created!.id})`,
        would: `would move AWSCURRENT to version ${event.token}`,
        target: { id: primary.id, result: () => ({ status: 'updated', version: event.token }) },
      });
    } catch (err) {
      return stop(err);
    }
    await retire(run);
    await tidy(run);
    return done('rotated', await record(run, rotated(run, run.state.oldStillActive)));
  } finally {
    await run.close();
  }
}

/**
 * finishSecret again after AWSCURRENT moved (a retry after a crash): the old key is the previous one now;
 * it is retired with the new key's session (the current key's, in self mode) unless its grace period runs
 * (then the sweep retires it). The mirrors are brought to the current key first. If the function died
 * between moving AWSCURRENT and writing the rotation tags, the tags still name the old key as current:
 * they are written now, so the old key is known as the previous one and gets retired.
 */
async function retireAfterFinish(
  runtime: AwsRuntime,
  event: RotationStepEvent,
  primary: AwsSecretsManagerAdapter,
): Promise<StepOutcome> {
  const run = await startRun(runtime, event, primary, true);
  try {
    const early = await runSteps(run, ['read', 'login']);
    if (early) return stopWith(run, early);
    try {
      await repairTags(run, primary, event.token);
    } catch (err) {
      return stop(err);
    }
    const rest = await runSteps(run, ['reconcile', 'retire-previous']);
    if (rest) return stopWith(run, rest);
    if (run.state.previous?.key.status === 'inactive') await tidyPrevious(run, primary);
    return done(`version ${event.token} is AWSCURRENT; the previous key is retired or in its grace period`);
  } finally {
    await run.close();
  }
}

/** The tags of a promotion that died half way: keyId still names the key AWSCURRENT replaced. */
async function repairTags(run: RotationRun, primary: AwsSecretsManagerAdapter, token: string): Promise<void> {
  const target = run.state.targets[0]!;
  const currentId = target.parsed.credential.accessKeyId;
  const tagged = target.snapshot.metadata;
  if (tagged.keyId === currentId || !tagged.keyId) return;
  const current = run.state.currentKey!;
  const metadata = {
    keyId: currentId,
    previousKeyId: tagged.keyId,
    rotationId: run.rotationId,
    rotatedAt: new Date(run.now()).toISOString(),
    serviceAccount: run.state.owner!,
    ...(current.expiresOn ? { keyExpiresOn: current.expiresOn.toISOString() } : {}),
  };
  await run.effects.promote(primary, token, metadata, {
    step: 'store',
    did: () =>
      `recorded the rotation of ${tagged.keyId} → ${currentId} in the tags (the promotion had stopped half way)`,
    would: `would record the rotation of ${tagged.keyId} → ${currentId} in the tags`,
  });
  target.snapshot = { ...target.snapshot, metadata };
}

/** R1 step 10 for the run that retired the previous key: AWSPREVIOUS leaves its version (a warning if not). */
export async function tidyPrevious(run: RotationRun, primary: AwsSecretsManagerAdapter): Promise<void> {
  try {
    const { previous } = await primary.stages();
    if (!previous) return;
    await run.effects.disableVersion(primary, previous, {
      step: 'tidy',
      did: () => `removed AWSPREVIOUS from version ${previous}`,
      would: `would remove AWSPREVIOUS from version ${previous}`,
    });
  } catch (err) {
    run.recorder.warn(
      `could not tidy the superseded version of ${primary.id}: ${describeError(err).message}`,
    );
  }
}
