import { isKeyrollError } from '@keyroll/core';
import { describe, expect, it } from 'vitest';
import {
  azureKeyVaultUri,
  formatVaultUri,
  openTargets,
  openVault,
  parseVaultUri,
  type VaultRef,
} from '../src/index.ts';

const good: [string, VaultRef][] = [
  ['file:/etc/keyroll/prisma.json', { scheme: 'file', path: '/etc/keyroll/prisma.json' }],
  ['file:prisma.json', { scheme: 'file', path: '/base/prisma.json' }],
  ['file:./a/../b.json', { scheme: 'file', path: '/base/b.json' }],
  ['file:///etc/x.json', { scheme: 'file', path: '/etc/x.json' }],
  [
    'azure-keyvault://kv-prod.vault.azure.net/prisma-ci',
    { scheme: 'azure-keyvault', vaultUrl: 'https://kv-prod.vault.azure.net', secretName: 'prisma-ci' },
  ],
  [
    'azure-keyvault://KV-Prod.vault.azure.cn/prisma-ci',
    { scheme: 'azure-keyvault', vaultUrl: 'https://kv-prod.vault.azure.cn', secretName: 'prisma-ci' },
  ],
  [
    'azure-keyvault://kvgov.vault.usgovcloudapi.net/s1',
    { scheme: 'azure-keyvault', vaultUrl: 'https://kvgov.vault.usgovcloudapi.net', secretName: 's1' },
  ],
  [
    'gcp-secret-manager://projects/my-proj/secrets/prisma',
    { scheme: 'gcp-secret-manager', name: 'projects/my-proj/secrets/prisma' },
  ],
  [
    'gcp-secret-manager://projects/123456/locations/europe-west1/secrets/prisma_ci',
    { scheme: 'gcp-secret-manager', name: 'projects/123456/locations/europe-west1/secrets/prisma_ci' },
  ],
  [
    'github://acme/api/PRISMA',
    {
      scheme: 'github',
      scope: { kind: 'repository', owner: 'acme', repo: 'api' },
      format: 'json',
      names: ['PRISMA'],
    },
  ],
  [
    'github://acme/api/environments/prod%2Feu/PRISMA',
    {
      scheme: 'github',
      scope: { kind: 'environment', owner: 'acme', repo: 'api', environment: 'prod/eu' },
      format: 'json',
      names: ['PRISMA'],
    },
  ],
  [
    'github://acme/*/PRISMA',
    {
      scheme: 'github',
      scope: { kind: 'organization', org: 'acme', visibility: 'private' },
      format: 'json',
      names: ['PRISMA'],
    },
  ],
  [
    'github://acme/*/PC_ID,PC_KEY?visibility=selected&repositories=12,34&format=pair',
    {
      scheme: 'github',
      scope: { kind: 'organization', org: 'acme', visibility: 'selected', selectedRepositoryIds: [12, 34] },
      format: 'pair',
      names: ['PC_ID', 'PC_KEY'],
    },
  ],
  [
    'github://acme/api/BC_API_KEY?format=checkov',
    {
      scheme: 'github',
      scope: { kind: 'repository', owner: 'acme', repo: 'api' },
      format: 'checkov',
      names: ['BC_API_KEY'],
    },
  ],
  [
    'aws-secrets-manager://eu-west-1/prod/prisma/ci',
    { scheme: 'aws-secrets-manager', region: 'eu-west-1', secretId: 'prod/prisma/ci' },
  ],
  [
    'aws-secrets-manager://arn:aws:secretsmanager:us-gov-west-1:123456789012:secret:prod/prisma-AbCdEf',
    {
      scheme: 'aws-secrets-manager',
      region: 'us-gov-west-1',
      secretId: 'arn:aws:secretsmanager:us-gov-west-1:123456789012:secret:prod/prisma-AbCdEf',
    },
  ],
];

