import {
  type Clock,
  createLogger,
  type Escalation,
  type KeyIssuer,
  type LockProvider,
  type Logger,
  type LogSink,
  type RotationRequest,
  type RotationResult,
  type RotationTrigger,
  rotateCredential,
  systemClock,
} from '@keyroll/core';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import { type AdminAccess, loadAdminAccess } from '@keyroll/runtime/admin';
import {
  type NotifierConfig,
  type NotifySettingsSource,
  notifySettings,
  notifyWithConfig,
  reportEscalation,
  reportRun,
  startTelemetry,
  type Telemetry,
} from '@keyroll/runtime/report';
import {
  type CallOptions,
  type ClientOptions,
  GcpSecretManagerAdapter,
  isManagedLabel,
  MANAGED_LABEL,
  MANAGED_LABEL_VALUE,
  type ProjectIdentity,
  parseSecretName,
  regionalEndpoint,
  SecretManagerLockProvider,
  SecretManagerRequestLog,
  SecretManagerServiceClient,
  sameProject,
  sameSecret,
} from '@keyroll/vault-gcp-secret-manager';
import { ENV, type FunctionConfig, loadConfig } from './config.ts';
import { cloudLoggingSink } from './logging.ts';
import { metadataProject } from './project.ts';

/**
 * The injectable seams of the functions. In Cloud Run functions every field is left out: settings come
 * from the environment, Secret Manager is reached with Application Default Credentials (the function's
 * service account via the metadata server), Prisma Cloud through PrismaCloudIssuer, and the lock is the
 * secret's own annotation lease, shared by every instance.
 */
export interface RuntimeOptions {
  env?: NodeJS.ProcessEnv;
  /** Options for the clients this runtime creates: one per endpoint (global, and each region in use). */
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
  /** KEYROLL_NOTIFY_WEBHOOKS / KEYROLL_EVENT_WEBHOOKS (Secret Manager secrets exposed as environment variables). */
  readonly notify: NotifierConfig | undefined;
  readonly #telemetry: Promise<Telemetry | undefined>;
  /** One client (one gRPC channel) per endpoint: regional secrets are served by their regional endpoint only. */
  readonly #clients = new Map<string, SecretManagerServiceClient>();
  readonly #clientOptions: ClientOptions | undefined;
  readonly #callOptions: CallOptions | undefined;
  readonly #env: NodeJS.ProcessEnv;
  #project: Promise<ProjectIdentity> | undefined;

