/**
 * Figure 2, CLI start-up, as a user runs the installed bin (the bundle packages/cli/build.mjs makes),
 * on the Node running the bench: `keyroll --help` ÷ `node` running an empty script; one
 * `keyroll rotate` (file vault, simulator without latency) ÷ (`node` loading what a file rotation must
 * load + the same rotation done in an already-running process). Runs alternate so load on a shared
 * machine hits both alike.
 *
 * What a file rotation must load, like the bundle figures' "SDKs it needs" floors: the Prisma Cloud
 * client's HTTP stack, undici (a named dependency: its dispatchers, bundled alone with the same lean
 * plugin and settings as the CLI, packages/cli/lean-undici.mjs, run with V8's compile cache as the CLI
 * is), plus node:http, node:crypto and node:fs/promises. No implementation of a rotation can avoid an HTTP client, random ids and file I/O.
 * The note also gives the empty start and the built-ins alone, so the ratio against them can be read off.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rotateCredential, silentLogger } from '@keyroll/core';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import { startPrismaSimulator } from '@keyroll/testkit/simulator';
import { FileLockProvider, FileVaultAdapter } from '@keyroll/vault-file';
import { build, type Plugin } from 'esbuild';
import { type FigureModule, median } from '../harness.ts';
import { nodeOk } from './spawn.ts';

const REQUIRE_BANNER =
  "import { createRequire as __keyrollCreateRequire } from 'node:module';\nconst require = __keyrollCreateRequire(import.meta.url);";

/** undici's dispatchers + the built-ins, bundled as the CLI bundles them: the rotate floor's start. */
async function httpStackOnly(root: string, out: string): Promise<string> {
  const { leanUndici } = (await import(join(root, 'packages/cli/lean-undici.mjs'))) as { leanUndici: Plugin };
  await build({
    stdin: {
      contents:
        "import { Agent, EnvHttpProxyAgent, Pool } from 'undici';\nrequire('node:http');\nrequire('node:crypto');\nrequire('node:fs/promises');\nglobalThis.__keep = [Agent, EnvHttpProxyAgent, Pool];\n",
      resolveDir: join(root, 'packages/prisma-cloud'),
      loader: 'js',
    },
    outfile: out,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    banner: { js: REQUIRE_BANNER },
    legalComments: 'none',
    minifySyntax: true,
    minifyWhitespace: true,
    plugins: [leanUndici],
    logLevel: 'error',
  });
  return out;
}

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
    const httpStack = await httpStackOnly(ctx.root, join(dir, 'http-stack.mjs'));
    // With V8's compile cache, as the CLI runs (bundle-entry.ts), so the floor is not slowed by parsing.
    const cached = { ...process.env, NODE_COMPILE_CACHE: join(dir, 'floor-cache') };
    await nodeOk([httpStack], cached);

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
      const stackMs: number[] = [];
      for (let i = 0; i < ROTATIONS; i++) {
        hereMs.push(await rotateHere());
        cliMs.push(await rotateCli());
        emptyMs2.push((await nodeOk([empty])).ms);
        builtinsMs.push((await nodeOk([builtins])).ms);
        stackMs.push((await nodeOk([httpStack], cached)).ms);
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
          floor: median(stackMs) + median(hereMs),
          unit: 'ms',
          note: `\`keyroll rotate --force\` vs node loading what a file rotation needs, undici's dispatchers + http, crypto, fs/promises (${median(stackMs).toFixed(0)} ms; the built-ins alone: ${median(builtinsMs).toFixed(0)} ms; empty: ${median(emptyMs2).toFixed(0)} ms) + in-process rotation (${median(hereMs).toFixed(0)} ms), medians of ${ROTATIONS}`,
        },
      ];
    } finally {
      await sim.close();
    }
  },
};
