import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import {
  ConfigError,
  describeError,
  KeyrollError,
  type LockHolder,
  type LockLease,
  LockLostError,
  type LockProvider,
  type LockView,
} from '@keyroll/core';

/** Blob metadata names (C# identifiers, lower case: Azure folds metadata names). */
export const LOCK_METADATA = {
  holder: 'keyrollholder',
  startedAt: 'keyrollstartedat',
  host: 'keyrollhost',
} as const;

export interface BlobLeaseLockOptions {
  /** The container holding one lock blob per managed secret (created on first use when allowed). */
  container: ContainerClient;
  /** Azure allows 15–60 s (or infinite, which a crashed holder would keep forever). Default 60. */
  leaseSeconds?: number;
  /** Renew in the background this often, so a long step does not lose a live lease. Default lease/3. */
  heartbeatMs?: number;
  /** Per-call timeout of a storage call. Default 15 s. */
  requestTimeoutMs?: number;
  /** Written to the blob metadata beside the holder, for people. Default `<hostname>/<pid>`. */
  hostLabel?: string;
}

interface RestErrorLike {
  statusCode?: number;
  code?: string;
  details?: { errorCode?: string };
  message?: string;
}

function storageCode(err: unknown): { status: number | undefined; code: string | undefined } {
  const e = (typeof err === 'object' && err !== null ? err : {}) as RestErrorLike;
  return { status: e.statusCode, code: e.code ?? e.details?.errorCode };
}

/**
 * The rotation lock across instances: an Azure Blob lease on one blob per locked name, in the Function
 * App's storage account. A lease is 60 s and renewed in the background and before every write step
 * (LockLease.renew), so a holder that stops (killed, paused, frozen instance) loses it within a minute.
 * The blob's metadata names the holder and its start time while held and is cleared on release: a
 * holder still named when the next run acquires the lease did not finish, so that run knows whom it
 * took over from (and the make-room guard knows the young orphan key is not in flight).
 */
export class BlobLeaseLockProvider implements LockProvider {
  private readonly container: ContainerClient;
  private readonly leaseSeconds: number;
  private readonly heartbeatMs: number;
  private readonly timeoutMs: number;
  private readonly hostLabel: string;

  constructor(options: BlobLeaseLockOptions) {
    const leaseSeconds = options.leaseSeconds ?? 60;
    if (!Number.isInteger(leaseSeconds) || leaseSeconds < 15 || leaseSeconds > 60) {
      throw new ConfigError(
        'invalid_lease',
        `a blob lease lasts 15-60 seconds, got ${JSON.stringify(options.leaseSeconds)}`,
      );
    }
    this.container = options.container;
    this.leaseSeconds = leaseSeconds;
    this.heartbeatMs = options.heartbeatMs ?? Math.floor((leaseSeconds * 1000) / 3);
    this.timeoutMs = options.requestTimeoutMs ?? 15_000;
    this.hostLabel = options.hostLabel ?? `${hostname()}/${process.pid}`;
  }

