import { randomBytes, randomUUID } from 'node:crypto';
import type { Credential } from '@keyroll/core';
import type { SimClock } from './clock.ts';
import { JwtMinter } from './jwt.ts';

/**
 * The state of one simulated Prisma Cloud tenant and its rules, with no HTTP in sight: the server maps
 * requests onto these methods. Rules follow /work/shared/reference/prisma-cloud-api.md; where the real
 * service is undocumented we pick the behaviour that hurts a rotator most (e.g. inactive and expired keys
 * count toward the key limit until deleted).
 */
export interface SimKey {
  id: string;
  name: string;
  owner: string;
  status: 'active' | 'inactive' | 'expired';
  createdTs: number;
  /** 0 = never. */
  expiresOn: number;
  lastUsedTime: number;
  secretKey: string;
}

/** What a route answers: a JSON body (or none) plus headers. */
export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

interface Account {
  name: string;
  keyLimit: 1 | 2;
  admin: boolean;
  createdTs: number;
  lastLoginTs: number;
}

interface StoredKey {
  id: string;
  name: string;
  owner: string;
  createdBy: string;
  /** Only what PATCH sets; expiry is computed on read. */
  active: boolean;
  createdTs: number;
  expiresOn: number;
  lastUsedTime: number;
  secretKey: string;
  /** Login fails before this instant (propagation delay of a newly created key). */
  usableFrom: number;
}

interface Session {
  keyId: string;
  owner: string;
  expiresAt: number;
}

export interface Caller {
  account: Account;
  keyId: string;
}

export const MAX_KEY_NAME_LENGTH = 100;

export function redlockError(status: number, i18nKey?: string): SimResponse {
  if (!i18nKey) return { status };
  return {
    status,
    headers: { 'x-redlock-status': JSON.stringify([{ i18nKey, severity: 'error', subject: null }]) },
  };
}

export class Tenant {
  private readonly accounts = new Map<string, Account>();
  private readonly keyMap = new Map<string, StoredKey>();
  private readonly sessions = new Map<string, Session>();
  private readonly minter = new JwtMinter();
  /** Every JWT ever handed out, so leak tests know what to look for. */
  readonly issuedTokens: string[] = [];

  constructor(
    readonly clock: SimClock,
    private readonly jwtLifetimeMs: number,
    private readonly propagationDelayMs: number,
    private readonly apiUrl: () => string,
  ) {}

  // ---- seeding and inspection (no HTTP) ----

  addServiceAccount(name: string, opts: { keyLimit?: 1 | 2; admin?: boolean } = {}): Credential {
    if (this.accounts.has(name)) throw new Error(`simulator: service account ${name} already exists`);
    const now = this.clock.now();
    this.accounts.set(name, {
      name,
      keyLimit: opts.keyLimit ?? 2,
      admin: opts.admin ?? false,
      createdTs: now,
      lastLoginTs: 0,
    });
    // Like POST /v3/user with type SERVICE_ACCOUNT: the account comes with its first key.
    return this.addKey(name, { name: `${name} initial key` });
  }

  addKey(
    owner: string,
    opts: { name?: string; status?: 'active' | 'inactive'; createdTs?: number; expiresOn?: number } = {},
  ): Credential {
    const account = this.accounts.get(owner);
    if (!account) throw new Error(`simulator: no service account ${owner}`);
    if (this.ownedBy(owner).length >= account.keyLimit)
      throw new Error(`simulator: ${owner} already has ${account.keyLimit} key(s), the limit of its role`);
    const key = this.insertKey(account, owner, opts.name ?? `seeded key ${this.keyMap.size + 1}`, {
      createdTs: opts.createdTs ?? this.clock.now(),
      expiresOn: opts.expiresOn ?? 0,
      active: (opts.status ?? 'active') === 'active',
      usableFrom: Number.NEGATIVE_INFINITY, // seeded keys exist "since forever"
    });
    return { apiUrl: this.apiUrl(), accessKeyId: key.id, secretKey: key.secretKey };
  }

  keys(owner: string): SimKey[] {
    return this.ownedBy(owner).map((k) => this.view(k));
  }

  allKeys(): SimKey[] {
    return [...this.keyMap.values()].map((k) => this.view(k));
  }

  keyLimit(owner: string): number {
    const account = this.accounts.get(owner);
    if (!account) throw new Error(`simulator: no service account ${owner}`);
    return account.keyLimit;
  }

  canLogin(accessKeyId: string, secretKey: string): boolean {
    const key = this.keyMap.get(accessKeyId);
    return !!key && key.secretKey === secretKey && this.usable(key) && key.usableFrom <= this.clock.now();
  }

  // ---- routes ----

