import { AsyncLocalStorage } from 'node:async_hooks';
import type { TokenCredential } from '@azure/core-auth';
import type { SecretClient, SecretClientOptions } from '@azure/keyvault-secrets';
import {
  ConfigError,
  type PreviousValue,
  type RotationBookkeeping,
  type RotationMetadata,
  type StoredSecret,
  type VaultAdapter,
  type VaultCapabilities,
  VaultError,
  type WriteOptions,
  type WriteReceipt,
} from '@keyroll/core';
import { checkAzureTarget } from './check.ts';
import { createSecretClient, normalizeVaultUrl, SECRET_NAME } from './client.ts';
import { type KeyVaultOperation, toVaultError } from './errors.ts';
import { checkTagRoom, readSecretMetadata, type SecretMetadata } from './metadata.ts';
import { bookkeepingFromTags, isManaged, metadataFromTags, tagsFor, withBookkeeping } from './tags.ts';

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
  /** Timeout of each HTTP attempt; the SDK has none by default and a hung vault would hold the lock. */
  requestTimeoutMs?: number;
  /**
   * Budget of one call including the SDK's retries and their waits (Retry-After). Separate from the
   * attempt timeout, so a long 429 wait ends as "throttled", never as "no response". Default 120 s.
   */
  retryBudgetMs?: number;
}

type PipelinePolicy = NonNullable<SecretClientOptions['additionalPolicies']>[number]['policy'];

/** Consumers of Key Vault references (App Service, Functions) pick up a new version within 24 h. */
export const KEY_VAULT_CONSUMER_WINDOW_HOURS = 24;

/** What the attempts of one call saw, for telling "throttled" from "no response". */
interface CallTrace {
  inFlight: number;
  lastStatus: number | undefined;
  lastRetryAfter: string | undefined;
}
const traces = new AsyncLocalStorage<CallTrace>();

