import { consumerLogsIn } from '@keyroll/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { ENV } from '../src/index.ts';
import {
  type Deployment,
  deploy,
  messagePublished,
  notification,
  postEvent,
  SA,
  SECRET,
  stored,
} from './harness.ts';

const MIN = 60_000;
const USAGE_AWARE = { [ENV.graceHours]: '24', KEYROLL_RETIRE_WHEN_UNUSED_MINUTES: '30' };
let n = 0;
const sweep = (d: Deployment) =>
  postEvent(d.eventUrl, 'binary', messagePublished({}, { action: 'sweep' }, `u${++n}`));

/**
 * Usage-aware retirement through the real functions: the Cloud Scheduler sweep applies
 * KEYROLL_RETIRE_WHEN_UNUSED_MINUTES. The deployment's ManualClock drives the simulator (lastUsedTime on each
 * login) and the engine (the rotated-at annotation written when the new key is stored).
 */
describe('the sweep retires an unused old key early (KEYROLL_RETIRE_WHEN_UNUSED_MINUTES)', () => {
  let d: Deployment;
  afterEach(async () => {
    await d.close();
  });

  const status = (id: string) => d.prisma.keys(SA).find((k) => k.id === id)?.status;
  /** The Cloud Logging entry of the sweep's retire-previous step. */
  const retireStep = () => d.logs.find((l) => l.step === 'retire-previous');

  async function rotated(env: NodeJS.ProcessEnv) {
    d = await deploy(env);
    expect((await postEvent(d.eventUrl, 'binary', notification('SECRET_ROTATE'))).status).toBe(204);
    expect(stored(d).accessKeyId).not.toBe(d.initial.accessKeyId);
    expect(status(d.initial.accessKeyId)).toBe('active'); // in grace
    return d.initial;
  }

  it('retires the old key once it has gone unused for 30 min after the store, long before the 24 h grace', async () => {
    const old = await rotated(USAGE_AWARE);
    d.clock.advance(29 * MIN);
    expect((await sweep(d)).status).toBe(204);
    expect(status(old.accessKeyId)).toBe('active');

    d.clock.advance(61 * MIN); // 90 min after the store, never used since
    d.logs.length = 0;
    expect((await sweep(d)).status).toBe(204);
    expect(status(old.accessKeyId)).toBe('inactive');
    expect(retireStep()).toMatchObject({ status: 'ok' });
    expect(retireStep()?.detail).toContain(
      `old key ${old.accessKeyId} not used since the new key was stored 90 min ago; unused for 30 min, so it is retired before its grace period ends`,
    );
    expect(d.sm.versions(SECRET).map((v) => v.state)).toEqual(['DISABLED', 'ENABLED']);
    assertNoLeak(d);
  });

  it('keeps an old key a consumer used 5 min ago and says so; retires it 30 min after that last use', async () => {
    const old = await rotated(USAGE_AWARE);
    d.clock.advance(85 * MIN);
    await consumerLogsIn(d.prisma.url, old);
    d.clock.advance(5 * MIN);
    d.logs.length = 0;
    expect((await sweep(d)).status).toBe(204);
    expect(status(old.accessKeyId)).toBe('active');
    expect(retireStep()).toMatchObject({ status: 'skipped' });
    expect(retireStep()?.detail).toContain(
      `old key ${old.accessKeyId} used 5 min ago: a consumer has not switched`,
    );
    // The sweep's own entry for the secret says it too (the engine's grace gate carries the usage).
    expect(JSON.stringify(d.logs.find((l) => l.secretName === SECRET && !l.step))).toContain(
      'a consumer has not switched',
    );

    d.clock.advance(26 * MIN); // 31 min after the last use
    expect((await sweep(d)).status).toBe(204);
    expect(status(old.accessKeyId)).toBe('inactive');
    assertNoLeak(d);
  });

  it('without the setting the quiet old key waits for the whole grace', async () => {
    const old = await rotated({ [ENV.graceHours]: '24' });
    d.clock.advance(90 * MIN);
    await sweep(d);
    expect(status(old.accessKeyId)).toBe('active');
    d.clock.advance(23 * 60 * MIN);
    await sweep(d);
    expect(status(old.accessKeyId)).toBe('inactive');
  });
});

/** No secret key the simulator ever minted appears in what the functions logged. */
function assertNoLeak(d: Deployment): void {
  const text = JSON.stringify(d.logs);
  for (const secret of d.prisma.mintedSecrets())
    expect(text.includes(secret), 'a secret key leaked').toBe(false);
}
