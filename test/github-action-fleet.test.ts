/**
 * The Action's fleet mode (input `config`): keyroll.yaml from the checked-out repository drives the run.
 * A child process, as the runner runs it, against the fake GitHub API and the Prisma Cloud simulator:
 * a file primary in the repository with GitHub mirrors (all or nothing: a mirror that refuses its write
 * rolls the primary back too) and a GitHub-only account whose current value comes from current-secret.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

let sim: PrismaSimulator;
let gh: FakeGitHub;
let workspace: string;
const api: FakeGitHubScope = { kind: 'repository', owner: 'acme', repo: 'api' };
const web: FakeGitHubScope = { kind: 'repository', owner: 'acme', repo: 'web' };
const toolsRepo: FakeGitHubScope = { kind: 'repository', owner: 'acme', repo: 'tools' };

beforeEach(async () => {
  sim = await startPrismaSimulator();
  gh = await startFakeGitHub({ workflowTokens: ['ghs_workflow'] });
  workspace = await mkdtemp(join(tmpdir(), 'keyroll-ws-'));
  await mkdir(join(workspace, 'secrets'));
});
afterEach(async () => {
  await Promise.all([gh.close(), sim.close()]);
  await rm(workspace, { recursive: true, force: true });
});

/** Account `ci`: file primary + two GitHub mirrors. Account `tools`: GitHub-only. */
async function seed(): Promise<{ ci: Credential; tools: Credential }> {
  const ci = sim.addServiceAccount('sa-ci');
  const toolsKey = sim.addServiceAccount('sa-tools');
  await writeFile(join(workspace, 'secrets/ci.json'), JSON.stringify(ci));
  for (const scope of [api, web]) gh.seedSecret(scope, 'PRISMA_CLOUD', JSON.stringify(ci));
  gh.seedSecret(toolsRepo, 'PRISMA_CLOUD', JSON.stringify(toolsKey));
  await writeFile(
    join(workspace, 'keyroll.yaml'),
    [
      'version: 1',
      'defaults: { policy: { minAgeHours: 0, verifyBaseDelayMs: 1 } }',
      `allowApiOrigins: ["${sim.url}"]`,
      'accounts:',
      '  - name: ci',
      '    primary: file:secrets/ci.json',
      '    mirrors: ["github://acme/api/PRISMA_CLOUD", "repo:acme/web:PRISMA_CLOUD"]',
      '  - { name: tools, primary: "github://acme/tools/PRISMA_CLOUD" }',
    ].join('\n'),
  );
  return { ci, tools: toolsKey };
}

function inputs(extra: Record<string, string> = {}): Record<string, string> {
  return {
    config: 'keyroll.yaml',
    'github-token': 'ghp_fake',
    'workflow-token': 'ghs_workflow',
    'github-api-url': gh.url,
    'min-write-interval-ms': '0',
    ...extra,
  };
}

const env = () => ({ GITHUB_WORKSPACE: workspace, KEYROLL_LOCK_DIR: join(workspace, '.locks') });

describe('keyroll Action, fleet mode (config input)', () => {
  it('rotates every account of keyroll.yaml: a file primary with GitHub mirrors, and a GitHub-only account', async () => {
    const keys = await seed();
    const run = await runActionProcess(
      inputs({ 'current-secret': JSON.stringify(keys.tools), force: 'true' }),
      { env: env() },
    );
    expect(
      run.code,
      run.stdout
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask'))
        .join('\n'),
    ).toBe(0);
    expect(run.outputs.outcome).toBe('rotated');
    const results = JSON.parse(run.outputs.results!) as Array<{ account: string; outcome: string }>;
    expect(results.map((r) => `${r.account}:${r.outcome}`)).toEqual(['ci:rotated', 'tools:rotated']);
    const ci = JSON.parse(await readFile(join(workspace, 'secrets/ci.json'), 'utf8')) as Credential;
    expect(ci.accessKeyId).not.toBe(keys.ci.accessKeyId);
    for (const scope of [api, web])
      expect(JSON.parse(gh.secretValue(scope, 'PRISMA_CLOUD')!).accessKeyId).toBe(ci.accessKeyId);
    const tools = JSON.parse(gh.secretValue(toolsRepo, 'PRISMA_CLOUD')!) as Credential;
    expect(tools.accessKeyId).not.toBe(keys.tools.accessKeyId);
    expect(sim.canLogin(tools.accessKeyId, tools.secretKey)).toBe(true);
    expect(run.summary).toMatch(/\| ci \| `rotated` \|/);
    // New secrets only ever appear in masking commands.
    for (const secret of [ci.secretKey, tools.secretKey])
      for (const line of run.stdout.split('\n').filter((l) => l.includes(secret)))
        expect(line.startsWith('::add-mask::')).toBe(true);
  });

  it('all or nothing: a GitHub mirror that refuses its write rolls the file primary back too', async () => {
    const keys = await seed();
    const before = await readFile(join(workspace, 'secrets/ci.json'), 'utf8');
    gh.archiveRepository('acme', 'web');
    // From the committed bundle, as action.yml runs it.
    const run = await runActionProcess(inputs({ accounts: 'ci', force: 'true' }), {
      env: env(),
      entry: 'dist',
    });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.outputs.outcome).toBe('rolled_back');
    expect(await readFile(join(workspace, 'secrets/ci.json'), 'utf8')).toBe(before);
    expect(JSON.parse(gh.secretValue(api, 'PRISMA_CLOUD')!).accessKeyId).toBe(keys.ci.accessKeyId);
    expect(sim.canLogin(keys.ci.accessKeyId, keys.ci.secretKey)).toBe(true);
    expect(sim.keys('sa-ci').filter((k) => k.status === 'active')).toHaveLength(1);
  });

  it('refuses mixing config with targets, and the workflow token, before anything happens (exit 2)', async () => {
    await seed();
    const mixed = await runActionProcess(inputs({ targets: 'repo:acme/api:PRISMA_CLOUD' }), { env: env() });
    expect(mixed.code).toBe(2);
    expect(mixed.outputs.message).toMatch(/config and targets are alternatives/);
    const wf = await runActionProcess(inputs({ 'github-token': 'ghs_workflow' }), { env: env() });
    expect(wf.code).toBe(2);
    const keysBefore = sim.allKeys().length;
    const two = await runActionProcess(inputs({ 'current-secret': '{"x":1}', accounts: 'ci' }), {
      env: env(),
    });
    expect(two.code).toBe(2);
    expect(two.outputs.message).toMatch(
      /current-secret goes to one GitHub-only account .*but 0 are selected/,
    );
    expect(sim.allKeys()).toHaveLength(keysBefore);
  });
});
