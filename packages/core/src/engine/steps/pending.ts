import { parseSecretValue, serializeSecretValue } from '../../credential.ts';
import { InputError, VaultError } from '../../errors.ts';
import type { StagingVaultAdapter, WriteReceipt } from '../../vault.ts';
import type { RotationRun } from '../start.ts';
import { metadataFor } from './store.ts';

/**
 * Steps for a rotation driven one step per invocation through a staging target (the AWS rotation
 * Lambda): the verified new value is staged under the rotation id, later invocations pick it up from
 * there (`adoptNewKey`), and `promote` makes it current. Every write goes through the run's Effects.
 */

/**
 * Resuming after create in a later invocation: takes the new key from its staged value. It must be a key
 * of the account (listed at login) named after this rotation, so a staged value is never trusted alone.
 */
export function adoptNewKey(run: RotationRun, stagedValue: string): void {
  const { state } = run;
  const where = `${run.request.targets[0]!.id} (pending ${run.rotationId})`;
  const parsed = parseSecretValue(stagedValue, where);
  run.redactor.add(parsed.credential.secretKey);
  const key = state.keys.find((k) => k.id === parsed.credential.accessKeyId);
  if (!key || key.name !== run.keyName) {
    throw new InputError(
      'pending_key_unknown',
      `${where} holds key ${parsed.credential.accessKeyId}, which is not a key of ${state.owner} named ${run.keyName}`,
    );
  }
  state.before = new Set(state.keys.filter((k) => k !== key).map((k) => k.id));
  state.created = {
    id: key.id,
    credential: { ...parsed.credential, apiUrl: state.targets[0]!.parsed.credential.apiUrl },
    ...(key.expiresOn ? { expiresOn: key.expiresOn } : {}),
  };
  run.recorder.newKeyId = key.id;
}

/** Stages the verified new value in `target` under the rotation id, and reads it back. */
export async function storePending(run: RotationRun, target: StagingVaultAdapter): Promise<WriteReceipt> {
  const primary = run.state.targets.find((t) => t.adapter === target) ?? run.state.targets[0]!;
  const value = serializeSecretValue(primary.parsed, run.state.created!.credential);
  return run.effects.writePending(target, value, run.rotationId, {
    step: 'store',
    did: () => `staged the new key in ${target.id} as pending ${run.rotationId}`,
    would: `would stage the new key in ${target.id} as pending ${run.rotationId}`,
    target: {
      id: target.id,
      result: (r) => ({ status: 'updated', ...(r.version ? { version: r.version } : {}), detail: 'pending' }),
    },
    after: async () => {
      if ((await target.readPending(run.rotationId)) !== value) {
        throw new VaultError(
          'read_back_mismatch',
          `${target.id}: the pending value read back is something else`,
          {
            category: 'internal',
          },
        );
      }
    },
  });
}

/** Makes the staged value current in `target`, with the rotation metadata (finishSecret). */
export async function promote(run: RotationRun, target: StagingVaultAdapter): Promise<WriteReceipt> {
  return run.effects.promote(target, run.rotationId, metadataFor(run), {
    step: 'store',
    did: (r) =>
      `made pending ${run.rotationId} current in ${target.id}${r.version ? ` (version ${r.version})` : ''}`,
    would: `would make pending ${run.rotationId} current in ${target.id}`,
    target: {
      id: target.id,
      result: (r) => ({ status: 'updated', ...(r.version ? { version: r.version } : {}) }),
    },
  });
}

/** Removes the pending mark of an abandoned rotation's version (its key is cleaned up by make-room/create). */
export async function clearPending(
  run: RotationRun,
  target: StagingVaultAdapter,
  version: string,
): Promise<void> {
  await run.effects.clearPending(target, version, {
    step: 'tidy',
    did: () => `removed the pending mark from version ${version} of ${target.id}`,
    would: `would remove the pending mark from version ${version} of ${target.id}`,
  });
}
