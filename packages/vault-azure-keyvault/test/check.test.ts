/** R1 step 2 for Key Vault: read-only checks before a key exists; the managed mark without the value. */
import type { TokenCredential } from '@azure/core-auth';
import { ConfigError } from '@keyroll/core';
import { conformanceInitial, type KeyVaultFake, startKeyVaultFake } from '@keyroll/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AzureKeyVaultAdapter, tagsFor } from '../src/index.ts';

const VAULT = 'kv-keyroll-check';
const staticCredential: TokenCredential = {
  getToken: async () => ({ token: 'static-test-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
};
const adapterFor = (fake: KeyVaultFake, secretName: string) =>
  new AzureKeyVaultAdapter({
    vaultUrl: fake.vaultUrl(VAULT),
    secretName,
    credential: staticCredential,
    clientOptions: { agent: fake.agent, retryOptions: { maxRetries: 0 } },
  });

describe('Key Vault check before creating', () => {
  let fake: KeyVaultFake;
  beforeEach(async () => {
    fake = await startKeyVaultFake();
  });
  afterEach(async () => {
    await fake.close();
  });

  const own = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`team-tag-${i}`, 'x']));

  it("refuses a secret whose own tags leave no room for keyroll's (Key Vault allows 15)", async () => {
    fake.seed(VAULT, 'crowded', conformanceInitial.value, {
      tags: { ...own(8), ...tagsFor({ keyId: 'k' }, true) },
    });
    const adapter = adapterFor(fake, 'crowded');
    await adapter.read();
    const versions = fake.versions(VAULT, 'crowded').length;
    await expect(adapter.check()).rejects.toBeInstanceOf(ConfigError);
    expect(fake.versions(VAULT, 'crowded')).toHaveLength(versions);
  });

  it('accepts a secret with room for every keyroll tag, the failure bookkeeping included', async () => {
    fake.seed(VAULT, 'roomy', conformanceInitial.value, { tags: { ...own(7), ...tagsFor({}, true) } });
    const adapter = adapterFor(fake, 'roomy');
    await adapter.read();
    await expect(adapter.check()).resolves.toBeUndefined();
  });

  it('reads the managed mark of an unmanaged secret without fetching its value', async () => {
    fake.seed(VAULT, 'not-ours', conformanceInitial.value, { tags: { owner: 'someone' } });
    const header = await adapterFor(fake, 'not-ours').readMetadata();
    expect(header.managed).toBe(false);
    expect(fake.requests.filter((r) => r.call === 'GetSecret')).toEqual([]);
  });
});
