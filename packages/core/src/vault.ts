/**
 * A target: one place a credential is stored and read from by consumers. An adapter is bound to one
 * secret (a Key Vault secret, a Secret Manager secret, a set of GitHub secrets, a file).
 */

/** Non-secret rotation metadata kept beside the value (tags, labels, Actions variables, a sidecar file). */
export interface RotationMetadata {
  /** Access key id of the credential in this target. */
  keyId?: string;
  /** The key this target held before the last rotation; still active means retire did not happen yet (R3). */
  previousKeyId?: string;
  rotationId?: string;
  /** ISO-8601. */
  rotatedAt?: string;
  /** ISO-8601 expiry of `keyId` in the issuer, if it expires. */
  keyExpiresOn?: string;
  serviceAccount?: string;
}

/**
 * Failure bookkeeping kept beside the rotation metadata (issue 9): written after a run that did not
 * rotate (the one write allowed on failure), reset by the next successful rotation, read by escalation.
 */
export interface RotationBookkeeping {
  /** Failed rotations in a row (rolled back or needing attention); 0 or absent after a success. */
  consecutiveFailures?: number;
  /** One line on the last failure: ISO time, outcome and reason; never a value. */
  lastFailure?: string;
}

export interface VaultCapabilities {
  /** false for write-only stores (GitHub secrets): the current value must be supplied by the caller. */
  readable: boolean;
  /** true when a write creates a new version and old versions can be disabled. */
  versioned: boolean;
  /**
   * How long this store's consumers may keep reading the previous value after a write (Key Vault
   * references refresh within 24 h). Deployments and the CLI use it as the default grace (R1 step 9).
   */
  consumerWindowHours?: number;
}

export interface StoredSecret {
  /** The current value; undefined when the store is write-only and no value was supplied. */
  value: string | undefined;
  /** Version id of the current value, for versioned stores. */
  version: string | undefined;
  metadata: RotationMetadata;
  bookkeeping?: RotationBookkeeping;
  /** Marked as managed by keyroll (tag/label/variable, or named explicitly in configuration). */
  managed: boolean;
  /** Expiry the store itself keeps (Key Vault `exp`), if any. */
  expiresOn?: Date;
}

export interface WriteOptions {
  /** Expiry to record in the store (Key Vault `expiresOn`), derived from the key's expiry by policy. */
  expiresOn?: Date;
}

export interface WriteReceipt {
  /** Version created by the write, for versioned stores. */
  version?: string;
}

/** What a target says about its secret without its value: enough to decide whether to read on. */
export interface SecretHeader {
  managed: boolean;
  metadata: RotationMetadata;
  bookkeeping?: RotationBookkeeping;
  version?: string | undefined;
}

export interface VaultAdapter {
  /** Stable, human-readable identity of the target, e.g. `file:/etc/keyroll/prisma.json`. Never secret. */
  readonly id: string;
  readonly capabilities: VaultCapabilities;
  /**
   * Reads the managed mark and metadata, never the value (R1 step 2, R4: a secret that is not ours is
   * ignored before its value is read). Throws VaultError(not_found) for a missing secret.
   */
  readMetadata(): Promise<SecretHeader>;
  /** Reads the current value and metadata. Throws VaultError(not_found) for a missing secret. */
  read(): Promise<StoredSecret>;
  /**
   * Read-only check, run after read() and before anything is created or written anywhere: the target is
   * writable, the value's format and the store's limits (tag counts, sizes) fit a rotation, side files
   * parse. Throws ConfigError or InputError (a usage/configuration problem, nothing touched); other
   * errors mean the check itself could not run.
   */
  check(): Promise<void>;
  /** Writes a new value with its metadata. For versioned stores this creates a new version. */
  write(value: string, metadata: RotationMetadata, options?: WriteOptions): Promise<WriteReceipt>;
  /**
   * Writes the failure bookkeeping only, never the value, after a rotation that did not rotate. The one
   * write allowed on failure (issue 9); it keeps the managed mark, the value and every other metadata
   * field as they are. Read back through `SecretHeader.bookkeeping` / `StoredSecret.bookkeeping`.
   */
  writeBookkeeping?(bookkeeping: RotationBookkeeping): Promise<void>;
  /** Puts a previous state back (value and metadata). Versioned stores write it as a new version. */
  restore(previous: StoredSecret): Promise<WriteReceipt>;
  /** Disables (never destroys) a superseded version. Only for versioned stores. */
  disableVersion?(version: string): Promise<void>;
  /**
   * How many writes of a fan-out may run at once, when the store paces writes itself (GitHub's write
   * limiter). Asked once per store, after the primary was written. Default: the engine's own width.
   */
  fanOutWidth?(): number;
  /**
   * Disables every enabled version but the one last read (after a grace period, when the run that
   * retires the old key tidies). Returns the versions it disabled. Only for versioned stores.
   */
  disableSuperseded?(): Promise<string[]>;
  /**
   * Optional, for `keyroll undo`: the value this target held while its key was `keyId` (the key the
   * primary's metadata names as previous), if the store still keeps it — a superseded version, Secrets
   * Manager's AWSPREVIOUS — else undefined. Read only, except that a store whose superseded versions are
   * disabled may enable that one version for the read and disables it again before returning. The caller
   * compares the value's key id with `keyId` exactly; adapters without it need an explicit source.
   */
  readPrevious?(keyId: string): Promise<PreviousValue | undefined>;
}

/** What readPrevious found: the value, where it came from, and anything a person should know. */
export interface PreviousValue {
  value: string;
  /** The version (or label) that held it. */
  version: string;
  /** E.g. "version v3 was enabled for the read and could not be disabled again". */
  warnings: string[];
}

/**
 * A target that can stage a value before it becomes current (AWS Secrets Manager's `AWSPENDING`), for a
 * rotation driven one step per invocation. `token` is the rotation id. Writes go through the engine's
 * Effects (`writePending`, `promote`, `clearPending`), so a dry run cannot stage anything either.
 */
export interface StagingVaultAdapter extends VaultAdapter {
  /** Stores `value` as the pending version named `token`; repeating it with the same value is a no-op. */
  writePending(value: string, token: string): Promise<WriteReceipt>;
  /** The value staged under `token`, or undefined when there is none. */
  readPending(token: string): Promise<string | undefined>;
  /** Makes the pending version `token` current (with the rotation metadata); repeating it changes nothing. */
  promote(token: string, metadata?: RotationMetadata): Promise<WriteReceipt>;
  /** Removes the pending mark from `version` (an abandoned rotation's). */
  clearPending(version: string): Promise<void>;
}
