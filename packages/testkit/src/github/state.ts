import sodium from 'libsodium-wrappers';
import { FakeIssues } from './issues.ts';

/**
 * State of the fake GitHub API: one Curve25519 key pair per scope, secrets stored decrypted (so tests can
 * compare what the real client sealed with what they expect), and Actions variables.
 */
export type FakeScope =
  | { kind: 'repository'; owner: string; repo: string }
  | { kind: 'environment'; owner: string; repo: string; environment: string }
  | { kind: 'organization'; org: string };

export type Visibility = 'all' | 'private' | 'selected';

export interface FakeSecret {
  name: string;
  /** The decrypted plaintext. GitHub never returns it; the fake keeps it for tests. */
  value: string;
  createdAt: string;
  updatedAt: string;
  visibility?: Visibility;
  selectedRepositoryIds?: number[];
}

export interface FakeVariable {
  name: string;
  value: string;
  createdAt: string;
  updatedAt: string;
  visibility?: Visibility;
  selectedRepositoryIds?: number[];
}

export interface ScopeKeyPair {
  keyId: string;
  /** Standard base64 with padding, as GitHub sends it. */
  key: string;
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

interface ScopeState {
  keyPair?: ScopeKeyPair;
  secrets: Map<string, FakeSecret>;
  variables: Map<string, FakeVariable>;
}

export function scopeKey(scope: FakeScope): string {
  switch (scope.kind) {
    case 'repository':
      return `repo:${scope.owner}/${scope.repo}`.toLowerCase();
    case 'environment':
      return `env:${scope.owner}/${scope.repo}:${scope.environment}`.toLowerCase();
    case 'organization':
      return `org:${scope.org}`.toLowerCase();
  }
}

export class FakeGitHubState {
  /** Issues per repository (the Action's failure issue). */
  readonly issues = new FakeIssues();
  private readonly scopes = new Map<string, ScopeState>();
  private nextKeyId = 568250167242549743n;

  private scope(scope: FakeScope): ScopeState {
    const key = scopeKey(scope);
    let state = this.scopes.get(key);
    if (!state) {
      state = { secrets: new Map(), variables: new Map() };
      this.scopes.set(key, state);
    }
    return state;
  }

  /** The scope's key pair, generated on first use like GitHub's per-scope keys. */
  keyPair(scope: FakeScope): ScopeKeyPair {
    const state = this.scope(scope);
    if (!state.keyPair) state.keyPair = this.generateKeyPair();
    return state.keyPair;
  }

  /** Replaces the scope's key pair (GitHub may rotate it); a PUT sealed with the old key then gets 422. */
  rotateKeyPair(scope: FakeScope): ScopeKeyPair {
    const pair = this.generateKeyPair();
    this.scope(scope).keyPair = pair;
    return pair;
  }

  private generateKeyPair(): ScopeKeyPair {
    const pair = sodium.crypto_box_keypair();
    this.nextKeyId += 1n;
    return {
      keyId: this.nextKeyId.toString(),
      key: sodium.to_base64(pair.publicKey, sodium.base64_variants.ORIGINAL),
      publicKey: pair.publicKey,
      privateKey: pair.privateKey,
    };
  }

  /** Opens a sealed box sent by a client; undefined when it does not decrypt with the scope's key. */
  open(scope: FakeScope, encryptedValue: string): string | undefined {
    const pair = this.keyPair(scope);
    try {
      const cipher = sodium.from_base64(encryptedValue, sodium.base64_variants.ORIGINAL);
      return sodium.to_string(sodium.crypto_box_seal_open(cipher, pair.publicKey, pair.privateKey));
    } catch {
      return undefined;
    }
  }

  /** Seals a value to the scope's key, the way a client must (for tests that seed through the API). */
  seal(scope: FakeScope, value: string): { encrypted_value: string; key_id: string } {
    const pair = this.keyPair(scope);
    const cipher = sodium.crypto_box_seal(sodium.from_string(value), pair.publicKey);
    return { encrypted_value: sodium.to_base64(cipher, sodium.base64_variants.ORIGINAL), key_id: pair.keyId };
  }

  secrets(scope: FakeScope): Map<string, FakeSecret> {
    return this.scope(scope).secrets;
  }

  variables(scope: FakeScope): Map<string, FakeVariable> {
    return this.scope(scope).variables;
  }

  /** Creates or replaces a secret directly (names are stored upper-case, as GitHub does). */
  putSecret(
    scope: FakeScope,
    name: string,
    value: string,
    access: { visibility?: Visibility; selectedRepositoryIds?: number[] } = {},
  ): { created: boolean } {
    const secrets = this.secrets(scope);
    const upper = name.toUpperCase();
    const existing = secrets.get(upper);
    const now = new Date().toISOString();
    secrets.set(upper, {
      name: upper,
      value,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      ...(access.visibility ? { visibility: access.visibility } : {}),
      ...(access.selectedRepositoryIds ? { selectedRepositoryIds: access.selectedRepositoryIds } : {}),
    });
    return { created: !existing };
  }

  putVariable(
    scope: FakeScope,
    name: string,
    value: string,
    access: { visibility?: Visibility; selectedRepositoryIds?: number[] } = {},
  ): { created: boolean } {
    const variables = this.variables(scope);
    const upper = name.toUpperCase();
    const existing = variables.get(upper);
    const now = new Date().toISOString();
    variables.set(upper, {
      name: upper,
      value,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      ...(access.visibility ? { visibility: access.visibility } : {}),
      ...(access.selectedRepositoryIds ? { selectedRepositoryIds: access.selectedRepositoryIds } : {}),
    });
    return { created: !existing };
  }
}
