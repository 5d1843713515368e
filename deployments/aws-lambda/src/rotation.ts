import {
  check,
  create,
  describeError,
  keyNameFor,
  login,
  makeRoom,
  mayHaveApplied,
  metadataFor,
  parseSecretValue,
  type RotationResult,
  type RotationRun,
  read,
  reconcile,
  restoreTargets,
  retire,
  retirePrevious,
  rollback,
  rotated,
  serializeSecretValue,
  startRotation,
  store,
  tidy,
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
 * - createSecret: read, check, login, reconcile, clean up an abandoned rotation, make room, create (a key
 *   of this token left by a dead invocation is replaced), verify, then stage the value as AWSPENDING.
 * - setSecret: store the staged key to the mirrors (all or nothing; nothing to push to Prisma Cloud).
 * - testSecret: log in with the staged key again, as the same account.
 * - finishSecret: move AWSCURRENT to the token's version, then retire the old key with the new key's
 *   session (grace per policy) and tidy.
 *
 * A step returns normally when it is done (also when it was already done: Secrets Manager may invoke a
 * step twice) and returns a `StepStop` otherwise; the handler reports it and fails the invocation so
 * Secrets Manager retries. A failure never deletes the staged key: only createSecret's own rollback
 * deletes the key it made before it was staged.
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

interface TokenState {
  primary: AwsSecretsManagerAdapter;
  /** Labels of the token's version (undefined: no such version). */
  stages: string[] | undefined;
  /** Versions carrying AWSPENDING other than the token's and AWSCURRENT's: abandoned rotations. */
  stale: string[];
}

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
    {
      issuer: runtime.issuer,
      policy: runtime.policy,
      logger: runtime.logger,
      clock: runtime.clock,
      allowedApiOrigins: runtime.config.allowedApiOrigins,
      ...(adminCredential ? { adminCredential } : {}),
      ...(runtime.config.serviceAccount ? { serviceAccount: runtime.config.serviceAccount } : {}),
    },
  );
}

/** read → login (and check when asked): what every step needs first. A result means stop. */
async function begin(run: RotationRun, withCheck: boolean): Promise<RotationResult | undefined> {
  try {
    const early = (await read(run)) ?? (withCheck ? await check(run) : undefined);
    if (early) return early;
  } catch (err) {
    return rollback(run, 'read', err);
  }
  try {
    return await login(run);
  } catch (err) {
    return rollback(run, 'login', err);
  }
}

/** The staged key, as the run's new key (the state a resumed step starts from). */
function adoptStaged(run: RotationRun, value: string, primaryId: string): RotationResult | undefined {
  const parsed = parseSecretValue(value, `${primaryId} (AWSPENDING)`);
  run.redactor.add(parsed.credential.secretKey);
  const key = run.state.keys.find((k) => k.id === parsed.credential.accessKeyId);
  if (!key) {
    return run.finish(
      'needs_attention',
      'staged_key_missing',
      `the key ${parsed.credential.accessKeyId} staged as AWSPENDING is not a key of ${run.state.owner} in Prisma Cloud ` +
        '(deleted?). Cancel this rotation (remove AWSPENDING from its version) and rotate again.',
    );
  }
  run.state.created = {
    id: key.id,
    credential: parsed.credential,
    ...(key.expiresOn ? { expiresOn: key.expiresOn } : {}),
  };
  run.recorder.newKeyId = key.id;
  return undefined;
}

export async function createSecret(runtime: AwsRuntime, event: RotationStepEvent): Promise<StepOutcome> {
  const { primary, stages, stale } = await tokenState(runtime, event);
  if (stages?.includes(CURRENT)) return done(`version ${event.token} is already AWSCURRENT`);
  if (stages?.includes(PENDING) && (await primary.readPending(event.token)) !== undefined) {
    return done(`version ${event.token} already holds the verified key as AWSPENDING`);
  }
  const run = await startRun(runtime, event, primary, true);
  try {
    const early = await begin(run, true);
    if (early) return stop(early);
    try {
      await reconcile(run);
      await cleanUpAbandoned(run, primary, stale);
      const full = await makeRoom(run);
      if (full) return stop(full);
    } catch (err) {
      return stop(await rollback(run, 'make-room', err));
    }
    try {
      const named = await create(run);
      if (named) return stop(named);
    } catch (err) {
      return stop(await rollback(run, 'create', err));
    }
    try {
      await verify(run);
    } catch (err) {
      return stop(await rollback(run, 'verify', err));
    }
    const created = run.state.created!;
    const value = serializeSecretValue(run.state.targets[0]!.parsed, created.credential);
    try {
      await run.effects.writePending(primary, value, event.token, {
        step: 'store',
        did: () => `staged the new key ${created.id} as AWSPENDING (version ${event.token})`,
        would: `would stage the new key as AWSPENDING (version ${event.token})`,
      });
    } catch (err) {
      // Refused outright: it is in no target, so it is deleted (R2 row 8 with nothing to restore). A lost
      // answer may have staged it: keep it; the retry finds it staged, or replaces it as this token's orphan.
      if (!mayHaveApplied(err)) return stop(await rollback(run, 'store', err));
      return stop(err);
    }
    return done(`staged the verified key ${created.id} as AWSPENDING`);
  } finally {
    await run.close();
  }
}

