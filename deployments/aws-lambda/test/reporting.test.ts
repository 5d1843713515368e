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

  it('reads webhook URLs from the Secrets Manager secrets KEYROLL_*_WEBHOOKS_SECRET name, never logging them', async () => {
    hooks = await startWebhookReceiver();
    world = await startLambdaWorld();
    const people = world.sm.seed('keyroll/notify-people', {
      value: `slack=${hooks.url}/people/T000/B000/people-token-abcdefgh`,
    });
    const consumers = world.sm.seed('keyroll/notify-events', {
      value: `${hooks.url}/consumer/consumer-token-ijklmnop`,
    });
    world.restart({
      KEYROLL_NOTIFY_WEBHOOKS_SECRET: people,
      KEYROLL_EVENT_WEBHOOKS_SECRET: consumers,
      KEYROLL_NOTIFY_ON_SUCCESS: 'true',
    });
    const old = world.current();
    expect(await world.rotate(token(1))).toBeUndefined();
    const now = world.current();
    expect(now.accessKeyId).not.toBe(old.accessKeyId);
    const toPeople = hooks.received.filter((r) => r.path.startsWith('/people/'));
    expect(toPeople).toHaveLength(1);
    expect(toPeople[0]!.text).toContain(now.accessKeyId);
    const toConsumers = hooks.received.filter((r) => r.path.startsWith('/consumer/'));
    expect(toConsumers).toHaveLength(1);
    expect((toConsumers[0]!.body as { type: string }).type).toBe('keyroll.rotated');
    const text = JSON.stringify(world.logs) + JSON.stringify(world.invocations);
    expect(text).not.toContain('people-token-abcdefgh');
    expect(text).not.toContain('consumer-token-ijklmnop');
    expect(text).not.toContain(hooks.url);
    assertNoLeak(world);
  });

  it('a webhook secret that cannot be read is logged by name and never changes the rotation', async () => {
    hooks = await startWebhookReceiver();
    world = await startLambdaWorld();
    const missing = `arn:aws:secretsmanager:${world.sm.region}:123456789012:secret:keyroll/absent-AbCdEf`;
    world.restart({
      KEYROLL_NOTIFY_WEBHOOKS_SECRET: missing,
      KEYROLL_EVENT_WEBHOOKS: `${hooks.url}/consumer`,
    });
    const old = world.current();
    expect(await world.rotate(token(1))).toBeUndefined();
    expect(world.current().accessKeyId).not.toBe(old.accessKeyId);
    const warning = world.logs.find((l) => l.setting === 'KEYROLL_NOTIFY_WEBHOOKS_SECRET');
    expect(warning?.level).toBe('warn');
    expect(String(warning?.msg)).toContain('those webhooks are not told');
    // The setting that could be read still works.
    expect(hooks.received.filter((r) => r.path === '/consumer')).toHaveLength(1);
    assertNoLeak(world);
  });

  it('refuses to start with a webhook list both in the environment and in a secret, naming both', async () => {
    world = await startLambdaWorld();
    world.restart({
      KEYROLL_NOTIFY_WEBHOOKS: 'https://hooks.example/people-token-abcdefgh',
      KEYROLL_NOTIFY_WEBHOOKS_SECRET: world.arn,
    });
    await expect(world.invoke({ keyroll: 'sweep' })).rejects.toThrow(
      /KEYROLL_NOTIFY_WEBHOOKS and KEYROLL_NOTIFY_WEBHOOKS_SECRET are both set/,
    );
    expect(JSON.stringify(world.logs) + JSON.stringify(world.invocations)).not.toContain(
      'people-token-abcdefgh',
    );
  });
});
