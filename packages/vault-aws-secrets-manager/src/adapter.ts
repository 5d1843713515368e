import { randomUUID } from 'node:crypto';
import {
  describeError,
  InputError,
  type PreviousValue,
  type RotationBookkeeping,
  type RotationMetadata,
  type SecretHeader,
  type StoredSecret,
  type VaultAdapter,
  type VaultCapabilities,
  VaultError,
  type WriteReceipt,
} from '@keyroll/core';
import { checkAwsSecretsManagerTarget } from './check.ts';
import {
  CURRENT,
  type Description,
  PENDING,
  PREVIOUS,
  type SecretClientOptions,
  SecretHandle,
  versionWith,
} from './client.ts';
import {
  bookkeepingFromTags,
  hasRotationTags,
  isManagedTag,
  MAX_TAGS,
  metadataFromTags,
  tagCountAfter,
} from './metadata.ts';

export interface AwsSecretsManagerAdapterOptions extends SecretClientOptions {
  /** The secret is named in configuration (an allow-list), which marks it managed without the tag. */
  managedByConfiguration?: boolean;
}

/** Secrets Manager rejects a SecretString over 64 KiB. */
export const MAX_VALUE_BYTES = 65_536;

/** Which version carries each rotation label now. */
export interface StageMap {
  current: string | undefined;
  pending: string | undefined;
  previous: string | undefined;
}

/**
 * A Secrets Manager secret as a keyroll target. Versioned and readable: `AWSCURRENT` is the current value;
 * a write is a PutSecretValue with a fresh ClientRequestToken (which becomes the version id) that moves
 * `AWSCURRENT` to it, and the service moves `AWSPREVIOUS` to the version it left. Metadata and the managed
 * mark sit in tags, read (DescribeSecret) before the value, so an unmanaged secret's value is never fetched.
 *
 * Tidy (`disableVersion`): Secrets Manager cannot disable a version. Tidy removes `AWSPREVIOUS` from the
 * superseded version (it holds the retired, inactive key, so no consumer should fall back to it). The
 * version then has no label: the service calls it deprecated and keeps it, readable by its VersionId as the
 * break-glass copy, until it is among the versions beyond the newest 100 and older than 24 hours. Nothing is
 * deleted by keyroll; `AWSPENDING` and labels people added are left alone.
 *
 * The `*Pending` methods and `promote` are the four-step rotation Lambda's view: a verified new value is
 * staged as `AWSPENDING` under the rotation's token (createSecret), read back (setSecret/testSecret), then
 * `AWSCURRENT` is moved to it (finishSecret).
 */
export class AwsSecretsManagerAdapter implements VaultAdapter {
  readonly id: string;
  readonly capabilities: VaultCapabilities = { readable: true, versioned: true };
  protected readonly handle: SecretHandle;
  private readonly managedByConfiguration: boolean;
  /** What this instance's last write replaced, so a restore can put the labels back where they were. */
  private lastWrite: { version: string; previous: string | undefined } | undefined;

  constructor(options: AwsSecretsManagerAdapterOptions) {
    this.handle = new SecretHandle(options);
    this.id = `aws-secrets-manager:${this.handle.id}`;
    this.managedByConfiguration = options.managedByConfiguration ?? false;
  }

  get secretId(): string {
    return this.handle.id;
  }

  /** Tags and labels only (DescribeSecret): what can be known without reading the value. */
  async describe(): Promise<Description> {
    return this.handle.describe();
  }

  /** The managed mark and metadata from DescribeSecret: the value is never fetched (R1 step 2, R4). */
  async readMetadata(): Promise<SecretHeader> {
    const d = await this.handle.describe();
    return {
      managed: this.managedByConfiguration || isManagedTag(d.Tags),
      metadata: metadataFromTags(d.Tags),
      version: versionWith(d, CURRENT),
      ...bookkeepingFromTags(d.Tags),
    };
  }

  /** Read-only check before a key exists: the first problem found (owned by a service, replica, tags, size). */
  async check(): Promise<void> {
    const [problem] = await checkAwsSecretsManagerTarget(this);
    if (problem) throw problem;
  }

  async read(): Promise<StoredSecret> {
    const d = await this.handle.describe();
    const managed = this.managedByConfiguration || isManagedTag(d.Tags);
    const metadata = metadataFromTags(d.Tags);
    const version = versionWith(d, CURRENT);
    // R4: a secret that is not ours is ignored before its value is read.
    if (!managed) return { value: undefined, version, metadata, managed };
    if (!version) {
      throw new VaultError(
        'no_versions',
        `${this.id} has no AWSCURRENT value; add the first value with: aws secretsmanager put-secret-value --secret-id <secret> --secret-string file://<file>`,
        { category: 'not_found' },
      );
    }
    // Both id and label: if AWSCURRENT moved since DescribeSecret, this fails instead of mixing versions.
    const current = await this.handle.value(version, CURRENT);
    if (!current) {
      throw new VaultError('current_moved', `${this.id}: AWSCURRENT moved while reading; try again`, {
        category: 'conflict',
        retryable: true,
      });
    }
    return { value: current.value, version, metadata, managed, ...bookkeepingFromTags(d.Tags) };
  }

