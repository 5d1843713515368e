/**
 * Figure 5, bundles: each deployment bundle (its entry and every chunk) against a bundle of only the
 * third-party packages it carries (same esbuild settings and minification, same externals, every export
 * kept): size on disk, and cold import (a fresh `node` importing the entry and every chunk vs the SDKs
 * alone, median of interleaved runs). The floors list exactly the packages the bundles' notices list
 * (checked in the build's own terms: lazily loaded chunks count for size, since they ship). Peak RSS of one
 * rotation in every bundle, against the local fakes (bundle-rotations.ts).
 */
import { mkdir, readdir, realpath, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { type BenchContext, type FigureModule, type Measurement, median } from '../harness.ts';
import {
  actionRotation,
  azureRotation,
  cliRotation,
  gcpRotation,
  lambdaRotation,
  type RotationRss,
} from './bundle-rotations.ts';
import { node, nodeOk } from './spawn.ts';

const RUNS = 9;

interface Bundle {
  name: string;
  /** Builds into `out`; returns the files that make the bundle and the ones a cold import loads. */
  build(ctx: BenchContext, out: string): Promise<{ files: string[]; imports: string[] }>;
  /**
   * The third-party packages it needs (what "only the SDKs" imports). Every deployment reads keyroll.yaml
   * (issue 15): the YAML parser and zod (its schema) count, and undici (the Prisma Cloud client's HTTP
   * stack, a named dependency of the project).
   */
  sdks: string[];
  /** The bundle's own minification, applied to the floor alike. */
  minify?: boolean;
  external?: string[];
  /** Externals the host installs, as (name, directory that has it in node_modules). */
  installed?: Array<[string, string]>;
  /** What the cold import imports, when not the entry and every chunk. */
  imported?: string;
  /** Settings the entry needs to load (it checks them at start). */
  importEnv?: Record<string, string>;
  /** One rotation run by the built bundle (peak RSS). */
  rotation: RotationRss;
}

/** Every deployment ships the OTLP/HTTP metrics exporter (issue 16); it loads only when configured. */
const OTEL = [
  '@opentelemetry/api',
  '@opentelemetry/sdk-metrics',
  '@opentelemetry/exporter-metrics-otlp-http',
  '@opentelemetry/resources',
];
/** Mirrors in another cloud (issue 15: keyroll.yaml names them) need that cloud's SDK in the bundle. */
const AZURE = ['@azure/keyvault-secrets', '@azure/identity', '@azure/storage-blob'];
/** GitHub mirrors: Octokit with its plugins, the sealed-box library, the write limiter's p-limit. */
const GITHUB = [
  '@octokit/rest',
  '@octokit/plugin-throttling',
  '@octokit/plugin-retry',
  'libsodium-wrappers',
  'p-limit',
];

/** The entry and every chunk of a bundle built into `out` (what ships, and what may be imported). */
async function codeFiles(out: string, entry: string): Promise<string[]> {
  const chunks = (await readdir(join(out, 'chunks'))).sort().map((f) => join(out, 'chunks', f));
  return [join(out, entry), ...chunks];
}

const BUNDLES: Bundle[] = [
  {
    name: 'github-action',
    sdks: [
      '@actions/core',
      ...GITHUB,
      'undici',
      // keyroll.yaml (input `config`): its parser and schema, and Key Vault primaries with the blob lock.
      'yaml',
      'zod',
      ...AZURE,
      ...OTEL,
    ],
    imported: 'every chunk (importing the entry would run the Action)',
    async build(ctx, out) {
      await nodeOk([join(ctx.root, 'deployments/github-action/build.mjs'), '--outdir', out]);
      const files = await codeFiles(out, 'index.js');
      return { files, imports: files.slice(1) };
    },
    rotation: actionRotation,
  },
  {
    name: 'azure-functions',
    // The blob SDK is the rotation lock (a lease in AzureWebJobsStorage, which every Function App has):
    // the app always needs it, so the floor carries it too. GCP mirrors are left out (bundled, google-gax
    // cannot load), so neither the bundle nor the floor has the GCP SDK.
    sdks: ['@azure/functions', ...AZURE, 'undici', 'yaml', 'zod', ...GITHUB, ...OTEL],
    external: ['@azure/functions-core'],
    importEnv: { KEYROLL_VAULT_URLS: 'https://kv-bench.vault.azure.net' },
    async build(ctx, out) {
      await nodeOk([join(ctx.root, 'deployments/azure-functions/build.mjs'), '--outdir', out]);
      const files = await codeFiles(out, 'main.js');
      return { files, imports: files };
    },
    rotation: azureRotation,
  },
  {
    name: 'gcp-functions',
    sdks: ['undici', 'yaml', 'zod', ...AZURE, ...GITHUB, ...OTEL],
    external: ['@google-cloud/functions-framework', '@google-cloud/secret-manager', 'google-gax'],
    importEnv: { KEYROLL_MODE: 'self', KEYROLL_MANAGED_SECRETS: 'projects/acme-prod/secrets/prisma-sa' },
    installed: [
      ['@google-cloud/functions-framework', 'deployments/gcp-functions'],
      ['@google-cloud/secret-manager', 'packages/vault-gcp-secret-manager'],
      ['google-gax', 'packages/vault-gcp-secret-manager'],
    ],
    async build(ctx, out) {
      await nodeOk([join(ctx.root, 'deployments/gcp-functions/build.mjs'), '--outdir', out]);
      const files = await codeFiles(out, 'index.js');
      return { files, imports: files };
    },
    rotation: gcpRotation,
  },
  {
    name: 'aws-lambda',
    // Everything bundled (the AWS SDK it was tested with too): nothing is installed on the Lambda. Its
    // mirrors: Secrets Manager, GitHub, files (the Azure and GCP drivers are left out); no keyroll.yaml.
    sdks: ['@aws-sdk/client-secrets-manager', ...GITHUB, 'undici', 'zod', ...OTEL],
    importEnv: {
      KEYROLL_MANAGED_SECRETS: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/keyroll/x-AbCdEf',
      AWS_REGION: 'us-east-1',
    },
    async build(ctx, out) {
      await nodeOk([join(ctx.root, 'deployments/aws-lambda/build.mjs'), '--outdir', out]);
      const files = await codeFiles(out, 'index.mjs');
      return { files, imports: files };
    },
    rotation: lambdaRotation,
  },
  {
    name: 'cli',
    // What the CLI bundles: the vault kinds' SDKs load lazily by use, but they are part of it (GCP's
    // stays external); --all's YAML, schema and progress display.
    sdks: ['commander', 'undici', 'yaml', 'zod', 'log-update', ...AZURE, ...GITHUB, ...OTEL],
    minify: true,
    imported:
      "every chunk but the program's (importing it, or the entry, runs the CLI), the demo's and the GCP driver's (it loads the GCP SDK installed beside the CLI)",
    async build(ctx, out) {
      await nodeOk([join(ctx.root, 'packages/cli/build.mjs'), '--outdir', out]);
      const chunks = (await readdir(join(out, 'chunks'))).map((f) => join(out, 'chunks', f));
      return {
        files: [join(out, 'keyroll.mjs'), ...chunks],
        imports: chunks.filter((f) => !/\/(main|demo|gcp-secret-manager)-/.test(f)),
      };
    },
    rotation: cliRotation,
  },
];

/** Where bare imports of the SDKs resolve: every workspace package's node_modules. */
async function nodePaths(root: string): Promise<string[]> {
  const dirs: string[] = [];
  for (const group of ['packages', 'deployments'])
    for (const d of await readdir(join(root, group))) dirs.push(join(root, group, d, 'node_modules'));
  return dirs;
}

async function sdkOnly(root: string, b: Bundle, out: string): Promise<string> {
  const file = join(out, 'sdk-only.mjs');
  // The bundled SDKs, and what the host installs beside the bundle (external: imported from node_modules,
  // as the bundle imports it).
  const all = [...b.sdks, ...(b.installed ?? []).map(([name]) => name)];
  const contents = `${all.map((s, i) => `import * as m${i} from '${s}';`).join('\n')}\nglobalThis.__keep = [${all.map((_, i) => `m${i}`).join(', ')}];\n`;
  await build({
    stdin: { contents, resolveDir: out, loader: 'js' },
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    nodePaths: await nodePaths(root),
    external: b.external ?? [],
    banner: {
      js: "import { createRequire as __keyrollCreateRequire } from 'node:module';\nconst require = __keyrollCreateRequire(import.meta.url);",
    },
    legalComments: 'none',
    ...(b.minify ? { minifySyntax: true, minifyWhitespace: true } : {}),
    logLevel: 'error',
  });
  return file;
}

const importScript = (files: readonly string[]) => [
  '--input-type=module',
  '-e',
  files.map((f) => `await import(${JSON.stringify(pathToFileURL(f).href)});`).join('\n'),
];

async function sizeOf(files: string[]): Promise<number> {
  let total = 0;
  for (const f of files) total += (await stat(f)).size;
  return total;
}

export const figure: FigureModule = {
  id: 'bundles',
  title: '5. Bundles',
  async run(ctx) {
    const out: Measurement[] = [];
    for (const b of BUNDLES) {
      ctx.log(b.name);
      const dir = join(ctx.scratch, `bundle-${b.name}`);
      await mkdir(dir, { recursive: true });
      const { files, imports } = await b.build(ctx, dir);
      // After the build, which empties its folder: what the host installs beside the bundle.
      for (const [name, owner] of b.installed ?? []) {
        const target = join(dir, 'node_modules', name);
        await mkdir(join(target, '..'), { recursive: true });
        await symlink(await realpath(join(ctx.root, owner, 'node_modules', name)), target);
      }
      const sdk = await sdkOnly(ctx.root, b, dir);
      out.push({
        name: `bundle/${b.name}/size`,
        value: (await sizeOf(files)) / 1024,
        floor: (await sizeOf([sdk])) / 1024,
        unit: 'KiB',
        note: `the entry and its ${files.length - 1} chunks vs ${b.sdks.join(', ')} bundled alone${b.external ? ` (external: ${b.external.join(', ')}${b.installed ? ', imported by the cold import of both' : ''})` : ''}`,
      });
      const bundleMs: number[] = [];
      const sdkMs: number[] = [];
      const env = { PATH: process.env.PATH, HOME: dir, ...b.importEnv };
      for (let i = 0; i < RUNS; i++) {
        for (const [ms, files] of [
          [bundleMs, imports],
          [sdkMs, [sdk]],
        ] as const) {
          const r = await node(importScript(files), env);
          // A failed import is fast and would make a flattering figure.
          if (r.code !== 0) throw new Error(`importing ${files[0]} failed: ${r.stderr.slice(0, 400)}`);
          ms.push(r.ms);
        }
      }
      out.push({
        name: `bundle/${b.name}/cold-import`,
        value: median(bundleMs),
        floor: median(sdkMs),
        unit: 'ms',
        note: `fresh node importing ${b.imported ?? 'the entry and every chunk'} vs the SDKs alone, medians of ${RUNS}`,
      });
      out.push({
        name: `bundle/${b.name}/rotation-rss`,
        value: await b.rotation.run(dir),
        floor: 128,
        unit: 'MiB',
        note: `peak RSS of a fresh node that ran one rotation: ${b.rotation.how}; floor = the 128 MiB budget`,
      });
    }
    return out;
  },
};
