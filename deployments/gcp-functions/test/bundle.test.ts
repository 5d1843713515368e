import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTRY_POINTS, ENV } from '../src/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Where an installed package lives (its folder), found through a file it exports. */
function packageDir(name: string, from: string): string {
  const main = createRequire(from).resolve(name);
  let dir = dirname(main);
  while (!dir.endsWith(name.split('/').pop()!)) dir = dirname(dir);
  return realpathSync(dir);
}

describe('deployable bundle (build.mjs)', () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'keyroll-gcp-bundle-'));
    execFileSync(process.execPath, [resolve(here, '../build.mjs'), '--outdir', out], { stdio: 'pipe' });
    // What Cloud Build would install from the manifest: link the same packages the tests use.
    mkdirSync(join(out, 'node_modules/@google-cloud'), { recursive: true });
    const vaultSrc = resolve(here, '../../../packages/vault-gcp-secret-manager/src/index.ts');
    symlinkSync(
      packageDir('@google-cloud/functions-framework', require.resolve('../package.json')),
      join(out, 'node_modules/@google-cloud/functions-framework'),
    );
    symlinkSync(
      packageDir('@google-cloud/secret-manager', vaultSrc),
      join(out, 'node_modules/@google-cloud/secret-manager'),
    );
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  const load = (env: Record<string, string>) =>
    spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `await import('./index.js');
         const { getFunction } = await import('@google-cloud/functions-framework/testing');
         console.log(JSON.stringify([typeof getFunction('${ENTRY_POINTS.event}'), typeof getFunction('${ENTRY_POINTS.http}')]));`,
      ],
      {
        cwd: out,
        encoding: 'utf8',
        // Only our variables: nothing may reach for the real metadata server during the smoke test.
        env: { PATH: process.env.PATH ?? '', METADATA_SERVER_DETECTION: 'none', ...env },
        timeout: 20_000,
      },
    );

  it('writes a manifest the buildpack can install and start', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ type: 'module', main: 'index.js' });
    expect(Object.keys(manifest.dependencies).sort()).toEqual([
      '@google-cloud/functions-framework',
      '@google-cloud/secret-manager',
    ]);
    for (const version of Object.values(manifest.dependencies)) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('loads with a valid environment and registers both entry points', () => {
    const run = load({ [ENV.mode]: 'self', [ENV.managedSecrets]: 'projects/acme-prod/secrets/prisma-sa' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toEqual(['function', 'function']);
  });

  it('fails at start naming the missing variable', () => {
    const run = load({ [ENV.mode]: 'admin' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(ENV.adminSecret);
  });
});
