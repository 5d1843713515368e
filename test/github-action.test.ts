import { mkdtemp, rm } from 'node:fs/promises';
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
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { runActionProcess } from '../deployments/github-action/test/run-action.ts';
import { FLAG_EVENT, wasmOrderProbe } from './helpers/wasm-order.ts';

/**
 * The Action end to end, as the runner runs it: a child process against the fake GitHub API and the Prisma
 * Cloud simulator. The key rotates, every target holds a new key that logs in, the old key is retired, the
 * new secret never reaches the log unmasked, outputs and the step summary say what happened.
 */
let sim: PrismaSimulator;
let gh: FakeGitHub;
let current: Credential;

const repoApi: FakeGitHubScope = { kind: 'repository', owner: 'acme', repo: 'api' };
const repoWeb: FakeGitHubScope = { kind: 'repository', owner: 'acme', repo: 'web' };
const envProd: FakeGitHubScope = { kind: 'environment', owner: 'acme', repo: 'web', environment: 'prod' };

beforeEach(async () => {
  sim = await startPrismaSimulator();
  gh = await startFakeGitHub({ workflowTokens: ['ghs_the_workflow_token'] });
  current = sim.addServiceAccount('sa-ci');
});
afterEach(async () => {
  await gh.close();
  await sim.close();
});

function baseInputs(): Record<string, string> {
  return {
    'github-token': 'ghp_fake',
    'workflow-token': 'ghs_the_workflow_token',
    'github-api-url': gh.url,
    'allowed-api-origins': sim.url,
    'min-write-interval-ms': '0',
    'min-age-hours': '0',
  };
}

/** Every line of the log that contains the secret must be a masking command (of it, or of a value holding it). */
function expectOnlyMasked(stdout: string, secret: string): void {
  const lines = stdout.split('\n').filter((l) => l.includes(secret));
  expect(lines).toContain(`::add-mask::${secret}`);
  for (const line of lines) expect(line.startsWith('::add-mask::')).toBe(true);
}

