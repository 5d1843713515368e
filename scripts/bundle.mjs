// The one esbuild set-up every keyroll bundle uses (deployments/*/build.mjs, packages/cli/build.mjs):
// ESM for Node, a `require` for bundled CommonJS, code-split chunks beside the entry (what only some runs
// need, imported dynamically, is never evaluated by the others), and the licence notices of everything
// bundled in THIRD_PARTY_NOTICES (+ keyroll's LICENSE) next to it. The build is deterministic (chunk
// names are content hashes), so a test can rebuild and compare byte for byte.
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { thirdPartyNotices } from './third-party-notices.mjs';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Bundled CommonJS dependencies call require() (Node built-ins, their own files); ESM has none of its own. */
export const REQUIRE_BANNER =
  "import { createRequire as __keyrollCreateRequire } from 'node:module';\nconst require = __keyrollCreateRequire(import.meta.url);";

/** Whitespace and syntax minification without renaming (stack traces keep their names). */
export const MINIFY = { minifySyntax: true, minifyWhitespace: true };

/** The value after `flag` in argv, resolved against the cwd, or `fallback`. */
export function argPath(flag, fallback, argv = process.argv) {
  const at = argv.indexOf(flag);
  return at > 0 ? resolve(argv[at + 1]) : fallback;
}

/**
 * Declares the packages matching `filter` side-effect free (they define functions and classes but do not
 * say so), so that modules of theirs nothing uses drop out.
 */
export function sideEffectFree(name, filter) {
  return {
    name,
    setup(b) {
      b.onResolve({ filter }, async (args) => {
        if (args.pluginData?.resolving) return undefined;
        const { path, errors } = await b.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: { resolving: true },
        });
        return errors.length ? { errors } : { path, sideEffects: false };
      });
    },
  };
}

/** Replaces every module whose path matches `filter` with `contents` (a driver a bundle leaves out). */
export function replaceModules(name, filter, contents) {
  return {
    name,
    setup(b) {
      b.onResolve({ filter }, (args) => ({
        path: args.path,
        namespace: name,
        pluginData: { resolveDir: args.resolveDir },
      }));
      b.onLoad({ filter: /.*/, namespace: name }, (args) => ({
        loader: 'ts',
        resolveDir: args.pluginData.resolveDir,
        contents,
      }));
    },
  };
}

/**
 * Replaces the runtime's vault drivers for `schemes` (packages/runtime/src/vaults/drivers/<scheme>.ts)
 * with one that refuses with a ConfigError: `message` says what the bundle carries instead and where
 * such a vault can be used (`{scheme}` is replaced by the vault's scheme).
 */
export function leaveOutDrivers(schemes, message) {
  return replaceModules(
    'keyroll-drivers-left-out',
    new RegExp(`/drivers/(${schemes.join('|')})\\.ts$`),
    `import { ConfigError } from '@keyroll/core';
export function open(ref: { scheme: string }): never {
  throw new ConfigError('vault_adapter_missing', ${JSON.stringify(message)}.replace('{scheme}', ref.scheme));
}`,
  );
}

/**
 * Builds `entry` into `outdir` as `<entryName><ext>` plus `chunks/<name>-<hash><ext>`, and writes
 * THIRD_PARTY_NOTICES (and keyroll's LICENSE unless `license: false`) beside it. `outdir` is emptied
 * first. Returns the metafile and the files written (paths relative to outdir, sorted).
 * @param {{ entry: string, outdir: string, entryName: string, ext?: string, external?: string[],
 *   plugins?: import('esbuild').Plugin[], minify?: boolean, target?: string, license?: boolean,
 *   esbuild?: import('esbuild').BuildOptions }} o
 */
export async function bundle(o) {
  const ext = o.ext ?? '.js';
  await rm(o.outdir, { recursive: true, force: true });
  await mkdir(o.outdir, { recursive: true });
  const result = await build({
    entryPoints: [{ in: o.entry, out: o.entryName }],
    outdir: o.outdir,
    outExtension: { '.js': ext },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    platform: 'node',
    target: o.target ?? 'node22',
    format: 'esm',
    banner: { js: REQUIRE_BANNER },
    external: o.external ?? [],
    plugins: o.plugins ?? [],
    // Licence texts go to THIRD_PARTY_NOTICES (complete LICENSE files, not only the /*! */ comments).
    legalComments: 'none',
    ...(o.minify ? MINIFY : {}),
    metafile: true,
    sourcemap: false,
    // Paths in the bundle's comments are relative to the repository, whatever the caller's cwd.
    absWorkingDir: root,
    logLevel: 'warning',
    ...o.esbuild,
  });
  await writeFile(join(o.outdir, 'THIRD_PARTY_NOTICES'), await thirdPartyNotices(root, result.metafile));
  if (o.license !== false) await copyFile(join(root, 'LICENSE'), join(o.outdir, 'LICENSE'));
  return { metafile: result.metafile, files: await filesUnder(o.outdir) };
}

/** Every file below `dir`, relative to it, sorted (deterministic order for zips and comparisons). */
export async function filesUnder(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/**
 * A deployment's package.json for its bundled folder: ESM, `main`, Node ≥ 22, and no dependencies unless
 * the host installs some (`dependencies`).
 * @param {string} outdir
 * @param {{ name: string, version: string, description: string, main: string,
 *   dependencies?: Record<string, string> }} m
 */
export async function writeManifest(outdir, { name, version, description, main, dependencies }) {
  const manifest = {
    name,
    version,
    private: true,
    description,
    type: 'module',
    main,
    engines: { node: '>=22' },
    ...(dependencies ? { dependencies } : {}),
  };
  await writeFile(join(outdir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
