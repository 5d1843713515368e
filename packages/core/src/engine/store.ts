import type { Credential } from '../credential.ts';
import { serializeSecretValue } from '../credential.ts';
import { describeError, mayHaveApplied, VaultError } from '../errors.ts';
import type { RotationMetadata } from '../vault.ts';
import type { TargetState } from './rotate.ts';
import { type RunRecorder, settleWithLimit } from './run.ts';

/** How many non-primary targets are written at once, unless their adapters pace writes themselves. */
const FAN_OUT_CONCURRENCY = 4;

/** The fan-out width: the narrowest any target asks for (GitHub's follows its write limiter). */
function fanOutWidth(states: TargetState[]): number {
  const asked = states.map((s) => s.adapter.fanOutWidth?.() ?? FAN_OUT_CONCURRENCY);
  return Math.max(1, Math.min(...asked));
}

export type StoreOutcome = { ok: true } | { ok: false; error: unknown; restoredAll: boolean; detail: string };

/**
 * R1 step 8 with R2's rollback: writes the new value to the primary first, then to the other targets,
 * reading each back where the store allows it. If any write fails, every target that was attempted is
 * restored to its previous state (a failed write may still have been applied), except targets that refused
 * their write outright (mayHaveApplied false): they never held the new key.
 */
export async function storeEverywhere(input: {
  states: TargetState[];
  fresh: Credential;
  metadata: RotationMetadata;
  vaultExpiresOn?: Date;
  run: RunRecorder;
  /** Delete-then-create has no old key to go back to: keep whatever was stored. */
  restoreOnFailure?: boolean;
}): Promise<StoreOutcome> {
  const { states, fresh, metadata, run } = input;
  const attempted: TargetState[] = [];
  /** Targets whose write was refused outright: they never held the new key, so there is nothing to restore. */
  const refused = new Map<TargetState, unknown>();
  const writeOne = async (state: TargetState) => {
    attempted.push(state);
    const id = state.adapter.id;
    const value = serializeSecretValue(state.parsed, fresh);
    const receipt = await run.step(
      'store',
      async () => {
        const r = await state.adapter
          .write(value, metadata, input.vaultExpiresOn ? { expiresOn: input.vaultExpiresOn } : {})
          .catch((err: unknown) => {
            // Only the write's own refusal counts: a failed read-back comes after an applied write.
            if (!mayHaveApplied(err)) refused.set(state, err);
            throw err;
          });
        if (state.adapter.capabilities.readable) {
          const back = await state.adapter.read();
          if (back.value !== value) {
            throw new VaultError(
              'read_back_mismatch',
              `${id}: reading the new value back returned something else`,
              {
                category: 'internal',
              },
            );
          }
        }
        return r;
      },
      (r) => `wrote the new key to ${id}${r.version ? ` (version ${r.version})` : ''}`,
    );
    run.target(id, { status: 'updated', ...(receipt.version ? { version: receipt.version } : {}) });
  };

  let failure: unknown;
  try {
    await writeOne(states[0]!);
    const rest = states.slice(1);
    const { failures } = await settleWithLimit(rest, fanOutWidth(rest), writeOne);
    if (failures.length) failure = failures[0]!.err;
  } catch (err) {
    failure = err;
  }
  if (failure === undefined) return { ok: true };
  if (input.restoreOnFailure === false) {
    return {
      ok: false,
      error: failure,
      restoredAll: false,
      detail: 'delete-then-create cannot go back to the old key',
    };
  }

  // Restore in reverse order, primary last, so the primary never points at a key other targets lack.
  const unrestored: string[] = [];
  for (const state of attempted.reverse()) {
    const id = state.adapter.id;
    if (refused.has(state)) {
      run.note('rollback', 'skipped', `${id} refused the new key; it still holds the old one`);
      run.target(id, {
        status: 'unchanged',
        detail: `refused the new key: ${describeError(refused.get(state)).message}`,
      });
      continue;
    }
    const previous = {
      ...state.snapshot,
      // Write-only targets: the old value is the current credential in the target's own format.
      value: state.snapshot.value ?? serializeSecretValue(state.parsed, states[0]!.parsed.credential),
    };
    try {
      await run.step(
        'rollback',
        () => state.adapter.restore(previous),
        () => `restored ${id} to the old key`,
      );
      run.target(id, { status: 'restored' });
    } catch (err) {
      unrestored.push(id);
      run.target(id, { status: 'restore_failed', detail: describeError(err).message });
    }
  }
  if (unrestored.length) {
    return {
      ok: false,
      error: failure,
      restoredAll: false,
      detail: `restoring the old key failed for ${unrestored.join(', ')} (they may hold the new key)`,
    };
  }
  return { ok: false, error: failure, restoredAll: true, detail: 'every target was restored' };
}
