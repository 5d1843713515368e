import {
  type Clock,
  type CreateKeyRequest,
  type Credential,
  type IssuedKey,
  type IssuerIdentity,
  type IssuerSession,
  isKeyrollError,
  type KeyIssuer,
  type KeyStatus,
  type Logger,
  type NewKey,
  type RetryPolicy,
  silentLogger,
  systemClock,
} from '@keyroll/core';
import { Agent, type Dispatcher } from 'undici';
import { DEFAULT_REQUEST_TIMEOUT_MS, PrismaCloudClient, type PrismaCloudClientOptions } from './client.ts';
import { proxyFromEnv } from './transport.ts';
import type { PrismaAccessKey } from './types.ts';

export interface PrismaCloudIssuerOptions {
  /** Origins allowed besides https://*.prismacloud.io / *.prismacloud.cn (R4). */
  allowedOrigins?: readonly string[];
  clock?: Clock;
  logger?: Logger;
  retry?: Partial<RetryPolicy>;
  requestTimeoutMs?: number;
  tokenRefreshAfterMs?: number;
  dispatcher?: Dispatcher;
  /** See PrismaCloudClientOptions.rateLimit: default, one limiter per access key and API origin. */
  rateLimit?: PrismaCloudClientOptions['rateLimit'];
  /**
   * One connection pool (or proxy agent) for every session of this issuer instead of one per session: a
   * fleet run opens hundreds of sessions. The caller ends it with close().
   */
  shareConnections?: boolean;
}

/** The KeyIssuer the rotation engine uses: Prisma Cloud access keys. */
export class PrismaCloudIssuer implements KeyIssuer {
  readonly #options: PrismaCloudIssuerOptions;

  #shared: Dispatcher | undefined;

  constructor(options: PrismaCloudIssuerOptions = {}) {
    this.#options = { ...options };
  }

  /** Rejects with IssuerError code `invalid_credentials` (category auth) when the credential does not work. */
  async login(credential: Credential): Promise<PrismaCloudSession> {
    const client = await PrismaCloudClient.login(credential, this.#sessionOptions());
    return new PrismaCloudSession(
      client,
      this.#options.clock ?? systemClock,
      this.#options.logger ?? silentLogger(),
    );
  }

  /** Ends the shared connections (shareConnections); sessions still open fail their next call. */
  async close(): Promise<void> {
    const shared = this.#shared;
    this.#shared = undefined;
    await shared?.close();
  }

  #sessionOptions(): PrismaCloudIssuerOptions {
    const o = this.#options;
    if (!o.shareConnections || o.dispatcher) return o;
    const timeout = o.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.#shared ??=
      proxyFromEnv(process.env, timeout, o.logger ?? silentLogger()) ??
      new Agent({ connections: 8, connect: { timeout }, headersTimeout: timeout, bodyTimeout: timeout });
    return { ...o, dispatcher: this.#shared };
  }
}

/** An IssuerSession over one logged-in client. Also exposes the raw client for anything beyond the contract. */
export class PrismaCloudSession implements IssuerSession {
  readonly #client: PrismaCloudClient;
  readonly #clock: Clock;
  readonly #logger: Logger;

  constructor(client: PrismaCloudClient, clock: Clock, logger: Logger) {
    this.#client = client;
    this.#clock = clock;
    this.#logger = logger;
  }

  get client(): PrismaCloudClient {
    return this.#client;
  }

  async identity(): Promise<IssuerIdentity> {
    const me = await this.#client.me();
    return { name: me.email };
  }

  /** A System Admin sees every key of the tenant; keep only the owner's. */
  async listKeys(owner: string): Promise<IssuedKey[]> {
    const keys = await this.#client.listAccessKeys();
    const now = this.#clock.now();
    return keys.filter((k) => k.username === owner).map((k) => toIssuedKey(k, now));
  }

  async createKey(request: CreateKeyRequest): Promise<NewKey> {
    const created = await this.#client.createAccessKey({
      name: request.name,
      ...(request.expiresOn ? { expiresOn: request.expiresOn.getTime() } : {}),
      ...(request.owner ? { serviceAccountName: request.owner } : {}),
    });
    this.#logger.redactor.add(created.secretKey);
    return created;
  }

  async deactivateKey(id: string): Promise<void> {
    await this.#client.setAccessKeyStatus(id, false);
  }

  /** Not an IssuerSession duty: re-enables an inactive key (fails with expired_access_key when expired). */
  async activateKey(id: string): Promise<void> {
    await this.#client.setAccessKeyStatus(id, true);
  }

  /** A key that is already gone is what we wanted: success. */
  async deleteKey(id: string): Promise<void> {
    try {
      await this.#client.deleteAccessKey(id);
    } catch (err) {
      if (isKeyrollError(err) && err.category === 'not_found') {
        this.#logger.debug('prisma cloud access key already deleted', { accessKeyId: id });
        return;
      }
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.#client.close();
  }
}

/** Maps a listed key; the status is compared case-insensitively and a passed expiry wins. */
export function toIssuedKey(key: PrismaAccessKey, now: number): IssuedKey {
  let status: KeyStatus;
  switch (key.status.trim().toLowerCase()) {
    case 'active':
      status = 'active';
      break;
    case 'expired':
      status = 'expired';
      break;
    default:
      // inactive, disabled, or anything undocumented: never treat an unknown state as usable.
      status = 'inactive';
  }
  if (key.expiresOn > 0 && key.expiresOn <= now) status = 'expired';
  return {
    id: key.id,
    name: key.name,
    status,
    owner: key.username,
    createdAt: new Date(key.createdTs),
    ...(key.expiresOn > 0 ? { expiresOn: new Date(key.expiresOn) } : {}),
    ...(key.lastUsedTime > 0 ? { lastUsedAt: new Date(key.lastUsedTime) } : {}),
  };
}
