import { credentialWorks } from '@keyroll/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENV } from '../src/index.ts';
import {
  type Deployment,
  deploy,
  type Mode,
  messagePublished,
  notification,
  postEvent,
  SA,
  SECRET,
  stored,
} from './harness.ts';

const MODES: Mode[] = ['binary', 'structured'];

/** Every line is a Cloud Logging entry and none carries secret material. */
function checkLogs(d: Deployment, secrets: string[]) {
  for (const entry of d.logs) {
    expect(['DEBUG', 'INFO', 'WARNING', 'ERROR']).toContain(entry.severity);
    expect(typeof entry.message).toBe('string');
  }
  const text = JSON.stringify(d.logs);
  for (const s of secrets) expect(text).not.toContain(s);
}

const mutatingCalls = (d: Deployment) =>
  d.sm.calls.filter((c) => ['AddSecretVersion', 'UpdateSecret', 'DisableSecretVersion'].includes(c.method));

describe.each(MODES)('CloudEvent function, %s mode', (mode) => {
  let d: Deployment;
  beforeEach(async () => {
    d = await deploy();
  });
  afterEach(async () => {
    await d.close();
  });

  it('SECRET_ROTATE rotates: new version with annotations, old key inactive, old version disabled', async () => {
    const res = await postEvent(d.eventUrl, mode, notification('SECRET_ROTATE'));
    expect(res.status).toBe(204);

    const now = stored(d);
    expect(now.accessKeyId).not.toBe(d.initial.accessKeyId);
    expect(credentialWorks(d.prisma, { ...now, apiUrl: d.prisma.url })).toBe(true);
    const keys = d.prisma.keys(SA);
    expect(keys.find((k) => k.id === d.initial.accessKeyId)?.status).toBe('inactive');
    expect(keys.find((k) => k.id === now.accessKeyId)?.status).toBe('active');

    const secret = d.sm.secret(SECRET);
    expect(secret.versions.map((v) => v.state)).toEqual(['DISABLED', 'ENABLED']);
    expect(secret.annotations).toMatchObject({
      'keyroll-key-id': now.accessKeyId,
      'keyroll-previous-key-id': d.initial.accessKeyId,
      'keyroll-service-account': SA,
    });
    expect(secret.annotations['keyroll-lock']).toBeUndefined(); // released
    expect(d.sm.calls.some((c) => c.method === 'DestroySecretVersion')).toBe(false);

    const done = d.logs.find((l) => typeof l.message === 'string' && l.message.startsWith('rotated'));
    expect(done).toMatchObject({ severity: 'INFO', outcome: 'rotated', secretName: SECRET });
    expect(JSON.stringify(d.logs)).not.toContain('[REDACTED]'); // names are not secrets
    expect(done?.['logging.googleapis.com/operation']).toMatchObject({
      id: done?.rotationId,
      producer: 'keyroll',
    });
    checkLogs(d, [d.initial.secretKey, now.secretKey]);
  });

  it('a duplicate SECRET_ROTATE delivery does not rotate again', async () => {
    const message = notification('SECRET_ROTATE', SECRET, '9876543210123456');
    expect((await postEvent(d.eventUrl, mode, message)).status).toBe(204);
    const after = stored(d);
    const versions = d.sm.versions(SECRET).length;
    expect((await postEvent(d.eventUrl, mode, message)).status).toBe(204);
    expect(stored(d).accessKeyId).toBe(after.accessKeyId);
    expect(d.sm.versions(SECRET)).toHaveLength(versions);
    expect(d.prisma.keys(SA)).toHaveLength(2);
    expect(d.logs.some((l) => l.outcome === 'skipped' && l.reason === 'too_young')).toBe(true);
  });

  it('TOPIC_CONFIGURED (no data, only eventType) is acknowledged and touches nothing', async () => {
    const res = await postEvent(d.eventUrl, mode, messagePublished({ eventType: 'TOPIC_CONFIGURED' }));
    expect(res.status).toBe(204);
    expect(d.sm.calls).toHaveLength(0);
    expect(d.prisma.requests).toHaveLength(0);
    expect(d.logs.some((l) => String(l.message).includes('TOPIC_CONFIGURED'))).toBe(true);
  });

  it('other Secret Manager event types are ignored with a log line', async () => {
    for (const type of ['SECRET_UPDATE', 'SECRET_VERSION_DISABLE', 'SECRET_CREATE']) {
      expect((await postEvent(d.eventUrl, mode, notification(type))).status).toBe(204);
    }
    expect(d.sm.calls).toHaveLength(0);
    expect(d.logs.filter((l) => String(l.message).startsWith('ignored'))).toHaveLength(3);
  });

  it('SECRET_VERSION_ADD on a secret with history does nothing', async () => {
    await postEvent(d.eventUrl, mode, notification('SECRET_ROTATE'));
    const before = d.sm.versions(SECRET).length;
    expect((await postEvent(d.eventUrl, mode, notification('SECRET_VERSION_ADD'))).status).toBe(204);
    expect(d.sm.versions(SECRET)).toHaveLength(before);
  });

  it('SECRET_VERSION_ADD of the first value of a new managed secret rotates the pasted key at once', async () => {
    const fresh = 'projects/acme-prod/secrets/pasted';
    d.runtime.config.managedSecrets?.push(fresh);
    d.prisma.addServiceAccount('sa-pasted');
    const pasted = d.prisma.keys('sa-pasted')[0]!;
    const value = { apiUrl: d.prisma.url, accessKeyId: pasted.id, secretKey: pasted.secretKey };
    d.sm.seed(fresh, { value: JSON.stringify(value), labels: { 'keyroll-managed': 'true' } });
    expect((await postEvent(d.eventUrl, mode, notification('SECRET_VERSION_ADD', fresh))).status).toBe(204);
    const now = stored(d, fresh);
    expect(now.accessKeyId).not.toBe(pasted.id);
    expect(d.prisma.keys('sa-pasted').find((k) => k.id === pasted.id)?.status).toBe('inactive');
    // Our own new version raises SECRET_VERSION_ADD too: that one must not rotate again.
    expect((await postEvent(d.eventUrl, mode, notification('SECRET_VERSION_ADD', fresh))).status).toBe(204);
    expect(stored(d, fresh).accessKeyId).toBe(now.accessKeyId);
  });

  it('an admin message rotates on demand (force) and can be a dry run', async () => {
    const dry = messagePublished({}, { action: 'rotate', secret: SECRET, force: true, dryRun: true });
    expect((await postEvent(d.eventUrl, mode, dry)).status).toBe(204);
    expect(mutatingCalls(d)).toHaveLength(0);
    expect(stored(d).accessKeyId).toBe(d.initial.accessKeyId);

    await postEvent(d.eventUrl, mode, notification('SECRET_ROTATE'));
    const first = stored(d).accessKeyId;
    // The key is minutes old now: only force rotates it.
    const manual = messagePublished({}, { action: 'rotate', secret: SECRET, force: true });
    expect((await postEvent(d.eventUrl, mode, manual)).status).toBe(204);
    expect(stored(d).accessKeyId).not.toBe(first);
  });

  it.each([
    ['not MessagePublishedData', { hello: 'world' }],
    ['SECRET_ROTATE without secretId', messagePublished({ eventType: 'SECRET_ROTATE' })],
    ['a secretId that is not a secret name', notification('SECRET_ROTATE', 'prisma-sa')],
    [
      'an admin message with a bad shape',
      messagePublished({}, { action: 'rotate', secret: SECRET, force: 'yes' }),
    ],
    ['an admin message that is not JSON', messagePublished({}, 'rotate now please')],
  ])('a malformed message (%s) is logged and acknowledged, nothing changes', async (_name, data) => {
    const res = await postEvent(d.eventUrl, mode, data);
    expect(res.status).toBe(204);
    expect(d.sm.calls).toHaveLength(0);
    expect(d.prisma.requests).toHaveLength(0);
    expect(d.logs.some((l) => l.severity === 'ERROR' && String(l.message).startsWith('malformed'))).toBe(
      true,
    );
  });

  it('ignores secrets outside KEYROLL_MANAGED_SECRETS', async () => {
    const res = await postEvent(
      d.eventUrl,
      mode,
      notification('SECRET_ROTATE', 'projects/acme-prod/secrets/other'),
    );
    expect(res.status).toBe(204);
    expect(d.sm.calls).toHaveLength(0);
  });
});

