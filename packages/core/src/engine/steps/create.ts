import { DAY_MS } from '../../clock.ts';
import { KeyrollError } from '../../errors.ts';
import type { IssuedKey } from '../../issuer.ts';
import { createAnswerNamesExistingKey } from '../rollback.ts';
import type { RotationRun } from '../start.ts';
import type { RotationResult } from '../types.ts';

/**
 * A key named after this rotation that no target holds: an earlier invocation of this same rotation
 * died between create and store (R3). Its secret was shown once and is lost, so it can only be replaced.
 */
export function ownOrphan(run: RotationRun): IssuedKey | undefined {
  const held = new Set(run.state.targets.map((t) => t.keyId));
  return run.state.keys.find((k) => k.name === run.keyName && !held.has(k.id));
}

export function expiryText(run: RotationRun): string {
  return run.policy.validityDays ? `, expiring in ${run.policy.validityDays} days` : ', without expiry';
}

/**
 * R1 step 6: create the new key, named after the rotation id. Resumable: this rotation's own orphan is
 * deleted first, so there is never more than one key per rotation id. Never retried blindly: a failure
 * is settled by the rollback row (listing keys), not by a second create.
 */
export async function create(run: RotationRun): Promise<RotationResult | undefined> {
  const { state, policy } = run;
  const session = state.session!;
  if (state.keys.some((k) => k.name === run.keyName && state.targets.some((t) => t.keyId === k.id))) {
    // The gate skips a rotation whose key is current; a mirror holding it alone cannot survive reconcile.
    throw new KeyrollError(
      'rotation_id_in_use',
      `a target already holds key ${run.keyName}; not creating another`,
      {
        category: 'conflict',
        retryable: false,
      },
    );
  }
  const orphan = ownOrphan(run);
  // What a rollback may never delete: every key but this rotation's own.
  state.before = new Set(state.keys.filter((k) => k !== orphan).map((k) => k.id));
  if (orphan) {
    await run.effects.deleteKey(session, orphan.id, {
      step: 'create',
      did: () =>
        `deleted ${orphan.id} (${orphan.name}), left by an earlier attempt of this rotation; its secret is lost, so it is replaced`,
      would: `would delete ${orphan.id} (${orphan.name}), left by an earlier attempt of this rotation`,
    });
    state.keys = state.keys.filter((k) => k !== orphan);
  }
  const expiresOn = policy.validityDays ? new Date(run.now() + policy.validityDays * DAY_MS) : undefined;
  const created = await run.effects.createKey(
    session,
    {
      name: run.keyName,
      ...(expiresOn ? { expiresOn } : {}),
      ...(policy.mode === 'admin' ? { owner: state.owner! } : {}),
    },
    {
      step: 'create',
      did: (k) => `created key ${k.id} (${run.keyName})${expiryText(run)}`,
      would: `would create key ${run.keyName} for ${state.owner}${expiryText(run)}`,
    },
  );
  run.redactor.add(created.secretKey);
  if (state.before.has(created.id)) return createAnswerNamesExistingKey(run, created.id);
  run.recorder.newKeyId = created.id;
  const apiUrl = state.targets[0]!.parsed.credential.apiUrl;
  state.created = {
    id: created.id,
    credential: { apiUrl, accessKeyId: created.id, secretKey: created.secretKey },
    ...(expiresOn ? { expiresOn } : {}),
  };
  return undefined;
}
