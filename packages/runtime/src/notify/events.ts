import { randomUUID } from 'node:crypto';
import type { RotationResult } from '@keyroll/core';

/**
 * CloudEvents 1.0, structured JSON mode, written by hand: the envelope is six fields, and the `cloudevents`
 * package would add its HTTP/Kafka/MQTT bindings and a JSON-schema validator to every bundle for nothing.
 * Events name keys, targets and versions — never a value.
 */
export type KeyrollEventType =
  | 'keyroll.rotated'
  | 'keyroll.rolled_back'
  | 'keyroll.needs_attention'
  | 'keyroll.escalation';

export interface CloudEvent<T> {
  specversion: '1.0';
  id: string;
  source: string;
  type: KeyrollEventType;
  subject?: string;
  time: string;
  datacontenttype: 'application/json';
  data: T;
}

export interface RotationEventData {
  rotationId: string;
  outcome: RotationResult['outcome'];
  reason?: string;
  message: string;
  serviceAccount?: string;
  oldKeyId?: string;
  newKeyId?: string;
  targets: Array<{ id: string; status: string; version?: string }>;
}

export interface EscalationData {
  serviceAccount?: string;
  /** Which condition fired: repeated failures, an expiring key that was not rotated, or needs_attention. */
  cause: 'consecutive_failures' | 'expiring_key' | 'needs_attention';
  consecutiveFailures?: number;
  keyExpiresOn?: string;
  lastFailure?: string;
  target?: string;
}

const TYPE_FOR: Partial<Record<RotationResult['outcome'], KeyrollEventType>> = {
  rotated: 'keyroll.rotated',
  rolled_back: 'keyroll.rolled_back',
  needs_attention: 'keyroll.needs_attention',
};

/** The event a result warrants, if any (skips and dry runs are not events). */
export function eventForResult(
  result: RotationResult,
  source: string,
  now: () => Date = () => new Date(),
): CloudEvent<RotationEventData> | undefined {
  const type = TYPE_FOR[result.outcome];
  if (!type || result.dryRun) return undefined;
  return {
    specversion: '1.0',
    id: randomUUID(),
    source,
    type,
    ...(result.serviceAccount ? { subject: result.serviceAccount } : {}),
    time: now().toISOString(),
    datacontenttype: 'application/json',
    data: {
      rotationId: result.rotationId,
      outcome: result.outcome,
      ...(result.reason ? { reason: result.reason } : {}),
      message: result.message,
      ...(result.serviceAccount ? { serviceAccount: result.serviceAccount } : {}),
      ...(result.oldKeyId ? { oldKeyId: result.oldKeyId } : {}),
      ...(result.newKeyId ? { newKeyId: result.newKeyId } : {}),
      targets: result.targets.map((t) => ({
        id: t.id,
        status: t.status,
        ...(t.version ? { version: t.version } : {}),
      })),
    },
  };
}

export function escalationEvent(
  data: EscalationData,
  source: string,
  now: () => Date = () => new Date(),
): CloudEvent<EscalationData> {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source,
    type: 'keyroll.escalation',
    ...(data.serviceAccount ? { subject: data.serviceAccount } : {}),
    time: now().toISOString(),
    datacontenttype: 'application/json',
    data,
  };
}
