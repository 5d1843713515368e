import { ConfigError } from '@keyroll/core';

/**
 * Where a GitHub secret lives. Each scope has its own sealed-box public key and its own Actions variables.
 * Organization secrets also carry who may read them (visibility and, for `selected`, repository ids).
 * Access is left as it is unless configuration names it: `visibility` undefined keeps the secret's
 * visibility and repository list; a `visibility` sets it, and with `selected` the named
 * `selectedRepositoryIds` are added to the list (never removing repositories granted some other way).
 */
export type OrgVisibility = 'all' | 'private' | 'selected';

export type GitHubScope =
  | { kind: 'repository'; owner: string; repo: string }
  | { kind: 'environment'; owner: string; repo: string; environment: string }
  | { kind: 'organization'; org: string; visibility?: OrgVisibility; selectedRepositoryIds?: number[] };

/**
 * How the canonical JSON value is laid out in GitHub secrets:
 * - `json`: one secret holding the value as is (`{"apiUrl","accessKeyId","secretKey"}` or the vendor form);
 * - `pair`: two secrets, the access key id and the secret key (for tools that take them separately);
 * - `checkov`: one secret `<accessKeyId>::<secretKey>` (Checkov's / Bridgecrew's `BC_API_KEY` form).
 */
export type SecretLayout =
  | { format: 'json'; name: string }
  | { format: 'checkov'; name: string }
  | { format: 'pair'; accessKeyIdName: string; secretKeyName: string };

export type OutputFormat = SecretLayout['format'];

/** Suffix of the Actions variable that holds a secret's rotation metadata (never the secret). */
export const METADATA_VARIABLE_SUFFIX = '_KEYROLL';

/** Names of the secrets a layout writes, in write order. */
export function secretNames(layout: SecretLayout): string[] {
  return layout.format === 'pair' ? [layout.accessKeyIdName, layout.secretKeyName] : [layout.name];
}

/**
 * The Actions variable holding a target's rotation metadata: `<first secret name>_KEYROLL`, upper-case
 * (GitHub stores secret and variable names upper-case). For a pair, the access key id secret names it.
 * The Terraform module creates variables with this name; keep them in step.
 */
export function metadataVariableName(layout: SecretLayout | string): string {
  const base = typeof layout === 'string' ? layout : secretNames(layout)[0]!;
  return `${base.toUpperCase()}${METADATA_VARIABLE_SUFFIX}`;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;

/** GitHub's rules for secret and variable names: `[A-Za-z0-9_]`, no leading digit, no `GITHUB_` prefix. */
export function assertSecretName(name: string, where: string): void {
  if (!NAME.test(name) || /^GITHUB_/i.test(name)) {
    throw new ConfigError(
      'invalid_secret_name',
      `${where}: ${JSON.stringify(name)} is not a valid GitHub secret name (letters, digits and _ only, ` +
        'no leading digit, no GITHUB_ prefix)',
    );
  }
  const variable = metadataVariableName(name);
  if (variable.length > 255) {
    throw new ConfigError('invalid_secret_name', `${where}: secret name ${name} is too long`);
  }
}

export function assertScope(scope: GitHubScope, where: string): void {
  if (scope.kind === 'organization') {
    if (!OWNER.test(scope.org))
      throw new ConfigError(
        'invalid_scope',
        `${where}: ${JSON.stringify(scope.org)} is not an organization name`,
      );
    if (scope.visibility !== undefined && !['all', 'private', 'selected'].includes(scope.visibility))
      throw new ConfigError('invalid_scope', `${where}: visibility must be all, private or selected`);
    const ids = scope.selectedRepositoryIds;
    if (scope.visibility === 'selected') {
      if (ids && !ids.every((id) => Number.isSafeInteger(id) && id > 0))
        throw new ConfigError('invalid_scope', `${where}: repository ids must be positive whole numbers`);
    } else if (ids && ids.length > 0) {
      throw new ConfigError(
        'invalid_scope',
        `${where}: selected repository ids are only allowed with visibility "selected"`,
      );
    }
    return;
  }
  if (!OWNER.test(scope.owner) || !REPO.test(scope.repo) || scope.repo === '.' || scope.repo === '..')
    throw new ConfigError(
      'invalid_scope',
      `${where}: ${JSON.stringify(`${scope.owner}/${scope.repo}`)} is not an owner/repository name`,
    );
  if (scope.kind === 'environment' && (scope.environment.trim() === '' || scope.environment.length > 255))
    throw new ConfigError('invalid_scope', `${where}: the environment name is empty or too long`);
}

/** Human-readable scope, for messages: `repository acme/api`, `environment prod of acme/api`, `organization acme`. */
export function describeScope(scope: GitHubScope): string {
  switch (scope.kind) {
    case 'repository':
      return `repository ${scope.owner}/${scope.repo}`;
    case 'environment':
      return `environment ${scope.environment} of ${scope.owner}/${scope.repo}`;
    case 'organization':
      return `organization ${scope.org}`;
  }
}

/** A stable key for per-scope caches (the public key); GitHub names are case-insensitive. */
export function scopeCacheKey(scope: GitHubScope): string {
  switch (scope.kind) {
    case 'repository':
      return `repo:${scope.owner}/${scope.repo}`.toLowerCase();
    case 'environment':
      return `env:${scope.owner}/${scope.repo}:${scope.environment.toLowerCase()}`.toLowerCase();
    case 'organization':
      return `org:${scope.org}`.toLowerCase();
  }
}
