import { isKeyrollError, type KeyrollError, mayHaveApplied, type StoredSecret } from '@keyroll/core';
import { type FakeGitHub, FaultInjector, rateLimitFault } from '@keyroll/testkit';
import sodium from 'libsodium-wrappers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createGitHubClient,
  type GitHubScope,
  GitHubSecretsAdapter,
  metadataVariableName,
  type SecretLayout,
} from '../src/index.ts';
import { envScope, fastClient, repoScope, seed, startFakeGitHub } from './harness.ts';

const oldValue = JSON.stringify({
  apiUrl: 'https://api.prismacloud.io',
  accessKeyId: 'old-key-id',
  secretKey: 'old-secret-value-1234',
});
const newValue = JSON.stringify({
  apiUrl: 'https://api.prismacloud.io',
  accessKeyId: 'new-key-id',
  secretKey: 'new-secret-value-5678',
});
const newMeta = { keyId: 'new-key-id', previousKeyId: 'old-key-id', rotationId: 'r1' };
const json: SecretLayout = { format: 'json', name: 'PRISMA_CLOUD' };
const pair: SecretLayout = {
  format: 'pair',
  accessKeyIdName: 'PRISMA_ACCESS_KEY_ID',
  secretKeyName: 'PRISMA_SECRET_KEY',
};
const PUT_REPO_SECRET = 'PUT /repos/:owner/:repo/actions/secrets/:name';
const GET_REPO_KEY = 'GET /repos/:owner/:repo/actions/secrets/public-key';

async function failure(p: Promise<unknown>): Promise<KeyrollError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isKeyrollError(err)).toBe(true);
  return err as KeyrollError;
}

let fake: FakeGitHub;
let faults: FaultInjector;
beforeEach(async () => {
  faults = new FaultInjector();
  fake = await startFakeGitHub({ faults, workflowTokens: ['ghs_workflow_token'] });
});
afterEach(async () => {
  await fake.close();
});

describe('sealed boxes', () => {
  it('sends a sealed box the fake decrypts to exactly the written value, with the scope key id', async () => {
    seed(fake, repoScope, json, oldValue);
    const adapter = new GitHubSecretsAdapter({ octokit: fastClient(fake), scope: repoScope, layout: json });
    await adapter.write(newValue, newMeta);
    expect(fake.secretValue(repoScope, 'PRISMA_CLOUD')).toBe(newValue);
    // And the bytes on the wire were not the plaintext: the fake only stores what crypto_box_seal_open gave.
    const sealed = fake.state.seal(repoScope, newValue);
    await sodium.ready;
    const bytes = sodium.from_base64(sealed.encrypted_value, sodium.base64_variants.ORIGINAL);
    expect(bytes.length).toBe(Buffer.byteLength(newValue) + sodium.crypto_box_SEALBYTES);
  });

  it('fetches each scope public key once per client, shared by all adapters and writes', async () => {
    const octokit = fastClient(fake);
    seed(fake, repoScope, pair, oldValue);
    seed(fake, repoScope, json, oldValue);
    seed(fake, envScope, json, oldValue);
    const a = new GitHubSecretsAdapter({ octokit, scope: repoScope, layout: pair, currentValue: oldValue });
    const b = new GitHubSecretsAdapter({ octokit, scope: repoScope, layout: json, currentValue: oldValue });
    const c = new GitHubSecretsAdapter({ octokit, scope: envScope, layout: json, currentValue: oldValue });
    const before: StoredSecret[] = await Promise.all([a.read(), b.read(), c.read()]);
    await Promise.all([a.write(newValue, newMeta), b.write(newValue, newMeta), c.write(newValue, newMeta)]);
    await a.restore(before[0]!);
    expect(fake.requestsFor(PUT_REPO_SECRET)).toHaveLength(2 + 1 + 2);
    expect(fake.requestsFor(GET_REPO_KEY)).toHaveLength(1);
    expect(
      fake.requestsFor('GET /repos/:owner/:repo/environments/:environment/secrets/public-key'),
    ).toHaveLength(1);
    // A new client (a new run) fetches again.
    await new GitHubSecretsAdapter({ octokit: fastClient(fake), scope: repoScope, layout: json }).read();
    expect(fake.requestsFor(GET_REPO_KEY)).toHaveLength(2);
  });

  it('refetches the public key once when GitHub rotated it (422 key mismatch), then succeeds', async () => {
    seed(fake, repoScope, json, oldValue);
    const adapter = new GitHubSecretsAdapter({ octokit: fastClient(fake), scope: repoScope, layout: json });
    await adapter.read();
    fake.state.rotateKeyPair(repoScope);
    await adapter.write(newValue, newMeta);
    expect(fake.secretValue(repoScope, 'PRISMA_CLOUD')).toBe(newValue);
    expect(fake.requestsFor(PUT_REPO_SECRET).map((r) => r.status)).toEqual([422, 204]);
  });
});

