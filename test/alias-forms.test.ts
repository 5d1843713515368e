/**
 * The settings people already have keep working: each deployment's existing form of naming a secret (the
 * Action's `targets` lines, Azure's KEYROLL_VAULT_URLS + secret name, GCP's bare resource names) opens
 * the same adapter — same class, same id — as the canonical vault URI keyroll.yaml uses for it.
 */
import { configureRuntime } from '@keyroll/azure-functions';
import { createRuntime } from '@keyroll/gcp-functions';
import { azureKeyVaultUri, openVault } from '@keyroll/runtime/vaults';
import { createGitHubClient, GitHubSecretsAdapter, parseTargets } from '@keyroll/vault-github';
import { describe, expect, it } from 'vitest';

const env = { GITHUB_TOKEN: 'ghp_alias' };

describe('existing forms open the same adapter as their canonical URI', () => {
  it.each([
    ['repo:acme/api:PRISMA', 'json', 'github://acme/api/PRISMA'],
    ['env:acme/web:prod:PRISMA', 'json', 'github://acme/web/environments/prod/PRISMA'],
    ['org:acme:PRISMA:private', 'json', 'github://acme/*/PRISMA?visibility=private'],
    ['repo:acme/api:PC_ID,PC_KEY', 'pair', 'github://acme/api/PC_ID,PC_KEY?format=pair'],
    ['repo:acme/api:BC_API_KEY', 'checkov', 'github://acme/api/BC_API_KEY?format=checkov'],
  ] as const)('Action targets line %s (format %s) = %s', async (line, format, uri) => {
    const [spec] = parseTargets(line, format);
    const octokit = createGitHubClient({ token: 'ghp_alias' });
    const action = new GitHubSecretsAdapter({ octokit, scope: spec!.scope, layout: spec!.layout });
    const viaUri = await openVault(uri, { role: 'mirror', env });
    const viaAlias = await openVault(line, { role: 'mirror', env });
    expect(viaUri.adapter).toBeInstanceOf(GitHubSecretsAdapter);
    expect(viaUri.adapter.id).toBe(action.id);
    expect(viaAlias.adapter.id).toBe(action.id);
  });

  it('Azure KEYROLL_VAULT_URLS + secret name, and the secret URL, = azure-keyvault://', async () => {
    const rt = configureRuntime({ env: { KEYROLL_VAULT_URLS: 'https://kv-prod.vault.azure.net' } });
    const fromSettings = rt.adapter(rt.config.vaultUrls[0]!, 'prisma-ci');
    const uri = azureKeyVaultUri(rt.config.vaultUrls[0]!, 'prisma-ci');
    expect(uri).toBe('azure-keyvault://kv-prod.vault.azure.net/prisma-ci');
    for (const form of [uri, 'https://kv-prod.vault.azure.net/secrets/prisma-ci']) {
      const opened = await openVault(form, { env: {} });
      expect(opened.adapter.constructor).toBe(fromSettings.constructor);
      expect(opened.adapter.id).toBe(fromSettings.id);
    }
  });

  it('GCP bare resource name (KEYROLL_MANAGED_SECRETS, events) = gcp-secret-manager://', async () => {
    const secret = 'projects/acme-prod/secrets/prisma-sa';
    const rt = createRuntime({
      env: {
        KEYROLL_MANAGED_SECRETS: secret,
        KEYROLL_PROJECT_ID: 'acme-prod',
        KEYROLL_PROJECT_NUMBER: '123456789012',
      },
    });
    const fromSettings = await rt.adapter(secret);
    for (const form of [`gcp-secret-manager://${secret}`, secret]) {
      const opened = await openVault(form, { env: {} });
      expect(opened.adapter.constructor).toBe(fromSettings.constructor);
      expect(opened.adapter.id).toBe(fromSettings.id);
    }
  });
});
