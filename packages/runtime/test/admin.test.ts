import { ConfigError, InputError, Redactor, VaultError } from '@keyroll/core';
import { MemoryVault } from '@keyroll/testkit';
import { describe, expect, it } from 'vitest';
import { loadAdminAccess } from '../src/admin.ts';

const admin = {
  apiUrl: 'https://api.prismacloud.io',
  accessKeyId: 'admin-id',
  secretKey: 'admin-secret-value-42',
};
const vault = (value: string | undefined) =>
  new MemoryVault('memory:admin', { value, metadata: {}, managed: false });
const SETTING = 'app setting KEYROLL_ADMIN_SECRET_NAME';

describe('loadAdminAccess: the one admin-key loader of every deployment and the CLI', () => {
  it('self mode reads nothing, even with an admin key configured', async () => {
    let reads = 0;
    const source = {
      id: 'x',
      read: async () => {
        reads++;
        return vault(JSON.stringify(admin)).read();
      },
    };
    const access = await loadAdminAccess({
      mode: 'self',
      adminKey: { vault: source, setting: SETTING },
      adminKeySetting: SETTING,
    });
    expect(access).toEqual({});
    expect(reads).toBe(0);
  });

  it('admin mode reads the key from its vault, redacts it, and takes the service account from settings', async () => {
    const redactor = new Redactor();
    const access = await loadAdminAccess({
      mode: 'admin',
      adminKey: { vault: vault(JSON.stringify(admin)), setting: SETTING },
      adminKeySetting: SETTING,
      serviceAccount: ' ci-scanner ',
      redact: (s) => redactor.add(s),
    });
    expect(access).toEqual({ adminCredential: admin, serviceAccount: 'ci-scanner' });
    expect(redactor.redact(`x ${admin.secretKey} y`)).not.toContain(admin.secretKey);
  });

  it('admin mode takes a value handed in (the Action input) as well', async () => {
    const access = await loadAdminAccess({
      mode: 'admin',
      adminKey: { value: JSON.stringify(admin), setting: 'input admin-secret' },
      adminKeySetting: 'input admin-secret',
    });
    expect(access).toEqual({ adminCredential: admin });
  });

  it('a missing setting, a missing secret or an empty one is a configuration error naming the setting', async () => {
    await expect(
      loadAdminAccess({ mode: 'admin', adminKey: undefined, adminKeySetting: SETTING }),
    ).rejects.toThrow(ConfigError);
    await expect(
      loadAdminAccess({ mode: 'admin', adminKey: undefined, adminKeySetting: SETTING }),
    ).rejects.toThrow(/KEYROLL_ADMIN_SECRET_NAME/);
    const missing = loadAdminAccess({
      mode: 'admin',
      adminKey: { vault: vault(undefined), setting: SETTING },
      adminKeySetting: SETTING,
    });
    await expect(missing).rejects.toMatchObject({ code: 'admin_key_unreadable', category: 'config' });
    await expect(
      loadAdminAccess({
        mode: 'admin',
        adminKey: { value: ' ', setting: SETTING },
        adminKeySetting: SETTING,
      }),
    ).rejects.toMatchObject({ code: 'admin_key_unreadable' });
  });

  it('a vault that does not answer is not a configuration error (a later try may work)', async () => {
    const down = {
      id: 'down',
      read: async () => {
        throw new VaultError('unavailable', 'no answer', { category: 'unavailable' });
      },
    };
    await expect(
      loadAdminAccess({
        mode: 'admin',
        adminKey: { vault: down, setting: SETTING },
        adminKeySetting: SETTING,
      }),
    ).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('a malformed admin key is bad input that does not echo the value', async () => {
    const err = await loadAdminAccess({
      mode: 'admin',
      adminKey: { value: '{"accessKeyId":"a","secretKey":"leak-me-not-123"', setting: SETTING },
      adminKeySetting: SETTING,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).not.toContain('leak-me-not-123');
  });
});
