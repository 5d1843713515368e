import { describe, expect, it } from 'vitest';
import { AzureKeyVaultAdapter, managedIdentityCredential, tagsFor } from '../src/index.ts';
import { managedIdentityWorld } from './managed-identity-world.ts';

/**
 * The production credential chain, unchanged: no `credential` option, so the adapter uses
 * DefaultAzureCredential, which picks the App Service managed identity from IDENTITY_ENDPOINT and
 * IDENTITY_HEADER exactly as on a Function App. The vault only accepts tokens the identity fake issued.
 */
describe('DefaultAzureCredential via the managed-identity endpoint', () => {
  const { identity, vault } = managedIdentityWorld();

  it('gets a Key Vault token from the identity endpoint and reads and writes the secret', async () => {
    vault().seed('kv-prod-weu', 'prisma', '{"a":1}', { tags: tagsFor({ keyId: 'k1' }, true) });
    const adapter = new AzureKeyVaultAdapter({
      vaultUrl: vault().vaultUrl('kv-prod-weu'),
      secretName: 'prisma',
      clientOptions: { agent: vault().agent },
    });
    const stored = await adapter.read();
    expect(stored).toMatchObject({ value: '{"a":1}', managed: true, metadata: { keyId: 'k1' } });
    await adapter.write('{"a":2}', { keyId: 'k2' });
    expect(vault().latest('kv-prod-weu', 'prisma')!.value).toBe('{"a":2}');

    expect(identity().requests.length).toBeGreaterThanOrEqual(1);
    expect(identity().requests[0]).toMatchObject({
      resource: 'https://vault.azure.net',
      apiVersion: '2019-08-01',
      headerOk: true,
    });
    // Every authorized call used a token the identity endpoint issued (acceptToken enforces it).
    expect(
      vault()
        .requests.filter((r) => r.authorized)
        .map((r) => r.call),
    ).toEqual(['GetSecret', 'SetSecret']);
  });

  it('the Function App credential (ManagedIdentityCredential) asks for a user-assigned identity by client id', async () => {
    vault().seed('kv-prod-weu', 'prisma-ua', '{"a":1}', { tags: tagsFor({ keyId: 'k1' }, true) });
    const clientId = '0b9c8f1e-2d3a-4c5b-8e7f-6a5b4c3d2e1f';
    const before = identity().requests.length;
    const adapter = new AzureKeyVaultAdapter({
      vaultUrl: vault().vaultUrl('kv-prod-weu'),
      secretName: 'prisma-ua',
      credential: managedIdentityCredential(clientId),
      clientOptions: { agent: vault().agent },
    });
    expect((await adapter.read()).value).toBe('{"a":1}');
    expect(identity().requests.slice(before)).toEqual([
      expect.objectContaining({ resource: 'https://vault.azure.net', clientId, headerOk: true }),
    ]);
    expect(managedIdentityCredential(clientId)).toBe(managedIdentityCredential(clientId));
  });
});
