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
import { checkGcpTarget, MAX_PAYLOAD_BYTES, readGcpHeader } from './check.ts';
import { type AccessResponse, type SecretClientOptions, SecretHandle } from './client.ts';
import { checksumValue, crc32c } from './crc32c.ts';
import { Code, grpcCode, toVaultError } from './errors.ts';
import {
  applyBookkeeping,
  applyMetadata,
  bookkeepingFromAnnotations,
  hasRotationAnnotations,
  isManagedLabel,
  metadataFromAnnotations,
} from './metadata.ts';
import { sameVersion, versionName } from './names.ts';
import { readPreviousVersion } from './previous.ts';

export interface GcpSecretManagerAdapterOptions extends SecretClientOptions {
  /** The secret is named in configuration (an allow-list), which marks it managed without the label. */
  managedByConfiguration?: boolean;
}

/**
 * A Secret Manager secret as a keyroll target. Versioned and readable: a new value is a new version
 * (with a CRC-32C the service checks), superseded versions are disabled and never destroyed (destroy is
 * irreversible), metadata sits in annotations updated under the secret's etag.
 */
export class GcpSecretManagerAdapter implements VaultAdapter {
  readonly id: string;
  readonly capabilities: VaultCapabilities = { readable: true, versioned: true };
  private readonly handle: SecretHandle;
  private readonly managedByConfiguration: boolean;
  /** The last version this instance added, so a restore can disable it (it holds a key being deleted). */
  private lastWritten: string | undefined;
  /** The value of the last read, for check(). */
  private lastValue: string | undefined;

  constructor(options: GcpSecretManagerAdapterOptions) {
    this.handle = new SecretHandle(options);
    this.id = `gcp-secret-manager:${this.handle.name}`;
    this.managedByConfiguration = options.managedByConfiguration ?? false;
  }

  get secretName(): string {
    return this.handle.name;
  }

  readMetadata(): Promise<SecretHeader> {
    return readGcpHeader(this.handle, this.managedByConfiguration);
  }

  check(): Promise<void> {
    return checkGcpTarget(this.handle, this.id, this.lastValue);
  }

  async read(): Promise<StoredSecret> {
    // GetSecret first: a missing secret is `not_found`, a secret without versions is a different problem.
    const secret = await this.handle.getSecret();
    const current = await this.accessLatest();
    this.lastValue = current.value;
    return {
      value: current.value,
      version: current.version,
      metadata: metadataFromAnnotations(secret.annotations),
      managed: this.managedByConfiguration || isManagedLabel(secret.labels),
      ...bookkeepingFromAnnotations(secret.annotations),
    };
  }

  async write(value: string, metadata: RotationMetadata): Promise<WriteReceipt> {
    // Secret Manager's own expiry (expireTime) deletes the whole secret, so WriteOptions.expiresOn is
    // deliberately not mapped: the key's expiry is kept in the keyroll-key-expires-on annotation.
    await this.handle.getSecret(); // a missing secret fails here, before anything is added
    const version = await this.addVersion(value);
    this.lastWritten = version;
    try {
      // A successful rotation's write: the failure bookkeeping starts again.
      await this.handle.updateAnnotations((current) =>
        applyBookkeeping(applyMetadata(current.annotations, metadata), undefined),
      );
    } catch (err) {
      // The new value is already `latest`: however definite this refusal, the write happened in part and
      // the target must be restored (R2 row 8), so it is reported as "may have been applied".
      throw new VaultError(
        'partial_write',
        `${this.id}: version ${version} was added but its rotation metadata was not recorded (${describeError(err).message})`,
        { category: 'ambiguous', cause: err },
      );
    }
    return { version };
  }

