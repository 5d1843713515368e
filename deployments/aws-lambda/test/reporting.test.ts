import { startWebhookReceiver, type WebhookReceiver } from '@keyroll/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { assertNoLeak, type LambdaWorld, startLambdaWorld, token } from './harness.ts';

/**
 * The Lambda reports like every deployment, through the runtime's reportRun: the keyroll.audit/v1 record in
 * CloudWatch, keyroll.rotated to consumers, failures and escalations to people. A webhook that fails never
 * changes what the invocation answers.
 */
describe('aws-lambda reporting', () => {
  let world: LambdaWorld;
  let hooks: WebhookReceiver;
  afterEach(async () => {
    await Promise.all([world?.close(), hooks?.close()]);
  });

  it('sends keyroll.rotated to consumers after finishSecret, tells people on success when opted in, and survives a failing webhook', async () => {
    hooks = await startWebhookReceiver();
    world = await startLambdaWorld({
      env: {
        KEYROLL_EVENT_WEBHOOKS: `${hooks.url}/consumer`,
        KEYROLL_NOTIFY_WEBHOOKS: `${hooks.url}/fail/people-token-abcdefgh`,
        KEYROLL_NOTIFY_ON_SUCCESS: 'true',
      },
    });
    const old = world.current();
    expect(await world.rotate(token(1))).toBeUndefined();
    const now = world.current();
    expect(now.accessKeyId).not.toBe(old.accessKeyId);
    const audit = world.logs.filter(
      (l) => l.msg === 'audit' && (l.audit as { outcome?: string })?.outcome === 'rotated',
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.audit).toMatchObject({ schema: 'keyroll.audit/v1', runner: 'aws-lambda' });
    const consumer = hooks.received.filter((r) => r.path === '/consumer');
    expect(consumer).toHaveLength(1);
    const event = JSON.parse(consumer[0]!.text) as { type: string; data: Record<string, unknown> };
    expect(event.type).toBe('keyroll.rotated');
    expect(event.data).toMatchObject({ oldKeyId: old.accessKeyId, newKeyId: now.accessKeyId });
    expect(hooks.received.some((r) => r.path.startsWith('/fail/'))).toBe(true);
    const text = JSON.stringify(world.logs);
    expect(text).not.toContain('people-token-abcdefgh');
    for (const r of hooks.received) {
      expect(r.text).not.toContain(now.secretKey);
      expect(r.text).not.toContain(old.secretKey);
    }
    assertNoLeak(world);
  });
});
