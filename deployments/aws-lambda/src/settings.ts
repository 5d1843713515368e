import { allowedOriginsFromEnv, ConfigError, type LogLevel, type RotationPolicy } from '@keyroll/core';
import { POLICY_SETTINGS, policyFromSettings } from '@keyroll/runtime/handler';
import { NOTIFY_SETTINGS } from '@keyroll/runtime/report';
import { formatVaultUri, parseVaultUri } from '@keyroll/runtime/vaults';
import { parseSecretId } from '@keyroll/vault-aws-secrets-manager';

/**
 * Every environment variable the Lambda reads. terraform/aws sets them; test/aws-terraform.test.ts checks
 * that it sets only these and always the required ones (these names are the single source of truth).
 */
export const ENV = {
  /** The policy knobs, named as in every deployment (@keyroll/runtime POLICY_SETTINGS). */
  ...POLICY_SETTINGS,
  /** Comma-separated secret ARNs (or names) this function may rotate: the allow-list (R4). */
  managedSecrets: 'KEYROLL_MANAGED_SECRETS',
  /** Admin mode: ARN of the secret holding the admin key (read at each invocation). */
  adminSecret: 'KEYROLL_ADMIN_SECRET',
  /** Admin mode: the service account whose keys are rotated (default: the secret's tags). */
  serviceAccount: 'KEYROLL_SERVICE_ACCOUNT',
  /** Comma-separated origins allowed besides https://*.prismacloud.io / *.prismacloud.cn. */
  allowedApiOrigins: 'KEYROLL_ALLOWED_API_ORIGINS',
  /** Comma-separated vault URIs that get every new key too (fan-out, written in setSecret). */
  mirrors: 'KEYROLL_MIRRORS',
  /** GitHub mirrors: a vault URI / ARN of the secret holding the GitHub token. */
  githubToken: 'KEYROLL_GITHUB_TOKEN',
  logLevel: 'KEYROLL_LOG_LEVEL',
  /** The notifier's settings, named as in every deployment (@keyroll/runtime NOTIFY_SETTINGS). */
  ...NOTIFY_SETTINGS,
  /**
   * Webhook URLs are secrets, and a Lambda's environment is readable by anyone who may read its
   * configuration: these name Secrets Manager secrets (ARN) holding KEYROLL_NOTIFY_WEBHOOKS's and
   * KEYROLL_EVENT_WEBHOOKS's value instead, read with the function's role when it first reports.
   */
  notifyWebhooksSecret: 'KEYROLL_NOTIFY_WEBHOOKS_SECRET',
  eventWebhooksSecret: 'KEYROLL_EVENT_WEBHOOKS_SECRET',
} as const;

/** Each notifier setting and the variable naming the secret that may hold it instead. */
export const NOTIFY_SECRET_FOR = {
  [ENV.webhooks]: ENV.notifyWebhooksSecret,
  [ENV.eventWebhooks]: ENV.eventWebhooksSecret,
} as const;

/** Always set by the Terraform module; the others are optional or needed in admin mode only. */
export const REQUIRED_ENV: readonly string[] = [ENV.mode, ENV.managedSecrets];

export interface LambdaConfig {
  /** The allow-list, as configured (names or ARNs); compared with what the service answers exactly. */
  managedSecrets: string[];
  policy: RotationPolicy;
  adminSecret: string | undefined;
  serviceAccount: string | undefined;
  allowedApiOrigins: string[];
  /** Canonical vault URIs of the fan-out targets, in order. */
  mirrors: string[];
  githubToken: string | undefined;
  /** Secret ARNs holding notifier settings, by the setting they hold (KEYROLL_NOTIFY_WEBHOOKS, …). */
  notifySecrets: Partial<Record<keyof typeof NOTIFY_SECRET_FOR, string>>;
  logLevel: LogLevel;
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/**
 * Reads and validates the environment once, at cold start. A missing or wrong variable is a ConfigError
 * naming it; nothing is contacted before the configuration is known to be whole.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LambdaConfig {
  const get = (name: string) => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const list = (name: string) =>
    (get(name) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);

  const managedSecrets = list(ENV.managedSecrets);
  if (managedSecrets.length === 0) {
    throw new ConfigError(
      'missing_setting',
      `environment variable ${ENV.managedSecrets} is not set: list the ARNs of the secrets this function rotates`,
    );
  }
  for (const s of managedSecrets) parseSecretId(s, `environment variable ${ENV.managedSecrets}`);

  const policy = policyFromSettings(get, 'environment variable');
  const adminSecret = get(ENV.adminSecret);
  if (policy.mode === 'admin' && !adminSecret) {
    throw new ConfigError(
      'missing_setting',
      `environment variable ${ENV.adminSecret} is required when ${ENV.mode}=admin (the ARN of the secret holding the admin key)`,
    );
  }
  if (adminSecret) parseSecretId(adminSecret, `environment variable ${ENV.adminSecret}`);

  let allowedApiOrigins: string[];
  try {
    allowedApiOrigins = allowedOriginsFromEnv(env);
  } catch (err) {
    throw new ConfigError(
      'invalid_setting',
      `environment variable ${ENV.allowedApiOrigins}: ${(err as Error).message}`,
      err,
    );
  }

  const mirrors = list(ENV.mirrors).map((uri, i) =>
    formatVaultUri(parseVaultUri(uri, { where: `environment variable ${ENV.mirrors} (item ${i + 1})` })),
  );
  const notifySecrets: LambdaConfig['notifySecrets'] = {};
  for (const [setting, secretSetting] of Object.entries(NOTIFY_SECRET_FOR) as Array<
    [keyof typeof NOTIFY_SECRET_FOR, string]
  >) {
    const arn = get(secretSetting);
    if (!arn) continue;
    // One source per setting: two would leave which webhooks are told to the order of reading.
    if (get(setting)) {
      throw new ConfigError(
        'invalid_setting',
        `environment variables ${setting} and ${secretSetting} are both set: keep the URLs in the secret only`,
      );
    }
    parseSecretId(arn, `environment variable ${secretSetting}`);
    notifySecrets[setting] = arn;
  }
  const logLevel = (get(ENV.logLevel) ?? 'info').toLowerCase();
  if (!(LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(
      'invalid_setting',
      `environment variable ${ENV.logLevel} must be debug, info, warn or error`,
    );
  }
  return {
    managedSecrets,
    policy,
    adminSecret,
    serviceAccount: get(ENV.serviceAccount),
    allowedApiOrigins,
    mirrors,
    githubToken: get(ENV.githubToken),
    notifySecrets,
    logLevel: logLevel as LogLevel,
  };
}
