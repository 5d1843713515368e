import { isKeyrollError } from '@keyroll/core';
import { describe, expect, it } from 'vitest';
import { AzureKeyVaultAdapter, tagsFor } from '../src/index.ts';
import { managedIdentityWorld } from './managed-identity-world.ts';

/** Its own file (own process): MSAL caches managed-identity tokens process-wide. */
describe('no usable Azure credential', () => {
  const { identity, vault } = managedIdentityWorld();

  it('is an auth VaultError that says how to get one, and the vault is never called with a token', async () => {
    identity().faults.add({
      match: 'GetToken',
      kind: 'error',
      status: 400,
      body: JSON.stringify({ error: 'invalid_request', error_description: 'Identity not found' }),
      times: Number.POSITIVE_INFINITY,
    });
    vault().seed('kv-prod-weu', 'prisma', '{"a":1}', { tags: tagsFor({ keyId: 'k1' }, true) });
    const adapter = new AzureKeyVaultAdapter({
      vaultUrl: vault().vaultUrl('kv-prod-weu'),
      secretName: 'prisma',
      clientOptions: { agent: vault().agent, retryOptions: { maxRetries: 0 } },
    });
    const err = await adapter.read().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isKeyrollError(err)).toBe(true);
    expect(err).toMatchObject({ name: 'VaultError', code: 'credential_unavailable', category: 'auth' });
    expect((err as Error).message).toMatch(/managed identity|az login/);
    expect(identity().requests.length).toBeGreaterThan(0);
    expect(vault().requests.filter((r) => r.authorized)).toHaveLength(0);
  });
});
