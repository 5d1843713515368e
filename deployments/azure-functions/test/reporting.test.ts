import { DAY_MS } from '@keyroll/core';
import { startWebhookReceiver, type WebhookReceiver } from '@keyroll/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleSweep } from '../src/handlers/timer.ts';
import { onKeyVaultEvent } from '../src/main.ts';
import { type AzureHarness, allLogText, SECRET, startAzureHarness, timer, VAULT } from './harness.ts';
import { eventGridEvent } from './payloads.ts';

/**
 * The Function App reports every attempt through the runtime's reportRun: the keyroll.audit/v1 record in
 * Application Insights (the invocation log, under `audit`), keyroll.rotated to consumers, failures to people. A webhook
 * that fails changes nothing about the answer; no URL and no secret reaches the log.
 */
describe('Azure Functions reporting', () => {
  let h: AzureHarness;
  let hooks: WebhookReceiver;
  beforeEach(async () => {
    h = await startAzureHarness();
    hooks = await startWebhookReceiver();
  });
  afterEach(async () => {
    await Promise.all([h.close(), hooks.close()]);
  });

  const event = () =>
    eventGridEvent({
      vault: VAULT,
      secret: SECRET,
      version: h.seededVersion,
      id: 'evt-r',
      host: h.host,
      exp: String(h.clock.now() / 1000),
    });

  it('writes the audit record to the invocation log and sends keyroll.rotated to consumers', async () => {
    h.reconfigure({
      KEYROLL_EVENT_WEBHOOKS: `${hooks.url}/consumer`,
      KEYROLL_NOTIFY_WEBHOOKS: `slack=${hooks.url}/fail/slack-token-abcdefgh`,
    });
    await onKeyVaultEvent([event()], h.context());
    const audit = h.logs.filter((l) => l.record.event === 'keyroll.audit');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.record.audit).toMatchObject({
      schema: 'keyroll.audit/v1',
      outcome: 'rotated',
      runner: 'azure-functions',
      trigger: { kind: 'event', id: 'evt-r' },
    });
    // People were not told (success is opt-in); the consumer got the CloudEvent.
    expect(hooks.received.map((r) => r.path)).toEqual(['/consumer']);
    expect(hooks.received[0]!.body).toMatchObject({ type: 'keyroll.rotated', specversion: '1.0' });
    const text = allLogText(h.logs) + hooks.received.map((r) => r.text).join('');
    for (const k of h.sim.allKeys()) expect(text).not.toContain(k.secretKey);
  });

  it('a rollback reaches people; a failing webhook is logged by name and the invocation still succeeds', async () => {
    h.reconfigure({
      KEYROLL_NOTIFY_WEBHOOKS: `teams=${hooks.url}/teams,slack=${hooks.url}/fail/slack-token-abcdefgh`,
    });
    h.kv.faults.add({ match: 'SetSecret', kind: 'error', status: 500, times: 1 });
    await onKeyVaultEvent([event()], h.context());
    expect(hooks.received.map((r) => r.path).sort()).toEqual(['/fail/slack-token-abcdefgh', '/teams']);
    expect(hooks.received.find((r) => r.path === '/teams')!.text).toContain('AdaptiveCard');
    const audit = h.logs.find((l) => l.record.event === 'keyroll.audit');
    expect((audit!.record.audit as { outcome: string }).outcome).toBe('rolled_back');
    const warning = h.logs.find((l) => l.msg.includes('people webhook 2 (slack) answered HTTP 500'));
    expect(warning).toBeDefined();
    expect(allLogText(h.logs)).not.toContain('slack-token-abcdefgh');
  });

  it('a sweep escalation (key expiring soon, rotation failing) reaches people as keyroll.escalation', async () => {
    h.reconfigure({ KEYROLL_NOTIFY_WEBHOOKS: `json=${hooks.url}/people` });
    h.kv.faults.add({ match: 'SetSecret', kind: 'error', status: 500, times: 1 });
    h.kv.seed(VAULT, SECRET, JSON.stringify(h.initial), {
      contentType: 'application/json',
      tags: h.kv.latest(VAULT, SECRET)!.tags!,
      expiresOn: new Date(h.clock.now() + 5 * DAY_MS),
    });
    await expect(handleSweep(timer(), h.context('keyrollSweep'), () => h.runtime)).rejects.toThrow(
      /escalation: expiring_key/,
    );
    const types = hooks.received.map((r) => (r.body as { type: string }).type);
    // The rollback itself, then the escalation.
    expect(types).toEqual(['keyroll.rolled_back', 'keyroll.escalation']);
    expect(hooks.received[1]!.body).toMatchObject({ data: { cause: 'expiring_key' } });
  });

  it('a malformed webhook setting is refused at start, naming the setting and not its value', () => {
    expect(() => h.reconfigure({ KEYROLL_NOTIFY_WEBHOOKS: 'slack=not a url secret-ish-value' })).toThrow(
      /KEYROLL_NOTIFY_WEBHOOKS entry 1 is not a URL/,
    );
  });

  it('an unresolved Key Vault reference in a notify setting is a warning naming the setting; rotations and the other webhooks go on', async () => {
    const reference =
      '@Microsoft.KeyVault(SecretUri=https://kv-notify.vault.azure.net/secrets/keyroll-people)';
    const runtime = h.reconfigure({
      KEYROLL_NOTIFY_WEBHOOKS: reference,
      KEYROLL_EVENT_WEBHOOKS: `${hooks.url}/consumer`,
    });
    expect(runtime.config.warnings.join('\n')).toMatch(
      /app setting KEYROLL_NOTIFY_WEBHOOKS is a Key Vault reference the platform did not resolve/,
    );
    expect(runtime.notify?.people).toEqual([]);
    await onKeyVaultEvent([event()], h.context());
    expect(hooks.received.map((r) => r.path)).toEqual(['/consumer']);
    expect(hooks.received[0]!.body).toMatchObject({ type: 'keyroll.rotated' });
  });
});
