/**
 * `keyroll status` for a GitHub-only account (write-only: GitHub never returns the value) answers from
 * keyroll's metadata variable beside the secret: key id, rotated at, expiry — without Prisma Cloud. In
 * keyroll.yaml such an account has a github:// primary; `rotate --all` outside the Action skips it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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

const DAY = 86_400_000;
const REPO = { kind: 'repository', owner: 'acme', repo: 'api' } as const;
let sim: PrismaSimulator;
let gh: FakeGitHub;
let dir: string;
const outputs: string[] = [];
const now = Date.now();

beforeEach(async () => {
  sim = await startPrismaSimulator();
  gh = await startFakeGitHub({ tokens: ['ghp_status'] });
  dir = await mkdtemp(join(tmpdir(), 'keyroll-ghstatus-'));
});
afterEach(async () => {
  assertNoLeak(outputs.splice(0), ['ghp_status', ...sim.allKeys().map((k) => k.secretKey)]);
  await Promise.all([sim.close(), gh.close()]);
  await rm(dir, { recursive: true, force: true });
});

async function keyroll(args: string[], extraEnv: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { GITHUB_TOKEN: 'ghp_status', KEYROLL_LOCK_DIR: join(dir, 'locks'), ...extraEnv },
  });
  outputs.push(stdout, stderr);
  return { code, stdout, stderr };
}

/** The secret as the Action leaves it: the value (unreadable) and the metadata variable beside it. */
function seedGitHubOnly(expiresInDays: number, rotatedDaysAgo: number): void {
  const key = sim.addServiceAccount(`gh${expiresInDays}`);
  gh.seedSecret(REPO, 'PRISMA', JSON.stringify(key));
  gh.seedVariable(
    REPO,
    'PRISMA_KEYROLL',
    JSON.stringify({
      managed: true,
      keyId: key.accessKeyId,
      rotationId: 'r-123',
      rotatedAt: new Date(now - rotatedDaysAgo * DAY).toISOString(),
      keyExpiresOn: new Date(now + expiresInDays * DAY).toISOString(),
      serviceAccount: 'ci-bot',
    }),
  );
}

async function fleetFile(): Promise<string> {
  const path = join(dir, 'keyroll.yaml');
  await writeFile(
    path,
    [
      'version: 1',
      `credentials: { github: { apiUrl: "${gh.url}" } }`,
      'accounts:',
      '  - { name: gh-only, primary: "github://acme/api/PRISMA" }',
    ].join('\n'),
  );
  return path;
}

describe('status of a GitHub-only account comes from its metadata variable', () => {
  it('status --all: key id, age, expiry and due from the metadata; --warn-days pages on a near expiry', async () => {
    seedGitHubOnly(10, 80);
    const config = await fleetFile();
    const r = await keyroll(['status', '--all', '--config', config, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const item = JSON.parse(r.stdout).items[0];
    expect(item.status).toMatchObject({
      target: 'github:repo:acme/api:PRISMA',
      managed: true,
      serviceAccount: 'ci-bot',
      rotationId: 'r-123',
      ageDays: 80,
      due: 'expiry',
      keys: [],
    });
    expect(item.status.keyId).toMatch(/\S/);
    expect(item.expiresInDays).toBeGreaterThanOrEqual(9.9);
    const warn = await keyroll(['status', '--all', '--config', config, '--warn-days', '14']);
    expect(warn.code).toBe(3);
    expect(warn.stdout).toMatch(/^gh-only\s+\S+\s+80\s+(9\.9|10)\s+expiry\s.*ATTENTION: key expires in/m);
    // Prisma Cloud was never asked: there is no value to log in with.
    expect(sim.requests?.length ?? 0).toBe(0);
  });

  it('status --vault github://… prints the same from the metadata; no metadata yet is a clear input error', async () => {
    seedGitHubOnly(60, 5);
    const api = { GITHUB_API_URL: gh.url };
    const r = await keyroll(['status', '--vault', 'github://acme/api/PRISMA'], api);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^github:repo:acme\/api:PRISMA\n/);
    expect(r.stdout).toMatch(/key \S+ of ci-bot, 5 days old, expires /);
    expect(r.stdout).toMatch(/last rotated \S+ \(rotation r-123\)/);
    expect(r.stdout).toMatch(/rotation due: no/);

    gh.seedSecret(REPO, 'OTHER', '{}');
    const none = await keyroll(['status', '--vault', 'github://acme/api/OTHER'], api);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/carries no keyroll metadata yet/);
  });

  it('rotate --all outside the Action skips a GitHub-only account (nothing to read the current key from)', async () => {
    seedGitHubOnly(60, 5);
    const keys = sim.allKeys().length;
    const r = await keyroll(['rotate', '--all', '--config', await fleetFile(), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const item = JSON.parse(r.stdout).items[0];
    expect(item).toMatchObject({ account: 'gh-only', outcome: 'skipped' });
    expect(item.message).toMatch(/the keyroll Action rotates it/);
    expect(sim.allKeys()).toHaveLength(keys);
  });
});
