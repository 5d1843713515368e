import {
  isKeyrollError,
  type Logger,
  parseSecretValue,
  type RotationBookkeeping,
  type RotationMetadata,
  type SecretHeader,
  type StoredSecret,
  silentLogger,
  type VaultAdapter,
  type VaultCapabilities,
  VaultError,
  type WriteReceipt,
} from '@keyroll/core';
import {
  getOrgSecretAccess,
  getSecretInfo,
  getVariable,
  type OrgAccess,
  putSecret,
  setVariable,
} from './api.ts';
import { checkGitHubTarget } from './check.ts';
import { type GitHubClient, writeLimiterOf } from './client.ts';
import { layOut, type SecretWrite } from './formats.ts';
import { decodeMetadata, encodeMetadata, type MetadataRecord } from './metadata.ts';
import {
  assertScope,
  assertSecretName,
  describeScope,
  type GitHubScope,
  metadataVariableName,
  type SecretLayout,
  secretNames,
} from './scope.ts';
import { forgetPublicKey, publicKeyFor, seal } from './seal.ts';
import { formatTarget } from './targets.ts';

export interface GitHubSecretsAdapterOptions {
  /** From createGitHubClient: throttled, retried, concurrency-limited; shared by all targets of a run. */
  octokit: GitHubClient;
  scope: GitHubScope;
  layout: SecretLayout;
  /**
   * The current canonical value, from the workflow (`${{ secrets.X }}` passed to the Action). GitHub
   * never returns secret values, so without it read() reports the value as unknown.
   */
  currentValue?: string;
  /**
   * The target was named explicitly in configuration (the Action's `targets` input). R4 lets either that
   * or keyroll's mark in the metadata variable make a secret managed. Default false: only the mark counts.
   */
  namedInConfiguration?: boolean;
  /**
   * Makes this target a fan-out of `primary` (the first target of the same rotation): it keeps no metadata
   * of its own, so a rotation costs it one secret write. Which key it holds is told by reads: its secret's
   * `updated_at` after the primary's recorded store time means it holds the primary's key (R3 finds the
   * others). Without `primary` the target is a primary: it writes its metadata variable.
   */
  primary?: GitHubSecretsAdapter;
  logger?: Logger;
}

/** What a fan-out target compares itself with: the primary's current key and when it was stored. */
interface Reference {
  keyId: string | undefined;
  storedAt: string | undefined;
}

/**
 * A VaultAdapter for one GitHub Actions secret target: a repository, environment or organization secret,
 * in one of three layouts (json, pair, checkov). Secret values are write-only. The primary's read()
 * returns the value supplied by the caller and metadata from the Actions variable `<SECRET>_KEYROLL` in
 * the same scope. Fan-out to many repositories is many adapters naming the primary: each reads its own
 * variable (keyroll's managed mark, older per-target metadata) but writes only its secret.
 */
export class GitHubSecretsAdapter implements VaultAdapter {
  readonly id: string;
  readonly capabilities: VaultCapabilities = { readable: false, versioned: false };
  private readonly octokit: GitHubClient;
  private readonly scope: GitHubScope;
  private readonly layout: SecretLayout;
  private readonly namedInConfiguration: boolean;
  private readonly logger: Logger;
  private readonly primary: GitHubSecretsAdapter | undefined;
  /** What the secret(s) hold now, as far as this run knows: the supplied current value, then each write. */
  private known: string | undefined;
  /** The primary's metadata record as read (its storedAt goes back with a restore). */
  private record: MetadataRecord | undefined;
  private referenceRead: Promise<Reference> | undefined;
  /** Primary: the latest `updated_at` any of its targets showed when this run read them (ms). */
  private latestSeen = 0;

  constructor(options: GitHubSecretsAdapterOptions) {
    this.octokit = options.octokit;
    this.scope = options.scope;
    this.layout = options.layout;
    this.namedInConfiguration = options.namedInConfiguration ?? false;
    this.logger = options.logger ?? silentLogger();
    this.known = options.currentValue;
    this.primary = options.primary;
    this.id = `github:${formatTarget({ scope: this.scope, layout: this.layout })}`;
    assertScope(this.scope, this.id);
    for (const name of secretNames(this.layout)) assertSecretName(name, this.id);
  }

  /** The Actions variable holding this target's metadata. */
  get metadataVariable(): string {
    return metadataVariableName(this.layout);
  }

