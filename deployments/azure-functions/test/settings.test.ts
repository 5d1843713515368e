import { describe, expect, it } from 'vitest';
import { loadConfig, resolveVault, SETTINGS } from '../src/settings.ts';

const minimal = { KEYROLL_VAULT_URLS: 'https://kv-prod.vault.azure.net, https://kv-dr.vault.azure.net/' };

describe('app settings', () => {
  it('needs only the vault list; everything else has defaults', () => {
    const config = loadConfig(minimal);
    expect(config.vaultUrls).toEqual(['https://kv-prod.vault.azure.net', 'https://kv-dr.vault.azure.net']);
    expect(config.policy).toMatchObject({ mode: 'self', validityDays: 90, vaultExpiryMarginDays: 7 });
    expect(config.adminSecret).toBeUndefined();
    expect(config.allowedApiOrigins).toEqual([]);
    expect(config.warnings).toEqual([]);
  });

  it('names the missing setting', () => {
    expect(() => loadConfig({})).toThrow(/app setting KEYROLL_VAULT_URLS is missing/);
    expect(() => loadConfig({ KEYROLL_VAULT_URLS: ' , ' })).toThrow(/KEYROLL_VAULT_URLS is missing/);
    expect(() => loadConfig({ ...minimal, KEYROLL_MODE: 'admin' })).toThrow(
      /app setting KEYROLL_ADMIN_SECRET_NAME is missing/,
    );
  });

  it('names the wrong setting', () => {
    expect(() => loadConfig({ KEYROLL_VAULT_URLS: 'kv-prod' })).toThrow(
      /KEYROLL_VAULT_URLS: not a valid Key Vault URL/,
    );
    expect(() => loadConfig({ KEYROLL_VAULT_URLS: 'https://kv.vault.azure.net/secrets/x' })).toThrow(
      /no path/,
    );
    expect(() => loadConfig({ ...minimal, KEYROLL_MODE: 'both' })).toThrow(
      /KEYROLL_MODE must be "self" or "admin"/,
    );
    expect(() => loadConfig({ ...minimal, KEYROLL_VALIDITY_DAYS: 'ninety' })).toThrow(
      /KEYROLL_VALIDITY_DAYS must be a number/,
    );
    expect(() => loadConfig({ ...minimal, KEYROLL_KEY_LIMIT: '3' })).toThrow(/keyLimit/);
    expect(() => loadConfig({ ...minimal, KEYROLL_ALLOWED_API_ORIGINS: 'nope' })).toThrow(
      /KEYROLL_ALLOWED_API_ORIGINS/,
    );
    expect(() => loadConfig({ ...minimal, KEYROLL_MODE: 'admin', KEYROLL_ADMIN_SECRET_NAME: 'a b' })).toThrow(
      /KEYROLL_ADMIN_SECRET_NAME must be a secret name/,
    );
    try {
      loadConfig({});
    } catch (err) {
      expect(err).toMatchObject({ name: 'ConfigError', code: 'missing_setting' });
    }
  });

  it('reads policy settings and the admin secret (name in the first vault, or a full URL)', () => {
    const config = loadConfig({
      ...minimal,
      KEYROLL_MODE: 'Admin',
      KEYROLL_ADMIN_SECRET_NAME: 'prisma-admin',
      KEYROLL_VALIDITY_DAYS: '120',
      KEYROLL_MIN_AGE_HOURS: '0',
      KEYROLL_KEY_LIMIT: '2',
      KEYROLL_ALLOWED_API_ORIGINS: 'https://api.example.test',
    });
    expect(config.policy).toMatchObject({ mode: 'admin', validityDays: 120, minAgeHours: 0, keyLimit: 2 });
    expect(config.adminSecret).toEqual({
      vaultUrl: 'https://kv-prod.vault.azure.net',
      secretName: 'prisma-admin',
    });
    expect(config.allowedApiOrigins).toEqual(['https://api.example.test']);
    const byUrl = loadConfig({
      ...minimal,
      KEYROLL_MODE: 'admin',
      KEYROLL_ADMIN_SECRET_NAME: 'https://kv-admin.vault.azure.net/secrets/prisma-admin',
    });
    expect(byUrl.adminSecret).toEqual({
      vaultUrl: 'https://kv-admin.vault.azure.net',
      secretName: 'prisma-admin',
    });
  });

  it('warns when the vault expiry falls inside the 30-day near-expiry window', () => {
    const config = loadConfig({ ...minimal, KEYROLL_VALIDITY_DAYS: '30' });
    expect(config.warnings.join()).toMatch(/near-expiry window/);
  });

  it('resolves a vault by name, host or URL, and only among the configured ones', () => {
    const config = loadConfig(minimal);
    expect(resolveVault(config, 'kv-dr')).toBe('https://kv-dr.vault.azure.net');
    expect(resolveVault(config, 'KV-PROD.vault.azure.net')).toBe('https://kv-prod.vault.azure.net');
    expect(resolveVault(config, 'https://kv-prod.vault.azure.net/')).toBe('https://kv-prod.vault.azure.net');
    expect(resolveVault(config, 'kv-other')).toBeUndefined();
  });

  it('lists every setting under the KEYROLL_ prefix', () => {
    for (const name of Object.values(SETTINGS)) expect(name).toMatch(/^KEYROLL_[A-Z_]+$/);
  });

  it('grace defaults to the Key Vault consumer window (24 h); KEYROLL_GRACE_HOURS=0 shortens it', () => {
    expect(loadConfig(minimal).policy.graceHours).toBe(24);
    expect(loadConfig({ ...minimal, KEYROLL_GRACE_HOURS: '0' }).policy.graceHours).toBe(0);
  });

  it('lock lease 15-60 s (default 60) and the managed identity client id', () => {
    expect(loadConfig(minimal)).toMatchObject({ lockLeaseSeconds: 60, managedIdentityClientId: undefined });
    expect(
      loadConfig({ ...minimal, KEYROLL_LOCK_LEASE_SECONDS: '15', KEYROLL_MANAGED_IDENTITY_CLIENT_ID: 'abc' }),
    ).toMatchObject({ lockLeaseSeconds: 15, managedIdentityClientId: 'abc' });
    for (const bad of ['10', '61', '30.5', 'x']) {
      expect(() => loadConfig({ ...minimal, KEYROLL_LOCK_LEASE_SECONDS: bad })).toThrow(
        /KEYROLL_LOCK_LEASE_SECONDS must be a whole number of seconds from 15 to 60/,
      );
    }
  });
});
