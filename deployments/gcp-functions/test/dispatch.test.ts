import { REQUEST_ANNOTATION_PREFIX, requestAnnotationKey } from '@keyroll/vault-gcp-secret-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENV } from '../src/index.ts';
import {
  type Deployment,
  deploy,
  messagePublished,
  notification,
  postEvent,
  postJson,
  SA,
  SECRET,
  stored,
} from './harness.ts';

const admin = (extra: Record<string, unknown> = {}) => ({
  action: 'rotate',
  secret: SECRET,
  force: true,
  ...extra,
});
const rotations = (d: Deployment) => d.logs.filter((l) => l.outcome === 'rotated').length;

describe('manual dispatch rotates once', () => {
  let d: Deployment;
  beforeEach(async () => {
    d = await deploy();
  });
  afterEach(async () => {
    await d.close();
  });

  it('a redelivered admin message (same message id) is a no-op', async () => {
    const message = messagePublished({}, admin(), '4242000001');
    expect((await postEvent(d.eventUrl, 'binary', message)).status).toBe(204);
    const after = stored(d);
    expect((await postEvent(d.eventUrl, 'structured', message)).status).toBe(204);
    expect(stored(d).accessKeyId).toBe(after.accessKeyId);
    expect(d.sm.versions(SECRET)).toHaveLength(2);
    expect(d.prisma.keys(SA).find((k) => k.id === d.initial.accessKeyId)?.status).toBe('inactive');
    expect(rotations(d)).toBe(1);
    expect(d.logs.some((l) => String(l.message).includes('already handled'))).toBe(true);
    // The record is in the secret, under a key the service accepts.
    const keys = Object.keys(d.sm.secret(SECRET).annotations).filter((k) =>
      k.startsWith(REQUEST_ANNOTATION_PREFIX),
    );
    expect(keys).toEqual([requestAnnotationKey('pubsub:4242000001')]);
    expect(keys[0]!.length).toBeLessThanOrEqual(63);
    expect(d.sm.secret(SECRET).annotations[keys[0]!]).toMatch(/^done\|\d+$/);
  });

  it('two messages with the same requestId rotate once; another requestId rotates again', async () => {
    await postEvent(d.eventUrl, 'binary', messagePublished({}, admin({ requestId: 'chg-1' }), '1'));
    await postEvent(d.eventUrl, 'binary', messagePublished({}, admin({ requestId: 'chg-1' }), '2'));
    expect(rotations(d)).toBe(1);
    await postEvent(d.eventUrl, 'binary', messagePublished({}, admin({ requestId: 'chg-2' }), '3'));
    expect(rotations(d)).toBe(2);
    expect(d.sm.versions(SECRET)).toHaveLength(3);
  });

  it('the same admin message delivered twice at once rotates once, and its redelivery too', async () => {
    const message = messagePublished({}, admin(), '4242000002');
    const results = await Promise.all([
      postEvent(d.eventUrl, 'binary', message),
      postEvent(d.eventUrl, 'structured', message),
    ]);
    // The loser found the lock: either the record was already there (no-op, 204) or not yet (retry, 500).
    expect(results.map((r) => r.status)).toContain(204);
    for (const r of results) expect([204, 500]).toContain(r.status);
    expect((await postEvent(d.eventUrl, 'binary', message)).status).toBe(204); // Pub/Sub's redelivery
    expect(rotations(d)).toBe(1);
    expect(d.sm.versions(SECRET)).toHaveLength(2);
    expect(d.prisma.keys(SA)).toHaveLength(2);
    // The key kept inactive as break-glass copy was not deleted by a second rotation.
    expect(d.prisma.keys(SA).find((k) => k.id === d.initial.accessKeyId)?.status).toBe('inactive');
  });

  it('an HTTP request with a requestId is idempotent too', async () => {
    const first = await postJson(d.httpUrl, { secret: SECRET, force: true, requestId: 'ticket-7' });
    expect(first).toMatchObject({ status: 200, json: { outcome: 'rotated' } });
    const again = await postJson(d.httpUrl, { secret: SECRET, force: true, requestId: 'ticket-7' });
    expect(again).toMatchObject({ status: 200, json: { outcome: 'skipped', reason: 'duplicate_request' } });
    expect(rotations(d)).toBe(1);
  });

  it('keeps records for 7 days (Pub/Sub redelivers that long), then prunes them', async () => {
    await postEvent(d.eventUrl, 'binary', messagePublished({}, admin({ requestId: 'old' }), '10'));
    d.clock.advance(6 * 86_400_000);
    await postEvent(d.eventUrl, 'binary', messagePublished({}, admin({ requestId: 'old' }), '11'));
    expect(rotations(d)).toBe(1); // still remembered on day 6
    d.clock.advance(2 * 86_400_000);
    await postEvent(d.eventUrl, 'binary', messagePublished({}, admin({ requestId: 'new' }), '12'));
    const annotations = d.sm.secret(SECRET).annotations;
    expect(annotations[requestAnnotationKey('old')]).toBeUndefined();
    expect(annotations[requestAnnotationKey('new')]).toMatch(/^done\|/);
    expect(rotations(d)).toBe(2);
  });

  it('a request that failed before changing anything is forgotten, so sending it again is handled', async () => {
    // Admin mode with an admin key secret that does not exist yet: a configuration error, nothing touched.
    await d.close();
    d = await deploy({
      [ENV.mode]: 'admin',
      [ENV.adminSecret]: 'projects/acme-prod/secrets/prisma-admin',
      [ENV.serviceAccount]: SA,
    });
    const message = messagePublished({}, admin({ requestId: 'chg-9' }), '30');
    expect((await postEvent(d.eventUrl, 'binary', message)).status).toBe(204); // bad_request: acknowledged
    expect(d.sm.secret(SECRET).annotations[requestAnnotationKey('chg-9')]).toBeUndefined();
    expect(d.sm.versions(SECRET)).toHaveLength(1);
    // Sent again (after the operator's fix), it is handled, not taken for a duplicate.
    expect((await postEvent(d.eventUrl, 'binary', message)).status).toBe(204);
    expect(d.logs.some((l) => String(l.message).includes('already handled'))).toBe(false);
  });

  it('a dry run records nothing and changes nothing', async () => {
    await postEvent(d.eventUrl, 'binary', messagePublished({}, admin({ dryRun: true }), '20'));
    expect(Object.keys(d.sm.secret(SECRET).annotations)).toEqual([]);
    expect(d.sm.versions(SECRET)).toHaveLength(1);
  });
});

