import { inspect } from 'node:util';
import { isKeyrollError } from '@keyroll/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrismaCloudIssuer } from '../src/index.ts';
import { type Harness, rejection, startHarness } from './helpers.ts';

describe('PrismaCloudIssuer (KeyIssuer) against the simulator', () => {
  let h: Harness;
  let issuer: PrismaCloudIssuer;
  beforeEach(async () => {
    h = await startHarness();
    issuer = new PrismaCloudIssuer(h.options());
  });
  afterEach(async () => {
    await h.sim.close();
  });

  it('maps identity, keys, create, deactivate and delete (admin mode)', async () => {
    const admin = h.sim.addServiceAccount('admin', { admin: true });
    const sa = h.sim.addServiceAccount('sa-app');
    h.sim.addServiceAccount('sa-other');
    const session = await issuer.login(admin);
    expect(await session.identity()).toEqual({ name: 'admin' });

    const keys = await session.listKeys('sa-app');
    expect(keys).toEqual([
      {
        id: sa.accessKeyId,
        name: 'sa-app initial key',
        status: 'active',
        owner: 'sa-app',
        createdAt: new Date(h.clock.now()),
      },
    ]);

    const expiresOn = new Date(h.clock.now() + 90 * 86_400_000);
    const created = await session.createKey({ name: 'keyroll r1', owner: 'sa-app', expiresOn });
    const simKey = h.sim.keys('sa-app').find((k) => k.id === created.id)!;
    expect(simKey).toMatchObject({ owner: 'sa-app', expiresOn: expiresOn.getTime(), status: 'active' });
    expect(created.secretKey).toBe(simKey.secretKey);

    await session.deactivateKey(sa.accessKeyId);
    const after = await session.listKeys('sa-app');
    expect(after.map((k) => [k.id, k.status])).toEqual([
      [sa.accessKeyId, 'inactive'],
      [created.id, 'active'],
    ]);
    expect(after.find((k) => k.id === created.id)!.expiresOn).toEqual(expiresOn);

    await session.deleteKey(sa.accessKeyId);
    await session.deleteKey(sa.accessKeyId); // already gone: success
    expect(h.sim.keys('sa-app').map((k) => k.id)).toEqual([created.id]);
    await session.close();
  });

  it('reports a key whose expiry passed as expired', async () => {
    const sa = h.sim.addServiceAccount('sa');
    const old = h.sim.addKey('sa', { expiresOn: h.clock.now() + 60_000 });
    const session = await issuer.login(sa);
    h.clock.advance(60_000);
    const keys = await session.listKeys('sa');
    expect(keys.find((k) => k.id === old.accessKeyId)!.status).toBe('expired');
    await session.close();
  });

  it('self mode: a service account creates its successor and retires itself', async () => {
    const sa = h.sim.addServiceAccount('sa');
    const session = await issuer.login(sa);
    const me = await session.identity();
    const created = await session.createKey({ name: 'keyroll r2' });
    expect(h.sim.keys(me.name).map((k) => k.id)).toContain(created.id);
    const next = await issuer.login({ ...sa, accessKeyId: created.id, secretKey: created.secretKey });
    await next.deactivateKey(sa.accessKeyId);
    expect(h.sim.canLogin(sa.accessKeyId, sa.secretKey)).toBe(false);
    expect(h.sim.canLogin(created.id, created.secretKey)).toBe(true);
    await Promise.all([session.close(), next.close()]);
  });

  it('login rejects a credential that does not work with auth / invalid_credentials', async () => {
    const sa = h.sim.addServiceAccount('sa');
    const inactive = h.sim.addKey('sa', { status: 'inactive' });
    for (const cred of [
      { ...sa, secretKey: 'not-the-secret' },
      inactive,
      { ...sa, accessKeyId: 'unknown-id' },
    ]) {
      const err = await rejection(issuer.login(cred));
      expect([err.code, err.category]).toEqual(['invalid_credentials', 'auth']);
    }
  });

  it('login checks the API host first (R4)', async () => {
    const sa = h.sim.addServiceAccount('sa');
    const err = await rejection(new PrismaCloudIssuer({ clock: h.clock }).login(sa));
    expect(err.code).toBe('disallowed_api_host');
    expect(h.sim.requestCount()).toBe(0);
  });

  it('never leaks a secret key or JWT into logs, errors or inspected objects', async () => {
    const admin = h.sim.addServiceAccount('admin', { admin: true });
    const sa = h.sim.addServiceAccount('sa');
    const errors: unknown[] = [];
    const capture = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (err) {
        errors.push(err);
      }
    };
    const seen: unknown[] = [];

    // A rotation-like sequence, failures included.
    const session = await issuer.login(sa);
    seen.push(session);
    await session.identity();
    await session.listKeys('sa');
    const created = await session.createKey({ name: 'keyroll r1' });
    await capture(session.createKey({ name: 'keyroll r2' })); // over the limit
    h.clock.advance(9 * 60_000);
    await session.listKeys('sa'); // extends the token
    const next = await issuer.login({ ...sa, accessKeyId: created.id, secretKey: created.secretKey });
    seen.push(next);
    await next.deactivateKey(sa.accessKeyId);
    await capture(session.listKeys('sa')); // its key is inactive now: 401, re-login fails
    await capture(issuer.login({ ...sa, secretKey: `${sa.secretKey}x` }));
    const adminSession = await issuer.login(admin);
    await adminSession.deleteKey(sa.accessKeyId);
    h.sim.faults.add({ match: 'POST /access_keys', kind: 'drop-after-apply' });
    await capture(adminSession.createKey({ name: 'keyroll r3', owner: 'sa' }));
    h.sim.faults.add({
      match: 'GET /access_keys',
      kind: 'error',
      status: 429,
      body: '<html>slow down</html>',
      times: 9,
    });
    await capture(adminSession.listKeys('sa'));
    await Promise.all([session.close(), next.close(), adminSession.close()]);

    expect(errors).toHaveLength(5);
    expect(errors.every(isKeyrollError)).toBe(true);
    const secrets = [
      admin.secretKey,
      sa.secretKey,
      `${sa.secretKey}x`,
      created.secretKey,
      ...h.sim.allKeys().map((k) => k.secretKey),
      ...h.sim.issuedTokens(),
    ];
    expect(h.sim.issuedTokens().length).toBeGreaterThanOrEqual(4);
    const texts = [
      JSON.stringify(h.logs.records),
      ...errors.map((e) => `${(e as Error).message} ${JSON.stringify(e)} ${inspect(e, { depth: null })}`),
      ...seen.map((s) => inspect(s, { depth: null, showHidden: true })),
    ];
    for (const text of texts) for (const secret of secrets) expect(text.includes(secret)).toBe(false);
    // The log is not empty: support ids are there, so the scan above means something.
    const calls = h.logs.records.filter((r) => r.msg === 'prisma cloud call');
    expect(calls.length).toBeGreaterThan(10);
    expect(calls.every((r) => typeof r.requestId === 'string' && typeof r.traceId === 'string')).toBe(true);
  });
});
