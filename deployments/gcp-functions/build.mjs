// Bundles the functions into a deployable source folder, deployments/gcp-functions/dist/:
//   index.js      our code, zod and undici in one ESM file
//   package.json  `main`, Node engine and the two Google packages Cloud Build installs on deploy
// The Google packages stay external: google-gax loads .proto/.json files relative to its own folder,
// which a bundle would break, and Cloud Run functions installs `dependencies` itself (the buildpack also
// needs @google-cloud/functions-framework there to start the function).
//   node deployments/gcp-functions/build.mjs [--outdir <path>]
//   gcloud functions deploy … --source deployments/gcp-functions/dist
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const at = process.argv.indexOf('--outdir');
const outdir = at > 0 ? resolve(process.argv[at + 1]) : join(here, 'dist');

const source = JSON.parse(await readFile(join(here, 'package.json'), 'utf8'));
const vaultPackage = JSON.parse(
  await readFile(join(root, 'packages/vault-gcp-secret-manager/package.json'), 'utf8'),
);
// The exact versions the tests ran against.
const external = {
  '@google-cloud/functions-framework': source.dependencies['@google-cloud/functions-framework'],
  '@google-cloud/secret-manager': vaultPackage.dependencies['@google-cloud/secret-manager'],
};

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
await build({
  entryPoints: [join(here, 'src/main.ts')],
  outfile: join(outdir, 'index.js'),
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  external: [...Object.keys(external), 'google-gax'],
  // Bundled CommonJS dependencies (undici) call require() for Node built-ins; ESM has none of its own.
  banner: {
    js: "import { createRequire as __keyrollCreateRequire } from 'node:module';\nconst require = __keyrollCreateRequire(import.meta.url);",
  },
  legalComments: 'none',
  sourcemap: false,
  minify: false,
  absWorkingDir: root,
  logLevel: 'warning',
});
const manifest = {
  name: 'keyroll-gcp-functions',
  version: source.version,
  private: true,
  description: 'keyroll: rotates Prisma Cloud access keys kept in GCP Secret Manager (bundled build)',
  type: 'module',
  main: 'index.js',
  engines: { node: '>=22' },
  dependencies: external,
};
await writeFile(join(outdir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`built ${outdir} (index.js, package.json): deploy it with gcloud functions deploy --source`);
