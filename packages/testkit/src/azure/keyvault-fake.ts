import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { FaultInjector, sleep } from '../faults.ts';
import { azureFakeTls, loopbackAgent } from './tls.ts';

/**
 * A stateful Azure Key Vault (secrets data plane, api-version 2025-07-01) over HTTPS on 127.0.0.1,
 * spoken to by the real `SecretClient`. Several vaults share one server; the vault is the first label
 * of the Host header (`<vault>.vault.azure.net:<port>`), so tests keep the production URL form.
 *
 * Wire behaviour it keeps (see shared/reference/testing-with-local-fakes.md §2): every request without
 * `Authorization` gets the 401 bearer challenge (the SDK's first request is a body-less probe); ids are
 * full URLs with 32-hex versions; times are unix seconds; 403 for a disabled version; 404 SecretNotFound;
 * absolute `nextLink` paging; PATCH answers without the value; at most 15 tags.
 *
 * Fault call names (after authentication; the challenge probe is not a call): `SetSecret`, `GetSecret`,
 * `GetSecretVersions`, `GetSecrets`, `UpdateSecret`. The fault detail is `{ vault, name, version }`.
 */
export interface KeyVaultFakeVersion {
  version: string;
  value: string;
  contentType?: string;
  tags?: Record<string, string>;
  enabled: boolean;
  /** Unix seconds. */
  nbf?: number;
  exp?: number;
  created: number;
  updated: number;
}

export interface KeyVaultFakeOptions {
  faults?: FaultInjector;
  /** Tenant named in the challenge's authorization URL. */
  tenantId?: string;
  /** Items per list page (the real service uses at most 25). */
  pageSize?: number;
  /** Accept a bearer token; default: any non-empty token. */
  acceptToken?: (token: string) => boolean;
  now?: () => number;
}

export interface KeyVaultFakeRequest {
  method: string;
  vault: string;
  path: string;
  /** The operation name used for faults, or `challenge` for the unauthenticated probe. */
  call: string;
  authorized: boolean;
  bodyBytes: number;
}

export interface KeyVaultSeedOptions {
  tags?: Record<string, string>;
  contentType?: string;
  enabled?: boolean;
  expiresOn?: Date;
  notBefore?: Date;
}

export interface KeyVaultFake {
  readonly port: number;
  /** PEM certificate of the server: trust it as a CA. */
  readonly ca: string;
  /** https.Agent sending every host to 127.0.0.1 and trusting `ca`: the client's transport seam. */
  readonly agent: https.Agent;
  readonly faults: FaultInjector;
  readonly requests: KeyVaultFakeRequest[];
  /** Production-form vault URL, e.g. `https://kv-test.vault.azure.net:51234`. */
  vaultUrl(vault: string): string;
  /** Adds a version directly (bypassing the client); returns its version id. */
  seed(vault: string, name: string, value: string, options?: KeyVaultSeedOptions): string;
  /** All versions, oldest first (empty when the secret does not exist). */
  versions(vault: string, name: string): KeyVaultFakeVersion[];
  /** The newest version, whatever its state. */
  latest(vault: string, name: string): KeyVaultFakeVersion | undefined;
  close(): Promise<void>;
}

const MAX_TAGS = 15;
const NAME = /^[0-9a-zA-Z-]{1,127}$/;

type Vault = Map<string, KeyVaultFakeVersion[]>;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly inner?: string,
  ) {
    super(message);
  }
}

