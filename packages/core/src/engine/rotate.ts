import type { RotationRun } from './start.ts';
import { startRotation } from './start.ts';
import { planRest, record, rotated, runSteps } from './steps/index.ts';
import type { RotationContext, RotationRequest, RotationResult } from './types.ts';

/**
 * Rotates the credential held by `request.targets` (targets[0] is the primary) following the rotation
 * rules: lock → read → check → login → reconcile → retire-previous → gate → make-room → create → verify →
 * store → retire → tidy → record, applying the R2 row of a step that fails (engine/rollback.ts), so that
 * every target always holds a working key (R0). The steps are in engine/steps/, each over the run's Effects.
 *
 * Throws ConfigError/InputError for bad configuration or malformed input (nothing changed);
 * every other failure is reported in the result.
 */
export async function rotateCredential(
  request: RotationRequest,
  context: RotationContext,
): Promise<RotationResult> {
  const run = startRotation(request, context);
  try {
    return await record(run, await execute(run));
  } catch (err) {
    throw run.redactor.scrubError(err);
  } finally {
    await run.close();
  }
}

async function execute(run: RotationRun): Promise<RotationResult> {
  const stop = await runSteps(run, [
    'lock',
    'read',
    'check',
    'login',
    'reconcile',
    'retire-previous',
    'gate',
    'make-room',
  ]);
  if (stop) return stop;
  // Recording effects cannot create a key: a dry run reports the rest as planned.
  if (!run.effects.live) return planRest(run);
  return (
    (await runSteps(run, ['create', 'verify', 'store', 'retire', 'tidy'])) ??
    rotated(run, run.state.oldStillActive)
  );
}
