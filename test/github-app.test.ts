/**
 * Mirror credentials from a secret named by URI: keyroll.yaml `credentials.github.app` names a GitHub App
 * whose private key is held in a vault (a file vault here; Key Vault or Secret Manager work the same way).
 * keyroll signs the App JWT, mints an installation token at the fake's access_tokens endpoint (which checks
 * the JWT's RS256 signature and claims as GitHub does) and writes the GitHub mirrors with it. The key, the
 * JWT and the token never appear in output.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '@keyroll/cli';
import {
  type FakeGitHub,
  type PrismaSimulator,
  startFakeGitHub,
  startPrismaSimulator,
} from '@keyroll/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertNoLeak } from './helpers/world.ts';

const pem = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
const APP = pem();

let sim: PrismaSimulator;
let gh: FakeGitHub;
let dir: string;
const outputs: string[] = [];
const REPO = { kind: 'repository', owner: 'acme', repo: 'api' } as const;

beforeEach(async () => {
  sim = await startPrismaSimulator();
  gh = await startFakeGitHub({
    tokens: [],
    apps: [{ appId: '4242', publicKey: APP.publicKey, installations: { acme: 77 } }],
  });
  dir = await mkdtemp(join(tmpdir(), 'keyroll-app-'));
});
afterEach(async () => {
  const secrets = [APP.privateKey, ...gh.mintedTokens, ...sim.allKeys().map((k) => k.secretKey)];
  const keyLines = APP.privateKey.split('\n').filter((l) => l.length > 40);
  assertNoLeak(outputs.splice(0), [...secrets, ...keyLines]);
  await Promise.all([sim.close(), gh.close()]);
  await rm(dir, { recursive: true, force: true });
});

async function keyroll(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { KEYROLL_LOCK_DIR: join(dir, 'locks') },
  });
  outputs.push(stdout, stderr);
  return { code, stdout, stderr };
}

/** One self-mode account: a file primary, mirrored to a GitHub repository secret. */
let accounts = 0;
async function setup(appKey: string, app = '{ appId: 4242, privateKey: "file:app.pem" }'): Promise<string> {
  const key = JSON.stringify(sim.addServiceAccount(`ci${++accounts}`));
  await writeFile(join(dir, 'ci.json'), key);
  await writeFile(join(dir, 'app.pem'), appKey);
  gh.seedSecret(REPO, 'PRISMA', key);
  const path = join(dir, 'keyroll.yaml');
  await writeFile(
    path,
    [
      'version: 1',
      'defaults: { policy: { minAgeHours: 0, verifyBaseDelayMs: 1 } }',
      `allowApiOrigins: ["${sim.url}"]`,
      `credentials: { github: { apiUrl: "${gh.url}", app: ${app} } }`,
      'accounts:',
      '  - { name: ci, primary: "file:ci.json", mirrors: ["github://acme/api/PRISMA"] }',
    ].join('\n'),
  );
  return path;
}

describe('GitHub App private key held in a vault → installation token for the GitHub mirrors', () => {
  it('mints one installation token (installation looked up for the owner) and writes the mirror with it', async () => {
    const config = await setup(APP.privateKey);
    const r = await keyroll(['rotate', '--all', '--config', config, '--force', '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).items[0].outcome).toBe('rotated');
    const primary = await readFile(join(dir, 'ci.json'), 'utf8');
    expect(JSON.parse(gh.secretValue(REPO, 'PRISMA')!).accessKeyId).toBe(JSON.parse(primary).accessKeyId);
    expect(gh.requestsFor('GET /repos/:owner/:repo/installation').map((q) => q.status)).toEqual([200]);
    expect(gh.requestsFor('POST /app/installations/:id/access_tokens').map((q) => q.status)).toEqual([201]);
    expect(gh.mintedTokens).toHaveLength(1);
  });

  it('a key that is not the App’s is refused by GitHub: a configuration error, before any Prisma key exists', async () => {
    const config = await setup(pem().privateKey);
    const before = sim.allKeys().length;
    const r = await keyroll(['rotate', '--all', '--config', config, '--force', '--json']);
    expect(r.code).toBe(2);
    const item = JSON.parse(r.stdout).items[0];
    expect(item.error.code).toBe('github_app_refused');
    expect(item.message).toMatch(/GitHub answered 401 \(A JSON web token could not be decoded\)/);
    expect(sim.allKeys()).toHaveLength(before);
    expect(gh.mintedTokens).toHaveLength(0);
  });

  it('a value that is no private key is refused without quoting it; a fixed installation id skips the lookup', async () => {
    const bad = await setup('not-a-key-0123456789abcdef');
    const r = await keyroll(['rotate', '--all', '--config', bad, '--force', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).items[0].error.code).toBe('invalid_github_app_key');
    expect(r.stdout).not.toContain('not-a-key-0123456789abcdef');

    const fixed = await setup(
      APP.privateKey,
      '{ appId: 4242, installationId: 77, privateKey: "file:app.pem" }',
    );
    const ok = await keyroll(['rotate', '--all', '--config', fixed, '--force']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(gh.requestsFor('GET /repos/:owner/:repo/installation')).toHaveLength(0);
  });

  it('token and app are alternatives in keyroll.yaml', async () => {
    const config = await setup(
      APP.privateKey,
      '{ appId: 4242, privateKey: "file:app.pem" }, token: "file:t.txt"',
    );
    const r = await keyroll(['status', '--all', '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/token and app are alternatives/);
  });
});
