import {
  ConfigError,
  type Credential,
  isKeyrollError,
  parseSecretValue,
  type StoredSecret,
} from '@keyroll/core';

/**
 * Where the admin key comes from: a vault the deployment opens (Key Vault secret, Secret Manager secret,
 * any vault URI from the CLI), or a value handed in directly (the Action's `admin-secret` input).
 * `setting` names what the operator configured, for errors ("app setting KEYROLL_ADMIN_SECRET_NAME").
 */
export type AdminKeySource =
  | { vault: { readonly id: string; read(): Promise<StoredSecret> }; setting: string }
  | { value: string; setting: string };

export interface AdminAccessInput {
  mode: 'self' | 'admin';
  /** Undefined when the operator configured none. */
  adminKey: AdminKeySource | undefined;
  /** What names the admin key when none is configured, e.g. "app setting KEYROLL_ADMIN_SECRET_NAME". */
  adminKeySetting: string;
  /**
   * Admin mode: whose keys are rotated. From settings, so a secret without a service-account tag (one a
   * person seeded) can be rotated; without it the engine uses the secret's `keyroll-service-account` tag.
   */
  serviceAccount?: string | undefined;
  /** Learns the admin key's secret so it never appears in output (the run's redactor). */
  redact?: (secret: string) => void;
}

/** What the engine's context takes from admin-key loading. */
export interface AdminAccess {
  adminCredential?: Credential;
  serviceAccount?: string;
}

/**
 * The one way every deployment and the CLI load the admin key and the admin-mode service account
 * (issue 9): in self mode nothing is read; in admin mode a missing or unreadable admin key is a
 * configuration error (nothing touched, no retry can fix it) naming the setting; a vault that does not
 * answer is rethrown as it is (retry later). The admin key is read at each rotation, so rotating it needs
 * no redeploy.
 */
export async function loadAdminAccess(input: AdminAccessInput): Promise<AdminAccess> {
  const serviceAccount = input.serviceAccount?.trim() || undefined;
  // Self mode logs in with the key being rotated; the engine ignores a service account there.
  if (input.mode !== 'admin') return serviceAccount ? { serviceAccount } : {};
  if (!input.adminKey) {
    throw new ConfigError(
      'admin_key_required',
      `admin mode needs the admin key: set ${input.adminKeySetting} to where it is kept`,
    );
  }
  const source = input.adminKey;
  let value: string | undefined;
  let where: string;
  if ('value' in source) {
    value = source.value;
    where = source.setting;
  } else {
    where = `${source.setting} (${source.vault.id})`;
    const stored = await source.vault.read().catch((err: unknown) => {
      const category = isKeyrollError(err) ? err.category : undefined;
      if (category !== 'not_found' && category !== 'permission' && category !== 'input') throw err;
      throw new ConfigError(
        'admin_key_unreadable',
        `${where}: cannot read the admin key (${(err as Error).message}); check the name and that keyroll may read it`,
        err,
      );
    });
    value = stored.value;
  }
  if (value === undefined || value.trim() === '') {
    throw new ConfigError('admin_key_unreadable', `${where} holds no readable value`);
  }
  input.redact?.(value);
  const credential = parseSecretValue(value, where).credential;
  input.redact?.(credential.secretKey);
  return { adminCredential: credential, ...(serviceAccount ? { serviceAccount } : {}) };
}
