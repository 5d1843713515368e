/** Read-only checks before any change, error classification, and the retry budget (real SecretClient, fake vault). */
import type { TokenCredential } from '@azure/core-auth';
import { ConfigError, mayHaveApplied } from '@keyroll/core';
import { FaultInjector, type KeyVaultFake, startKeyVaultFake } from '@keyroll/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AzureKeyVaultAdapter, type AzureKeyVaultAdapterOptions, MAX_TAGS, tagsFor } from '../src/index.ts';

const VAULT = 'kv-checks';
const credential: TokenCredential = {
  getToken: async () => ({ token: 'static-test-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
};
let fake: KeyVaultFake;
let now = Date.now();
beforeEach(async () => {
  fake = await startKeyVaultFake({ faults: new FaultInjector(), now: () => now });
});
afterEach(async () => {
  await fake.close();
});

function adapter(name: string, extra: Partial<AzureKeyVaultAdapterOptions> = {}, maxRetries = 0) {
  return new AzureKeyVaultAdapter({
    vaultUrl: fake.vaultUrl(VAULT),
    secretName: name,
    credential,
    clientOptions: { agent: fake.agent, retryOptions: { maxRetries, retryDelayInMs: 10 } },
    ...extra,
  });
}
const managed = (team: Record<string, string> = {}) => tagsFor({ keyId: 'k1' }, true, team);
const teamTags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`team-${i}`, 'x']));
const valueReads = () => fake.requests.filter((r) => r.call === 'GetSecret').length;

describe('metadata first', () => {
  it("an unmanaged secret's value is never read: metadata says not managed", async () => {
    fake.seed(VAULT, 'other-team', 'not keyroll json at all', { tags: { owner: 'payments' } });
    const meta = await adapter('other-team').readMetadata();
    expect(meta.managed).toBe(false);
    expect(valueReads()).toBe(0);
  });

  it('a managed secret: version, metadata and tags of the newest version', async () => {
    fake.seed(VAULT, 's', '{}', { tags: { owner: 'x' } });
    now += 10_000; // the second is newer
    const v2 = fake.seed(VAULT, 's', '{}', { tags: managed({ owner: 'x' }) });
    const meta = await adapter('s').checkWritable();
    expect(meta).toMatchObject({ managed: true, version: v2, metadata: { keyId: 'k1' } });
    expect(valueReads()).toBe(0);
  });

  it('a missing secret is not_found', async () => {
    await expect(adapter('nope').readMetadata()).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('15-tag limit, checked before any change', () => {
  it(`refuses when the team's tags plus keyroll's exceed ${MAX_TAGS}, naming the numbers`, async () => {
    fake.seed(VAULT, 'crowded', '{}', { tags: managed(teamTags(8)) });
    const err = await adapter('crowded')
      .checkWritable()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err).toMatchObject({ code: 'too_many_tags' });
    expect((err as Error).message).toMatch(
      /16 tags \(8 of the team's own plus 8 keyroll-\* tags\).*Remove 1/,
    );
    expect(fake.requests.filter((r) => r.call === 'SetSecret')).toHaveLength(0);
  });

  it('exactly 15 fits, counting the failure bookkeeping tag', async () => {
    fake.seed(VAULT, 'full', '{}', { tags: managed(teamTags(7)) });
    await expect(adapter('full').checkWritable()).resolves.toMatchObject({ managed: true });
  });
});

describe('403: network rules are not "secret disabled"', () => {
  const cases: Array<[string, string, string]> = [
    [
      'ForbiddenByConnection',
      'Public network access is disabled and request is not from a trusted service nor via an approved private link.',
      'network_refused',
    ],
    [
      'ForbiddenByFirewall',
      'Client address is not authorized and caller is not a trusted service.\r\nClient address: 203.0.113.7',
      'network_refused',
    ],
    ['SecretDisabled', 'Operation get is not allowed on a disabled secret.', 'secret_disabled'],
    ['ForbiddenByRbac', 'Caller is not authorized to perform action on resource.', 'forbidden'],
  ];
  for (const [inner, message, code] of cases) {
    it(`${inner} → ${code}`, async () => {
      fake.seed(VAULT, 's', '{}', { tags: managed() });
      fake.faults.add({
        match: 'GetSecret',
        kind: 'error',
        status: 403,
        body: JSON.stringify({ error: { code: 'Forbidden', message, innererror: { code: inner } } }),
      });
      const err = await adapter('s')
        .read()
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code });
      expect((err as Error).message).not.toContain('203.0.113.7\n');
    });
  }
});

describe('retry budget separate from the attempt timeout', () => {
  it('a 429 whose Retry-After outlasts the budget is "throttled" (definite), not "no response; may have been applied"', async () => {
    fake.seed(VAULT, 's', '{}', { tags: managed() });
    fake.faults.add({
      match: 'SetSecret',
      kind: 'error',
      status: 429,
      headers: { 'retry-after': '30' },
      body: JSON.stringify({ error: { code: 'Throttled', message: 'Too many requests' } }),
      times: 10,
    });
    const a = adapter('s', { retryBudgetMs: 1_000, requestTimeoutMs: 500 }, 3);
    const err = await a.write('{}', { keyId: 'k2' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'throttled', category: 'rate_limited' });
    expect(mayHaveApplied(err)).toBe(false);
    expect(fake.versions(VAULT, 's')).toHaveLength(1);
  });

  it('an attempt that gets no answer within its timeout is still ambiguous for a write', async () => {
    fake.seed(VAULT, 's', '{}', { tags: managed() });
    fake.faults.add({ match: 'SetSecret', kind: 'timeout' });
    const err = await adapter('s', { requestTimeoutMs: 300 })
      .write('{}', { keyId: 'k2' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'vault_no_response', category: 'ambiguous' });
  });

  it('declares the 24 h consumer window of Key Vault references', () => {
    expect(adapter('s').capabilities.consumerWindowHours).toBe(24);
  });
});
