import type { RotationResult, RotationTrigger } from '@keyroll/core';

/**
 * One audit record per rotation attempt, skipped and failed ones included. The schema is stable: fields
 * are only ever added (docs/audit.md). Key ids and target ids are recorded; values never.
 */
export const AUDIT_SCHEMA = 'keyroll.audit/v1';

export interface AuditRecord {
  schema: typeof AUDIT_SCHEMA;
  /** Marks the line in a platform log, so a log query can select audit records exactly. */
  event: 'keyroll.audit';
  rotationId: string;
  time: string;
  outcome: RotationResult['outcome'];
  reason: string | null;
  dryRun: boolean;
  serviceAccount: string | null;
  oldKeyId: string | null;
  newKeyId: string | null;
  trigger: { kind: RotationTrigger['kind']; id: string | null; detail: string | null } | null;
  targets: Array<{ id: string; status: string; version: string | null }>;
  steps: Array<{ name: string; status: string; durationMs: number }>;
  durationMs: number;
  errorCode: string | null;
  /** Who ran it: `cli`, `azure-functions`, `gcp-functions`, `github-action`, `aws-lambda`. */
  runner: string;
}

export function auditRecordFor(
  result: RotationResult,
  runner: string,
  trigger?: RotationTrigger,
): AuditRecord {
  return {
    schema: AUDIT_SCHEMA,
    event: 'keyroll.audit',
    rotationId: result.rotationId,
    time: result.finishedAt,
    outcome: result.outcome,
    reason: result.reason ?? null,
    dryRun: result.dryRun,
    serviceAccount: result.serviceAccount ?? null,
    oldKeyId: result.oldKeyId ?? null,
    newKeyId: result.newKeyId ?? null,
    trigger: trigger ? { kind: trigger.kind, id: trigger.id ?? null, detail: trigger.detail ?? null } : null,
    targets: result.targets.map((t) => ({ id: t.id, status: t.status, version: t.version ?? null })),
    steps: result.steps.map((s) => ({ name: s.name, status: s.status, durationMs: s.durationMs })),
    durationMs: Math.max(0, Date.parse(result.finishedAt) - Date.parse(result.startedAt)) || 0,
    errorCode: result.error?.code ?? null,
    runner,
  };
}
