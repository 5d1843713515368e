import type { Agent, ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import { createRequire } from 'node:module';
import type { Logger } from '@keyroll/core';
import { IssuerError } from '@keyroll/core';
import {
  type CallInfo,
  CONNECT_TIMEOUT,
  describeCall,
  errorFromTransport,
  RESPONSE_TIMEOUT,
} from './errors.ts';

/** No Prisma Cloud answer is anywhere near this; a bigger one is refused instead of buffered. */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/**
 * Node's own HTTP client, not undici: a one-shot run (the CLI, a Function) would otherwise parse about
 * 1 MiB of undici and compile its WebAssembly parser before the first call. Loaded with require because
 * an ESM import of node:http evaluates every export, and some of its getters load Node's internal fetch.
 */
const nodeRequire = createRequire(import.meta.url);
type HttpModule = typeof import('node:http');

/** Sockets that finished connecting: a request on one of them may have reached the service. */
const UP = new WeakSet<object>();

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
 * One origin, one keep-alive agent (at most 4 connections). Sends a request and returns whatever status
 * came back; only network failures and timeouts throw (as IssuerError, classified by whether the request
 * may have been applied: nothing can have been sent before the connection, TLS included, was up).
 * Logs call metadata and the support ids at debug, never headers or bodies (they carry the JWT/secrets).
 */
export class Transport {
  readonly #origin: string;
  readonly #http: HttpModule;
  readonly #agent: Agent;
  readonly #ownsAgent: boolean;
  readonly #timeoutMs: number;
  readonly #logger: Logger;
  #closed = false;

  constructor(origin: string, opts: { agent?: Agent; timeoutMs: number; logger: Logger }) {
    this.#origin = origin;
    this.#timeoutMs = opts.timeoutMs;
    this.#logger = opts.logger;
    this.#http = nodeRequire(origin.startsWith('https:') ? 'node:https' : 'node:http') as HttpModule;
    this.#ownsAgent = !opts.agent;
    this.#agent = opts.agent ?? new this.#http.Agent({ keepAlive: true, maxSockets: 4 });
  }

  async send(req: WireRequest): Promise<WireResponse> {
    if (this.#closed) throw errorFromTransport(req, { code: 'client_closed' });
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'keyroll' };
    if (req.token) headers['x-redlock-auth'] = req.token;
    let body: string | undefined;
    if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers['content-type'] = 'application/json; charset=UTF-8';
      headers['content-length'] = String(Buffer.byteLength(body));
    } else if (req.method !== 'GET') {
      // Node would send a bodiless PATCH/DELETE chunked; an empty body says what it is.
      headers['content-length'] = '0';
    }
    const started = performance.now();
    try {
      const res = await this.#exchange(req, { method: req.method, headers, agent: this.#agent }, body);
      this.#logger.debug('prisma cloud call', {
        call: req.call,
        ...(req.keyId ? { accessKeyId: req.keyId } : {}),
        status: res.status,
        durationMs: Math.round(performance.now() - started),
        requestId: first(res.headers['x-redlock-request-id']),
        traceId: first(res.headers['trace-id']),
        rateLimitRemaining: first(res.headers['x-ratelimit-remaining']),
      });
      return res;
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

  /** One request and its whole (capped) answer, within one deadline that covers connect, headers and body. */
  #exchange(req: WireRequest, options: RequestOptions, body: string | undefined): Promise<WireResponse> {
    return new Promise((resolve, reject) => {
      let connected = false;
      let settled = false;
      const fail = (err: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        request.destroy();
        reject(err);
      };
      // A timer rather than the request's own timeout: that one only measures socket idleness.
      const deadline = setTimeout(
        () => fail({ code: connected ? RESPONSE_TIMEOUT : CONNECT_TIMEOUT }),
        this.#timeoutMs,
      );
      const request: ClientRequest = this.#http.request(new URL(req.path, this.#origin), options);
      request.on('socket', (socket) => {
        // A reused keep-alive socket was up already; a new one is up once connected (for TLS: secured).
        if (UP.has(socket)) connected = true;
        else
          socket.once(this.#origin.startsWith('https:') ? 'secureConnect' : 'connect', () => {
            UP.add(socket);
            connected = true;
          });
      });
      request.on('error', fail);
      request.on('response', (res: IncomingMessage) => {
        // Always read the body, also for errors (HTML 429 pages): it frees the connection. Capped.
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            res.destroy();
            // The request was answered, so a create may have happened: the same classification as a lost answer.
            fail(
              new IssuerError(
                'response_too_large',
                `${describeCall(req)} answered with more than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB; the answer was refused` +
                  (req.idempotent
                    ? ''
                    : '; the key may or may not have been created: list the keys to find out'),
                { category: req.idempotent ? 'unavailable' : 'ambiguous', retryable: false },
              ),
            );
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', fail);
        // The connection went away mid-answer (fail ignores this once the answer was complete).
        res.on('close', () => fail({ code: 'ECONNRESET' }));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
      });
      request.end(body);
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsAgent) this.#agent.destroy();
  }
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
