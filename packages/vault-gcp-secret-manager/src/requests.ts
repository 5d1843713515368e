import { createHash } from 'node:crypto';
import { type Clock, systemClock } from '@keyroll/core';
import { type SecretClientOptions, SecretHandle } from './client.ts';

/**
 * Records of manual rotation requests, kept in the secret's own annotations so that every instance sees
 * them: a redelivered or duplicated request (same Pub/Sub message id, or the same `requestId` an admin set)
 * is recognised and not rotated again. Pub/Sub redelivers for up to 7 days, so records are kept that long
 * and pruned on every write. Annotation limits: keys ≤ 63 characters of [A-Za-z0-9._-], all annotations
 * together < 16 KiB; a key is a hash of the request id (any id fits), a value is `<state>|<epoch ms>`.
 */
export const REQUEST_ANNOTATION_PREFIX = 'keyroll-req-';
export const REQUEST_RETENTION_MS = 7 * 86_400_000;
/** Records never take more than this share of the 16 KiB: the oldest are dropped first. */
const MAX_RECORD_BYTES = 8 * 1024;

export type RequestState = 'started' | 'done';
export interface RequestRecord {
  state: RequestState;
  at: number;
}

export function requestAnnotationKey(requestId: string): string {
  // 40 hex characters of SHA-256: 52 characters in all, and no request id can break the key syntax.
  return `${REQUEST_ANNOTATION_PREFIX}${createHash('sha256').update(requestId).digest('hex').slice(0, 40)}`;
}

export function parseRequestRecord(value: string | undefined): RequestRecord | undefined {
  if (!value) return undefined;
  const [state, at] = value.split('|');
  const ms = Number(at);
  if ((state !== 'started' && state !== 'done') || !Number.isSafeInteger(ms)) return undefined;
  return { state, at: ms };
}

/** Annotations with records older than the retention dropped, and the oldest dropped beyond the budget. */
export function pruneRequestRecords(
  annotations: Record<string, string>,
  now: number,
): Record<string, string> {
  const out: Record<string, string> = {};
  const records: Array<[string, string, number]> = [];
  for (const [key, value] of Object.entries(annotations)) {
    if (!key.startsWith(REQUEST_ANNOTATION_PREFIX)) {
      out[key] = value;
      continue;
    }
    const record = parseRequestRecord(value);
    if (record && now - record.at < REQUEST_RETENTION_MS) records.push([key, value, record.at]);
  }
  records.sort((a, b) => b[2] - a[2]); // newest first
  let bytes = 0;
  for (const [key, value] of records) {
    bytes += key.length + value.length;
    if (bytes > MAX_RECORD_BYTES) break;
    out[key] = value;
  }
  return out;
}

export interface RequestLogOptions extends SecretClientOptions {
  clock?: Clock;
}

/** The request records of one secret. Writes are compare-and-set on the secret's etag. */
export class SecretManagerRequestLog {
  private readonly handle: SecretHandle;
  private readonly clock: Clock;

  constructor(options: RequestLogOptions) {
    this.handle = new SecretHandle(options);
    this.clock = options.clock ?? systemClock;
  }

  /** The record of a request, if this secret has one younger than the retention. */
  async find(requestId: string): Promise<RequestRecord | undefined> {
    const secret = await this.handle.getSecret();
    const record = parseRequestRecord(secret.annotations?.[requestAnnotationKey(requestId)]);
    return record && this.clock.now() - record.at < REQUEST_RETENTION_MS ? record : undefined;
  }

  /**
   * Records the request as started unless a record exists; returns the existing record, or undefined when
   * this call recorded it (then this caller, and only it, handles the request).
   */
  async claim(requestId: string): Promise<RequestRecord | undefined> {
    const key = requestAnnotationKey(requestId);
    let existing: RequestRecord | undefined;
    await this.handle.updateAnnotations((current) => {
      const now = this.clock.now();
      const found = parseRequestRecord(current.annotations?.[key]);
      existing = found && now - found.at < REQUEST_RETENTION_MS ? found : undefined;
      if (existing) return null;
      return { ...pruneRequestRecords(current.annotations ?? {}, now), [key]: `started|${now}` };
    });
    return existing;
  }

  /**
   * Forgets a claimed request that changed nothing (the run threw before any change), so a redelivery or
   * a re-sent request is handled instead of being taken for a duplicate.
   */
  async unclaim(requestId: string): Promise<void> {
    const key = requestAnnotationKey(requestId);
    await this.handle.updateAnnotations((current) => {
      if (parseRequestRecord(current.annotations?.[key])?.state !== 'started') return null;
      const { [key]: _removed, ...rest } = current.annotations ?? {};
      return rest;
    });
  }

  /** Marks a claimed request done (the outcome itself is in the logs and the audit record). */
  async finish(requestId: string): Promise<void> {
    const key = requestAnnotationKey(requestId);
    await this.handle.updateAnnotations((current) => {
      const now = this.clock.now();
      return { ...pruneRequestRecords(current.annotations ?? {}, now), [key]: `done|${now}` };
    });
  }
}