describe('formats', () => {
  it('writes checkov form <id>::<secret> and the pair as two secrets', async () => {
    const octokit = fastClient(fake);
    const checkov: SecretLayout = { format: 'checkov', name: 'BC_API_KEY' };
    seed(fake, repoScope, checkov, oldValue);
    seed(fake, repoScope, pair, oldValue);
    await new GitHubSecretsAdapter({ octokit, scope: repoScope, layout: checkov }).write(newValue, newMeta);
    await new GitHubSecretsAdapter({ octokit, scope: repoScope, layout: pair, currentValue: oldValue }).write(
      newValue,
      newMeta,
    );
    expect(fake.secretValue(repoScope, 'BC_API_KEY')).toBe('new-key-id::new-secret-value-5678');
    expect(fake.secretValue(repoScope, 'PRISMA_ACCESS_KEY_ID')).toBe('new-key-id');
    expect(fake.secretValue(repoScope, 'PRISMA_SECRET_KEY')).toBe('new-secret-value-5678');
    const variable = fake.variable(repoScope, 'PRISMA_ACCESS_KEY_ID_KEYROLL');
    expect(JSON.parse(variable!.value)).toMatchObject({
      managed: true,
      keyId: 'new-key-id',
      rotationId: 'r1',
    });
  });

  it('reads the vendor JSON form and writes it back unchanged in json format', async () => {
    const vendor = JSON.stringify({
      PRISMA_CLOUD_CONSOLE_URL: 'https://app.prismacloud.io',
      PRISMA_CLOUD_USER: 'id-2',
      PRISMA_CLOUD_PASS: 'pass-2-secret-long-enough',
    });
    seed(fake, repoScope, json, oldValue);
    await new GitHubSecretsAdapter({ octokit: fastClient(fake), scope: repoScope, layout: json }).write(
      vendor,
      {},
    );
    expect(fake.secretValue(repoScope, 'PRISMA_CLOUD')).toBe(vendor);
  });

  it('rejects a malformed value before writing anything, without quoting it', async () => {
    seed(fake, repoScope, json, oldValue);
    const adapter = new GitHubSecretsAdapter({ octokit: fastClient(fake), scope: repoScope, layout: json });
    const err = await failure(adapter.write('{"accessKeyId":"x","secretKey":"leaky-secret-value"}', {}));
    expect(err.name).toBe('InputError');
    expect(err.message).not.toContain('leaky-secret-value');
    expect(fake.requestsFor(PUT_REPO_SECRET)).toHaveLength(0);
  });
});