describe('keyroll GitHub Action (child process)', () => {
  it('rotates into repository and environment secrets (json), masking the new secret first', async () => {
    const value = JSON.stringify(current);
    for (const scope of [repoApi, repoWeb, envProd]) gh.seedSecret(scope, 'PRISMA_CLOUD', value);
    const run = await runActionProcess({
      ...baseInputs(),
      'current-secret': value,
      targets: [
        'repo:acme/api:PRISMA_CLOUD',
        'repo:acme/web:PRISMA_CLOUD',
        'env:acme/web:prod:PRISMA_CLOUD',
      ].join('\n'),
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.outputs.outcome).toBe('rotated');
    expect(run.outputs['old-key-id']).toBe(current.accessKeyId);
    const newKeyId = run.outputs['new-key-id']!;
    expect(newKeyId).toMatch(/\S/);
    expect(newKeyId).not.toBe(current.accessKeyId);
    expect(run.outputs['rotation-id']).toMatch(/\S/);

    // Every target holds the new key, and it logs in; the old key was retired (kept, inactive).
    for (const scope of [repoApi, repoWeb, envProd]) {
      const held = JSON.parse(gh.secretValue(scope, 'PRISMA_CLOUD')!) as Credential;
      expect(held.accessKeyId).toBe(newKeyId);
      expect(sim.canLogin(held.accessKeyId, held.secretKey)).toBe(true);
    }
    // Metadata lives beside the primary only, with GitHub's time of the primary's store; the fanned-out
    // targets cost one write each (their secret).
    const meta = JSON.parse(gh.variable(repoApi, 'PRISMA_CLOUD_KEYROLL')!.value);
    expect(meta).toMatchObject({
      managed: true,
      keyId: newKeyId,
      previousKeyId: current.accessKeyId,
      rotationId: run.outputs['rotation-id'],
      storedAt: gh.secret(repoApi, 'PRISMA_CLOUD')!.updatedAt,
    });
    for (const scope of [repoWeb, envProd])
      expect(gh.variable(scope, 'PRISMA_CLOUD_KEYROLL')).toBeUndefined();
    const writes = gh.requestsFor(/^(PUT|POST|PATCH|DELETE) /);
    expect(writes.filter((r) => r.detail.repo === 'web')).toHaveLength(2); // repo secret, env secret
    expect(sim.canLogin(current.accessKeyId, current.secretKey)).toBe(false);
    expect(sim.keys('sa-ci').find((k) => k.id === current.accessKeyId)?.status).toBe('inactive');

    // Masking: the current secret and the new one appear only in ::add-mask:: lines, and the new one is
    // masked before the log first mentions the new key.
    const newSecret = (JSON.parse(gh.secretValue(repoApi, 'PRISMA_CLOUD')!) as Credential).secretKey;
    expectOnlyMasked(run.stdout, newSecret);
    expectOnlyMasked(run.stdout, current.secretKey);
    const lines = run.stdout.split('\n');
    const maskedAt = lines.indexOf(`::add-mask::${newSecret}`);
    const firstMention = lines.findIndex((l) => l.includes(newKeyId));
    expect(maskedAt).toBeGreaterThanOrEqual(0);
    expect(maskedAt).toBeLessThan(firstMention);

    // The step summary: outcome, key ids, every target, the steps; never a secret.
    expect(run.summary).toContain('keyroll: rotated');
    expect(run.summary).toContain(newKeyId);
    expect(run.summary).toContain(current.accessKeyId);
    for (const id of [
      'repo:acme/api:PRISMA_CLOUD',
      'repo:acme/web:PRISMA_CLOUD',
      'env:acme/web:prod:PRISMA_CLOUD',
    ])
      expect(run.summary).toMatch(new RegExp(`github:${id}\` \\| updated`));
    for (const step of ['login', 'create', 'verify', 'store', 'retire'])
      expect(run.summary).toContain(`| ${step} |`);
    for (const text of [run.summary, JSON.stringify(run.outputs)]) {
      expect(text).not.toContain(newSecret);
      expect(text).not.toContain(current.secretKey);
    }
  });

  it('runs from the committed bundle: pair format, current value as <id>::<secret>', async () => {
    const probeDir = await mkdtemp(join(tmpdir(), 'keyroll-wasm-'));
    onTestFinished(() => rm(probeDir, { recursive: true, force: true }));
    const wasm = await wasmOrderProbe(probeDir);
    gh.seedSecret(repoApi, 'PRISMA_ACCESS_KEY_ID', current.accessKeyId);
    gh.seedSecret(repoApi, 'PRISMA_SECRET_KEY', current.secretKey);
    const run = await runActionProcess(
      {
        ...baseInputs(),
        'current-secret': `${current.accessKeyId}::${current.secretKey}`,
        'api-url': current.apiUrl,
        targets: 'repo:acme/api:PRISMA_ACCESS_KEY_ID,PRISMA_SECRET_KEY',
        format: 'pair',
      },
      { entry: 'dist', nodeArgs: wasm.nodeArgs },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.outputs.outcome).toBe('rotated');
    // WebAssembly stays on the baseline compiler (@keyroll/runtime's wasm-baseline.ts): the flag is set
    // before undici compiles its HTTP parser for the first Prisma Cloud request.
    const events = await wasm.events();
    expect(events[0]).toBe(FLAG_EVENT);
    expect(events).toContain('llhttp');
    const id = gh.secretValue(repoApi, 'PRISMA_ACCESS_KEY_ID')!;
    const secret = gh.secretValue(repoApi, 'PRISMA_SECRET_KEY')!;
    expect(id).toBe(run.outputs['new-key-id']);
    expect(sim.canLogin(id, secret)).toBe(true);
    expectOnlyMasked(run.stdout, secret);
    expect(JSON.parse(gh.variable(repoApi, 'PRISMA_ACCESS_KEY_ID_KEYROLL')!.value).keyId).toBe(id);
  });

  it('admin mode: a separate admin key rotates the service account key; scheduled runs skip keys not due', async () => {
    const admin = sim.addServiceAccount('keyroll-admin', { admin: true });
    const value = JSON.stringify(current);
    gh.seedSecret(repoApi, 'PRISMA_CLOUD', value);
    const inputs = {
      ...baseInputs(),
      'current-secret': value,
      targets: 'repo:acme/api:PRISMA_CLOUD',
      mode: 'admin',
      'admin-secret': JSON.stringify(admin),
      'service-account': 'sa-ci',
    };
    // A schedule run: the key was created just now, so it is not due (rotate-after-days 60).
    const scheduled = await runActionProcess(inputs, { env: { GITHUB_EVENT_NAME: 'schedule' } });
    expect(scheduled.code).toBe(0);
    expect(scheduled.outputs.outcome).toBe('skipped');
    expect(gh.secretValue(repoApi, 'PRISMA_CLOUD')).toBe(value);

    const run = await runActionProcess({ ...inputs, force: 'true' });
    expect(run.code).toBe(0);
    expect(run.outputs.outcome).toBe('rotated');
    const held = JSON.parse(gh.secretValue(repoApi, 'PRISMA_CLOUD')!) as Credential;
    expect(sim.keys('sa-ci').find((k) => k.id === held.accessKeyId)).toBeDefined();
    expect(sim.canLogin(held.accessKeyId, held.secretKey)).toBe(true);
    expect(sim.canLogin(admin.accessKeyId, admin.secretKey)).toBe(true);
    expectOnlyMasked(run.stdout, admin.secretKey);
    expect(run.summary).not.toContain(admin.secretKey);
  });

  it('dry run changes nothing and says what it would do', async () => {
    const value = JSON.stringify(current);
    gh.seedSecret(repoApi, 'PRISMA_CLOUD', value);
    const run = await runActionProcess({
      ...baseInputs(),
      'current-secret': value,
      targets: 'repo:acme/api:PRISMA_CLOUD',
      'dry-run': 'true',
    });
    expect(run.code).toBe(0);
    expect(run.summary).toContain('(dry run)');
    expect(gh.secretValue(repoApi, 'PRISMA_CLOUD')).toBe(value);
    expect(sim.keys('sa-ci')).toHaveLength(1);
    expect(gh.requestsFor(/^(PUT|POST|PATCH|DELETE) /)).toHaveLength(0);
  });

  it('refuses the workflow GITHUB_TOKEN before touching anything, saying what to use instead', async () => {
    const value = JSON.stringify(current);
    gh.seedSecret(repoApi, 'PRISMA_CLOUD', value);
    const run = await runActionProcess({
      ...baseInputs(),
      'github-token': 'ghs_the_workflow_token',
      'current-secret': value,
      targets: 'repo:acme/api:PRISMA_CLOUD',
    });
    expect(run.code).toBe(2);
    expect(run.outputs.outcome).toBe('invalid');
    expect(run.stdout).toContain("::error::keyroll: the github-token input is the workflow's GITHUB_TOKEN");
    expect(run.stdout).toContain('GitHub App installation token');
    expect(run.summary).toContain('github_token_cannot_write_secrets');
    expect(gh.requests).toHaveLength(0);
    expect(sim.requests).toHaveLength(0);
  });

  it('fails early, as a configuration error (exit 2), when the token cannot read secrets', async () => {
    const value = JSON.stringify(current);
    gh.seedSecret(repoApi, 'PRISMA_CLOUD', value);
    const run = await runActionProcess({
      ...baseInputs(),
      // Passed without the workflow-token comparison (e.g. a copy of the token in another secret): the
      // Action cannot tell it is GITHUB_TOKEN, so it names the missing permission, not GITHUB_TOKEN.
      'workflow-token': '',
      'github-token': 'ghs_the_workflow_token',
      'current-secret': value,
      targets: 'repo:acme/api:PRISMA_CLOUD',
    });
    expect(run.code).toBe(2);
    expect(run.outputs.outcome).toBe('invalid');
    expect(run.summary).toContain('github_token_lacks_permission');
    expect(run.stdout).toContain('secrets=read');
    expect(run.stdout).not.toContain('GITHUB_TOKEN');
    expect(sim.keys('sa-ci')).toHaveLength(1); // no key was created
  });

  it('reports a token GitHub rejects (401) as a configuration error (exit 2), nothing changed', async () => {
    const value = JSON.stringify(current);
    gh.seedSecret(repoApi, 'PRISMA_CLOUD', value);
    const run = await runActionProcess({
      ...baseInputs(),
      'github-token': 'ghp_revoked',
      'current-secret': value,
      targets: 'repo:acme/api:PRISMA_CLOUD',
    });
    expect(run.code).toBe(2);
    expect(run.outputs.outcome).toBe('invalid');
    expect(run.outputs.message).toContain('401 Bad credentials');
    expect(run.summary).toContain('github_bad_credentials');
    expect(sim.keys('sa-ci')).toHaveLength(1);
    expect(gh.requestsFor(/^(PUT|POST|PATCH|DELETE) /)).toHaveLength(0);
  });

  it('rejects a malformed targets input with exit code 2 and no changes', async () => {
    const run = await runActionProcess({
      ...baseInputs(),
      'current-secret': JSON.stringify(current),
      targets: 'repo:acme/api:PRISMA_CLOUD\nrepo:acme:BROKEN',
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('targets line 2');
    expect(gh.requests).toHaveLength(0);
    expectOnlyMasked(run.stdout, current.secretKey);
  });
});
