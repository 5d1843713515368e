/**
 * One rotation per secret at a time (R1 step 1). A lease that outlives its holder (crash) can be taken
 * over once it expires or once the provider can prove the holder is gone.
 */
export interface LockHolder {
  owner: string;
  /** Epoch ms when the lease ends. */
  expiresAt: number;
}

export interface LockLease {
  /** Set when this lease replaced one whose holder is gone (expired lease, dead process). */
  readonly tookOverFrom: LockHolder | undefined;
  release(): Promise<void>;
}

export interface LockProvider {
  /** Returns null when another live holder has the lock. */
  acquire(name: string, owner: string, leaseMs: number): Promise<LockLease | null>;
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
