/**
 * The registry loads each vault SDK only when its scheme is used: `keyroll --help` and a `file:` rotation
 * never load a cloud SDK. Checked in a child process whose resolve hook records every module it loads.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PrismaSimulator, startPrismaSimulator } from '@keyroll/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLOUD_SDKS = /node_modules\/.*(@azure|@google-cloud|google-gax|@grpc|@octokit|libsodium|@aws-sdk)/;

let sim: PrismaSimulator;
let dir: string;
beforeAll(async () => {
  sim = await startPrismaSimulator();
  dir = await mkdtemp(join(tmpdir(), 'keyroll-lazy-'));
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

/** Never a real GitHub token in the child: the GitHub case must stop at "no token". */
function childEnv(): NodeJS.ProcessEnv {
  const { GITHUB_TOKEN: _t, GH_TOKEN: _g, ...env } = process.env;
  return env;
}

async function loadedBy(args: string[]): Promise<{ code: number; modules: string[]; stderr: string }> {
  const log = join(dir, `modules-${Math.random().toString(36).slice(2)}.log`);
  await writeFile(log, '');
  const code = await new Promise<{ code: number; stderr: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', './test/fixtures/lazy/record-modules.mjs', 'packages/cli/bin/keyroll.mjs', ...args],
      { env: { ...childEnv(), KEYROLL_MODULE_LOG: log }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (c) => resolve({ code: c ?? -1, stderr }));
  });
  const modules = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
  return { ...code, modules };
}

describe('vault SDKs load lazily, by scheme', () => {
  it('keyroll --help loads no cloud SDK (and the hook does see modules)', async () => {
    const r = await loadedBy(['--help']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.modules.some((m) => m.includes('commander'))).toBe(true);
    expect(r.modules.filter((m) => CLOUD_SDKS.test(m))).toEqual([]);
  });

  it('a file: rotation loads no cloud SDK', async () => {
    const cred = sim.addServiceAccount('lazy-a');
    const path = join(dir, 'a.json');
    await writeFile(path, JSON.stringify(cred));
    const r = await loadedBy([
      'rotate',
      '--vault',
      `file:${path}`,
      '--force',
      '--json',
      '--allow-api-origin',
      sim.url,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(await readFile(path, 'utf8')).accessKeyId).not.toBe(cred.accessKeyId);
    expect(r.modules.filter((m) => CLOUD_SDKS.test(m))).toEqual([]);
  });

  it('a github:// mirror does load its SDK (the check can fail)', async () => {
    const cred = sim.addServiceAccount('lazy-b');
    const path = join(dir, 'b.json');
    await writeFile(path, JSON.stringify(cred));
    // Refused before any change (no token), but only after the GitHub driver was loaded.
    const r = await loadedBy([
      'rotate',
      '--vault',
      `file:${path}`,
      '--vault',
      'github://acme/api/PRISMA',
      '--allow-api-origin',
      sim.url,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/GITHUB_TOKEN/);
    expect(r.modules.some((m) => CLOUD_SDKS.test(m))).toBe(true);
  });
});
