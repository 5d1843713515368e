import { ConfigError, normalizeOrigin, type RotationPolicy } from '@keyroll/core';
import { POLICY_SETTINGS, policyFromSettings } from '@keyroll/runtime/handler';
import { NOTIFY_SETTINGS } from '@keyroll/runtime/report';
import {
  KEY_VAULT_CONSUMER_WINDOW_HOURS,
  normalizeVaultUrl,
  SECRET_NAME,
} from '@keyroll/vault-azure-keyvault';

/**
 * Every app setting the Function App reads, by name: the shared policy knobs (POLICY_SETTINGS, the same
 * names in every deployment) plus the Azure ones. The Terraform module must set each of them
 * (test/azure-terraform.test.ts checks it against this list).
 */
export const SETTINGS = {
  ...POLICY_SETTINGS,
  /** Comma-separated Key Vault URLs keyroll may rotate secrets in. Events for other vaults are ignored. */
  vaultUrls: 'KEYROLL_VAULT_URLS',
  /** keyroll.yaml: a blob URL or a file deployed with the app (fleet.ts); its accounts join the sweep. */
  fleetConfig: 'KEYROLL_CONFIG',
  /** Admin mode: the Key Vault secret holding the admin key (a name in the first vault, or a full secret URL). */
  adminSecretName: 'KEYROLL_ADMIN_SECRET_NAME',
  /** Admin mode: whose keys are rotated, for secrets without a keyroll-service-account tag. */
  serviceAccount: 'KEYROLL_SERVICE_ACCOUNT',
  /** Comma-separated origins allowed besides https://*.prismacloud.io / *.prismacloud.cn. */
  allowedApiOrigins: 'KEYROLL_ALLOWED_API_ORIGINS',
  /** Client id of a user-assigned managed identity for Key Vault; empty = the system-assigned one. */
  managedIdentityClientId: 'KEYROLL_MANAGED_IDENTITY_CLIENT_ID',
  /** Blob container of the rotation locks in the app's storage account (AzureWebJobsStorage). */
  lockContainer: 'KEYROLL_LOCK_CONTAINER',
  /** Length of the blob lease, 15-60 s (renewed while a rotation runs). */
  lockLeaseSeconds: 'KEYROLL_LOCK_LEASE_SECONDS',
  /**
   * The notifier (@keyroll/runtime NOTIFY_SETTINGS, the same names in every deployment). The webhook lists
   * are secrets: terraform/azure sets them to Key Vault references, which the platform resolves.
   */
  ...NOTIFY_SETTINGS,
} as const;

export const APP_SETTING_NAMES: readonly string[] = Object.values(SETTINGS);

/** Key Vault sends SecretNearExpiry this long before a version's `exp`; fixed for secrets. */
export const NEAR_EXPIRY_LEAD_DAYS = 30;

export interface AdminSecretRef {
  vaultUrl: string;
  secretName: string;
}

export interface AppConfig {
  /** Normalized origins, `https://<vault>.vault.azure.net`. */
  vaultUrls: string[];
  policy: RotationPolicy;
  adminSecret: AdminSecretRef | undefined;
  /** Admin mode: the service account whose keys are rotated (else the secret's keyroll-service-account tag). */
  serviceAccount: string | undefined;
  allowedApiOrigins: string[];
  /** Key Vault identity: a user-assigned managed identity's client id, or undefined for system-assigned. */
  managedIdentityClientId: string | undefined;
  lockLeaseSeconds: number;
  /** KEYROLL_CONFIG: where keyroll.yaml is (a blob URL or a deployed file), if the app uses one. */
  fleetConfig?: string;
  /** Valid but questionable choices, logged at start. */
  warnings: string[];
}

