/**
 * keyroll.yaml's accounts in the GCP sweep escalate like the managed secrets: the keyroll.escalation line the
 * alert policy counts (jsonPayload.event) and the people webhooks (the function's and keyroll.yaml's
 * `notify`); each account also gets its audit record and notification as it finishes. Real SDKs against the
 * Secret Manager and GitHub fakes.
 */
import {
  type FakeGitHub,
  startFakeGitHub,
  startWebhookReceiver,
  type WebhookReceiver,
} from '@keyroll/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Deployment, deploy, messagePublished, postEvent, SA, SECRET } from './harness.ts';

const REPO = { kind: 'repository', owner: 'acme', repo: 'api' } as const;
const HOOK_TOKEN = 'people-hook-credential-wxyzab';
let gh: FakeGitHub;
let hooks: WebhookReceiver;
let d: Deployment | undefined;
beforeEach(async () => {
  gh = await startFakeGitHub({ tokens: ['ghp_gcp'] });
  hooks = await startWebhookReceiver();
});
afterEach(async () => {
  await Promise.all([gh.close(), hooks.close(), d?.close()]);
  d = undefined;
});

const yaml = (policy: string) =>
  [
    'version: 1',
    `defaults: { policy: { rotateAfterDays: 30, verifyBaseDelayMs: 1, ${policy} } }`,
    'notify:',
    '  webhooks: [{ kind: json, urlFromEnv: PEOPLE_HOOK }]',
    'accounts:',
    '  - name: reports',
    `    primary: gcp-secret-manager://${SECRET}`,
    '    mirrors: ["github://acme/api/PRISMA_CLOUD"]',
  ].join('\n');

async function deployWith(policy: string): Promise<Deployment> {
  d = await deploy({
    GITHUB_TOKEN: 'ghp_gcp',
    GITHUB_API_URL: gh.url,
    KEYROLL_CONFIG_YAML: yaml(policy),
    PEOPLE_HOOK: `${hooks.url}/people/${HOOK_TOKEN}`,
  });
  gh.seedSecret(REPO, 'PRISMA_CLOUD', JSON.stringify(d.initial));
  return d;
}

const sweep = (dep: Deployment, id: string) =>
  postEvent(dep.eventUrl, 'binary', messagePublished({}, { action: 'sweep' }, id));

describe('GCP sweep: keyroll.yaml accounts escalate like managed secrets', () => {
  it('a failing account raises keyroll.escalation: the alert line and the people webhook', async () => {
    const dep = await deployWith('escalateAfterFailures: 1');
    gh.archiveRepository('acme', 'api'); // the mirror refuses: rolled back
    await sweep(dep, 'e1');
    const line = dep.logs.find((l) => l.event === 'keyroll.escalation');
    expect(line).toMatchObject({
      cause: 'consecutive_failures',
      secretName: `gcp-secret-manager://${SECRET}`,
    });
    expect(String(line?.message)).toMatch(/^keyroll\.escalation: reports/);
    expect(line?.cloudEvent).toMatchObject({ type: 'keyroll.escalation' });
    const told = hooks.received.map((r) => (r.body as { type: string }).type);
    expect(told).toEqual(['keyroll.rolled_back', 'keyroll.escalation']);
    expect(hooks.received[1]!.body).toMatchObject({
      data: { cause: 'consecutive_failures', serviceAccount: SA, consecutiveFailures: 1 },
    });
    const audit = dep.logs.filter((l) => l.event === 'keyroll.audit');
    expect(audit.map((a) => (a.audit as { outcome: string }).outcome)).toEqual(['rolled_back']);
    const text = JSON.stringify(dep.logs);
    expect(text).not.toContain(HOOK_TOKEN);
    for (const k of dep.prisma.allKeys()) {
      expect(text).not.toContain(k.secretKey);
      for (const r of hooks.received) expect(r.text).not.toContain(k.secretKey);
    }
  });

  it('an account that rotates raises nothing', async () => {
    const dep = await deployWith('escalateAfterFailures: 1');
    expect((await sweep(dep, 'e2')).status).toBe(204);
    expect(dep.logs.some((l) => l.event === 'keyroll.escalation')).toBe(false);
    expect(hooks.received).toEqual([]);
    expect(dep.logs.filter((l) => l.event === 'keyroll.audit')).toHaveLength(1);
  });
});
