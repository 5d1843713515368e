/**
 * Figure 2, CLI start-up, as a user runs the installed bin (the bundle packages/cli/build.mjs makes),
 * on the Node running the bench: `keyroll --help` ÷ `node` running an empty script; one
 * `keyroll rotate` (file vault, simulator without latency) ÷ (`node` loading the built-ins any rotation
 * needs + the same rotation done in an already-running process). Runs alternate so load on a shared
 * machine hits both alike.
 *
 * The rotate floor loads node:http, node:crypto and node:fs/promises (by require, the cheapest way): no
 * implementation of a rotation can avoid Node's own HTTP client, random ids and file I/O, and an empty
 * script counts them as free (≈20 ms on this machine, a sixth of the floor). The note also gives the
 * empty start, so the ratio against it can still be read off.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rotateCredential, silentLogger } from '@keyroll/core';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import { startPrismaSimulator } from '@keyroll/testkit/simulator';
import { FileLockProvider, FileVaultAdapter } from '@keyroll/vault-file';
import { type FigureModule, median } from '../harness.ts';
import { nodeOk } from './spawn.ts';

const RUNS = 15;
const ROTATIONS = 7;

export const figure: FigureModule = {
  id: 'cli-startup',
  title: '2. CLI start-up',
  async run(ctx) {
    const dir = await mkdtemp(join(ctx.scratch, 'cli-'));
    await nodeOk([join(ctx.root, 'packages/cli/build.mjs'), '--outdir', join(dir, 'dist')]);
    const bin = join(dir, 'dist/keyroll.mjs');
    const empty = join(dir, 'empty.mjs');
    await writeFile(empty, '');
    const builtins = join(dir, 'builtins.cjs');
    await writeFile(
      builtins,
      "require('node:http');\nrequire('node:crypto');\nrequire('node:fs/promises');\n",
    );

    const emptyMs: number[] = [];
    const helpMs: number[] = [];
    await nodeOk([bin, '--help']); // first run warms the file cache
    for (let i = 0; i < RUNS; i++) {
      emptyMs.push((await nodeOk([empty])).ms);
      helpMs.push((await nodeOk([bin, '--help'])).ms);
    }

    const sim = await startPrismaSimulator();
    try {
      const seed = async (name: string) => {
        const path = join(dir, `${name}.json`);
        await writeFile(path, JSON.stringify(sim.addServiceAccount(name)), { mode: 0o600 });
        return path;
      };
      const cliPath = await seed('cli');
      const inProcess = new FileVaultAdapter({ path: await seed('in-process') });
      const issuer = new PrismaCloudIssuer({ allowedOrigins: [sim.url] });
      const rotateHere = async () => {
        const start = performance.now();
        const r = await rotateCredential(
          { targets: [inProcess], force: true },
          {
            issuer,
            logger: silentLogger(),
            lock: new FileLockProvider({ directory: dir }),
            allowedApiOrigins: [sim.url],
          },
        );
        if (r.outcome !== 'rotated') throw new Error(`in-process rotation: ${r.outcome}`);
        return performance.now() - start;
      };
      const rotateCli = async () =>
        (
          await nodeOk([
            bin,
            'rotate',
            '--vault',
            `file:${cliPath}`,
            '--force',
            '--json',
            '--allow-api-origin',
            sim.url,
          ])
        ).ms;
      // The first rotation of each account is below the key limit; the measured ones are all at it.
      await rotateHere();
      await rotateCli();
      const hereMs: number[] = [];
      const cliMs: number[] = [];
      const emptyMs2: number[] = [];
      const builtinsMs: number[] = [];
      for (let i = 0; i < ROTATIONS; i++) {
        hereMs.push(await rotateHere());
        cliMs.push(await rotateCli());
        emptyMs2.push((await nodeOk([empty])).ms);
        builtinsMs.push((await nodeOk([builtins])).ms);
      }
      return [
        {
          name: 'cli/help',
          value: median(helpMs),
          floor: median(emptyMs),
          unit: 'ms',
          note: `\`keyroll --help\` (bundle) vs \`node empty.mjs\`, medians of ${RUNS}`,
        },
        {
          name: 'cli/rotate',
          value: median(cliMs),
          floor: median(builtinsMs) + median(hereMs),
          unit: 'ms',
          note: `\`keyroll rotate --force\` vs node loading http, crypto and fs/promises (${median(builtinsMs).toFixed(0)} ms; empty: ${median(emptyMs2).toFixed(0)} ms) + in-process rotation (${median(hereMs).toFixed(0)} ms), medians of ${ROTATIONS}`,
        },
      ];
    } finally {
      await sim.close();
    }
  },
};
