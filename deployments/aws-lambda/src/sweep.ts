import {
  escalationFor,
  login,
  type RotationResult,
  read,
  reconcile,
  retirePrevious,
  rollback,
  startRotation,
} from '@keyroll/core';
import type { AwsRuntime } from './runtime.ts';

/**
 * The daily sweep for one secret (EventBridge Scheduler → the same Lambda). It never rotates — Secrets
 * Manager does, on its schedule or by `aws secretsmanager rotate-secret` — it finishes what a rotation
 * left for later: the previous key is retired once its grace period is over (and the mirrors brought to
 * the current key first, R3). A rotation in progress (AWSPENDING on another version than AWSCURRENT) is
 * left alone and reported as in progress, so a stuck one fails the sweep every day until a person looks.
 */
export async function sweepSecret(runtime: AwsRuntime, secretId: string, id: string | undefined) {
  const primary = runtime.adapter(secretId);
  const stages = await primary.stages();
  const at = new Date(runtime.clock.now()).toISOString();
  if (stages.pending && stages.pending !== stages.current) {
    return skipped(
      'in_progress',
      `a rotation is in progress (AWSPENDING on version ${stages.pending}); the sweep leaves it to Secrets Manager`,
      at,
    );
  }
  const adminCredential = await runtime.adminCredential();
  const run = startRotation(
    {
      targets: [primary, ...(await runtime.mirrors())],
      trigger: { kind: 'schedule', ...(id ? { id } : {}), detail: 'sweep' },
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
  try {
    try {
      const early = await read(run);
      if (early) return early;
    } catch (err) {
      return rollback(run, 'read', err);
    }
    try {
      const early = await login(run);
      if (early) return early;
    } catch (err) {
      return rollback(run, 'login', err);
    }
    try {
      await reconcile(run);
    } catch (err) {
      return rollback(run, 'reconcile', err);
    }
    await retirePrevious(run);
    const previous = run.state.previous;
    if (previous?.inGrace) {
      return run.finish(
        'skipped',
        'grace_period',
        `the previous key ${previous.key.id} is in its grace period`,
      );
    }
    return run.finish(
      'skipped',
      'not_due',
      previous
        ? `the previous key ${previous.key.id} is retired; nothing else to do (Secrets Manager rotates)`
        : 'nothing to retire; Secrets Manager rotates on its schedule',
    );
  } finally {
    await run.close();
  }
}

/**
 * core's escalation rule after the sweep looked at a secret: a key within escalateExpiryDays of its expiry
 * that is still current (Secrets Manager's schedule did not rotate it) raises keyroll.escalation.
 */
export async function expiringEscalation(runtime: AwsRuntime, secretId: string, result?: RotationResult) {
  const { metadata } = await runtime.adapter(secretId).readMetadata();
  const escalation = escalationFor({
    target: secretId,
    metadata,
    policy: runtime.policy,
    now: runtime.clock.now(),
    ...(result ? { result } : {}),
  });
  return escalation?.cause === 'expiring_key' ? escalation : undefined;
}

function skipped(reason: 'in_progress', message: string, at: string): RotationResult {
  return {
    rotationId: '',
    outcome: 'skipped',
    reason,
    message,
    dryRun: false,
    targets: [],
    steps: [],
    warnings: [],
    startedAt: at,
    finishedAt: at,
  } as RotationResult;
}
