import {
  isKeyrollError,
  type Logger,
  type RotationMetadata,
  type SecretHeader,
  type StoredSecret,
  silentLogger,
  type VaultAdapter,
  type VaultCapabilities,
  VaultError,
  type WriteReceipt,
} from '@keyroll/core';
import { getSecretInfo, getVariable, putSecret, setVariable } from './api.ts';
import { checkGitHubTarget } from './check.ts';
import type { GitHubClient } from './client.ts';
import { layOut, type SecretWrite } from './formats.ts';
import { decodeMetadata, encodeMetadata } from './metadata.ts';
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
  logger?: Logger;
}

/**
 * A VaultAdapter for one GitHub Actions secret target: a repository, environment or organization secret,
 * in one of three layouts (json, pair, checkov). Secret values are write-only: read() returns the value
 * supplied by the caller (or the last one this adapter wrote), and metadata comes from an Actions
 * variable named `<SECRET>_KEYROLL` in the same scope. Fan-out to many repositories is many adapters.
 */
export class GitHubSecretsAdapter implements VaultAdapter {
  readonly id: string;
  readonly capabilities: VaultCapabilities = { readable: false, versioned: false };
  private readonly octokit: GitHubClient;
  private readonly scope: GitHubScope;
  private readonly layout: SecretLayout;
  private readonly namedInConfiguration: boolean;
  private readonly logger: Logger;
  /** What the secret(s) hold now, as far as this run knows: the supplied current value, then each write. */
  private known: string | undefined;

  constructor(options: GitHubSecretsAdapterOptions) {
    this.octokit = options.octokit;
    this.scope = options.scope;
    this.layout = options.layout;
    this.namedInConfiguration = options.namedInConfiguration ?? false;
    this.logger = options.logger ?? silentLogger();
    this.known = options.currentValue;
    this.id = `github:${formatTarget({ scope: this.scope, layout: this.layout })}`;
    assertScope(this.scope, this.id);
    for (const name of secretNames(this.layout)) assertSecretName(name, this.id);
  }

  /** The Actions variable holding this target's metadata. */
  get metadataVariable(): string {
    return metadataVariableName(this.layout);
  }

  /** GitHub never returns secret values: the header is what read() learns, without the supplied value. */
  async readMetadata(): Promise<SecretHeader> {
    const { managed, metadata } = await this.read();
    return { managed, metadata };
  }

  async check(): Promise<void> {
    checkGitHubTarget(this.layout, this.known, this.id);
  }

  /**
   * Checks that the secret(s) exist and the token may use the scope (fetching the public key now, so a
   * token without secrets permission fails here, before any key is created), then reads the metadata.
   */
  async read(): Promise<StoredSecret> {
    await publicKeyFor(this.octokit, this.scope);
    for (const name of secretNames(this.layout)) {
      const info = await getSecretInfo(this.octokit, this.scope, name);
      if (!info) {
        throw new VaultError(
          'not_found',
          `${this.id}: secret ${name} does not exist in ${describeScope(this.scope)}. keyroll rotates existing ` +
            'secrets only: create it first (gh secret set, or the terraform/github module)',
          { category: 'not_found', status: 404 },
        );
      }
    }
    const raw = await getVariable(this.octokit, this.scope, this.metadataVariable);
    let record = raw === undefined ? undefined : decodeMetadata(raw);
    if (raw !== undefined && !record) {
      this.logger.warn('metadata variable is not keyroll JSON; ignoring it', {
        target: this.id,
        variable: this.metadataVariable,
      });
      record = undefined;
    }
    return {
      value: this.known,
      version: undefined,
      metadata: record?.metadata ?? {},
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
    try {
      await setVariable(this.octokit, this.scope, this.metadataVariable, encodeMetadata(metadata));
    } catch (err) {
      // The secret holds the new value but its metadata does not say so. Put the old value back when we
      // know it, so the target is either fully old or fully new; then report the failure.
      await this.undoAfterMetadataFailure(previous, err);
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
    await setVariable(this.octokit, this.scope, this.metadataVariable, encodeMetadata(previous.metadata));
    this.known = previous.value;
    return {};
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
        await putSecret(this.octokit, this.scope, w.name, { encryptedValue, keyId: key.keyId });
        return;
      } catch (err) {
        if (attempt > 1 || !(isKeyrollError(err) && err.status === 422)) throw err;
        forgetPublicKey(this.octokit, this.scope);
        const fresh = await publicKeyFor(this.octokit, this.scope);
        if (fresh.keyId === key.keyId) throw err; // not a key change: a real rejection
      }
    }
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

function describe(err: unknown): string {
  if (isKeyrollError(err)) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
