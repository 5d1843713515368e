import type { Credential } from '@keyroll/core';
import {
  consumerLogsIn,
  type FakeGitHub,
  type FakeGitHubScope,
  type PrismaSimulator,
  startFakeGitHub,
  startPrismaSimulator,
} from '@keyroll/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runActionProcess } from '../deployments/github-action/test/run-action.ts';

/**
 * Usage-aware retirement through the built Action (dist/index.js, as action.yml runs it): with grace-hours
 * the old key outlives the rotating run; a later run keeps it while a consumer still logs in with it
 * (saying so) and, with retire-when-unused-minutes, retires it once it has gone unused that long.
 */
let sim: PrismaSimulator;
let gh: FakeGitHub;
let first: Credential;
const repo: FakeGitHubScope = { kind: 'repository', owner: 'acme', repo: 'api' };

beforeEach(async () => {
  sim = await startPrismaSimulator();
  gh = await startFakeGitHub({ workflowTokens: ['ghs_the_workflow_token'] });
  first = sim.addServiceAccount('sa-retire');
  gh.seedSecret(repo, 'PRISMA_CLOUD', JSON.stringify(first));
});
afterEach(async () => {
  await gh.close();
  await sim.close();
});

const inputs = (current: string, extra: Record<string, string>) => ({
  'github-token': 'ghp_fake',
  'workflow-token': 'ghs_the_workflow_token',
  'github-api-url': gh.url,
  'allowed-api-origins': sim.url,
  'min-write-interval-ms': '0',
  'min-age-hours': '0',
  'current-secret': current,
  targets: 'repo:acme/api:PRISMA_CLOUD',
  ...extra,
});
const status = (id: string) => sim.keys('sa-retire').find((k) => k.id === id)?.status;

describe('Action retire-when-unused-minutes (built dist)', { timeout: 120_000 }, () => {
  it('keeps an old key a consumer still uses within grace-hours, says so, and retires it once unused long enough', async () => {
    const grace = { 'grace-hours': '24', 'retire-when-unused-minutes': '60' };
    const rotate = await runActionProcess(inputs(JSON.stringify(first), grace), { entry: 'dist' });
    expect(rotate.stderr).toBe('');
    expect(rotate.outputs.outcome).toBe('rotated');
    expect(status(first.accessKeyId)).toBe('active'); // in its grace
    const now = gh.secretValue(repo, 'PRISMA_CLOUD')!;

    // A consumer still on the old key: the next (scheduled) run keeps it and says why.
    await consumerLogsIn(first.apiUrl, first);
    const kept = await runActionProcess(inputs(now, grace), {
      entry: 'dist',
      env: { GITHUB_EVENT_NAME: 'schedule' },
    });
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.outputs.outcome).toBe('skipped');
    expect(kept.outputs.message).toContain('a consumer has not switched');
    expect(kept.summary).toContain(`old key ${first.accessKeyId} used`);
    expect(status(first.accessKeyId)).toBe('active');

    // Unused for the configured minutes since (0 here, so the next run): retired before the grace ends.
    const retired = await runActionProcess(
      inputs(now, { 'grace-hours': '24', 'retire-when-unused-minutes': '0' }),
      { entry: 'dist', env: { GITHUB_EVENT_NAME: 'schedule' } },
    );
    expect(retired.code, retired.stderr).toBe(0);
    expect(status(first.accessKeyId)).toBe('inactive');
    expect(retired.summary).toContain('retire-previous');
    for (const run of [rotate, kept, retired]) {
      const secret = (JSON.parse(now) as Credential).secretKey;
      for (const line of run.stdout.split('\n').filter((l) => l.includes(secret)))
        expect(line.startsWith('::add-mask::')).toBe(true);
      expect(run.summary).not.toContain(secret);
      expect(run.summary).not.toContain(first.secretKey);
    }
  });

  it('refuses retire-when-unused-minutes without grace-hours: exit 2, nothing changed', async () => {
    const run = await runActionProcess(
      inputs(JSON.stringify(first), { 'retire-when-unused-minutes': '30' }),
      { entry: 'dist' },
    );
    expect(run.code).toBe(2);
    expect(run.outputs.outcome).toBe('invalid');
    expect(run.outputs.message).toContain('set grace-hours');
    expect(sim.keys('sa-retire').map((k) => k.id)).toEqual([first.accessKeyId]);
    expect(gh.secretValue(repo, 'PRISMA_CLOUD')).toBe(JSON.stringify(first));
  });

  it('with config, the policy comes from keyroll.yaml: the inputs are refused, naming the keyroll.yaml field', async () => {
    const run = await runActionProcess(
      {
        'github-token': 'ghp_fake',
        'workflow-token': 'ghs_the_workflow_token',
        'github-api-url': gh.url,
        config: 'keyroll.yaml',
        'retire-when-unused-minutes': '30',
      },
      { entry: 'dist' },
    );
    expect(run.code).toBe(2);
    expect(run.outputs.message).toContain(
      "the inputs config and retire-when-unused-minutes are alternatives: with config, keyroll.yaml's policy",
    );
    expect(sim.keys('sa-retire').map((k) => k.id)).toEqual([first.accessKeyId]);
  });
});
