/** The keyroll CLI as a real child process against the simulator: exit codes, output, no leaks. */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '@keyroll/cli';
import type { Credential } from '@keyroll/core';
import { type PrismaSimulator, startPrismaSimulator } from '@keyroll/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNoLeak } from './helpers/world.ts';

let sim: PrismaSimulator;
let dir: string;
const outputs: string[] = [];

beforeAll(async () => {
  sim = await startPrismaSimulator();
  dir = await mkdtemp(join(tmpdir(), 'keyroll-cli-'));
});
afterAll(async () => {
  assertNoLeak(outputs, [...sim.mintedSecrets(), ...sim.issuedTokens()]);
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

function keyroll(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['packages/cli/bin/keyroll.mjs', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => {
      outputs.push(stdout, stderr);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

async function seed(name: string, value?: unknown): Promise<{ path: string; cred: Credential }> {
  const cred = sim.addServiceAccount(name);
  const path = join(dir, `${name}.json`);
  await writeFile(path, JSON.stringify(value ?? cred));
  return { path, cred };
}

// Each case starts real CLI processes (tsx compiles on start): generous on a loaded machine.
describe('keyroll CLI', { timeout: 120_000 }, () => {
  it('rotate --json rotates and exits 0; status shows the new key', async () => {
    const { path, cred } = await seed('cli-a');
    const r = await keyroll([
      'rotate',
      '--vault',
      `file:${path}`,
      '--force',
      '--json',
      '--allow-api-origin',
      sim.url,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.outcome).toBe('rotated');
    expect(result.oldKeyId).toBe(cred.accessKeyId);
    const stored = JSON.parse(await readFile(path, 'utf8'));
    expect(stored.accessKeyId).toBe(result.newKeyId);
    expect(sim.canLogin(stored.accessKeyId, stored.secretKey)).toBe(true);

    const s = await keyroll(['status', '--vault', `file:${path}`, '--json'], {
      KEYROLL_ALLOWED_API_ORIGINS: sim.url,
    });
    expect(s.code, s.stderr).toBe(0);
    const status = JSON.parse(s.stdout);
    expect(status.keyId).toBe(result.newKeyId);
    expect(status.serviceAccount).toBe('cli-a');
    expect(status.keys.map((k: { role: string; status: string }) => `${k.role}:${k.status}`).sort()).toEqual([
      'current:active',
      'previous:inactive',
    ]);
  });

  it('human output shows the steps as they happen; a second run without --force skips (exit 0)', async () => {
    const { path } = await seed('cli-b');
    const first = await keyroll([
      'rotate',
      '--vault',
      `file:${path}`,
      '--force',
      '--allow-api-origin',
      sim.url,
    ]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/✓ create/);
    expect(first.stdout).toMatch(/✓ retire/);
    expect(first.stdout).toMatch(/^ROTATED/m);
    const second = await keyroll(['rotate', '--vault', `file:${path}`, '--allow-api-origin', sim.url]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/SKIPPED \(too_young\)/);
  });

  it('--dry-run changes nothing', async () => {
    const { path } = await seed('cli-c');
    const before = await readFile(path, 'utf8');
    const count = sim.requestCount('POST /access_keys');
    const r = await keyroll([
      'rotate',
      '--vault',
      `file:${path}`,
      '--force',
      '--dry-run',
      '--json',
      '--allow-api-origin',
      sim.url,
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).reason).toBe('dry_run');
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(sim.requestCount('POST /access_keys')).toBe(count);
  });

  it('exits 1 when the rotation failed and rolled back cleanly (Prisma Cloud refuses the new key)', async () => {
    const { path, cred } = await seed('cli-d');
    sim.faults.add({
      match: 'POST /access_keys',
      kind: 'error',
      status: 400,
      headers: {
        'x-redlock-status': '[{"i18nKey":"invalid_access_key_name","severity":"error","subject":null}]',
      },
    });
    const r = await keyroll([
      'rotate',
      '--vault',
      `file:${path}`,
      '--force',
      '--json',
      '--allow-api-origin',
      sim.url,
    ]);
    sim.faults.clear();
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout);
    expect(result.outcome).toBe('rolled_back');
    expect(result.error.code).toBe('invalid_access_key_name');
    expect(JSON.parse(await readFile(path, 'utf8')).accessKeyId).toBe(cred.accessKeyId);
    expect(sim.keys('cli-d')).toHaveLength(1);
  });

  it('exits 2 for a disallowed API host, malformed JSON, an unknown vault scheme, a missing file, or bad usage', async () => {
    const { path } = await seed('cli-e');
    const noOrigin = await keyroll(['rotate', '--vault', `file:${path}`, '--force']);
    expect(noOrigin.code).toBe(2);
    expect(noOrigin.stderr).toMatch(/not a Prisma Cloud API host/);
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"accessKeyId": "x", "secretKey": ');
    const malformed = await keyroll(['rotate', '--vault', `file:${bad}`, '--allow-api-origin', sim.url]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/not valid JSON/);
    expect((await keyroll(['rotate', '--vault', 'vault9:x'])).code).toBe(2);
    const missing = await keyroll(['rotate', '--vault', `file:${join(dir, 'nope.json')}`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such secret/);
    expect((await keyroll(['rotate'])).code).toBe(2);
    expect((await keyroll(['rotate', '--vault', `file:${path}`, '--min-age-hours', 'soon'])).code).toBe(2);
  });

  it('refuses bad option values before anything happens (exit 2)', async () => {
    const { path } = await seed('cli-f');
    const before = await readFile(path, 'utf8');
    const creates = sim.requestCount('POST /access_keys');
    const args = ['rotate', '--vault', `file:${path}`, '--force', '--allow-api-origin', sim.url];
    // End to end once (a real process), then every other value through the same runCli in this process.
    const r = await keyroll([...args, '--validity-days', '']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--validity-days must be a non-negative whole number/);
    for (const bad of [
      ['--validity-days', ' '],
      ['--validity-days=-5'],
      ['--validity-days', '1.5'],
      ['--validity-days', '0x10'],
      ['--min-age-hours', 'abc'],
      ['--grace-hours', ''],
    ]) {
      let err = '';
      const code = await runCli([...args, ...bad], {
        stdout: { write: () => true },
        stderr: { write: (t: string) => (err += t) },
        env: {},
      });
      expect(code, `${bad.join(' ')}: ${err}`).toBe(2);
    }
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(sim.requestCount('POST /access_keys')).toBe(creates);
  });

  it('admin mode loads the admin key from --admin-vault and the service account from --service-account', async () => {
    const admin = sim.addServiceAccount('cli-admin', { admin: true });
    const adminPath = join(dir, 'cli-admin.json');
    await writeFile(adminPath, JSON.stringify(admin));
    const { path, cred } = await seed('cli-g'); // a file with no metadata: nothing names the service account
    const run = async (extra: string[]) => {
      let out = '';
      const collect = (t: string) => {
        out += t;
        return true;
      };
      const code = await runCli(
        ['rotate', '--vault', `file:${path}`, '--force', '--json', '--allow-api-origin', sim.url, ...extra],
        {
          stdout: { write: (t: string) => collect(t) },
          stderr: { write: (t: string) => collect(t) },
          env: {},
        },
      );
      outputs.push(out);
      return { code, out };
    };
    const missing = await run(['--mode', 'admin']);
    expect(missing.code, missing.out).toBe(2);
    expect(missing.out).toMatch(/--admin-vault/);
    const rotated = await run([
      '--mode',
      'admin',
      '--admin-vault',
      `file:${adminPath}`,
      '--service-account',
      'cli-g',
    ]);
    expect(rotated.code, rotated.out).toBe(0);
    const stored = JSON.parse(await readFile(path, 'utf8'));
    expect(stored.accessKeyId).not.toBe(cred.accessKeyId);
    expect(sim.canLogin(stored.accessKeyId, stored.secretKey)).toBe(true);
    expect(rotated.out).not.toContain(admin.secretKey);
  });

  it('has --help on every command', async () => {
    for (const args of [['--help'], ['rotate', '--help'], ['status', '--help'], ['demo', '--help']]) {
      const r = await keyroll(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage: keyroll/);
    }
  });

  it('demo runs the embedded default end to end', async () => {
    const r = await keyroll(['demo', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const demo = JSON.parse(r.stdout);
    expect(demo.runs.map((x: { result: { outcome: string } }) => x.result.outcome)).toEqual([
      'rotated',
      'rotated',
      'skipped',
    ]);
    expect(demo.vaultKeyLogsIn).toBe(true);
  });
});
