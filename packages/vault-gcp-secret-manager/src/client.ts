import { type protos, SecretManagerServiceClient } from '@google-cloud/secret-manager';
import { VaultError } from '@keyroll/core';
import type { CallOptions, ClientOptions } from 'google-gax';
import { isEtagConflict, toVaultError } from './errors.ts';
import { learnProject, type ProjectIdentity, parseSecretName, regionalEndpoint } from './names.ts';

export type Secret = protos.google.cloud.secretmanager.v1.ISecret;
export type SecretVersion = protos.google.cloud.secretmanager.v1.ISecretVersion;
export type AccessResponse = protos.google.cloud.secretmanager.v1.IAccessSecretVersionResponse;
export type { CallOptions, ClientOptions };
export { SecretManagerServiceClient };

/** How an adapter or lock reaches one secret: a client (shared or owned), call options and the name. */
export interface SecretClientOptions {
  /** `projects/<project>/secrets/<secret>` (or `projects/<p>/locations/<l>/secrets/<s>`). */
  secret: string;
  /** A client to use (and not close). The seam for tests and for sharing one channel per process. */
  client?: SecretManagerServiceClient;
  /** Options for a client this object creates (production: none, Application Default Credentials). */
  clientOptions?: ClientOptions;
  /** Per-call options, e.g. `{ timeout }` or `{ retry: null }`. */
  callOptions?: CallOptions;
  /** Attempts of a read-modify-write of annotations that loses the etag race (default 5). */
  casAttempts?: number;
  /**
   * The id and number of the secret's project, when known (configuration, metadata server). Otherwise
   * learned from the service's first answer: names come back with the number.
   */
  project?: ProjectIdentity;
}

export class SecretHandle {
  readonly name: string;
  readonly client: SecretManagerServiceClient;
  readonly callOptions: CallOptions | undefined;
  /** The id and number of this secret's project, once known; versions are compared with it. */
  project: ProjectIdentity | undefined;
  private readonly ownsClient: boolean;
  private readonly casAttempts: number;

  constructor(options: SecretClientOptions) {
    const parsed = parseSecretName(options.secret);
    this.name = options.secret.trim();
    this.ownsClient = !options.client;
    const endpoint = regionalEndpoint(parsed);
    this.client =
      options.client ??
      new SecretManagerServiceClient({
        ...(endpoint ? { apiEndpoint: endpoint } : {}),
        ...options.clientOptions,
      });
    this.callOptions = options.callOptions;
    this.casAttempts = Math.max(1, options.casAttempts ?? 5);
    this.project = options.project;
  }

  /** Runs one client call and maps its failure to a VaultError naming the call and resource. */
  async call<T>(operation: string, resource: string, mutation: boolean, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toVaultError(err, operation, resource, mutation);
    }
  }

  async getSecret(): Promise<Secret> {
    const [secret] = await this.call('GetSecret', this.name, false, () =>
      this.client.getSecret({ name: this.name }, this.callOptions),
    );
    this.project ??= learnProject(this.name, secret.name);
    return secret;
  }

  /**
   * Read-modify-write of the secret's annotations under its etag. `decide` sees the current secret and
   * returns the new annotations, or null to change nothing. A lost etag race re-reads and decides again,
   * so `decide` must be a pure function of what it is shown. Returns the stored secret, or null when
   * `decide` declined.
   */
  async updateAnnotations(
    decide: (current: Secret) => Record<string, string> | null,
  ): Promise<{ secret: Secret; updated: boolean }> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.getSecret();
      const annotations = decide(current);
      if (annotations === null) return { secret: current, updated: false };
      try {
        const [updated] = await this.client.updateSecret(
          {
            secret: { name: this.name, annotations, etag: current.etag ?? '' },
            updateMask: { paths: ['annotations'] },
          },
          this.callOptions,
        );
        return { secret: updated, updated: true };
      } catch (err) {
        if (isEtagConflict(err) && attempt < this.casAttempts) continue;
        if (isEtagConflict(err)) {
          throw new VaultError(
            'etag_conflict',
            `Secret Manager UpdateSecret on ${this.name}: the secret kept changing under us (${attempt} etag conflicts); try again`,
            { category: 'conflict', retryable: true, cause: err },
          );
        }
        throw toVaultError(err, 'UpdateSecret', this.name, true);
      }
    }
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.client.close();
  }
}