  login(body: unknown): SimResponse {
    const { username, password } = (body ?? {}) as { username?: unknown; password?: unknown };
    if (typeof username !== 'string' || typeof password !== 'string' || !this.canLogin(username, password))
      return redlockError(401, 'invalid_credentials');
    const key = this.keyMap.get(username)!;
    const now = this.clock.now();
    key.lastUsedTime = now;
    const account = this.accounts.get(key.owner)!;
    account.lastLoginTs = now;
    return { status: 200, body: this.loginResponse(this.issue(key)) };
  }

  /** The user a request counts against for rate limiting: the login key's owner, or the session's. */
  rateLimitUser(token: string | undefined, loginKeyId: unknown): string | undefined {
    if (typeof loginKeyId === 'string') return this.keyMap.get(loginKeyId)?.owner;
    return token ? this.sessions.get(token)?.owner : undefined;
  }

  /** Resolves the x-redlock-auth header to a caller, or the 401 to send. */
  authenticate(token: string | undefined): Caller | SimResponse {
    const session = token ? this.sessions.get(token) : undefined;
    if (!token || !session || !this.minter.verifySignature(token)) return { status: 401 };
    if (this.clock.now() >= session.expiresAt) return { status: 401 };
    const key = this.keyMap.get(session.keyId);
    // A token dies with its key: deleting, deactivating or expiring the key revokes its sessions.
    if (!key || !this.usable(key)) return { status: 401 };
    const account = this.accounts.get(session.owner);
    if (!account) return { status: 401 };
    return { account, keyId: key.id };
  }

  extend(token: string | undefined): SimResponse {
    const caller = this.authenticate(token);
    if (!isCaller(caller)) return redlockError(401, 'token_expired');
    const key = this.keyMap.get(caller.keyId)!;
    return { status: 200, body: this.loginResponse(this.issue(key)) };
  }

  me(caller: Caller): SimResponse {
    const { account } = caller;
    const role = roleOf(account);
    return {
      status: 200,
      body: {
        email: account.name,
        firstName: account.name,
        lastName: '',
        displayName: account.name,
        enabled: true,
        accessKeysAllowed: true,
        type: 'SERVICE_ACCOUNT',
        activeRole: {
          id: role.id,
          name: role.name,
          type: role.type,
          onlyAllowCIAccess: false,
          onlyAllowComputeAccess: false,
          onlyAllowReadAccess: false,
        },
        defaultRoleId: role.id,
        roleIds: [role.id],
        roles: [{ id: role.id, name: role.name, type: role.type }],
        lastLoginTs: account.lastLoginTs,
        lastModifiedBy: 'admin@keyroll-sim',
        lastModifiedTs: account.createdTs,
        timeZone: 'UTC',
      },
    };
  }

  listKeys(caller: Caller): SimResponse {
    const visible = caller.account.admin ? [...this.keyMap.values()] : this.ownedBy(caller.account.name);
    return {
      status: 200,
      body: visible.map((k) => {
        const role = roleOf(this.accounts.get(k.owner)!);
        return {
          id: k.id,
          name: k.name,
          createdBy: k.createdBy,
          createdTs: k.createdTs,
          expiresOn: k.expiresOn,
          lastUsedTime: k.lastUsedTime,
          status: this.statusOf(k),
          username: k.owner,
          role: { id: role.id, name: role.name },
          roleType: role.type,
        };
      }),
    };
  }

  createKey(caller: Caller, body: unknown): SimResponse {
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      return redlockError(400, 'invalid_access_key_name');
    const { name, expiresOn, serviceAccountName } = body as Record<string, unknown>;
    let owner = caller.account;
    if (serviceAccountName !== undefined && serviceAccountName !== null && serviceAccountName !== '') {
      if (typeof serviceAccountName !== 'string') return redlockError(400, 'user_inactive_or_not_exist');
      if (serviceAccountName !== caller.account.name && !caller.account.admin)
        return redlockError(403, 'unauthorized_to_use_access_keys');
      const target = this.accounts.get(serviceAccountName);
      if (!target) return redlockError(400, 'user_inactive_or_not_exist');
      owner = target;
    }
    if (typeof name !== 'string' || name.trim() === '') return redlockError(400, 'invalid_access_key_name');
    if (name.length > MAX_KEY_NAME_LENGTH) return redlockError(400, 'invalid_access_key_name_length');
    const now = this.clock.now();
    const expiry = expiresOn ?? 0;
    if (
      typeof expiry !== 'number' ||
      !Number.isInteger(expiry) ||
      expiry < 0 ||
      (expiry !== 0 && expiry <= now)
    )
      return redlockError(400, 'invalid_expiry_access_key');
    const owned = this.ownedBy(owner.name);
    // Inactive and expired keys still occupy a slot until deleted; the i18n key is the same for limit 1.
    if (owned.length >= owner.keyLimit) return redlockError(400, 'already_have_two_access_keys');
    if (owned.some((k) => k.name === name)) return redlockError(409, 'duplicate_access_key_name');
    const key = this.insertKey(owner, caller.account.name, name, {
      createdTs: now,
      expiresOn: expiry,
      active: true,
      usableFrom: now + this.propagationDelayMs,
    });
    return { status: 200, body: { id: key.id, secretKey: key.secretKey } };
  }

