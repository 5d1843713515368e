import { parseSecretValue, type RotationMetadata, silentLogger } from '@keyroll/core';
import { type FakeGitHub, startFakeGitHub } from '@keyroll/testkit';
import {
  createGitHubClient,
  decodeMetadata,
  encodeMetadata,
  type GitHubClient,
  type GitHubClientOptions,
  type GitHubScope,
  layOut,
  metadataVariableName,
  type SecretLayout,
} from '../src/index.ts';

/** Test helpers: a fake GitHub, a fast client for it, and seeding/inspection that bypass the adapter. */
export const repoScope: GitHubScope = { kind: 'repository', owner: 'acme', repo: 'api' };
export const envScope: GitHubScope = { kind: 'environment', owner: 'acme', repo: 'api', environment: 'prod' };
export const orgScope: GitHubScope = {
  kind: 'organization',
  org: 'acme',
  visibility: 'selected',
  selectedRepositoryIds: [1296269, 1296270],
};

export function fastClient(fake: FakeGitHub, options: Partial<GitHubClientOptions> = {}): GitHubClient {
  return createGitHubClient({
    token: 'ghp_fake',
    baseUrl: fake.url,
    minWriteIntervalMs: 0,
    retryAfterUnitMs: 1,
    requestTimeoutMs: 5_000,
    log: silentLogger(),
    ...options,
  });
}

export function seed(
  fake: FakeGitHub,
  scope: GitHubScope,
  layout: SecretLayout,
  value: string,
  metadata?: RotationMetadata,
): void {
  const access =
    scope.kind === 'organization'
      ? { visibility: scope.visibility, selectedRepositoryIds: scope.selectedRepositoryIds }
      : {};
  for (const w of layOut(value, layout, 'seed')) fake.seedSecret(scope, w.name, w.plaintext, access);
  if (metadata) fake.seedVariable(scope, metadataVariableName(layout), encodeMetadata(metadata), access);
}

/** What the fake holds, put back into the canonical JSON (the pair/checkov layouts drop apiUrl). */
export function inspect(
  fake: FakeGitHub,
  scope: GitHubScope,
  layout: SecretLayout,
  apiUrl: string,
): { value: string | undefined; metadata: RotationMetadata; managed: boolean } {
  const variable = fake.variable(scope, metadataVariableName(layout));
  const record = variable ? decodeMetadata(variable.value) : undefined;
  const metadata = record?.metadata ?? {};
  const managed = record?.managed === true;
  if (layout.format === 'json') return { value: fake.secretValue(scope, layout.name), metadata, managed };
  let accessKeyId: string | undefined;
  let secretKey: string | undefined;
  if (layout.format === 'checkov') {
    const raw = fake.secretValue(scope, layout.name);
    [accessKeyId, secretKey] = raw?.split('::') ?? [];
  } else {
    accessKeyId = fake.secretValue(scope, layout.accessKeyIdName);
    secretKey = fake.secretValue(scope, layout.secretKeyName);
  }
  if (accessKeyId === undefined || secretKey === undefined) return { value: undefined, metadata, managed };
  return { value: JSON.stringify({ apiUrl, accessKeyId, secretKey }), metadata, managed };
}

export function apiUrlOf(value: string): string {
  return parseSecretValue(value, 'test').credential.apiUrl;
}

export { startFakeGitHub };
