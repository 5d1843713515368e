import { DAY_MS } from '../../clock.ts';
import { serializeSecretValue } from '../../credential.ts';
import { mayHaveApplied, VaultError } from '../../errors.ts';
import type { RotationMetadata } from '../../vault.ts';
import { settleWithLimit } from '../run.ts';
import type { RotationRun } from '../start.ts';
import type { TargetState } from '../state.ts';

/** How many non-primary targets are written at once, unless their adapters pace writes themselves. */
const FAN_OUT_CONCURRENCY = 4;

/** The fan-out width: the narrowest any target asks for (GitHub's follows its write limiter). */
function fanOutWidth(states: TargetState[]): number {
  const asked = states.map((s) => s.adapter.fanOutWidth?.() ?? FAN_OUT_CONCURRENCY);
  return Math.max(1, Math.min(...asked));
}

/** The rotation metadata every target gets with the new key. */
export function metadataFor(run: RotationRun): RotationMetadata {
  const { state } = run;
  const created = state.created!;
  return {
    keyId: created.id,
    previousKeyId: state.targets[0]!.parsed.credential.accessKeyId,
    rotationId: run.rotationId,
    rotatedAt: new Date(run.now()).toISOString(),
    serviceAccount: state.owner!,
    ...(created.expiresOn ? { keyExpiresOn: created.expiresOn.toISOString() } : {}),
  };
}

/**
 * R1 step 8: write the new value to `targets` (default: every target) — the primary first when it is
 * among them, then the rest at once as soon as the primary's write is acknowledged — reading each back
 * where the store allows it. Throws the first
 * failure; the rollback row for `store` restores what was attempted (R2 row 8). Records in the state
 * which targets were attempted and which refused outright (they never held the new key).
 */
export async function store(
  run: RotationRun,
  targets: TargetState[] = run.state.targets,
): Promise<undefined> {
  const { state } = run;
  const metadata = metadataFor(run);
  const vaultExpiresOn = state.created!.expiresOn
    ? new Date(state.created!.expiresOn.getTime() - run.policy.vaultExpiryMarginDays * DAY_MS)
    : undefined;
  const writeOne = (target: TargetState, leaseRenewed: boolean, onWritten?: () => void) => {
    state.attempted.push(target);
    const id = target.adapter.id;
    const value = serializeSecretValue(target.parsed, state.created!.credential);
    return run.effects.write(
      target.adapter,
      value,
      metadata,
      vaultExpiresOn ? { expiresOn: vaultExpiresOn } : {},
      {
        step: 'store',
        did: (r) => `wrote the new key to ${id}${r.version ? ` (version ${r.version})` : ''}`,
        would: `would write the new key to ${id}`,
        target: { id, result: (r) => ({ status: 'updated', ...(r.version ? { version: r.version } : {}) }) },
        leaseRenewed,
        ...(onWritten ? { onWritten } : {}),
        // Only the write's own refusal counts: a failed read-back comes after an applied write.
        onWriteError: (err) => {
          if (!mayHaveApplied(err)) state.refused.set(target, err);
        },
        after: async () => {
          if (!target.adapter.capabilities.readable) return;
          const back = await target.adapter.read();
          if (back.value !== value) {
            throw new VaultError(
              'read_back_mismatch',
              `${id}: reading the new value back returned something else`,
              {
                category: 'internal',
              },
            );
          }
        },
      },
    );
  };
  const writeBatch = async (batch: TargetState[]) => {
    if (batch.length === 0) return;
    // One lease renewal for the concurrent batch: the lease margin covers it.
    await run.recorder.renewLease('store');
    const { failures } = await settleWithLimit(batch, fanOutWidth(batch), (t) =>
      writeOne(t, true).then(() => {}),
    );
    if (failures.length) throw failures[0]!.err;
  };
  const primary = state.targets[0]!;
  const rest = targets.filter((t) => t !== primary);
  if (!targets.includes(primary)) {
    await writeBatch(rest);
    return undefined;
  }
  // The primary is written first: the others start once its write is acknowledged (so a crash leaves
  // the primary ahead, and reconcile brings the others to it), while its read-back runs beside them.
  let written: () => void = () => {};
  let notWritten: (err: unknown) => void = () => {};
  const primaryWritten = new Promise<void>((resolve, reject) => {
    written = resolve;
    notWritten = reject;
  });
  const primaryStep = writeOne(primary, false, () => written());
  primaryStep.then(() => written(), notWritten);
  const [own, others] = await Promise.allSettled([primaryStep, primaryWritten.then(() => writeBatch(rest))]);
  if (own.status === 'rejected') throw own.reason;
  if (others.status === 'rejected') throw others.reason;
  return undefined;
}
