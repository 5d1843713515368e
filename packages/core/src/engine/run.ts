import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { describeError } from '../errors.ts';
import { holdLeaseFor, type LockLease } from '../lock.ts';
import type { Logger } from '../log.ts';
import type { RotationOutcome, RotationReason } from '../outcome/codes.ts';
import { dispositionFor } from '../outcome/table.ts';
import {
  RESULT_SCHEMA_VERSION,
  type RotationResult,
  type StepName,
  type StepRecord,
  type TargetResult,
} from './types.ts';

/** A rotation id sorts by time and is unique: `20261123T092542Z-1a2b3c4d`. */
export function newRotationId(now: number): string {
  const stamp = new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

/** The issuer-side name of the key a rotation creates: says keyroll made it, when, and which rotation. */
export function keyNameFor(rotationId: string): string {
  return `keyroll-${rotationId}`;
}

/** Records steps, warnings and per-target results of one rotation and builds its result. */
export class RunRecorder {
  readonly steps: StepRecord[] = [];
  readonly warnings: string[] = [];
  private readonly targets = new Map<string, TargetResult>();
  readonly startedAt: number;
  oldKeyId: string | undefined;
  newKeyId: string | undefined;
  serviceAccount: string | undefined;
  /** The rotation's lock lease: renewed before each write step (holdLeaseFor). */
  lease: LockLease | null = null;

  constructor(
    readonly rotationId: string,
    readonly dryRun: boolean,
    targetIds: readonly string[],
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly onStep?: (step: StepRecord) => void,
  ) {
    this.startedAt = clock.now();
    for (const id of targetIds) this.targets.set(id, { id, status: 'unchanged' });
  }

  /**
   * Runs one step, timing it and recording ok/failed. Rethrows failures. A write step renews the lease
   * first, unless the caller renewed it once for a concurrent batch (`leaseRenewed`).
   */
  async step<T>(
    name: StepName,
    work: () => Promise<T>,
    detail?: (value: T) => string | undefined,
    options: { leaseRenewed?: boolean } = {},
  ): Promise<T> {
    const start = this.clock.now();
    try {
      if (!options.leaseRenewed) await holdLeaseFor(name, this.lease);
      const value = await work();
      this.note(name, 'ok', detail?.(value), start);
      return value;
    } catch (err) {
      this.note(name, 'failed', describeError(err).message, start);
      throw err;
    }
  }

  /** Renews the lease once before a batch of concurrent writes (the lease margin covers the batch). */
  async renewLease(name: StepName): Promise<void> {
    await holdLeaseFor(name, this.lease);
  }

  note(name: StepName, status: StepRecord['status'], detail?: string, start = this.clock.now()): void {
    const step: StepRecord = { name, status, durationMs: Math.max(0, this.clock.now() - start) };
    if (detail) step.detail = detail;
    this.steps.push(step);
    const level = status === 'failed' ? 'error' : status === 'warned' ? 'warn' : 'info';
    this.log[level](`step ${name}: ${status}`, { step: name, status, ...(detail ? { detail } : {}) });
    this.onStep?.(step);
  }

  warn(message: string): void {
    this.warnings.push(message);
    this.log.warn(message);
  }

  target(id: string, update: Omit<TargetResult, 'id'>): void {
    this.targets.set(id, { id, ...update });
  }

  finish(
    outcome: RotationOutcome,
    reason: RotationReason | undefined,
    message: string,
    err?: unknown,
  ): RotationResult {
    const result: RotationResult = {
      schemaVersion: RESULT_SCHEMA_VERSION,
      rotationId: this.rotationId,
      outcome,
      message,
      dryRun: this.dryRun,
      targets: [...this.targets.values()],
      steps: this.steps,
      warnings: this.warnings,
      startedAt: new Date(this.startedAt).toISOString(),
      finishedAt: new Date(this.clock.now()).toISOString(),
    };
    if (reason) result.reason = reason;
    if (this.serviceAccount) result.serviceAccount = this.serviceAccount;
    if (this.oldKeyId) result.oldKeyId = this.oldKeyId;
    if (this.newKeyId) result.newKeyId = this.newKeyId;
    if (err !== undefined) result.error = describeError(err);
    return result;
  }
}

/** Exit codes of the rotation rules: 0 rotated/skipped, 1 rolled back cleanly, 3 needs attention (the outcome table). */
export function exitCodeFor(result: Pick<RotationResult, 'outcome'>): 0 | 1 | 3 {
  return dispositionFor({ outcome: result.outcome }).exitCode as 0 | 1 | 3;
}

/** HTTP status for a rotation result (manual-dispatch endpoints), from the outcome table. */
export function httpStatusFor(result: Pick<RotationResult, 'outcome' | 'reason'>): 200 | 409 | 500 | 502 {
  return dispositionFor(result).httpStatus as 200 | 409 | 500 | 502;
}

/** Runs `work` over items with at most `limit` in flight; waits for every started item before rejecting. */
export async function settleWithLimit<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<{ failures: Array<{ item: T; err: unknown }> }> {
  const failures: Array<{ item: T; err: unknown }> = [];
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length && failures.length === 0) {
      const item = items[next++] as T;
      await work(item).catch((err: unknown) => {
        failures.push({ item, err });
      });
    }
  });
  await Promise.all(lanes);
  return { failures };
}
