import { type Clock, systemClock } from '@keyroll/core';
import { TAG_KEYS } from '@keyroll/vault-aws-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  assertNoLeak,
  assertR0,
  type LambdaWorld,
  startLambdaWorld,
  stepEvent,
  token,
} from './harness.ts';

const HOUR = 3_600_000;
const later = (ms: number): Clock => ({ now: () => Date.now() + ms, sleep: systemClock.sleep });
const SWEEP = { keyroll: 'sweep' };

/** The daily sweep (EventBridge Scheduler → the same function): grace-period retirement and escalation. */
describe('the daily sweep', () => {
  let world: LambdaWorld;
  afterEach(() => world?.close());

  const status = (id: string) => world.sim.keys(ACCOUNT).find((k) => k.id === id)?.status;
  const escalations = () => world.logs.filter((l) => l.event === 'keyroll.escalation');
  const mutations = () =>
    world.sim.requests.filter((r) => r.method !== 'GET' && r.route !== 'POST /login').length;

  it('retires the previous key once its grace period is over, not before, and tidies AWSPREVIOUS', async () => {
    world = await startLambdaWorld({ env: { KEYROLL_GRACE_HOURS: '2' } });
    const old = world.current();
    expect(await world.rotate(token(1))).toBeUndefined();
    expect(status(old.accessKeyId)).toBe('active'); // in grace: consumers may still use it
    expect(world.sm.valueAt(world.arn, 'AWSPREVIOUS')).toContain(old.accessKeyId);

    expect(await world.invoke(SWEEP)).toMatchObject({ sweep: 'done', secrets: 1, skipped: 1 });
    expect(status(old.accessKeyId)).toBe('active');
    expect(world.logs.some((l) => l.reason === 'grace_period')).toBe(true);

    world.restart({ KEYROLL_GRACE_HOURS: '2' }, later(3 * HOUR));
    await world.invoke(SWEEP);
    expect(status(old.accessKeyId)).toBe('inactive');
    expect(world.sm.valueAt(world.arn, 'AWSPREVIOUS')).toBeUndefined();
    assertR0(world, 'after the sweep');
    expect(escalations()).toEqual([]);
    assertNoLeak(world);
  });

  it('raises keyroll.escalation for a key close to its expiry that was not rotated', async () => {
    world = await startLambdaWorld();
    world.sm.state.tag(world.sm.secret(world.arn), [
      { Key: TAG_KEYS.keyExpiresOn, Value: new Date(Date.now() + 2 * 24 * HOUR).toISOString() },
    ]);
    await world.invoke(SWEEP);
    expect(escalations()).toEqual([
      expect.objectContaining({ cause: 'expiring_key', secretId: world.arn, level: 'error' }),
    ]);
    expect(mutations()).toBe(0); // the sweep never rotates: Secrets Manager does
  });

  it('leaves a rotation in progress to Secrets Manager and fails so it is looked at again', async () => {
    world = await startLambdaWorld();
    await world.invoke(stepEvent(world, 'createSecret', token(2)));
    world.sim.clearRequests();
    await expect(world.invoke(SWEEP)).rejects.toThrow(/sweep: at least one secret needs a retry/);
    expect(world.logs.some((l) => l.reason === 'in_progress')).toBe(true);
    expect(world.sim.requestCount()).toBe(0);
    // The rotation then finishes normally.
    for (const step of ['setSecret', 'testSecret', 'finishSecret'] as const) {
      await world.invoke(stepEvent(world, step, token(2)));
    }
    expect(await world.invoke(SWEEP)).toMatchObject({ sweep: 'done' });
  });

  it('visits one secret when the event names it, and refuses one that is not managed', async () => {
    world = await startLambdaWorld();
    expect(await world.invoke({ keyroll: 'sweep', secretId: world.arn })).toMatchObject({ secrets: 1 });
    const other = world.sm.seed('team-b/other', { value: '{}' });
    expect(await world.invoke({ keyroll: 'sweep', secretId: other })).toMatchObject({ refused: 1 });
  });
});
