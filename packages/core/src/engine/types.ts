import type { Clock } from '../clock.ts';
import type { Credential } from '../credential.ts';
import type { KeyIssuer } from '../issuer.ts';
import type { LockProvider } from '../lock.ts';
import type { Logger } from '../log.ts';
import type { ResultErrorCode, RotationOutcome, RotationReason } from '../outcome/codes.ts';
import type { Escalation } from '../outcome/escalation.ts';
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
  /**
   * The rotation's id, which names its new key (`keyroll-<rotationId>`). Default: a fresh time-sortable id.
   * A caller that drives one rotation across invocations (the AWS rotation Lambda's ClientRequestToken)
   * passes the same id each time, so a key left by an earlier invocation is recognised as this rotation's
   * own. 1–64 characters of `A-Z a-z 0-9 . _ -`.
   */
  rotationId?: string;
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

/** The version of the result's shape; bumped only on an incompatible change. */
export const RESULT_SCHEMA_VERSION = 'keyroll.result/v1';

export interface KeyState {
  /** ISO-8601: when the current key was stored (this run, for a rotation). */
  rotatedAt?: string;
  /** ISO-8601 expiry of the current key, if it expires. */
  keyExpiresOn?: string;
  consecutiveFailures: number;
}

export interface RotationResult {
  schemaVersion: typeof RESULT_SCHEMA_VERSION;
  rotationId: string;
  outcome: RotationOutcome;
  /** Machine-readable reason: a skip reason, an engine failure reason or an error code (docs/outcomes.md). */
  reason?: RotationReason;
  /** One sentence a person can act on. */
  message: string;
  dryRun: boolean;
  serviceAccount?: string;
  oldKeyId?: string;
  newKeyId?: string;
  targets: TargetResult[];
  steps: StepRecord[];
  warnings: string[];
  error?: { code: ResultErrorCode; message: string; retryable: boolean };
  /** Set when a person must hear about this secret (keyroll.escalation): see outcome/escalation.ts. */
  escalation?: Escalation;
  /** The primary's key after the run, for metrics (key age, days to expiry, failures in a row); no value. */
  key?: KeyState;
  startedAt: string;
  finishedAt: string;
}
