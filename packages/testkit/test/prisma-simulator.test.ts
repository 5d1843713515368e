import type { Credential } from '@keyroll/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  credentialWorks,
  FaultInjector,
  ManualClock,
  type PrismaSimulator,
  startPrismaSimulator,
} from '../src/index.ts';

/** Raw HTTP against the simulator, so its rules are tested without the client. */
async function call(sim: PrismaSimulator, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: {
      ...(token ? { 'x-redlock-auth': token } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const redlock = res.headers.get('x-redlock-status');
  return {
    status: res.status,
    i18nKey: redlock ? (JSON.parse(redlock) as Array<{ i18nKey: string }>)[0]?.i18nKey : undefined,
    headers: res.headers,
    text,
    json: res.headers.get('content-type') === 'application/json' ? (JSON.parse(text) as unknown) : undefined,
  };
}

async function login(sim: PrismaSimulator, cred: Credential): Promise<string> {
  const res = await call(sim, 'POST', '/login', undefined, {
    username: cred.accessKeyId,
    password: cred.secretKey,
  });
  expect(res.status).toBe(200);
  return (res.json as { token: string }).token;
}

describe('Prisma Cloud simulator', () => {
  let sim: PrismaSimulator;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock();
    sim = await startPrismaSimulator({ clock });
  });
  afterEach(async () => {
    await sim.close();
  });

  it('logs in with a key pair and answers /user/me with the service account name as email', async () => {
    const cred = sim.addServiceAccount('sa-ci');
    expect(cred.apiUrl).toBe(sim.url);
    const res = await call(sim, 'POST', '/login', undefined, {
      username: cred.accessKeyId,
      password: cred.secretKey,
    });
    expect(res.status).toBe(200);
    const body = res.json as { token: string; message: string; customerNames: unknown[] };
    expect(body.message).toBe('login_successful');
    expect(body.customerNames.length).toBeGreaterThan(0);
    const [header, payload, signature] = body.token.split('.');
    expect(signature).toMatch(/^[\w-]+$/);
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toMatchObject({
      alg: 'HS256',
      typ: 'JWT',
    });
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { iat: number; exp: number };
    expect(claims.exp - claims.iat).toBe(600);

    const me = await call(sim, 'GET', '/user/me', body.token);
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ email: 'sa-ci', enabled: true, accessKeysAllowed: true });
    expect(sim.keys('sa-ci')[0]!.lastUsedTime).toBe(clock.now());
  });

  it('rejects wrong, unknown, inactive, expired and not-yet-propagated keys at /login', async () => {
    const cred = sim.addServiceAccount('sa');
    const wrong = await call(sim, 'POST', '/login', undefined, {
      username: cred.accessKeyId,
      password: 'nope-nope',
    });
    expect(wrong.status).toBe(401);
    expect((await call(sim, 'POST', '/login', undefined, { username: 'x', password: 'y' })).status).toBe(401);

    const inactive = sim.addKey('sa', { status: 'inactive' });
    expect(sim.canLogin(inactive.accessKeyId, inactive.secretKey)).toBe(false);
    const res = await call(sim, 'POST', '/login', undefined, {
      username: inactive.accessKeyId,
      password: inactive.secretKey,
    });
    expect(res.status).toBe(401);

    const other = sim.addServiceAccount('sa2');
    const expiring = sim.addKey('sa2', { expiresOn: clock.now() + 1000 });
    expect(credentialWorks(sim, expiring)).toBe(true);
    clock.advance(1000);
    expect(credentialWorks(sim, expiring)).toBe(false);
    expect(sim.keys('sa2').find((k) => k.id === expiring.accessKeyId)!.status).toBe('expired');
    expect(credentialWorks(sim, other)).toBe(true);
  });

  it('enforces propagation delay for keys created through the API', async () => {
    await sim.close();
    sim = await startPrismaSimulator({ clock, propagationDelayMs: 5000 });
    const cred = sim.addServiceAccount('sa');
    expect(credentialWorks(sim, cred)).toBe(true); // seeded keys exist already
    const token = await login(sim, cred);
    const created = await call(sim, 'POST', '/access_keys', token, { name: 'new' });
    const { id, secretKey } = created.json as { id: string; secretKey: string };
    expect(sim.canLogin(id, secretKey)).toBe(false);
    expect((await call(sim, 'POST', '/login', undefined, { username: id, password: secretKey })).status).toBe(
      401,
    );
    clock.advance(5000);
    expect(sim.canLogin(id, secretKey)).toBe(true);
  });

  it('expires JWTs on the simulator clock, and extend gives a fresh lifetime only while valid', async () => {
    const cred = sim.addServiceAccount('sa');
    const token = await login(sim, cred);
    clock.advance(9 * 60_000);
    const extended = await call(sim, 'GET', '/auth_token/extend', token);
    expect(extended.status).toBe(200);
    const fresh = (extended.json as { token: string }).token;
    expect(fresh).not.toBe(token);
    clock.advance(60_000);
    expect((await call(sim, 'GET', '/user/me', token)).status).toBe(401);
    expect((await call(sim, 'GET', '/user/me', fresh)).status).toBe(200);
    const late = await call(sim, 'GET', '/auth_token/extend', token);
    expect(late.status).toBe(401);
    expect(late.i18nKey).toBe('token_expired');
    expect((await call(sim, 'GET', '/user/me', 'not-a-jwt')).status).toBe(401);
    expect((await call(sim, 'GET', '/user/me')).status).toBe(401);
  });

  it('ties a token to its key: deactivating or deleting the key revokes its tokens', async () => {
    const admin = sim.addServiceAccount('admin', { admin: true });
    const adminToken = await login(sim, admin);
    const cred = sim.addServiceAccount('sa');
    const token = await login(sim, cred);
    expect((await call(sim, 'GET', '/access_keys', token)).status).toBe(200);
    expect(
      (await call(sim, 'PATCH', `/access_keys/${cred.accessKeyId}/status/false`, adminToken)).status,
    ).toBe(200);
    expect((await call(sim, 'GET', '/access_keys', token)).status).toBe(401);
    expect(
      (await call(sim, 'PATCH', `/access_keys/${cred.accessKeyId}/status/true`, adminToken)).status,
    ).toBe(200);
    expect((await call(sim, 'GET', '/access_keys', token)).status).toBe(200);
    expect((await call(sim, 'DELETE', `/access_keys/${cred.accessKeyId}`, adminToken)).status).toBe(200);
    expect((await call(sim, 'GET', '/access_keys', token)).status).toBe(401);
  });

  it('counts inactive and expired keys toward the two-key limit until they are deleted', async () => {
    const cred = sim.addServiceAccount('sa');
    const token = await login(sim, cred);
    const second = await call(sim, 'POST', '/access_keys', token, {
      name: 'second',
      expiresOn: clock.now() + 1000,
    });
    expect(second.status).toBe(200);
    const secondId = (second.json as { id: string }).id;
    expect((await call(sim, 'PATCH', `/access_keys/${secondId}/status/false`, token)).status).toBe(200);
    clock.advance(2000);
    const third = await call(sim, 'POST', '/access_keys', token, { name: 'third' });
    expect(third.status).toBe(400);
    expect(third.i18nKey).toBe('already_have_two_access_keys');
    expect(third.headers.get('x-redlock-status')).toBe(
      '[{"i18nKey":"already_have_two_access_keys","severity":"error","subject":null}]',
    );
    const listed = (await call(sim, 'GET', '/access_keys', token)).json as Array<{
      id: string;
      status: string;
    }>;
    expect(listed.find((k) => k.id === secondId)!.status).toBe('expired');
    expect((await call(sim, 'DELETE', `/access_keys/${secondId}`, token)).status).toBe(200);
    expect((await call(sim, 'POST', '/access_keys', token, { name: 'third' })).status).toBe(200);
    expect(sim.keys('sa')).toHaveLength(2);
  });

  it('applies a key limit of 1 with the same i18n key', async () => {
    const cred = sim.addServiceAccount('build', { keyLimit: 1 });
    expect(sim.keyLimit('build')).toBe(1);
    expect(() => sim.addKey('build')).toThrow(/limit/);
    const token = await login(sim, cred);
    const res = await call(sim, 'POST', '/access_keys', token, { name: 'second' });
    expect(res.status).toBe(400);
    expect(res.i18nKey).toBe('already_have_two_access_keys');
  });

  it('validates create requests: duplicate name, long name, past expiry', async () => {
    const cred = sim.addServiceAccount('sa', { keyLimit: 2 });
    const token = await login(sim, cred);
    const dup = await call(sim, 'POST', '/access_keys', token, { name: 'sa initial key' });
    expect([dup.status, dup.i18nKey]).toEqual([409, 'duplicate_access_key_name']);
    const long = await call(sim, 'POST', '/access_keys', token, { name: 'x'.repeat(101) });
    expect([long.status, long.i18nKey]).toEqual([400, 'invalid_access_key_name_length']);
    const past = await call(sim, 'POST', '/access_keys', token, { name: 'p', expiresOn: clock.now() - 1 });
    expect([past.status, past.i18nKey]).toEqual([400, 'invalid_expiry_access_key']);
    expect(sim.keys('sa')).toHaveLength(1);
  });

  it('isolates non-admins and lets a System Admin manage any account', async () => {
    const admin = sim.addServiceAccount('admin', { admin: true });
    const a = sim.addServiceAccount('sa-a');
    const b = sim.addServiceAccount('sa-b');
    const tokenA = await login(sim, a);
    const listA = (await call(sim, 'GET', '/access_keys', tokenA)).json as Array<{ username: string }>;
    expect(listA.map((k) => k.username)).toEqual(['sa-a']);
    for (const [method, path] of [
      ['GET', `/access_keys/${b.accessKeyId}`],
      ['DELETE', `/access_keys/${b.accessKeyId}`],
      ['PATCH', `/access_keys/${b.accessKeyId}/status/false`],
    ] as const) {
      const res = await call(sim, method, path, tokenA);
      expect([res.status, res.i18nKey]).toEqual([403, 'unauthorized_to_use_access_keys']);
    }
    const forB = await call(sim, 'POST', '/access_keys', tokenA, { name: 'x', serviceAccountName: 'sa-b' });
    expect(forB.status).toBe(403);
    const forSelf = await call(sim, 'POST', '/access_keys', tokenA, {
      name: 'x',
      serviceAccountName: 'sa-a',
    });
    expect(forSelf.status).toBe(200);

    const adminToken = await login(sim, admin);
    const all = (await call(sim, 'GET', '/access_keys', adminToken)).json as Array<Record<string, unknown>>;
    expect(new Set(all.map((k) => k.username))).toEqual(new Set(['admin', 'sa-a', 'sa-b']));
    expect(all[0]).toMatchObject({
      status: 'active',
      role: expect.any(Object),
      roleType: expect.any(String),
    });
    const made = await call(sim, 'POST', '/access_keys', adminToken, {
      name: 'b2',
      serviceAccountName: 'sa-b',
    });
    expect(made.status).toBe(200);
    const key = sim.keys('sa-b').find((k) => k.name === 'b2')!;
    expect(key.owner).toBe('sa-b');
    expect((await call(sim, 'GET', `/access_keys/${key.id}`, adminToken)).json).toEqual({
      id: key.id,
      name: 'b2',
      expiresOn: 0,
    });
  });

  it('answers unknown ids with 500 non_existing_access_key and refuses to re-activate expired keys', async () => {
    const cred = sim.addServiceAccount('sa');
    const expiring = sim.addKey('sa', { status: 'inactive', expiresOn: clock.now() + 10 });
    const token = await login(sim, cred);
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const [method, path] of [
      ['GET', `/access_keys/${unknown}`],
      ['DELETE', `/access_keys/${unknown}`],
      ['PATCH', `/access_keys/${unknown}/status/true`],
    ] as const) {
      const res = await call(sim, method, path, token);
      expect([res.status, res.i18nKey]).toEqual([500, 'non_existing_access_key']);
    }
    const bad = await call(sim, 'PATCH', `/access_keys/${expiring.accessKeyId}/status/yes`, token);
    expect([bad.status, bad.i18nKey]).toEqual([400, 'empty_access_key_status_provided']);
    clock.advance(10);
    const reactivate = await call(sim, 'PATCH', `/access_keys/${expiring.accessKeyId}/status/true`, token);
    expect([reactivate.status, reactivate.i18nKey]).toEqual([500, 'expired_access_key']);
    expect(sim.keys('sa').find((k) => k.id === expiring.accessKeyId)!.status).toBe('expired');
  });

  it('logs every request by normalized route, faulted ones included', async () => {
    const cred = sim.addServiceAccount('sa');
    sim.faults.add({ match: 'GET /access_keys', kind: 'error', status: 503 });
    const token = await login(sim, cred);
    expect((await call(sim, 'GET', '/access_keys', token)).status).toBe(503);
    await call(sim, 'GET', '/access_keys', token);
    await call(sim, 'PATCH', `/access_keys/${cred.accessKeyId}/status/true`, token);
    expect(sim.requestCount('POST /login')).toBe(1);
    expect(sim.requestCount('GET /access_keys')).toBe(2);
    expect(sim.requests.map((r) => [r.route, r.status])).toEqual([
      ['POST /login', 200],
      ['GET /access_keys', 503],
      ['GET /access_keys', 200],
      ['PATCH /access_keys/:id/status/:status', 200],
    ]);
    sim.clearRequests();
    expect(sim.requestCount()).toBe(0);
  });
});

