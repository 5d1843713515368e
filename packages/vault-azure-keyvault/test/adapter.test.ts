import { inspect } from 'node:util';
import type { TokenCredential } from '@azure/core-auth';
import { isKeyrollError, type KeyrollError, mayHaveApplied } from '@keyroll/core';
import {
  conformanceInitial,
  describeVaultAdapterConformance,
  type KeyVaultFake,
  startKeyVaultFake,
} from '@keyroll/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AzureKeyVaultAdapter,
  listManagedSecrets,
  MANAGED_TAG,
  metadataFromTags,
  tagsFor,
} from '../src/index.ts';

const VAULT = 'kv-keyroll-test';
const SECRET = 'prisma-cloud';

/** A static token: the credential chain itself is covered in identity.test.ts. */
const staticCredential: TokenCredential = {
  getToken: async () => ({ token: 'static-test-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

function adapterFor(fake: KeyVaultFake, secretName = SECRET, extra: { requestTimeoutMs?: number } = {}) {
  return new AzureKeyVaultAdapter({
    vaultUrl: fake.vaultUrl(VAULT),
    secretName,
    credential: staticCredential,
    // The production URL form is kept; only the transport is redirected to the fake. No SDK retries, so
    // a fault is seen exactly once.
    clientOptions: { agent: fake.agent, retryOptions: { maxRetries: 0 } },
    ...extra,
  });
}

describeVaultAdapterConformance('azure-keyvault', async (initial) => {
  const fake = await startKeyVaultFake();
  fake.seed(VAULT, SECRET, initial.value, {
    tags: tagsFor(initial.metadata, true),
    contentType: 'application/json',
  });
  return {
    adapter: adapterFor(fake),
    open: () => adapterFor(fake),
    missing: () => adapterFor(fake, 'no-such-secret'),
    inspect: async () => {
      const latest = fake.latest(VAULT, SECRET)!;
      return {
        value: latest.value,
        metadata: metadataFromTags(latest.tags),
        managed: latest.tags?.[MANAGED_TAG] === 'true',
        enabledVersions: fake
          .versions(VAULT, SECRET)
          .filter((v) => v.enabled)
          .map((v) => v.version),
      };
    },
    cleanup: () => fake.close(),
  };
});

async function caught(p: Promise<unknown>): Promise<KeyrollError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isKeyrollError(err)) throw new Error(`expected a KeyrollError, got ${inspect(err)}`);
  return err;
}

const newValue = JSON.stringify({
  apiUrl: 'https://api.prismacloud.io',
  accessKeyId: 'new-key-id',
  secretKey: 'NEW-SECRET-never-in-errors',
});

describe('AzureKeyVaultAdapter against the Key Vault fake', () => {
  let fake: KeyVaultFake;
  let seeded: string;
  beforeEach(async () => {
    fake = await startKeyVaultFake();
    seeded = fake.seed(VAULT, SECRET, conformanceInitial.value, {
      tags: { ...tagsFor(conformanceInitial.metadata, true), owner: 'team-secops' },
      contentType: 'application/json',
      expiresOn: new Date('2026-03-01T00:00:00Z'),
    });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('answers the challenge: the first request is a body-less probe, then the real call carries the token', async () => {
    const adapter = adapterFor(fake);
    await adapter.read();
    await adapter.write(newValue, { keyId: 'new-key-id' });
    const [probe, first, ...rest] = fake.requests;
    expect(probe).toMatchObject({ call: 'challenge', authorized: false, bodyBytes: 0 });
    expect(first).toMatchObject({ call: 'GetSecret', authorized: true, path: `/secrets/${SECRET}/` });
    // One challenge per client: the PUT reuses the token and carries its body.
    expect(rest).toEqual([expect.objectContaining({ call: 'SetSecret', authorized: true })]);
    expect(rest[0]!.bodyBytes).toBeGreaterThan(0);
  });

  it('writes content type, keyroll tags, the vault expiry, and keeps foreign tags', async () => {
    const adapter = adapterFor(fake);
    await adapter.read();
    const expiresOn = new Date('2026-07-24T00:00:00Z');
    const receipt = await adapter.write(
      newValue,
      { keyId: 'new-key-id', previousKeyId: 'old-key-id', rotationId: 'r1', serviceAccount: 'sa-ci' },
      { expiresOn },
    );
    const latest = fake.latest(VAULT, SECRET)!;
    expect(latest.version).toBe(receipt.version);
    expect(latest.version).toMatch(/^[0-9a-f]{32}$/);
    expect(latest.contentType).toBe('application/json');
    expect(latest.exp).toBe(expiresOn.getTime() / 1000);
    expect(latest.tags).toEqual({
      owner: 'team-secops',
      [MANAGED_TAG]: 'true',
      'keyroll-key-id': 'new-key-id',
      'keyroll-previous-key-id': 'old-key-id',
      'keyroll-rotation-id': 'r1',
      'keyroll-service-account': 'sa-ci',
    });
    expect(JSON.stringify(latest.tags)).not.toContain('NEW-SECRET');
    // The superseded version is untouched until disableVersion.
    expect(fake.versions(VAULT, SECRET)[0]).toMatchObject({ version: seeded, enabled: true });
  });

  it('read returns the vault expiry and the managed mark; an untagged secret is not managed', async () => {
    const stored = await adapterFor(fake).read();
    expect(stored.expiresOn?.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(stored.version).toBe(seeded);
    fake.seed(VAULT, 'plain', 'x');
    const plain = await adapterFor(fake, 'plain').read();
    expect(plain.managed).toBe(false);
    expect(plain.metadata).toEqual({});
  });

  it('restore writes the old value back as a new version with its exact tags and expiry', async () => {
    const adapter = adapterFor(fake);
    const before = await adapter.read();
    await adapter.write(
      newValue,
      { keyId: 'new-key-id', rotationId: 'r1' },
      { expiresOn: new Date('2027-01-01') },
    );
    const receipt = await adapter.restore(before);
    const versions = fake.versions(VAULT, SECRET);
    expect(versions).toHaveLength(3);
    const restored = versions[2]!;
    expect(restored.version).toBe(receipt.version);
    expect(restored.version).not.toBe(seeded);
    expect(restored.value).toBe(conformanceInitial.value);
    expect(restored.tags).toEqual(versions[0]!.tags);
    expect(restored.exp).toBe(versions[0]!.exp);
  });

  it('a disabled current version is reported as secret_disabled, not as missing', async () => {
    const adapter = adapterFor(fake);
    await adapter.disableVersion(seeded);
    const err = await caught(adapter.read());
    expect(err).toMatchObject({
      name: 'VaultError',
      code: 'secret_disabled',
      category: 'conflict',
      status: 403,
    });
  });

  it('disabling an unknown version is not_found', async () => {
    const err = await caught(adapterFor(fake).disableVersion('0123456789abcdef0123456789abcdef'));
    expect(err).toMatchObject({ code: 'not_found', category: 'not_found' });
  });

  it('a failed write is a VaultError that carries neither the value nor the SDK request', async () => {
    fake.faults.add({ match: 'SetSecret', kind: 'error', status: 503 });
    const adapter = adapterFor(fake);
    const err = await caught(adapter.write(newValue, { keyId: 'new-key-id' }));
    expect(err).toMatchObject({
      name: 'VaultError',
      code: 'vault_unavailable',
      category: 'unavailable',
      status: 503,
    });
    expect(err.retryable).toBe(true);
    expect(err.cause).toBeUndefined();
    expect(inspect(err, { depth: 10 })).not.toContain('NEW-SECRET');
    expect(JSON.stringify(err)).not.toContain('NEW-SECRET');
    expect(fake.versions(VAULT, SECRET)).toHaveLength(1);
  });

  it('a dropped connection after the vault applied a write is ambiguous, and the version exists', async () => {
    fake.faults.add({ match: 'SetSecret', kind: 'drop-after-apply' });
    const err = await caught(adapterFor(fake).write(newValue, { keyId: 'new-key-id' }));
    expect(err).toMatchObject({ code: 'vault_no_response', category: 'ambiguous' });
    expect(mayHaveApplied(err)).toBe(true);
    expect(fake.latest(VAULT, SECRET)!.value).toBe(newValue);
  });

  it('a vault that never answers times out as unavailable on read', async () => {
    fake.faults.add({ match: 'GetSecret', kind: 'timeout' });
    const err = await caught(adapterFor(fake, SECRET, { requestTimeoutMs: 300 }).read());
    expect(err).toMatchObject({ code: 'vault_unavailable', category: 'unavailable' });
  });

  it('403 without a disabled version points at the role to grant', async () => {
    fake.faults.add({
      match: 'GetSecret',
      kind: 'error',
      status: 403,
      body: JSON.stringify({
        error: { code: 'Forbidden', message: 'Caller is not authorized to perform action on resource.' },
      }),
    });
    const err = await caught(adapterFor(fake).read());
    expect(err).toMatchObject({ code: 'forbidden', category: 'permission' });
    expect(err.message).toContain('Key Vault Secrets Officer');
  });

  it('429 carries the Retry-After hint', async () => {
    fake.faults.add({
      match: 'GetSecret',
      kind: 'error',
      status: 429,
      headers: { 'retry-after': '7' },
      body: JSON.stringify({ error: { code: 'Throttled', message: 'Too many requests.' } }),
    });
    const err = await caught(adapterFor(fake).read());
    expect(err).toMatchObject({ code: 'throttled', category: 'rate_limited', retryAfterMs: 7000 });
  });

  it('rejects a bad vault URL or secret name before any request', () => {
    expect(
      () => new AzureKeyVaultAdapter({ vaultUrl: 'http://kv.vault.azure.net', secretName: 'x' }),
    ).toThrow(/https/);
    expect(() => new AzureKeyVaultAdapter({ vaultUrl: fake.vaultUrl(VAULT), secretName: 'a/b' })).toThrow(
      /secret names/,
    );
    expect(fake.requests).toHaveLength(0);
  });

  it('listManagedSecrets pages through the vault and keeps only managed secrets', async () => {
    const paged = await startKeyVaultFake({ pageSize: 2 });
    try {
      for (const name of ['a1', 'a2', 'a3', 'a4', 'a5']) {
        paged.seed(
          VAULT,
          name,
          'v',
          name === 'a2' || name === 'a4' ? {} : { tags: tagsFor({ keyId: name }, true) },
        );
      }
      const found = await listManagedSecrets({
        vaultUrl: paged.vaultUrl(VAULT),
        credential: staticCredential,
        clientOptions: { agent: paged.agent, retryOptions: { maxRetries: 0 } },
      });
      expect(found.map((s) => s.name)).toEqual(['a1', 'a3', 'a5']);
      expect(found[1]!.metadata.keyId).toBe('a3');
      expect(paged.requests.filter((r) => r.call === 'GetSecrets')).toHaveLength(3);
    } finally {
      await paged.close();
    }
  });
});