  constructor(config: FunctionConfig, options: RuntimeOptions = {}) {
    this.config = config;
    this.#env = options.env ?? process.env;
    this.clock = options.clock ?? systemClock;
    this.logger = createLogger({
      sink: options.logSink ?? cloudLoggingSink(),
      level: config.logLevel,
      now: () => this.clock.now(),
    });
    this.#clientOptions = options.clientOptions;
    this.#callOptions = options.callOptions;
    // OTLP/HTTP metrics only when OTEL_EXPORTER_OTLP_ENDPOINT is set; flushed after every rotation.
    this.#telemetry = startTelemetry('keyroll-gcp-functions', this.#env).catch(() => undefined);
    this.notify = notifySettings(
      (n) => this.#env[n],
      `//keyroll/gcp-functions/${this.#env.K_SERVICE ?? 'local'}`,
    );
    if (config.project) this.#project = Promise.resolve(config.project);
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
        clientFor: (secret) => this.clientFor(secret),
        ...(this.#callOptions ? { callOptions: this.#callOptions } : {}),
        clock: this.clock,
      });
  }

  /** The environment the runtime was configured from (keyroll.yaml's location, GitHub credentials). */
  get env(): NodeJS.ProcessEnv {
    return this.#env;
  }

  /** Secret Manager options for vaults keyroll.yaml names (fleet.ts): this runtime's seams and clock. */
  sdkOptions(): Record<string, unknown> {
    return {
      ...(this.#clientOptions ? { clientOptions: this.#clientOptions } : {}),
      ...(this.#callOptions ? { callOptions: this.#callOptions } : {}),
      clock: this.clock,
    };
  }

  /** Application Default Credentials as request headers (the Secret Manager client's own auth). */
  async authHeaders(url: string): Promise<Record<string, string>> {
    const headers: unknown = await this.clientFor('projects/_/secrets/_').auth.getRequestHeaders(url);
    const out: Record<string, string> = {};
    // google-auth-library answers a Headers object (v10) or a plain record (older versions).
    if (headers && typeof (headers as Headers).forEach === 'function')
      (headers as Headers).forEach((value, name) => {
        out[name] = value;
      });
    else Object.assign(out, headers);
    return out;
  }

  /**
   * The function's own project (configuration, else the metadata server, asked once). A failed lookup is
   * a ConfigError and is asked again on the next call.
   */
  project(): Promise<ProjectIdentity> {
    this.#project ??= metadataProject(this.#env).catch((err: unknown) => {
      this.#project = undefined;
      throw err;
    });
    return this.#project;
  }

  /**
   * Whether this deployment may rotate the secret, and why not: with KEYROLL_MANAGED_SECRETS, only the
   * listed secrets (exactly; our project's id and number are the one project); without it, labelled
   * secrets of the function's own project only. Never a same-named secret of another project.
   */
  async refusal(secret: string): Promise<string | undefined> {
    const project = await this.project();
    if (this.config.managedSecrets !== undefined) {
      return this.isListed(secret, project) ? undefined : `${secret} is not listed in ${ENV.managedSecrets}`;
    }
    return sameProject(parseSecretName(secret).project, project.id, project)
      ? undefined
      : `${secret} is not in this function's project (${project.id}, number ${project.number})`;
  }

  async adapter(secret: string): Promise<GcpSecretManagerAdapter> {
    const project = await this.project();
    const ours = sameProject(parseSecretName(secret).project, project.id, project);
    return new GcpSecretManagerAdapter({
      secret,
      client: this.clientFor(secret),
      ...(this.#callOptions ? { callOptions: this.#callOptions } : {}),
      ...(ours ? { project } : {}),
      managedByConfiguration: this.isListed(secret, project),
    });
  }

  /** The records of manual requests handled for this secret (idempotency keys, in its annotations). */
  requestLog(secret: string): SecretManagerRequestLog {
    return new SecretManagerRequestLog({
      secret,
      client: this.clientFor(secret),
      ...(this.#callOptions ? { callOptions: this.#callOptions } : {}),
      clock: this.clock,
    });
  }

  /**
   * The secrets a sweep visits: KEYROLL_MANAGED_SECRETS, or (label mode) every secret of the function's
   * project carrying the managed label (needs secretmanager.secrets.list on the project).
   */
  async sweepTargets(): Promise<string[]> {
    if (this.config.managedSecrets !== undefined) return [...this.config.managedSecrets];
    const project = await this.project();
    const client = this.clientFor(`projects/${project.id}/secrets/_`);
    const [secrets] = await client.listSecrets(
      { parent: `projects/${project.id}`, filter: `labels.${MANAGED_LABEL}=${MANAGED_LABEL_VALUE}` },
      this.#callOptions,
    );
    return secrets
      .filter((s) => isManagedLabel(s.labels) && typeof s.name === 'string')
      .map((s) => s.name as string);
  }

  /** Runs the engine on one secret; `lock` replaces the shared lock (a lease the caller already holds). */
  async rotate(
    secret: string,
    options: RotateOptions,
    lock: LockProvider = this.lock,
  ): Promise<RotationResult> {
    const admin = await this.adminAccess();
    const result = await rotateCredential(
      { ...options, targets: [await this.adapter(secret)] },
      {
        issuer: this.issuer,
        policy: this.config.policy,
        lock,
        logger: this.logger,
        clock: this.clock,
        allowedApiOrigins: this.config.allowedApiOrigins,
        ...admin,
      },
    );
    await this.report(result, options.trigger);
    return result;
  }

  /**
   * After every rotation, the single-secret path's and keyroll.yaml's alike: the audit record to Cloud
   * Logging (jsonPayload.event = keyroll.audit), metrics, the notifier (`notify`: the function's, or with
   * keyroll.yaml's webhooks). None of it changes the result.
   */
  async report(
    result: RotationResult,
    trigger: RotationTrigger | undefined,
    notify: NotifierConfig | undefined = this.notify,
    logger: Logger = this.logger,
  ): Promise<void> {
    await reportRun(result, {
      runner: 'gcp-functions',
      logger,
      notify,
      trigger,
      audit: [(record) => logger.info('keyroll.audit', { event: 'keyroll.audit', audit: record })],
    });
    await (await this.#telemetry)?.flush().catch(() => logger.warn('metrics export failed'));
  }

  /** keyroll.escalation to the notifier's people (the alert policy reads the log line). */
  async escalate(escalation: Escalation, notify: NotifierConfig | undefined = this.notify): Promise<void> {
    await reportEscalation(escalation, { logger: this.logger, notify });
  }

  /**
   * The function's notifier plus keyroll.yaml's `notify` webhooks (URLs from the environment variables it
   * names). A keyroll.yaml notify section that cannot be used is logged; the function's settings stay.
   */
  notifyWith(
    fromConfig: Parameters<typeof notifyWithConfig>[2],
    where: string,
    logger: Logger,
  ): NotifierConfig | undefined {
    const settings: NotifySettingsSource = {
      get: (n) => this.#env[n],
      source: `//keyroll/gcp-functions/${this.#env.K_SERVICE ?? 'local'}`,
      env: this.#env,
    };
    return notifyWithConfig(this.notify, settings, fromConfig, where, logger);
  }

  async close(): Promise<void> {
    await Promise.all([...this.#clients.values()].map((c) => c.close()));
    this.#clients.clear();
  }

  /** The client for the secret's endpoint; `clientOptions` (an explicit endpoint, tests) apply on top. */
  clientFor(secret: string): SecretManagerServiceClient {
    const endpoint = regionalEndpoint(parseSecretName(secret));
    const key = endpoint ?? 'global';
    let client = this.#clients.get(key);
    if (!client) {
      client = new SecretManagerServiceClient({
        ...(endpoint ? { apiEndpoint: endpoint } : {}),
        ...this.#clientOptions,
      });
      this.#clients.set(key, client);
    }
    return client;
  }

  private isListed(secret: string, project: ProjectIdentity): boolean {
    return (this.config.managedSecrets ?? []).some((listed) => sameSecret(listed, secret, project));
  }

  /** Admin mode: the admin key (read at each rotation, so rotating it needs no redeploy) and service account. */
  private adminAccess(): Promise<AdminAccess> {
    const secret = this.config.adminSecret;
    return loadAdminAccess({
      mode: this.config.mode,
      adminKey: secret
        ? {
            vault: new GcpSecretManagerAdapter({
              secret,
              client: this.clientFor(secret),
              ...(this.#callOptions ? { callOptions: this.#callOptions } : {}),
            }),
            setting: ENV.adminSecret,
          }
        : undefined,
      adminKeySetting: ENV.adminSecret,
      serviceAccount: this.config.serviceAccount,
      redact: (s) => this.logger.redactor.add(s),
    });
  }
}

/** Reads the environment and builds the runtime; a bad setting fails here, at start, naming the variable. */
export function createRuntime(options: RuntimeOptions = {}): GcpRuntime {
  return new GcpRuntime(loadConfig(options.env ?? process.env), options);
}