  /** Blob name for a lock name: readable prefix plus a hash, so distinct names never share a blob. */
  static blobNameFor(name: string): string {
    const readable = name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 180);
    const hash = createHash('sha256').update(name).digest('hex').slice(0, 16);
    return `${readable}.${hash}`;
  }

  /** `leaseMs` (the engine's policy lease) is not used: the blob lease is short and renewed instead. */
  async acquire(name: string, owner: string, _leaseMs?: number): Promise<LockLease | null> {
    const blob = this.container.getBlockBlobClient(BlobLeaseLockProvider.blobNameFor(name));
    const leaseClient = blob.getBlobLeaseClient(randomUUID());
    try {
      await this.withBlob(blob, () => leaseClient.acquireLease(this.leaseSeconds, this.opts()));
    } catch (err) {
      const { status, code } = storageCode(err);
      if (status === 409 && code === 'LeaseAlreadyPresent') return null;
      throw this.storageError('acquire the rotation lock', name, err);
    }
    const leaseId = leaseClient.leaseId;
    try {
      const properties = await blob.getProperties({ ...this.opts(), conditions: { leaseId } });
      const tookOverFrom = holderFrom(properties.metadata);
      const startedAt = Date.now();
      await blob.setMetadata(
        {
          [LOCK_METADATA.holder]: asciiOnly(owner),
          [LOCK_METADATA.startedAt]: new Date(startedAt).toISOString(),
          [LOCK_METADATA.host]: asciiOnly(this.hostLabel),
        },
        { ...this.opts(), conditions: { leaseId } },
      );
      return new BlobLease(this, blob, leaseClient, name, tookOverFrom);
    } catch (err) {
      await leaseClient.releaseLease(this.opts()).catch(() => undefined);
      throw this.storageError('record the holder of the rotation lock', name, err);
    }
  }

  /** The current holder as the blob records it (for status output and tests); undefined when free. */
  async holderOf(name: string): Promise<(LockHolder & { host?: string; leased: boolean }) | undefined> {
    const blob = this.container.getBlockBlobClient(BlobLeaseLockProvider.blobNameFor(name));
    try {
      const p = await blob.getProperties(this.opts());
      const holder = holderFrom(p.metadata);
      if (!holder) return undefined;
      const host = p.metadata?.[LOCK_METADATA.host];
      return { ...holder, leased: p.leaseState === 'leased', ...(host && { host }) };
    } catch (err) {
      if (storageCode(err).status === 404) return undefined;
      throw this.storageError('read the rotation lock', name, err);
    }
  }

  /** `keyroll lock show`: the holder the blob records; stale when the lease is no longer held. */
  async inspect(name: string): Promise<LockView | undefined> {
    const h = await this.holderOf(name);
    if (!h) return undefined;
    return {
      owner: h.owner,
      expiresAt: h.expiresAt,
      ...(h.startedAt !== undefined ? { startedAt: h.startedAt } : {}),
      ...(h.host ? { host: h.host } : {}),
      stale: !h.leased,
    };
  }

  /** `keyroll lock release`: breaks the lease at once (like `az storage blob lease break`). */
  async forceRelease(name: string): Promise<boolean> {
    const blob = this.container.getBlockBlobClient(BlobLeaseLockProvider.blobNameFor(name));
    try {
      const p = await blob.getProperties(this.opts());
      if (p.leaseState !== 'leased') return false;
      await blob.getBlobLeaseClient().breakLease(0, this.opts());
      return true;
    } catch (err) {
      if (storageCode(err).status === 404) return false;
      throw this.storageError('break the rotation lock', name, err);
    }
  }

  /** @internal */
  get heartbeatInterval(): number {
    return this.heartbeatMs;
  }

  /** @internal */
  opts(): { abortSignal: AbortSignal } {
    return { abortSignal: AbortSignal.timeout(this.timeoutMs) };
  }

  /** @internal */
  storageError(what: string, name: string, err: unknown): Error {
    const { status, code } = storageCode(err);
    const detail = status
      ? `storage answered ${status}${code ? ` ${code}` : ''}`
      : describeError(err).message.split('\n')[0];
    const hint =
      status === 403
        ? ': grant the Function App identity "Storage Blob Data Contributor" on the lock container'
        : '';
    return new LockUnavailableError(`could not ${what} for ${name} (${detail})${hint}`);
  }

  /** Runs `op`; creates the container and the (empty) lock blob when missing, then runs it again. */
  private async withBlob<T>(blob: BlockBlobClient, op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      const { status, code } = storageCode(err);
      if (status !== 404) throw err;
      if (code === 'ContainerNotFound') await this.container.createIfNotExists(this.opts());
      try {
        await blob.upload('', 0, { ...this.opts(), conditions: { ifNoneMatch: '*' } });
      } catch (createErr) {
        // Another instance created it first: fine. Anything else is the real problem.
        if (storageCode(createErr).status !== 409) throw createErr;
      }
      return op();
    }
  }
}

/** Storage could not be used for the lock: nothing was changed (definite), a later run retries. */
export class LockUnavailableError extends KeyrollError {
  constructor(message: string) {
    super('lock_unavailable', message, { category: 'unavailable' });
  }
}

class BlobLease implements LockLease {
  private lost: Error | undefined;
  private released = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly provider: BlobLeaseLockProvider,
    private readonly blob: BlockBlobClient,
    private readonly lease: ReturnType<BlockBlobClient['getBlobLeaseClient']>,
    private readonly name: string,
    readonly tookOverFrom: LockHolder | undefined,
  ) {
    // Keeps a live holder's lease through long steps (verify retries); a stopped process renews nothing.
    this.timer = setInterval(() => {
      this.renew().catch(() => undefined);
    }, provider.heartbeatInterval);
    this.timer.unref();
  }

  async renew(): Promise<void> {
    if (this.released) throw new LockLostError(`the rotation lock for ${this.name} was already released`);
    if (this.lost) throw this.lost;
    try {
      await this.lease.renewLease(this.provider.opts());
    } catch (err) {
      const { status, code } = storageCode(err);
      // 409: another holder has the lease, or ours expired and was broken; it is not ours any more.
      this.lost =
        status === 409 || status === 412
          ? new LockLostError(
              `the rotation lock for ${this.name} was lost (${code ?? status}): another run may hold it now; stopping before the next write`,
            )
          : new LockLostError(
              `the rotation lock for ${this.name} could not be renewed (${this.provider.storageError('renew the lock', this.name, err).message}); stopping before the next write`,
            );
      throw this.lost;
    }
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearInterval(this.timer);
    if (this.lost) return;
    const leaseId = this.lease.leaseId;
    try {
      // Clearing the holder says "finished": the next holder has nobody to take over from.
      await this.blob.setMetadata({}, { ...this.provider.opts(), conditions: { leaseId } });
      await this.lease.releaseLease(this.provider.opts());
    } catch (err) {
      throw this.provider.storageError('release the rotation lock', this.name, err);
    }
  }
}

function holderFrom(metadata: Record<string, string> | undefined): LockHolder | undefined {
  const owner = metadata?.[LOCK_METADATA.holder];
  if (!owner) return undefined;
  const startedAt = Date.parse(metadata?.[LOCK_METADATA.startedAt] ?? '');
  return {
    owner,
    // Its lease ended by now (we hold the blob's lease): the exact moment is not recorded.
    expiresAt: Date.now(),
    ...(Number.isNaN(startedAt) ? {} : { startedAt }),
  };
}

function asciiOnly(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?').slice(0, 256);
}