describe('organization secrets: access left alone unless configured', () => {
  const org = (extra: Partial<Extract<GitHubScope, { kind: 'organization' }>> = {}): GitHubScope => ({
    kind: 'organization',
    org: 'acme',
    ...extra,
  });
  const write = (scope: GitHubScope) =>
    new GitHubSecretsAdapter({ octokit: fastClient(fake), scope, layout: json }).write(newValue, newMeta);

  it('keeps visibility and the whole selected list (more than one page) when the target names none', async () => {
    const granted = Array.from({ length: 130 }, (_, i) => 5000 + i); // granted in the UI, by Terraform…
    fake.seedSecret(org(), 'PRISMA_CLOUD', oldValue, {
      visibility: 'selected',
      selectedRepositoryIds: granted,
    });
    fake.seedVariable(org(), metadataVariableName(json), '{"managed":true}', {
      visibility: 'selected',
      selectedRepositoryIds: [7],
    });
    await write(org());
    expect(fake.secret(org(), 'PRISMA_CLOUD')).toMatchObject({
      value: newValue,
      visibility: 'selected',
      selectedRepositoryIds: granted,
    });
    // The metadata variable keeps its own access too.
    expect(fake.variable(org(), metadataVariableName(json))).toMatchObject({
      visibility: 'selected',
      selectedRepositoryIds: [7],
    });
  });

  it('keeps a private or all visibility as it is', async () => {
    fake.seedSecret(org(), 'PRISMA_CLOUD', oldValue, { visibility: 'all' });
    await write(org());
    expect(fake.secret(org(), 'PRISMA_CLOUD')).toMatchObject({ value: newValue, visibility: 'all' });
  });

  it('adds the named repositories to a selected list and removes none', async () => {
    fake.seedSecret(org(), 'PRISMA_CLOUD', oldValue, {
      visibility: 'selected',
      selectedRepositoryIds: [11, 12],
    });
    await write(org({ visibility: 'selected', selectedRepositoryIds: [12, 13] }));
    expect(fake.secret(org(), 'PRISMA_CLOUD')?.selectedRepositoryIds).toEqual([11, 12, 13]);
  });

  it('sets the visibility the target names (and only then changes it)', async () => {
    fake.seedSecret(org(), 'PRISMA_CLOUD', oldValue, { visibility: 'all' });
    await write(org({ visibility: 'selected', selectedRepositoryIds: [21] }));
    expect(fake.secret(org(), 'PRISMA_CLOUD')).toMatchObject({
      visibility: 'selected',
      selectedRepositoryIds: [21],
    });
    await write(org({ visibility: 'private' }));
    expect(fake.secret(org(), 'PRISMA_CLOUD')).toMatchObject({ visibility: 'private' });
  });

  it('creates a missing org metadata variable visible to no repository', async () => {
    fake.seedSecret(org(), 'PRISMA_CLOUD', oldValue, { visibility: 'private' });
    await write(org());
    expect(fake.variable(org(), metadataVariableName(json))).toMatchObject({
      visibility: 'selected',
      selectedRepositoryIds: [],
    });
  });
});

describe('pair format is never half-updated', () => {
  const secondPut = (call: string, detail: unknown) =>
    call === PUT_REPO_SECRET && (detail as { name?: string }).name === 'PRISMA_SECRET_KEY';

  it('puts the access key id back when the secret key PUT fails', async () => {
    seed(fake, repoScope, pair, oldValue, { keyId: 'old-key-id', rotationId: 'r0' });
    faults.add({ match: secondPut, kind: 'error', status: 403, body: '{"message":"Repository archived"}' });
    const adapter = new GitHubSecretsAdapter({
      octokit: fastClient(fake),
      scope: repoScope,
      layout: pair,
      currentValue: oldValue,
    });
    const err = await failure(adapter.write(newValue, newMeta));
    expect(err.code).toBe('github_repository_archived');
    expect(fake.secretValue(repoScope, 'PRISMA_ACCESS_KEY_ID')).toBe('old-key-id');
    expect(fake.secretValue(repoScope, 'PRISMA_SECRET_KEY')).toBe('old-secret-value-1234');
    // The first secret was written, then put back: three PUTs, and the metadata was never touched.
    expect(fake.requestsFor(PUT_REPO_SECRET).map((r) => r.detail.name)).toEqual([
      'PRISMA_ACCESS_KEY_ID',
      'PRISMA_SECRET_KEY',
      'PRISMA_ACCESS_KEY_ID',
    ]);
    expect(JSON.parse(fake.variable(repoScope, 'PRISMA_ACCESS_KEY_ID_KEYROLL')!.value).keyId).toBe(
      'old-key-id',
    );
    expect(err.message).not.toContain('new-secret-value');
  });

  it('says exactly what is where when putting the first one back fails too', async () => {
    seed(fake, repoScope, pair, oldValue);
    faults.add({ match: secondPut, kind: 'error', status: 403 });
    faults.add({ match: PUT_REPO_SECRET, skip: 1, kind: 'error', status: 403 }); // the undo PUT
    const adapter = new GitHubSecretsAdapter({
      octokit: fastClient(fake),
      scope: repoScope,
      layout: pair,
      currentValue: oldValue,
    });
    const err = await failure(adapter.write(newValue, newMeta));
    expect(err.code).toBe('github_pair_half_updated');
    expect(err.message).toContain('PRISMA_ACCESS_KEY_ID now hold(s) the new value');
    expect(err.message).not.toContain('new-secret-value');
  });

  it('refuses a pair write without the current value (it could not be undone), writing nothing', async () => {
    seed(fake, repoScope, pair, oldValue);
    const adapter = new GitHubSecretsAdapter({ octokit: fastClient(fake), scope: repoScope, layout: pair });
    const err = await failure(adapter.write(newValue, newMeta));
    expect(err.code).toBe('previous_value_unknown');
    expect(fake.requestsFor(PUT_REPO_SECRET)).toHaveLength(0);
  });

  it('check() finds a pair without the current value before any key exists (read-only)', async () => {
    seed(fake, repoScope, pair, oldValue);
    const adapter = new GitHubSecretsAdapter({ octokit: fastClient(fake), scope: repoScope, layout: pair });
    const err = await failure(adapter.check());
    expect(err.code).toBe('previous_value_unknown');
    expect(err.category).toBe('config');
    expect(fake.requestsFor(PUT_REPO_SECRET)).toHaveLength(0);
    const ok = new GitHubSecretsAdapter({
      octokit: fastClient(fake),
      scope: repoScope,
      layout: pair,
      currentValue: oldValue,
    });
    await expect(ok.check()).resolves.toBeUndefined();
  });

  it('puts the old secret back when the metadata variable write fails', async () => {
    seed(fake, repoScope, json, oldValue, { keyId: 'old-key-id' });
    faults.add({ match: /variables/, kind: 'error', status: 403, times: Number.POSITIVE_INFINITY });
    const adapter = new GitHubSecretsAdapter({
      octokit: fastClient(fake),
      scope: repoScope,
      layout: json,
      currentValue: oldValue,
    });
    await failure(adapter.write(newValue, newMeta));
    expect(fake.secretValue(repoScope, 'PRISMA_CLOUD')).toBe(oldValue);
  });
});

