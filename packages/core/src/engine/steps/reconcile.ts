import { serializeSecretValue } from '../../credential.ts';
import type { RotationMetadata } from '../../vault.ts';
import type { RotationRun } from '../start.ts';

/**
 * R3: a target that holds another key than the primary (a crash between stores) is brought to the
 * current key first; afterwards no target holds any other key, so make-room may delete the rest.
 */
export async function reconcile(run: RotationRun): Promise<undefined> {
  const targets = run.state.targets;
  const primary = targets[0]!;
  const currentId = primary.parsed.credential.accessKeyId;
  for (const state of targets.slice(1).filter((s) => s.keyId !== currentId)) {
    const id = state.adapter.id;
    const value = serializeSecretValue(state.parsed, primary.parsed.credential);
    const metadata: RotationMetadata = { ...primary.snapshot.metadata, keyId: currentId };
    const receipt = await run.effects.write(
      state.adapter,
      value,
      metadata,
      {},
      {
        step: 'reconcile',
        did: () => `${id} held ${state.keyId ?? 'an unknown key'}; now holds ${currentId}`,
        would: `would write the current key ${currentId} to ${id}`,
        target: { id, result: (r) => ({ status: 'repaired', ...(r.version ? { version: r.version } : {}) }) },
      },
    );
    state.keyId = currentId;
    // What a rollback restores and what tidy disables is now the repaired state, not the lagging one
    // (its key may be deleted by make-room in this very run).
    state.snapshot = {
      ...state.snapshot,
      value: state.snapshot.value === undefined ? undefined : value,
      version: receipt.version ?? state.snapshot.version,
      metadata,
    };
  }
  return undefined;
}
