// Bundles the Function App into a zip-ready folder, deployments/azure-functions/dist/:
//   main.js, chunks/    the app and every dependency, ESM (nothing to install on the host); what only some
//                       runs need (GitHub mirrors, keyroll.yaml, the OTLP exporter) is in chunks
//                       loaded by dynamic import(), so an ordinary Key Vault rotation never evaluates it
//   host.json           host settings (extension bundle for the Event Grid trigger, timeout, logging)
//   package.json        `main` for the Node worker; no dependencies, so no remote build is needed
//   LICENSE, THIRD_PARTY_NOTICES  keyroll's licence and the notices of every library bundled
//   node deployments/azure-functions/build.mjs [--outdir <path>]
import { copyFile, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argPath, bundle, leaveOutDrivers, writeManifest } from '../../scripts/bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = argPath('--outdir', join(here, 'dist'));

await bundle({
  entry: join(here, 'src/main.ts'),
  outdir,
  entryName: 'main',
  // Provided by the Functions Node worker at run time, never bundled. The worker intercepts
  // require('@azure/functions-core') through Node's module loader, which the bundle's require goes through.
  external: ['@azure/functions-core'],
  plugins: [
    // Bundled, google-gax cannot load (it reads its proto files relative to its own folder, and uses
    // __dirname, which an ESM bundle has not): a GCP mirror is refused at once with a clear error.
    leaveOutDrivers(
      ['gcp-secret-manager'],
      "the Azure Functions app carries the azure-keyvault, github and file vault drivers only; a {scheme} mirror needs the CLI or that cloud's deployment",
    ),
  ],
});
await copyFile(join(here, 'host.json'), join(outdir, 'host.json'));
const source = JSON.parse(await readFile(join(here, 'package.json'), 'utf8'));
await writeManifest(outdir, {
  name: 'keyroll-azure-functions',
  version: source.version,
  description: 'keyroll: rotates Prisma Cloud access keys kept in Azure Key Vault (bundled build)',
  main: 'main.js',
});
console.log(
  `built ${outdir} (main.js, chunks/, host.json, package.json, notices): zip its contents for deployment`,
);
