import type { Agent } from 'node:http';
import {
  assertAllowedApiUrl,
  type Clock,
  type Credential,
  defaultRetryPolicy,
  IssuerError,
  isKeyrollError,
  type Logger,
  type RetryPolicy,
  retry,
  silentLogger,
  systemClock,
} from '@keyroll/core';
import { type CallInfo, describeCall, errorFromResponse } from './errors.ts';
import { RateLimiter, type RateLimitOptions, sharedRateLimiter } from './rate-limit.ts';
import { Transport, type WireRequest, type WireResponse } from './transport.ts';
import type {
  CreateAccessKeyRequest,
  CreatedAccessKey,
  PrismaAccessKey,
  PrismaAccessKeySummary,
  PrismaUserProfile,
} from './types.ts';

export interface PrismaCloudClientOptions {
  /** Origins allowed besides https://*.prismacloud.io / *.prismacloud.cn (R4), e.g. a simulator. */
  allowedOrigins?: readonly string[];
  clock?: Clock;
  logger?: Logger;
  retry?: Partial<RetryPolicy>;
  /** Per request: time to wait for response headers, and for each body chunk. Default 30 s. */
  requestTimeoutMs?: number;
  /** Extend the JWT (GET /auth_token/extend) once it is this old. Default 8 min (it lives 10). */
  tokenRefreshAfterMs?: number;
  /**
   * Transport seam: a node:http(s) Agent (e.g. one with `proxyEnv`). Default: a keep-alive agent of at
   * most 4 connections for the API origin, destroyed by close().
   */
  agent?: Agent;
  /**
   * Client-side rate limit. Default: the limiter shared by every client of this access key at this API
   * origin in the process (adapting to X-RateLimit-* headers). A RateLimiter instance shares one bucket
   * between identities you know share a budget; options configure the shared limiter; false disables it.
   */
  rateLimit?: RateLimiter | RateLimitOptions | false;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_TOKEN_REFRESH_AFTER_MS = 8 * 60_000;

type Method = WireRequest['method'];
interface Call extends CallInfo {
  method: Method;
  path: string;
  body?: unknown;
}

/**
 * A logged-in Prisma Cloud CSPM session. Keeps the JWT fresh (extend at 8 minutes, full login again
 * when extend is refused), re-logs-in once on a 401, and retries what is safe to retry:
 * everything on 429/5xx/network except POST /access_keys, which is retried only on 429 (a rate-limited
 * request was rejected before processing). Any other create failure surfaces, as `ambiguous` when the
 * key may exist, for the caller to resolve by listing keys.
 *
 * Secrets (secret key, JWT) live in private fields and are registered with the logger's redactor.
 */
export class PrismaCloudClient {
  readonly #credential: Credential;
  readonly #transport: Transport;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #retry: RetryPolicy;
  readonly #refreshAfterMs: number;
  readonly #limiter: RateLimiter | undefined;
  #token: string | undefined;
  #obtainedAt = 0;
  /** One login/extend at a time; concurrent calls wait for it. */
  #renewing: Promise<void> | undefined;

  /** The API origin in use (normalized). */
  readonly apiUrl: string;

  private constructor(apiUrl: string, credential: Credential, options: PrismaCloudClientOptions) {
    this.apiUrl = apiUrl;
    this.#credential = { ...credential, apiUrl };
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger();
    this.#logger.redactor.add(credential.secretKey);
    this.#retry = { ...defaultRetryPolicy, ...options.retry };
    this.#refreshAfterMs = options.tokenRefreshAfterMs ?? DEFAULT_TOKEN_REFRESH_AFTER_MS;
    const limit = options.rateLimit;
    this.#limiter =
      limit === false
        ? undefined
        : limit instanceof RateLimiter
          ? limit
          : sharedRateLimiter(apiUrl, credential.accessKeyId, { clock: this.#clock, ...limit });
    this.#transport = new Transport(apiUrl, {
      ...(options.agent ? { agent: options.agent } : {}),
      timeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      logger: this.#logger,
    });
  }

  /**
   * Checks the API URL against the allow-list (before anything is sent), then logs in.
   * Rejects with IssuerError code `invalid_credentials` (category auth) when the key does not work.
   */
  static async login(
    credential: Credential,
    options: PrismaCloudClientOptions = {},
  ): Promise<PrismaCloudClient> {
    const origin = assertAllowedApiUrl(credential.apiUrl, options.allowedOrigins);
    const client = new PrismaCloudClient(origin, credential, options);
    try {
      await client.#login();
    } catch (err) {
      await client.close();
      throw err;
    }
    return client;
  }

  /** The access key id this session logged in with. */
  get accessKeyId(): string {
    return this.#credential.accessKeyId;
  }

