/**
 * Fleet rotation end to end, in process: keyroll.yaml → `keyroll rotate --all` / `status --all` against the
 * Prisma Cloud simulator with a per-user rate limit, file vaults, one admin key.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '@keyroll/cli';
import { type PrismaSimulator, startPrismaSimulator } from '@keyroll/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fleetBench } from '../bench/fleet.ts';
import { assertNoLeak } from './helpers/world.ts';

let sim: PrismaSimulator;
let dir: string;
const outputs: string[] = [];

beforeEach(async () => {
  sim = await startPrismaSimulator({ rateLimit: { ratePerSecond: 200, burst: 10 } });
  dir = await mkdtemp(join(tmpdir(), 'keyroll-fleet-'));
});
afterEach(async () => {
  assertNoLeak(outputs.splice(0), [...sim.allKeys().map((k) => k.secretKey), ...sim.issuedTokens()]);
  await sim.close();
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

/** Accounts a, b, c (admin mode, file primaries), plus whatever else the test adds to the YAML. */
async function fleet(extra = ''): Promise<string> {
  await writeFile(join(dir, 'admin.json'), JSON.stringify(sim.addServiceAccount('admin', { admin: true })));
  for (const name of ['a', 'b', 'c'])
    await writeFile(join(dir, `${name}.json`), JSON.stringify(sim.addServiceAccount(name)));
  const path = join(dir, 'keyroll.yaml');
  await writeFile(
    path,
    [
      'version: 1',
      'defaults: { mode: admin, adminKey: "file:admin.json", policy: { minAgeHours: 0, verifyBaseDelayMs: 1 } }',
      `allowApiOrigins: ["${sim.url}"]`,
      extra,
      'accounts:',
      '  - { name: a, serviceAccount: a, primary: "file:a.json", mirrors: ["file:a-mirror.json"] }',
      '  - { name: b, serviceAccount: b, primary: "file:b.json" }',
      '  - { name: c, serviceAccount: c, primary: "file:c.json" }',
    ].join('\n'),
  );
  await writeFile(join(dir, 'a-mirror.json'), await readFile(join(dir, 'a.json'), 'utf8'));
  return path;
}

describe('keyroll rotate --all / status --all', () => {
  it('one failing account never stops the others; --json gives the result objects; state remembers', async () => {
    const config = await fleet();
    const before = await readFile(join(dir, 'b.json'), 'utf8');
    sim.faults.add({
      match: (call, detail) =>
        call === 'POST /access_keys' &&
        (detail as { serviceAccountName?: string })?.serviceAccountName === 'b',
      kind: 'error',
      status: 500,
    });
    const r = await keyroll(['rotate', '--all', '--config', config, '--force', '--json']);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(
      report.items.map((i: { account: string; outcome: string }) => `${i.account}:${i.outcome}`),
    ).toEqual(['a:rotated', 'b:rolled_back', 'c:rotated']);
    // a's key is in its primary and its mirror; b kept its old key.
    const a = JSON.parse(await readFile(join(dir, 'a.json'), 'utf8'));
    expect(JSON.parse(await readFile(join(dir, 'a-mirror.json'), 'utf8')).accessKeyId).toBe(a.accessKeyId);
    expect(sim.canLogin(a.accessKeyId, a.secretKey)).toBe(true);
    expect(await readFile(join(dir, 'b.json'), 'utf8')).toBe(before);
    expect(sim.rateLimit!.throttledTotal).toBe(0);

    // status --warn-days: b's last rotation failed → 3; the keys expire in 90 days.
    const s = await keyroll(['status', '--all', '--config', config, '--warn-days', '7']);
    expect(s.code, s.stderr).toBe(3);
    expect(s.stdout).toMatch(/^b\s.*ATTENTION: last rotation rolled_back/m);
    expect(s.stdout).toMatch(/^ACCOUNT\s+KEY\s+AGE/m);
    const onlyA = await keyroll([
      'status',
      '--all',
      '--config',
      config,
      '--warn-days',
      '7',
      '--account',
      'a',
    ]);
    expect(onlyA.code, onlyA.stdout).toBe(0);
    const soon = await keyroll([
      'status',
      '--all',
      '--config',
      config,
      '--warn-days',
      '90',
      '--account',
      'a',
    ]);
    expect(soon.code).toBe(3);
    expect(soon.stdout).toMatch(/ATTENTION: key expires in/);
  });

  it('an account whose primary is missing fails alone (thrown, nothing touched) and the run goes on', async () => {
    const config = await fleet();
    await rm(join(dir, 'b.json'));
    const r = await keyroll(['rotate', '--all', '--config', config, '--force', '--json']);
    expect(r.code, r.stderr).toBe(2);
    const items = JSON.parse(r.stdout).items as {
      account: string;
      outcome: string;
      error?: { code: string };
    }[];
    expect(items.map((i) => `${i.account}:${i.outcome}`)).toEqual([
      'a:rotated',
      'b:bad_request',
      'c:rotated',
    ]);
    expect(items[1]!.error!.code).toBe('unknown_secret');
  });

  it('prints one plain line per account off a terminal, then the summary table', async () => {
    const config = await fleet();
    const r = await keyroll(['rotate', '--all', '--config', config, '--force']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => /^✓ [abc] {2}rotated/.test(l))).toHaveLength(3);
    expect(r.stdout).toMatch(/^ACCOUNT\s+OUTCOME\s+OLD KEY\s+NEW KEY/m);
    expect(r.stdout).toMatch(/3 account\(s\): 3 rotated/);
    expect(r.stdout.includes('\u001b[')).toBe(false);
  });

  it('refuses a run whose GitHub writes cannot fit in the hour, before any key exists', async () => {
    const config = await fleet('fleet: { github: { writesPerHour: 3 } }');
    const yaml = (await readFile(config, 'utf8')).replace(
      'primary: "file:b.json" }',
      'primary: "file:b.json", mirrors: ["github://acme/api/PRISMA", "github://acme/web/PRISMA"] }',
    );
    await writeFile(config, yaml);
    const keys = sim.allKeys().length;
    const r = await keyroll(['rotate', '--all', '--config', config, '--force']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/4 GitHub writes, more than GitHub allows in an hour \(3\)/);
    expect(sim.allKeys()).toHaveLength(keys);
  });

  it('needs --vault or --all, not both, and says which config is missing', async () => {
    expect((await keyroll(['rotate'])).stderr).toMatch(/--vault <uri>, or use --all/);
    expect((await keyroll(['rotate', '--all', '--vault', 'file:x'])).code).toBe(2);
    const missing = await keyroll(['status', '--all', '--config', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml: no such file/);
    expect((await keyroll(['status', '--all', '--config', await fleet(), '--account', 'zz'])).stderr).toMatch(
      /no account named zz/,
    );
  });
});

describe('fleet benchmark, quick version', () => {
  it('20 accounts under one rate-limited admin key: no rollback, no failure, no storm of 429s', async () => {
    const r = await fleetBench({ accounts: 20, ratePerSecond: 100, burst: 10 });
    expect([r.rotated, r.rollbacks, r.failures]).toEqual([20, 0, 0]);
    // The limiter keeps the fleet under the limit; a few stray 429s on a loaded machine are tolerated.
    expect(r.throttled).toBeLessThanOrEqual(5);
    expect(r.adminRequests).toBeGreaterThanOrEqual(20 * 4);
  });
});
