/** R1 step 2 for Secret Manager: read-only checks before a key exists; the managed mark without the value. */
import { ConfigError, InputError } from '@keyroll/core';
import { conformanceInitial, type SecretManagerFake, startSecretManagerFake } from '@keyroll/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GcpSecretManagerAdapter } from '../src/index.ts';

describe('Secret Manager check before creating', () => {
  let fake: SecretManagerFake;
  const adapters: GcpSecretManagerAdapter[] = [];
  const open = (secret: string) => {
    const a = new GcpSecretManagerAdapter({ secret, clientOptions: fake.clientOptions });
    adapters.push(a);
    return a;
  };
  beforeEach(async () => {
    fake = await startSecretManagerFake();
  });
  afterEach(async () => {
    await Promise.all(adapters.splice(0).map((a) => a.close()));
    await fake.close();
  });

  it('refuses annotations that would not fit 16 KiB with keyroll metadata', async () => {
    const secret = 'projects/p/secrets/crowded';
    fake.seed(secret, {
      value: conformanceInitial.value,
      labels: { 'keyroll-managed': 'true' },
      annotations: { notes: 'n'.repeat(16_200) },
    });
    const adapter = open(secret);
    await adapter.read();
    await expect(adapter.check()).rejects.toBeInstanceOf(ConfigError);
  });

  it('refuses a value that may not fit 64 KiB once it holds a new key', async () => {
    const secret = 'projects/p/secrets/big';
    const value = JSON.stringify({ ...JSON.parse(conformanceInitial.value), padding: 'p'.repeat(65_200) });
    fake.seed(secret, { value, labels: { 'keyroll-managed': 'true' } });
    const adapter = open(secret);
    await adapter.read();
    await expect(adapter.check()).rejects.toBeInstanceOf(InputError);
  });

  it('reads an unmanaged secret’s mark without accessing its value', async () => {
    const secret = 'projects/p/secrets/not-ours';
    fake.seed(secret, { value: conformanceInitial.value });
    const header = await open(secret).readMetadata();
    expect(header.managed).toBe(false);
    expect(fake.calls.filter((c) => c.method === 'AccessSecretVersion')).toEqual([]);
  });
});
