// Bundles the functions into a deployable source folder, deployments/gcp-functions/dist/:
//   index.js, chunks/       our code and the libraries it uses, ESM; what only some runs need (Azure or
//                           GitHub mirrors, keyroll.yaml, the OTLP exporter) is in chunks loaded by import()
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
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argPath, bundle, root, writeManifest } from '../../scripts/bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = argPath('--outdir', join(here, 'dist'));
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

await bundle({
  entry: join(here, 'src/main.ts'),
  outdir,
  entryName: 'index',
  external: [...Object.keys(external), 'google-gax'],
});
const manifest = await writeManifest(outdir, {
  name: 'keyroll-gcp-functions',
  version: source.version,
  description: 'keyroll: rotates Prisma Cloud access keys kept in GCP Secret Manager (bundled build)',
  main: 'index.js',
  dependencies: external,
});

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

console.log(
  `built ${outdir} (index.js, chunks/, package.json, package-lock.json, LICENSE, THIRD_PARTY_NOTICES): deploy it with gcloud functions deploy --source`,
);

function sorted(object) {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => a.localeCompare(b)));
}
