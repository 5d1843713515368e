import { InMemoryLockProvider } from '../../lock.ts';
import type { RotationRun } from '../start.ts';
import type { RotationResult } from '../types.ts';

/** One process-wide default lock, so two rotations of one secret in this process never overlap. */
const processLock = new InMemoryLockProvider();

/**
 * R1 step 1: one rotation per secret at a time. A held lock is "in progress": stop, nothing changed.
 * The lease is released by `run.close()`.
 */
export async function lock(run: RotationRun): Promise<RotationResult | undefined> {
  const primary = run.request.targets[0]!;
  const provider = run.context.lock ?? processLock;
  const lease = await run.effects.acquireLock(
    provider,
    `keyroll:${primary.id}`,
    run.rotationId,
    run.policy.lockLeaseMinutes * 60_000,
  );
  if (!lease) {
    return run.finish(
      'skipped',
      'in_progress',
      'another rotation of this secret holds the lock; nothing changed',
    );
  }
  run.recorder.lease = lease;
  if (lease.tookOverFrom) {
    run.recorder.warn(`took over the lock of rotation ${lease.tookOverFrom.owner}, whose holder is gone`);
  }
  return undefined;
}
