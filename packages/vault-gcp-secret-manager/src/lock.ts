import {
  type Clock,
  ConfigError,
  isKeyrollError,
  type LockHolder,
  type LockLease,
  type LockProvider,
  systemClock,
} from '@keyroll/core';
import { type SecretClientOptions, SecretHandle, type SecretManagerServiceClient } from './client.ts';
import { LOCK_ANNOTATION } from './metadata.ts';
import { findSecretName } from './names.ts';

export interface SecretManagerLockOptions extends Omit<SecretClientOptions, 'secret'> {
  /** The secret to lock when a lock name does not itself contain a secret resource name. */
  secret?: string;
  clock?: Clock;
  /** The client for a secret (one per endpoint: a regional secret needs its regional endpoint). */
  clientFor?: (secret: string) => SecretManagerServiceClient;
}

/** `<owner>|<expiresAtMs>`; an owner may not contain `|`. */
export function formatLockHolder(holder: LockHolder): string {
  return `${holder.owner}|${holder.expiresAt}`;
}

/** A value nobody can read as a lease (hand-edited, truncated) counts as an expired lease of `unknown`. */
export function parseLockHolder(value: string | undefined | null): LockHolder | undefined {
  if (!value) return undefined;
  const cut = value.lastIndexOf('|');
  const owner = cut > 0 ? value.slice(0, cut) : '';
  const expiresAt = cut > 0 ? Number(value.slice(cut + 1)) : Number.NaN;
  if (!owner || !Number.isSafeInteger(expiresAt)) return { owner: 'unknown', expiresAt: 0 };
  return { owner, expiresAt };
}

/**
 * The cross-instance rotation lock for Cloud Functions: a lease in the secret's `keyroll-lock`
 * annotation, taken and released with the secret's etag (compare-and-set), so two instances that race
 * cannot both win. An expired lease belongs to a holder that died; it is taken over and reported in
 * `tookOverFrom`. Needs secretmanager.secrets.get + secretmanager.secrets.update on the secret.
 */
export class SecretManagerLockProvider implements LockProvider {
  private readonly handles = new Map<string, SecretHandle>();
  private readonly clock: Clock;

  constructor(private readonly options: SecretManagerLockOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  async acquire(name: string, owner: string, leaseMs: number): Promise<LockLease | null> {
    if (!owner || owner.includes('|')) {
      throw new ConfigError(
        'invalid_lock_owner',
        `lock owner ${JSON.stringify(owner)} must be non-empty and contain no "|"`,
      );
    }
    const handle = this.handleFor(name);
    let mine: LockHolder | undefined;
    let previous: LockHolder | undefined;
    let outcome: { updated: boolean };
    try {
      outcome = await handle.updateAnnotations((current) => {
        const holder = parseLockHolder(current.annotations?.[LOCK_ANNOTATION]);
        const now = this.clock.now();
        if (holder && holder.expiresAt > now) return null; // a live holder (possibly us, on a duplicate delivery)
        previous = holder;
        mine = { owner, expiresAt: now + leaseMs };
        return { ...(current.annotations ?? {}), [LOCK_ANNOTATION]: formatLockHolder(mine) };
      });
    } catch (err) {
      // Nobody can rotate a secret that does not exist, so there is nothing to exclude: hand out a lease
      // that guards nothing and let the rotation's read report the missing secret as bad input (instead of
      // a lock failure, which would make an event for a deleted secret retry until it is dead-lettered).
      if (isKeyrollError(err) && err.code === 'not_found')
        return { tookOverFrom: undefined, release: async () => {} };
      throw err;
    }
    if (!outcome.updated || !mine) return null;
    const lease = mine;
    return {
      tookOverFrom: previous,
      release: async () => {
        await handle.updateAnnotations((current) => {
          const holder = parseLockHolder(current.annotations?.[LOCK_ANNOTATION]);
          // Only our own lease is removed: after expiry someone else may hold it.
          if (!holder || holder.owner !== lease.owner || holder.expiresAt !== lease.expiresAt) return null;
          const { [LOCK_ANNOTATION]: _removed, ...rest } = current.annotations ?? {};
          return rest;
        });
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.handles.values()].map((h) => h.close()));
    this.handles.clear();
  }

  private handleFor(name: string): SecretHandle {
    const secret = findSecretName(name) ?? this.options.secret;
    if (!secret) {
      throw new ConfigError(
        'lock_secret_unknown',
        `cannot tell which secret holds the lock ${JSON.stringify(name)}; pass { secret } to SecretManagerLockProvider`,
      );
    }
    let handle = this.handles.get(secret);
    if (!handle) {
      const { clientFor, ...options } = this.options;
      handle = new SecretHandle({ ...options, secret, ...(clientFor ? { client: clientFor(secret) } : {}) });
      this.handles.set(secret, handle);
    }
    return handle;
  }
}
