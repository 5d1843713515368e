import type { Credential, ParsedSecret } from '../credential.ts';
import type { IssuedKey, IssuerSession } from '../issuer.ts';
import type { SecretHeader, StoredSecret, VaultAdapter } from '../vault.ts';

/**
 * What one rotation knows, filled in step by step. Nothing here is needed for safety across invocations:
 * a step that resumes rebuilds it from what the targets and Prisma Cloud record (R3).
 */

/** What the read step learnt about one target. */
export interface TargetState {
  adapter: VaultAdapter;
  snapshot: StoredSecret;
  /** Parsed value; for a write-only target without a supplied value, the primary's (same credential). */
  parsed: ParsedSecret;
  /** Key id the target holds, if known. */
  keyId: string | undefined;
}

/** The key this rotation made (or, resuming, found staged under its name). */
export interface NewKeyState {
  id: string;
  credential: Credential;
  expiresOn?: Date;
}

export interface RotationState {
  /** The primary's managed mark, metadata and failure bookkeeping, read before any value. */
  header?: SecretHeader;
  /** Every target, primary first, after the read step. */
  targets: TargetState[];
  /** The session that manages the account's keys: the current key's (self) or the admin key's. */
  session?: IssuerSession;
  /** The service account whose key is rotated. */
  owner?: string;
  /** The account's keys as last listed. */
  keys: IssuedKey[];
  /** The key the primary holds, as Prisma Cloud lists it. */
  currentKey?: IssuedKey;
  /** The key the last rotation replaced, if still active; inGrace: its grace period has not ended. */
  previous?: { key: IssuedKey; inGrace: boolean; usage?: string };
  /** Key ids the account had just before this rotation's create: what a rollback may never delete. */
  before?: ReadonlySet<string>;
  created?: NewKeyState;
  /** A session of the new key (verify), used to retire the old key in self mode. */
  freshSession?: IssuerSession;
  /** Targets the store step attempted, in order; refused: those that refused the write outright. */
  attempted: TargetState[];
  refused: Map<TargetState, unknown>;
  /** Retiring the old key failed: it is still active and a later run retires it. */
  oldStillActive: boolean;
}

export function emptyState(): RotationState {
  return { targets: [], keys: [], attempted: [], refused: new Map(), oldStillActive: false };
}
