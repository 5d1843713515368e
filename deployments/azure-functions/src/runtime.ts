import type { InvocationContext } from '@azure/functions';
import {
  type Clock,
  ConfigError,
  createLogger,
  type Escalation,
  type KeyIssuer,
  type LockProvider,
  type Logger,
  type LogRecord,
  type RotationRequest,
  type RotationResult,
  type RotationTrigger,
  rotateCredential,
} from '@keyroll/core';
import { blobLockFromSettings } from '@keyroll/lock-azure-blob';
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
  AzureKeyVaultAdapter,
  listManagedSecrets,
  type ManagedSecretSummary,
  managedIdentityCredential,
  type SecretClientOptions,
  type TokenCredential,
} from '@keyroll/vault-azure-keyvault';
import { type AppConfig, loadConfig, resolveVault, SETTINGS } from './settings.ts';

/**
 * Injectable seams of the Function App. In Azure every field is left out: settings come from the app
 * settings, Key Vault is reached with the app's managed identity (ManagedIdentityCredential, no probing
 * of other credential kinds) and the default transport, Prisma Cloud through PrismaCloudIssuer, and
 * the rotation lock is a blob lease in the app's storage account (AzureWebJobsStorage).
 */
export interface RuntimeOptions {
  env?: NodeJS.ProcessEnv;
  credential?: TokenCredential;
  /** SecretClient options: transport agent, TLS trust, retry policy. */
  keyVaultClientOptions?: SecretClientOptions;
  issuer?: KeyIssuer;
  /**
   * Default: a blob lease in the storage account of AzureWebJobsStorage (connection string or
   * identity-based), shared by every instance; the engine's in-process lock only when neither is set.
   */
  lock?: LockProvider;
  clock?: Clock;
}

export type RotateOptions = Omit<RotationRequest, 'targets'>;

export class KeyrollRuntime {
  readonly config: AppConfig;
  readonly #options: RuntimeOptions;
  /** The rotation lock every invocation of this app uses (undefined: the engine's in-process lock). */
  readonly lock: LockProvider | undefined;
  /** KEYROLL_NOTIFY_WEBHOOKS / KEYROLL_EVENT_WEBHOOKS (Key Vault references keep the URLs out of settings). */
  readonly notify: NotifierConfig | undefined;
  readonly #telemetry: Promise<Telemetry | undefined>;

  readonly #env: NodeJS.ProcessEnv;

  constructor(config: AppConfig, options: RuntimeOptions = {}, env: NodeJS.ProcessEnv = process.env) {
    this.config = config;
    this.#env = env;
    const credential = options.credential ?? managedIdentityCredential(config.managedIdentityClientId);
    this.#options = { ...options, credential };
    // OTLP/HTTP metrics only when OTEL_EXPORTER_OTLP_ENDPOINT is set; flushed after every rotation.
    this.#telemetry = startTelemetry('keyroll-azure-functions', env).catch(() => undefined);
    this.notify = notifySettings(
      (n) => resolvedReference(env, n, config.warnings),
      `//keyroll/azure-functions/${env.WEBSITE_SITE_NAME ?? 'local'}`,
    );
    this.lock = options.lock ?? blobLockFromSettings(env, { leaseSeconds: config.lockLeaseSeconds });
    if (!this.lock) {
      config.warnings.push(
        'neither AzureWebJobsStorage nor AzureWebJobsStorage__blobServiceUri is set: the rotation lock holds within this instance only',
      );
    }
  }

  /** What a sweep over keyroll.yaml needs of this app's seams (fleet.ts). */
  seams() {
    const o = this.#options;
    return {
      env: this.#env,
      credential: o.credential!,
      ...(o.keyVaultClientOptions ? { keyVaultClientOptions: o.keyVaultClientOptions } : {}),
      ...(o.issuer ? { issuer: o.issuer } : {}),
      ...(o.clock ? { clock: o.clock } : {}),
    };
  }

  /** The app's identity, for a keyroll.yaml blob outside its own storage account. */
  storageCredential(): TokenCredential {
    return this.#options.credential!;
  }

  /** The clock the engine uses (the system clock in Azure). */
  now(): number {
    return this.#options.clock?.now() ?? Date.now();
  }

  /** The configured vault URL for a vault name or URL, or undefined when keyroll is not set up for it. */
  vaultUrlFor(vault: string): string | undefined {
    return resolveVault(this.config, vault);
  }

