/**
 * Fault injection shared by every fake. A fake names each call it serves (e.g. `POST /access_keys`,
 * `AddSecretVersion`, `PUT /repos/:owner/:repo/actions/secrets/:name`) and asks `take(call)` whether
 * to misbehave on it.
 */
export type FaultKind =
  /** Answer with an error status (HTTP status or gRPC code) without applying the change. */
  | 'error'
  /** Never answer and never apply; the client's timeout fires. */
  | 'timeout'
  /** Wait `delayMs` (or until `until` settles), then serve normally. */
  | 'delay'
  /** Apply the change, then destroy the connection: the client cannot know it was applied. */
  | 'drop-after-apply'
  /** Apply the change, then never answer (with onHit, a test can "kill the process" at this point). */
  | 'hang-after-apply'
  /** Apply the change, then answer with what `rewrite` makes of the real answer (a server that lies). */
  | 'rewrite';

export interface FaultRule {
  /** Exact call name, a RegExp over it, or a predicate. */
  match: string | RegExp | ((call: string, detail?: unknown) => boolean);
  kind: FaultKind;
  /** For 'error': HTTP status (or gRPC code for gRPC fakes). */
  status?: number;
  /** Extra response headers for 'error' (e.g. Retry-After, x-redlock-status). */
  headers?: Record<string, string>;
  body?: string;
  delayMs?: number;
  /**
   * For 'delay' where the fake supports it (the Prisma simulator): hold the call until this settles, so a
   * test can order events by cause ("serve the second account only once the first one's alert is in")
   * instead of by time.
   */
  until?: Promise<unknown>;
  /** How many matching calls to affect (default 1; Infinity for all). */
  times?: number;
  /** Let this many matching calls through first. */
  skip?: number;
  /** For 'rewrite': turns the real answer into the one sent. */
  rewrite?: (answer: { status: number; body?: unknown }) => { status: number; body?: unknown };
  /** Called when the fault fires. */
  onHit?: (call: string) => void;
  /** For 'hang-after-apply' where the fake supports it: called once the change is applied (the "crash" point). */
  onApplied?: (call: string) => void;
}

export interface FaultHit {
  call: string;
  kind: FaultKind;
}

export class FaultInjector {
  private rules: Array<FaultRule & { remaining: number; toSkip: number }> = [];
  readonly hits: FaultHit[] = [];

  add(rule: FaultRule): this {
    this.rules.push({ ...rule, remaining: rule.times ?? 1, toSkip: rule.skip ?? 0 });
    return this;
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault to apply to this call, if any (consumes one use of the rule). */
  take(call: string, detail?: unknown): FaultRule | undefined {
    for (const rule of this.rules) {
      if (rule.remaining <= 0 || !matches(rule.match, call, detail)) continue;
      if (rule.toSkip > 0) {
        rule.toSkip--;
        continue;
      }
      rule.remaining--;
      this.hits.push({ call, kind: rule.kind });
      rule.onHit?.(call);
      return rule;
    }
    return undefined;
  }
}

function matches(m: FaultRule['match'], call: string, detail: unknown): boolean {
  if (typeof m === 'string') return m === call;
  if (m instanceof RegExp) return m.test(call);
  return m(call, detail);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
