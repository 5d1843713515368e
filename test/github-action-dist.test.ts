import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { actionDir } from '../deployments/github-action/test/run-action.ts';

/**
 * The Action runs dist/index.js (and the chunks it imports) as committed, so a source change without a
 * rebuild ships the old code. Rebuild into a temporary directory and compare byte for byte (the build is deterministic).
 */
/** The files below `dir` (relative, sorted). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('deployments/github-action/dist', () => {
  it('is the bundle of the current sources (run `pnpm build:action` and commit dist/ if this fails)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyroll-dist-'));
    try {
      await promisify(execFile)(process.execPath, [join(actionDir, 'build.mjs'), '--outdir', dir]);
      // The same files (index.js, its chunks, the notices), none missing, none left over from an old build.
      const committedDir = join(actionDir, 'dist');
      const files = await filesUnder(dir);
      expect(files).toEqual(await filesUnder(committedDir));
      expect(files).toContain('index.js');
      expect(files.filter((f) => f.startsWith('chunks/')).length).toBeGreaterThan(3);
      for (const file of files) {
        const [built, committed] = await Promise.all([
          readFile(join(dir, file), 'utf8'),
          readFile(join(committedDir, file), 'utf8'),
        ]);
        // Not toBe(): a 3 MB diff helps nobody; say where the first difference is instead.
        // By UTF-16 code unit on both sides (spreading into code points would shift the index at the first
        // character outside the BMP, which the bundle has, and report a difference that is not there).
        let at = -1;
        if (built !== committed) for (at = 0; built[at] === committed[at]; ) at++;
        const where =
          at < 0 && built.length === committed.length
            ? 'identical'
            : `differs at ${at < 0 ? Math.min(built.length, committed.length) : at}`;
        expect(where, `dist/${file} is stale: run \`pnpm build:action\` and commit dist/`).toBe('identical');
      }
      const notices = await readFile(join(dir, 'THIRD_PARTY_NOTICES'), 'utf8');
      // Lean: one undici (not a second one for @actions/core's unused OIDC client), no @actions/exec.
      const packages = notices.match(/^\S+@\d\S* \(/gm) ?? [];
      expect(packages.filter((p) => p.startsWith('undici@'))).toHaveLength(1);
      expect(packages.filter((p) => /^(@actions\/(http-client|exec|io)|tunnel)@/.test(p))).toEqual([]);
      expect(packages.length).toBeGreaterThan(10);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('declares a node runtime and the bundle as its entry', async () => {
    const yml = await readFile(join(actionDir, 'action.yml'), 'utf8');
    expect(yml).toMatch(/^runs:\n {2}using: node24\n {2}main: dist\/index\.js$/m);
  });
});
