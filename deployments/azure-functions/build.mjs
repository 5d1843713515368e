// Bundles the Function App into a zip-ready folder, deployments/azure-functions/dist/:
//   main.js       the app and every dependency, one ESM file (nothing to install on the host)
//   host.json     host settings (extension bundle for the Event Grid trigger, timeout, logging)
//   package.json  `main` for the Node worker; no dependencies, so no remote build is needed
//   node deployments/azure-functions/build.mjs [--outdir <path>]
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const at = process.argv.indexOf('--outdir');
const outdir = at > 0 ? resolve(process.argv[at + 1]) : join(here, 'dist');

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
await build({
  entryPoints: [join(here, 'src/main.ts')],
  outfile: join(outdir, 'main.js'),
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  // Provided by the Functions Node worker at run time, never bundled.
  external: ['@azure/functions-core'],
  // Bundled CommonJS dependencies call require(); ESM has none of its own. The worker intercepts
  // require('@azure/functions-core') through Node's module loader, which this require goes through.
  banner: {
    js: "import { createRequire as __keyrollCreateRequire } from 'node:module';\nconst require = __keyrollCreateRequire(import.meta.url);",
  },
  legalComments: 'none',
  sourcemap: false,
  minify: false,
  absWorkingDir: root,
  logLevel: 'warning',
});
await copyFile(join(here, 'host.json'), join(outdir, 'host.json'));
const source = JSON.parse(await readFile(join(here, 'package.json'), 'utf8'));
const manifest = {
  name: 'keyroll-azure-functions',
  version: source.version,
  private: true,
  description: 'keyroll: rotates Prisma Cloud access keys kept in Azure Key Vault (bundled build)',
  type: 'module',
  main: 'main.js',
  engines: { node: '>=22' },
};
await writeFile(join(outdir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`built ${outdir} (main.js, host.json, package.json): zip its contents for deployment`);
