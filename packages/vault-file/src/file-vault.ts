import { dirname, resolve } from 'node:path';
import {
  InputError,
  isKeyrollError,
  type RotationBookkeeping,
  type RotationMetadata,
  type SecretHeader,
  type StoredSecret,
  type VaultAdapter,
  VaultError,
  type WriteOptions,
  type WriteReceipt,
} from '@keyroll/core';
import { writeFileAtomic } from './atomic.ts';
import { assertWritableDirectory, readRegularFile, resolveLink } from './regular-file.ts';

/** How many previous versions the sidecar keeps (values of disabled versions are wiped). */
const HISTORY_LIMIT = 5;

interface VersionEntry {
  version: string;
  writtenAt: string;
  enabled: boolean;
  metadata: RotationMetadata;
  /** Kept while enabled so a restore is possible; removed when the version is disabled. */
  value?: string;
  expiresOn?: string;
}

interface Sidecar {
  format: 'keyroll-file-vault/v1';
  current: string;
  versions: VersionEntry[];
  /** Failed rotations since the last success; absent after a successful write. */
  bookkeeping?: RotationBookkeeping;
}

export interface FileVaultOptions {
  path: string;
  /** Clock for version timestamps. */
  now?: () => number;
}

/**
 * One secret per file: the file holds the secret value JSON that consumers read. Rotation metadata and
 * the previous versions live in `<path>.keyroll.json` (mode 0600). A file named on the command line or in
 * configuration counts as managed.
 */
export class FileVaultAdapter implements VaultAdapter {
  readonly id: string;
  readonly capabilities = { readable: true, versioned: true } as const;
  readonly path: string;
  private readonly sidecarPath: string;
  private readonly now: () => number;

  constructor(options: FileVaultOptions) {
    this.path = resolve(options.path);
    this.sidecarPath = `${this.path}.keyroll.json`;
    this.id = `file:${this.path}`;
    this.now = options.now ?? Date.now;
  }

  async readMetadata(): Promise<SecretHeader> {
    await this.readValue(); // a missing or non-regular secret file fails here, as in read()
    const sidecar = await this.readSidecar();
    const entry = sidecar?.versions.find((v) => v.version === sidecar.current);
    return {
      managed: true,
      metadata: entry?.metadata ?? {},
      version: sidecar?.current ?? 'v0',
      ...bookkeepingOf(sidecar),
    };
  }

  async read(): Promise<StoredSecret> {
    const value = await this.readValue();
    const sidecar = await this.readSidecar();
    const entry = sidecar?.versions.find((v) => v.version === sidecar.current);
    return {
      value: value.trimEnd(),
      version: sidecar?.current ?? 'v0',
      metadata: entry?.metadata ?? {},
      managed: true,
      ...(entry?.expiresOn ? { expiresOn: new Date(entry.expiresOn) } : {}),
      ...bookkeepingOf(sidecar),
    };
  }

  /** A successful rotation's write: a new version, and the failure count starts again. */
  write(value: string, metadata: RotationMetadata, options: WriteOptions = {}): Promise<WriteReceipt> {
    return this.writeVersion(value, metadata, options, undefined);
  }

  /** Only the sidecar's bookkeeping changes: the value file, versions and metadata stay as they are. */
  async writeBookkeeping(bookkeeping: RotationBookkeeping): Promise<void> {
    await this.readValue(); // a missing secret file is not_found here too
    const sidecar = (await this.readSidecar()) ?? (await this.initialSidecar());
    const next: Sidecar = { ...sidecar, bookkeeping: cleanBookkeeping(bookkeeping) };
    try {
      await writeFileAtomic(this.sidecarPath, `${JSON.stringify(next, null, 2)}\n`);
    } catch (err) {
      throw this.ioError(err, 'update');
    }
  }

  private async writeVersion(
    value: string,
    metadata: RotationMetadata,
    options: WriteOptions,
    bookkeeping: RotationBookkeeping | undefined,
  ): Promise<WriteReceipt> {
    const sidecar = (await this.readSidecar()) ?? (await this.initialSidecar());
    const version = `v${Math.max(0, ...sidecar.versions.map((v) => Number(v.version.slice(1)) || 0)) + 1}`;
    const entry: VersionEntry = {
      version,
      writtenAt: new Date(this.now()).toISOString(),
      enabled: true,
      metadata: { ...metadata },
      value,
      ...(options.expiresOn ? { expiresOn: options.expiresOn.toISOString() } : {}),
    };
    const next: Sidecar = {
      format: 'keyroll-file-vault/v1',
      current: version,
      versions: [...sidecar.versions, entry].slice(-HISTORY_LIMIT),
      ...(bookkeeping ? { bookkeeping: cleanBookkeeping(bookkeeping) } : {}),
    };
    // Metadata first: after a crash between the two renames the value is still the old one, and the
    // journal names a key that no target holds, which the next run treats as an orphan.
    try {
      await writeFileAtomic(this.sidecarPath, `${JSON.stringify(next, null, 2)}\n`);
      // Through a symlink: the file consumers read (the link's target) gets the new value.
      await writeFileAtomic(await resolveLink(this.path), `${value}\n`);
    } catch (err) {
      throw this.ioError(err, 'write');
    }
    return { version };
  }

