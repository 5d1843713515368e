import {
  type KeyVaultFake,
  type ManagedIdentityFake,
  startKeyVaultFake,
  startManagedIdentityFake,
} from '@keyroll/testkit';
import { afterAll, beforeAll } from 'vitest';

/**
 * For a describe block: a managed-identity endpoint fake announced the App Service way (IDENTITY_ENDPOINT,
 * IDENTITY_HEADER, as on a Function App) and a Key Vault fake that accepts only the tokens it issued.
 * The environment is put back afterwards. Read the fakes through the getters inside tests.
 */
export function managedIdentityWorld() {
  let identity: ManagedIdentityFake | undefined;
  let vault: KeyVaultFake | undefined;
  const saved = {
    IDENTITY_ENDPOINT: process.env.IDENTITY_ENDPOINT,
    IDENTITY_HEADER: process.env.IDENTITY_HEADER,
  };
  beforeAll(async () => {
    const started = await startManagedIdentityFake();
    identity = started;
    vault = await startKeyVaultFake({ acceptToken: (token) => started.issued.has(token) });
    Object.assign(process.env, started.env);
  });
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await vault?.close();
    await identity?.close();
  });
  return {
    identity: () => identity!,
    vault: () => vault!,
  };
}