describe('CloudEvent function: failures and retries', () => {
  let d: Deployment;
  afterEach(async () => {
    await d.close();
  });

  it('a vault write failure rolls back and is acknowledged (the sweep retries it)', async () => {
    // Terraform sets the age at which a key is due to the rotation period, so the sweep sees it due too.
    d = await deploy({ [ENV.rotateAfterDays]: '30' });
    d.sm.faults.add({ match: 'AddSecretVersion', kind: 'error', status: 14 });
    const res = await postEvent(d.eventUrl, 'binary', notification('SECRET_ROTATE'));
    expect(res.status).toBe(204);

    // The new key is gone, the old key still logs in, latest serves the old value (or a restored copy).
    const keys = d.prisma.keys(SA);
    expect(keys.map((k) => k.id)).toEqual([d.initial.accessKeyId]);
    expect(keys[0]!.status).toBe('active');
    expect(stored(d)).toEqual(d.initial);
    expect(credentialWorks(d.prisma, d.initial)).toBe(true);
    const failed = d.logs.find((l) => l.severity === 'WARNING' && l.outcome === 'rolled_back');
    expect(failed).toMatchObject({ disposition: 'rolled_back', delivery: 'acknowledge', secretName: SECRET });
    expect(failed?.newKeyId).toEqual(expect.any(String));
    // The metadata is the old metadata again (the seed had none): nothing names the deleted key.
    // ...plus the failure count the record step writes after a rollback (issue 9).
    expect(d.sm.secret(SECRET).annotations).toEqual({
      'keyroll-failures': expect.stringMatching(/^1 \S+ rolled_back /),
    });

    // The sweep (fault gone) rotates.
    const sweep = await postEvent(d.eventUrl, 'binary', messagePublished({}, { action: 'sweep' }));
    expect(sweep.status).toBe(204);
    expect(stored(d).accessKeyId).not.toBe(d.initial.accessKeyId);
  });

  it('needs_attention fails the delivery (retry) and raises keyroll.escalation', async () => {
    d = await deploy();
    // The stored key no longer works (someone deleted it): consumers are already broken.
    const broken = { ...d.initial, secretKey: 'not-the-real-secret-key-0000' };
    d.sm.state.addVersion(SECRET, Buffer.from(JSON.stringify(broken)));
    const res = await postEvent(d.eventUrl, 'structured', notification('SECRET_ROTATE'));
    expect(res.status).toBe(500);
    const line = d.logs.find((l) => l.outcome === 'needs_attention');
    expect(line).toMatchObject({ severity: 'ERROR', reason: 'current_key_rejected', delivery: 'retry' });
    const escalation = d.logs.find((l) => l.event === 'keyroll.escalation');
    expect(escalation).toMatchObject({ severity: 'ERROR', secretName: SECRET });
    expect(JSON.stringify(d.logs)).not.toContain('not-the-real-secret-key-0000');
    expect(res.body).not.toContain('not-the-real-secret-key-0000');
  });

  it('concurrent duplicate deliveries rotate once (the lock in the secret decides)', async () => {
    d = await deploy();
    const message = notification('SECRET_ROTATE', SECRET, '5550001');
    const results = await Promise.all([
      postEvent(d.eventUrl, 'binary', message),
      postEvent(d.eventUrl, 'structured', message),
    ]);
    expect(d.sm.versions(SECRET)).toHaveLength(2);
    expect(d.prisma.keys(SA)).toHaveLength(2);
    const outcomes = d.logs
      .filter((l) => typeof l.outcome === 'string')
      .map((l) => `${l.outcome}:${l.reason ?? ''}`);
    expect(outcomes.filter((o) => o.startsWith('rotated'))).toHaveLength(1);
    expect(outcomes.filter((o) => o.startsWith('skipped'))).toHaveLength(1);
    // The loser either found the lock (and asks for a redelivery) or came after the winner (too young).
    const statuses = results.map((r) => r.status).sort();
    if (outcomes.includes('skipped:in_progress')) expect(statuses).toEqual([204, 500]);
    else expect(statuses).toEqual([204, 204]);
    // The redelivery is absorbed by the minimum age.
    expect((await postEvent(d.eventUrl, 'binary', message)).status).toBe(204);
    expect(d.sm.versions(SECRET)).toHaveLength(2);
  });

  it('a delivery that finds a live lock asks for a redelivery; after a crash the lease expires and it rotates', async () => {
    d = await deploy();
    // A rotation that died mid-way (function timeout): its lease is still in the secret.
    const crashed = await d.runtime.lock.acquire(
      `keyroll:gcp-secret-manager:${SECRET}`,
      'crashed',
      15 * 60_000,
    );
    expect(crashed).not.toBeNull();
    const first = await postEvent(d.eventUrl, 'binary', notification('SECRET_ROTATE', SECRET, '777'));
    expect(first.status).toBe(500);
    expect(stored(d)).toEqual(d.initial);
    expect(
      d.logs.some(
        (l) => l.reason === 'in_progress' && l.disposition === 'in_progress' && l.delivery === 'retry',
      ),
    ).toBe(true);
    d.clock.advance(15 * 60_000 + 1);
    const redelivery = await postEvent(d.eventUrl, 'binary', notification('SECRET_ROTATE', SECRET, '777'));
    expect(redelivery.status).toBe(204);
    expect(stored(d).accessKeyId).not.toBe(d.initial.accessKeyId);
  });

  it('a secret that is unreadable as a credential is reported and acknowledged, nothing changes', async () => {
    d = await deploy();
    d.sm.state.addVersion(
      SECRET,
      Buffer.from(
        '{"apiUrl":"https://evil.example.com","accessKeyId":"a","secretKey":"bbbbbbbbbbbbbbbbbbbb"}',
      ),
    );
    const res = await postEvent(d.eventUrl, 'binary', notification('SECRET_ROTATE'));
    expect(res.status).toBe(204);
    expect(mutatingCalls(d).filter((c) => c.method !== 'UpdateSecret')).toHaveLength(0); // only the lock
    expect(d.prisma.requests).toHaveLength(0);
    expect(
      d.logs.some((l) => l.severity === 'ERROR' && String(l.message).includes('not a Prisma Cloud API host')),
    ).toBe(true);
  });
});
