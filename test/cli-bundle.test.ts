/**
 * The `keyroll` bin users install: an ESM bundle (packages/cli/build.mjs). `keyroll --help` is answered by
 * the entry file alone with the program's own usage text; a command's parsing loads commander and the
 * CLI's option definitions only; no chunk carries test code; the packed package installs with
 * `npm install -g` and runs a real command against the simulator.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type PrismaSimulator, startPrismaSimulator } from '@keyroll/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../packages/cli/src/program.ts';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const cliDir = join(root, 'packages/cli');
// Everything below runs on the Node running this test (Node 24 here), the bin's shebang included.
const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH}` };

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<
    string,
    { entryPoint?: string; imports: Array<{ path: string; kind: string }>; inputs: Record<string, unknown> }
  >;
}

/**
 * Inputs that loading the given entry points (sources, e.g. packages/cli/src/main.ts) loads before any of
 * their code runs: static imports only, transitively.
 */
function loadedWith(meta: Metafile, sources: string[]): string[] {
  // Dynamically imported modules are entry points too, each an output of its own.
  const seen = new Set<string>();
  const visit = (out: string) => {
    if (seen.has(out)) return;
    seen.add(out);
    for (const i of meta.outputs[out]!.imports)
      if (i.kind === 'import-statement' && meta.outputs[i.path]) visit(i.path);
  };
  for (const source of sources) {
    const out = Object.keys(meta.outputs).find((o) => meta.outputs[o]!.entryPoint === source);
    if (!out) throw new Error(`no output for ${source}`);
    visit(out);
  }
  return [...seen].flatMap((o) => Object.keys(meta.outputs[o]!.inputs));
}

/** What the bin loads before parsing a command: its entry (which enables the compile cache) and main.ts. */
const loadedAtStart = (meta: Metafile) =>
  loadedWith(meta, ['packages/cli/src/bundle-entry.ts', 'packages/cli/src/main.ts']);

