// Bundles the Action into ONE file, dist/index.js, which is committed (a JavaScript action runs from the
// repository as checked out, without installing anything). The build is deterministic, so a test can
// rebuild into a temporary directory and fail when the committed file is stale. Licence notices of
// everything bundled go to THIRD_PARTY_NOTICES beside it.
//   node deployments/github-action/build.mjs [--outfile <path>]
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { thirdPartyNotices } from '../../scripts/third-party-notices.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const at = process.argv.indexOf('--outfile');
const outfile = at > 0 ? resolve(process.argv[at + 1]) : join(here, 'dist/index.js');

// @actions/* modules only define functions and classes, but do not say so (no "sideEffects": false), so
// esbuild would keep every module @actions/core imports: the OIDC client with @actions/http-client and a
// second undici, tunnel, @actions/exec. Declaring them side-effect free lets unused ones drop out.
const actionsSideEffectFree = {
  name: 'actions-side-effect-free',
  setup(b) {
    b.onResolve({ filter: /^@actions\// }, async (args) => {
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

// Fleet mode opens vaults through the runtime's registry. GCP Secret Manager's gRPC SDK would triple the
// bundle every workflow run downloads, so its driver is replaced by one that says to use the CLI or the GCP
// deployment (src/stubs/gcp-driver.ts). AWS is an optional package the registry never bundles.
const leaveOutGcp = {
  name: 'leave-out-gcp',
  setup(b) {
    b.onResolve({ filter: /\/drivers\/gcp-secret-manager\.ts$/ }, () => ({
      path: join(here, 'src/stubs/gcp-driver.ts'),
    }));
  },
};

const result = await build({
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
  plugins: [actionsSideEffectFree, leaveOutGcp],
  // Licence texts go to THIRD_PARTY_NOTICES (complete LICENSE files, not only the /*! */ comments).
  legalComments: 'none',
  metafile: true,
  sourcemap: false,
  minify: false,
  // Paths in the bundle's comments are relative to this directory, whatever the caller's cwd.
  absWorkingDir: root,
  logLevel: 'warning',
});
await writeFile(
  join(dirname(outfile), 'THIRD_PARTY_NOTICES'),
  await thirdPartyNotices(root, result.metafile),
);
console.log(`built ${outfile}`);
