import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import {
  type Clock,
  ConfigError,
  type Credential,
  createLogger,
  isKeyrollError,
  jsonLinesSink,
  type KeyIssuer,
  type Logger,
  type LogSink,
  parseSecretValue,
  type RotationContext,
  type RotationPolicy,
  type RotationPolicyInput,
  resolvePolicy,
  systemClock,
  type VaultAdapter,
} from '@keyroll/core';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import { type NotifierConfig, notifySettings, startTelemetry, type Telemetry } from '@keyroll/runtime/report';
import { openVault, parseVaultUri, type SdkOverrides } from '@keyroll/runtime/vaults';
import {
  AwsSecretsManagerAdapter,
  isSameSecret,
  parseSecretId,
  SecretsManagerClient,
  type SecretsManagerClientConfig,
} from '@keyroll/vault-aws-secrets-manager';
import { ENV, type LambdaConfig, loadConfig, NOTIFY_SECRET_FOR } from './settings.ts';

/**
 * The seams of the function. In Lambda every field is left out: settings come from the environment,
 * Secrets Manager is reached through the SDK's default chain (the function's role; region and endpoint
 * from the environment), Prisma Cloud through PrismaCloudIssuer, and log lines go to stdout (CloudWatch).
 */
export interface RuntimeOptions {
  env?: NodeJS.ProcessEnv;
  /** SDK settings for the one Secrets Manager client (retries, timeouts). Never an endpoint in production. */
  clientConfig?: SecretsManagerClientConfig;
  /** Per-SDK settings for mirror vaults (a test transport, GitHub base URL). */
  sdk?: SdkOverrides;
  issuer?: KeyIssuer;
  /** Policy fields the environment does not set (e.g. verify attempts and their delay). */
  policy?: Partial<RotationPolicyInput>;
  clock?: Clock;
  logSink?: LogSink;
}

export class AwsRuntime {
  readonly config: LambdaConfig;
  /** The configured policy (KEYROLL_* variables), with the options' extra fields. */
  readonly policy: RotationPolicy;
  readonly logger: Logger;
  readonly issuer: KeyIssuer;
  readonly clock: Clock;
  /** Memo of notifyConfig(): the webhook secrets are read once per container. */
  #notify: Promise<NotifierConfig | undefined> | undefined;
  /** OTLP/HTTP metrics only when OTEL_EXPORTER_OTLP_ENDPOINT is set; flushed after every report. */
  readonly telemetry: Promise<Telemetry | undefined>;
  readonly #client: SecretsManagerClient;
  readonly #options: RuntimeOptions;
  readonly #notifySource: string;

