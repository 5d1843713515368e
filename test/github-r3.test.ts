import {
  type Credential,
  type RotationResult,
  rotateCredential,
  silentLogger,
  type VaultAdapter,
} from '@keyroll/core';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import {
  type FakeGitHub,
  type FakeGitHubScope,
  type PrismaSimulator,
  startFakeGitHub,
  startPrismaSimulator,
} from '@keyroll/testkit';
import { createGitHubClient, GitHubSecretsAdapter } from '@keyroll/vault-github';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/**
 * One secret write per fanned-out repository, and R3 still holds: the primary keeps the metadata (with
 * GitHub's time of its store), each repository's secret `updated_at` tells whether it holds the primary's
 * key, and metadata variables written per repository by earlier keyroll versions stay readable.
 */
let sim: PrismaSimulator;
let gh: FakeGitHub;
let current: Credential;

const repo = (name: string): FakeGitHubScope => ({ kind: 'repository', owner: 'acme', repo: name });
const names = ['hub', 'repo-01', 'repo-02', 'repo-03', 'repo-04', 'repo-05'];
const SECRET = 'PRISMA_CLOUD';
const VARIABLE = 'PRISMA_CLOUD_KEYROLL';
const WRITE = /^(PUT|POST|PATCH|DELETE) /;

beforeEach(async () => {
  sim = await startPrismaSimulator();
  gh = await startFakeGitHub();
  current = sim.addServiceAccount('sa-ci');
  for (const n of names) gh.seedSecret(repo(n), SECRET, JSON.stringify(current));
});
afterEach(async () => {
  await gh.close();
  await sim.close();
});

/** The Action's wiring: the first target is the primary, the others its fan-out. */
function adapters(currentValue: string): VaultAdapter[] {
  const octokit = createGitHubClient({
    token: 'ghp_fake',
    baseUrl: gh.url,
    minWriteIntervalMs: 0,
    retryAfterUnitMs: 1,
    log: silentLogger(),
  });
  const [first, ...rest] = names.map((n) => ({
    scope: { kind: 'repository' as const, owner: 'acme', repo: n },
  }));
  const primary = new GitHubSecretsAdapter({
    octokit,
    scope: first!.scope,
    layout: { format: 'json', name: SECRET },
    currentValue,
    namedInConfiguration: true,
  });
  return [
    primary,
    ...rest.map(
      (t) =>
        new GitHubSecretsAdapter({
          octokit,
          scope: t.scope,
          layout: { format: 'json', name: SECRET },
          currentValue,
          namedInConfiguration: true,
          primary,
        }),
    ),
  ];
}

async function rotate(): Promise<RotationResult> {
  const value = gh.secretValue(repo('hub'), SECRET)!;
  return rotateCredential(
    { targets: adapters(value), force: true },
    {
      issuer: new PrismaCloudIssuer({ allowedOrigins: [sim.url] }),
      logger: silentLogger(),
      allowedApiOrigins: [sim.url],
      policy: { minAgeHours: 0, verifyBaseDelayMs: 1 },
    },
  );
}

function writesTo(name: string, since = 0): number {
  return gh.requests.slice(since).filter((r) => WRITE.test(r.call) && r.detail.repo === name).length;
}

const keyIn = (name: string) => (JSON.parse(gh.secretValue(repo(name), SECRET)!) as Credential).accessKeyId;
const statusOf = (r: RotationResult, name: string) =>
  r.targets.find((t) => t.id === `github:repo:acme/${name}:${SECRET}`)?.status;

