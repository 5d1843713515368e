import { escalationFor, type RotationResult, record, runSteps, startRotation } from '@keyroll/core';
import { tidyPrevious } from './rotation.ts';
import type { AwsRuntime } from './runtime.ts';

/**
 * The daily sweep for one secret (EventBridge Scheduler → the same Lambda). It never rotates — Secrets
 * Manager does, on its schedule or by `aws secretsmanager rotate-secret` — it finishes what a rotation
 * left for later: the engine's read, login, reconcile (mirrors brought to the current key, R3) and
 * retire-previous (the previous key deactivated once its grace period is over, R1 step 9). A rotation in
 * progress (AWSPENDING on another version than AWSCURRENT) is left alone and reported as in progress, so
 * a stuck one fails the sweep every day until a person looks.
 */
export async function sweepSecret(
  runtime: AwsRuntime,
  secretId: string,
  id: string | undefined,
): Promise<RotationResult> {
  const primary = runtime.adapter(secretId);
  const stages = await primary.stages();
  const run = startRotation(
    {
      targets: [primary, ...(await runtime.mirrors())],
      trigger: { kind: 'schedule', ...(id ? { id } : {}), detail: 'sweep' },
    },
    runtime.engineContext(await runtime.adminCredential()),
  );
  try {
    if (stages.pending && stages.pending !== stages.current) {
      return await record(
        run,
        run.finish(
          'skipped',
          'in_progress',
          `a rotation is in progress (AWSPENDING on version ${stages.pending}); the sweep leaves it to Secrets Manager`,
        ),
      );
    }
    const early = await runSteps(run, ['read', 'login', 'reconcile', 'retire-previous']);
    if (early) return await record(run, early);
    const previous = run.state.previous;
    if (previous?.key.status === 'inactive') await tidyPrevious(run, primary);
    const result = previous?.inGrace
      ? run.finish(
          'skipped',
          'grace_period',
          `the previous key ${previous.key.id} is in its grace period${previous.usage ? ` (${previous.usage})` : ''}`,
        )
      : run.finish(
          'skipped',
          'not_due',
          previous
            ? `the previous key ${previous.key.id} was retired; Secrets Manager rotates on its schedule`
            : 'nothing to retire; Secrets Manager rotates on its schedule',
        );
    return await record(run, result);
  } finally {
    await run.close();
  }
}

/**
 * core's escalation rule after the sweep looked at a secret: a key within escalateExpiryDays of its expiry
 * that is still current (Secrets Manager's schedule did not rotate it) raises keyroll.escalation.
 */
export async function expiringEscalation(runtime: AwsRuntime, secretId: string, result?: RotationResult) {
  if (result?.escalation) return result.escalation.cause === 'expiring_key' ? result.escalation : undefined;
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
