// Builds the published `keyroll` bin: dist/keyroll.mjs plus code-split chunks, ESM, every dependency
// inside (the packed CLI installs nothing and runs no tsx). What only one command needs (the demo's
// Prisma Cloud simulator, a cloud vault's SDK) is imported dynamically, so it lands in its own chunk and
// `keyroll --help` never loads it. Licence notices go to dist/THIRD_PARTY_NOTICES.
//   node packages/cli/build.mjs [--outdir <path>] [--metafile <path>]   (the metafile is for tests)
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { thirdPartyNotices } from '../../scripts/third-party-notices.mjs';
import { leanUndici } from './lean-undici.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const at = process.argv.indexOf('--outdir');
const outdir = at > 0 ? resolve(process.argv[at + 1]) : join(here, 'dist');
const metaAt = process.argv.indexOf('--metafile');
const GCP_SDK = ['@google-cloud/secret-manager', 'google-gax', '@grpc/grpc-js'];

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
/**
 * Node built-ins through require(), not import: an ESM import of a built-in makes a namespace of every
 * export, which runs the module's lazy getters (node:process loads its report and finalization modules,
 * node:util a dozen more, node:crypto all of WebCrypto). commander, the file vault and the Prisma Cloud
 * client import half a dozen built-ins, and a one-shot run paid tens of milliseconds for the getters.
 */
const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(b) {
    b.onResolve({ filter: /^[a-z0-9_:/]+$/ }, (args) => {
      if (!isBuiltin(args.path)) return undefined;
      if (args.path === 'node:child_process' && /[/\\]commander[/\\]/.test(args.importer))
        return { path: args.path, namespace: 'lazy-builtin' };
      if (args.kind === 'require-call') return { path: args.path, external: true };
      return { path: args.path, namespace: 'builtin-by-require' };
    });
    // commander spawns a child process only for stand-alone executable subcommands (keyroll has none),
    // yet loading node:child_process (with net, dgram and streams) was a twentieth of `keyroll --help`.
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: `export default new Proxy({}, { get: (_, key) => require(${JSON.stringify(args.path)})[key] });`,
      loader: 'js',
    }));
    b.onLoad({ filter: /.*/, namespace: 'builtin-by-require' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

const result = await build({
  entryPoints: [{ in: join(here, 'src/bundle-entry.ts'), out: 'keyroll' }],
  outdir,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  // Bundled CommonJS dependencies call require() for Node built-ins; ESM has no require of its own.
  banner: {
    js: "import { createRequire as __keyrollCreateRequire } from 'node:module';\nconst require = __keyrollCreateRequire(import.meta.url);",
  },
  // Licence comments move to the notices file; parsing less at start-up is the point of the bundle.
  legalComments: 'none',
  minifySyntax: true,
  minifyWhitespace: true,
  sourcemap: false,
  metafile: true,
  // google-gax loads its .proto/.json files relative to its own folder, which a bundle would break: the
  // GCP SDK stays a (lazily imported, optional) dependency of the published CLI.
  external: GCP_SDK,
  plugins: [leanUndici, builtinsByRequire],
  absWorkingDir: root,
  logLevel: 'warning',
});
await writeFile(join(outdir, 'THIRD_PARTY_NOTICES'), await thirdPartyNotices(root, result.metafile));
if (metaAt > 0) await writeFile(resolve(process.argv[metaAt + 1]), JSON.stringify(result.metafile));
console.log(`built ${join(outdir, 'keyroll.mjs')}`);
