// Bundles the Action into ONE file, dist/index.js, which is committed (a JavaScript action runs from the
// repository as checked out, without installing anything). The build is deterministic, so a test can
// rebuild into a temporary directory and fail when the committed file is stale.
//   node deployments/github-action/build.mjs [--outfile <path>]
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const at = process.argv.indexOf('--outfile');
const outfile = at > 0 ? resolve(process.argv[at + 1]) : join(here, 'dist/index.js');

await build({
  entryPoints: [join(here, 'src/main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Bundled CommonJS dependencies call require() for Node built-ins; ESM has no require of its own.
  banner: {
    js: "import { createRequire as __keyrollCreateRequire } from 'node:module';\nconst require = __keyrollCreateRequire(import.meta.url);",
  },
  legalComments: 'none',
  sourcemap: false,
  minify: false,
  // Paths in the bundle's comments are relative to this directory, whatever the caller's cwd.
  absWorkingDir: root,
  logLevel: 'warning',
});
console.log(`built ${outfile}`);
