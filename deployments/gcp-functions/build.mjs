// Bundles the functions into a deployable source folder, deployments/gcp-functions/dist/:
//   index.js                our code and the libraries it uses in one ESM file
//   package.json            `main`, Node engine and the two Google packages Cloud Build installs on deploy
//   package-lock.json       exactly what Cloud Build installs (`npm ci`): deploy/package-lock.json, kept
//                           in the repository and checked against package.json here
//   LICENSE, THIRD_PARTY_NOTICES  keyroll's licence, and the notices of every library bundled into index.js
// The Google packages stay external: google-gax loads .proto/.json files relative to its own folder,
// which a bundle would break, and Cloud Run functions installs `dependencies` itself (the buildpack also
// needs @google-cloud/functions-framework there to start the function).
//   node deployments/gcp-functions/build.mjs [--outdir <path>] [--refresh-lock]
// --refresh-lock re-resolves the lock against the npm registry (npm install --package-lock-only) and
// writes it back to deploy/package-lock.json; without it the build works offline.
//   gcloud functions deploy … --source deployments/gcp-functions/dist
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { thirdPartyNotices } from '../../scripts/third-party-notices.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const at = process.argv.indexOf('--outdir');
const outdir = at > 0 ? resolve(process.argv[at + 1]) : join(here, 'dist');
const refreshLock = process.argv.includes('--refresh-lock');
const lockFile = join(here, 'deploy/package-lock.json');

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
const built = await build({
  entryPoints: [join(here, 'src/main.ts')],
  outfile: join(outdir, 'index.js'),
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  external: [...Object.keys(external), 'google-gax'],
  // Bundled CommonJS dependencies call require() for Node built-ins; ESM has none of its own.
  banner: {
    js: "import { createRequire as __keyrollCreateRequire } from 'node:module';\nconst require = __keyrollCreateRequire(import.meta.url);",
  },
  // Licence notices are collected per package into THIRD_PARTY_NOTICES (below).
  legalComments: 'none',
  metafile: true,
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

// The lock Cloud Build installs from: exactly the versions the tests ran against, and their tree.
if (refreshLock) {
  execFileSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: outdir,
    stdio: 'inherit',
  });
  await mkdir(dirname(lockFile), { recursive: true });
  await copyFile(join(outdir, 'package-lock.json'), lockFile);
} else {
  const lock = JSON.parse(await readFile(lockFile, 'utf8'));
  const locked = lock.packages?.['']?.dependencies ?? {};
  if (JSON.stringify(sorted(locked)) !== JSON.stringify(sorted(external))) {
    throw new Error(
      `deploy/package-lock.json locks ${JSON.stringify(locked)}, the bundle needs ${JSON.stringify(external)}: ` +
        'run node deployments/gcp-functions/build.mjs --refresh-lock (needs the npm registry)',
    );
  }
  await writeFile(
    join(outdir, 'package-lock.json'),
    `${JSON.stringify({ ...lock, name: manifest.name, version: manifest.version }, null, 2)}\n`,
  );
}

// Licence notices of the libraries bundled into index.js (their LICENSE files are not shipped otherwise).
await copyFile(join(root, 'LICENSE'), join(outdir, 'LICENSE')); // keyroll's own
await writeFile(join(outdir, 'THIRD_PARTY_NOTICES'), await thirdPartyNotices(root, built.metafile));
console.log(
  `built ${outdir} (index.js, package.json, package-lock.json, LICENSE, THIRD_PARTY_NOTICES): deploy it with gcloud functions deploy --source`,
);

function sorted(object) {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => a.localeCompare(b)));
}