describe('read and restore', () => {
  it('treats a hand-edited metadata variable as no metadata, managed only when configured', async () => {
    seed(fake, repoScope, json, oldValue);
    fake.seedVariable(repoScope, 'PRISMA_CLOUD_KEYROLL', 'not json');
    const octokit = fastClient(fake);
    const plain = await new GitHubSecretsAdapter({ octokit, scope: repoScope, layout: json }).read();
    expect(plain).toMatchObject({ value: undefined, metadata: {}, managed: false });
    const named = await new GitHubSecretsAdapter({
      octokit,
      scope: repoScope,
      layout: json,
      currentValue: oldValue,
      namedInConfiguration: true,
    }).read();
    expect(named).toMatchObject({ value: oldValue, metadata: {}, managed: true });
  });

  it('refuses to restore an unknown old value', async () => {
    seed(fake, repoScope, json, oldValue);
    const adapter = new GitHubSecretsAdapter({ octokit: fastClient(fake), scope: repoScope, layout: json });
    const before = await adapter.read();
    await adapter.write(newValue, newMeta);
    const err = await failure(adapter.restore(before));
    expect(err.code).toBe('previous_value_unknown');
    expect(err.message).toContain('old value is unknown');
    expect(fake.secretValue(repoScope, 'PRISMA_CLOUD')).toBe(newValue);
  });
});