/** Reads and checks the app settings. Throws ConfigError naming the setting that is missing or wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const vaultUrls = list(env[SETTINGS.vaultUrls]).map((url) => {
    try {
      return normalizeVaultUrl(url);
    } catch (err) {
      throw new ConfigError(
        'invalid_setting',
        `app setting ${SETTINGS.vaultUrls}: ${(err as Error).message}`,
      );
    }
  });
  const fleetConfig = env[SETTINGS.fleetConfig]?.trim() || undefined;
  if (vaultUrls.length === 0 && !fleetConfig) {
    throw new ConfigError(
      'missing_setting',
      `app setting ${SETTINGS.vaultUrls} is missing: set it to the comma-separated Key Vault URLs keyroll manages, ` +
        `e.g. https://kv-prod.vault.azure.net, or name keyroll.yaml in ${SETTINGS.fleetConfig}`,
    );
  }

  // Key Vault references refresh within 24 h: that is the default grace (R1 step 9), so consumers that
  // read the latest version without a version pin never hold a deactivated key. KEYROLL_GRACE_HOURS=0 shortens it.
  const policy: RotationPolicy = policyFromSettings((name) => env[name], 'app setting', {
    graceHours: KEY_VAULT_CONSUMER_WINDOW_HOURS,
  });
  const mode = policy.mode;

  let adminSecret: AdminSecretRef | undefined;
  const adminRaw = env[SETTINGS.adminSecretName]?.trim();
  if (mode === 'admin') {
    if (!adminRaw) {
      throw new ConfigError(
        'missing_setting',
        `app setting ${SETTINGS.adminSecretName} is missing: admin mode (${SETTINGS.mode}=admin) needs the Key Vault secret that holds the admin key`,
      );
    }
    adminSecret = parseAdminSecret(adminRaw, vaultUrls[0] ?? '');
  }

  let allowedApiOrigins: string[];
  try {
    allowedApiOrigins = list(env[SETTINGS.allowedApiOrigins]).map(normalizeOrigin);
  } catch (err) {
    throw new ConfigError(
      'invalid_setting',
      `app setting ${SETTINGS.allowedApiOrigins}: ${(err as Error).message}`,
    );
  }

  const leaseRaw = env[SETTINGS.lockLeaseSeconds]?.trim();
  const lockLeaseSeconds = leaseRaw ? Number(leaseRaw) : 60;
  if (!Number.isInteger(lockLeaseSeconds) || lockLeaseSeconds < 15 || lockLeaseSeconds > 60) {
    throw new ConfigError(
      'invalid_setting',
      `app setting ${SETTINGS.lockLeaseSeconds} must be a whole number of seconds from 15 to 60 (a blob lease), got ${JSON.stringify(leaseRaw)}`,
    );
  }
  const managedIdentityClientId = env[SETTINGS.managedIdentityClientId]?.trim() || undefined;

  const warnings: string[] = [];
  if (
    policy.validityDays > 0 &&
    policy.validityDays - policy.vaultExpiryMarginDays <= NEAR_EXPIRY_LEAD_DAYS
  ) {
    warnings.push(
      `${SETTINGS.validityDays} (${policy.validityDays}) minus ${SETTINGS.vaultExpiryMarginDays} (${policy.vaultExpiryMarginDays}) is ` +
        `within Key Vault's ${NEAR_EXPIRY_LEAD_DAYS}-day near-expiry window: the event fires right after each rotation and is ` +
        'skipped as too young; only the daily sweep will rotate these keys',
    );
  }
  if (policy.validityDays === 0) {
    warnings.push(
      `${SETTINGS.validityDays}=0: keys never expire, so Key Vault sends no near-expiry events; only the daily sweep rotates`,
    );
  }
  return {
    vaultUrls,
    ...(fleetConfig ? { fleetConfig } : {}),
    policy,
    adminSecret,
    serviceAccount: env[SETTINGS.serviceAccount]?.trim() || undefined,
    allowedApiOrigins,
    managedIdentityClientId,
    lockLeaseSeconds,
    warnings,
  };
}

function parseAdminSecret(raw: string, firstVault: string): AdminSecretRef {
  if (SECRET_NAME.test(raw) && firstVault) return { vaultUrl: firstVault, secretName: raw };
  try {
    const url = new URL(raw);
    const [, kind, name] = url.pathname.split('/');
    if (kind === 'secrets' && name && SECRET_NAME.test(name)) {
      return { vaultUrl: normalizeVaultUrl(url.origin), secretName: name };
    }
  } catch {
    // reported below
  }
  throw new ConfigError(
    'invalid_setting',
    `app setting ${SETTINGS.adminSecretName} must be a secret name or https://<vault>.vault.azure.net/secrets/<name>, got ${JSON.stringify(raw)}`,
  );
}

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The configured vault a name (`kv-prod`) or URL refers to, if any. */
export function resolveVault(config: AppConfig, vault: string): string | undefined {
  const wanted = vault.trim().toLowerCase();
  return config.vaultUrls.find((url) => {
    const host = new URL(url).hostname.toLowerCase();
    return (
      url.toLowerCase() === wanted.replace(/\/+$/, '') || host === wanted || host.split('.')[0] === wanted
    );
  });
}