/** Runs on every attempt (after the SDK's retry policy), recording whether an answer came back. */
const tracePolicy: PipelinePolicy = {
  name: 'keyrollCallTrace',
  async sendRequest(request, next) {
    const trace = traces.getStore();
    if (!trace) return next(request);
    trace.inFlight++;
    try {
      const response = await next(request);
      trace.lastStatus = response.status;
      trace.lastRetryAfter = response.headers.get('retry-after');
      return response;
    } finally {
      trace.inFlight--;
    }
  },
};

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
  readonly capabilities: VaultCapabilities = {
    readable: true,
    versioned: true,
    consumerWindowHours: KEY_VAULT_CONSUMER_WINDOW_HOURS,
  };
  readonly vaultUrl: string;
  readonly secretName: string;
  private readonly client: SecretClient;
  private readonly contentType: string;
  private readonly timeoutMs: number;
  private readonly budgetMs: number;
  /** Full tags and content type of each StoredSecret this adapter returned, so restore puts them back. */
  private readonly seen = new WeakMap<StoredSecret, SeenVersion>();
  /** Tags of the last version read: a team's own tags survive a rotation. */
  private lastTags: Record<string, string> | undefined;
  private lastValue: string | undefined;
  /** Version id of the last read, the current one: tidying keeps it. */
  private lastVersion: string | undefined;
  /** The current version as this instance last saw it (read, metadata, or its own write): bookkeeping tags it. */
  private currentVersion: string | undefined;

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
    this.budgetMs = Math.max(options.retryBudgetMs ?? 120_000, this.timeoutMs);
    this.client = createSecretClient(this.vaultUrl, options.credential, {
      ...options.clientOptions,
      additionalPolicies: [
        ...(options.clientOptions?.additionalPolicies ?? []),
        { policy: tracePolicy, position: 'perRetry' },
      ],
    });
  }

  /**
   * The current version's tags and attributes, never its value: whether keyroll may touch the secret
   * is decided from this before anything reads the value (R1 step 2, R4).
   */
  async readMetadata(): Promise<SecretMetadata> {
    const meta = await this.call('read', (abortSignal) =>
      readSecretMetadata(this.client, this.secretName, this.where(), () => abortSignal),
    );
    if (meta.version) this.currentVersion = meta.version;
    return meta;
  }

  /**
   * Read-only checks before any change: the secret is managed, its current version is enabled, and a
   * rotation's tags fit Key Vault's limit. Throws ConfigError/VaultError; returns the metadata.
   */
  async checkWritable(): Promise<SecretMetadata> {
    const meta = await this.readMetadata();
    if (meta.managed) checkTagRoom(meta.tags, this.where());
    return meta;
  }

  async check(): Promise<void> {
    checkAzureTarget(this.lastTags, this.lastValue, this.where());
  }

  async read(): Promise<StoredSecret> {
    const secret = await this.call('read', (abortSignal) =>
      this.client.getSecret(this.secretName, { abortSignal, requestOptions: this.attempt() }),
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
      ...bookkeepingFromTags(tags),
    };
    this.lastTags = tags;
    this.lastValue = secret.value;
    this.lastVersion = version;
    this.currentVersion = version;
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
    const tags =
      seen?.tags ??
      withBookkeeping(
        tagsFor(previous.metadata, previous.managed, this.lastTags),
        previous.bookkeeping ?? {},
      );
    return this.setVersion(previous.value, tags, seen?.contentType ?? this.contentType, previous.expiresOn);
  }

  /**
   * The failure bookkeeping only: the current version's tags get `keyroll-failures` (PATCH of its
   * attributes, no new version), every other tag, the value and the managed mark stay. check() counted
   * this tag against the 15-tag limit.
   */
  async writeBookkeeping(bookkeeping: RotationBookkeeping): Promise<void> {
    const version = this.currentVersion ?? (await this.readMetadata()).version;
    if (!version) {
      throw new VaultError(
        'current_version_unknown',
        `${this.where()}: two versions were created in the same second; cannot tell which is current to record the failure`,
        { category: 'conflict', retryable: true },
      );
    }
    let tags: Record<string, string> | undefined;
    await this.call('list', async (abortSignal) => {
      for await (const p of this.client.listPropertiesOfSecretVersions(this.secretName, {
        abortSignal,
        requestOptions: this.attempt(),
      })) {
        if (p.version === version) tags = p.tags ?? {};
      }
    });
    if (!tags) {
      throw new VaultError('not_found', `${this.where()}: version ${version} is gone`, {
        category: 'not_found',
      });
    }
    const next = withBookkeeping(tags, bookkeeping);
    await this.call('update', (abortSignal) =>
      this.client.updateSecretProperties(this.secretName, version, {
        tags: next,
        abortSignal,
        requestOptions: this.attempt(),
      }),
    );
  }

  async disableSuperseded(): Promise<string[]> {
    const current = this.lastVersion;
    if (!current) {
      throw new VaultError('not_read', `${this.where()}: read the secret before tidying its versions`, {
        category: 'internal',
        retryable: false,
      });
    }
    const enabled: string[] = [];
    await this.call('list', async (abortSignal) => {
      for await (const p of this.client.listPropertiesOfSecretVersions(this.secretName, {
        abortSignal,
        requestOptions: this.attempt(),
      })) {
        if (p.enabled !== false && p.version && p.version !== current) enabled.push(p.version);
      }
    });
    for (const version of enabled) await this.disableVersion(version);
    return enabled;
  }

  async disableVersion(version: string): Promise<void> {
    await this.setEnabled(version, false);
  }

  /**
   * undo: the version whose keyroll-key-id tag names `keyId` exactly (the newest, if several). The retired
   * key's version is disabled (tidy), so it is enabled for the read and disabled again before this returns,
   * with the update permission the rotator holds anyway; failing to disable it again is a warning.
   */
  async readPrevious(keyId: string): Promise<PreviousValue | undefined> {
    let found: { version: string; enabled: boolean; createdOn: number } | undefined;
    await this.call('list', async (abortSignal) => {
      for await (const p of this.client.listPropertiesOfSecretVersions(this.secretName, {
        abortSignal,
        requestOptions: this.attempt(),
      })) {
        if (!p.version || metadataFromTags(p.tags).keyId !== keyId) continue;
        const createdOn = p.createdOn?.getTime() ?? 0;
        if (!found || createdOn > found.createdOn)
          found = { version: p.version, enabled: p.enabled !== false, createdOn };
      }
    });
    if (!found) return undefined;
    const { version, enabled } = found;
    const warnings: string[] = [];
    if (!enabled) await this.setEnabled(version, true);
    let value: string | undefined;
    try {
      const secret = await this.call('read', (abortSignal) =>
        this.client.getSecret(this.secretName, { version, abortSignal, requestOptions: this.attempt() }),
      );
      value = secret.value;
    } finally {
      if (!enabled) {
        await this.setEnabled(version, false).catch((err: unknown) => {
          warnings.push(
            `version ${version} of ${this.where()} was enabled to read it and could not be disabled again ` +
              `(${(err as Error).message}); disable it: az keyvault secret set-attributes --enabled false --version ${version}`,
          );
        });
      }
    }
    if (value === undefined) return undefined;
    return {
      value,
      version: `version ${version}${enabled ? '' : warnings.length ? ', enabled for the read' : ', enabled for the read and disabled again'}`,
      warnings,
    };
  }

  private async setEnabled(version: string, enabled: boolean): Promise<void> {
    await this.call('update', (abortSignal) =>
      this.client.updateSecretProperties(this.secretName, version, {
        enabled,
        abortSignal,
        requestOptions: this.attempt(),
      }),
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
        requestOptions: this.attempt(),
      }),
    );
    if (result.properties.version === undefined) return {};
    this.currentVersion = result.properties.version;
    return { version: result.properties.version };
  }

  /** Per-attempt timeout: each retry of the SDK gets its own. */
  private attempt(): { timeout: number } {
    return { timeout: this.timeoutMs };
  }

  private async call<T>(operation: KeyVaultOperation, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const trace: CallTrace = { inFlight: 0, lastStatus: undefined, lastRetryAfter: undefined };
    const budget = AbortSignal.timeout(this.budgetMs);
    try {
      return await traces.run(trace, () => fn(budget));
    } catch (err) {
      // The budget ran out while the SDK waited to retry a 429 (Retry-After): nothing was in flight,
      // so the vault refused every attempt; that is throttling, not a lost answer.
      if (budget.aborted && trace.inFlight === 0 && trace.lastStatus === 429) {
        throw toVaultError(
          {
            name: 'RestError',
            message: 'throttled; the retry budget ran out',
            statusCode: 429,
            response: { headers: new Map([['retry-after', trace.lastRetryAfter ?? '']]) },
          },
          operation,
          this.where(),
        );
      }
      throw toVaultError(err, operation, this.where());
    }
  }

  private where(): string {
    return `secret ${this.secretName} in ${this.vaultUrl}`;
  }
}
