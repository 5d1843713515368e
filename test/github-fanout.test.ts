import type { Credential } from '@keyroll/core';
import {
  type FakeGitHub,
  type FakeGitHubScope,
  type PrismaSimulator,
  startFakeGitHub,
  startPrismaSimulator,
} from '@keyroll/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runActionProcess } from '../deployments/github-action/test/run-action.ts';

/**
 * R2 across a GitHub fan-out, through the Action as a child process. A repository that refuses the write
 * outright (archived, or a token with read-only secrets access) never took the new key: it is not
 * "restored" (GitHub would refuse that too), every repository that did take the new key gets the old one
 * back, the new key is deleted in Prisma Cloud, the run ends rolled_back (exit 1) and names the repository
 * and the reason.
 */
let sim: PrismaSimulator;
let gh: FakeGitHub;
let current: Credential;

const repos: FakeGitHubScope[] = Array.from({ length: 12 }, (_, i) => ({
  kind: 'repository',
  owner: 'acme',
  repo: `repo-${String(i + 1).padStart(2, '0')}`,
}));
const PUT_SECRET = 'PUT /repos/:owner/:repo/actions/secrets/:name';
const targets = repos.map((r) => `repo:acme/${(r as { repo: string }).repo}:PRISMA_CLOUD`).join('\n');

beforeEach(async () => {
  sim = await startPrismaSimulator();
  gh = await startFakeGitHub({ readOnlyTokens: ['ghs_read_only'] });
  current = sim.addServiceAccount('sa-ci');
});
afterEach(async () => {
  await gh.close();
  await sim.close();
});

function inputs(token: string): Record<string, string> {
  return {
    'current-secret': JSON.stringify(current),
    'github-token': token,
    'github-api-url': gh.url,
    'allowed-api-origins': sim.url,
    'min-age-hours': '0',
    'min-write-interval-ms': '0',
    targets,
  };
}

function expectNewKeyDeleted(newKeyId: string | undefined): void {
  const keys = sim.keys('sa-ci');
  expect(keys.map((k) => k.id)).toEqual([current.accessKeyId]);
  expect(sim.canLogin(current.accessKeyId, current.secretKey)).toBe(true);
  if (newKeyId) expect(keys.some((k) => k.id === newKeyId)).toBe(false);
  expect(sim.requests.some((r) => r.method === 'DELETE')).toBe(true);
}

describe('GitHub fan-out with a refusing repository rolls back cleanly (R2)', () => {
  it('skips restoring the archived repository 7 of 12, restores the others, deletes the new key, exit 1', async () => {
    const oldValue = JSON.stringify(current);
    for (const scope of repos) gh.seedSecret(scope, 'PRISMA_CLOUD', oldValue);
    gh.archiveRepository('acme', 'repo-07');

    const run = await runActionProcess(inputs('ghp_fake'));

    expect(run.code).toBe(1);
    expect(run.outputs.outcome).toBe('rolled_back');
    expect(run.outputs.message).toContain('repository acme/repo-07');
    expect(run.outputs.message).toContain('archived');

    // Every repository holds the old value (decrypted by the fake), whatever it went through.
    for (const scope of repos) expect(gh.secretValue(scope, 'PRISMA_CLOUD')).toBe(oldValue);
    const putsPerRepo = new Map<string, number>();
    for (const r of gh.requestsFor(PUT_SECRET))
      putsPerRepo.set(r.detail.repo!, (putsPerRepo.get(r.detail.repo!) ?? 0) + 1);
    // The archived repository was asked once (the write) and never asked to restore.
    expect(putsPerRepo.get('repo-07')).toBe(1);
    // Some repositories really took the new key before the refusal, and were put back.
    expect([...putsPerRepo.values()].filter((n) => n === 2).length).toBeGreaterThan(1);
    expect(run.summary).toMatch(
      /github:repo:acme\/repo-07:PRISMA_CLOUD` \| unchanged \| refused the new key/,
    );
    expect(run.summary).toContain('| restored |');
    expect(run.summary).not.toContain('restore_failed');

    expectNewKeyDeleted(run.outputs['new-key-id']);
  });

  it('rolls back cleanly when the token may read but not write secrets (refused at the primary)', async () => {
    const oldValue = JSON.stringify(current);
    for (const scope of repos) gh.seedSecret(scope, 'PRISMA_CLOUD', oldValue);

    const run = await runActionProcess(inputs('ghs_read_only'));

    expect(run.code).toBe(1);
    expect(run.outputs.outcome).toBe('rolled_back');
    expect(run.outputs.message).toContain('repository acme/repo-01');
    expect(run.outputs.message).toContain('secrets=write');
    // Nothing was written anywhere, so nothing was "restored" (no PUT got through).
    expect(gh.requestsFor(PUT_SECRET).every((r) => r.status === 403)).toBe(true);
    for (const scope of repos) expect(gh.secretValue(scope, 'PRISMA_CLOUD')).toBe(oldValue);
    expectNewKeyDeleted(run.outputs['new-key-id']);
  });
});
