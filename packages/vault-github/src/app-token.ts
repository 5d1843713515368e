import { createPrivateKey, createSign, type KeyObject } from 'node:crypto';
import { ConfigError, escapeControl, VaultError } from '@keyroll/core';
import { GITHUB_API_VERSION } from './client.ts';
import type { GitHubScope } from './scope.ts';

/**
 * A GitHub App's installation token, minted from the App's private key: the App signs a short JWT
 * (RS256, node:crypto; no extra dependency) and trades it for an installation token (valid one hour) at
 * `POST /app/installations/{id}/access_tokens`. The private key stays in this process: it signs, and is
 * never sent, logged or put in an error.
 */
export interface GitHubAppOptions {
  /** The App's id (or its client id, which GitHub also accepts as the JWT issuer). */
  appId: string;
  /** PEM (PKCS#1 as GitHub issues it, or PKCS#8), or JSON with a `privateKey` / `private_key` field. */
  privateKey: string;
  /** The installation to mint for; default: looked up for each owner the targets name. */
  installationId?: number;
  /** REST API root (GHES `https://<host>/api/v3`). */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Default Date.now. */
  now?: () => number;
  requestTimeoutMs?: number;
}

export interface InstallationToken {
  token: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** Reads the App key as it is stored: PEM, PEM with escaped newlines, or JSON holding it. */
export function parseAppPrivateKey(stored: string, where: string): KeyObject {
  let text = stored.trim();
  if (text.startsWith('{')) {
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      const field = json.privateKey ?? json.private_key;
      if (typeof field === 'string') text = field.trim();
    } catch {
      // reported below
    }
  }
  text = text.replace(/\\n/g, '\n');
  try {
    const key = createPrivateKey({ key: text, format: 'pem' });
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not RSA');
    return key;
  } catch {
    // Never quote the value: it is the key.
    throw new ConfigError(
      'invalid_github_app_key',
      `${where}: not a GitHub App private key (expected the RSA PEM GitHub issues, or JSON with "privateKey")`,
    );
  }
}

/** The App's JWT: issued 60 s in the past (clock drift, as GitHub advises), valid 9 minutes (at most 10). */
export function appJwt(appId: string, key: KeyObject, nowMs: number): string {
  const now = Math.floor(nowMs / 1000);
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const unsigned = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iat: now - 60, exp: now + 540, iss: appId })}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(key).toString('base64url');
  return `${unsigned}.${signature}`;
}

/** Mints installation tokens for one App; one per installation, reused until five minutes before expiry. */
export class GitHubAppTokens {
  readonly #options: GitHubAppOptions;
  readonly #key: KeyObject;
  readonly #tokens = new Map<number, Promise<InstallationToken>>();
  readonly #installations = new Map<string, Promise<number>>();

  constructor(options: GitHubAppOptions, where = 'GitHub App') {
    if (!/^[A-Za-z0-9.]+$/.test(options.appId))
      throw new ConfigError('invalid_github_app', `${where}: appId must be the App's id or client id`);
    this.#options = options;
    this.#key = parseAppPrivateKey(options.privateKey, `${where} private key`);
  }

  /** A token for the installation that covers the scope's owner. */
  async tokenFor(scope: GitHubScope): Promise<InstallationToken> {
    const id = this.#options.installationId ?? (await this.#installationFor(scope));
    const now = this.#now();
    let pending = this.#tokens.get(id);
    const cached = pending ? await pending.catch(() => undefined) : undefined;
    if (!cached || cached.expiresAt - now < 5 * 60_000) {
      pending = this.#mint(id);
      this.#tokens.set(id, pending);
      pending.catch(() => this.#tokens.delete(id));
    }
    return pending!;
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  #installationFor(scope: GitHubScope): Promise<number> {
    const owner = scope.kind === 'organization' ? scope.org : scope.owner;
    const key = owner.toLowerCase();
    let pending = this.#installations.get(key);
    if (!pending) {
      const path =
        scope.kind === 'organization'
          ? `/orgs/${encodeURIComponent(scope.org)}/installation`
          : `/repos/${encodeURIComponent(scope.owner)}/${encodeURIComponent(scope.repo)}/installation`;
      pending = this.#call('GET', path, `finding the App's installation on ${owner}`).then((body) => {
        const id = (body as { id?: unknown }).id;
        if (typeof id !== 'number')
          throw new VaultError('github_app_installation', `GitHub named no installation for ${owner}`, {
            category: 'config',
          });
        return id;
      });
      this.#installations.set(key, pending);
      pending.catch(() => this.#installations.delete(key));
    }
    return pending;
  }

  async #mint(installationId: number): Promise<InstallationToken> {
    const body = (await this.#call(
      'POST',
      `/app/installations/${installationId}/access_tokens`,
      `minting an installation token for installation ${installationId}`,
    )) as { token?: unknown; expires_at?: unknown };
    const expiresAt = typeof body.expires_at === 'string' ? Date.parse(body.expires_at) : Number.NaN;
    if (typeof body.token !== 'string' || !body.token || !Number.isFinite(expiresAt))
      throw new VaultError('github_app_token', 'GitHub answered the token request without a token', {
        category: 'internal',
      });
    return { token: body.token, expiresAt };
  }

  /** One App-authenticated call. A refusal is a configuration error: nothing was written anywhere. */
  async #call(method: 'GET' | 'POST', path: string, what: string): Promise<unknown> {
    const base = (this.#options.baseUrl ?? 'https://api.github.com').replace(/\/+$/, '');
    const doFetch = this.#options.fetch ?? globalThis.fetch;
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${appJwt(this.#options.appId, this.#key, this.#now())}`,
          'user-agent': 'keyroll',
          'x-github-api-version': GITHUB_API_VERSION,
        },
        signal: AbortSignal.timeout(this.#options.requestTimeoutMs ?? 30_000),
      });
    } catch (err) {
      throw new VaultError('github_unreachable', `${what}: GitHub did not answer (${(err as Error).name})`, {
        category: 'unavailable',
      });
    }
    const text = await res.text();
    if (res.ok) {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new VaultError('github_app_token', `${what}: GitHub's answer is not JSON`, {
          category: 'internal',
        });
      }
    }
    let message = '';
    try {
      message = String((JSON.parse(text) as { message?: unknown }).message ?? '');
    } catch {
      // no message
    }
    const said = message ? ` (${escapeControl(message.slice(0, 200))})` : '';
    if (res.status >= 500 || res.status === 429)
      throw new VaultError('github_unavailable', `${what}: GitHub answered ${res.status}${said}`, {
        category: res.status === 429 ? 'rate_limited' : 'unavailable',
      });
    throw new ConfigError(
      'github_app_refused',
      `${what}: GitHub answered ${res.status}${said}. ` +
        'Check the App id, that the key is the App’s current private key, and that the App is installed on the owner with "Secrets" and "Variables" write',
    );
  }
}
