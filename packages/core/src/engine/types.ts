import type { Clock } from '../clock.ts';
import type { Credential } from '../credential.ts';
import type { KeyIssuer } from '../issuer.ts';
import type { LockProvider } from '../lock.ts';
import type { Logger } from '../log.ts';
import type { RotationPolicy, RotationPolicyInput } from '../policy.ts';
import type { VaultAdapter } from '../vault.ts';

export interface RotationTrigger {
  kind: 'manual' | 'event' | 'schedule';
  /** The version an event was about. If the primary's current version differs, the event is stale: skip. */
  version?: string;
  /** Event or delivery id, for the audit record. */
  id?: string;
  /** Free text for the audit record, e.g. the event type. */
  detail?: string;
}

export interface RotationRequest {
  /** targets[0] is the primary: the current credential is read from it. All targets get the new key. */
  targets: VaultAdapter[];
  trigger?: RotationTrigger;
  /** Rotate even if the key is younger than the minimum age or not due. */
  force?: boolean;
  /** Report every step that would be taken; change nothing (only reads reach the issuer and vaults). */
  dryRun?: boolean;
}

export interface RotationContext {
  issuer: KeyIssuer;
  policy?: RotationPolicyInput | RotationPolicy;
  /** Default: an in-process lock (enough for one process; use a shared provider across processes). */
  lock?: LockProvider;
  logger?: Logger;
  clock?: Clock;
  /** Origins allowed besides *.prismacloud.io / *.prismacloud.cn (R4). */
  allowedApiOrigins?: readonly string[];
  /** Required in admin mode: the key that manages the service account's keys. */
  adminCredential?: Credential;
  /** Admin mode: whose keys are rotated (default: the metadata's serviceAccount, else the current key's owner). */
  serviceAccount?: string;
  /** Called as each step finishes, for live human output. */
  onStep?: (step: StepRecord) => void;
}

export type RotationOutcome = 'rotated' | 'skipped' | 'rolled_back' | 'needs_attention';

export type StepName =
  | 'lock'
  | 'read'
  | 'check'
  | 'login'
  | 'reconcile'
  | 'retire-previous'
  | 'make-room'
  | 'create'
  | 'verify'
  | 'store'
  | 'retire'
  | 'tidy'
  | 'rollback'
  | 'record';

export interface StepRecord {
  name: StepName;
  status: 'ok' | 'skipped' | 'planned' | 'failed' | 'warned';
  durationMs: number;
  detail?: string;
}

export interface TargetResult {
  id: string;
  status: 'updated' | 'unchanged' | 'restored' | 'restore_failed' | 'repaired' | 'planned';
  version?: string;
  detail?: string;
}

export interface RotationResult {
  rotationId: string;
  outcome: RotationOutcome;
  /** Machine-readable reason: a skip reason (`not_due`, `too_young`, `stale_event`, `in_progress`, `not_managed`, `grace_period`) or an error code. */
  reason?: string;
  /** One sentence a person can act on. */
  message: string;
  dryRun: boolean;
  serviceAccount?: string;
  oldKeyId?: string;
  newKeyId?: string;
  targets: TargetResult[];
  steps: StepRecord[];
  warnings: string[];
  error?: { code: string; message: string; retryable: boolean };
  startedAt: string;
  finishedAt: string;
}
