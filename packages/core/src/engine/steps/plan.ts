import type { RotationRun } from '../start.ts';
import type { RotationResult } from '../types.ts';
import { expiryText } from './create.ts';

/**
 * A dry run stops before create: a key cannot be made on paper, so the steps from create on are
 * reported as planned from what the run read. Everything before ran for real, with recording effects.
 */
export function planRest(run: RotationRun): RotationResult {
  const { recorder, state, policy } = run;
  recorder.note('create', 'planned', `would create key ${run.keyName} for ${state.owner}${expiryText(run)}`);
  recorder.note(
    'verify',
    'planned',
    'would log in with the new key and confirm it belongs to the same account',
  );
  for (const s of state.targets) {
    recorder.note('store', 'planned', `would write the new key to ${s.adapter.id}`);
    recorder.target(s.adapter.id, { status: 'planned' });
  }
  recorder.note(
    'retire',
    'planned',
    policy.graceHours > 0
      ? `would keep the old key active for ${policy.graceHours} h`
      : `would deactivate the old key ${recorder.oldKeyId}`,
  );
  const versioned = state.targets.filter((s) => s.adapter.capabilities.versioned && s.snapshot.version);
  if (versioned.length)
    recorder.note('tidy', 'planned', `would disable ${versioned.length} superseded version(s)`);
  return run.finish('skipped', 'dry_run', `dry run: would rotate key ${recorder.oldKeyId}; nothing changed`);
}
