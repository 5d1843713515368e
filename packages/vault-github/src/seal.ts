import { VaultError } from '@keyroll/core';
// Default import: the ESM build's named exports are undefined until `ready` (verified with 0.8.4).
import sodium from 'libsodium-wrappers';
import { fetchPublicKey, type PublicKey } from './api.ts';
import type { GitHubClient } from './client.ts';
import { type GitHubScope, scopeCacheKey } from './scope.ts';

/**
 * GitHub secrets are sent as libsodium sealed boxes (crypto_box_seal) to the scope's Curve25519 public key,
 * base64-encoded with the ORIGINAL variant (standard alphabet, padded); libsodium's default variant is
 * URL-safe without padding, which GitHub cannot read.
 */
export async function seal(plaintext: string, publicKey: PublicKey, where: string): Promise<string> {
  await sodium.ready;
  let key: Uint8Array;
  try {
    key = sodium.from_base64(publicKey.key, sodium.base64_variants.ORIGINAL);
  } catch {
    throw new VaultError('github_bad_public_key', `${where}: GitHub's public key is not valid base64`, {
      category: 'internal',
    });
  }
  if (key.length !== sodium.crypto_box_PUBLICKEYBYTES) {
    throw new VaultError('github_bad_public_key', `${where}: GitHub's public key is not a Curve25519 key`, {
      category: 'internal',
    });
  }
  const sealed = sodium.crypto_box_seal(sodium.from_string(plaintext), key);
  return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
}

/**
 * Public keys, fetched once per scope and kept for the life of the client (one run). Keyed by the client,
 * so every adapter built on the same Octokit shares the cache; a fetch in flight is shared too.
 */
const cache = new WeakMap<GitHubClient, Map<string, Promise<PublicKey>>>();

export function publicKeyFor(octokit: GitHubClient, scope: GitHubScope): Promise<PublicKey> {
  let perClient = cache.get(octokit);
  if (!perClient) {
    perClient = new Map();
    cache.set(octokit, perClient);
  }
  const key = scopeCacheKey(scope);
  let pending = perClient.get(key);
  if (!pending) {
    pending = fetchPublicKey(octokit, scope);
    const map = perClient;
    pending.catch(() => map.delete(key)); // a failed fetch is not cached
    perClient.set(key, pending);
  }
  return pending;
}

/** Drops a cached key (GitHub rotated it: a PUT answered 422 key mismatch). */
export function forgetPublicKey(octokit: GitHubClient, scope: GitHubScope): void {
  cache.get(octokit)?.delete(scopeCacheKey(scope));
}
