import {
  type Clock,
  ConfigError,
  type Credential,
  createLogger,
  type KeyIssuer,
  type LockProvider,
  type Logger,
  type LogSink,
  parseSecretValue,
  type RotationRequest,
  type RotationResult,
  rotateCredential,
  systemClock,
} from '@keyroll/core';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import {
  type CallOptions,
  type ClientOptions,
  GcpSecretManagerAdapter,
  SecretManagerLockProvider,
  SecretManagerServiceClient,
  sameSecret,
} from '@keyroll/vault-gcp-secret-manager';
import { ENV, type FunctionConfig, loadConfig } from './config.ts';
import { cloudLoggingSink } from './logging.ts';

/**
 * The injectable seams of the functions. In Cloud Run functions every field is left out: settings come
 * from the environment, Secret Manager is reached with Application Default Credentials (the function's
 * service account via the metadata server), Prisma Cloud through PrismaCloudIssuer, and the lock is the
 * secret's own annotation lease, shared by every instance.
 */
export interface RuntimeOptions {
  env?: NodeJS.ProcessEnv;
  /** One client (one gRPC channel) for every secret this instance touches. */
  client?: SecretManagerServiceClient;
  clientOptions?: ClientOptions;
  callOptions?: CallOptions;
  issuer?: KeyIssuer;
  lock?: LockProvider;
  clock?: Clock;
  logSink?: LogSink;
}

export type RotateOptions = Omit<RotationRequest, 'targets'>;

export class GcpRuntime {
  readonly config: FunctionConfig;
  readonly logger: Logger;
  readonly issuer: KeyIssuer;
  readonly lock: LockProvider;
  readonly clock: Clock;
  readonly #client: SecretManagerServiceClient;
  readonly #callOptions: CallOptions | undefined;

  constructor(config: FunctionConfig, options: RuntimeOptions = {}) {
    this.config = config;
    this.clock = options.clock ?? systemClock;
    this.logger = createLogger({
      sink: options.logSink ?? cloudLoggingSink(),
      level: config.logLevel,
      now: () => this.clock.now(),
    });
    this.#client = options.client ?? new SecretManagerServiceClient(options.clientOptions);
    this.#callOptions = options.callOptions;
    this.issuer =
      options.issuer ??
      new PrismaCloudIssuer({
        allowedOrigins: config.allowedApiOrigins,
        clock: this.clock,
        logger: this.logger,
      });
    this.lock =
      options.lock ??
      new SecretManagerLockProvider({
        client: this.#client,
        ...(this.#callOptions ? { callOptions: this.#callOptions } : {}),
        clock: this.clock,
      });
  }

  /** Whether this deployment may rotate the secret (KEYROLL_MANAGED_SECRETS, when set). */
  isAllowed(secret: string): boolean {
    return this.config.managedSecrets === undefined || this.isListed(secret);
  }

  adapter(secret: string): GcpSecretManagerAdapter {
    return new GcpSecretManagerAdapter({
      secret,
      client: this.#client,
      ...(this.#callOptions ? { callOptions: this.#callOptions } : {}),
      managedByConfiguration: this.isListed(secret),
    });
  }

  async rotate(secret: string, options: RotateOptions): Promise<RotationResult> {
    const adminCredential = await this.adminCredential();
    return rotateCredential(
      { ...options, targets: [this.adapter(secret)] },
      {
        issuer: this.issuer,
        policy: this.config.policy,
        lock: this.lock,
        logger: this.logger,
        clock: this.clock,
        allowedApiOrigins: this.config.allowedApiOrigins,
        ...(adminCredential ? { adminCredential } : {}),
        ...(this.config.serviceAccount ? { serviceAccount: this.config.serviceAccount } : {}),
      },
    );
  }

  async close(): Promise<void> {
    await this.#client.close();
  }

  private isListed(secret: string): boolean {
    return (this.config.managedSecrets ?? []).some((listed) => sameSecret(listed, secret));
  }

  /** Admin mode: the admin key is read at each rotation, so rotating it needs no redeploy. */
  private async adminCredential(): Promise<Credential | undefined> {
    if (this.config.mode !== 'admin') return undefined;
    const secret = this.config.adminSecret;
    if (!secret)
      throw new ConfigError('missing_setting', `${ENV.adminSecret} is required when ${ENV.mode}=admin`);
    const adapter = new GcpSecretManagerAdapter({
      secret,
      client: this.#client,
      ...(this.#callOptions ? { callOptions: this.#callOptions } : {}),
    });
    const stored = await adapter.read().catch((err: unknown) => {
      const category = (err as { category?: string }).category;
      if (category !== 'not_found' && category !== 'permission') throw err;
      throw new ConfigError(
        'admin_secret_unreadable',
        `${ENV.adminSecret} (${secret}) cannot be read (${(err as Error).message}); grant the function secretAccessor on it`,
        err,
      );
    });
    const credential = parseSecretValue(stored.value ?? '', `${ENV.adminSecret} (${secret})`).credential;
    this.logger.redactor.add(credential.secretKey);
    return credential;
  }
}

/** Reads the environment and builds the runtime; a bad setting fails here, at start, naming the variable. */
export function createRuntime(options: RuntimeOptions = {}): GcpRuntime {
  return new GcpRuntime(loadConfig(options.env ?? process.env), options);
}