  constructor(config: LambdaConfig, options: RuntimeOptions = {}) {
    this.config = config;
    this.#options = options;
    this.policy = resolvePolicy({ ...config.policy, ...options.policy });
    this.clock = options.clock ?? systemClock;
    this.logger = createLogger({
      sink: options.logSink ?? jsonLinesSink(process.stdout),
      level: config.logLevel,
      now: () => this.clock.now(),
    });
    const env = options.env ?? process.env;
    // Settings given in the environment are checked at cold start, like every other setting.
    this.#notifySource = `//keyroll/aws-lambda/${env.AWS_LAMBDA_FUNCTION_NAME ?? 'local'}`;
    notifySettings((n) => env[n], this.#notifySource);
    this.telemetry = startTelemetry('keyroll-aws-lambda', env).catch(() => undefined);
    // One client per container, reused by every invocation (connections stay warm between steps).
    this.#client = new SecretsManagerClient({ ...options.clientConfig });
    this.issuer =
      options.issuer ??
      new PrismaCloudIssuer({
        allowedOrigins: config.allowedApiOrigins,
        clock: this.clock,
        logger: this.logger,
      });
  }

  /** The managed secret as a target; named in configuration, so managed without the tag (R4). */
  adapter(secretId: string): AwsSecretsManagerAdapter {
    return new AwsSecretsManagerAdapter({
      secret: secretId,
      client: this.#client,
      managedByConfiguration: true,
    });
  }

  /**
   * Whether this function may touch the secret: it must be one listed in KEYROLL_MANAGED_SECRETS, compared
   * exactly with the name and ARN the service answers (DescribeSecret, never the value). Returns the
   * reason it may not, or undefined.
   */
  async refusal(secretId: string): Promise<string | undefined> {
    const id = parseSecretId(secretId, 'SecretId');
    const listed = this.config.managedSecrets.map((s) => parseSecretId(s));
    // Textual match first: the listed ARN (with or without suffix) or the name as sent.
    if (listed.some((l) => isSameSecret(l, id.kind === 'arn' ? { ARN: id.id } : { Name: id.id }))) {
      return undefined;
    }
    const d = await new AwsSecretsManagerAdapter({ secret: secretId, client: this.#client }).describe();
    const answer = { ...(d.ARN ? { ARN: d.ARN } : {}), ...(d.Name ? { Name: d.Name } : {}) };
    return listed.some((l) => isSameSecret(l, answer))
      ? undefined
      : `${secretId} is not listed in ${ENV.managedSecrets}; nothing was read or changed`;
  }

  /**
   * The fan-out targets (KEYROLL_MIRRORS), opened for one rotation. Secrets Manager mirrors use this
   * function's own adapter package (bundled; a client per region); other schemes go through the runtime's
   * vault registry, as in every deployment.
   */
  async mirrors(): Promise<VaultAdapter[]> {
    const out: VaultAdapter[] = [];
    for (const [i, uri] of this.config.mirrors.entries()) {
      const where = `${ENV.mirrors} (item ${i + 1})`;
      const ref = parseVaultUri(uri, { where });
      if (ref.scheme === 'aws-secrets-manager') {
        out.push(
          new AwsSecretsManagerAdapter({
            secret: ref.secretId,
            ...(ref.region === this.#region()
              ? { client: this.#client }
              : { clientConfig: { ...this.#options.clientConfig, region: ref.region } }),
            managedByConfiguration: true,
          }),
        );
        continue;
      }
      const opened = await openVault(ref, {
        role: 'mirror',
        where,
        logger: this.logger,
        env: this.#options.env ?? process.env,
        ...(this.#options.sdk ? { sdk: this.#options.sdk } : {}),
        ...(ref.scheme === 'github' ? { githubToken: await this.#githubToken() } : {}),
      });
      out.push(opened.adapter);
    }
    return out;
  }

  /**
   * KEYROLL_GITHUB_TOKEN names the secret holding the GitHub token (an ARN or aws-secrets-manager:// URI),
   * read at each rotation with this function's role; the value is the token or JSON with a `token` field.
   */
  async #githubToken(): Promise<string> {
    const name = this.config.githubToken;
    if (!name) {
      throw new ConfigError(
        'missing_setting',
        `${ENV.githubToken} is required for GitHub mirrors (the ARN of the secret holding the token)`,
      );
    }
    const ref = parseVaultUri(name, { where: ENV.githubToken });
    if (ref.scheme !== 'aws-secrets-manager') {
      throw new ConfigError('invalid_setting', `${ENV.githubToken} must name a Secrets Manager secret (ARN)`);
    }
    const stored = await new AwsSecretsManagerAdapter({
      secret: ref.secretId,
      client: this.#client,
      managedByConfiguration: true,
    }).read();
    const value = stored.value?.trim() ?? '';
    let token = value;
    if (value.startsWith('{')) {
      try {
        token = String((JSON.parse(value) as { token?: unknown }).token ?? '');
      } catch {
        token = '';
      }
    }
    if (!token) throw new ConfigError('missing_github_token', `${ENV.githubToken} (${name}) holds no token`);
    this.logger.redactor.add(token);
    return token;
  }

  /**
   * People and consumers to tell (KEYROLL_NOTIFY_WEBHOOKS, KEYROLL_EVENT_WEBHOOKS), like every deployment;
   * a setting may instead live in the Secrets Manager secret KEYROLL_NOTIFY_WEBHOOKS_SECRET /
   * KEYROLL_EVENT_WEBHOOKS_SECRET names, read once per container with GetSecretValue only. A secret that
   * cannot be read or holds a bad list is logged (by setting name, never by value) and left out: a notifier
   * problem never changes a rotation's outcome. It is read again at the next report.
   */
  notifyConfig(log: Logger): Promise<NotifierConfig | undefined> {
    this.#notify ??= this.#readNotify(log).then(
      ({ config, complete }) => {
        if (!complete) this.#notify = undefined;
        return config;
      },
      // #readNotify does not throw; kept so a surprise can never fail a report.
      () => {
        this.#notify = undefined;
        return undefined;
      },
    );
    return this.#notify;
  }

  async #readNotify(log: Logger): Promise<{ config: NotifierConfig | undefined; complete: boolean }> {
    const env = this.#options.env ?? process.env;
    const fromSecrets: Record<string, string> = {};
    let complete = true;
    for (const [setting, arn] of Object.entries(this.config.notifySecrets)) {
      const secretSetting = NOTIFY_SECRET_FOR[setting as keyof typeof NOTIFY_SECRET_FOR];
      try {
        const out = await this.#client.send(new GetSecretValueCommand({ SecretId: arn }));
        const value = out.SecretString?.trim() ?? '';
        if (value) this.logger.redactor.add(value);
        // Checked alone first, so a bad list leaves out this setting, not the others.
        notifySettings((n) => (n === setting ? value : undefined), this.#notifySource);
        fromSecrets[setting] = value;
      } catch (err) {
        complete = false;
        const why = isKeyrollError(err)
          ? err.message
          : `could not be read (${(err as { name?: string })?.name ?? 'error'}); allow the function's role secretsmanager:GetSecretValue on it`;
        log.warn(`${secretSetting} (${arn}): ${why}; those webhooks are not told`, {
          setting: secretSetting,
        });
      }
    }
    const config = notifySettings((n) => fromSecrets[n] ?? env[n], this.#notifySource);
    return { config, complete };
  }

  /** The region the function's client uses (AWS_REGION in Lambda). */
  #region(): string | undefined {
    const configured = this.#options.clientConfig?.region;
    return typeof configured === 'string' ? configured : (this.#options.env ?? process.env).AWS_REGION;
  }

  /** Admin mode: the admin key, read at each invocation (rotating it needs no redeploy). */
  async adminCredential(): Promise<Credential | undefined> {
    if (this.policy.mode !== 'admin') return undefined;
    const secret = this.config.adminSecret;
    if (!secret) throw new ConfigError('missing_setting', `${ENV.adminSecret} is required in admin mode`);
    const stored = await this.adapter(secret)
      .read()
      .catch((err: unknown) => {
        if (isKeyrollError(err) && (err.category === 'not_found' || err.category === 'permission')) {
          throw new ConfigError(
            'admin_secret_unreadable',
            `${ENV.adminSecret} (${secret}) cannot be read (${err.message}); allow the function's role secretsmanager:GetSecretValue on it`,
            err,
          );
        }
        throw err;
      });
    const credential = parseSecretValue(stored.value ?? '', `${ENV.adminSecret} (${secret})`).credential;
    this.logger.redactor.add(credential.secretKey);
    return credential;
  }

  /** What every engine run of this function shares: issuer, policy, logger, clock, allowed origins. */
  engineContext(adminCredential: Credential | undefined): RotationContext {
    return {
      issuer: this.issuer,
      policy: this.policy,
      logger: this.logger,
      clock: this.clock,
      allowedApiOrigins: this.config.allowedApiOrigins,
      ...(adminCredential ? { adminCredential } : {}),
      ...(this.config.serviceAccount ? { serviceAccount: this.config.serviceAccount } : {}),
    };
  }

  close(): void {
    this.#client.destroy();
  }
}

/** Reads the environment and builds the runtime; a bad setting fails here, naming the variable. */
export function createRuntime(options: RuntimeOptions = {}): AwsRuntime {
  return new AwsRuntime(loadConfig(options.env ?? process.env), options);
}
