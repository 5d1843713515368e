import { startWebhookReceiver, type WebhookReceiver } from '@keyroll/testkit';
import { ANNOTATION_KEYS } from '@keyroll/vault-gcp-secret-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Deployment, deploy, messagePublished, notification, postEvent, SA, SECRET } from './harness.ts';

/**
 * Cloud Run functions report every attempt through the runtime's reportRun: the keyroll.audit/v1 record in
 * Cloud Logging, keyroll.rotated to consumers, escalations and failures to people. Webhook failures never
 * change the answer to Pub/Sub.
 */
describe('GCP functions reporting', () => {
  let d: Deployment;
  let hooks: WebhookReceiver;
  beforeEach(async () => {
    hooks = await startWebhookReceiver();
  });
  afterEach(async () => {
    await Promise.all([d.close(), hooks.close()]);
  });

  it('writes the audit record to Cloud Logging and sends keyroll.rotated to consumers', async () => {
    d = await deploy({
      KEYROLL_EVENT_WEBHOOKS: `${hooks.url}/consumer`,
      KEYROLL_NOTIFY_WEBHOOKS: `${hooks.url}/fail/people-token-abcdefgh`,
      KEYROLL_NOTIFY_ON_SUCCESS: 'true',
    });
    expect((await postEvent(d.eventUrl, 'binary', notification('SECRET_ROTATE'))).status).toBe(204);
    const audit = d.logs.filter((l) => l.event === 'keyroll.audit');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.audit).toMatchObject({
      schema: 'keyroll.audit/v1',
      outcome: 'rotated',
      runner: 'gcp-functions',
    });
    expect(hooks.received.map((r) => r.path).sort()).toEqual(['/consumer', '/fail/people-token-abcdefgh']);
    const text = JSON.stringify(d.logs);
    expect(text).not.toContain('people-token-abcdefgh');
    for (const k of d.prisma.allKeys()) {
      expect(text).not.toContain(k.secretKey);
      for (const r of hooks.received) expect(r.text).not.toContain(k.secretKey);
    }
  });

  it('an expiring key the sweep could not rotate escalates to people', async () => {
    d = await deploy({ KEYROLL_NOTIFY_WEBHOOKS: `slack=${hooks.url}/slack` });
    d.sm.state.updateSecret(
      SECRET,
      {
        annotations: {
          [ANNOTATION_KEYS.keyId]: d.initial.accessKeyId,
          [ANNOTATION_KEYS.keyExpiresOn]: new Date(d.clock.now() + 5 * 86_400_000).toISOString(),
          [ANNOTATION_KEYS.serviceAccount]: SA,
        },
      },
      ['annotations'],
    );
    const res = await postEvent(d.eventUrl, 'binary', messagePublished({}, { action: 'sweep' }, 'sw1'));
    expect(res.status).toBe(204);
    const texts = hooks.received.map((r) => r.text);
    // The key in Prisma Cloud is not due (the sweep skips it), but the recorded expiry is 5 days away.
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain('expiring_key');
    const audit = d.logs.filter((l) => l.event === 'keyroll.audit');
    expect(
      audit.map((a) => {
        const r = a.audit as { outcome: string; trigger: { kind: string } };
        return [r.outcome, r.trigger.kind];
      }),
    ).toEqual([['skipped', 'schedule']]);
  });
});