  async restore(previous: StoredSecret): Promise<WriteReceipt> {
    if (previous.value === undefined) {
      throw new VaultError('restore_without_value', `${this.id}: cannot restore without the previous value`, {
        category: 'internal',
      });
    }
    // The state as it was, failure count included.
    return this.writeVersion(
      previous.value,
      previous.metadata,
      previous.expiresOn ? { expiresOn: previous.expiresOn } : {},
      previous.bookkeeping,
    );
  }

  async disableVersion(version: string): Promise<void> {
    const sidecar = await this.readSidecar();
    const entry = sidecar?.versions.find((v) => v.version === version);
    if (!sidecar || !entry) return; // never recorded (v0) or already pruned: nothing holds it any more
    if (version === sidecar.current) {
      throw new VaultError('disable_current_version', `${this.id}: refusing to disable the current version`, {
        category: 'conflict',
      });
    }
    entry.enabled = false;
    delete entry.value; // a disabled version's secret has no reason to stay on disk
    try {
      await writeFileAtomic(this.sidecarPath, `${JSON.stringify(sidecar, null, 2)}\n`);
    } catch (err) {
      throw this.ioError(err, 'update');
    }
  }

  /** Versions as recorded in the sidecar (without values), for tests and `status`. */
  async versions(): Promise<Array<Omit<VersionEntry, 'value'>>> {
    const sidecar = await this.readSidecar();
    return (sidecar?.versions ?? []).map(({ value: _value, ...rest }) => rest);
  }

  /**
   * Read-only: the secret file is a regular file (through a symlink, the file it points to), its directory
   * and the sidecar's take a temp file and a rename, and the sidecar, if there, parses.
   */
  async check(): Promise<void> {
    await this.readValue();
    await assertWritableDirectory(dirname(await resolveLink(this.path)), this.id);
    await assertWritableDirectory(dirname(this.sidecarPath), this.id);
    await this.readSidecar();
  }

  private async readValue(): Promise<string> {
    try {
      return (await readRegularFile(this.path, this.id)).trimEnd();
    } catch (err) {
      if (isKeyrollError(err)) throw err;
      throw this.ioError(err, 'read');
    }
  }

  private async initialSidecar(): Promise<Sidecar> {
    // The first rotation keeps the value that was there as v0 so that restore and tidy work on it.
    let value: string | undefined;
    try {
      value = await this.readValue();
    } catch {
      value = undefined;
    }
    const v0: VersionEntry = {
      version: 'v0',
      writtenAt: new Date(this.now()).toISOString(),
      enabled: true,
      metadata: {},
    };
    if (value !== undefined) v0.value = value;
    return { format: 'keyroll-file-vault/v1', current: 'v0', versions: value === undefined ? [] : [v0] };
  }

  private async readSidecar(): Promise<Sidecar | undefined> {
    let text: string;
    try {
      text = await readRegularFile(this.sidecarPath, `${this.sidecarPath} (keyroll metadata)`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      if (isKeyrollError(err)) throw err;
      throw this.ioError(err, 'read metadata of');
    }
    try {
      const parsed = JSON.parse(text) as Sidecar;
      if (parsed.format !== 'keyroll-file-vault/v1' || !Array.isArray(parsed.versions))
        throw new Error('format');
      return parsed;
    } catch {
      // Bad input, found before anything is created: fix or remove the file (it only holds history).
      throw new InputError(
        'malformed_metadata',
        `${this.sidecarPath} is not a keyroll metadata file; fix it or move it away (it holds only rotation history)`,
      );
    }
  }

  private ioError(err: unknown, action: string): VaultError {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return new VaultError('not_found', `${this.id}: no such secret file`, { category: 'not_found' });
    }
    return new VaultError('io_error', `${this.id}: could not ${action} the file (${code ?? 'error'})`, {
      category: code === 'EACCES' || code === 'EPERM' ? 'permission' : 'unavailable',
      cause: err,
    });
  }
}

function bookkeepingOf(sidecar: Sidecar | undefined): { bookkeeping?: RotationBookkeeping } {
  return sidecar?.bookkeeping ? { bookkeeping: cleanBookkeeping(sidecar.bookkeeping) } : {};
}

/** Only the two known fields, of the right types: the sidecar may have been edited by hand. */
function cleanBookkeeping(b: RotationBookkeeping): RotationBookkeeping {
  return {
    ...(Number.isSafeInteger(b.consecutiveFailures) && b.consecutiveFailures! >= 0
      ? { consecutiveFailures: b.consecutiveFailures! }
      : {}),
    ...(typeof b.lastFailure === 'string' && b.lastFailure !== '' ? { lastFailure: b.lastFailure } : {}),
  };
}
