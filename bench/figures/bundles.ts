/**
 * Figure 5, bundles: each deployment bundle against a bundle of only the third-party packages it needs
 * (same esbuild settings and minification, same externals, every export kept): size on disk, and cold import (a fresh
 * `node` importing it, median of interleaved runs). Peak RSS of one rotation: the CLI bundle (file
 * vault) and the Action bundle (GitHub fake), each against the simulator. Not measured yet: a rotation's
 * RSS inside the Functions bundles (their hosts' harnesses live in the deployments' tests).
 */
import { mkdir, readdir, readFile, realpath, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startFakeGitHub } from '@keyroll/testkit/github';
import { startPrismaSimulator } from '@keyroll/testkit/simulator';
import { build } from 'esbuild';
import { type BenchContext, type FigureModule, type Measurement, median } from '../harness.ts';
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
const GITHUB = ['@octokit/rest', '@octokit/plugin-throttling', '@octokit/plugin-retry', 'libsodium-wrappers'];

const BUNDLES: Bundle[] = [
  {
    name: 'github-action',
    sdks: [
      '@actions/core',
      '@octokit/rest',
      '@octokit/plugin-throttling',
      '@octokit/plugin-retry',
      'libsodium-wrappers',
      'p-limit',
      'undici',
      // keyroll.yaml (input `config`): its parser and schema, and Key Vault primaries with the blob lock.
      'yaml',
      'zod',
      ...AZURE,
      ...OTEL,
    ],
    async build(ctx, out) {
      const file = join(out, 'index.js');
      await nodeOk([join(ctx.root, 'deployments/github-action/build.mjs'), '--outfile', file]);
      return { files: [file], imports: [file] };
    },
  },
  {
    name: 'azure-functions',
    // The blob SDK is the rotation lock (a lease in AzureWebJobsStorage, which every Function App has):
    // the app always needs it, so the floor carries it too.
    sdks: [
      '@azure/functions',
      '@azure/keyvault-secrets',
      '@azure/identity',
      '@azure/storage-blob',
      'undici',
      'yaml',
      'zod',
      ...GITHUB,
      ...OTEL,
    ],
    external: ['@azure/functions-core'],
    async build(ctx, out) {
      await nodeOk([join(ctx.root, 'deployments/azure-functions/build.mjs'), '--outdir', out]);
      return { files: [join(out, 'main.js')], imports: [join(out, 'main.js')] };
    },
  },
  {
    name: 'gcp-functions',
    sdks: ['undici', 'yaml', 'zod', ...AZURE, ...GITHUB, ...OTEL],
    external: ['@google-cloud/functions-framework', '@google-cloud/secret-manager', 'google-gax'],
    installed: [
      ['@google-cloud/functions-framework', 'deployments/gcp-functions'],
      ['@google-cloud/secret-manager', 'packages/vault-gcp-secret-manager'],
      ['google-gax', 'packages/vault-gcp-secret-manager'],
    ],
    async build(ctx, out) {
      await nodeOk([join(ctx.root, 'deployments/gcp-functions/build.mjs'), '--outdir', out]);
      return { files: [join(out, 'index.js')], imports: [join(out, 'index.js')] };
    },
  },
  {
    name: 'aws-lambda',
    // Everything bundled (the AWS SDK it was tested with too): nothing is installed on the Lambda.
    sdks: [
      '@aws-sdk/client-secrets-manager',
      '@octokit/rest',
      'libsodium-wrappers',
      'undici',
      'zod',
      ...OTEL,
    ],
    async build(ctx, out) {
      await nodeOk([join(ctx.root, 'deployments/aws-lambda/build.mjs'), '--outdir', out]);
      return { files: [join(out, 'index.mjs')], imports: [join(out, 'index.mjs')] };
    },
  },
  {
    name: 'cli',
    // What the CLI bundles: the vault kinds' SDKs load lazily by use, but they are part of it (GCP's
    // stays external); --all's YAML, schema and progress display.
    sdks: [
      'commander',
      'undici',
      'yaml',
      'zod',
      'log-update',
      '@azure/keyvault-secrets',
      '@azure/identity',
      '@azure/storage-blob',
      '@octokit/rest',
      '@octokit/plugin-throttling',
      '@octokit/plugin-retry',
      'libsodium-wrappers',
      ...OTEL,
    ],
    minify: true,
    async build(ctx, out) {
      await nodeOk([join(ctx.root, 'packages/cli/build.mjs'), '--outdir', out]);
      const chunks = (await readdir(join(out, 'chunks'))).map((f) => join(out, 'chunks', f));
      // Importing the entry would run the CLI; a rotation loads every chunk but the demo's.
      return {
        files: [join(out, 'keyroll.mjs'), ...chunks],
        imports: chunks.filter((f) => !/\/demo-/.test(f)),
      };
    },
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
  const contents = `${b.sdks.map((s, i) => `import * as m${i} from '${s}';`).join('\n')}\nglobalThis.__keep = [${b.sdks.map((_, i) => `m${i}`).join(', ')}];\n`;
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

const importScript = (files: string[]) => [
  '--input-type=module',
  '-e',
  files.map((f) => `await import(${JSON.stringify(pathToFileURL(f).href)});`).join('\n'),
];

async function sizeOf(files: string[]): Promise<number> {
  let total = 0;
  for (const f of files) total += (await stat(f)).size;
  return total;
}

/** Peak RSS (MiB) of the child, reported by a preloaded module when it exits. */
async function rssReporter(dir: string): Promise<{ preload: string; read(): Promise<number> }> {
  const out = join(dir, 'rss.txt');
  const preload = join(dir, 'rss.mjs');
  await writeFile(
    preload,
    `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(out)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  return { preload, read: async () => Number(await readFile(out, 'utf8')) / 1024 };
}

async function cliRotationRss(dir: string): Promise<number> {
  const sim = await startPrismaSimulator();
  try {
    const path = join(dir, 'rss-cli.json');
    await writeFile(path, JSON.stringify(sim.addServiceAccount('rss-cli')), { mode: 0o600 });
    const rss = await rssReporter(dir);
    const r = await node([
      '--import',
      rss.preload,
      join(dir, 'keyroll.mjs'),
      'rotate',
      '--vault',
      `file:${path}`,
      '--force',
      '--json',
      '--allow-api-origin',
      sim.url,
    ]);
    if (r.code !== 0) throw new Error(`keyroll rotate exited ${r.code}: ${r.stderr.slice(0, 300)}`);
    return rss.read();
  } finally {
    await sim.close();
  }
}

async function actionRotationRss(dir: string): Promise<number> {
  const sim = await startPrismaSimulator();
  const gh = await startFakeGitHub({ workflowTokens: ['ghs_bench'] });
  try {
    const current = JSON.stringify(sim.addServiceAccount('rss-action'));
    gh.seedSecret({ kind: 'repository', owner: 'acme', repo: 'api' }, 'PRISMA_CLOUD', current);
    const rss = await rssReporter(dir);
    const inputs: Record<string, string> = {
      'github-token': 'ghp_fake',
      'workflow-token': 'ghs_bench',
      'github-api-url': gh.url,
      'allowed-api-origins': sim.url,
      'min-write-interval-ms': '0',
      'min-age-hours': '0',
      'current-secret': current,
      targets: 'repo:acme/api:PRISMA_CLOUD',
    };
    const output = join(dir, 'gh-output');
    await writeFile(output, '');
    await writeFile(join(dir, 'gh-summary'), '');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: dir,
      RUNNER_TEMP: dir,
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      GITHUB_RUN_ID: '1',
      GITHUB_REPOSITORY: 'acme/api',
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: join(dir, 'gh-summary'),
    };
    for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
    const r = await node(['--import', rss.preload, join(dir, 'index.js')], env);
    if (r.code !== 0 || !/outcome<<|outcome=rotated|rotated/.test(await readFile(output, 'utf8')))
      throw new Error(`action exited ${r.code}: ${r.stdout.slice(-300)} ${r.stderr.slice(0, 300)}`);
    return rss.read();
  } finally {
    await gh.close();
    await sim.close();
  }
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
      for (const [name, owner] of b.installed ?? []) {
        const target = join(dir, 'node_modules', name);
        await mkdir(join(target, '..'), { recursive: true });
        await symlink(await realpath(join(ctx.root, owner, 'node_modules', name)), target);
      }
      const { files, imports } = await b.build(ctx, dir);
      const sdk = await sdkOnly(ctx.root, b, dir);
      out.push({
        name: `bundle/${b.name}/size`,
        value: (await sizeOf(files)) / 1024,
        floor: (await sizeOf([sdk])) / 1024,
        unit: 'KiB',
        note: `vs ${b.sdks.join(', ')} bundled alone${b.external ? ` (external: ${b.external.join(', ')})` : ''}`,
      });
      const bundleMs: number[] = [];
      const sdkMs: number[] = [];
      const env = { PATH: process.env.PATH, HOME: dir };
      for (let i = 0; i < RUNS; i++) {
        bundleMs.push((await node(importScript(imports), env)).ms);
        sdkMs.push((await node(importScript([sdk]), env)).ms);
      }
      out.push({
        name: `bundle/${b.name}/cold-import`,
        value: median(bundleMs),
        floor: median(sdkMs),
        unit: 'ms',
        note: `fresh node importing the bundle vs the SDKs alone, medians of ${RUNS}`,
      });
      const rotation =
        b.name === 'cli' ? cliRotationRss : b.name === 'github-action' ? actionRotationRss : undefined;
      if (rotation) {
        out.push({
          name: `bundle/${b.name}/rotation-rss`,
          value: await rotation(dir),
          floor: 128,
          unit: 'MiB',
          note: 'peak RSS of the process that ran one rotation; floor = the 128 MiB budget',
        });
      }
    }
    return out;
  },
};