  /** Writes that may run at once in a fan-out: what the shared write limiter can keep busy. */
  fanOutWidth(): number {
    return writeLimiterOf(this.octokit)?.fanOutWidth() ?? 4;
  }

  /** GitHub never returns secret values: the header is what read() learns, without the supplied value. */
  async readMetadata(): Promise<SecretHeader> {
    const { managed, metadata, bookkeeping } = await this.read();
    return { managed, metadata, ...(bookkeeping ? { bookkeeping } : {}) };
  }

  async check(): Promise<void> {
    checkGitHubTarget(this.layout, this.known, this.id);
  }

  /**
   * Checks that the secret(s) exist and the token may use the scope (fetching the public key now, so a
   * token without secrets permission fails here, before any key is created), then reads the metadata.
   */
  async read(): Promise<StoredSecret> {
    if (this.primary) return this.readFanOut(this.primary);
    const read = this.readOwn();
    this.referenceRead = read.then(({ record }) => ({
      keyId: this.known === undefined ? undefined : keyIdOf(this.known),
      storedAt: record?.storedAt,
    }));
    this.referenceRead.catch(() => {}); // the caller of read() sees the failure
    const { record, secrets } = await read;
    this.noteSeen(...secrets.map((s) => Date.parse(s.updatedAt)));
    return {
      value: this.known,
      version: undefined,
      metadata: record?.metadata ?? {},
      managed: this.namedInConfiguration || record?.managed === true,
      ...(record?.bookkeeping ? { bookkeeping: record.bookkeeping } : {}),
    };
  }

  /**
   * The failure bookkeeping only, in the metadata variable beside the secret(s): the secrets are not
   * written, and the variable keeps its managed mark, metadata and store time.
   */
  async writeBookkeeping(bookkeeping: RotationBookkeeping): Promise<void> {
    const raw = await getVariable(this.octokit, this.scope, this.metadataVariable);
    const record = raw === undefined ? undefined : decodeMetadata(raw.value);
    const variable = encodeMetadata(record?.metadata ?? {}, record?.storedAt, {
      managed: record?.managed === true,
      bookkeeping,
    });
    await setVariable(this.octokit, this.scope, this.metadataVariable, variable);
    if (record) this.record = { ...record, bookkeeping };
  }

  /** The primary's current key and store time, for its fan-out targets (read once). */
  reference(): Promise<Reference> {
    if (!this.referenceRead) void this.read().catch(() => {});
    return this.referenceRead!;
  }

  /** Public key, secret(s) and metadata variable of this target's own scope. */
  private async readOwn(): Promise<{
    secrets: Array<{ name: string; updatedAt: string }>;
    record: MetadataRecord | undefined;
    variableUpdatedAt: string | undefined;
  }> {
    // The primary fetches its public key now, so a scope the token cannot use fails before any key exists.
    // Fan-out targets fetch theirs with the first write, while writes wait for their turn (reading the
    // secret already proves the token may read there); on a missing secret the key says which is missing.
    if (!this.primary) await publicKeyFor(this.octokit, this.scope);
    const secrets: Array<{ name: string; updatedAt: string }> = [];
    for (const name of secretNames(this.layout)) {
      const info = await getSecretInfo(this.octokit, this.scope, name);
      if (!info) {
        if (this.primary) await publicKeyFor(this.octokit, this.scope); // the scope itself, or the secret?
        throw new VaultError(
          'not_found',
          `${this.id}: secret ${name} does not exist in ${describeScope(this.scope)}. keyroll rotates existing ` +
            'secrets only: create it first (gh secret set, or the terraform/github module)',
          { category: 'not_found', status: 404 },
        );
      }
      secrets.push(info);
    }
    const raw = await getVariable(this.octokit, this.scope, this.metadataVariable);
    let record = raw === undefined ? undefined : decodeMetadata(raw.value);
    if (raw !== undefined && !record) {
      this.logger.warn('metadata variable is not keyroll JSON; ignoring it', {
        target: this.id,
        variable: this.metadataVariable,
      });
      record = undefined;
    }
    this.record = record;
    return { secrets, record, variableUpdatedAt: record ? raw?.updatedAt : undefined };
  }

