/**
 * Peak RSS of one rotation run by each built bundle, in a fresh `node` process, against the local fakes
 * reached through the SDKs' own configuration (endpoints, proxies, credential chains), like the deployments'
 * bundle smoke tests. Each function gets the folder the bundle was built into and returns MiB; it throws
 * when the run did not rotate (a figure of a failed run would mean nothing).
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  startContainerCredentialsFake,
  startSecretsManagerFake,
  useAwsFakeEnvironment,
} from '@keyroll/testkit/aws';
import {
  azureFakeTls,
  startAzurite,
  startKeyVaultFake,
  startManagedIdentityFake,
} from '@keyroll/testkit/azure';
import {
  gcpFakeTls,
  startConnectProxy,
  startMetadataServerFake,
  startSecretManagerFake,
} from '@keyroll/testkit/gcp';
import { startFakeGitHub } from '@keyroll/testkit/github';
import { startPrismaSimulator } from '@keyroll/testkit/simulator';
import { MANAGED_TAG } from '@keyroll/vault-aws-secrets-manager';
import { tagsFor } from '@keyroll/vault-azure-keyvault';
import { GCP_NODE_OPTIONS } from '../../deployments/gcp-functions/src/node-options.ts';
import { node } from './spawn.ts';

export interface RotationRss {
  /** Runs one rotation with the bundle in `dir`; returns the process's peak RSS in MiB. */
  run(dir: string): Promise<number>;
  /** What ran, for the results' "how" column. */
  how: string;
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

/**
 * `node --import <rss> --input-type=module -e <script>` in `dir`; returns stdout, throws on failure.
 * `onOutput` sees stdout as it comes.
 */
async function runScript(
  dir: string,
  script: string,
  env: NodeJS.ProcessEnv,
  onOutput?: (stdout: string) => void,
): Promise<string> {
  const rss = await rssReporter(dir);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', rss.preload, '--input-type=module', '-e', script], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      onOutput?.(stdout);
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(stdout)
        : reject(new Error(`exited ${code}: ${stdout.slice(-400)} ${stderr.slice(0, 600)}`)),
    );
  });
}

const peak = async (dir: string) => Number(await readFile(join(dir, 'rss.txt'), 'utf8')) / 1024;

export const cliRotation: RotationRss = {
  how: '`keyroll rotate --vault file:… --force` against the simulator',
  async run(dir) {
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
      if (r.code !== 0 || !r.stdout.includes('"rotated"'))
        throw new Error(`keyroll rotate exited ${r.code}: ${r.stderr.slice(0, 300)}`);
      return rss.read();
    } finally {
      await sim.close();
    }
  },
};

export const actionRotation: RotationRss = {
  how: 'dist/index.js as the runner starts it: one repository secret, GitHub fake + simulator',
  async run(dir) {
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
      if (r.code !== 0 || !/^rotated$/m.test(await readFile(output, 'utf8')))
        throw new Error(`action exited ${r.code}: ${r.stdout.slice(-300)} ${r.stderr.slice(0, 300)}`);
      return rss.read();
    } finally {
      await gh.close();
      await sim.close();
    }
  },
};

