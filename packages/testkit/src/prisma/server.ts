import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Credential } from '@keyroll/core';
import { FaultInjector } from '../faults.ts';
import type { SimClock } from './clock.ts';
import { SimRateLimit, type SimRateLimitOptions } from './rate-limit.ts';
import { type Caller, isCaller, type SimKey, type SimResponse, Tenant } from './tenant.ts';

export interface PrismaSimulatorOptions {
  /** Lifetime of a JWT from /login or /auth_token/extend, on the simulator clock. Default 10 minutes. */
  jwtLifetimeMs?: number;
  clock?: SimClock;
  faults?: FaultInjector;
  /** A key created through the API cannot log in until this long after creation. Default 0. */
  propagationDelayMs?: number;
  /** Refuse PATCH status/false on the key behind the caller's own session (undocumented in the real API). */
  forbidSelfDeactivation?: boolean;
  /** A per-user, tenant-wide token bucket with X-RateLimit-* headers (numbers are an assumption). Default off. */
  rateLimit?: SimRateLimitOptions;
}

export interface SimRequest {
  method: string;
  /** Normalized call name, e.g. `PATCH /access_keys/:id/status/:status`. */
  route: string;
  /** HTTP status answered; 0 when the request was dropped or never answered. */
  status: number;
  /** Simulator clock when the request arrived. */
  at: number;
}

export interface PrismaSimulator {
  /** http://127.0.0.1:PORT */
  url: string;
  faults: FaultInjector;
  clock: SimClock;
  /** Present when started with `rateLimit`: its per-user 429 counts. */
  rateLimit: SimRateLimit | undefined;
  /** Creates a service account with its first key. admin: true = System Admin (manages every account's keys). */
  addServiceAccount(name: string, opts?: { keyLimit?: 1 | 2; admin?: boolean }): Credential;
  /** Seeds an extra key (orphan, inactive previous key, old key…). Throws beyond the account's key limit. */
  addKey(
    owner: string,
    opts?: { name?: string; status?: 'active' | 'inactive'; createdTs?: number; expiresOn?: number },
  ): Credential;
  /** Copies of the account's keys, secrets included (the simulator is the source of truth). */
  keys(owner: string): SimKey[];
  allKeys(): SimKey[];
  /** Would POST /login with this pair succeed now? (exists, secret matches, active, not expired, propagated) */
  canLogin(accessKeyId: string, secretKey: string): boolean;
  keyLimit(owner: string): number;
  requests: SimRequest[];
  requestCount(route?: string): number;
  clearRequests(): void;
  /** Every JWT the simulator has issued (for leak checks). */
  issuedTokens(): string[];
  /** Every secret key the simulator has minted, deleted keys included (for leak checks). */
  mintedSecrets(): string[];
  close(): Promise<void>;
}

export const DEFAULT_JWT_LIFETIME_MS = 600_000;

interface Route {
  call: string;
  id?: string;
  status?: string;
}

/** Maps a request line to its normalized call name (the name faults and the request log use). */
function resolveRoute(method: string, path: string): Route | undefined {
  const p = path.length > 1 ? path.replace(/\/+$/, '') : path;
  if (method === 'POST' && p === '/login') return { call: 'POST /login' };
  if (method === 'GET' && p === '/auth_token/extend') return { call: 'GET /auth_token/extend' };
  if (method === 'GET' && p === '/user/me') return { call: 'GET /user/me' };
  if (p === '/access_keys' && (method === 'GET' || method === 'POST'))
    return { call: `${method} /access_keys` };
  const status = /^\/access_keys\/([^/]+)\/status\/([^/]*)$/.exec(p);
  if (status && method === 'PATCH')
    return {
      call: 'PATCH /access_keys/:id/status/:status',
      id: decodeURIComponent(status[1]!),
      status: decodeURIComponent(status[2]!),
    };
  const one = /^\/access_keys\/([^/]+)$/.exec(p);
  if (one && (method === 'GET' || method === 'DELETE'))
    return { call: `${method} /access_keys/:id`, id: decodeURIComponent(one[1]!) };
  return undefined;
}

