import { consumerLogsIn, ManualClock } from '@keyroll/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT, assertNoLeak, assertR0, type LambdaWorld, startLambdaWorld, token } from './harness.ts';

const MIN = 60_000;
const SWEEP = { keyroll: 'sweep' };
const USAGE_AWARE = { KEYROLL_GRACE_HOURS: '24', KEYROLL_RETIRE_WHEN_UNUSED_MINUTES: '30' };

/**
 * Usage-aware retirement through the real handler: the daily sweep (EventBridge Scheduler) applies
 * KEYROLL_RETIRE_WHEN_UNUSED_MINUTES. One ManualClock drives the simulator (which stamps lastUsedTime on each
 * login) and the handler's engine (which stamps keyroll-rotated-at when it stores the new key).
 */
describe('the sweep retires an unused old key early (KEYROLL_RETIRE_WHEN_UNUSED_MINUTES)', () => {
  let world: LambdaWorld;
  let clock: ManualClock;
  afterEach(() => world?.close());

  const status = (id: string) => world.sim.keys(ACCOUNT).find((k) => k.id === id)?.status;
  /** The log line of the sweep's retire-previous step (the engine's step notes reach CloudWatch). */
  const retireStep = () => world.logs.find((l) => l.step === 'retire-previous');

  async function rotated(env: Record<string, string>) {
    clock = new ManualClock(Date.UTC(2026, 10, 29, 12));
    world = await startLambdaWorld({ clock, env });
    const old = world.current();
    expect(await world.rotate(token(1))).toBeUndefined();
    expect(world.current().accessKeyId).not.toBe(old.accessKeyId);
    expect(status(old.accessKeyId)).toBe('active'); // in grace
    return old;
  }

  it('retires the old key once it has gone unused for 30 min after the store, long before the 24 h grace', async () => {
    const old = await rotated(USAGE_AWARE);
    clock.advance(29 * MIN);
    expect(await world.invoke(SWEEP)).toMatchObject({ sweep: 'done', skipped: 1 });
    expect(status(old.accessKeyId)).toBe('active');

    clock.advance(61 * MIN); // 90 min after the store, never used since
    world.logs.length = 0;
    expect(await world.invoke(SWEEP)).toMatchObject({ sweep: 'done' });
    expect(status(old.accessKeyId)).toBe('inactive');
    expect(retireStep()).toMatchObject({ status: 'ok', level: 'info' });
    expect(retireStep()?.detail).toContain(
      `old key ${old.accessKeyId} not used since the new key was stored 90 min ago; unused for 30 min, so it is retired before its grace period ends`,
    );
    expect(world.sm.valueAt(world.arn, 'AWSPREVIOUS')).toBeUndefined();
    assertR0(world, 'after the sweep');
    assertNoLeak(world);
  });

  it('keeps an old key a consumer used 5 min ago and says so; retires it 30 min after that last use', async () => {
    const old = await rotated(USAGE_AWARE);
    clock.advance(85 * MIN);
    await consumerLogsIn(world.sim.url, old);
    clock.advance(5 * MIN);
    world.logs.length = 0;
    expect(await world.invoke(SWEEP)).toMatchObject({ sweep: 'done', skipped: 1 });
    expect(status(old.accessKeyId)).toBe('active');
    expect(retireStep()).toMatchObject({ status: 'skipped', level: 'info' });
    expect(retireStep()?.detail).toContain(
      `old key ${old.accessKeyId} used 5 min ago: a consumer has not switched`,
    );
    // The sweep's own line for the secret says it too, as the Azure and GCP sweeps do.
    const line = world.logs.find((l) => l.secretId === world.arn);
    expect(line).toMatchObject({ reason: 'grace_period' });
    expect(JSON.stringify(line)).toContain('a consumer has not switched');

    clock.advance(26 * MIN); // 31 min after the last use
    await world.invoke(SWEEP);
    expect(status(old.accessKeyId)).toBe('inactive');
    assertR0(world, 'after the sweep');
    assertNoLeak(world);
  });

  it('without the setting the quiet old key waits for the whole grace', async () => {
    const old = await rotated({ KEYROLL_GRACE_HOURS: '24' });
    clock.advance(90 * MIN);
    await world.invoke(SWEEP);
    expect(status(old.accessKeyId)).toBe('active');
    clock.advance(23 * 60 * MIN);
    await world.invoke(SWEEP);
    expect(status(old.accessKeyId)).toBe('inactive');
  });
});