describe('tokens and refusals', () => {
  it('says a token without secrets permission lacks it, without the GITHUB_TOKEN hint (the adapter cannot tell)', async () => {
    seed(fake, repoScope, json, oldValue);
    const octokit = fastClient(fake, { token: 'ghs_workflow_token' });
    const adapter = new GitHubSecretsAdapter({
      octokit,
      scope: repoScope,
      layout: json,
      currentValue: oldValue,
    });
    const err = await failure(adapter.read());
    expect(err.code).toBe('github_token_lacks_permission');
    expect(err.category).toBe('config'); // a read refused: nothing was touched
    expect(err.message).toContain('repository acme/api');
    expect(err.message).toContain('secrets=read');
    expect(err.message).not.toContain('GITHUB_TOKEN');
    expect(fake.requestsFor(PUT_REPO_SECRET)).toHaveLength(0);
  });

  it('reports a rejected token (401) as a configuration error, which nothing was changed by', async () => {
    seed(fake, repoScope, json, oldValue);
    const octokit = fastClient(fake, { token: 'ghp_wrong' });
    const err = await failure(new GitHubSecretsAdapter({ octokit, scope: repoScope, layout: json }).read());
    expect(err.code).toBe('github_bad_credentials');
    expect(err.category).toBe('config');
    expect(mayHaveApplied(err)).toBe(false);
  });

  it('tells a repository the token cannot see from a secret that does not exist', async () => {
    const other: GitHubScope = { kind: 'repository', owner: 'acme', repo: 'hidden' };
    seed(fake, other, json, oldValue);
    fake.hideRepository('acme', 'hidden');
    const octokit = fastClient(fake);
    const hidden = await failure(new GitHubSecretsAdapter({ octokit, scope: other, layout: json }).read());
    expect(hidden.code).toBe('github_scope_not_visible');
    expect(hidden.category).toBe('config');
    expect(hidden.message).toContain('repository acme/hidden does not exist or this token cannot see it');
    // A fan-out target (no public key fetched while reading) tells the two apart too.
    const primary = new GitHubSecretsAdapter({
      octokit,
      scope: repoScope,
      layout: json,
      currentValue: oldValue,
    });
    seed(fake, repoScope, json, oldValue);
    const fanOut = await failure(
      new GitHubSecretsAdapter({ octokit, scope: other, layout: json, primary }).read(),
    );
    expect(fanOut.code).toBe('github_scope_not_visible');
    const missing = await failure(
      new GitHubSecretsAdapter({
        octokit,
        scope: repoScope,
        layout: { format: 'json', name: 'NOPE' },
      }).read(),
    );
    expect(missing.category).toBe('not_found');
    expect(missing.message).toContain('secret NOPE does not exist in repository acme/api');
  });

  it('refuses writes to an archived repository definitely (nothing applied), naming repository and reason', async () => {
    seed(fake, repoScope, json, oldValue);
    fake.archiveRepository('acme', 'api');
    const adapter = new GitHubSecretsAdapter({
      octokit: fastClient(fake),
      scope: repoScope,
      layout: json,
      currentValue: oldValue,
    });
    await adapter.read(); // reading an archived repository is allowed
    const err = await failure(adapter.write(newValue, newMeta));
    expect(err.code).toBe('github_repository_archived');
    expect(mayHaveApplied(err)).toBe(false);
    expect(err.message).toContain('repository acme/api');
    expect(err.message).toContain('archived');
    expect(fake.secretValue(repoScope, 'PRISMA_CLOUD')).toBe(oldValue);
  });

  it('refuses writes with a read-only token definitely, naming the missing permission', async () => {
    await fake.close();
    fake = await startFakeGitHub({ faults, readOnlyTokens: ['ghs_read_only'] });
    seed(fake, repoScope, json, oldValue);
    const adapter = new GitHubSecretsAdapter({
      octokit: fastClient(fake, { token: 'ghs_read_only' }),
      scope: repoScope,
      layout: json,
      currentValue: oldValue,
    });
    await adapter.read();
    const err = await failure(adapter.write(newValue, newMeta));
    expect(err.code).toBe('github_token_lacks_permission');
    expect(mayHaveApplied(err)).toBe(false);
    expect(err.message).toMatch(/may not write .*repository acme\/api|repository acme\/api.*may not write/);
    expect(err.message).toContain('secrets=write');
    expect(fake.secretValue(repoScope, 'PRISMA_CLOUD')).toBe(oldValue);
  });

  it('asks for REST API version 2022-11-28 on every request', async () => {
    seed(fake, repoScope, json, oldValue);
    const adapter = new GitHubSecretsAdapter({
      octokit: fastClient(fake),
      scope: repoScope,
      layout: json,
      currentValue: oldValue,
    });
    await adapter.read();
    await adapter.write(newValue, newMeta);
    expect(fake.requests.length).toBeGreaterThan(3);
    expect(new Set(fake.requests.map((r) => r.apiVersion))).toEqual(new Set(['2022-11-28']));
  });

  it('accepts https or loopback http API URLs only', () => {
    expect(() => createGitHubClient({ token: 't', baseUrl: 'http://github.example.com' })).toThrow(/https/);
    expect(() => createGitHubClient({ token: '' })).toThrow(/token is required/);
    expect(() =>
      createGitHubClient({ token: 't', baseUrl: 'https://ghe.example.com/api/v3/' }),
    ).not.toThrow();
  });
});

