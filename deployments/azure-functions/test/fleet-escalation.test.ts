/**
 * keyroll.yaml's accounts in the Azure sweep escalate like the tagged secrets of KEYROLL_VAULT_URLS: the
 * keyroll.escalation line the alert rule queries, the people webhooks (the app's and keyroll.yaml's
 * `notify`), and a failed sweep run; each account also gets its audit record and notification as it
 * finishes. Real SDKs against the Key Vault and GitHub fakes; keyroll.yaml is a file deployed with the app.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type FakeGitHub,
  startFakeGitHub,
  startWebhookReceiver,
  type WebhookReceiver,
} from '@keyroll/testkit';
import type { SecretClientOptions } from '@keyroll/vault-azure-keyvault';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleSweep } from '../src/handlers/timer.ts';
import {
  ACCOUNT,
  type AzureHarness,
  allLogText,
  SECRET,
  startAzureHarness,
  timer,
  VAULT,
} from './harness.ts';

type PipelinePolicy = NonNullable<SecretClientOptions['additionalPolicies']>[number]['policy'];
const REPO = { kind: 'repository', owner: 'acme', repo: 'api' } as const;
const HOOK_TOKEN = 'people-hook-credential-qrstuv';

let h: AzureHarness;
let gh: FakeGitHub;
let hooks: WebhookReceiver;
let dir: string;

beforeEach(async () => {
  h = await startAzureHarness();
  gh = await startFakeGitHub({ tokens: ['ghp_sweep'] });
  hooks = await startWebhookReceiver();
  dir = await mkdtemp(join(tmpdir(), 'keyroll-az-fleet-'));
});
afterEach(async () => {
  await Promise.all([h.close(), gh.close(), hooks.close()]);
  await rm(dir, { recursive: true, force: true });
});

const toFake = (): PipelinePolicy => ({
  name: 'to-key-vault-fake',
  sendRequest: (request, next) => {
    const url = new URL(request.url);
    if (url.hostname.endsWith('.vault.azure.net')) {
      url.port = String(h.kv.port);
      request.url = url.toString();
    }
    return next(request);
  },
});

async function configure(policy: string): Promise<void> {
  const path = join(dir, 'keyroll.yaml');
  await writeFile(
    path,
    [
      'version: 1',
      `allowApiOrigins: ["${h.sim.url}"]`,
      `defaults: { policy: { verifyBaseDelayMs: 1, ${policy} } }`,
      'notify:',
      '  webhooks: [{ kind: json, urlFromEnv: PEOPLE_HOOK }]',
      'accounts:',
      '  - name: ci',
      `    serviceAccount: ${ACCOUNT}`,
      `    primary: azure-keyvault://${VAULT}.vault.azure.net/${SECRET}`,
      '    mirrors: ["github://acme/api/PRISMA_CLOUD"]',
    ].join('\n'),
  );
  h.reconfigure(
    {
      KEYROLL_CONFIG: path,
      GITHUB_TOKEN: 'ghp_sweep',
      GITHUB_API_URL: gh.url,
      PEOPLE_HOOK: `${hooks.url}/people/${HOOK_TOKEN}`,
    },
    {
      keyVaultClientOptions: {
        agent: h.kv.agent,
        retryOptions: { maxRetries: 0 },
        additionalPolicies: [{ policy: toFake(), position: 'perCall' }],
      },
    },
  );
}

describe('Azure sweep: keyroll.yaml accounts escalate like KEYROLL_VAULT_URLS secrets', () => {
  it('a failing account raises keyroll.escalation: the alert line, the people webhook, a failed sweep', async () => {
    gh.seedSecret(REPO, 'PRISMA_CLOUD', JSON.stringify(h.initial));
    gh.archiveRepository('acme', 'api'); // the mirror refuses: rolled back
    await configure('escalateAfterFailures: 1');
    await expect(handleSweep(timer(), h.context('keyrollSweep'), () => h.runtime)).rejects.toThrow(
      /ci \(escalation: consecutive_failures\)/,
    );
    const line = h.logs.find((l) => l.record.event === 'keyroll.escalation');
    expect(line?.level).toBe('error');
    expect(line?.record).toMatchObject({ cause: 'consecutive_failures', consecutiveFailures: 1 });
    expect(line?.msg).toMatch(/^keyroll\.escalation: ci: consecutive_failures/);
    const told = hooks.received.map((r) => (r.body as { type: string }).type);
    expect(told).toEqual(['keyroll.rolled_back', 'keyroll.escalation']);
    expect(hooks.received[1]!.body).toMatchObject({
      type: 'keyroll.escalation',
      data: { cause: 'consecutive_failures', serviceAccount: ACCOUNT },
    });
    // The account's audit record, as a KEYROLL_VAULT_URLS secret gets.
    const audit = h.logs.filter((l) => l.record.event === 'keyroll.audit');
    expect(audit.map((a) => (a.record.audit as { outcome: string }).outcome)).toEqual(['rolled_back']);
    const text = allLogText(h.logs) + hooks.received.map((r) => r.text).join('');
    expect(allLogText(h.logs)).not.toContain(HOOK_TOKEN);
    for (const k of h.sim.allKeys()) expect(text).not.toContain(k.secretKey);
  });

  it('an account that rotates raises nothing and the sweep succeeds', async () => {
    gh.seedSecret(REPO, 'PRISMA_CLOUD', JSON.stringify(h.initial));
    await configure('escalateAfterFailures: 1');
    const entries = await handleSweep(timer(), h.context('keyrollSweep'), () => h.runtime);
    expect(entries.map((e) => `${e.secret}:${e.outcome}:${e.escalation?.cause ?? '-'}`)).toEqual([
      'ci:rotated:-',
    ]);
    expect(h.logs.some((l) => l.record.event === 'keyroll.escalation')).toBe(false);
    expect(hooks.received).toEqual([]); // success is opt-in for people
  });
});