  getKey(caller: Caller, id: string): SimResponse {
    const found = this.accessible(caller, id);
    if (!isKey(found)) return found;
    return { status: 200, body: { id: found.id, name: found.name, expiresOn: found.expiresOn } };
  }

  deleteKey(caller: Caller, id: string): SimResponse {
    const found = this.accessible(caller, id);
    if (!isKey(found)) return found;
    this.keyMap.delete(id);
    return { status: 200 };
  }

  /**
   * Whether a key may deactivate itself is undocumented. When set, the simulator refuses it, so tests can
   * prove the engine retires the old key with the new key's session (R1 step 9).
   */
  forbidSelfDeactivation = false;

  setStatus(caller: Caller, id: string, status: string): SimResponse {
    if (status !== 'true' && status !== 'false') return redlockError(400, 'empty_access_key_status_provided');
    const found = this.accessible(caller, id);
    if (!isKey(found)) return found;
    if (this.forbidSelfDeactivation && status === 'false' && caller.keyId === id) {
      return redlockError(403, 'access_keys_cannot_update_own_key');
    }
    if (status === 'true' && this.expired(found)) return redlockError(500, 'expired_access_key');
    found.active = status === 'true';
    return { status: 200 };
  }

  // ---- helpers ----

  private accessible(caller: Caller, id: string): StoredKey | SimResponse {
    const key = this.keyMap.get(id);
    if (!key) return redlockError(500, 'non_existing_access_key');
    if (!caller.account.admin && key.owner !== caller.account.name)
      return redlockError(403, 'unauthorized_to_use_access_keys');
    return key;
  }

  private insertKey(
    owner: Account,
    createdBy: string,
    name: string,
    fields: Pick<StoredKey, 'createdTs' | 'expiresOn' | 'active' | 'usableFrom'>,
  ): StoredKey {
    const key: StoredKey = {
      id: randomUUID(),
      name,
      owner: owner.name,
      createdBy,
      lastUsedTime: 0,
      // Prisma secrets look like base64 text; 28 characters here.
      secretKey: randomBytes(21).toString('base64'),
      ...fields,
    };
    this.keyMap.set(key.id, key);
    return key;
  }

  private issue(key: StoredKey): string {
    const now = this.clock.now();
    const expiresAt = now + this.jwtLifetimeMs;
    const token = this.minter.mint({
      sub: key.owner,
      keyId: key.id,
      issuedAtMs: now,
      expiresAtMs: expiresAt,
    });
    this.sessions.set(token, { keyId: key.id, owner: key.owner, expiresAt });
    this.issuedTokens.push(token);
    return token;
  }

  private loginResponse(token: string) {
    return {
      token,
      message: 'login_successful',
      customerNames: [{ customerName: 'keyroll-sim', prismaId: '806775661323116544', tosAccepted: true }],
    };
  }

  private ownedBy(owner: string): StoredKey[] {
    return [...this.keyMap.values()].filter((k) => k.owner === owner);
  }

  private expired(key: StoredKey): boolean {
    return key.expiresOn !== 0 && key.expiresOn <= this.clock.now();
  }

  private usable(key: StoredKey): boolean {
    return key.active && !this.expired(key);
  }

  private statusOf(key: StoredKey): SimKey['status'] {
    if (this.expired(key)) return 'expired';
    return key.active ? 'active' : 'inactive';
  }

  private view(key: StoredKey): SimKey {
    return {
      id: key.id,
      name: key.name,
      owner: key.owner,
      status: this.statusOf(key),
      createdTs: key.createdTs,
      expiresOn: key.expiresOn,
      lastUsedTime: key.lastUsedTime,
      secretKey: key.secretKey,
    };
  }
}

export function isCaller(value: Caller | SimResponse): value is Caller {
  return 'account' in value;
}

function isKey(value: StoredKey | SimResponse): value is StoredKey {
  return 'secretKey' in value;
}

function roleOf(account: Account): { id: string; name: string; type: string } {
  if (account.admin) return { id: 'role-system-admin', name: 'System Admin', type: 'System Admin' };
  if (account.keyLimit === 1)
    return { id: 'role-build-deploy', name: 'Build and Deploy Security', type: 'Build and Deploy Security' };
  return { id: 'role-account-admin', name: 'Account Group Admin', type: 'Account Group Admin' };
}
