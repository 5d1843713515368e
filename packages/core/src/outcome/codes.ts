/**
 * The machine-readable words of a rotation result (docs/outcomes.md): its outcome, the reason beside it,
 * and the code of the error that caused a failure. Known values are listed so callers can switch on them;
 * error codes stay open (`string & {}`) because adapters and Prisma Cloud add their own.
 */

export const ROTATION_OUTCOMES = ['rotated', 'skipped', 'rolled_back', 'needs_attention'] as const;
export type RotationOutcome = (typeof ROTATION_OUTCOMES)[number];

/** Why a run did nothing (outcome `skipped`); every one is a success. */
export const SKIP_REASONS = [
  'not_due',
  'too_young',
  'stale_event',
  'in_progress',
  'not_managed',
  'grace_period',
  'dry_run',
  'already_rotated',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** Reasons the engine itself gives for a failed or partial run (beside the codes of errors it met). */
export const ENGINE_REASONS = [
  /** Rotated, but retiring the old key failed; a later run retires it. */
  'old_key_still_active',
  /** A rollback could not finish: a person must put one working key in every target. */
  'rollback_incomplete',
  /** Prisma Cloud rejects the key stored in the primary (self mode). */
  'current_key_rejected',
  /** The key stored in the primary is not a key of the service account. */
  'current_key_unknown',
  /** The create answer named a key that existed before this rotation. */
  'create_answer_names_existing_key',
  /** Delete-then-create (key limit 1) failed after the old key was deleted. */
  'delete_then_create_failed',
] as const;
export type EngineReason = (typeof ENGINE_REASONS)[number];

/** Error codes core and the shipped adapters raise; others (Prisma Cloud's i18n keys) pass through. */
export const KNOWN_ERROR_CODES = [
  'unexpected_error',
  'lock_lost',
  'identity_mismatch',
  'read_back_mismatch',
  'already_have_two_access_keys',
  'invalid_credentials',
  'expired_access_key',
  'non_existing_access_key',
  'rate_limited',
  'timeout',
  'connection_lost',
  'network_error',
  'unexpected_response',
  'unknown_secret',
  'malformed_secret',
  'disallowed_api_host',
  'invalid_policy',
  'invalid_rotation_id',
  'no_targets',
  'duplicate_target',
  'admin_credential_required',
  'service_account_required',
] as const;
export type KnownErrorCode = (typeof KNOWN_ERROR_CODES)[number];
/** An error code: a known one, or an adapter's or Prisma Cloud's own. */
export type ResultErrorCode = KnownErrorCode | (string & {});

export type RotationReason = SkipReason | EngineReason | ResultErrorCode;