  adapter(vaultUrl: string, secretName: string): AzureKeyVaultAdapter {
    return new AzureKeyVaultAdapter({
      vaultUrl,
      secretName,
      ...(this.#options.credential && { credential: this.#options.credential }),
      ...(this.#options.keyVaultClientOptions && { clientOptions: this.#options.keyVaultClientOptions }),
    });
  }

  listManaged(vaultUrl: string): Promise<ManagedSecretSummary[]> {
    return listManagedSecrets({
      vaultUrl,
      ...(this.#options.credential && { credential: this.#options.credential }),
      ...(this.#options.keyVaultClientOptions && { clientOptions: this.#options.keyVaultClientOptions }),
    });
  }

  /**
   * Runs the engine on one Key Vault secret. The engine decides from the secret's metadata alone (one
   * read): a secret not tagged `keyroll-managed` is never read (another team's secret in a shared vault)
   * and comes back as skipped/not_managed; too many tags are refused by its check step before any change.
   * Throws InputError/ConfigError like the engine.
   */
  async rotate(
    vaultUrl: string,
    secretName: string,
    request: RotateOptions,
    logger: Logger,
  ): Promise<RotationResult> {
    const result = await this.#rotate(vaultUrl, secretName, request, logger);
    await this.report(result, request.trigger, logger);
    return result;
  }

  /**
   * After every rotation, the single-secret path's and keyroll.yaml's alike: the audit record to
   * Application Insights (a trace whose event is keyroll.audit), then metrics and the notifier (`notify`:
   * the app's, or with keyroll.yaml's webhooks). None of it changes the result.
   */
  async report(
    result: RotationResult,
    trigger: RotationTrigger | undefined,
    logger: Logger,
    notify: NotifierConfig | undefined = this.notify,
  ): Promise<void> {
    await reportRun(result, {
      runner: 'azure-functions',
      logger,
      notify,
      trigger,
      audit: [(record) => logger.info('keyroll.audit', { event: 'keyroll.audit', audit: record })],
    });
    await (await this.#telemetry)?.flush().catch(() => logger.warn('metrics export failed'));
  }

  /** keyroll.escalation to the notifier's people (the alert rule reads the log line the sweep writes). */
  async escalate(
    escalation: Escalation,
    logger: Logger,
    notify: NotifierConfig | undefined = this.notify,
  ): Promise<void> {
    await reportEscalation(escalation, { logger, notify });
  }

  /**
   * The app's notifier plus keyroll.yaml's `notify` webhooks (URLs from the environment variables it
   * names). A keyroll.yaml notify section that cannot be read is logged and the app's own settings stay.
   */
  notifyWith(
    fromConfig: Parameters<typeof notifyWithConfig>[2],
    where: string,
    logger: Logger,
  ): NotifierConfig | undefined {
    const settings: NotifySettingsSource = {
      get: (n) => resolvedReference(this.#env, n, []),
      source: `//keyroll/azure-functions/${this.#env.WEBSITE_SITE_NAME ?? 'local'}`,
      env: this.#env,
    };
    return notifyWithConfig(this.notify, settings, fromConfig, where, logger);
  }

  async #rotate(
    vaultUrl: string,
    secretName: string,
    request: RotateOptions,
    logger: Logger,
  ): Promise<RotationResult> {
    const target = this.adapter(vaultUrl, secretName);
    const clock = this.#options.clock;
    const issuer =
      this.#options.issuer ??
      new PrismaCloudIssuer({
        allowedOrigins: this.config.allowedApiOrigins,
        logger,
        ...(clock && { clock }),
      });
    const admin = await this.#adminAccess(logger);
    return rotateCredential(
      { ...request, targets: [target] },
      {
        issuer,
        policy: this.config.policy,
        logger,
        allowedApiOrigins: this.config.allowedApiOrigins,
        ...(this.lock && { lock: this.lock }),
        ...(clock && { clock }),
        ...admin,
      },
    );
  }

  /** Admin mode: the admin key and service account, loaded the one way (@keyroll/runtime). */
  #adminAccess(logger: Logger): Promise<AdminAccess> {
    const ref = this.config.adminSecret;
    const setting = `app setting ${SETTINGS.adminSecretName}`;
    return loadAdminAccess({
      mode: this.config.policy.mode,
      adminKey: ref && { vault: this.adapter(ref.vaultUrl, ref.secretName), setting },
      adminKeySetting: setting,
      serviceAccount: this.config.serviceAccount,
      redact: (secret) => logger.redactor.add(secret),
    });
  }
}

let current: KeyrollRuntime | undefined;
let startupError: ConfigError | undefined;

/** Builds the runtime from the app settings (or the given env) and makes it the one handlers use. */
export function configureRuntime(options: RuntimeOptions = {}): KeyrollRuntime {
  const env = options.env ?? process.env;
  current = new KeyrollRuntime(loadConfig(env), options, env);
  startupError = undefined;
  return current;
}

/**
 * Called once when the worker loads the app: a missing or wrong app setting is reported at start,
 * naming the setting, and every invocation then fails with the same error instead of half-working.
 */
export function configureAtStartup(report: (message: string) => void = console.error): void {
  try {
    const runtime = configureRuntime();
    for (const warning of runtime.config.warnings) report(`keyroll configuration warning: ${warning}`);
  } catch (err) {
    current = undefined;
    startupError =
      err instanceof ConfigError ? err : new ConfigError('invalid_configuration', (err as Error).message);
    report(`keyroll configuration error: ${startupError.message}`);
  }
}

export function getRuntime(): KeyrollRuntime {
  if (current) return current;
  if (startupError) throw startupError;
  return configureRuntime();
}

/** A core Logger whose records go to the invocation's log (Application Insights traces), one JSON line each. */
export function invocationLogger(context: InvocationContext): Logger {
  const sink = (record: LogRecord) => {
    const line = JSON.stringify(record);
    if (record.level === 'error') context.error(line);
    else if (record.level === 'warn') context.warn(line);
    else if (record.level === 'debug') context.debug(line);
    else context.info(line);
  };
  return createLogger({
    sink,
    fields: { invocationId: context.invocationId, functionName: context.functionName },
  });
}

/**
 * An app setting whose Key Vault reference the platform could not resolve keeps the reference text
 * (`@Microsoft.KeyVault(...)`). For the notifier that is a warning, not a start-up failure: a webhook
 * problem never stops rotations. The reference names a vault and a secret, never a value.
 */
function resolvedReference(env: NodeJS.ProcessEnv, name: string, warnings: string[]): string | undefined {
  const value = env[name];
  if (value === undefined || !/^\s*@Microsoft\.KeyVault\(/i.test(value)) return value;
  warnings.push(
    `app setting ${name} is a Key Vault reference the platform did not resolve: grant the app's identity ` +
      'Key Vault Secrets User on that secret (terraform/azure does) and check the reference status in the ' +
      'portal; those webhooks are not told until it resolves',
  );
  return undefined;
}
