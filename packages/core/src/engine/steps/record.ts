import { describeError } from '../../errors.ts';
import { escalationFor, nextFailureCount } from '../../outcome/escalation.ts';
import type { RotationBookkeeping, SecretHeader } from '../../vault.ts';
import { readHeader } from '../read.ts';
import type { RotationRun } from '../start.ts';
import type { RotationResult } from '../types.ts';

/**
 * R1 step 11: record the outcome. After a failed run (rolled back, needs attention) the failure count and
 * a one-line last failure go to the primary's bookkeeping — the one write allowed on failure — through the
 * run's Effects (a dry run records it, never writes it); a success resets a count left by failures; a skip
 * writes nothing. Best effort: a failed bookkeeping write is a warning and never changes the outcome.
 * Then the escalation decision, the audit log line, and the result through the run's redactor.
 */
export async function record(run: RotationRun, result: RotationResult): Promise<RotationResult> {
  const primary = run.request.targets[0]!;
  const failed = result.outcome === 'rolled_back' || result.outcome === 'needs_attention';
  const header = run.state.header ?? (failed ? await readHeader(primary).catch(() => undefined) : undefined);
  const previous = header?.bookkeeping ?? {};
  const count = nextFailureCount(previous, result);
  const bookkeeping: RotationBookkeeping = {
    consecutiveFailures: count,
    ...(failed
      ? { lastFailure: `${result.finishedAt} ${result.outcome} ${result.reason ?? 'unknown'}` }
      : previous.lastFailure
        ? { lastFailure: previous.lastFailure }
        : {}),
  };
  const resets = result.outcome === 'rotated' && (previous.consecutiveFailures ?? 0) > 0;
  if (failed || resets) await writeBookkeeping(run, header, bookkeeping);
  if (result.outcome === 'rotated') run.recorder.note('record', 'ok', 'audit record written');
  if (header) {
    const expires =
      result.outcome === 'rotated'
        ? run.state.created?.expiresOn?.toISOString()
        : header.metadata.keyExpiresOn;
    const escalation = escalationFor({
      target: primary.id,
      metadata: {
        ...(header.metadata.serviceAccount ? { serviceAccount: header.metadata.serviceAccount } : {}),
        ...(expires ? { keyExpiresOn: expires } : {}),
        ...bookkeeping,
      },
      policy: run.policy,
      now: run.now(),
      result,
    });
    if (escalation) result.escalation = escalation;
    const rotatedAt = result.outcome === 'rotated' ? result.finishedAt : header.metadata.rotatedAt;
    result.key = {
      consecutiveFailures: count,
      ...(rotatedAt ? { rotatedAt } : {}),
      ...(expires ? { keyExpiresOn: expires } : {}),
    };
  }
  result.warnings = run.recorder.warnings;
  run.log.info('rotation finished', { audit: auditRecord(run, result) });
  return run.redactor.redact(result);
}

async function writeBookkeeping(
  run: RotationRun,
  header: SecretHeader | undefined,
  bookkeeping: RotationBookkeeping,
): Promise<void> {
  const primary = run.request.targets[0]!;
  if (!primary.writeBookkeeping) {
    run.log.debug(`${primary.id} keeps no failure bookkeeping; escalation counts from the run alone`);
    return;
  }
  if (!header) {
    run.recorder.warn(`the failure count of ${primary.id} was not updated: its metadata could not be read`);
    return;
  }
  try {
    await run.effects.writeBookkeeping(primary, bookkeeping, {
      step: 'record',
      did: () => `failure count ${bookkeeping.consecutiveFailures} recorded in ${primary.id}`,
      would: `would record failure count ${bookkeeping.consecutiveFailures} in ${primary.id}`,
      // The one write allowed on failure, also after a lost lease: it touches no value.
      leaseRenewed: true,
    });
  } catch (err) {
    run.recorder.warn(`could not record the failure count in ${primary.id}: ${describeError(err).message}`);
  }
}

function auditRecord(run: RotationRun, result: RotationResult): Record<string, unknown> {
  return {
    event: 'keyroll.rotation',
    rotationId: result.rotationId,
    outcome: result.outcome,
    reason: result.reason,
    serviceAccount: result.serviceAccount,
    oldKeyId: result.oldKeyId,
    newKeyId: result.newKeyId,
    trigger: run.request.trigger,
    targets: result.targets,
    steps: result.steps.map((s) => `${s.name}:${s.status}:${s.durationMs}ms`),
    durationMs: Date.parse(result.finishedAt) - Date.parse(result.startedAt),
  };
}