export async function startPrismaSimulator(opts: PrismaSimulatorOptions = {}): Promise<PrismaSimulator> {
  const clock: SimClock = opts.clock ?? { now: () => Date.now() };
  const faults = opts.faults ?? new FaultInjector();
  let url = '';
  const tenant = new Tenant(
    clock,
    opts.jwtLifetimeMs ?? DEFAULT_JWT_LIFETIME_MS,
    opts.propagationDelayMs ?? 0,
    () => url,
  );
  tenant.forbidSelfDeactivation = opts.forbidSelfDeactivation === true;
  const requests: SimRequest[] = [];
  const rateLimit = opts.rateLimit ? new SimRateLimit(opts.rateLimit, clock) : undefined;
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  /** Runs the route against the tenant: the "apply" step. */
  const apply = (route: Route, req: IncomingMessage, body: unknown): SimResponse => {
    if (route.call === 'POST /login') return tenant.login(body);
    const token = headerValue(req, 'x-redlock-auth');
    if (route.call === 'GET /auth_token/extend') return tenant.extend(token);
    const caller: Caller | SimResponse = tenant.authenticate(token);
    if (!isCaller(caller)) return caller;
    switch (route.call) {
      case 'GET /user/me':
        return tenant.me(caller);
      case 'GET /access_keys':
        return tenant.listKeys(caller);
      case 'POST /access_keys':
        return tenant.createKey(caller, body);
      case 'GET /access_keys/:id':
        return tenant.getKey(caller, route.id!);
      case 'DELETE /access_keys/:id':
        return tenant.deleteKey(caller, route.id!);
      case 'PATCH /access_keys/:id/status/:status':
        return tenant.setStatus(caller, route.id!, route.status!);
      default:
        return { status: 404 };
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://sim').pathname;
    const raw = await readBody(req);
    const route = resolveRoute(method, path);
    const entry: SimRequest = {
      method,
      route: route?.call ?? `${method} ${path}`,
      status: 0,
      at: clock.now(),
    };
    requests.push(entry);
    let limitHeaders: Record<string, string> | undefined;
    const send = (r: SimResponse | { status: number; headers?: Record<string, string>; raw: string }) => {
      entry.status = r.status;
      if (closed || res.destroyed) return;
      const headers: Record<string, string> = {
        'x-redlock-request-id': randomUUID(),
        'trace-id': randomBytes(8).toString('hex'),
        ...limitHeaders,
        ...r.headers,
      };
      let text = '';
      if ('raw' in r) text = r.raw;
      else if (r.body !== undefined) {
        text = JSON.stringify(r.body);
        headers['content-type'] = 'application/json';
      }
      if (text && !headers['content-type'])
        headers['content-type'] = text.trimStart().startsWith('<') ? 'text/html' : 'text/plain';
      res.writeHead(r.status, headers);
      res.end(text);
    };
    if (!route) return send({ status: 404 });

    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        return send({ status: 400 });
      }
    }
    // Counted per user before anything else, like a gateway in front of the API. Unknown callers (bad
    // token, unknown key) are not limited here; they get their 401 below.
    const user =
      rateLimit &&
      tenant.rateLimitUser(
        headerValue(req, 'x-redlock-auth'),
        route.call === 'POST /login' ? (body as { username?: unknown } | undefined)?.username : undefined,
      );
    if (rateLimit && user !== undefined) {
      const verdict = rateLimit.take(user);
      limitHeaders = verdict.headers;
      if (!verdict.allowed)
        return send({ status: 429, raw: '<html><body>429 Too Many Requests</body></html>' });
    }
    const fault = faults.take(route.call, faultDetail(route, body));
    if (fault) {
      switch (fault.kind) {
        case 'error':
          return send({ status: fault.status ?? 500, headers: fault.headers, raw: fault.body ?? '' });
        case 'timeout':
          return; // held open, nothing applied; close() destroys the socket
        case 'delay':
          await (fault.until ? fault.until.then(noop, noop) : wait(fault.delayMs ?? 0));
          if (closed) return;
          break;
        case 'drop-after-apply':
          apply(route, req, body);
          req.socket.destroy();
          return;
        case 'hang-after-apply':
          apply(route, req, body);
          return;
        case 'rewrite': {
          const real = apply(route, req, body);
          const lie = fault.rewrite ? fault.rewrite({ status: real.status, body: real.body }) : real;
          return send({ ...real, ...lie });
        }
      }
    }
    send(apply(route, req, body));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500);
        res.end();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    faults,
    clock,
    rateLimit,
    addServiceAccount: (name, o) => tenant.addServiceAccount(name, o),
    addKey: (owner, o) => tenant.addKey(owner, o),
    keys: (owner) => tenant.keys(owner),
    allKeys: () => tenant.allKeys(),
    canLogin: (id, secret) => tenant.canLogin(id, secret),
    keyLimit: (owner) => tenant.keyLimit(owner),
    requests,
    requestCount: (route) =>
      route === undefined ? requests.length : requests.filter((r) => r.route === route).length,
    clearRequests: () => {
      requests.length = 0;
    },
    issuedTokens: () => [...tenant.issuedTokens],
    mintedSecrets: () => [...tenant.mintedSecrets],
    close: async () => {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      // Held (timeout / hang) requests would keep close() waiting forever: cut every connection.
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await done;
    },
  };
}

/** `credentialWorks(sim, cred)`: would this credential log in right now? */
export function credentialWorks(sim: PrismaSimulator, credential: Credential): boolean {
  return sim.canLogin(credential.accessKeyId, credential.secretKey);
}

/**
 * A consumer that has not switched: logs in with `credential` over HTTP (POST /login, as any client does),
 * so the simulator records the key's lastUsedTime. Throws unless the login succeeds.
 */
export async function consumerLogsIn(
  apiUrl: string,
  credential: { accessKeyId: string; secretKey: string },
): Promise<void> {
  const res = await fetch(`${apiUrl}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: credential.accessKeyId, password: credential.secretKey }),
  });
  await res.body?.cancel();
  if (res.status !== 200) throw new Error(`consumer login answered ${res.status}, expected 200`);
}

function faultDetail(route: Route, body: unknown): Record<string, unknown> | undefined {
  const fields = (body ?? {}) as Record<string, unknown>;
  if (route.call === 'POST /login') return { accessKeyId: fields.username };
  if (route.call === 'POST /access_keys')
    return { name: fields.name, serviceAccountName: fields.serviceAccountName };
  if (route.id !== undefined)
    return { id: route.id, ...(route.status === undefined ? {} : { status: route.status }) };
  return undefined;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 1_000_000) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function noop(): void {}
