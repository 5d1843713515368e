import {
  DescribeSecretCommand,
  type DescribeSecretCommandOutput,
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  PutSecretValueCommand,
  SecretsManagerClient,
  type SecretsManagerClientConfig,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { RotationBookkeeping, RotationMetadata } from '@keyroll/core';
import { VaultError } from '@keyroll/core';
import { awsErrorName, toVaultError } from './errors.ts';
import { bookkeepingChanges, tagChanges } from './metadata.ts';
import { isSameSecret, parseSecretId, type SecretId } from './names.ts';

export type { SecretsManagerClientConfig };
export { SecretsManagerClient };
export type Description = DescribeSecretCommandOutput;

export const CURRENT = 'AWSCURRENT';
export const PENDING = 'AWSPENDING';
export const PREVIOUS = 'AWSPREVIOUS';

export interface SecretClientOptions {
  /** The secret's name (may contain `/`) or its ARN. */
  secret: string;
  /** A client to use (and not destroy): to share one per process. */
  client?: SecretsManagerClient;
  /**
   * Configuration of a client this object creates. Production: none — region, credentials and endpoint
   * come from the SDK's default chain (`AWS_REGION`, the Lambda/ECS role, `AWS_ENDPOINT_URL_SECRETS_MANAGER`).
   * A secret named by ARN sets the region when nothing else does.
   */
  clientConfig?: SecretsManagerClientConfig;
}

/** One secret reached through one client: every call mapped to a VaultError naming the call. */
export class SecretHandle {
  readonly secret: SecretId;
  readonly client: SecretsManagerClient;
  private readonly ownsClient: boolean;

  constructor(options: SecretClientOptions) {
    this.secret = parseSecretId(options.secret);
    this.ownsClient = !options.client;
    // An ARN names the secret's region; a client in another region would answer "not found".
    const region = options.clientConfig?.region ?? this.secret.region;
    this.client =
      options.client ?? new SecretsManagerClient({ ...(region && { region }), ...options.clientConfig });
  }

  get id(): string {
    return this.secret.id;
  }

  async call<T>(operation: string, mutation: boolean, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toVaultError(err, operation, this.secret.id, mutation);
    }
  }

  /** DescribeSecret: tags, labels, rotation settings — never the value. Checks it is the configured secret. */
  async describe(): Promise<Description> {
    const d = await this.call('DescribeSecret', false, () =>
      this.client.send(new DescribeSecretCommand({ SecretId: this.secret.id })),
    );
    if (!isSameSecret(this.secret, d)) {
      throw new VaultError(
        'secret_mismatch',
        `Secrets Manager answered for ${d.ARN ?? d.Name ?? 'another secret'} when asked for ${this.secret.id}; refusing to use it`,
        { category: 'config' },
      );
    }
    if (d.DeletedDate) {
      throw new VaultError(
        'scheduled_for_deletion',
        `${this.secret.id} is scheduled for deletion; restore it (aws secretsmanager restore-secret) or configure another secret`,
        { category: 'conflict', retryable: false },
      );
    }
    return d;
  }

  /** The value of one version; `undefined` when the version (with that label) does not exist. */
  async value(
    versionId: string | undefined,
    stage: string | undefined,
  ): Promise<{ value: string; version: string } | undefined> {
    let out: GetSecretValueCommandOutput;
    try {
      out = await this.client.send(
        new GetSecretValueCommand({ SecretId: this.secret.id, VersionId: versionId, VersionStage: stage }),
      );
    } catch (err) {
      if (awsErrorName(err) === 'ResourceNotFoundException') return undefined;
      throw toVaultError(err, 'GetSecretValue', this.secret.id, false);
    }
    if (typeof out.SecretString !== 'string' || !out.VersionId) {
      throw new VaultError(
        'not_a_string_secret',
        `${this.secret.id} holds a binary value (SecretBinary); keyroll stores the credential as SecretString JSON`,
        { category: 'input' },
      );
    }
    return { value: out.SecretString, version: out.VersionId };
  }

  /** PutSecretValue with a token we chose, so a retry of the same call is idempotent in the service. */
  async put(value: string, token: string, stages: string[] | undefined): Promise<void> {
    try {
      await this.client.send(
        new PutSecretValueCommand({
          SecretId: this.secret.id,
          SecretString: value,
          ClientRequestToken: token,
          ...(stages && { VersionStages: stages }),
        }),
      );
    } catch (err) {
      const mapped = toVaultError(err, 'PutSecretValue', this.secret.id, true);
      if (mapped.category !== 'ambiguous') throw mapped;
      // The version id is our token: finding it with our value proves the put happened.
      const seen = await this.value(token, undefined).catch(() => undefined);
      if (seen?.value === value) return;
      throw mapped;
    }
  }

  /**
   * UpdateSecretVersionStage. A retry of an applied move is refused by the service (the label is no longer
   * where RemoveFromVersionId says), and a lost answer leaves it unknown, so any failure is settled by
   * looking at where the label is now: the wanted state means the move happened.
   */
  async moveStage(stage: string, moveTo: string | undefined, removeFrom: string | undefined): Promise<void> {
    try {
      await this.client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: this.secret.id,
          VersionStage: stage,
          ...(moveTo && { MoveToVersionId: moveTo }),
          ...(removeFrom && { RemoveFromVersionId: removeFrom }),
        }),
      );
    } catch (err) {
      const mapped = toVaultError(err, 'UpdateSecretVersionStage', this.secret.id, true);
      const now = await this.describe().catch(() => undefined);
      const stages = now?.VersionIdsToStages ?? {};
      const done = moveTo
        ? stages[moveTo]?.includes(stage) === true
        : removeFrom !== undefined && !stages[removeFrom]?.includes(stage);
      if (now && done) return;
      throw mapped;
    }
  }

  /** Sets the keyroll tags to `metadata`, leaving every other tag alone. */
  /** Sets the keyroll tags to `metadata` and `bookkeeping` (none: removed, as after a successful rotation). */
  async applyMetadata(
    current: Description['Tags'],
    metadata: RotationMetadata,
    bookkeeping?: RotationBookkeeping,
  ): Promise<void> {
    const { set, remove } = tagChanges(current, metadata, bookkeeping);
    await this.applyTags(set, remove);
  }

  /** Sets only the bookkeeping tag; the rotation metadata and the managed mark stay. */
  async applyBookkeeping(current: Description['Tags'], bookkeeping: RotationBookkeeping): Promise<void> {
    const { set, remove } = bookkeepingChanges(current, bookkeeping);
    await this.applyTags(set, remove);
  }

  private async applyTags(set: Array<{ Key: string; Value: string }>, remove: string[]): Promise<void> {
    if (set.length > 0) {
      await this.call('TagResource', true, () =>
        this.client.send(new TagResourceCommand({ SecretId: this.secret.id, Tags: set })),
      );
    }
    if (remove.length > 0) {
      await this.call('UntagResource', true, () =>
        this.client.send(new UntagResourceCommand({ SecretId: this.secret.id, TagKeys: remove })),
      );
    }
  }

  close(): void {
    if (this.ownsClient) this.client.destroy();
  }
}

/** The version carrying `stage`, from DescribeSecret's VersionIdsToStages. */
export function versionWith(d: Description, stage: string): string | undefined {
  return Object.entries(d.VersionIdsToStages ?? {}).find(([, stages]) => stages.includes(stage))?.[0];
}
