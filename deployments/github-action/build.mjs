// Bundles the Action into dist/ (committed: a JavaScript action runs from the repository as checked out,
// without installing anything): dist/index.js (action.yml's `main`), the chunks it imports beside it in
// dist/chunks/, and THIRD_PARTY_NOTICES. One rotation evaluates only what it uses: the Azure SDK (Key
// Vault, blob lock), keyroll.yaml's parser and schema, and the OpenTelemetry SDK are in chunks loaded by
// dynamic import() when a run needs them (fleet mode, OTEL_EXPORTER_OTLP_ENDPOINT). The build is
// deterministic, so a test rebuilds into a temporary directory and fails when the committed dist/ is stale.
//   node deployments/github-action/build.mjs [--outdir <path>]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argPath, bundle, leaveOutDrivers, sideEffectFree } from '../../scripts/bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = argPath('--outdir', join(here, 'dist'));

// Fleet mode opens vaults through the runtime's registry. GCP Secret Manager's gRPC SDK would triple what
// every workflow run downloads, so its driver is left out. AWS is an optional package the registry never
// bundles.
const leaveOutGcp = leaveOutDrivers(
  ['gcp-secret-manager'],
  '{scheme}:// vaults are not bundled in the keyroll Action: rotate them with the keyroll CLI or the GCP deployment (deployments/gcp-functions), or keep the primary in Key Vault or a file',
);

await bundle({
  entry: join(here, 'src/main.ts'),
  outdir,
  entryName: 'index',
  target: 'node20',
  // The Action keeps keyroll's licence at the repository root; dist/ holds the third-party notices.
  license: false,
  plugins: [
    // @actions/* modules only define functions and classes, but do not say so (no "sideEffects": false), so
    // esbuild would keep every module @actions/core imports: the OIDC client with @actions/http-client and a
    // second undici, tunnel, @actions/exec. Declaring them side-effect free lets unused ones drop out.
    sideEffectFree('actions-side-effect-free', /^@actions\//),
    leaveOutGcp,
  ],
});
console.log(`built ${join(outdir, 'index.js')} (+ chunks/, THIRD_PARTY_NOTICES)`);
