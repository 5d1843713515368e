import { InputError } from '@keyroll/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrismaCloudClient } from '../src/index.ts';
import { type Harness, rejection, startHarness } from './helpers.ts';

describe('PrismaCloudClient against the simulator', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.sim.close();
  });

  it('logs in, reads the profile, lists, creates, toggles and deletes keys', async () => {
    const cred = h.sim.addServiceAccount('sa-ci');
    const client = await h.login(cred);
    try {
      expect(client.apiUrl).toBe(h.sim.url);
      expect((await client.me()).email).toBe('sa-ci');

      const before = await client.listAccessKeys();
      expect(before.map((k) => [k.id, k.username, k.status])).toEqual([
        [cred.accessKeyId, 'sa-ci', 'active'],
      ]);

      const expiresOn = h.clock.now() + 90 * 86_400_000;
      const created = await client.createAccessKey({ name: 'keyroll r1', expiresOn });
      expect(h.sim.canLogin(created.id, created.secretKey)).toBe(true);
      expect(await client.getAccessKey(created.id)).toEqual({
        id: created.id,
        name: 'keyroll r1',
        expiresOn,
      });

      await client.setAccessKeyStatus(cred.accessKeyId, false);
      expect(h.sim.keys('sa-ci').find((k) => k.id === cred.accessKeyId)!.status).toBe('inactive');
      // The session's own key is now inactive: its JWT dies with it, and re-login fails.
      const err = await rejection(client.listAccessKeys());
      expect(err.category).toBe('auth');

      const second = await h.login({ ...cred, accessKeyId: created.id, secretKey: created.secretKey });
      await second.setAccessKeyStatus(cred.accessKeyId, true);
      await second.deleteAccessKey(cred.accessKeyId);
      expect(h.sim.keys('sa-ci').map((k) => k.id)).toEqual([created.id]);
      await second.close();
    } finally {
      await client.close();
    }
  });

  it('creates a key for another service account when logged in as System Admin', async () => {
    const admin = h.sim.addServiceAccount('admin', { admin: true });
    h.sim.addServiceAccount('sa-app');
    const client = await h.login(admin);
    const created = await client.createAccessKey({ name: 'for app', serviceAccountName: 'sa-app' });
    expect(h.sim.keys('sa-app').map((k) => k.id)).toContain(created.id);
    const listed = await client.listAccessKeys();
    expect(listed.find((k) => k.id === created.id)).toMatchObject({ username: 'sa-app', createdBy: 'admin' });
    await client.close();
  });

  it('extends the token before it expires (advance 9 minutes → GET /auth_token/extend)', async () => {
    const client = await h.login(h.sim.addServiceAccount('sa'));
    await client.listAccessKeys();
    h.clock.advance(9 * 60_000);
    await Promise.all([client.listAccessKeys(), client.me(), client.listAccessKeys()]);
    expect(h.sim.requestCount('GET /auth_token/extend')).toBe(1);
    expect(h.sim.requestCount('POST /login')).toBe(1);
    // The extended token has a fresh lifetime: 9 more minutes later it is extended again, not expired.
    h.clock.advance(9 * 60_000);
    await client.me();
    expect(h.sim.requestCount('GET /auth_token/extend')).toBe(2);
    expect(h.sim.requestCount('POST /login')).toBe(1);
    expect(h.sim.requests.every((r) => r.status === 200)).toBe(true);
    await client.close();
  });

  it('does not extend a young token', async () => {
    const client = await h.login(h.sim.addServiceAccount('sa'));
    h.clock.advance(7 * 60_000);
    await client.me();
    expect(h.sim.requestCount('GET /auth_token/extend')).toBe(0);
    await client.close();
  });

  it('logs in again once when extend is refused', async () => {
    await h.sim.close();
    h = await startHarness({ jwtLifetimeMs: 7 * 60_000 });
    const client = await h.login(h.sim.addServiceAccount('sa'));
    h.clock.advance(9 * 60_000);
    expect((await client.me()).email).toBe('sa');
    expect(h.sim.requests.map((r) => [r.route, r.status])).toEqual([
      ['POST /login', 200],
      ['GET /auth_token/extend', 401],
      ['POST /login', 200],
      ['GET /user/me', 200],
    ]);
    await client.close();
  });

  it('re-logs-in once on a 401 mid-use (token expired early) and repeats the call', async () => {
    await h.sim.close();
    h = await startHarness({ jwtLifetimeMs: 5 * 60_000 });
    const client = await h.login(h.sim.addServiceAccount('sa'));
    h.clock.advance(6 * 60_000);
    const created = await client.createAccessKey({ name: 'after expiry' });
    expect(h.sim.requests.map((r) => [r.route, r.status])).toEqual([
      ['POST /login', 200],
      ['POST /access_keys', 401],
      ['POST /login', 200],
      ['POST /access_keys', 200],
    ]);
    expect(h.sim.keys('sa').map((k) => k.id)).toContain(created.id);
    await client.close();
  });

  it('gives up with category auth on a second 401', async () => {
    const client = await h.login(h.sim.addServiceAccount('sa'));
    h.sim.faults.add({ match: 'GET /access_keys', kind: 'error', status: 401, times: 2 });
    const err = await rejection(client.listAccessKeys());
    expect(err.category).toBe('auth');
    expect(err.retryable).toBe(false);
    expect(h.sim.requestCount('GET /access_keys')).toBe(2);
    expect(h.sim.requestCount('POST /login')).toBe(2);
    await client.close();
  });

  it('rejects a key that does not work with invalid_credentials, without retrying', async () => {
    const cred = h.sim.addServiceAccount('sa');
    const err = await rejection(h.login({ ...cred, secretKey: 'wrong-secret-value' }));
    expect(err.code).toBe('invalid_credentials');
    expect(err.category).toBe('auth');
    expect(err.message).toContain(cred.accessKeyId);
    expect(h.sim.requestCount('POST /login')).toBe(1);
  });

  it('types the key-limit error, duplicate names, permission and unknown ids', async () => {
    const cred = h.sim.addServiceAccount('sa');
    h.sim.addServiceAccount('other');
    const client = await h.login(cred);
    await client.createAccessKey({ name: 'second' });

    const full = await rejection(client.createAccessKey({ name: 'third' }));
    expect([full.code, full.category, full.status]).toEqual([
      'already_have_two_access_keys',
      'conflict',
      400,
    ]);
    expect(full.message).toMatch(/as many access keys as its role allows/);

    const denied = await rejection(client.createAccessKey({ name: 'x', serviceAccountName: 'other' }));
    expect([denied.code, denied.category]).toEqual(['unauthorized_to_use_access_keys', 'permission']);

    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const op of [
      () => client.getAccessKey(unknown),
      () => client.deleteAccessKey(unknown),
      () => client.setAccessKeyStatus(unknown, false),
    ]) {
      const err = await rejection(op());
      expect([err.code, err.category, err.status]).toEqual(['non_existing_access_key', 'not_found', 500]);
    }
    // not_found is not retried (it is a 500, but a definite answer).
    expect(h.sim.requestCount('GET /access_keys/:id')).toBe(1);
    await client.close();
  });

  it('reports 409 duplicate_access_key_name as a conflict', async () => {
    const cred = h.sim.addServiceAccount('sa');
    const client = await h.login(cred);
    const err = await rejection(client.createAccessKey({ name: 'sa initial key' }));
    expect([err.code, err.category, err.status]).toEqual(['duplicate_access_key_name', 'conflict', 409]);
    await client.close();
  });

  it('cannot re-activate an expired key (expired_access_key, conflict)', async () => {
    const cred = h.sim.addServiceAccount('sa');
    const old = h.sim.addKey('sa', { status: 'inactive', expiresOn: h.clock.now() + 1000 });
    const client = await h.login(cred);
    h.clock.advance(1000);
    const err = await rejection(client.setAccessKeyStatus(old.accessKeyId, true));
    expect([err.code, err.category]).toEqual(['expired_access_key', 'conflict']);
    expect(h.sim.requestCount('PATCH /access_keys/:id/status/:status')).toBe(1);
    expect((await client.listAccessKeys()).find((k) => k.id === old.accessKeyId)!.status).toBe('expired');
    await client.close();
  });
});

describe('R4: the API URL is checked before anything is sent', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.sim.close();
  });

  it.each([
    'https://evil.example.com',
    'http://api.prismacloud.io',
    'https://api.prismacloud.io.evil.example.com',
    'https://user:pw@api.prismacloud.io',
    'not a url',
  ])('rejects %s', async (apiUrl) => {
    const cred = h.sim.addServiceAccount('sa');
    const err = await rejection(PrismaCloudClient.login({ ...cred, apiUrl }, h.options()));
    expect(err).toBeInstanceOf(InputError);
    expect(err.code).toBe('disallowed_api_host');
    expect(h.sim.requestCount()).toBe(0);
  });

  it('rejects the simulator origin unless it is allowed explicitly', async () => {
    const cred = h.sim.addServiceAccount('sa');
    const err = await rejection(PrismaCloudClient.login(cred, h.options({ allowedOrigins: [] })));
    expect(err.code).toBe('disallowed_api_host');
    expect(h.sim.requestCount()).toBe(0);
    const client = await PrismaCloudClient.login(cred, h.options());
    expect(h.sim.requestCount('POST /login')).toBe(1);
    await client.close();
  });
});
