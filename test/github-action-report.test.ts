import type { Credential } from '@keyroll/core';
import {
  type FakeGitHub,
  type PrismaSimulator,
  startFakeGitHub,
  startPrismaSimulator,
  startWebhookReceiver,
  type WebhookReceiver,
} from '@keyroll/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runActionProcess } from '../deployments/github-action/test/run-action.ts';
import { assertNoLeak } from './helpers/world.ts';

/**
 * The Action reports through the runtime's reportRun: the audit record in the log and the step summary,
 * the notifier, and `issue-on-failure` (one issue per secret: opened on a rollback, commented on while it
 * keeps failing, closed by the next rotation) against the fake GitHub API with @octokit/rest.
 */
let sim: PrismaSimulator;
let gh: FakeGitHub;
let hooks: WebhookReceiver;
let current: Credential;
const outputs: string[] = [];
const WORKFLOW_TOKEN = 'ghs_the_workflow_token';

beforeEach(async () => {
  sim = await startPrismaSimulator();
  gh = await startFakeGitHub({ workflowTokens: [WORKFLOW_TOKEN] });
  hooks = await startWebhookReceiver();
  current = sim.addServiceAccount('sa-ci');
  gh.seedSecret({ kind: 'repository', owner: 'acme', repo: 'api' }, 'PRISMA_CLOUD', JSON.stringify(current));
});
afterEach(async () => {
  assertNoLeak(
    [...outputs.splice(0), ...hooks.received.map((r) => r.text)],
    [...sim.mintedSecrets(), ...sim.issuedTokens(), WORKFLOW_TOKEN, 'ghp_fake'],
  );
  await Promise.all([gh.close(), sim.close(), hooks.close()]);
});

function inputs(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'github-token': 'ghp_fake',
    'workflow-token': WORKFLOW_TOKEN,
    'github-api-url': gh.url,
    'allowed-api-origins': sim.url,
    'min-write-interval-ms': '0',
    'min-age-hours': '0',
    'current-secret': JSON.stringify(current),
    targets: 'repo:acme/api:PRISMA_CLOUD',
    ...extra,
  };
}

async function run(extra: Record<string, string> = {}) {
  const r = await runActionProcess(inputs(extra));
  // Masking commands name the secret so the runner can hide it; every other line must not.
  const log = r.stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
  outputs.push(log, r.stderr, r.summary);
  return r;
}

describe('keyroll GitHub Action reporting', { timeout: 120_000 }, () => {
  it('writes the audit record to the log and the step summary, and tells consumers', async () => {
    const r = await run({ 'event-webhooks': `${hooks.url}/consumer` });
    expect(r.code, r.stdout).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.startsWith('keyroll.audit '));
    expect(JSON.parse(line!.slice('keyroll.audit '.length))).toMatchObject({
      schema: 'keyroll.audit/v1',
      outcome: 'rotated',
      runner: 'github-action',
      trigger: { kind: 'manual', id: '4242' },
    });
    expect(r.summary).toContain('Audit record (keyroll.audit/v1)');
    expect(hooks.received.map((h) => h.path)).toEqual(['/consumer']);
    // The webhook URL is an input holding a secret: masked in the log.
    expect(r.stdout).toContain(`::add-mask::${hooks.url}/consumer`);
  });

  it('opens one issue on a rollback, comments while it keeps failing, closes it on the next rotation', async () => {
    const issues = () => gh.state.issues.list('acme', 'api');
    sim.faults.add({ match: 'POST /access_keys', kind: 'error', status: 400, times: 2 });
    const first = await run({ 'issue-on-failure': 'true', force: 'true' });
    expect(first.code).toBe(1);
    expect(issues()).toHaveLength(1);
    expect(issues()[0]).toMatchObject({ state: 'open', labels: ['keyroll'], comments: [] });
    expect(issues()[0]!.title).toContain('failed');

    const second = await run({ 'issue-on-failure': 'true', force: 'true' });
    expect(second.code).toBe(1);
    expect(issues()).toHaveLength(1);
    expect(issues()[0]!.comments).toHaveLength(1);

    const third = await run({ 'issue-on-failure': 'true', force: 'true' });
    expect(third.code, third.stdout).toBe(0);
    expect(issues()).toHaveLength(1);
    expect(issues()[0]).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect(issues()[0]!.comments[1]).toContain('Rotated');
  });

  it('an issue that cannot be written is logged and the outcome stands', async () => {
    sim.faults.add({ match: 'POST /access_keys', kind: 'error', status: 400 });
    const r = await run({ 'issue-on-failure': 'true', 'issue-token': 'ghp_not_accepted', force: 'true' });
    expect(r.code, r.stdout).toBe(1);
    expect(r.outputs.outcome).toBe('rolled_back');
    expect(r.stdout).toContain("GitHub issue failed; the rotation's outcome stands");
  });

  it('a malformed webhook input stops before any key exists', async () => {
    const before = sim.keys('sa-ci').length;
    const r = await run({ 'notify-webhooks': 'slack=not-a-url-but-secret', force: 'true' });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('entry 1 is not a URL');
    expect(sim.keys('sa-ci').length).toBe(before);
    expect(sim.requestCount('POST /access_keys')).toBe(0);
  });
});