  async write(value: string, metadata: RotationMetadata): Promise<WriteReceipt> {
    // Secrets Manager has no per-value expiry, so WriteOptions.expiresOn is kept only as the
    // keyroll-key-expires-on tag (from metadata).
    this.checkValue(value);
    const d = await this.handle.describe(); // a missing secret fails here, before anything is written
    this.checkTags(d, metadata);
    const token = randomUUID();
    // Recorded before the put: after a lost answer the version may exist, and a restore must know.
    this.lastWrite = { version: token, previous: versionWith(d, PREVIOUS) };
    await this.handle.put(value, token, undefined); // no VersionStages: AWSCURRENT moves to the new version
    try {
      await this.handle.applyMetadata(d.Tags, metadata);
    } catch (err) {
      // AWSCURRENT already serves the new value: however definite this refusal, the write happened in part
      // and the target must be restored (R2 row 8), so it is reported as "may have been applied".
      throw new VaultError(
        'partial_write',
        `${this.id}: version ${token} is AWSCURRENT but its rotation tags were not recorded (${describeError(err).message})`,
        { category: 'ambiguous', cause: err },
      );
    }
    return { version: token };
  }

  /**
   * Moves `AWSCURRENT` back to the previous version (versions are immutable, so it still holds the old
   * value); only when that version is gone is the old value written as a new version. `AWSPREVIOUS`,
   * which the service moved onto the abandoned version, goes back where it was (best effort).
   */
  async restore(previous: StoredSecret): Promise<WriteReceipt> {
    if (previous.value === undefined) {
      throw new VaultError('restore_without_value', `${this.id}: cannot restore a state without a value`, {
        category: 'internal',
      });
    }
    const failed = this.lastWrite;
    const d = await this.handle.describe();
    const current = versionWith(d, CURRENT);
    let version = current;
    if (!previous.version || current !== previous.version) {
      const old = previous.version ? await this.handle.value(previous.version, undefined) : undefined;
      if (old && old.value === previous.value) {
        await this.handle.moveStage(CURRENT, previous.version, current);
        version = previous.version;
      } else {
        version = randomUUID();
        await this.handle.put(previous.value, version, undefined);
      }
    }
    this.lastWrite = undefined;
    if (failed && failed.version !== version) {
      await this.putPreviousBack(failed.version, failed.previous).catch(() => undefined);
    }
    const after = await this.handle.describe();
    await this.handle.applyMetadata(after.Tags, previous.metadata, previous.bookkeeping);
    return { version };
  }

  /** The failure bookkeeping only: one tag; the value, AWSCURRENT, the managed mark and other tags stay. */
  async writeBookkeeping(bookkeeping: RotationBookkeeping): Promise<void> {
    const d = await this.handle.describe();
    await this.handle.applyBookkeeping(d.Tags, bookkeeping);
  }

  async disableVersion(version: string): Promise<void> {
    const d = await this.handle.describe();
    const stages = d.VersionIdsToStages?.[version];
    if (!stages) return; // no label left (already deprecated) or unknown: nothing to do
    if (stages.includes(CURRENT)) {
      throw new VaultError(
        'refused_disable_current',
        `${this.id}: refusing to tidy version ${version}: it is AWSCURRENT, which consumers read`,
        { category: 'conflict', retryable: false },
      );
    }
    if (stages.includes(PREVIOUS)) await this.handle.moveStage(PREVIOUS, undefined, version);
  }

  /**
   * undo: the version labelled AWSPREVIOUS, while it still is (tidy removes the label once the old key is
   * retired; the version is then label-less and read by its id — docs/runbook.md). Reads only. `keyId` is
   * compared by the caller: tags sit on the secret, not on its versions.
   */
  async readPrevious(_keyId: string): Promise<PreviousValue | undefined> {
    const version = versionWith(await this.handle.describe(), PREVIOUS);
    if (!version) return undefined;
    const previous = await this.handle.value(version, PREVIOUS);
    if (!previous) return undefined; // the label moved since DescribeSecret
    return { value: previous.value, version: `version ${version} (${PREVIOUS})`, warnings: [] };
  }

