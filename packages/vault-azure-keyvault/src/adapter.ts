import type { TokenCredential } from '@azure/core-auth';
import type { SecretClient, SecretClientOptions } from '@azure/keyvault-secrets';
import {
  ConfigError,
  type RotationMetadata,
  type SecretHeader,
  type StoredSecret,
  type VaultAdapter,
  type VaultCapabilities,
  VaultError,
  type WriteOptions,
  type WriteReceipt,
} from '@keyroll/core';
import { checkAzureTarget, readAzureHeader } from './check.ts';
import { createSecretClient, normalizeVaultUrl, SECRET_NAME } from './client.ts';
import { type KeyVaultOperation, toVaultError } from './errors.ts';
import { isManaged, metadataFromTags, tagsFor } from './tags.ts';

export interface AzureKeyVaultAdapterOptions {
  /** `https://<vault>.vault.azure.net` */
  vaultUrl: string;
  secretName: string;
  /** Default: a process-wide DefaultAzureCredential (managed identity in Azure, `az login` locally). */
  credential?: TokenCredential;
  /** Passed to SecretClient: the transport seam (agent, tlsOptions) and retryOptions. */
  clientOptions?: SecretClientOptions;
  /** Content type of written versions. Default `application/json`. */
  contentType?: string;
  /** Per-call timeout; the SDK has none by default and a hung vault would hold the rotation lock. */
  requestTimeoutMs?: number;
}

interface SeenVersion {
  tags: Record<string, string> | undefined;
  contentType: string | undefined;
}

/**
 * A Key Vault secret as a rotation target. Each write is a new version carrying rotation metadata in
 * tags and the vault's own expiry (`exp`), so Key Vault emits SecretNearExpiry in time for the next
 * rotation. Superseded versions are disabled, never deleted; restore writes the old value as a new version.
 */
export class AzureKeyVaultAdapter implements VaultAdapter {
  readonly id: string;
  readonly capabilities: VaultCapabilities = { readable: true, versioned: true };
  readonly vaultUrl: string;
  readonly secretName: string;
  private readonly client: SecretClient;
  private readonly contentType: string;
  private readonly timeoutMs: number;
  /** Full tags and content type of each StoredSecret this adapter returned, so restore puts them back. */
  private readonly seen = new WeakMap<StoredSecret, SeenVersion>();
  /** Tags of the last version read: a team's own tags survive a rotation. */
  private lastTags: Record<string, string> | undefined;
  private lastValue: string | undefined;

  constructor(options: AzureKeyVaultAdapterOptions) {
    this.vaultUrl = normalizeVaultUrl(options.vaultUrl);
    if (!SECRET_NAME.test(options.secretName)) {
      throw new ConfigError(
        'invalid_secret_name',
        `Key Vault secret names are 1-127 letters, digits and dashes, got ${JSON.stringify(options.secretName)}`,
      );
    }
    this.secretName = options.secretName;
    this.id = `azure-keyvault:${this.vaultUrl}/secrets/${this.secretName}`;
    this.contentType = options.contentType ?? 'application/json';
    this.timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.client = createSecretClient(this.vaultUrl, options.credential, options.clientOptions);
  }

  readMetadata(): Promise<SecretHeader> {
    return readAzureHeader(this.client, this.secretName, this.where(), this.timeoutMs);
  }

  async check(): Promise<void> {
    checkAzureTarget(this.lastTags, this.lastValue, this.where());
  }

  async read(): Promise<StoredSecret> {
    const secret = await this.call('read', (abortSignal) =>
      this.client.getSecret(this.secretName, { abortSignal }),
    );
    const { tags, contentType, version, expiresOn } = secret.properties;
    if (secret.value === undefined) {
      throw new VaultError('empty_secret', `${this.where()}: the current version has no value`, {
        category: 'internal',
      });
    }
    const stored: StoredSecret = {
      value: secret.value,
      version,
      metadata: metadataFromTags(tags),
      managed: isManaged(tags),
      ...(expiresOn && { expiresOn }),
    };
    this.lastTags = tags;
    this.lastValue = secret.value;
    this.seen.set(stored, { tags, contentType });
    return stored;
  }

  async write(value: string, metadata: RotationMetadata, options: WriteOptions = {}): Promise<WriteReceipt> {
    return this.setVersion(
      value,
      tagsFor(metadata, true, this.lastTags),
      this.contentType,
      options.expiresOn,
    );
  }

  async restore(previous: StoredSecret): Promise<WriteReceipt> {
    if (previous.value === undefined) {
      throw new VaultError(
        'nothing_to_restore',
        `${this.where()}: the previous state has no value to restore`,
        {
          category: 'internal',
        },
      );
    }
    // The exact tags and content type of the version we read, when we read it; else rebuild them.
    const seen = this.seen.get(previous);
    const tags = seen?.tags ?? tagsFor(previous.metadata, previous.managed, this.lastTags);
    return this.setVersion(previous.value, tags, seen?.contentType ?? this.contentType, previous.expiresOn);
  }

  async disableVersion(version: string): Promise<void> {
    await this.call('update', (abortSignal) =>
      this.client.updateSecretProperties(this.secretName, version, { enabled: false, abortSignal }),
    );
  }

  private async setVersion(
    value: string,
    tags: Record<string, string>,
    contentType: string | undefined,
    expiresOn: Date | undefined,
  ): Promise<WriteReceipt> {
    const result = await this.call('write', (abortSignal) =>
      this.client.setSecret(this.secretName, value, {
        tags,
        ...(contentType !== undefined && { contentType }),
        ...(expiresOn && { expiresOn }),
        abortSignal,
      }),
    );
    if (result.properties.version === undefined) return {};
    return { version: result.properties.version };
  }

  private async call<T>(operation: KeyVaultOperation, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await fn(AbortSignal.timeout(this.timeoutMs));
    } catch (err) {
      throw toVaultError(err, operation, this.where());
    }
  }

  private where(): string {
    return `secret ${this.secretName} in ${this.vaultUrl}`;
  }
}
