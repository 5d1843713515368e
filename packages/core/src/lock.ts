import { KeyrollError } from './errors.ts';

/**
 * One rotation per secret at a time (R1 step 1). A lease that outlives its holder (crash) can be taken
 * over once it expires or once the provider can prove the holder is gone.
 */
export interface LockHolder {
  owner: string;
  /** Epoch ms when the lease ends. */
  expiresAt: number;
  /** Epoch ms when the holder started, if the provider records it. */
  startedAt?: number;
}

export interface LockLease {
  /** Set when this lease replaced one whose holder is gone (expired lease, dead process). */
  readonly tookOverFrom: LockHolder | undefined;
  release(): Promise<void>;
  /**
   * Optional, for leases shorter than a rotation (a 60 s blob lease): extends the lease, or throws when
   * it is no longer this holder's (expired and taken by another). The engine calls it before every
   * write step, so a holder paused past its lease stops before writing.
   */
  renew?(): Promise<void>;
}

/** The lease is gone: another holder may be rotating. Definite (nothing was written by this check). */
export class LockLostError extends KeyrollError {
  constructor(message: string, cause?: unknown) {
    super('lock_lost', message, { category: 'conflict', retryable: false, cause });
  }
}

/** The steps that change an issuer or a target: each runs only while the lease is still ours. */
export const WRITE_STEPS: ReadonlySet<string> = new Set([
  'reconcile',
  'retire-previous',
  'make-room',
  'create',
  'store',
  'retire',
  'tidy',
]);

/**
 * Before a write step: renews the lease if the provider can. Rollback is not guarded: it undoes this
 * run's own writes (R2), which must happen even when the lease was lost.
 */
export async function holdLeaseFor(step: string, lease: LockLease | null | undefined): Promise<void> {
  if (lease?.renew && WRITE_STEPS.has(step)) await lease.renew();
}

/** What an on-call engineer sees of a lock (`keyroll lock show`). */
export interface LockView extends LockHolder {
  /** Where the holder runs, if recorded (file locks: host and pid; blob locks: host label). */
  host?: string;
  pid?: number;
  /** The holder is provably gone (lease over, or its process is dead on this host): taking over is safe. */
  stale: boolean;
}

export interface LockProvider {
  /** Returns null when another live holder has the lock. */
  acquire(name: string, owner: string, leaseMs: number): Promise<LockLease | null>;
  /** Optional: the current holder, undefined when free (read-only). */
  inspect?(name: string): Promise<LockView | undefined>;
  /**
   * Optional: ends a lock whatever its holder (a stuck lock). Returns whether one was held. Only for a person
   * who knows no rotation runs: a live holder then writes without the lock until its next lease renewal.
   */
  forceRelease?(name: string): Promise<boolean>;
}

/** For one process (a Function instance, a single Action run). */
export class InMemoryLockProvider implements LockProvider {
  private readonly held = new Map<string, LockHolder>();
  constructor(private readonly now: () => number = Date.now) {}

  async acquire(name: string, owner: string, leaseMs: number): Promise<LockLease | null> {
    const current = this.held.get(name);
    if (current && current.expiresAt > this.now()) return null;
    const mine: LockHolder = { owner, expiresAt: this.now() + leaseMs };
    this.held.set(name, mine);
    return {
      tookOverFrom: current,
      release: async () => {
        if (this.held.get(name) === mine) this.held.delete(name);
      },
    };
  }
}