  async restore(previous: StoredSecret): Promise<WriteReceipt> {
    if (previous.value === undefined) {
      throw new VaultError('restore_without_value', `${this.id}: cannot restore a state without a value`, {
        category: 'internal',
      });
    }
    const failed = this.lastWritten;
    // `latest` must serve the old value again, and only a new version can move `latest`; when the write
    // never landed, `latest` still is the old version and only the annotations need putting back.
    const now = await this.accessLatest().catch(() => undefined);
    const untouched =
      now !== undefined &&
      previous.version !== undefined &&
      sameVersion(now.version, previous.version, this.handle.project) &&
      now.value === previous.value;
    const version = untouched ? now.version : await this.addVersion(previous.value);
    await this.handle.updateAnnotations((current) =>
      applyBookkeeping(applyMetadata(current.annotations, previous.metadata), previous.bookkeeping),
    );
    this.lastWritten = undefined;
    if (failed) {
      // Best effort: the version we wrote holds a key the rollback is deleting. Failing here must not
      // fail the restore, which already put the old value back.
      await this.disableVersion(failed).catch(() => undefined);
    }
    return { version };
  }

  /** The failure bookkeeping only: one annotation under the etag; no version, the label and other annotations stay. */
  async writeBookkeeping(bookkeeping: RotationBookkeeping): Promise<void> {
    await this.handle.updateAnnotations((current) => applyBookkeeping(current.annotations, bookkeeping));
  }

  async disableVersion(version: string): Promise<void> {
    // A full name comes back with the project number; learn which number our project id has first.
    if (!this.handle.project && !version.startsWith(`${this.handle.name}/`)) await this.handle.getSecret();
    const name = versionName(this.handle.name, version, this.handle.project);
    const { client, callOptions } = this.handle;
    const [latest] = await this.handle.call(
      'GetSecretVersion',
      `${this.handle.name}/versions/latest`,
      false,
      () => client.getSecretVersion({ name: `${this.handle.name}/versions/latest` }, callOptions),
    );
    if (latest.name && sameVersion(latest.name, name, this.handle.project)) {
      // `latest` is the newest version whatever its state: disabling it breaks every consumer reading it.
      throw new VaultError(
        'refused_disable_latest',
        `${this.id}: refusing to disable ${name}: it is the newest version, which consumers read as latest`,
        { category: 'conflict', retryable: false },
      );
    }
    const [current] = await this.handle.call('GetSecretVersion', name, false, () =>
      client.getSecretVersion({ name }, callOptions),
    );
    if (current.state !== 'ENABLED') return; // already disabled or destroyed: nothing to do
    await this.handle.call('DisableSecretVersion', name, true, () =>
      client.disableSecretVersion({ name, etag: current.etag ?? '' }, callOptions),
    );
  }

  /**
   * R1 step 10 in the run that retires the old key (after a grace period): disables every enabled version
   * but the newest, which consumers read as `latest`. Never destroys. Returns the versions it disabled.
   */
  async disableSuperseded(): Promise<string[]> {
    const { client, callOptions } = this.handle;
    const [versions] = await this.handle.call('ListSecretVersions', this.handle.name, false, () =>
      client.listSecretVersions({ parent: this.handle.name, filter: 'state:ENABLED' }, callOptions),
    );
    const [latest] = await this.handle.call(
      'GetSecretVersion',
      `${this.handle.name}/versions/latest`,
      false,
      () => client.getSecretVersion({ name: `${this.handle.name}/versions/latest` }, callOptions),
    );
    const superseded = versions
      .filter(
        (v) =>
          v.state === 'ENABLED' &&
          v.name &&
          !(latest.name && sameVersion(v.name, latest.name, this.handle.project)),
      )
      .map((v) => v.name as string);
    for (const name of superseded) await this.disableVersion(name);
    return superseded;
  }

