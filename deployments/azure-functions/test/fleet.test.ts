/**
 * The Function App's sweep reads keyroll.yaml from the blob KEYROLL_CONFIG names (Azurite, the real storage
 * emulator, as the app's own storage account) and rotates its accounts: a Key Vault primary with a GitHub
 * mirror, all or nothing, through the real SDKs against the Key Vault and GitHub fakes. KEYROLL_VAULT_URLS
 * keeps working beside it (a secret keyroll.yaml already names is not swept twice).
 */
import { BlobServiceClient } from '@azure/storage-blob';
import type { Credential } from '@keyroll/core';
import { type Azurite, type FakeGitHub, startAzurite, startFakeGitHub } from '@keyroll/testkit';
import type { SecretClientOptions } from '@keyroll/vault-azure-keyvault';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleSweep } from '../src/handlers/timer.ts';
import { ACCOUNT, type AzureHarness, SECRET, startAzureHarness, timer, VAULT } from './harness.ts';

let azurite: Azurite;
let h: AzureHarness;
let gh: FakeGitHub;
type PipelinePolicy = NonNullable<SecretClientOptions['additionalPolicies']>[number]['policy'];
const REPO = { kind: 'repository', owner: 'acme', repo: 'api' } as const;

beforeAll(async () => {
  azurite = await startAzurite();
}, 90_000);
afterAll(async () => {
  await azurite?.stop();
});
beforeEach(async () => {
  h = await startAzureHarness();
  gh = await startFakeGitHub({ tokens: ['ghp_sweep'] });
});
afterEach(async () => {
  await Promise.all([h.close(), gh.close()]);
});

/** keyroll.yaml names vaults by their production URIs; the transport takes them to the fake's port. */
const toFake = (): PipelinePolicy => ({
  name: 'to-key-vault-fake',
  sendRequest: (request, next) => {
    const url = new URL(request.url);
    if (url.hostname.endsWith('.vault.azure.net')) {
      url.port = String(h.kv.port);
      request.url = url.toString();
    }
    return next(request);
  },
});

async function uploadConfig(): Promise<string> {
  const yaml = [
    'version: 1',
    `allowApiOrigins: ["${h.sim.url}"]`,
    'defaults: { policy: { verifyBaseDelayMs: 1 } }',
    'accounts:',
    `  - name: ci`,
    `    serviceAccount: ${ACCOUNT}`,
    `    primary: azure-keyvault://${VAULT}.vault.azure.net/${SECRET}`,
    '    mirrors: ["github://acme/api/PRISMA_CLOUD"]',
  ].join('\n');
  const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(
    'keyroll-config',
  );
  await container.createIfNotExists();
  await container.getBlockBlobClient('keyroll.yaml').upload(yaml, Buffer.byteLength(yaml));
  return `${azurite.blobEndpoint}/keyroll-config/keyroll.yaml`;
}

function configure(extra: Record<string, string>) {
  h.reconfigure(
    {
      AzureWebJobsStorage: azurite.connectionString,
      GITHUB_TOKEN: 'ghp_sweep',
      GITHUB_API_URL: gh.url,
      ...extra,
    },
    {
      keyVaultClientOptions: {
        agent: h.kv.agent,
        retryOptions: { maxRetries: 0 },
        additionalPolicies: [{ policy: toFake(), position: 'perCall' }],
      },
    },
  );
}

const held = (): Credential => JSON.parse(h.kv.latest(VAULT, SECRET)!.value) as Credential;

describe('Azure sweep over keyroll.yaml (KEYROLL_CONFIG → a blob)', () => {
  it('rotates the configured account into its Key Vault primary and GitHub mirror, once', async () => {
    gh.seedSecret(REPO, 'PRISMA_CLOUD', JSON.stringify(h.initial));
    configure({ KEYROLL_CONFIG: await uploadConfig() });
    const entries = await handleSweep(timer(), h.context('keyrollSweep'), () => h.runtime);
    // The Key Vault secret is tagged managed in KEYROLL_VAULT_URLS too: keyroll.yaml's account covers it.
    expect(entries.map((e) => `${e.secret}:${e.outcome}`)).toEqual(['ci:rotated']);
    const now = held();
    expect(now.accessKeyId).not.toBe(h.initial.accessKeyId);
    expect(JSON.parse(gh.secretValue(REPO, 'PRISMA_CLOUD')!).accessKeyId).toBe(now.accessKeyId);
    expect(h.sim.canLogin(now.accessKeyId, now.secretKey)).toBe(true);
  });

  it('all or nothing: a GitHub mirror that refuses its write leaves the Key Vault primary on the old key', async () => {
    gh.seedSecret(REPO, 'PRISMA_CLOUD', JSON.stringify(h.initial));
    gh.archiveRepository('acme', 'api');
    configure({ KEYROLL_CONFIG: await uploadConfig() });
    const entries = await handleSweep(timer(), h.context('keyrollSweep'), () => h.runtime);
    expect(entries.map((e) => `${e.secret}:${e.outcome}`)).toEqual(['ci:rolled_back']);
    expect(held().accessKeyId).toBe(h.initial.accessKeyId);
    expect(h.sim.canLogin(h.initial.accessKeyId, h.initial.secretKey)).toBe(true);
    expect(h.sim.keys(ACCOUNT).filter((k) => k.status === 'active')).toHaveLength(1);
  });

  it('the existing settings keep working: without KEYROLL_CONFIG the tagged secrets of KEYROLL_VAULT_URLS are swept', async () => {
    configure({});
    const entries = await handleSweep(timer(), h.context('keyrollSweep'), () => h.runtime);
    expect(entries.map((e) => `${e.secret}:${e.outcome}`)).toEqual([`${SECRET}:rotated`]);
  });

  it('an unreadable keyroll.yaml fails the sweep, naming the setting; the vault sweep still runs', async () => {
    configure({ KEYROLL_CONFIG: `${azurite.blobEndpoint}/keyroll-config/missing.yaml` });
    await expect(handleSweep(timer(), h.context('keyrollSweep'), () => h.runtime)).rejects.toThrow(
      /need attention: \* \(config_unreadable\)/,
    );
    expect(held().accessKeyId).not.toBe(h.initial.accessKeyId);
  });
});