export const azureRotation: RotationRss = {
  how:
    'main.js loaded as the worker does, one SecretNearExpiry event: Key Vault fake (HTTPS_PROXY, ' +
    'production URL), managed-identity fake, blob lock on Azurite, simulator',
  async run(dir) {
    const tls = await azureFakeTls();
    const ca = join(dir, 'kv-ca.pem');
    await writeFile(ca, tls.cert);
    const identity = await startManagedIdentityFake();
    const kv = await startKeyVaultFake({ acceptToken: (t) => identity.issued.has(t) });
    const proxy = await startConnectProxy(kv.port);
    const azurite = await startAzurite();
    const sim = await startPrismaSimulator();
    try {
      const vault = 'kv-bench';
      const initial = sim.addServiceAccount('rss-azure');
      const version = kv.seed(vault, 'prisma-cloud', JSON.stringify(initial), {
        contentType: 'application/json',
        tags: tagsFor({ keyId: initial.accessKeyId, serviceAccount: 'rss-azure' }, true),
        expiresOn: new Date(Date.now() + 20 * 86_400_000),
      });
      const event = [
        {
          id: '6f0c2d1e-5a7b-4c3d-9e8f-1a2b3c4d5e6f',
          topic: `/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/${vault}`,
          subject: 'prisma-cloud',
          eventType: 'Microsoft.KeyVault.SecretNearExpiry',
          eventTime: new Date().toISOString(),
          data: {
            Id: `https://${vault}.vault.azure.net/secrets/prisma-cloud/${version}`,
            VaultName: vault,
            ObjectType: 'Secret',
            ObjectName: 'prisma-cloud',
            Version: version,
            NBF: null,
            EXP: Math.floor(Date.now() / 1000) + 20 * 86_400,
          },
          dataVersion: '1',
          metadataVersion: '1',
        },
      ];
      // The worker provides @azure/functions-core; this stand-in accepts the registrations. The context
      // carries what the handler uses of an InvocationContext.
      const script = `
        import Module from 'node:module';
        const load = Module._load;
        Module._load = function (request, ...rest) {
          if (request === '@azure/functions-core') return {
            registerFunction: () => ({ dispose() {} }), setProgrammingModel() {},
            registerHook: () => ({ dispose() {} }), getProgrammingModel: () => undefined,
          };
          return load.call(this, request, ...rest);
        };
        const app = await import(${JSON.stringify(pathToFileURL(join(dir, 'main.js')).href)});
        const line = (...a) => process.stdout.write(a.join(' ') + '\\n');
        const context = { invocationId: 'bench', functionName: 'keyrollKeyVaultEvent',
          log: line, trace: line, debug: line, info: line, warn: line, error: line };
        await app.onKeyVaultEvent(JSON.parse(process.env.BENCH_EVENT), context);`;
      await runScript(dir, script, {
        PATH: process.env.PATH,
        HOME: dir,
        ...identity.env,
        HTTPS_PROXY: proxy.url,
        NO_PROXY: '127.0.0.1,localhost',
        NODE_EXTRA_CA_CERTS: ca,
        AzureWebJobsStorage: azurite.connectionString,
        KEYROLL_VAULT_URLS: `https://${vault}.vault.azure.net`,
        KEYROLL_ALLOWED_API_ORIGINS: sim.url,
        KEYROLL_MIN_AGE_HOURS: '0',
        BENCH_EVENT: JSON.stringify(event),
      });
      const now = JSON.parse(kv.latest(vault, 'prisma-cloud')?.value ?? '{}');
      if (!now.accessKeyId || now.accessKeyId === initial.accessKeyId)
        throw new Error('the Azure Functions bundle did not rotate the Key Vault secret');
      return peak(dir);
    } finally {
      await Promise.all([kv.close(), identity.close(), proxy.close(), azurite.stop(), sim.close()]);
    }
  },
};

/**
 * Run with the NODE_OPTIONS terraform/gcp deploys (GCP_NODE_OPTIONS, a 4 MiB young generation). The
 * functions framework and the Secret Manager client making the same calls, without keyroll, peak at
 * ≈115 MiB (gRPC, protobufjs and the service's proto JSON); with V8's default young generation one rotation
 * peaked at ≈131–135 MiB (≈149 MiB before the entry kept WebAssembly on the baseline tier).
 */