export async function startKeyVaultFake(options: KeyVaultFakeOptions = {}): Promise<KeyVaultFake> {
  const tls = await azureFakeTls();
  const faults = options.faults ?? new FaultInjector();
  const tenantId = options.tenantId ?? '72f988bf-86f1-41af-91ab-2d7cd011db47';
  const pageSize = options.pageSize ?? 25;
  const acceptToken = options.acceptToken ?? ((token: string) => token.length > 0);
  const nowSeconds = () => Math.floor((options.now ?? Date.now)() / 1000);
  const vaults = new Map<string, Vault>();
  const requests: KeyVaultFakeRequest[] = [];
  const sockets = new Set<Socket>();

  const vaultOf = (name: string): Vault => {
    let vault = vaults.get(name);
    if (!vault) {
      vault = new Map();
      vaults.set(name, vault);
    }
    return vault;
  };

  const addVersion = (
    vault: string,
    name: string,
    value: string,
    o: KeyVaultSeedOptions,
  ): KeyVaultFakeVersion => {
    const now = nowSeconds();
    const version: KeyVaultFakeVersion = {
      version: randomBytes(16).toString('hex'),
      value,
      enabled: o.enabled ?? true,
      created: now,
      updated: now,
      ...(o.contentType !== undefined && { contentType: o.contentType }),
      ...(o.tags !== undefined && { tags: { ...o.tags } }),
      ...(o.expiresOn && { exp: Math.floor(o.expiresOn.getTime() / 1000) }),
      ...(o.notBefore && { nbf: Math.floor(o.notBefore.getTime() / 1000) }),
    };
    const all = vaultOf(vault).get(name) ?? [];
    all.push(version);
    vaultOf(vault).set(name, all);
    return version;
  };

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const host = req.headers.host ?? `localhost:${port}`;
    const vault = hostVault(host);
    const url = new URL(req.url ?? '/', `https://${host}`);
    const method = req.method ?? 'GET';
    const route = routeOf(method, url.pathname);
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : '';
    const authorized = acceptToken(token);
    requests.push({
      method,
      vault,
      path: url.pathname,
      call: authorized ? route.call : 'challenge',
      authorized,
      bodyBytes: body.length,
    });
    if (!authorized) {
      // Key Vault answers every unauthenticated request with the challenge; the SDK's first request is
      // a body-less probe, so a fake that answered it with 200 would "succeed" on an empty PUT.
      res.writeHead(401, {
        'content-type': 'application/json',
        'www-authenticate': `Bearer authorization="https://login.microsoftonline.com/${tenantId}", resource="https://vault.azure.net"`,
      });
      res.end(
        JSON.stringify({
          error: { code: 'Unauthorized', message: 'AKV10000: Request is missing a Bearer.' },
        }),
      );
      return;
    }

    const fault = faults.take(route.call, { vault, name: route.name, version: route.version });
    if (fault?.kind === 'timeout') return; // never answer, never apply; close() ends the socket
    if (fault?.kind === 'delay') await sleep(fault.delayMs ?? 0);
    if (fault?.kind === 'error') {
      res.writeHead(fault.status ?? 500, { 'content-type': 'application/json', ...fault.headers });
      res.end(
        fault.body ?? JSON.stringify({ error: { code: 'InternalServerError', message: 'Injected fault.' } }),
      );
      return;
    }

    let status = 200;
    let payload: unknown;
    try {
      if (url.searchParams.get('api-version') === null) {
        throw new HttpError(400, 'BadParameter', 'The api-version query parameter is missing.');
      }
      payload = serve(route, url, body, host);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      status = err.status;
      payload = {
        error: {
          code: err.code,
          message: err.message,
          ...(err.inner && { innererror: { code: err.inner } }),
        },
      };
    }
    if (fault?.kind === 'drop-after-apply') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang-after-apply') return;
    if (fault?.kind === 'rewrite' && fault.rewrite) {
      // A vault that lies: the change (if any) applied, the answer replaced.
      ({ status, body: payload } = fault.rewrite({ status, body: payload }));
    }
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(payload));
  };

  const serve = (route: Route, url: URL, body: string, host: string): unknown => {
    const vault = vaultOf(hostVault(host));
    const base = `https://${host}`;
    if (route.call === 'GetSecrets') {
      const names = [...vault.keys()].sort();
      return page(names, url, base, (name) => {
        const newest = vault.get(name)!.at(-1)!;
        return { ...item(newest, `${base}/secrets/${name}`) };
      });
    }
    const name = route.name!;
    if (!NAME.test(name)) throw new HttpError(400, 'BadParameter', `Invalid secret name: ${name}.`);
    switch (route.call) {
      case 'SetSecret': {
        const parsed = parseJson(body);
        if (typeof parsed.value !== 'string') {
          throw new HttpError(400, 'BadParameter', 'Property value is required.');
        }
        const tags = checkTags(parsed.tags);
        const attributes = (parsed.attributes ?? {}) as Record<string, unknown>;
        const version = addVersion(hostVault(host), name, parsed.value, {
          ...(tags && { tags }),
          ...(typeof parsed.contentType === 'string' && { contentType: parsed.contentType }),
          ...(typeof attributes.enabled === 'boolean' && { enabled: attributes.enabled }),
          ...(typeof attributes.exp === 'number' && { expiresOn: new Date(attributes.exp * 1000) }),
          ...(typeof attributes.nbf === 'number' && { notBefore: new Date(attributes.nbf * 1000) }),
        });
        return bundle(version, `${base}/secrets/${name}/${version.version}`, true);
      }
      case 'GetSecret': {
        const version = find(vault, name, route.version);
        if (!version.enabled) {
          throw new HttpError(
            403,
            'Forbidden',
            'Operation get is not allowed on a disabled secret.',
            'SecretDisabled',
          );
        }
        return bundle(version, `${base}/secrets/${name}/${version.version}`, true);
      }
      case 'GetSecretVersions': {
        const all = vault.get(name);
        if (!all) throw notFound(name);
        return page(all, url, base, (v) => item(v, `${base}/secrets/${name}/${v.version}`));
      }
      case 'UpdateSecret': {
        const version = find(vault, name, route.version);
        const parsed = parseJson(body);
        const attributes = (parsed.attributes ?? {}) as Record<string, unknown>;
        if (typeof parsed.contentType === 'string') version.contentType = parsed.contentType;
        if (typeof attributes.enabled === 'boolean') version.enabled = attributes.enabled;
        if (typeof attributes.exp === 'number') version.exp = attributes.exp;
        if (typeof attributes.nbf === 'number') version.nbf = attributes.nbf;
        const tags = checkTags(parsed.tags);
        if (tags) version.tags = tags;
        version.updated = nowSeconds();
        return bundle(version, `${base}/secrets/${name}/${version.version}`, false);
      }
      default:
        throw new HttpError(405, 'MethodNotAllowed', `Not supported by the fake: ${route.call}.`);
    }
  };

  const page = <T>(all: T[], url: URL, base: string, map: (x: T) => unknown) => {
    const max = Math.min(Number(url.searchParams.get('maxresults') ?? pageSize) || pageSize, pageSize);
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
    const slice = all.slice(skip, skip + max);
    const next = skip + max < all.length ? new URL(url.pathname, base) : undefined;
    if (next) {
      next.searchParams.set('api-version', url.searchParams.get('api-version') ?? '');
      next.searchParams.set('$skiptoken', String(skip + max));
      next.searchParams.set('maxresults', String(max));
    }
    return { value: slice.map(map), nextLink: next ? next.toString() : null };
  };

  const server = https.createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    handler(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'FakeFailure', message: String(err) } }));
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const agent = loopbackAgent(tls.cert);

  return {
    port,
    ca: tls.cert,
    agent,
    faults,
    requests,
    vaultUrl: (vault) => `https://${vault}.vault.azure.net:${port}`,
    seed: (vault, name, value, seedOptions = {}) => addVersion(vault, name, value, seedOptions).version,
    versions: (vault, name) => (vaults.get(vault)?.get(name) ?? []).map((v) => structuredClone(v)),
    latest: (vault, name) => {
      const newest = vaults.get(vault)?.get(name)?.at(-1);
      return newest && structuredClone(newest);
    },
    close: async () => {
      agent.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface Route {
  call: string;
  name?: string;
  version?: string;
}

function routeOf(method: string, pathname: string): Route {
  const parts = pathname.split('/').slice(1); // ['secrets', name, version?]
  if (parts[0] !== 'secrets') return { call: `${method} ${pathname}` };
  const name = parts[1] ? decodeURIComponent(parts[1]) : undefined;
  const rest = parts[2] === undefined ? undefined : decodeURIComponent(parts[2]);
  if (method === 'GET' && !name) return { call: 'GetSecrets' };
  if (method === 'PUT' && name && parts.length === 2) return { call: 'SetSecret', name };
  if (method === 'GET' && name && rest === 'versions') return { call: 'GetSecretVersions', name };
  // `GET /secrets/{name}/` (trailing slash, empty version) is the latest version.
  if (method === 'GET' && name && rest !== undefined) return { call: 'GetSecret', name, version: rest };
  if (method === 'PATCH' && name && rest !== undefined) return { call: 'UpdateSecret', name, version: rest };
  return { call: `${method} ${pathname}`, ...(name && { name }) };
}

function hostVault(host: string): string {
  return host.split(':')[0]!.split('.')[0]!.toLowerCase();
}

function find(vault: Vault, name: string, version: string | undefined): KeyVaultFakeVersion {
  const all = vault.get(name);
  if (!all) throw notFound(name);
  if (!version) return all.at(-1)!;
  const found = all.find((v) => v.version === version);
  if (!found) throw notFound(`${name}/${version}`);
  return found;
}

function notFound(what: string): HttpError {
  return new HttpError(
    404,
    'SecretNotFound',
    `A secret with (name/id) ${what} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command.`,
  );
}

function checkTags(tags: unknown): Record<string, string> | undefined {
  if (tags === undefined || tags === null) return undefined;
  if (typeof tags !== 'object' || Array.isArray(tags))
    throw new HttpError(400, 'BadParameter', 'Invalid tags.');
  const entries = Object.entries(tags as Record<string, unknown>);
  if (entries.length > MAX_TAGS) {
    throw new HttpError(400, 'BadParameter', `Too many tags: at most ${MAX_TAGS} are allowed.`);
  }
  for (const [k, v] of entries) {
    if (typeof v !== 'string' || k.length > 512 || v.length > 256) {
      throw new HttpError(400, 'BadParameter', `Invalid tag ${k}.`);
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

function attributes(v: KeyVaultFakeVersion) {
  return {
    enabled: v.enabled,
    ...(v.nbf !== undefined && { nbf: v.nbf }),
    ...(v.exp !== undefined && { exp: v.exp }),
    created: v.created,
    updated: v.updated,
    recoveryLevel: 'Recoverable+Purgeable',
    recoverableDays: 90,
  };
}

function bundle(v: KeyVaultFakeVersion, id: string, withValue: boolean) {
  return {
    ...(withValue && { value: v.value }),
    id,
    ...(v.contentType !== undefined && { contentType: v.contentType }),
    ...(v.tags !== undefined && { tags: v.tags }),
    attributes: attributes(v),
  };
}

function item(v: KeyVaultFakeVersion, id: string) {
  return bundle(v, id, false);
}

function parseJson(body: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new HttpError(400, 'BadParameter', 'The request body is not a JSON object.');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
