import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLAG_EVENT, wasmOrderProbe } from '../../../test/helpers/wasm-order.ts';

const run = promisify(execFile);
const here = resolve(import.meta.dirname, '..');

/**
 * The deployable folder: bundle + host.json + package.json, loadable by the Node worker. The bundle is
 * imported in a separate Node process whose stand-in for `@azure/functions-core` (the module the worker
 * provides) records the registrations, exactly as the host would receive them.
 */
describe('zip-ready build', () => {
  let outdir: string;
  beforeAll(async () => {
    outdir = await mkdtemp(join(tmpdir(), 'keyroll-func-'));
    await run(process.execPath, [join(here, 'build.mjs'), '--outdir', outdir]);
  }, 60_000);
  afterAll(async () => {
    await rm(outdir, { recursive: true, force: true });
  });

  it('holds main.js, its chunks, host.json, package.json and the licences, with main pointing at the bundle', async () => {
    expect((await readdir(outdir)).sort()).toEqual([
      'LICENSE',
      'THIRD_PARTY_NOTICES',
      'chunks',
      'host.json',
      'main.js',
      'package.json',
    ]);
    expect((await readdir(join(outdir, 'chunks'))).length).toBeGreaterThan(3);
    const manifest = JSON.parse(await readFile(join(outdir, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ main: 'main.js', type: 'module' });
    expect(manifest.dependencies).toBeUndefined();
    const host = JSON.parse(await readFile(join(outdir, 'host.json'), 'utf8'));
    expect(host.version).toBe('2.0');
    expect(host.extensionBundle.id).toBe('Microsoft.Azure.Functions.ExtensionBundle');
  });

  it('keeps the licence notices of the libraries bundled into main.js and its chunks', async () => {
    const notices = await readFile(join(outdir, 'THIRD_PARTY_NOTICES'), 'utf8');
    expect(notices).toMatch(/^@azure\/keyvault-secrets@\d+\.\d+\.\d+ \(MIT\)$/m);
    expect(notices).toMatch(/^@azure\/functions@\d+\.\d+\.\d+ \(MIT\)$/m);
    expect(notices).toMatch(/^undici@\d+\.\d+\.\d+ \(MIT\)$/m);
    expect(notices).toContain('Permission is hereby granted, free of charge');
    expect(await readFile(join(outdir, 'LICENSE'), 'utf8')).toMatch(/Apache License/);
  });

  it('leaves the GCP driver out (bundled, google-gax cannot load), replaced by a configuration error', async () => {
    const chunks = await readdir(join(outdir, 'chunks'));
    const code = (
      await Promise.all(
        ['main.js', ...chunks.map((c) => join('chunks', c))].map((f) => readFile(join(outdir, f), 'utf8')),
      )
    ).join('\n');
    expect(code).not.toMatch(/node_modules\/(\.pnpm\/)?(google-gax|@google-cloud|@grpc)/);
    expect(code).toContain(
      'the Azure Functions app carries the azure-keyvault, github and file vault drivers only',
    );
  });

  it('loads in a plain Node process and registers the three functions', async () => {
    const script = `
      import Module from 'node:module';
      const original = Module._load;
      const names = [];
      Module._load = function (request, ...rest) {
        if (request === '@azure/functions-core') return {
          registerFunction: (m) => { names.push(m.name); return { dispose() {} }; },
          setProgrammingModel() {}, registerHook: () => ({ dispose() {} }), getProgrammingModel: () => undefined,
        };
        return original.call(this, request, ...rest);
      };
      const app = await import(${JSON.stringify(join(outdir, 'main.js'))});
      console.log(JSON.stringify({ names, exports: Object.keys(app).sort() }));
    `;
    const wasm = await wasmOrderProbe(outdir);
    const { stdout } = await run(process.execPath, [...wasm.nodeArgs, '--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH ?? '', KEYROLL_VAULT_URLS: 'https://kv-smoke.vault.azure.net' },
    });
    const seen = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(seen.names.sort()).toEqual(['keyrollKeyVaultEvent', 'keyrollRotate', 'keyrollSweep']);
    expect(seen.exports).toEqual(expect.arrayContaining(['onKeyVaultEvent', 'rotateHttp', 'sweepTimer']));
    // Loading the app already keeps WebAssembly on the baseline compiler (@keyroll/runtime's
    // wasm-baseline.ts), so no handler's Prisma Cloud request can compile undici's parser before it.
    expect(await wasm.events()).toEqual([FLAG_EVENT]);
  });
});
