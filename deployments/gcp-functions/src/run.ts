import {
  type LockLease,
  type LockProvider,
  type Logger,
  RESULT_SCHEMA_VERSION,
  type RotationResult,
  resolvePolicy,
} from '@keyroll/core';
import { findSecretName, sameSecret } from '@keyroll/vault-gcp-secret-manager';
import type { Dispatch } from './events.ts';
import type { GcpRuntime, RotateOptions } from './runtime.ts';

/** What one rotation request came to: the engine's result, or nothing to do (and why). */
export type Handled = { kind: 'result'; result: RotationResult } | { kind: 'noop'; reason: string };

type RotateDispatch = Extract<Dispatch, { kind: 'rotate' | 'rotate-if-new' }>;

/**
 * Runs a rotation request. Two kinds must decide under the secret's lock, before the engine runs (which
 * then reuses the same lease):
 * - SECRET_VERSION_ADD: "is this the first value of a new secret?" — outside the lock, a stalled delivery
 *   would see the state before a concurrent rotation finished and rotate a second time;
 * - a manual request with an idempotency key: it is recorded in the secret's annotations under the lock,
 *   so a redelivery, or a duplicate arriving at the same time, finds the record and does nothing.
 */
export async function handleRotation(
  runtime: GcpRuntime,
  dispatch: RotateDispatch,
  log: Logger,
): Promise<Handled> {
  const secret = dispatch.secret;
  if (dispatch.kind === 'rotate' && (dispatch.requestId === undefined || dispatch.dryRun)) {
    // SECRET_ROTATE (duplicates are absorbed by the minimum age) and dry runs (they change nothing).
    return result(await runtime.rotate(secret, options(dispatch)));
  }
  const requestId = dispatch.kind === 'rotate' ? dispatch.requestId : undefined;
  const requests = requestId === undefined ? undefined : runtime.requestLog(secret);
  const adapter = await runtime.adapter(secret);
  const lockName = `keyroll:${adapter.id}`;
  const owner = `keyroll-fn-${dispatch.trigger.id ?? 'request'}`.replace(/\|/g, '-');
  const leaseMs = resolvePolicy(runtime.config.policy).lockLeaseMinutes * 60_000;
  const lease = await runtime.lock.acquire(lockName, owner, leaseMs);
  if (!lease) {
    // Someone holds the lock. A request already recorded is being (or was) handled: nothing to do.
    const record = requestId === undefined ? undefined : await requests?.find(requestId);
    if (record && requestId !== undefined) return noop(`request ${requestId} is already ${record.state}`);
    return result(inProgress(runtime, 'another rotation of this secret holds the lock; nothing changed'));
  }
  try {
    if (dispatch.kind === 'rotate-if-new') {
      const fresh = await adapter.isNewlySeeded();
      if (!fresh) return noop('a version was added to a secret that already has history');
      log.info('a first value was added to a managed secret: rotating it now so no person knows a live key', {
        secretName: secret,
      });
      // The pasted key is minutes old; the minimum age would skip it.
      return result(
        await runtime.rotate(secret, { ...options(dispatch), force: true }, heldLock(runtime, secret, lease)),
      );
    }
    const existing = await requests!.claim(requestId!);
    if (existing) {
      return noop(
        `request ${requestId} was already handled (${existing.state} at ${new Date(existing.at).toISOString()})`,
      );
    }
    let rotated: RotationResult;
    try {
      rotated = await runtime.rotate(secret, options(dispatch), heldLock(runtime, secret, lease));
    } catch (err) {
      // Thrown = nothing was changed (bad input or configuration, or a failure before the engine ran):
      // forget the request so its retry, or the same request sent again after a fix, is handled.
      await requests!.unclaim(requestId!).catch((e: unknown) => {
        log.warn('could not forget a request that changed nothing; a repeat of it will be a no-op', {
          secretName: secret,
          error: e,
        });
      });
      throw err;
    }
    await requests!.finish(requestId!).catch((err: unknown) => {
      // The `started` record still stops a second rotation; only its state is stale.
      log.warn('could not mark the request done; its started record still blocks duplicates', {
        secretName: secret,
        error: err,
      });
    });
    return result(rotated);
  } finally {
    await lease.release().catch((err: unknown) => {
      log.warn('could not release the rotation lock; it expires with its lease', {
        secretName: secret,
        error: err,
      });
    });
  }
}

function options(dispatch: RotateDispatch): RotateOptions {
  return dispatch.kind === 'rotate'
    ? { trigger: dispatch.trigger, force: dispatch.force, dryRun: dispatch.dryRun }
    : { trigger: dispatch.trigger };
}

/** The lock the engine sees: the lease this request already holds for its secret, the real one otherwise. */
function heldLock(runtime: GcpRuntime, secret: string, lease: LockLease): LockProvider {
  return {
    acquire: async (name, owner, leaseMs) => {
      const named = findSecretName(name);
      if (named && sameSecret(named, secret)) {
        // Released by handleRotation, after the request's record is written.
        return { tookOverFrom: lease.tookOverFrom, release: async () => {} };
      }
      return runtime.lock.acquire(name, owner, leaseMs);
    },
  };
}

const result = (r: RotationResult): Handled => ({ kind: 'result', result: r });
const noop = (reason: string): Handled => ({ kind: 'noop', reason });

/** The engine's own "in progress" skip, for a lock this layer found held. */
function inProgress(runtime: GcpRuntime, message: string): RotationResult {
  const at = new Date(runtime.clock.now()).toISOString();
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    rotationId: '',
    outcome: 'skipped',
    reason: 'in_progress',
    message,
    dryRun: false,
    targets: [],
    steps: [],
    warnings: [],
    startedAt: at,
    finishedAt: at,
  };
}