describe('Prisma Cloud simulator fault kinds', () => {
  let sim: PrismaSimulator;
  let token: string;
  let cred: Credential;

  beforeEach(async () => {
    sim = await startPrismaSimulator({ faults: new FaultInjector() });
    cred = sim.addServiceAccount('sa');
    token = await login(sim, cred);
  });
  afterEach(async () => {
    await sim.close();
  });

  it('error: answers the given status, headers and body without applying', async () => {
    sim.faults.add({
      match: 'POST /access_keys',
      kind: 'error',
      status: 429,
      headers: { 'retry-after': '2' },
      body: '<html>Too Many Requests</html>',
    });
    const res = await call(sim, 'POST', '/access_keys', token, { name: 'n' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.text).toContain('<html>');
    expect(sim.keys('sa')).toHaveLength(1);
  });

  it('passes a detail so a fault can target one key', async () => {
    const other = sim.addKey('sa');
    sim.faults.add({
      match: (c, d) => c === 'DELETE /access_keys/:id' && (d as { id?: string })?.id === other.accessKeyId,
      kind: 'error',
      status: 500,
    });
    sim.faults.add({
      match: (c, d) =>
        c === 'POST /login' && (d as { accessKeyId?: string })?.accessKeyId === other.accessKeyId,
      kind: 'error',
      status: 503,
    });
    expect(
      (
        await call(sim, 'POST', '/login', undefined, {
          username: other.accessKeyId,
          password: other.secretKey,
        })
      ).status,
    ).toBe(503);
    expect((await call(sim, 'DELETE', `/access_keys/${other.accessKeyId}`, token)).status).toBe(500);
    expect((await call(sim, 'DELETE', `/access_keys/${other.accessKeyId}`, token)).status).toBe(200);
  });

  it('drop-after-apply: applies the change, then destroys the connection', async () => {
    sim.faults.add({ match: 'POST /access_keys', kind: 'drop-after-apply' });
    await expect(call(sim, 'POST', '/access_keys', token, { name: 'dropped' })).rejects.toThrow();
    expect(sim.keys('sa').map((k) => k.name)).toContain('dropped');
    expect(sim.requests.at(-1)).toMatchObject({ route: 'POST /access_keys', status: 0 });
  });

  it('timeout: holds the request without applying; hang-after-apply applies and holds', async () => {
    sim.faults.add({ match: 'POST /access_keys', kind: 'timeout' });
    await expect(
      fetch(`${sim.url}/access_keys`, {
        method: 'POST',
        headers: { 'x-redlock-auth': token, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'held' }),
        signal: AbortSignal.timeout(150),
      }),
    ).rejects.toThrow();
    expect(sim.keys('sa')).toHaveLength(1);

    sim.faults.add({ match: 'POST /access_keys', kind: 'hang-after-apply' });
    await expect(
      fetch(`${sim.url}/access_keys`, {
        method: 'POST',
        headers: { 'x-redlock-auth': token, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'hung' }),
        signal: AbortSignal.timeout(150),
      }),
    ).rejects.toThrow();
    expect(sim.keys('sa').map((k) => k.name)).toContain('hung');
  });

  it('close() does not wait for held requests', async () => {
    sim.faults.add({ match: 'GET /user/me', kind: 'timeout' });
    const pending = fetch(`${sim.url}/user/me`, { headers: { 'x-redlock-auth': token } }).catch(
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 50));
    await sim.close();
    expect(await pending).toBeInstanceOf(Error);
  });

  it('delay: serves normally after the delay', async () => {
    sim.faults.add({ match: 'GET /user/me', kind: 'delay', delayMs: 30 });
    const res = await call(sim, 'GET', '/user/me', token);
    expect(res.status).toBe(200);
    expect(sim.faults.hits).toEqual([{ call: 'GET /user/me', kind: 'delay' }]);
  });
});