/**
 * R3 for a rotation abandoned for good: a later token arrived while an older version still carries
 * AWSPENDING. Secrets Manager runs one rotation of a secret at a time, so that rotation is over: its key
 * (named after its token) is deleted unless a target holds it — after reconcile, only the current key —
 * and the stale label is removed so the secret's labels are consistent again.
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
    await run.effects.clearPending(primary, version, {
      step: 'make-room',
      did: () => `removed AWSPENDING from version ${version} of the abandoned rotation`,
      would: `would remove AWSPENDING from version ${version}`,
    });
  }
}

/** The staged value of this token, or why there is none. */
async function staged(primary: AwsSecretsManagerAdapter, event: RotationStepEvent) {
  return primary.readPending(event.token);
}

export async function setSecret(runtime: AwsRuntime, event: RotationStepEvent): Promise<StepOutcome> {
  const { primary, stages } = await tokenState(runtime, event);
  if (stages?.includes(CURRENT)) return done(`version ${event.token} is already AWSCURRENT`);
  const value = await staged(primary, event);
  if (value === undefined) return stop(nothingStaged(event));
  if (runtime.config.mirrors.length === 0) return done('no mirrors configured: nothing to push');
  const run = await startRun(runtime, event, primary, true);
  try {
    const early = (await begin(run, true)) ?? adoptStaged(run, value, primary.id);
    if (early) return stop(early);
    return await storeToMirrors(run);
  } finally {
    await run.close();
  }
}

/** Writes the staged key to every mirror that lacks it; all or nothing (R2 row 8, the key stays staged). */
async function storeToMirrors(run: RotationRun): Promise<StepOutcome> {
  const newId = run.state.created!.id;
  const lagging = run.state.targets.slice(1).filter((t) => t.keyId !== newId);
  if (lagging.length === 0) return done(`every mirror holds ${newId}`);
  try {
    await store(run, lagging);
  } catch (err) {
    const unrestored = await restoreTargets(run);
    if (unrestored.length) {
      return stop(
        run.finish(
          'needs_attention',
          'rollback_incomplete',
          `writing the new key to the mirrors failed (${describeError(err).message}) and restoring the old key failed ` +
            `for ${unrestored.join(', ')}. Both keys are active; a person must put one working key in every mirror.`,
          err,
        ),
      );
    }
    return stop(err);
  }
  return done(`wrote ${newId} to ${lagging.length} mirror(s)`);
}

export async function testSecret(runtime: AwsRuntime, event: RotationStepEvent): Promise<StepOutcome> {
  const { primary, stages } = await tokenState(runtime, event);
  if (stages?.includes(CURRENT)) return done(`version ${event.token} is already AWSCURRENT`);
  const value = await staged(primary, event);
  if (value === undefined) return stop(nothingStaged(event));
  const run = await startRun(runtime, event, primary, false);
  try {
    const early = (await begin(run, false)) ?? adoptStaged(run, value, primary.id);
    if (early) return stop(early);
    try {
      await verify(run);
    } catch (err) {
      return stop(err); // no rollback: the key stays staged and Secrets Manager retries
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
  if (value === undefined) return stop(nothingStaged(event));
  const run = await startRun(runtime, event, primary, true);
  try {
    const early = (await begin(run, false)) ?? adoptStaged(run, value, primary.id);
    if (early) return stop(early);
    // Mirrors first (setSecret did it, unless one was reverted since), so no target lags the primary.
    const mirrored = await storeToMirrors(run);
    if (mirrored.kind === 'stop') return mirrored;
    try {
      await run.effects.promote(primary, event.token, metadataFor(run), {
        step: 'store',
        did: () => `moved AWSCURRENT to version ${event.token} (${run.state.created!.id})`,
        would: `would move AWSCURRENT to version ${event.token}`,
      });
    } catch (err) {
      return stop(err);
    }
    run.recorder.target(primary.id, { status: 'updated', version: event.token });
    await retire(run);
    await tidy(run);
    return done('rotated', rotated(run, run.state.oldStillActive));
  } finally {
    await run.close();
  }
}

/**
 * finishSecret again after AWSCURRENT moved (a retry after a crash): the old key is the previous one now;
 * it is retired with the new key's session unless its grace period runs (the sweep retires it then).
 */
async function retireAfterFinish(
  runtime: AwsRuntime,
  event: RotationStepEvent,
  primary: AwsSecretsManagerAdapter,
): Promise<StepOutcome> {
  const run = await startRun(runtime, event, primary, true);
  try {
    const early = await begin(run, false);
    if (early) return stop(early);
    try {
      await reconcile(run);
    } catch (err) {
      return stop(err);
    }
    await retirePrevious(run);
    return done(`version ${event.token} is AWSCURRENT; the previous key is retired or in its grace period`);
  } finally {
    await run.close();
  }
}

function nothingStaged(event: RotationStepEvent) {
  return new StagedMissing(
    `version ${event.token} holds no staged key (createSecret has not finished); nothing changed`,
  );
}

import { KeyrollError } from '@keyroll/core';

class StagedMissing extends KeyrollError {
  constructor(message: string) {
    super('nothing_staged', message, { category: 'conflict', retryable: true });
  }
}