export const gcpRotation: RotationRss = {
  how:
    'index.js under the functions framework, one HTTP rotation: Secret Manager fake over TLS (grpc_proxy, ' +
    'production host), metadata-server fake (ADC), simulator',
  async run(dir) {
    const tls = await gcpFakeTls();
    const ca = join(dir, 'gcp-ca.pem');
    await writeFile(ca, tls.cert);
    const sm = await startSecretManagerFake({ tls, projectNumbers: { 'acme-prod': '123456789012' } });
    const proxy = await startConnectProxy(sm.port);
    const metadata = await startMetadataServerFake();
    const sim = await startPrismaSimulator();
    try {
      const secret = 'projects/acme-prod/secrets/prisma-sa';
      const initial = sim.addServiceAccount('rss-gcp');
      sm.seed(secret, { value: JSON.stringify(initial), labels: { 'keyroll-managed': 'true' } });
      // The child serves one request (sent from here, so no HTTP client is counted in its RSS) and exits.
      const script = `
        await import('./index.js');
        const { getTestServer } = await import('@google-cloud/functions-framework/testing');
        const server = getTestServer('keyrollRotateHttp');
        server.on('request', (_req, res) => res.on('finish', () => setTimeout(() => process.exit(0), 20)));
        server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));`;
      let listening!: { resolve(port: number): void; reject(err: unknown): void };
      const port = new Promise<number>((resolve, reject) => {
        listening = { resolve, reject };
      });
      const child = runScript(
        dir,
        script,
        {
          PATH: process.env.PATH,
          HOME: dir,
          GCE_METADATA_HOST: metadata.host,
          grpc_proxy: proxy.url,
          GRPC_DEFAULT_SSL_ROOTS_FILE_PATH: ca,
          KEYROLL_MODE: 'self',
          KEYROLL_MANAGED_SECRETS: secret,
          KEYROLL_ALLOWED_API_ORIGINS: sim.url,
          // As terraform/gcp deploys it.
          NODE_OPTIONS: GCP_NODE_OPTIONS,
        },
        (stdout) => {
          const port = /^PORT (\d+)$/m.exec(stdout)?.[1];
          if (port) listening.resolve(Number(port));
        },
      );
      child.catch(listening.reject);
      const res = await fetch(`http://127.0.0.1:${await port}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ secret, force: true }),
      });
      const body = (await res.json()) as { outcome?: string };
      await child;
      if (body.outcome !== 'rotated')
        throw new Error(`the GCP bundle answered ${res.status} ${JSON.stringify(body)}`);
      return peak(dir);
    } finally {
      await Promise.all([sm.close(), proxy.close(), metadata.close(), sim.close()]);
    }
  },
};

export const lambdaRotation: RotationRss = {
  how:
    'index.mjs, the four steps (create, set, test, finish) in one warm process: Secrets Manager fake ' +
    '(AWS_ENDPOINT_URL_SECRETS_MANAGER), container-credentials fake, simulator',
  async run(dir) {
    const creds = await startContainerCredentialsFake();
    const sm = await startSecretsManagerFake({ acceptAccessKeyId: (id) => creds.issued.has(id) });
    const restore = useAwsFakeEnvironment({ endpoint: sm.url, credentials: creds.env, region: sm.region });
    const awsEnv = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => k.startsWith('AWS_')),
    ) as NodeJS.ProcessEnv;
    restore();
    const sim = await startPrismaSimulator({ forbidSelfDeactivation: true });
    try {
      const first = sim.addServiceAccount('rss-lambda', { keyLimit: 2 });
      const arn = sm.seed('prod/keyroll/rss', {
        value: JSON.stringify(first),
        tags: { [MANAGED_TAG]: 'true' },
      });
      const script = `
        const { handler } = await import('./index.mjs');
        for (const Step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret'])
          console.log(JSON.stringify(await handler({ Step, SecretId: process.env.BENCH_ARN, ClientRequestToken: 'bench-token-0000000000000000000001' })));`;
      const out = await runScript(dir, script, {
        PATH: process.env.PATH,
        HOME: dir,
        ...awsEnv,
        KEYROLL_MODE: 'self',
        KEYROLL_MANAGED_SECRETS: arn,
        KEYROLL_ALLOWED_API_ORIGINS: sim.url,
        BENCH_ARN: arn,
      });
      const done = out.split('\n').filter((l) => l.includes('"status":"done"'));
      if (done.length !== 4)
        throw new Error(`the Lambda bundle did not finish the four steps: ${out.slice(-500)}`);
      return peak(dir);
    } finally {
      await Promise.all([sm.close(), creds.close(), sim.close()]);
    }
  },
};