  /**
   * A fan-out target's key, from reads only (R3): (1) its own metadata variable, when written after its
   * secret (older keyroll versions wrote one per target; restore still does) says which key it holds;
   * (2) otherwise a secret updated after the primary's store time holds the primary's key, and one updated
   * before it lags behind; (3) with no store time recorded (seeded by hand, older metadata) it is taken
   * to hold the supplied current key, as before. GitHub's times are compared with GitHub's times only.
   */
  private async readFanOut(primary: GitHubSecretsAdapter): Promise<StoredSecret> {
    const [own, ref] = await Promise.all([this.readOwn(), primary.reference()]);
    const { secrets, record, variableUpdatedAt } = own;
    const secretTimes = secrets.map((s) => Date.parse(s.updatedAt));
    primary.noteSeen(...secretTimes);
    const oldestSecret = Math.min(...secretTimes);
    const newestSecret = Math.max(...secretTimes);
    let keyId: string | undefined;
    let how: string;
    if (record?.metadata.keyId && variableUpdatedAt && Date.parse(variableUpdatedAt) >= newestSecret) {
      keyId = record.metadata.keyId;
      how = 'its metadata variable';
    } else if (ref.storedAt) {
      keyId = oldestSecret > Date.parse(ref.storedAt) ? ref.keyId : undefined;
      how = keyId ? 'updated after the primary' : 'not updated since before the primary was';
    } else {
      keyId = ref.keyId;
      how = 'no store time recorded; assumed current';
    }
    this.logger.debug('fan-out target key', { target: this.id, keyId: keyId ?? 'unknown', how });
    return {
      value: undefined,
      version: undefined,
      metadata: keyId ? { keyId } : {},
      managed: this.namedInConfiguration || record?.managed === true,
    };
  }

  async write(value: string, metadata: RotationMetadata): Promise<WriteReceipt> {
    const writes = layOut(value, this.layout, this.id); // InputError before anything is written
    const previous =
      this.known === undefined ? undefined : layOut(this.known, this.layout, `${this.id} (current)`);
    if (writes.length > 1 && previous === undefined) {
      throw new VaultError(
        'previous_value_unknown',
        `${this.id}: the pair format writes two secrets and must be able to put the first back if the second ` +
          'fails, so it needs the current value (the Action input current-secret); nothing was written',
        { category: 'config' },
      );
    }
    await this.writeSecrets(writes, previous);
    if (!this.primary) {
      try {
        const storedAt = await this.storedAt();
        await setVariable(
          this.octokit,
          this.scope,
          this.metadataVariable,
          encodeMetadata(metadata, storedAt),
        );
      } catch (err) {
        // The secret holds the new value but its metadata does not say so. Put the old value back when we
        // know it, so the target is either fully old or fully new; then report the failure.
        await this.undoAfterMetadataFailure(previous, err);
      }
    }
    this.known = value;
    return {};
  }

  async restore(previous: StoredSecret): Promise<WriteReceipt> {
    if (previous.value === undefined) {
      throw new VaultError(
        'previous_value_unknown',
        `${this.id}: cannot restore: the old value is unknown (GitHub secrets are write-only and no current ` +
          'value was supplied); set the secret by hand with gh secret set',
        { category: 'internal' },
      );
    }
    const writes = layOut(previous.value, this.layout, `${this.id} (restore)`);
    const current = this.known === undefined ? undefined : layOut(this.known, this.layout, this.id);
    await this.writeSecrets(writes, current);
    // A primary gets its old metadata (and store time) back. A fan-out target records which key it holds
    // again, after the secret: were the run to stop before the primary is restored, R3 still sees it lag.
    const variable = this.primary
      ? encodeMetadata({ keyId: keyIdOf(previous.value) })
      : encodeMetadata(previous.metadata, this.record?.storedAt, { bookkeeping: previous.bookkeeping });
    await setVariable(this.octokit, this.scope, this.metadataVariable, variable);
    this.known = previous.value;
    return {};
  }

  /** Records `updated_at` times (ms) a target of this primary showed when read. */
  noteSeen(...times: number[]): void {
    for (const t of times) if (Number.isFinite(t) && t > this.latestSeen) this.latestSeen = t;
  }

  /**
   * The store time recorded beside the primary: GitHub's `updated_at` of the secret(s) just written, read
   * back (reads are free). GitHub's API is eventually consistent and may still show the previous time, so
   * it is never less than the latest `updated_at` this run read from any target before writing: a target
   * not written since then (one a crash leaves behind) can then never look newer than the store.
   */
  private async storedAt(): Promise<string | undefined> {
    let latest = this.latestSeen;
    for (const name of secretNames(this.layout)) {
      const info = await getSecretInfo(this.octokit, this.scope, name);
      const t = info ? Date.parse(info.updatedAt) : Number.NaN;
      if (Number.isFinite(t) && t > latest) latest = t;
    }
    return latest > 0 ? new Date(latest).toISOString() : undefined;
  }

