import { ConfigError, isKeyrollError } from '@keyroll/core';
import type { GitHubClient } from './client.ts';
import { statusOf, toVaultError } from './errors.ts';
import { describeScope, type GitHubScope, type OrgVisibility } from './scope.ts';

/**
 * The few REST calls the adapter needs, each dispatched on the scope kind (repository, environment,
 * organization have parallel endpoints). Errors come out as VaultErrors naming what was being done.
 */
export interface PublicKey {
  keyId: string;
  /** Standard base64 with padding. */
  key: string;
}

async function call<T>(what: string, method: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toVaultError(err, what, method);
  }
}

/** Runs fn; a 404 becomes undefined, anything else a VaultError. */
async function orMissing<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    if (statusOf(err) === 404) return undefined;
    throw toVaultError(err, what, 'GET');
  }
}

/**
 * Every scope has a public key, so a 404 here means the scope is not there for this token: the repository
 * (or environment) does not exist, or the token cannot see it. Said so, as configuration: a missing secret
 * is reported separately (getSecretInfo).
 */
export async function fetchPublicKey(octokit: GitHubClient, scope: GitHubScope): Promise<PublicKey> {
  const what = `fetching the secrets public key of ${describeScope(scope)}`;
  try {
    return await fetchPublicKeyRaw(octokit, scope, what);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    const where =
      scope.kind === 'organization'
        ? `organization ${scope.org} does not exist or this token cannot see it (an App installed on the organization, with "Organization secrets")`
        : scope.kind === 'environment'
          ? `environment ${scope.environment} does not exist in ${scope.owner}/${scope.repo}, or this token cannot see ${scope.owner}/${scope.repo} (App not installed on it, or the fine-grained token not granted it)`
          : `repository ${scope.owner}/${scope.repo} does not exist or this token cannot see it (App not installed on it, or the fine-grained token not granted it)`;
    throw new ConfigError('github_scope_not_visible', `${where}; nothing was changed`);
  }
}

function isNotFound(err: unknown): boolean {
  return isKeyrollError(err) && err.category === 'not_found';
}

function fetchPublicKeyRaw(octokit: GitHubClient, scope: GitHubScope, what: string): Promise<PublicKey> {
  return call(what, 'GET', async () => {
    const a = octokit.rest.actions;
    const { data } =
      scope.kind === 'repository'
        ? await a.getRepoPublicKey({ owner: scope.owner, repo: scope.repo })
        : scope.kind === 'environment'
          ? await a.getEnvironmentPublicKey({
              owner: scope.owner,
              repo: scope.repo,
              environment_name: scope.environment,
            })
          : await a.getOrgPublicKey({ org: scope.org });
    return { keyId: data.key_id, key: data.key };
  });
}

/** Secret metadata (GitHub never returns the value); undefined when the secret does not exist. */
export function getSecretInfo(
  octokit: GitHubClient,
  scope: GitHubScope,
  name: string,
): Promise<{ name: string; updatedAt: string } | undefined> {
  return orMissing(`reading secret ${name} in ${describeScope(scope)}`, async () => {
    const a = octokit.rest.actions;
    const { data } =
      scope.kind === 'repository'
        ? await a.getRepoSecret({ owner: scope.owner, repo: scope.repo, secret_name: name })
        : scope.kind === 'environment'
          ? await a.getEnvironmentSecret({
              owner: scope.owner,
              repo: scope.repo,
              environment_name: scope.environment,
              secret_name: name,
            })
          : await a.getOrgSecret({ org: scope.org, secret_name: name });
    return { name: data.name, updatedAt: data.updated_at };
  });
}

/** Who may read an organization secret. */
export interface OrgAccess {
  visibility: OrgVisibility;
  /** Only with `selected`. */
  selectedRepositoryIds?: number[];
}

/**
 * An organization secret's current access. GitHub's PUT needs `visibility` and treats a `selected` PUT
 * without `selected_repository_ids` as "no repositories", so a write that must keep the access as it is
 * has to read it first and send it back. Undefined when the secret does not exist.
 */
