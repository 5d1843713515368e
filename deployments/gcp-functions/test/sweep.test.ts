import { ANNOTATION_KEYS } from '@keyroll/vault-gcp-secret-manager';
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

const sweep = (d: Deployment, id = `${Date.now()}`) =>
  postEvent(d.eventUrl, 'binary', messagePublished({}, { action: 'sweep' }, id));

describe('the sweep (Cloud Scheduler → {"action":"sweep"})', () => {
  let d: Deployment;
  afterEach(async () => {
    await d.close();
  });

  it('retires the previous key once its grace period is over', async () => {
    d = await deploy({ [ENV.graceHours]: '24' });
    expect((await postEvent(d.eventUrl, 'binary', notification('SECRET_ROTATE'))).status).toBe(204);
    const now = stored(d);
    expect(d.prisma.keys(SA).find((k) => k.id === d.initial.accessKeyId)?.status).toBe('active'); // grace
    expect((await sweep(d, 's1')).status).toBe(204);
    expect(d.prisma.keys(SA).find((k) => k.id === d.initial.accessKeyId)?.status).toBe('active'); // still
    d.clock.advance(25 * 3_600_000);
    expect((await sweep(d, 's2')).status).toBe(204);
    expect(d.prisma.keys(SA).find((k) => k.id === d.initial.accessKeyId)?.status).toBe('inactive');
    expect(stored(d).accessKeyId).toBe(now.accessKeyId);
    expect(d.sm.versions(SECRET).map((v) => v.state)).toEqual(['DISABLED', 'ENABLED']);
    expect(d.logs.some((l) => l.message === 'sweep finished' && l.secrets === 1)).toBe(true);
  });

  it('raises keyroll.escalation for a key near its expiry that it could not rotate', async () => {
    d = await deploy();
    const expires = new Date(d.clock.now() + 5 * 86_400_000).toISOString();
    d.sm.state.updateSecret(
      SECRET,
      {
        annotations: {
          [ANNOTATION_KEYS.keyId]: d.initial.accessKeyId,
          [ANNOTATION_KEYS.keyExpiresOn]: expires,
          [ANNOTATION_KEYS.serviceAccount]: SA,
        },
      },
      ['annotations'],
    );
    d.sm.faults.add({ match: 'AddSecretVersion', kind: 'error', status: 14 });
    const res = await sweep(d);
    expect(res.status).toBe(204); // rolled back: acknowledged, the next sweep retries
    const line = d.logs.find((l) => l.event === 'keyroll.escalation');
    expect(line).toMatchObject({ severity: 'ERROR', secretName: SECRET, keyId: d.initial.accessKeyId });
    expect(line?.cloudEvent).toMatchObject({ type: 'keyroll.escalation', data: { cause: 'expiring_key' } });
    expect(stored(d)).toEqual(d.initial);
  });

  it('raises nothing when the key is far from its expiry', async () => {
    d = await deploy();
    const expires = new Date(d.clock.now() + 60 * 86_400_000).toISOString();
    d.sm.state.updateSecret(SECRET, { annotations: { [ANNOTATION_KEYS.keyExpiresOn]: expires } }, [
      'annotations',
    ]);
    d.sm.faults.add({ match: 'AddSecretVersion', kind: 'error', status: 14 });
    await sweep(d);
    expect(d.logs.some((l) => l.event === 'keyroll.escalation')).toBe(false);
  });
});
