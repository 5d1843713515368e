import { consumerLogsIn } from '@keyroll/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweepTimer } from '../src/main.ts';
import {
  ACCOUNT,
  type AzureHarness,
  allLogText,
  SECRET,
  startAzureHarness,
  timer,
  VAULT,
} from './harness.ts';

const MIN = 60_000;
const USAGE_AWARE = { KEYROLL_GRACE_HOURS: '24', KEYROLL_RETIRE_WHEN_UNUSED_MINUTES: '30' };

/**
 * Usage-aware retirement through the real timer function: the sweep applies KEYROLL_RETIRE_WHEN_UNUSED_MINUTES.
 * The harness's ManualClock drives the simulator (lastUsedTime on each login) and the engine (the
 * rotated-at tag written when the new key is stored). The seeded key is 60 days old, so the first sweep
 * rotates it; the later ones decide about the old key.
 */
describe('the timer sweep retires an unused old key early (KEYROLL_RETIRE_WHEN_UNUSED_MINUTES)', () => {
  let h: AzureHarness;
  beforeEach(async () => {
    h = await startAzureHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const status = (id: string) => h.sim.keys(ACCOUNT).find((k) => k.id === id)?.status;
  const sweep = () => sweepTimer(timer(), h.context('keyrollSweep'));
  /** The log line of the sweep's retire-previous step (Application Insights traces). */
  const retireStep = () => h.logs.find((l) => l.record.step === 'retire-previous');

  async function rotated(env: Record<string, string>) {
    h.reconfigure(env);
    await sweep();
    expect(h.kv.versions(VAULT, SECRET)).toHaveLength(2); // due by age: rotated
    expect(status(h.initial.accessKeyId)).toBe('active'); // in grace
    return h.initial;
  }

  /** No secret key the simulator ever minted appears in what the functions logged. */
  function assertNoLeak(): void {
    const text = allLogText(h.logs);
    for (const secret of h.sim.mintedSecrets())
      expect(text.includes(secret), 'a secret key leaked').toBe(false);
  }

  it('retires the old key once it has gone unused for 30 min after the store, long before the 24 h grace', async () => {
    const old = await rotated(USAGE_AWARE);
    h.clock.advance(29 * MIN);
    await sweep();
    expect(status(old.accessKeyId)).toBe('active');

    h.clock.advance(61 * MIN); // 90 min after the store, never used since
    h.logs.length = 0;
    await sweep();
    expect(status(old.accessKeyId)).toBe('inactive');
    expect(retireStep()?.record).toMatchObject({ status: 'ok' });
    expect(retireStep()?.record.detail).toContain(
      `old key ${old.accessKeyId} not used since the new key was stored 90 min ago; unused for 30 min, so it is retired before its grace period ends`,
    );
    expect(h.kv.versions(VAULT, SECRET).map((v) => v.enabled)).toEqual([false, true]);
    assertNoLeak();
  });

  it('keeps an old key a consumer used 5 min ago and says so; retires it 30 min after that last use', async () => {
    const old = await rotated(USAGE_AWARE);
    h.clock.advance(85 * MIN);
    await consumerLogsIn(h.sim.url, old);
    h.clock.advance(5 * MIN);
    h.logs.length = 0;
    await sweep();
    expect(status(old.accessKeyId)).toBe('active');
    expect(retireStep()?.record).toMatchObject({ status: 'skipped' });
    expect(retireStep()?.record.detail).toContain(
      `old key ${old.accessKeyId} used 5 min ago: a consumer has not switched`,
    );
    // The sweep's own line for the secret says it too (the engine's grace gate carries the usage).
    expect(h.logs.find((l) => l.msg.startsWith(`sweep: ${SECRET} skipped:`))?.msg).toContain(
      'a consumer has not switched',
    );

    h.clock.advance(26 * MIN); // 31 min after the last use
    await sweep();
    expect(status(old.accessKeyId)).toBe('inactive');
    assertNoLeak();
  });

  it('without the setting the quiet old key waits for the whole grace', async () => {
    const old = await rotated({ KEYROLL_GRACE_HOURS: '24' });
    h.clock.advance(90 * MIN);
    await sweep();
    expect(status(old.accessKeyId)).toBe('active');
    h.clock.advance(23 * 60 * MIN);
    await sweep();
    expect(status(old.accessKeyId)).toBe('inactive');
  });
});