  /**
   * True when the secret holds exactly one version and no keyroll rotation metadata: a first value a
   * person just added, which should be rotated at once so nobody keeps knowing a live key.
   */
  async isNewlySeeded(): Promise<boolean> {
    const secret = await this.handle.getSecret();
    if (hasRotationAnnotations(secret.annotations)) return false;
    const { client, callOptions } = this.handle;
    const [versions] = await this.handle.call('ListSecretVersions', this.handle.name, false, () =>
      client.listSecretVersions(
        { parent: this.handle.name, pageSize: 2 },
        { ...callOptions, autoPaginate: false },
      ),
    );
    return versions.length === 1;
  }

  /** undo: the version before the newest (previous.ts), enabled for the read if it was disabled. */
  readPrevious(_keyId: string): Promise<PreviousValue | undefined> {
    return readPreviousVersion(this.handle, this.id);
  }

  /** Closes the client if this adapter created it. */
  async close(): Promise<void> {
    await this.handle.close();
  }

  /**
   * `latest` is accessed only to learn which version is current; the answer carries that version's
   * explicit name and its bytes (one call, so name and value cannot disagree). Everything after this
   * (disable, compare with an event's version) uses the explicit name.
   */
  private async accessLatest(): Promise<{ value: string; version: string }> {
    const latest = `${this.handle.name}/versions/latest`;
    let response: AccessResponse;
    try {
      [response] = await this.handle.client.accessSecretVersion({ name: latest }, this.handle.callOptions);
    } catch (err) {
      const code = grpcCode(err);
      if (code === Code.NOT_FOUND) {
        throw new VaultError(
          'no_versions',
          `${this.id} has no versions; add the first value with: gcloud secrets versions add <secret> --data-file=-`,
          { category: 'not_found', status: code, cause: err },
        );
      }
      if (code === Code.FAILED_PRECONDITION) {
        throw new VaultError(
          'latest_version_not_enabled',
          `${this.id}: the newest version is disabled or destroyed, so consumers reading latest fail; ` +
            'enable it (gcloud secrets versions enable) or add a new version before rotating',
          { category: 'conflict', status: code, cause: err },
        );
      }
      throw toVaultError(err, 'AccessSecretVersion', latest, false);
    }
    const version = response.name;
    const raw = response.payload?.data;
    if (!version || raw === null || raw === undefined) {
      throw new VaultError(
        'malformed_response',
        `${this.id}: AccessSecretVersion returned no version or payload`,
        {
          category: 'internal',
        },
      );
    }
    const bytes = typeof raw === 'string' ? Buffer.from(raw, 'base64') : Buffer.from(raw);
    const expected = checksumValue(response.payload?.dataCrc32c);
    if (expected !== undefined && expected !== crc32c(bytes)) {
      throw new VaultError(
        'checksum_mismatch',
        `${this.id}: the payload of ${version} does not match its CRC-32C (corrupted in transit); try again`,
        { category: 'unavailable', retryable: true },
      );
    }
    return { value: bytes.toString('utf8'), version };
  }

  /** Adds a version; an answer lost after sending is resolved by looking at what `latest` holds now. */
  private async addVersion(value: string): Promise<string> {
    const data = Buffer.from(value, 'utf8');
    if (data.length > MAX_PAYLOAD_BYTES) {
      throw new InputError(
        'payload_too_large',
        `${this.id}: the value is ${data.length} bytes; Secret Manager allows 64 KiB`,
      );
    }
    try {
      const [version] = await this.handle.client.addSecretVersion(
        { parent: this.handle.name, payload: { data, dataCrc32c: crc32c(data) } },
        this.handle.callOptions,
      );
      if (!version.name) throw new Error('AddSecretVersion returned no version name');
      return version.name;
    } catch (err) {
      const mapped = toVaultError(err, 'AddSecretVersion', this.handle.name, true);
      if (mapped.category !== 'ambiguous') throw mapped;
      // The new value holds a freshly minted key, so finding it in `latest` proves the add happened.
      const seen = await this.accessLatest().catch(() => undefined);
      if (seen?.value === value) return seen.version;
      throw mapped;
    }
  }
}