describe('SECRET_VERSION_ADD decides under the lock', () => {
  let d: Deployment;
  const fresh = 'projects/acme-prod/secrets/pasted';
  beforeEach(async () => {
    d = await deploy();
    d.runtime.config.managedSecrets?.push(fresh);
    d.prisma.addServiceAccount('sa-pasted');
    const pasted = d.prisma.keys('sa-pasted')[0]!;
    d.sm.seed(fresh, {
      value: JSON.stringify({ apiUrl: d.prisma.url, accessKeyId: pasted.id, secretKey: pasted.secretKey }),
      labels: { 'keyroll-managed': 'true' },
    });
  });
  afterEach(async () => {
    await d.close();
  });

  it('a delivery that stalls in the "first version?" check does not rotate a second time', async () => {
    // The first delivery's version listing stalls; a duplicate arrives meanwhile.
    d.sm.faults.add({ match: 'ListSecretVersions', kind: 'delay', delayMs: 2_500 });
    const message = notification('SECRET_VERSION_ADD', fresh, '31338');
    const stalled = postEvent(d.eventUrl, 'binary', message);
    while (!d.sm.calls.some((c) => c.method === 'ListSecretVersions'))
      await new Promise((r) => setTimeout(r, 20));
    const duplicate = await postEvent(d.eventUrl, 'structured', message);
    const first = await stalled;
    expect(first.status).toBe(204);
    expect(duplicate.status).toBe(500); // found the lock: retried later
    expect((await postEvent(d.eventUrl, 'binary', message)).status).toBe(204); // the retry: no-op
    expect(d.sm.versions(fresh)).toHaveLength(2);
    expect(d.prisma.keys('sa-pasted')).toHaveLength(2);
    expect(rotations(d)).toBe(1);
  });

  it('two deliveries of the first version at once rotate the pasted key once', async () => {
    const message = notification('SECRET_VERSION_ADD', fresh, '31337');
    const results = await Promise.all([
      postEvent(d.eventUrl, 'binary', message),
      postEvent(d.eventUrl, 'structured', message),
    ]);
    for (const r of results) expect([204, 500]).toContain(r.status);
    expect((await postEvent(d.eventUrl, 'binary', message)).status).toBe(204); // redelivery
    expect(d.sm.versions(fresh)).toHaveLength(2);
    expect(d.prisma.keys('sa-pasted')).toHaveLength(2);
    expect(rotations(d)).toBe(1);
  });
});

describe('what Pub/Sub hands over is checked', () => {
  let d: Deployment;
  beforeEach(async () => {
    d = await deploy();
  });
  afterEach(async () => {
    await d.close();
  });

  it.each([
    ['bad base64', '***'],
    ['not JSON', Buffer.from('{"name":').toString('base64')],
    [
      'a different secret',
      Buffer.from(JSON.stringify({ name: 'projects/acme-prod/secrets/other' })).toString('base64'),
    ],
  ])('a SECRET_ROTATE whose data is %s is logged and acknowledged, nothing changes', async (_name, data) => {
    const message = notification('SECRET_ROTATE');
    (message.message as { data?: string }).data = data;
    expect((await postEvent(d.eventUrl, 'binary', message)).status).toBe(204);
    expect(d.sm.calls).toHaveLength(0);
    expect(d.prisma.requests).toHaveLength(0);
    expect(d.logs.some((l) => l.severity === 'ERROR' && String(l.message).startsWith('malformed'))).toBe(
      true,
    );
  });

  it('a data-less message is ignored with the reason', async () => {
    expect((await postEvent(d.eventUrl, 'binary', messagePublished({}))).status).toBe(204);
    expect(d.sm.calls).toHaveLength(0);
    expect(d.logs.some((l) => String(l.message).includes('neither an eventType attribute'))).toBe(true);
  });

  it('an unwrapped push delivery (payload unwrapping on) is ignored with the reason', async () => {
    for (const body of [admin(), { name: SECRET, etag: '"e"', createTime: '2026-01-01T00:00:00Z' }]) {
      const res = await fetch(`${d.eventUrl}projects/acme-prod/topics/keyroll-rotation`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBeLessThan(300);
    }
    expect(d.sm.calls).toHaveLength(0);
    expect(d.logs.filter((l) => String(l.message).includes('unwrapped'))).toHaveLength(2);
  });
});