describe('lost answers', () => {
  it('retries a PUT whose connection dropped after GitHub applied it (PUT is idempotent)', async () => {
    seed(fake, repoScope, json, oldValue);
    faults.add({ match: PUT_REPO_SECRET, kind: 'drop-after-apply' });
    const adapter = new GitHubSecretsAdapter({ octokit: fastClient(fake), scope: repoScope, layout: json });
    await adapter.write(newValue, newMeta);
    expect(fake.secretValue(repoScope, 'PRISMA_CLOUD')).toBe(newValue);
    expect(fake.requestsFor(PUT_REPO_SECRET)).toHaveLength(2);
  });

  it('reports a write that never got an answer as ambiguous (it may have been applied)', async () => {
    seed(fake, repoScope, json, oldValue);
    faults.add({ match: PUT_REPO_SECRET, kind: 'timeout', times: Number.POSITIVE_INFINITY });
    const octokit = fastClient(fake, { requestTimeoutMs: 150 });
    const err = await failure(
      new GitHubSecretsAdapter({ octokit, scope: repoScope, layout: json }).write(newValue, {}),
    );
    expect(err.category).toBe('ambiguous');
    expect(err.code).toBe('github_no_answer');
    expect(err.message).toContain('writing secret PRISMA_CLOUD in repository acme/api');
    expect(fake.requestsFor(PUT_REPO_SECRET).length).toBeGreaterThan(1); // plugin-retry tried again
  });

  it('reports a read that never got an answer as unavailable (retryable)', async () => {
    seed(fake, repoScope, json, oldValue);
    faults.add({ match: GET_REPO_KEY, kind: 'error', status: 502, times: Number.POSITIVE_INFINITY });
    const err = await failure(
      new GitHubSecretsAdapter({ octokit: fastClient(fake), scope: repoScope, layout: json }).read(),
    );
    expect(err.category).toBe('unavailable');
    expect(err.retryable).toBe(true);
    expect(fake.requestsFor(GET_REPO_KEY)).toHaveLength(4); // the first try and plugin-retry's three
  });
});

describe('rate limits and concurrency', () => {
  it('retries a primary rate limit (403, remaining 0) and a secondary one (429, retry-after), then writes', async () => {
    seed(fake, repoScope, json, oldValue);
    faults.add(rateLimitFault(PUT_REPO_SECRET, 'primary'));
    faults.add(rateLimitFault(PUT_REPO_SECRET, 'secondary', { status: 429, retryAfterSeconds: 1 }));
    const adapter = new GitHubSecretsAdapter({ octokit: fastClient(fake), scope: repoScope, layout: json });
    await adapter.write(newValue, newMeta);
    expect(fake.secretValue(repoScope, 'PRISMA_CLOUD')).toBe(newValue);
    expect(fake.requestsFor(PUT_REPO_SECRET).map((r) => r.status)).toEqual([403, 429, 204]);
  });

  it('gives up after the bounded number of rate-limit retries with a rate_limited error', async () => {
    seed(fake, repoScope, json, oldValue);
    faults.add(
      rateLimitFault(PUT_REPO_SECRET, 'secondary', { times: Number.POSITIVE_INFINITY, retryAfterSeconds: 0 }),
    );
    const octokit = fastClient(fake, { maxRateLimitRetries: 2 });
    const err = await failure(
      new GitHubSecretsAdapter({ octokit, scope: repoScope, layout: json }).write(newValue, {}),
    );
    expect(err.category).toBe('rate_limited');
    expect(fake.requestsFor(PUT_REPO_SECRET)).toHaveLength(3);
    expect(fake.secretValue(repoScope, 'PRISMA_CLOUD')).toBe(oldValue);
  });

  it('keeps at most `concurrency` requests in flight across a fan-out', async () => {
    const scopes: GitHubScope[] = Array.from({ length: 12 }, (_, i) => ({
      kind: 'repository',
      owner: 'acme',
      repo: `svc-${i}`,
    }));
    for (const scope of scopes) seed(fake, scope, json, oldValue);
    faults.add({ match: /./, kind: 'delay', delayMs: 60, times: Number.POSITIVE_INFINITY });
    const run = async (concurrency: number) => {
      const octokit = fastClient(fake, { concurrency });
      const adapters = scopes.map((scope) => new GitHubSecretsAdapter({ octokit, scope, layout: json }));
      await Promise.all(adapters.map((a) => a.read()));
      await Promise.all(adapters.map((a) => a.write(newValue, newMeta)));
    };
    await run(2);
    expect(fake.maxConcurrency()).toBeLessThanOrEqual(2);
    expect(scopes.every((s) => fake.secretValue(s, 'PRISMA_CLOUD') === newValue)).toBe(true);
    // The measurement can see overlap: a wider limit shows it.
    fake.requests.length = 0;
    await run(6);
    expect(fake.maxConcurrency()).toBeGreaterThan(2);
  });
});