  /**
   * Writes the secrets in order. When a later one fails, the earlier ones are put back to `undo` so a pair is
   * never left half-updated; if that also fails, the error says exactly which secret holds what.
   */
  private async writeSecrets(writes: SecretWrite[], undo: SecretWrite[] | undefined): Promise<void> {
    const done: string[] = [];
    for (const w of writes) {
      try {
        await this.putOne(w);
        done.push(w.name);
      } catch (err) {
        if (done.length === 0 || !undo) throw err;
        const failedUndo: string[] = [];
        for (const name of done) {
          const back = undo.find((u) => u.name === name);
          try {
            if (back) await this.putOne(back);
          } catch {
            failedUndo.push(name);
          }
        }
        if (failedUndo.length > 0) {
          throw new VaultError(
            'github_pair_half_updated',
            `${this.id}: writing ${w.name} failed (${describe(err)}) and putting ${failedUndo.join(', ')} back ` +
              `also failed: ${failedUndo.join(', ')} now hold(s) the new value, ${w.name} the old one. ` +
              'Re-run the rotation or set both secrets by hand.',
            { category: 'internal' },
          );
        }
        this.logger.warn('second secret of the pair failed; the first was put back', { target: this.id });
        throw err;
      }
    }
  }

  /** Seals to the scope's (cached) key and PUTs; on a 422 the key may have been rotated: refetch once. */
  private async putOne(w: SecretWrite): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const key = await publicKeyFor(this.octokit, this.scope);
      const encryptedValue = await seal(w.plaintext, key, this.id);
      try {
        const access = await this.orgAccess(w.name);
        await putSecret(this.octokit, this.scope, w.name, { encryptedValue, keyId: key.keyId }, access);
        return;
      } catch (err) {
        if (attempt > 1 || !(isKeyrollError(err) && err.status === 422)) throw err;
        forgetPublicKey(this.octokit, this.scope);
        const fresh = await publicKeyFor(this.octokit, this.scope);
        if (fresh.keyId === key.keyId) throw err; // not a key change: a real rejection
      }
    }
  }

  /**
   * The access an organization secret's PUT must carry: what it has now, read just before the write (GitHub
   * would otherwise reset it), changed only where configuration names a visibility or repositories to add.
   */
  private async orgAccess(name: string): Promise<OrgAccess | undefined> {
    if (this.scope.kind !== 'organization') return undefined;
    const current = await getOrgSecretAccess(this.octokit, this.scope.org, name);
    if (!current) {
      throw new VaultError(
        'github_secret_disappeared',
        `${this.id}: secret ${name} disappeared from organization ${this.scope.org}; nothing was written`,
        { category: 'conflict' },
      );
    }
    const wanted = this.scope.visibility;
    if (wanted === undefined) return current;
    if (wanted !== current.visibility) {
      this.logger.warn('changing the visibility of an organization secret, as configured', {
        target: this.id,
        secret: name,
        from: current.visibility,
        to: wanted,
      });
    }
    if (wanted !== 'selected') return { visibility: wanted };
    const kept = current.visibility === 'selected' ? (current.selectedRepositoryIds ?? []) : [];
    const added = (this.scope.selectedRepositoryIds ?? []).filter((id) => !kept.includes(id));
    return { visibility: 'selected', selectedRepositoryIds: [...kept, ...added] };
  }

  private async undoAfterMetadataFailure(previous: SecretWrite[] | undefined, err: unknown): Promise<never> {
    if (previous) {
      try {
        await this.writeSecrets(previous, undefined);
      } catch {
        throw new VaultError(
          'github_metadata_write_failed',
          `${this.id}: the secret was updated but writing its metadata variable failed (${describe(err)}), and ` +
            'putting the old value back failed too: the secret holds the new value',
          { category: 'internal' },
        );
      }
      throw err;
    }
    throw new VaultError(
      'github_metadata_write_failed',
      `${this.id}: the secret was updated but writing its metadata variable failed (${describe(err)})`,
      { category: 'internal' },
    );
  }
}

function keyIdOf(value: string): string | undefined {
  try {
    return parseSecretValue(value, 'current value').credential.accessKeyId;
  } catch {
    return undefined;
  }
}

function describe(err: unknown): string {
  if (isKeyrollError(err)) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