let work: string;
let meta: Metafile;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'keyroll-cli-bundle-'));
  await run(process.execPath, [
    join(cliDir, 'build.mjs'),
    '--outdir',
    join(work, 'dist'),
    '--metafile',
    join(work, 'meta.json'),
  ]);
  meta = JSON.parse(await readFile(join(work, 'meta.json'), 'utf8')) as Metafile;
}, 60_000);
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the keyroll bundle', () => {
  it('loads commander and the option definitions to parse a command, and nothing a command needs', () => {
    const start = loadedAtStart(meta);
    expect(start.some((i) => i.includes('node_modules/commander/'))).toBe(true);
    expect(start.some((i) => i.startsWith('packages/cli/src/program.ts'))).toBe(true);
    const heavy = start.filter((i) =>
      /node_modules\/(zod|undici|vitest|@grpc|libsodium|google-gax|@google-cloud|@azure)\/|packages\/(core|prisma-cloud|testkit|vault-[a-z-]+)\//.test(
        i,
      ),
    );
    expect(heavy).toEqual([]);
    // commander's child_process (for executable subcommands keyroll has none of) loads only when used.
    expect(start).not.toContain('builtin-by-require:node:child_process');
    expect(start).toContain('lazy-builtin:node:child_process');
  });

  it('loads for a file: rotation only zod/mini, no YAML, no OTel SDK, no cloud SDK, not the fleet', () => {
    const rotate = loadedWith(meta, [
      'packages/cli/src/bundle-entry.ts',
      'packages/cli/src/main.ts',
      'packages/cli/src/commands.ts',
      'packages/runtime/src/vaults/drivers/file.ts',
    ]);
    expect(rotate.some((i) => i.startsWith('packages/core/src/engine/'))).toBe(true);
    // undici stays: it is the Prisma Cloud client every rotation uses.
    expect(rotate.some((i) => i.includes('node_modules/undici/lib/dispatcher/pool.js'))).toBe(true);
    const heavy = rotate.filter((i) =>
      /node_modules\/(yaml|@azure|@octokit|libsodium|@opentelemetry\/(sdk-|exporter-|resources))\/|node_modules\/zod\/v4\/(classic|core\/(to-)?json-schema)|packages\/cli\/src\/fleet\.ts|packages\/runtime\/src\/(config|fleet)\//.test(
        i,
      ),
    );
    expect(heavy).toEqual([]);
    const zodBytes = Object.values(meta.outputs)
      .flatMap((o) => Object.entries(o.inputs))
      .filter(([i]) => rotate.includes(i) && i.includes('node_modules/zod/'))
      .reduce((sum, [, v]) => sum + (v as { bytesInOutput: number }).bytesInOutput, 0);
    expect(zodBytes).toBeGreaterThan(0);
    expect(zodBytes).toBeLessThan(100_000);
  });

  it('validates keyroll.yaml (rotate --all) with zod/mini too: no classic zod, no JSON Schema generator anywhere', () => {
    const fleet = loadedWith(meta, [
      'packages/cli/src/main.ts',
      'packages/cli/src/commands.ts',
      'packages/cli/src/fleet.ts',
      'packages/runtime/src/fleet-entry.ts',
    ]);
    expect(fleet.some((i) => i.startsWith('packages/runtime/src/config/schema.ts'))).toBe(true);
    expect(fleet.some((i) => i.includes('node_modules/yaml/'))).toBe(true);
    // Inputs esbuild read but shook out entirely appear in no output.
    const bundled = new Set(Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs)));
    expect(
      [...bundled].filter((i) =>
        /node_modules\/zod\/v4\/(classic|core\/(to-)?json-schema)|^classic-zod:/.test(i),
      ),
    ).toEqual([]);
  });

  it("bundles undici's dispatchers without its index (no fetch, WebSocket, EventSource, cache, mocks)", async () => {
    const inputs = Object.keys(meta.inputs);
    expect(inputs.some((i) => i.includes('node_modules/undici/lib/dispatcher/agent.js'))).toBe(true);
    expect(
      inputs.filter((i) =>
        /node_modules\/undici\/(index\.js|lib\/(mock|cache|web\/(websocket|eventsource|cache|cookies))\/)/.test(
          i,
        ),
      ),
    ).toEqual([]);
    // Every value the sources import from 'undici' must be one the lean module exports.
    const { LEAN_UNDICI } = (await import(join(cliDir, 'lean-undici.mjs'))) as {
      LEAN_UNDICI: Record<string, string>;
    };
    const importers = inputs.filter((i) =>
      (meta.inputs[i] as { imports: Array<{ original?: string }> }).imports.some(
        (x) => x.original === 'undici',
      ),
    );
    expect(importers.length).toBeGreaterThan(0);
    for (const file of importers) {
      const text = await readFile(join(root, file), 'utf8');
      for (const m of text.matchAll(/import\s*(type\s*)?\{([^}]*)\}\s*from\s*'undici'/g)) {
        if (m[1]) continue;
        const values = m[2]!
          .split(',')
          .map((n) => n.trim())
          .filter((n) => n && !n.startsWith('type '));
        for (const name of values)
          expect(Object.keys(LEAN_UNDICI), `${file} imports ${name}`).toContain(name);
      }
    }
  });

  it('imports Node built-ins through require only (an ESM import runs every lazy getter)', async () => {
    const files = [
      join(work, 'dist/keyroll.mjs'),
      ...(await readdir(join(work, 'dist/chunks'))).map((f) => join(work, 'dist/chunks', f)),
    ];
    for (const file of files) {
      // The banner's own import of node:module (for require) is the one exception.
      const body = (await readFile(file, 'utf8')).replace(
        /^import \{ createRequire as __keyrollCreateRequire \} from 'node:module';$/m,
        '',
      );
      expect(
        body.match(
          /(?:from|import)\s*\(?\s*["'](node:)?(fs|os|path|http|https|crypto|util|events|process|child_process|v8|module)(\/[a-z]+)?["']/g,
        ),
        file,
      ).toBeNull();
    }
  });

  it("keeps V8's compile cache in the user's own cache directory (0700), not the shared /tmp", async () => {
    const cache = join(work, 'xdg');
    await run(process.execPath, [join(work, 'dist/keyroll.mjs'), 'rotate', '--help'], {
      env: { ...env, XDG_CACHE_HOME: cache },
    });
    const dir = join(cache, 'keyroll/compile-cache');
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(await readdir(dir)).toEqual([expect.stringMatching(/^v\d+\./)]);
  });

  it('carries no test tooling in any chunk (the demo loads the simulator alone)', () => {
    const all = Object.keys(meta.inputs);
    expect(all.some((i) => i.startsWith('packages/testkit/src/prisma/'))).toBe(true);
    expect(all.filter((i) => /node_modules\/(vitest|@vitest|@grpc|selfsigned|google-gax)\//.test(i))).toEqual(
      [],
    );
  });

  it('ships licence notices for what it bundles', async () => {
    const notices = await readFile(join(work, 'dist/THIRD_PARTY_NOTICES'), 'utf8');
    for (const name of ['commander@', 'yaml@', 'zod@']) expect(notices).toContain(name);
    expect(notices).toMatch(/Permission is hereby granted/);
  });

  it('answers --help from the bundle alone', async () => {
    const { stdout } = await run(process.execPath, [join(work, 'dist/keyroll.mjs'), '--help'], { env });
    expect(stdout).toMatch(/Usage: keyroll/);
    expect(stdout).toMatch(/rotate/);
  });

  it('answers keyroll --help and -h from its entry file alone, with the usage text commander prints', async () => {
    // The source program's own answer (commander, 80 columns as for any pipe).
    let fromSource = '';
    const out = {
      write: (s: string) => {
        fromSource += s;
        return true;
      },
    };
    expect(await runCli(['--help'], { stdout: out, stderr: out, env: {} })).toBe(0);
    // The entry without its chunks: it can only answer by itself.
    const alone = await mkdtemp(join(tmpdir(), 'keyroll-entry-alone-'));
    try {
      await copyFile(join(work, 'dist/keyroll.mjs'), join(alone, 'keyroll.mjs'));
      for (const flag of ['--help', '-h']) {
        const { stdout } = await run(process.execPath, [join(alone, 'keyroll.mjs'), flag], { env });
        expect(stdout).toBe(fromSource);
      }
      // Anything else goes to commander, which needs the chunks.
      await expect(
        run(process.execPath, [join(alone, 'keyroll.mjs'), 'rotate', '--help'], { env }),
      ).rejects.toThrow(/Cannot find module|ERR_MODULE_NOT_FOUND/);
    } finally {
      await rm(alone, { recursive: true, force: true });
    }
    const { stdout } = await run(process.execPath, [join(work, 'dist/keyroll.mjs'), 'rotate', '--help'], {
      env,
    });
    expect(stdout).toMatch(/Usage: keyroll rotate/);
  });
});

describe('WebAssembly stays on the baseline compiler (packages/runtime/src/wasm-baseline.ts, called by commands.ts)', () => {
  it('a rotate sets the tier-up filter before undici compiles its HTTP parser', async () => {
    const sim = await startPrismaSimulator();
    try {
      const secret = join(work, 'wasm.json');
      await writeFile(secret, JSON.stringify(sim.addServiceAccount('wasm')), { mode: 0o600 });
      const log = join(work, 'wasm-order.log');
      const preload = join(work, 'wasm-order.mjs');
      // Records, in order, every WebAssembly flag the CLI sets and every module compiled.
      await writeFile(
        preload,
        [
          "import v8 from 'node:v8';",
          "import { appendFileSync } from 'node:fs';",
          `const log = ${JSON.stringify(log)};`,
          'const set = v8.setFlagsFromString;',
          "v8.setFlagsFromString = (f) => { if (f.includes('wasm')) appendFileSync(log, 'flag ' + f + '\\n'); return set(f); };",
          "WebAssembly.Module = new Proxy(WebAssembly.Module, { construct: (t, a) => (appendFileSync(log, 'module\\n'), Reflect.construct(t, a)) });",
        ].join('\n'),
      );
      await writeFile(log, '');
      const bin = join(work, 'dist/keyroll.mjs');
      const args = [
        'rotate',
        '--vault',
        `file:${secret}`,
        '--force',
        '--json',
        '--allow-api-origin',
        sim.url,
      ];
      const { stdout } = await run(process.execPath, ['--import', preload, bin, ...args], { env });
      expect(JSON.parse(stdout).outcome).toBe('rotated');
      const events = (await readFile(log, 'utf8')).trim().split('\n');
      expect(events[0]).toBe('flag --wasm-tier-up-filter=2147483647');
      expect(events).toContain('module');
    } finally {
      await sim.close();
    }
  });
});

describe('the packed CLI', () => {
  let sim: PrismaSimulator;
  beforeAll(async () => {
    sim = await startPrismaSimulator();
  });
  afterAll(async () => {
    await sim.close();
  });

  it('installs with npm install -g and runs --help and status', async () => {
    const packs = join(work, 'packs');
    const prefix = join(work, 'prefix');
    await run('pnpm', ['pack', '--pack-destination', packs], { cwd: cliDir, env });
    const [tarball] = await readdir(packs);
    await run(
      'npm',
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--offline',
        '--no-fund',
        '--no-audit',
        join(packs, tarball!),
      ],
      { env },
    );
    const bin = join(prefix, 'bin/keyroll');
    const installed = join(prefix, 'lib/node_modules/@keyroll/cli');
    const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8'));
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.engines.node).toMatch(/^>=\d+/);
    expect(relative(installed, join(installed, manifest.bin.keyroll))).toBe(join('dist', 'keyroll.mjs'));

    const help = await run(bin, ['--help'], { env });
    expect(help.stdout).toMatch(/Usage: keyroll/);

    const cred = sim.addServiceAccount('packed-cli');
    const path = join(work, 'packed-cli.json');
    await writeFile(path, JSON.stringify(cred), { mode: 0o600 });
    const status = await run(
      bin,
      ['status', '--vault', `file:${path}`, '--allow-api-origin', sim.url, '--json'],
      {
        env,
      },
    );
    expect(JSON.parse(status.stdout)).toMatchObject({
      keyId: cred.accessKeyId,
      serviceAccount: 'packed-cli',
    });
    expect(status.stdout).not.toContain(cred.secretKey);
  }, 60_000);
});