describe('GitHub fan-out: one write per repository, R3 from updated_at', () => {
  it('writes each fanned-out repository once, and the next rotation finds none lagging', async () => {
    const first = await rotate();
    expect(first.outcome).toBe('rotated');
    for (const n of names.slice(1)) {
      expect(writesTo(n)).toBe(1);
      expect(keyIn(n)).toBe(first.newKeyId);
      expect(gh.variable(repo(n), VARIABLE)).toBeUndefined();
    }
    const meta = JSON.parse(gh.variable(repo('hub'), VARIABLE)!.value);
    expect(meta).toMatchObject({
      keyId: first.newKeyId,
      storedAt: gh.secret(repo('hub'), SECRET)!.updatedAt,
    });

    const mark = gh.requests.length;
    const second = await rotate();
    expect(second.outcome).toBe('rotated');
    expect(second.steps.some((s) => s.name === 'reconcile')).toBe(false);
    for (const n of names.slice(1)) expect(writesTo(n, mark)).toBe(1);
  });

  it('finds a repository the last rotation never reached (crash) and brings it to the current key first', async () => {
    const first = await rotate();
    // As if the run had stopped before writing repo-04: it still holds the old key, last written before.
    const left = gh.secret(repo('repo-04'), SECRET)!;
    left.value = JSON.stringify(current);
    left.updatedAt = new Date(Date.parse(left.updatedAt) - 3_600_000).toISOString();

    const mark = gh.requests.length;
    const second = await rotate();
    expect(second.outcome).toBe('rotated');
    const repaired = second.steps.filter((s) => s.name === 'reconcile');
    expect(repaired).toHaveLength(1);
    expect(repaired[0]!.detail).toContain('acme/repo-04');
    expect(repaired[0]!.detail).toContain(`now holds ${first.newKeyId}`);
    expect(writesTo('repo-04', mark)).toBe(2); // repaired, then rotated
    expect(writesTo('repo-03', mark)).toBe(1);
    for (const n of names) expect(keyIn(n)).toBe(second.newKeyId);
  });

  it('reads per-repository metadata left by earlier versions: no re-seeding, lagging ones still found', async () => {
    // Earlier keyroll wrote <SECRET>_KEYROLL beside every secret, right after it, and no storedAt.
    const legacy = (keyId: string) =>
      JSON.stringify({ managed: true, keyId, rotationId: 'r0', rotatedAt: '2026-01-01T00:00:00.000Z' });
    for (const n of names) gh.seedVariable(repo(n), VARIABLE, legacy(current.accessKeyId));
    gh.seedVariable(repo('repo-02'), VARIABLE, legacy('an-older-key'));

    const result = await rotate();
    expect(result.outcome).toBe('rotated');
    const repaired = result.steps.filter((s) => s.name === 'reconcile');
    expect(repaired.map((s) => s.detail)).toEqual([expect.stringContaining('acme/repo-02')]);
    expect(statusOf(result, 'repo-02')).toBe('updated');
    for (const n of names) expect(keyIn(n)).toBe(result.newKeyId);
    // From now on the primary's store time decides; the old per-repository variables are left alone.
    expect(JSON.parse(gh.variable(repo('hub'), VARIABLE)!.value).storedAt).toBeDefined();
    expect(JSON.parse(gh.variable(repo('repo-01'), VARIABLE)!.value).keyId).toBe(current.accessKeyId);
    const again = await rotate();
    expect(again.steps.some((s) => s.name === 'reconcile')).toBe(false);
  });

  it("still finds a lagging repository when GitHub shows the primary's previous time right after the write", async () => {
    await rotate();
    const firstTimes = new Map(names.map((n) => [n, gh.secret(repo(n), SECRET)!.updatedAt]));
    // Rotation 2: the read-back after the primary's PUT is stale (GitHub is eventually consistent).
    const GET_SECRET = 'GET /repos/:owner/:repo/actions/secrets/:name';
    const stale = JSON.stringify({
      name: SECRET,
      created_at: firstTimes.get('hub'),
      updated_at: firstTimes.get('hub'),
    });
    const hubPuts = () =>
      gh.requests.filter((r) => r.call.startsWith('PUT') && r.detail.repo === 'hub').length;
    const before = hubPuts();
    gh.faults.add({
      // Only the GET that follows this rotation's PUT to the primary.
      match: (call, detail) =>
        call === GET_SECRET && (detail as { repo?: string }).repo === 'hub' && hubPuts() > before,
      kind: 'error',
      status: 200,
      body: stale,
      times: 1,
    });
    const second = await rotate();
    expect(second.outcome).toBe('rotated');
    expect(gh.faults.hits).toHaveLength(1);
    // As if rotation 2 had stopped before repo-04: it holds the first key, written during rotation 1.
    const left = gh.secret(repo('repo-04'), SECRET)!;
    left.value = JSON.stringify(current);
    left.updatedAt = firstTimes.get('repo-04')!;

    const third = await rotate();
    expect(third.outcome).toBe('rotated');
    const repaired = third.steps.filter((s) => s.name === 'reconcile');
    expect(repaired.map((s) => s.detail)).toEqual([expect.stringContaining('acme/repo-04')]);
  });
});
