import { createServer } from 'node:http';
import { type AddressInfo, createServer as createNetServer, type Socket } from 'node:net';
import { mayHaveApplied, silentLogger } from '@keyroll/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrismaCloudClient } from '../src/index.ts';
import { Transport } from '../src/transport.ts';
import { type Harness, rejection, startHarness } from './helpers.ts';

const HTML_429 = '<html><body><h1>429 Too Many Requests</h1></body></html>';

describe('retries, backoff and ambiguous failures', () => {
  let h: Harness;
  let client: PrismaCloudClient;
  beforeEach(async () => {
    h = await startHarness();
    client = await h.login(h.sim.addServiceAccount('sa'));
    h.sim.clearRequests();
    h.clock.sleeps.length = 0;
  });
  afterEach(async () => {
    await client.close();
    await h.sim.close();
  });

  it('honours Retry-After on a 429 (HTML body, no x-redlock-status), plus up to half again as jitter', async () => {
    h.sim.faults.add({
      match: 'GET /access_keys',
      kind: 'error',
      status: 429,
      headers: { 'retry-after': '3', 'content-type': 'text/html' },
      body: HTML_429,
    });
    expect(await client.listAccessKeys()).toHaveLength(1);
    expect(h.clock.sleeps).toHaveLength(1);
    expect(h.clock.sleeps[0]).toBeGreaterThanOrEqual(3000);
    expect(h.clock.sleeps[0]).toBeLessThanOrEqual(4500);
    expect(h.sim.requestCount('GET /access_keys')).toBe(2);
  });

  it('rides out a 429 storm and then succeeds', async () => {
    h.sim.faults.add({
      match: 'GET /user/me',
      kind: 'error',
      status: 429,
      headers: { 'retry-after': '1' },
      times: 3,
    });
    expect((await client.me()).email).toBe('sa');
    expect(h.clock.sleeps).toHaveLength(3);
    for (const ms of h.clock.sleeps) expect(ms >= 1000 && ms <= 1500, `${ms}`).toBe(true);
    expect(h.sim.requests.map((r) => r.status)).toEqual([429, 429, 429, 200]);
  });

  it('backs off exponentially (with jitter) when a 429 has no Retry-After', async () => {
    h.sim.faults.add({ match: 'GET /user/me', kind: 'error', status: 429, body: HTML_429, times: 3 });
    await client.me();
    const [d1, d2, d3] = h.clock.sleeps;
    // baseDelayMs 100: attempt n waits between half and all of 100·2^(n-1).
    expect(d1).toBeGreaterThanOrEqual(50);
    expect(d1).toBeLessThanOrEqual(100);
    expect(d2).toBeGreaterThanOrEqual(100);
    expect(d2).toBeLessThanOrEqual(200);
    expect(d3).toBeGreaterThanOrEqual(200);
    expect(d3).toBeLessThanOrEqual(400);
  });

  it('surfaces rate_limited with the hint once the attempts are spent', async () => {
    h.sim.faults.add({
      match: 'GET /user/me',
      kind: 'error',
      status: 429,
      headers: { 'retry-after': '2' },
      times: 10,
    });
    const err = await rejection(client.me());
    expect([err.code, err.category]).toEqual(['http_429', 'rate_limited']);
    expect(err.retryAfterMs).toBeGreaterThanOrEqual(2000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(3000);
    expect(h.sim.requestCount('GET /user/me')).toBe(4);
  });

  it.each([
    ['GET /access_keys', (c: PrismaCloudClient) => c.listAccessKeys()],
    [
      'PATCH /access_keys/:id/status/:status',
      (c: PrismaCloudClient) => c.setAccessKeyStatus(c.accessKeyId, true),
    ],
    ['DELETE /access_keys/:id', (c: PrismaCloudClient) => c.deleteAccessKey(c.accessKeyId)],
  ] as const)('retries %s on 503 and 500', async (route, op) => {
    h.sim.faults.add({ match: route, kind: 'error', status: 503, headers: { 'retry-after': '1' } });
    h.sim.faults.add({ match: route, kind: 'error', status: 500, body: '<html>oops</html>' });
    await op(client);
    expect(h.sim.requests.filter((r) => r.route === route).map((r) => r.status)).toEqual([503, 500, 200]);
    expect(h.clock.sleeps[0]).toBe(1000);
  });

  it('retries an idempotent call after a dropped connection or a timeout', async () => {
    await client.close();
    client = await h.login(h.sim.addServiceAccount('sa2'), { requestTimeoutMs: 150 });
    h.sim.clearRequests();
    h.sim.faults.add({ match: 'PATCH /access_keys/:id/status/:status', kind: 'drop-after-apply' });
    h.sim.faults.add({ match: 'PATCH /access_keys/:id/status/:status', kind: 'timeout' });
    await client.setAccessKeyStatus(client.accessKeyId, true);
    expect(h.sim.requestCount('PATCH /access_keys/:id/status/:status')).toBe(3);
  });

  it('login and extend are retried on 5xx', async () => {
    await client.close();
    h.sim.faults.add({ match: 'POST /login', kind: 'error', status: 500 });
    h.sim.faults.add({ match: 'GET /auth_token/extend', kind: 'error', status: 502 });
    client = await h.login(h.sim.addServiceAccount('sa3'));
    h.clock.advance(9 * 60_000);
    await client.me();
    expect(h.sim.requests.map((r) => [r.route, r.status])).toEqual([
      ['POST /login', 500],
      ['POST /login', 200],
      ['GET /auth_token/extend', 502],
      ['GET /auth_token/extend', 200],
      ['GET /user/me', 200],
    ]);
  });

  it('does not retry a create on 500: one request, category ambiguous', async () => {
    h.sim.faults.add({ match: 'POST /access_keys', kind: 'error', status: 500 });
    const err = await rejection(client.createAccessKey({ name: 'r1' }));
    expect(err.category).toBe('ambiguous');
    expect(err.retryable).toBe(false);
    expect(mayHaveApplied(err)).toBe(true);
    expect(h.sim.requestCount('POST /access_keys')).toBe(1);
    expect(h.clock.sleeps).toEqual([]);
  });

  it('does not retry a create on 503 either', async () => {
    h.sim.faults.add({
      match: 'POST /access_keys',
      kind: 'error',
      status: 503,
      headers: { 'retry-after': '1' },
    });
    const err = await rejection(client.createAccessKey({ name: 'r1' }));
    expect(err.category).toBe('ambiguous');
    expect(h.sim.requestCount('POST /access_keys')).toBe(1);
  });

  it('a create whose answer is lost (drop-after-apply) is ambiguous, not retried, and did happen', async () => {
    h.sim.faults.add({ match: 'POST /access_keys', kind: 'drop-after-apply' });
    const err = await rejection(client.createAccessKey({ name: 'keyroll r-drop' }));
    expect([err.code, err.category]).toEqual(['connection_lost', 'ambiguous']);
    expect(err.message).toMatch(/may or may not have been created/);
    expect(h.sim.requestCount('POST /access_keys')).toBe(1);
    // The engine resolves it by listing: the key exists.
    expect((await client.listAccessKeys()).map((k) => k.name)).toContain('keyroll r-drop');
  });

  it('a create that times out is ambiguous and not retried', async () => {
    await client.close();
    client = await h.login(h.sim.addServiceAccount('sa-t'), { requestTimeoutMs: 150 });
    h.sim.clearRequests();
    h.sim.faults.add({ match: 'POST /access_keys', kind: 'timeout' });
    const err = await rejection(client.createAccessKey({ name: 'r-timeout' }));
    expect([err.code, err.category]).toEqual(['timeout', 'ambiguous']);
    expect(h.sim.requestCount('POST /access_keys')).toBe(1);
    expect(h.sim.keys('sa-t')).toHaveLength(1);
  });

  it('a create that hangs after applying is ambiguous and the key exists', async () => {
    await client.close();
    client = await h.login(h.sim.addServiceAccount('sa-h'), { requestTimeoutMs: 150 });
    h.sim.clearRequests();
    h.sim.faults.add({ match: 'POST /access_keys', kind: 'hang-after-apply' });
    const err = await rejection(client.createAccessKey({ name: 'r-hang' }));
    expect(err.category).toBe('ambiguous');
    expect(h.sim.requestCount('POST /access_keys')).toBe(1);
    expect(h.sim.keys('sa-h').map((k) => k.name)).toContain('r-hang');
  });

  it('a create is retried on 429 (rejected before processing)', async () => {
    h.sim.faults.add({ match: 'POST /access_keys', kind: 'error', status: 429, body: HTML_429, times: 2 });
    const created = await client.createAccessKey({ name: 'r-429' });
    expect(h.sim.requests.map((r) => r.status)).toEqual([429, 429, 200]);
    expect(h.sim.keys('sa').filter((k) => k.id === created.id)).toHaveLength(1);
  });
});

describe('network failures before the request is sent', () => {
  it('are unavailable and retried', async () => {
    // A port that was just released: connection refused.
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await new Promise<void>((r) => server.close(() => r()));
    const h = await startHarness();
    try {
      const err = await rejection(
        PrismaCloudClient.login(
          { apiUrl: origin, accessKeyId: 'id', secretKey: 'secret-value-123' },
          h.options({ allowedOrigins: [origin] }),
        ),
      );
      expect([err.code, err.category, err.retryable]).toEqual(['network_error', 'unavailable', true]);
      expect(h.clock.sleeps).toHaveLength(3); // maxAttempts 4
    } finally {
      await h.sim.close();
    }
  });
});

describe('a deadline before the connection is up', () => {
  it('is a definite failure, also for a create: a TLS handshake that never finished sent nothing', async () => {
    // Accepts TCP, never answers the TLS ClientHello: the request cannot have left this process.
    const sockets: Socket[] = [];
    const server = createNetServer((s) => void sockets.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const transport = new Transport(origin, { timeoutMs: 200, logger: silentLogger() });
    try {
      const err = await rejection(
        transport.send({
          method: 'POST',
          path: '/access_keys',
          call: 'POST /access_keys',
          idempotent: false,
        }),
      );
      expect([err.code, err.category]).toEqual(['network_error', 'unavailable']);
      expect(err.message).toMatch(/before the request was sent \(CONNECT_TIMEOUT\)/);
    } finally {
      await transport.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('once the connection is up, a create that gets no answer is ambiguous', async () => {
    // Reads the request, never answers.
    const sockets: Socket[] = [];
    const server = createNetServer((s) => {
      sockets.push(s);
      s.resume();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const transport = new Transport(origin, { timeoutMs: 200, logger: silentLogger() });
    try {
      const err = await rejection(
        transport.send({
          method: 'POST',
          path: '/access_keys',
          call: 'POST /access_keys',
          idempotent: false,
        }),
      );
      expect([err.code, err.category]).toEqual(['timeout', 'ambiguous']);
    } finally {
      await transport.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