  async me(): Promise<PrismaUserProfile> {
    const info: Call = { call: 'GET /user/me', method: 'GET', path: '/user/me', idempotent: true };
    const body = parseJson(info, await this.#call(info));
    if (!isObject(body) || typeof body.email !== 'string') throw unexpected(info, 'no email in the profile');
    return body as PrismaUserProfile;
  }

  async listAccessKeys(): Promise<PrismaAccessKey[]> {
    const info: Call = { call: 'GET /access_keys', method: 'GET', path: '/access_keys', idempotent: true };
    const body = parseJson(info, await this.#call(info));
    if (!Array.isArray(body)) throw unexpected(info, 'expected an array of access keys');
    return body.filter(isObject).map((k) => ({
      ...(k as object),
      id: String(k.id),
      name: String(k.name ?? ''),
      createdTs: toNumber(k.createdTs),
      expiresOn: toNumber(k.expiresOn),
      lastUsedTime: toNumber(k.lastUsedTime),
      status: String(k.status ?? ''),
      username: String(k.username ?? ''),
    })) as PrismaAccessKey[];
  }

  /**
   * Never retried except on 429. A lost answer surfaces as category `ambiguous`: the key may exist and
   * its secret is unrecoverable, so list the keys and delete the one bearing this name.
   */
  async createAccessKey(request: CreateAccessKeyRequest): Promise<CreatedAccessKey> {
    const info: Call = {
      call: 'POST /access_keys',
      method: 'POST',
      path: '/access_keys',
      idempotent: false,
      body: {
        name: request.name,
        expiresOn: request.expiresOn ?? 0,
        ...(request.serviceAccountName ? { serviceAccountName: request.serviceAccountName } : {}),
      },
    };
    const body = parseJson(info, await this.#call(info));
    if (!isObject(body) || typeof body.id !== 'string' || typeof body.secretKey !== 'string')
      throw unexpected(info, 'no id/secretKey in the answer');
    this.#logger.redactor.add(body.secretKey);
    this.#logger.debug('prisma cloud access key created', { accessKeyId: body.id });
    return { id: body.id, secretKey: body.secretKey };
  }

  async getAccessKey(id: string): Promise<PrismaAccessKeySummary> {
    const info: Call = {
      call: 'GET /access_keys/:id',
      method: 'GET',
      path: `/access_keys/${encodeURIComponent(id)}`,
      idempotent: true,
      keyId: id,
    };
    const body = parseJson(info, await this.#call(info));
    if (!isObject(body)) throw unexpected(info, 'expected an access key');
    return { id: String(body.id ?? id), name: String(body.name ?? ''), expiresOn: toNumber(body.expiresOn) };
  }

  /** PATCH /access_keys/{id}/status/{true|false}. Re-activating an expired key fails with code expired_access_key. */
  async setAccessKeyStatus(id: string, active: boolean): Promise<void> {
    await this.#call({
      call: 'PATCH /access_keys/:id/status/:status',
      method: 'PATCH',
      path: `/access_keys/${encodeURIComponent(id)}/status/${active}`,
      idempotent: true,
      keyId: id,
    });
  }

  /** Fails with category not_found (code non_existing_access_key) when the key does not exist. */
  async deleteAccessKey(id: string): Promise<void> {
    await this.#call({
      call: 'DELETE /access_keys/:id',
      method: 'DELETE',
      path: `/access_keys/${encodeURIComponent(id)}`,
      idempotent: true,
      keyId: id,
    });
  }

  async close(): Promise<void> {
    this.#token = undefined;
    await this.#transport.close();
  }

  // ---- session handling ----

  async #call(call: Call): Promise<WireResponse> {
    let reloggedIn = false;
    return retry(async () => {
      const token = await settled(this.#freshToken());
      let res = await this.#send({ ...call, token });
      if (res.status === 401 && !reloggedIn) {
        // A 401 means the request was refused before it was applied: safe to log in and repeat once,
        // even for a create.
        reloggedIn = true;
        this.#logger.debug('prisma cloud session rejected; logging in again', { call: call.call });
        await settled(this.#renew(token, 'login'));
        res = await this.#send({ ...call, token: this.#token });
      }
      if (res.status < 200 || res.status >= 300)
        throw errorFromResponse(call, res.status, res.headers, this.#clock.now(), res.retryAfterMs);
      return res;
    }, this.#retryOptions(call));
  }

  /** Every request takes a token from the identity's limiter first and teaches it from the answer. */
  async #send(req: WireRequest): Promise<WireResponse & { retryAfterMs?: number }> {
    if (!this.#limiter) return this.#transport.send(req);
    const ticket = await this.#limiter.acquire();
    const res = await this.#transport.send(req);
    const retryAfterMs = this.#limiter.observe(res.status, res.headers, this.#retry.maxRetryAfterMs, ticket);
    return retryAfterMs === undefined ? res : { ...res, retryAfterMs };
  }

  #retryOptions(call: CallInfo) {
    return {
      ...this.#retry,
      clock: this.#clock,
      // POST /access_keys: only a 429 proves nothing was created.
      shouldRetry: (err: unknown) =>
        isKeyrollError(err) &&
        !exhausted.has(err) &&
        (call.idempotent ? err.retryable : err.category === 'rate_limited'),
      onRetry: ({ err, attempt, delayMs }: { err: unknown; attempt: number; delayMs: number }) =>
        this.#logger.info('prisma cloud call will be retried', {
          call: call.call,
          attempt,
          delayMs,
          code: isKeyrollError(err) ? err.code : 'unexpected_error',
        }),
    };
  }

