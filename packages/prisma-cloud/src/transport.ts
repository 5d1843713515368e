import type { Logger } from '@keyroll/core';
import { IssuerError } from '@keyroll/core';
import { type Dispatcher, EnvHttpProxyAgent, Pool } from 'undici';
import { type CallInfo, describeCall, errorFromTransport } from './errors.ts';

/** No Prisma Cloud answer is anywhere near this; a bigger one is refused instead of buffered. */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

export interface WireRequest extends CallInfo {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  /** The x-redlock-auth JWT; absent for /login. */
  token?: string;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * One origin, one connection pool. Sends a request and returns whatever status came back; only network
 * failures and timeouts throw (as IssuerError, classified by whether the request may have been applied).
 * Logs call metadata and the support ids at debug, never headers or bodies (they carry the JWT/secrets).
 */
export class Transport {
  readonly #origin: string;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #timeoutMs: number;
  readonly #logger: Logger;
  #closed = false;

  constructor(
    origin: string,
    opts: { dispatcher?: Dispatcher; timeoutMs: number; logger: Logger; env?: NodeJS.ProcessEnv },
  ) {
    this.#origin = origin;
    this.#timeoutMs = opts.timeoutMs;
    this.#logger = opts.logger;
    this.#ownsDispatcher = !opts.dispatcher;
    this.#dispatcher =
      opts.dispatcher ??
      proxyFromEnv(opts.env ?? process.env, opts.timeoutMs, opts.logger) ??
      new Pool(origin, {
        connections: 4,
        connect: { timeout: opts.timeoutMs },
        headersTimeout: opts.timeoutMs,
        bodyTimeout: opts.timeoutMs,
      });
  }

  async send(req: WireRequest): Promise<WireResponse> {
    if (this.#closed) throw errorFromTransport(req, { code: 'client_closed' });
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'keyroll' };
    if (req.token) headers['x-redlock-auth'] = req.token;
    let body: string | undefined;
    if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers['content-type'] = 'application/json; charset=UTF-8';
    }
    const started = performance.now();
    try {
      const res = await this.#dispatcher.request({
        origin: this.#origin,
        path: req.path,
        method: req.method,
        headers,
        body,
        headersTimeout: this.#timeoutMs,
        bodyTimeout: this.#timeoutMs,
        // undici's own timers are coarse (about a second); this deadline is exact and also covers the body.
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      // Always read the body, also for errors (HTML 429 pages): it frees the connection. Capped.
      const text = await readCapped(res.body, req);
      this.#logger.debug('prisma cloud call', {
        call: req.call,
        ...(req.keyId ? { accessKeyId: req.keyId } : {}),
        status: res.statusCode,
        durationMs: Math.round(performance.now() - started),
        requestId: first(res.headers['x-redlock-request-id']),
        traceId: first(res.headers['trace-id']),
        rateLimitRemaining: first(res.headers['x-ratelimit-remaining']),
      });
      return { status: res.statusCode, headers: res.headers, text };
    } catch (err) {
      const mapped = err instanceof IssuerError ? err : errorFromTransport(req, err);
      this.#logger.debug('prisma cloud call failed', {
        call: req.call,
        ...(req.keyId ? { accessKeyId: req.keyId } : {}),
        code: mapped.code,
        category: mapped.category,
        durationMs: Math.round(performance.now() - started),
      });
      throw mapped;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }
}

/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case, as curl reads them) through undici's EnvHttpProxyAgent;
 * undefined when no proxy is set (then a plain pool). Always a CONNECT tunnel, for http origins too, so
 * the proxy never sees a request line, a header or a body. Proxy credentials in the URL are secrets.
 * Custom CAs (a TLS-inspecting proxy): NODE_EXTRA_CA_CERTS, read by Node at start.
 */
export function proxyFromEnv(
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  logger: Logger,
): Dispatcher | undefined {
  const httpsProxy = env.https_proxy || env.HTTPS_PROXY || undefined;
  const httpProxy = env.http_proxy || env.HTTP_PROXY || undefined;
  if (!httpsProxy && !httpProxy) return undefined;
  for (const raw of [httpsProxy, httpProxy]) {
    if (!raw) continue;
    logger.redactor.add(raw);
    try {
      logger.redactor.add(decodeURIComponent(new URL(raw).password));
    } catch {
      // not a URL: undici refuses it when the first request is sent
    }
  }
  return new EnvHttpProxyAgent({
    ...(httpProxy ? { httpProxy } : {}),
    ...(httpsProxy ? { httpsProxy } : {}),
    noProxy: env.no_proxy ?? env.NO_PROXY ?? '',
    proxyTunnel: true,
    connect: { timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
}

async function readCapped(body: Dispatcher.ResponseData['body'], req: WireRequest): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) {
      body.destroy();
      // The request was answered, so a create may have happened: the same classification as a lost answer.
      throw new IssuerError(
        'response_too_large',
        `${describeCall(req)} answered with more than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB; the answer was refused` +
          (req.idempotent ? '' : '; the key may or may not have been created: list the keys to find out'),
        { category: req.idempotent ? 'unavailable' : 'ambiguous', retryable: false },
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
