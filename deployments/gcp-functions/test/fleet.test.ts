/**
 * The GCP sweep reads keyroll.yaml (KEYROLL_CONFIG_YAML, a gs:// object, or a deployed file) and rotates
 * its accounts: a Secret Manager primary with a GitHub mirror, all or nothing, through the real SDKs against
 * the Secret Manager and GitHub fakes. KEYROLL_MANAGED_SECRETS keeps working beside it (a secret keyroll.yaml
 * names as a primary is not swept twice).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeGitHub, startFakeGitHub } from '@keyroll/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Deployment, deploy, messagePublished, postEvent, SA, SECRET, stored } from './harness.ts';

const REPO = { kind: 'repository', owner: 'acme', repo: 'api' } as const;
let gh: FakeGitHub;
let d: Deployment | undefined;
beforeEach(async () => {
  gh = await startFakeGitHub({ tokens: ['ghp_gcp'] });
});
afterEach(async () => {
  await Promise.all([gh.close(), d?.close()]);
  d = undefined;
});

// The Prisma simulator's origin is allowed by the deployment's own KEYROLL_ALLOWED_API_ORIGINS.
const YAML = [
  'version: 1',
  'defaults: { policy: { rotateAfterDays: 30, verifyBaseDelayMs: 1 } }',
  'accounts:',
  '  - name: reports',
  `    primary: gcp-secret-manager://${SECRET}`,
  '    mirrors: ["github://acme/api/PRISMA_CLOUD"]',
].join('\n');

const sweep = (dep: Deployment, id: string) =>
  postEvent(dep.eventUrl, 'binary', messagePublished({}, { action: 'sweep' }, id));

async function deployWith(env: Record<string, string>): Promise<Deployment> {
  d = await deploy({ GITHUB_TOKEN: 'ghp_gcp', GITHUB_API_URL: gh.url, ...env });
  gh.seedSecret(REPO, 'PRISMA_CLOUD', JSON.stringify(d.initial));
  return d;
}

/** A Cloud Storage JSON API media download, as STORAGE_EMULATOR_HOST emulators serve it. */
async function storageEmulator(objects: Map<string, string>): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const m = /^\/storage\/v1\/b\/([^/]+)\/o\/([^/?]+)\?alt=media$/.exec(req.url ?? '');
    const body = m ? objects.get(`${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[2]!)}`) : undefined;
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 404, message: 'No such object' } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const mirrorKey = () => JSON.parse(gh.secretValue(REPO, 'PRISMA_CLOUD')!).accessKeyId as string;

describe('GCP sweep over keyroll.yaml', () => {
  it('KEYROLL_CONFIG_YAML: rotates the account into its Secret Manager primary and GitHub mirror, once', async () => {
    const dep = await deployWith({ KEYROLL_CONFIG_YAML: YAML });
    expect((await sweep(dep, 's1')).status).toBe(204);
    const now = stored(dep);
    expect(now.accessKeyId).not.toBe(dep.initial.accessKeyId);
    expect(mirrorKey()).toBe(now.accessKeyId);
    // Once: the KEYROLL_MANAGED_SECRETS sweep left out the secret keyroll.yaml names.
    expect(dep.prisma.keys(SA)).toHaveLength(2);
    expect(dep.logs.some((l) => l.message === 'sweep finished' && l.secrets === 0)).toBe(true);
  });

  it('KEYROLL_CONFIG=gs://…: read from Cloud Storage (an emulator); all or nothing when the mirror refuses', async () => {
    const gcs = await storageEmulator(new Map([['acme-config/keyroll/keyroll.yaml', YAML]]));
    try {
      const dep = await deployWith({
        KEYROLL_CONFIG: 'gs://acme-config/keyroll/keyroll.yaml',
        STORAGE_EMULATOR_HOST: gcs.url,
      });
      gh.archiveRepository('acme', 'api');
      await sweep(dep, 's2');
      expect(stored(dep).accessKeyId).toBe(dep.initial.accessKeyId);
      expect(mirrorKey()).toBe(dep.initial.accessKeyId);
      expect(dep.prisma.keys(SA).filter((k) => k.status === 'active')).toHaveLength(1);
      expect(dep.logs.some((l) => /sweep: reports rolled_back/.test(String(l.message)))).toBe(true);
    } finally {
      gcs.server.close();
    }
  });

  it('KEYROLL_CONFIG=<deployed file>; an unreadable object is logged and the managed secrets are still swept', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyroll-gcp-'));
    try {
      await writeFile(join(dir, 'keyroll.yaml'), YAML);
      const dep = await deployWith({ KEYROLL_CONFIG: join(dir, 'keyroll.yaml') });
      expect((await sweep(dep, 's3')).status).toBe(204);
      expect(mirrorKey()).toBe(stored(dep).accessKeyId);
      await dep.close();
      d = undefined;
      // gs:// object missing: the error names the setting; KEYROLL_MANAGED_SECRETS is still swept.
      const gcs = await storageEmulator(new Map());
      try {
        const other = await deployWith({
          KEYROLL_CONFIG: 'gs://acme-config/nope.yaml',
          STORAGE_EMULATOR_HOST: gcs.url,
        });
        await sweep(other, 's4');
        expect(
          other.logs.some((l) =>
            /KEYROLL_CONFIG: gs:\/\/acme-config\/nope\.yaml cannot be read \(404\)/.test(String(l.message)),
          ),
        ).toBe(true);
        // The managed secret was still swept (by the deployment's own policy: 31 days old, not due yet).
        expect(other.logs.some((l) => l.message === 'sweep finished' && l.secrets === 1)).toBe(true);
      } finally {
        gcs.server.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
