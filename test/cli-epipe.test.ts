/**
 * Never stop half way: `keyroll rotate … | head -1` closes stdout after one line. The rotation still
 * finishes (or rolls back), the exit code still says what happened, and no orphan key is left.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrismaSimulator } from '@keyroll/testkit';
import { expect, it } from 'vitest';

it('a reader that goes away after the first line (EPIPE) never interrupts a rotation', async () => {
  const sim = await startPrismaSimulator();
  const dir = await mkdtemp(join(tmpdir(), 'keyroll-epipe-'));
  try {
    const first = sim.addServiceAccount('piped');
    const path = join(dir, 'secret.json');
    await writeFile(path, JSON.stringify(first));
    // Slow the rotation down a little so that it is surely still running when the pipe breaks.
    sim.faults.add({ match: () => true, kind: 'delay', delayMs: 50, times: Number.POSITIVE_INFINITY });
    const child = spawn(
      process.execPath,
      [
        'packages/cli/bin/keyroll.mjs',
        'rotate',
        '--vault',
        `file:${path}`,
        '--force',
        '--allow-api-origin',
        sim.url,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // Like `head -1`: read the first line, then close the read end of the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code, stderr).toBe(0);
    const stored = JSON.parse(await readFile(path, 'utf8'));
    expect(stored.accessKeyId).not.toBe(first.accessKeyId);
    expect(sim.canLogin(stored.accessKeyId, stored.secretKey)).toBe(true);
    // No orphan: the new key (active, in the vault) and the old one (inactive), nothing else.
    const keys = sim
      .keys('piped')
      .map(
        (k) =>
          `${k.id === stored.accessKeyId ? 'new' : k.id === first.accessKeyId ? 'old' : 'orphan'}:${k.status}`,
      );
    expect(keys.sort()).toEqual(['new:active', 'old:inactive']);
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}, 120_000);
