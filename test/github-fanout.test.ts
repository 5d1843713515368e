import type { Credential } from '@keyroll/core';
import {
  type FakeGitHub,
  type FakeGitHubScope,
  FaultInjector,
  type PrismaSimulator,
  startFakeGitHub,
  startPrismaSimulator,
} from '@keyroll/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runActionProcess } from '../deployments/github-action/test/run-action.ts';

/**
 * R2 across a GitHub fan-out: one rotation writes the new key to ten repositories; the seventh rejects the
 * PUT. Every repository that took the new key gets the old one back, the new key is deleted in Prisma
 * Cloud, and the old key still logs in — through the Action, as a child process.
 */
let sim: PrismaSimulator;
let gh: FakeGitHub;
let faults: FaultInjector;
let current: Credential;

const repos: FakeGitHubScope[] = Array.from({ length: 10 }, (_, i) => ({
  kind: 'repository',
  owner: 'acme',
  repo: `repo-${String(i + 1).padStart(2, '0')}`,
}));
const PUT_SECRET = 'PUT /repos/:owner/:repo/actions/secrets/:name';

beforeEach(async () => {
  sim = await startPrismaSimulator();
  faults = new FaultInjector();
  gh = await startFakeGitHub({ faults });
  current = sim.addServiceAccount('sa-ci');
});
afterEach(async () => {
  await gh.close();
  await sim.close();
});

describe('GitHub fan-out is all or nothing (R2)', () => {
  it('restores every repository and deletes the new key when repository 7 of 10 rejects the write', async () => {
    const oldValue = JSON.stringify(current);
    for (const scope of repos) gh.seedSecret(scope, 'PRISMA_CLOUD', oldValue);
    // The first PUT to repo-07 is refused (an archived repository, a missing App installation…).
    faults.add({
      match: (call, detail) => call === PUT_SECRET && (detail as { repo?: string }).repo === 'repo-07',
      kind: 'error',
      status: 403,
      body: JSON.stringify({ message: 'Repository was archived so is read-only.' }),
    });

    const run = await runActionProcess({
      'current-secret': oldValue,
      'github-token': 'ghp_fake',
      'github-api-url': gh.url,
      'allowed-api-origins': sim.url,
      'min-age-hours': '0',
      'min-write-interval-ms': '0',
      targets: repos.map((r) => `repo:acme/${(r as { repo: string }).repo}:PRISMA_CLOUD`).join('\n'),
    });

    expect(run.code).toBe(1);
    expect(run.outputs.outcome).toBe('rolled_back');
    expect(faults.hits).toHaveLength(1);

    // Every repository holds the old value again (decrypted by the fake), whatever it went through.
    for (const scope of repos) expect(gh.secretValue(scope, 'PRISMA_CLOUD')).toBe(oldValue);
    // Some repositories really did take the new key before the failure, and were put back.
    const putsPerRepo = new Map<string, number>();
    for (const r of gh.requestsFor(PUT_SECRET))
      putsPerRepo.set(r.detail.repo!, (putsPerRepo.get(r.detail.repo!) ?? 0) + 1);
    expect([...putsPerRepo.values()].filter((n) => n === 2).length).toBeGreaterThan(1);
    expect(run.summary).toContain('| restored |');
    // repo-07 definitely refused the write: it never held the new key, so it needs no restore (R2).
    expect(run.summary).toMatch(/github:repo:acme\/repo-07:PRISMA_CLOUD` \| unchanged/);

    // The new key is gone from Prisma Cloud; the old one is the only key and still logs in.
    const keys = sim.keys('sa-ci');
    expect(keys.map((k) => k.id)).toEqual([current.accessKeyId]);
    expect(sim.canLogin(current.accessKeyId, current.secretKey)).toBe(true);
    const newKeyId = run.outputs['new-key-id'];
    if (newKeyId) expect(keys.some((k) => k.id === newKeyId)).toBe(false);
    expect(run.stdout).toContain('Repository was archived so is read-only.');
  });
});