  async #freshToken(): Promise<string> {
    if (this.#renewing) await this.#renewing;
    const token = this.#token;
    if (token === undefined) {
      await this.#renew(undefined, 'login');
    } else if (this.#clock.now() - this.#obtainedAt >= this.#refreshAfterMs) {
      await this.#renew(token, 'extend');
    }
    return this.#token!;
  }

  /** Replaces `stale` (unless another call already did) by extending it or logging in again. */
  async #renew(stale: string | undefined, how: 'login' | 'extend'): Promise<void> {
    if (this.#renewing) return this.#renewing;
    if (this.#token !== stale) return;
    this.#renewing = (async () => {
      if (how === 'extend' && stale) {
        try {
          await this.#extend(stale);
          return;
        } catch (err) {
          if (!(isKeyrollError(err) && err.category === 'auth')) throw err;
          this.#logger.debug('prisma cloud token could not be extended; logging in again');
        }
      }
      await this.#login();
    })().finally(() => {
      this.#renewing = undefined;
    });
    return this.#renewing;
  }

  async #login(): Promise<void> {
    const info: Call = {
      call: 'POST /login',
      method: 'POST',
      path: '/login',
      idempotent: true,
      body: { username: this.#credential.accessKeyId, password: this.#credential.secretKey },
    };
    const res = await retry(async () => {
      const r = await this.#send(info);
      if (r.status === 401)
        throw new IssuerError(
          'invalid_credentials',
          `Prisma Cloud rejected access key ${this.#credential.accessKeyId} at ${this.apiUrl}: the key is unknown, its secret is wrong, or it is inactive, expired or not yet propagated`,
          { category: 'auth', status: 401 },
        );
      if (r.status < 200 || r.status >= 300)
        throw errorFromResponse(info, r.status, r.headers, this.#clock.now(), r.retryAfterMs);
      return r;
    }, this.#retryOptions(info));
    this.#setToken(info, res);
    this.#logger.debug('prisma cloud login succeeded', { accessKeyId: this.#credential.accessKeyId });
  }

  async #extend(token: string): Promise<void> {
    const info: Call = {
      call: 'GET /auth_token/extend',
      method: 'GET',
      path: '/auth_token/extend',
      idempotent: true,
    };
    const res = await retry(async () => {
      const r = await this.#send({ ...info, token });
      if (r.status < 200 || r.status >= 300)
        throw errorFromResponse(info, r.status, r.headers, this.#clock.now(), r.retryAfterMs);
      return r;
    }, this.#retryOptions(info));
    this.#setToken(info, res);
    this.#logger.debug('prisma cloud token extended');
  }

  #setToken(info: CallInfo, res: WireResponse): void {
    const body = parseJson(info, res);
    if (!isObject(body) || typeof body.token !== 'string' || body.token === '')
      throw unexpected(info, 'no token in the answer');
    this.#logger.redactor.add(body.token);
    this.#token = body.token;
    this.#obtainedAt = this.#clock.now();
  }
}

/**
 * Errors of a login/extend made on behalf of another call already went through their own retries;
 * the outer call must not retry them again (that would multiply the attempts).
 */
const exhausted = new WeakSet<object>();
async function settled<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (err) {
    if (err !== null && typeof err === 'object') exhausted.add(err);
    throw err;
  }
}

function parseJson(info: CallInfo, res: WireResponse): unknown {
  try {
    return JSON.parse(res.text);
  } catch {
    throw unexpected(info, `the answer (HTTP ${res.status}) is not JSON`);
  }
}

/**
 * A 2xx we cannot read. For a create the key exists but its secret is unreadable, hence ambiguous:
 * the caller must find and delete it.
 */
function unexpected(info: CallInfo, what: string): IssuerError {
  return new IssuerError('unexpected_response', `${describeCall(info)}: unexpected answer, ${what}`, {
    category: info.idempotent ? 'unavailable' : 'ambiguous',
    retryable: false,
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function toNumber(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value ?? 0);
  return Number.isFinite(n) ? n : 0;
}
