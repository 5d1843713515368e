import { type FakeGitHub, startFakeGitHub } from '@keyroll/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seal } from '../src/index.ts';
import { fastClient, orgScope, repoScope } from './harness.ts';

/** The fake GitHub API answers the real Octokit the way GitHub does (statuses, shapes, errors). */
let fake: FakeGitHub;
beforeEach(async () => {
  fake = await startFakeGitHub();
});
afterEach(async () => {
  await fake.close();
});

async function status(p: Promise<{ status: number }>): Promise<number> {
  return p.then(
    (r) => r.status,
    (e: { status: number }) => e.status,
  );
}

describe('fake GitHub API', () => {
  it('creates (201) then updates (204) a sealed secret, lists and deletes it, never returning the value', async () => {
    const octokit = fastClient(fake);
    const a = octokit.rest.actions;
    const { data: key, headers } = await a.getRepoPublicKey({ owner: 'acme', repo: 'api' });
    expect(headers['x-github-request-id']).toMatch(/\S/);
    const put = async (value: string) =>
      a.createOrUpdateRepoSecret({
        owner: 'acme',
        repo: 'api',
        secret_name: 'my_secret',
        key_id: key.key_id,
        encrypted_value: await seal(value, { keyId: key.key_id, key: key.key }, 'test'),
      });
    expect((await put('one')).status).toBe(201);
    expect((await put('two')).status).toBe(204);
    expect(fake.secretValue(repoScope, 'MY_SECRET')).toBe('two');
    const { data: meta } = await a.getRepoSecret({ owner: 'acme', repo: 'api', secret_name: 'MY_SECRET' });
    expect(Object.keys(meta).sort()).toEqual(['created_at', 'name', 'updated_at']);
    const { data: list } = await a.listRepoSecrets({ owner: 'acme', repo: 'api' });
    expect(list.secrets.map((s) => s.name)).toEqual(['MY_SECRET']);
    expect(await status(a.deleteRepoSecret({ owner: 'acme', repo: 'api', secret_name: 'MY_SECRET' }))).toBe(
      204,
    );
    expect(await status(a.getRepoSecret({ owner: 'acme', repo: 'api', secret_name: 'MY_SECRET' }))).toBe(404);
  });

  it('rejects a wrong key id, an invalid name and a box that does not open (422)', async () => {
    const a = fastClient(fake).rest.actions;
    const { data: key } = await a.getRepoPublicKey({ owner: 'acme', repo: 'api' });
    const sealed = await seal('v', { keyId: key.key_id, key: key.key }, 'test');
    const base = {
      owner: 'acme',
      repo: 'api',
      secret_name: 'OK',
      key_id: key.key_id,
      encrypted_value: sealed,
    };
    expect(await status(a.createOrUpdateRepoSecret({ ...base, key_id: '1' }))).toBe(422);
    expect(await status(a.createOrUpdateRepoSecret({ ...base, secret_name: 'GITHUB_X' }))).toBe(422);
    expect(await status(a.createOrUpdateRepoSecret({ ...base, encrypted_value: 'AAAA' }))).toBe(422);
  });

  it('requires visibility on organization secrets and keeps the selected repositories', async () => {
    const a = fastClient(fake).rest.actions;
    const { data: key } = await a.getOrgPublicKey({ org: 'acme' });
    const encrypted_value = await seal('v', { keyId: key.key_id, key: key.key }, 'test');
    const body = { org: 'acme', secret_name: 'S', key_id: key.key_id, encrypted_value };
    expect(
      await status(
        a.createOrUpdateOrgSecret({
          ...body,
          visibility: 'selected',
          selected_repository_ids: [1296269, 1296270],
        }),
      ),
    ).toBe(201);
    const { data } = await a.getOrgSecret({ org: 'acme', secret_name: 'S' });
    expect(data.visibility).toBe('selected');
    expect(fake.secret(orgScope, 'S')?.selectedRepositoryIds).toEqual([1296269, 1296270]);
    expect(
      await status(a.createOrUpdateOrgSecret({ ...body, visibility: 'all', selected_repository_ids: [1] })),
    ).toBe(422);
  });

  it('serves variables: create 201, duplicate 409, get, patch 204, list, delete', async () => {
    const a = fastClient(fake).rest.actions;
    const repo = { owner: 'acme', repo: 'api' };
    expect(await status(a.createRepoVariable({ ...repo, name: 'V', value: '1' }))).toBe(201);
    expect(await status(a.createRepoVariable({ ...repo, name: 'v', value: '1' }))).toBe(409);
    expect(await status(a.updateRepoVariable({ ...repo, name: 'V', value: '2' }))).toBe(204);
    expect((await a.getRepoVariable({ ...repo, name: 'V' })).data.value).toBe('2');
    expect((await a.listRepoVariables(repo)).data.variables.map((v) => v.name)).toEqual(['V']);
    expect(await status(a.deleteRepoVariable({ ...repo, name: 'V' }))).toBe(204);
    expect(await status(a.updateRepoVariable({ ...repo, name: 'V', value: '3' }))).toBe(404);
  });

  it('answers 401 Bad credentials to an unknown token and records every request', async () => {
    const a = fastClient(fake, { token: 'ghp_unknown' }).rest.actions;
    expect(await status(a.getRepoPublicKey({ owner: 'acme', repo: 'api' }))).toBe(401);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ method: 'GET', status: 401 });
    expect(fake.requests[0]!.endedAt).toBeGreaterThanOrEqual(fake.requests[0]!.startedAt);
  });

  it('enforces content-creating limits when asked: the write past the window answers 403 and is not applied', async () => {
    await fake.close();
    fake = await startFakeGitHub({ contentLimits: [{ windowMs: 60_000, max: 2 }] });
    const octokit = fastClient(fake, { maxRateLimitRetries: 0 });
    const a = octokit.rest.actions;
    const repo = { owner: 'acme', repo: 'api' };
    const put = (v: string) =>
      status(
        a.createOrUpdateRepoSecret({
          ...repo,
          secret_name: 'S',
          ...fake.state.seal({ kind: 'repository', ...repo }, v),
        }),
      );
    expect(await put('one')).toBe(201);
    expect(await put('two')).toBe(204);
    expect(await put('three')).toBe(403);
    expect(await status(a.getRepoSecret({ ...repo, secret_name: 'S' }))).toBe(200); // reads do not count
    expect(fake.secretValue({ kind: 'repository', ...repo }, 'S')).toBe('two');
    expect(fake.requests.at(-2)).toMatchObject({ status: 403 });
  });
});