const aliases: [string, string][] = [
  ['https://kv-prod.vault.azure.net/secrets/prisma-ci', 'azure-keyvault://kv-prod.vault.azure.net/prisma-ci'],
  ['projects/p-12345/secrets/s', 'gcp-secret-manager://projects/p-12345/secrets/s'],
  ['repo:acme/api:PRISMA', 'github://acme/api/PRISMA'],
  ['env:acme/api:prod:PRISMA', 'github://acme/api/environments/prod/PRISMA'],
  ['org:acme:PRISMA:all', 'github://acme/*/PRISMA?visibility=all'],
  ['org:acme:PRISMA:selected:1,2', 'github://acme/*/PRISMA?visibility=selected&repositories=1,2'],
  ['repo:acme/api:PC_ID,PC_KEY', 'github://acme/api/PC_ID,PC_KEY?format=pair'],
  [
    'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:x',
    'aws-secrets-manager://arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:x',
  ],
];

const bad: [string, RegExp][] = [
  ['', /is empty/],
  ['prisma.json', /has no scheme/],
  ['s3://bucket/key', /unknown scheme s3/],
  ['file:', /has no path/],
  ['file://host/x', /names a host/],
  ['azure-keyvault:kv.vault.azure.net/s', /must be written azure-keyvault:\/\//],
  ['azure-keyvault://kv.example.com/s', /not a Key Vault host/],
  ['azure-keyvault://kv-prod.vault.azure.net/bad_name', /invalid secret name/],
  ['azure-keyvault://kv-prod.vault.azure.net/a/b', /is not azure-keyvault/],
  ['https://kv-prod.vault.azure.net/secrets/s/0123abcd', /no version/],
  ['gcp-secret-manager://projects/p/secrets', /is not projects/],
  ['gcp-secret-manager://projects/Bad_Project/secrets/s', /invalid project/],
  ['github://acme/api', /is not github:\/\//],
  ['github://acme/api/GITHUB_TOKEN', /invalid GitHub secret name/],
  ['github://acme/api/A,B', /only format=pair takes two/],
  ['github://acme/api/A?format=pair', /needs <ID_NAME>,<KEY_NAME>/],
  ['github://acme/api/A?visibility=all', /only organization secrets/],
  ['github://acme/*/A?visibility=selected', /without repositories/],
  ['github://acme/*/A?visibility=public', /visibility other than/],
  ['github://acme/api/A?colour=red', /unknown parameter colour/],
  ['aws-secrets-manager://prod/prisma', /is not aws-secrets-manager:\/\/<region>/],
  ['aws-secrets-manager://eu-west-1/', /invalid secret name/],
  ['arn:aws:s3:::bucket', /not a Secrets Manager ARN/],
  ['file:/a\nb', /control characters/],
];

describe('vault URIs', () => {
  it.each(good)('parses %s', (text, ref) => {
    expect(parseVaultUri(text, { baseDir: '/base' })).toEqual(ref);
  });

  it.each(good)('round-trips %s', (text) => {
    const ref = parseVaultUri(text, { baseDir: '/base' });
    expect(parseVaultUri(formatVaultUri(ref))).toEqual(ref);
  });

  it.each(aliases)('reads the existing form %s as %s', (alias, canonical) => {
    expect(formatVaultUri(parseVaultUri(alias))).toBe(canonical);
  });

  it('builds the URI of a KEYROLL_VAULT_URLS vault and a secret name', () => {
    expect(azureKeyVaultUri('https://kv-prod.vault.azure.net/', 'prisma')).toBe(
      'azure-keyvault://kv-prod.vault.azure.net/prisma',
    );
  });

  it.each(bad)('refuses %j with a configuration error that says why', (text, why) => {
    let err: unknown;
    try {
      parseVaultUri(text, { where: 'keyroll.yaml accounts[0].primary' });
    } catch (e) {
      err = e;
    }
    expect(isKeyrollError(err) && err.category === 'config' && err.code === 'invalid_vault_uri').toBe(true);
    expect((err as Error).message).toMatch(why);
    expect((err as Error).message).toContain('keyroll.yaml accounts[0].primary');
    expect((err as Error).message).not.toMatch(/[\n\r]/);
  });
});

describe('vault registry', () => {
  async function configError(p: Promise<unknown>): Promise<{ code: string; message: string }> {
    try {
      await p;
    } catch (err) {
      if (isKeyrollError(err) && err.category === 'config') return err;
      throw err;
    }
    throw new Error('expected a configuration error');
  }

  it('refuses a GitHub secret as the primary: it is write-only', async () => {
    const err = await configError(openVault('github://acme/api/PRISMA', { env: { GITHUB_TOKEN: 't' } }));
    expect(err.code).toBe('write_only_primary');
    expect(err.message).toMatch(/mirror but never the primary/);
  });

  it('opens a GitHub mirror with the token from the environment, and refuses one without a token', async () => {
    const mirror = await openVault('github://acme/api/PRISMA', {
      role: 'mirror',
      env: { GITHUB_TOKEN: 'ghs_x' },
    });
    expect(mirror.adapter.id).toBe('github:repo:acme/api:PRISMA');
    const err = await configError(openVault('github://acme/api/PRISMA', { role: 'mirror', env: {} }));
    expect(err.code).toBe('missing_github_token');
  });

  it('opens an AWS secret through the SDK default chain (region from the URI) and reads it from the fake', async () => {
    const { startContainerCredentialsFake, startSecretsManagerFake, useAwsFakeEnvironment } = await import(
      '@keyroll/testkit'
    );
    const creds = await startContainerCredentialsFake();
    const sm = await startSecretsManagerFake({ acceptAccessKeyId: (id) => creds.issued.has(id) });
    const restore = useAwsFakeEnvironment({ endpoint: sm.url, credentials: creds.env, region: 'us-east-1' });
    try {
      sm.seed('prod/prisma', { value: '{"x":1}', tags: { 'keyroll-managed': 'true' } });
      const opened = await openVault('aws-secrets-manager://us-east-1/prod/prisma');
      expect(opened.uri).toBe('aws-secrets-manager://us-east-1/prod/prisma');
      const stored = await opened.adapter.read();
      expect(stored).toMatchObject({ value: '{"x":1}', managed: true });
    } finally {
      restore();
      await Promise.all([sm.close(), creds.close()]);
    }
  });

  it('opens an AWS secret by name with the region from the URI, and by ARN', async () => {
    const byName = await openVault('aws-secrets-manager://eu-west-1/prod/prisma');
    expect(byName.adapter.id).toContain('prod/prisma');
    const arn = 'arn:aws:secretsmanager:us-east-2:123456789012:secret:prod/prisma-AbCdEf';
    expect((await openVault(arn)).uri).toBe(`aws-secrets-manager://${arn}`);
  });

  it('says clearly when an optional adapter package is not installed', async () => {
    const { importOptional } = await import('../src/vaults/drivers/aws-secrets-manager.ts');
    const err = await configError(
      importOptional('@keyroll/vault-not-installed', 'aws-secrets-manager://x/y'),
    );
    expect(err.code).toBe('vault_adapter_missing');
    expect(err.message).toContain('@keyroll/vault-not-installed is not installed');
  });

  it('opens a file primary with file mirrors; the lock sits beside the primary; duplicates are refused', async () => {
    const opened = await openTargets('file:/tmp/kr/a.json', ['file:/tmp/kr/b.json']);
    expect(opened.targets.map((t) => t.id)).toEqual(['file:/tmp/kr/a.json', 'file:/tmp/kr/b.json']);
    expect((opened.lock as unknown as { pathFor(n: string): string }).pathFor('x')).toMatch(/^\/tmp\/kr\//);
    const err = await configError(openTargets('file:/tmp/kr/a.json', ['file:///tmp/kr/a.json']));
    expect(err.code).toBe('duplicate_vault');
  });

  it('reads a GitHub token from a secret named by URI', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'kr-token-'));
    await writeFile(join(dir, 'gh.json'), JSON.stringify({ token: 'ghs_from_vault' }), { mode: 0o600 });
    const mirror = await openVault('github://acme/api/PRISMA', {
      role: 'mirror',
      env: {},
      githubToken: `file:${join(dir, 'gh.json')}`,
    });
    expect(mirror.uri).toBe('github://acme/api/PRISMA');
  });
});