export async function getOrgSecretAccess(
  octokit: GitHubClient,
  org: string,
  name: string,
): Promise<OrgAccess | undefined> {
  const what = `reading the access list of secret ${name} in organization ${org}`;
  const info = await orMissing(what, async () => {
    const { data } = await octokit.rest.actions.getOrgSecret({ org, secret_name: name });
    return data;
  });
  if (!info) return undefined;
  if (info.visibility !== 'selected') return { visibility: info.visibility };
  const ids: number[] = [];
  for (let page = 1; ; page++) {
    const { data } = await call(what, 'GET', () =>
      octokit.rest.actions.listSelectedReposForOrgSecret({ org, secret_name: name, per_page: 100, page }),
    );
    ids.push(...data.repositories.map((r) => r.id));
    if (data.repositories.length < 100 || ids.length >= data.total_count) break;
  }
  return { visibility: 'selected', selectedRepositoryIds: ids };
}

/** PUT a sealed value. Org secrets need their access control (visibility, selected repositories) too. */
export function putSecret(
  octokit: GitHubClient,
  scope: GitHubScope,
  name: string,
  sealed: { encryptedValue: string; keyId: string },
  access?: OrgAccess,
): Promise<'created' | 'updated'> {
  return call(`writing secret ${name} in ${describeScope(scope)}`, 'PUT', async () => {
    const a = octokit.rest.actions;
    const body = { secret_name: name, encrypted_value: sealed.encryptedValue, key_id: sealed.keyId };
    const { status } =
      scope.kind === 'repository'
        ? await a.createOrUpdateRepoSecret({ owner: scope.owner, repo: scope.repo, ...body })
        : scope.kind === 'environment'
          ? await a.createOrUpdateEnvironmentSecret({
              owner: scope.owner,
              repo: scope.repo,
              environment_name: scope.environment,
              ...body,
            })
          : await a.createOrUpdateOrgSecret({
              org: scope.org,
              ...body,
              visibility: access?.visibility ?? 'private',
              ...(access?.visibility === 'selected'
                ? { selected_repository_ids: access.selectedRepositoryIds ?? [] }
                : {}),
            });
    return status === 201 ? 'created' : 'updated';
  });
}

export function getVariable(
  octokit: GitHubClient,
  scope: GitHubScope,
  name: string,
): Promise<{ value: string; updatedAt: string } | undefined> {
  return orMissing(`reading variable ${name} in ${describeScope(scope)}`, async () => {
    const a = octokit.rest.actions;
    const { data } =
      scope.kind === 'repository'
        ? await a.getRepoVariable({ owner: scope.owner, repo: scope.repo, name })
        : scope.kind === 'environment'
          ? await a.getEnvironmentVariable({
              owner: scope.owner,
              repo: scope.repo,
              environment_name: scope.environment,
              name,
            })
          : await a.getOrgVariable({ org: scope.org, name });
    return { value: data.value, updatedAt: data.updated_at };
  });
}

/**
 * Creates or updates a variable. POST is not an upsert on GitHub, so PATCH first and POST on 404 (and
 * PATCH again if a concurrent writer created it in between: 409).
 */
export async function setVariable(
  octokit: GitHubClient,
  scope: GitHubScope,
  name: string,
  value: string,
): Promise<void> {
  const what = `writing variable ${name} in ${describeScope(scope)}`;
  const a = octokit.rest.actions;
  const patch = () =>
    scope.kind === 'repository'
      ? a.updateRepoVariable({ owner: scope.owner, repo: scope.repo, name, value })
      : scope.kind === 'environment'
        ? a.updateEnvironmentVariable({
            owner: scope.owner,
            repo: scope.repo,
            environment_name: scope.environment,
            name,
            value,
          })
        : // PATCH leaves the variable's visibility and repository list as they are.
          a.updateOrgVariable({ org: scope.org, name, value });
  const create = () =>
    scope.kind === 'repository'
      ? a.createRepoVariable({ owner: scope.owner, repo: scope.repo, name, value })
      : scope.kind === 'environment'
        ? a.createEnvironmentVariable({
            owner: scope.owner,
            repo: scope.repo,
            environment_name: scope.environment,
            name,
            value,
          })
        : // Only keyroll reads its metadata, through the API: no repository's workflows need to see it.
          a.createOrgVariable({
            org: scope.org,
            name,
            value,
            visibility: 'selected',
            selected_repository_ids: [],
          });
  try {
    await patch();
    return;
  } catch (err) {
    if (statusOf(err) !== 404) throw toVaultError(err, what, 'PATCH');
  }
  try {
    await create();
  } catch (err) {
    if (statusOf(err) !== 409) throw toVaultError(err, what, 'POST');
    await call(what, 'PATCH', patch);
  }
}
