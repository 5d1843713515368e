import { KeyrollError } from '../errors.ts';
import type { CreateKeyRequest, IssuerSession, NewKey } from '../issuer.ts';
import type { LockLease, LockProvider } from '../lock.ts';
import type {
  RotationBookkeeping,
  RotationMetadata,
  StagingVaultAdapter,
  StoredSecret,
  VaultAdapter,
  WriteOptions,
  WriteReceipt,
} from '../vault.ts';
import type { RunRecorder } from './run.ts';
import type { StepName, TargetResult } from './types.ts';

/**
 * How an effect is reported. Live: one step record (`did`), after renewing the lease unless the batch did;
 * recording (dry run): one `planned` record (`would`), and nothing happens.
 */
export interface Say<T> {
  step: StepName;
  did: (value: T) => string | undefined;
  would: string;
  /** The per-target line of the result, for a target this effect writes. */
  target?: { id: string; result: (value: T) => Omit<TargetResult, 'id'> };
  /** The lease was renewed once for the concurrent batch this effect belongs to. */
  leaseRenewed?: boolean;
}

/**
 * A vault write's extras: a check inside the same step (read-back), who hears of the write's own
 * refusal, and who hears that the write itself was acknowledged (before the check).
 */
export interface WriteSay extends Say<WriteReceipt> {
  after?: (receipt: WriteReceipt) => Promise<void>;
  onWriteError?: (err: unknown) => void;
  onWritten?: (receipt: WriteReceipt) => void;
}

/**
 * Every write a rotation makes, to the issuer or to a vault, goes through here. Steps never call an
 * adapter's or a session's writing method themselves, so a dry run (recording effects) cannot write.
 */
export interface Effects {
  /** False for a dry run. Only the runner looks at it, to plan the steps a dry run cannot take. */
  readonly live: boolean;
  acquireLock(lock: LockProvider, name: string, owner: string, leaseMs: number): Promise<LockLease | null>;
  createKey(session: IssuerSession, request: CreateKeyRequest, say: Say<NewKey>): Promise<NewKey>;
  deleteKey(session: IssuerSession, id: string, say: Say<void>): Promise<void>;
  deactivateKey(session: IssuerSession, id: string, say: Say<void>): Promise<void>;
  write(
    target: VaultAdapter,
    value: string,
    metadata: RotationMetadata,
    options: WriteOptions,
    say: WriteSay,
  ): Promise<WriteReceipt>;
  restore(target: VaultAdapter, previous: StoredSecret, say: Say<WriteReceipt>): Promise<WriteReceipt>;
  disableVersion(target: VaultAdapter, version: string, say: Say<void>): Promise<void>;
  disableSuperseded(target: VaultAdapter, say: Say<string[]>): Promise<string[]>;
  writeBookkeeping(target: VaultAdapter, bookkeeping: RotationBookkeeping, say: Say<void>): Promise<void>;
  writePending(
    target: StagingVaultAdapter,
    value: string,
    token: string,
    say: WriteSay,
  ): Promise<WriteReceipt>;
  promote(
    target: StagingVaultAdapter,
    token: string,
    metadata: RotationMetadata,
    say: Say<WriteReceipt>,
  ): Promise<WriteReceipt>;
  clearPending(target: StagingVaultAdapter, version: string, say: Say<void>): Promise<void>;
}

/** The effects of a real run: each write is one recorded step. */
export function liveEffects(run: RunRecorder): Effects {
  async function apply<T>(say: Say<T>, work: () => Promise<T>): Promise<T> {
    const value = await run.step(say.step, work, say.did, { leaseRenewed: say.leaseRenewed === true });
    if (say.target) run.target(say.target.id, say.target.result(value));
    return value;
  }
  return {
    live: true,
    acquireLock: (lock, name, owner, leaseMs) => run.step('lock', () => lock.acquire(name, owner, leaseMs)),
    createKey: (session, request, say) => apply(say, () => session.createKey(request)),
    deleteKey: (session, id, say) => apply(say, () => session.deleteKey(id)),
    deactivateKey: (session, id, say) => apply(say, () => session.deactivateKey(id)),
    write: (target, value, metadata, options, say) =>
      apply(say, async () => {
        const receipt = await target.write(value, metadata, options).catch((err: unknown) => {
          say.onWriteError?.(err);
          throw err;
        });
        say.onWritten?.(receipt);
        await say.after?.(receipt);
        return receipt;
      }),
    restore: (target, previous, say) => apply(say, () => target.restore(previous)),
    disableVersion: (target, version, say) =>
      apply(say, async () => {
        await target.disableVersion?.(version);
      }),
    disableSuperseded: (target, say) => apply(say, async () => (await target.disableSuperseded?.()) ?? []),
    writeBookkeeping: (target, bookkeeping, say) =>
      apply(say, async () => {
        await target.writeBookkeeping?.(bookkeeping);
      }),
    writePending: (target, value, token, say) =>
      apply(say, async () => {
        const receipt = await target.writePending(value, token);
        await say.after?.(receipt);
        return receipt;
      }),
    promote: (target, token, metadata, say) => apply(say, () => target.promote(token, metadata)),
    clearPending: (target, version, say) => apply(say, () => target.clearPending(version)),
  };
}

/** What a dry run's writes answer: nothing was written, so no version and nothing disabled. */
const NOTHING: WriteReceipt = {};

/**
 * The effects of a dry run: each write is reported as planned and never reaches an adapter or the issuer.
 * A key cannot be created on paper (there is no secret to verify), so createKey refuses: the runner plans
 * the rest instead of calling it.
 */
export function recordingEffects(run: RunRecorder): Effects {
  function plan<T>(say: Say<T>, value: T): Promise<T> {
    run.note(say.step, 'planned', say.would);
    if (say.target) run.target(say.target.id, { status: 'planned', detail: say.would });
    return Promise.resolve(value);
  }
  return {
    live: false,
    acquireLock: async () => {
      run.note('lock', 'planned', 'a dry run takes no lock');
      return { tookOverFrom: undefined, release: async () => {} };
    },
    createKey: async () => {
      throw new KeyrollError('dry_run_create', 'a dry run creates no key', {
        category: 'internal',
        retryable: false,
      });
    },
    deleteKey: (_s, _id, say) => plan(say, undefined),
    deactivateKey: (_s, _id, say) => plan(say, undefined),
    write: (_t, _v, _m, _o, say) => plan(say, NOTHING),
    restore: (_t, _p, say) => plan(say, NOTHING),
    disableVersion: (_t, _v, say) => plan(say, undefined),
    disableSuperseded: (_t, say) => plan(say, []),
    writeBookkeeping: (_t, _b, say) => plan(say, undefined),
    writePending: (_t, _v, _k, say) => plan(say, NOTHING),
    promote: (_t, _k, _m, say) => plan(say, NOTHING),
    clearPending: (_t, _v, say) => plan(say, undefined),
  };
}