  /** True when the secret holds one version and no keyroll tags: a first value to rotate at once. */
  async isNewlySeeded(): Promise<boolean> {
    const d = await this.handle.describe();
    if (hasRotationTags(d.Tags)) return false;
    return Object.keys(d.VersionIdsToStages ?? {}).length === 1;
  }

  async stages(): Promise<StageMap> {
    const d = await this.handle.describe();
    return {
      current: versionWith(d, CURRENT),
      pending: versionWith(d, PENDING),
      previous: versionWith(d, PREVIOUS),
    };
  }

  /**
   * createSecret: stores `value` as `AWSPENDING` under the rotation's token. Idempotent: the same token
   * with the same value succeeds again without a new version; the same token with another value is refused
   * (`token_reused`, definite: nothing changed). The service moves `AWSPENDING` off any other version.
   */
  async writePending(value: string, token: string): Promise<WriteReceipt> {
    this.checkValue(value);
    await this.handle.describe();
    try {
      await this.handle.put(value, token, [PENDING]);
    } catch (err) {
      if (err instanceof VaultError && err.code === 'already_exists') {
        throw new VaultError(
          'token_reused',
          `${this.id}: version ${token} already holds another value; a version cannot change (nothing was written)`,
          { category: 'conflict', retryable: false, cause: err },
        );
      }
      throw err;
    }
    return { version: token };
  }

  /** The value staged as `AWSPENDING` under `token`, or undefined when there is none. */
  async readPending(token: string): Promise<string | undefined> {
    return (await this.handle.value(token, PENDING))?.value;
  }

  /**
   * finishSecret: moves `AWSCURRENT` to the token's version (the service moves `AWSPREVIOUS` to the old
   * one), removes `AWSPENDING`, then sets the metadata tags. Repeating it after success changes nothing.
   */
  async promote(token: string, metadata?: RotationMetadata): Promise<WriteReceipt> {
    const d = await this.handle.describe();
    const stages = d.VersionIdsToStages?.[token];
    if (!stages) {
      throw new VaultError('pending_version_missing', `${this.id}: no version ${token} to promote`, {
        category: 'not_found',
      });
    }
    const current = versionWith(d, CURRENT);
    if (current !== token) {
      if (metadata) this.checkTags(d, metadata);
      // RotateSecret creates the token's version empty; AWSCURRENT on it would leave consumers nothing.
      if ((await this.handle.value(token, undefined)) === undefined) {
        throw new VaultError(
          'pending_version_empty',
          `${this.id}: version ${token} holds no value yet; nothing promoted`,
          {
            category: 'conflict',
            retryable: false,
          },
        );
      }
      // A lost answer is settled inside moveStage by looking at the labels.
      await this.handle.moveStage(CURRENT, token, current);
    }
    if (stages.includes(PENDING)) await this.handle.moveStage(PENDING, undefined, token);
    if (metadata) await this.handle.applyMetadata((await this.handle.describe()).Tags, metadata);
    return { version: token };
  }

  /** Removes `AWSPENDING` from `version` (an abandoned rotation's), so the next rotation can start. */
  async clearPending(version: string): Promise<void> {
    const d = await this.handle.describe();
    if (d.VersionIdsToStages?.[version]?.includes(PENDING))
      await this.handle.moveStage(PENDING, undefined, version);
  }

  close(): void {
    this.handle.close();
  }

  private checkValue(value: string): void {
    const bytes = Buffer.byteLength(value, 'utf8');
    if (bytes > MAX_VALUE_BYTES) {
      throw new InputError(
        'payload_too_large',
        `${this.id}: the value is ${bytes} bytes; Secrets Manager allows 64 KiB`,
      );
    }
  }

  private checkTags(d: Description, metadata: RotationMetadata): void {
    const count = tagCountAfter(d.Tags, metadata);
    if (count > MAX_TAGS) {
      throw new InputError(
        'too_many_tags',
        `${this.id}: the keyroll tags would bring the secret to ${count} tags; AWS allows ${MAX_TAGS} (nothing was written)`,
      );
    }
  }

  /** After a rollback, AWSPREVIOUS goes back to the version that had it before our write. */
  private async putPreviousBack(abandoned: string, was: string | undefined): Promise<void> {
    const d = await this.handle.describe();
    if (versionWith(d, PREVIOUS) !== abandoned) return;
    if (was && was !== versionWith(d, CURRENT)) {
      // `was` lost its last label at our write (deprecated) but still exists unless the service dropped it.
      const moved = await this.handle.moveStage(PREVIOUS, was, abandoned).then(
        () => true,
        () => false,
      );
      if (moved) return;
    }
    await this.handle.moveStage(PREVIOUS, undefined, abandoned);
  }
}
