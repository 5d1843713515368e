import { execFile, execFileSync, spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  credentialWorks,
  gcpFakeTls,
  REGIONAL_TEST_LOCATIONS,
  startConnectProxy,
  startMetadataServerFake,
  startPrismaSimulator,
  startSecretManagerFake,
} from '@keyroll/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLAG_EVENT, wasmOrderProbe } from '../../../test/helpers/wasm-order.ts';
import { ENTRY_POINTS, ENV } from '../src/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Where an installed package lives (its folder), found through a file it exports. */
function packageDir(name: string, from: string): string {
  const main = createRequire(from).resolve(name);
  let dir = dirname(main);
  while (!dir.endsWith(name.split('/').pop()!)) dir = dirname(dir);
  return realpathSync(dir);
}

describe('deployable bundle (build.mjs)', () => {
  let out: string;
  /** A PATH with node only, like Cloud Run: no gcloud CLI for google-auth-library to ask for a project. */
  let nodeOnlyPath: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'keyroll-gcp-bundle-'));
    nodeOnlyPath = join(out, 'bin');
    mkdirSync(nodeOnlyPath);
    symlinkSync(process.execPath, join(nodeOnlyPath, 'node'));
    execFileSync(process.execPath, [resolve(here, '../build.mjs'), '--outdir', out], { stdio: 'pipe' });
    // What Cloud Build would install from the manifest: link the same packages the tests use.
    mkdirSync(join(out, 'node_modules/@google-cloud'), { recursive: true });
    const vaultSrc = resolve(here, '../../../packages/vault-gcp-secret-manager/src/index.ts');
    symlinkSync(
      packageDir('@google-cloud/functions-framework', require.resolve('../package.json')),
      join(out, 'node_modules/@google-cloud/functions-framework'),
    );
    symlinkSync(
      packageDir('@google-cloud/secret-manager', vaultSrc),
      join(out, 'node_modules/@google-cloud/secret-manager'),
    );
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  const load = (env: Record<string, string>) =>
    spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `await import('./index.js');
         const { getFunction } = await import('@google-cloud/functions-framework/testing');
         console.log(JSON.stringify([typeof getFunction('${ENTRY_POINTS.event}'), typeof getFunction('${ENTRY_POINTS.http}')]));`,
      ],
      {
        cwd: out,
        encoding: 'utf8',
        // Only our variables: nothing may reach for the real metadata server during the smoke test.
        env: { PATH: nodeOnlyPath, METADATA_SERVER_DETECTION: 'none', ...env },
        timeout: 20_000,
      },
    );

  it('writes a manifest the buildpack can install and start', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ type: 'module', main: 'index.js' });
    expect(Object.keys(manifest.dependencies).sort()).toEqual([
      '@google-cloud/functions-framework',
      '@google-cloud/secret-manager',
    ]);
    for (const version of Object.values(manifest.dependencies)) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('ships the lock Cloud Build installs from, matching the manifest, every package pinned by hash', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8'));
    const lock = JSON.parse(readFileSync(join(out, 'package-lock.json'), 'utf8'));
    expect(lock.lockfileVersion).toBe(3);
    expect(lock.packages[''].dependencies).toEqual(manifest.dependencies);
    for (const [name, version] of Object.entries(manifest.dependencies)) {
      expect(lock.packages[`node_modules/${name}`]?.version, name).toBe(version);
    }
    const entries = Object.entries(lock.packages).filter(([path]) => path !== '') as Array<
      [string, { resolved?: string; integrity?: string; link?: boolean }]
    >;
    expect(entries.length).toBeGreaterThan(50);
    // Every package pinned by content (npm ci refuses a tarball whose hash differs); where the lock
    // names a source, it is the public registry.
    for (const [path, entry] of entries) {
      expect(entry.integrity, path).toMatch(/^sha512-/);
      if (entry.resolved) expect(entry.resolved, path).toMatch(/^https:\/\/registry\.npmjs\.org\//);
    }
  });

  it('keeps the licence notices of the libraries bundled into index.js', () => {
    const notices = readFileSync(join(out, 'THIRD_PARTY_NOTICES'), 'utf8');
    const chunks = readdirSync(join(out, 'chunks')).map((f) => join(out, 'chunks', f));
    const bundle = [join(out, 'index.js'), ...chunks].map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(bundle).toContain('node_modules/zod/'); // bundled, so its notice must travel with it
    expect(notices).toMatch(/^zod@\d+\.\d+\.\d+ \(MIT\)$/m);
    expect(notices).toMatch(/^undici@\d+\.\d+\.\d+ \(MIT\)$/m);
    expect(notices).toMatch(/^yaml@\d+\.\d+\.\d+ \(ISC\)$/m);
    expect(notices).toContain('Permission is hereby granted, free of charge');
    expect(readFileSync(join(out, 'LICENSE'), 'utf8')).toMatch(/Apache License/);
  });

  it('loads with a valid environment and registers both entry points', () => {
    const run = load({ [ENV.mode]: 'self', [ENV.managedSecrets]: 'projects/acme-prod/secrets/prisma-sa' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toEqual(['function', 'function']);
  });

  it('fails at start naming the missing variable', () => {
    const run = load({ [ENV.mode]: 'admin' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(ENV.adminSecret);
  });

  it('runs as deployed: ADC from the metadata server, TLS to the global and the regional endpoint, rotations', async () => {
    // Everything the production chain touches is local: the metadata server (GCE_METADATA_HOST), the
    // Secret Manager host (grpc_proxy tunnels secretmanager.googleapis.com:443 to the TLS fake, whose
    // certificate is the gRPC root via GRPC_DEFAULT_SSL_ROOTS_FILE_PATH) and Prisma Cloud.
    const tls = await gcpFakeTls();
    const ca = join(out, 'fake-ca.pem');
    writeFileSync(ca, tls.cert);
    // The project number the metadata server reports is the one Secret Manager names the project with.
    const sm = await startSecretManagerFake({ tls, projectNumbers: { 'acme-prod': '123456789012' } });
    const proxy = await startConnectProxy(sm.port);
    const metadata = await startMetadataServerFake();
    const prisma = await startPrismaSimulator();
    const secret = 'projects/acme-prod/secrets/prisma-sa';
    const initial = prisma.addServiceAccount('sa-ci');
    sm.seed(secret, { value: JSON.stringify(initial), labels: { 'keyroll-managed': 'true' } });
    // A regional secret: served only by secretmanager.<location>.rep.googleapis.com (the fake refuses
    // it on the global host, like the service).
    const regional = `projects/acme-prod/locations/${REGIONAL_TEST_LOCATIONS[0]}/secrets/prisma-eu`;
    const regionalInitial = prisma.addServiceAccount('sa-eu');
    sm.seed(regional, { value: JSON.stringify(regionalInitial), labels: { 'keyroll-managed': 'true' } });
    try {
      const script = `await import('./index.js');
        const { getTestServer } = await import('@google-cloud/functions-framework/testing');
        const server = getTestServer('${ENTRY_POINTS.http}');
        await new Promise((r) => server.listen(0, '127.0.0.1', r));
        for (const body of JSON.parse(process.env.REQUEST_BODIES)) {
          const res = await fetch('http://127.0.0.1:' + server.address().port + '/', {
            method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
          console.log('RESULT ' + JSON.stringify({ status: res.status, body: await res.json() }));
        }
        process.exit(0);`;
      // WebAssembly stays on the baseline compiler (@keyroll/runtime's wasm-baseline.ts): the flag is set
      // before undici compiles its HTTP parser for the first Prisma Cloud request.
      const wasm = await wasmOrderProbe(out);
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [...wasm.nodeArgs, '--input-type=module', '-e', script],
        {
          cwd: out,
          timeout: 30_000,
          env: {
            PATH: nodeOnlyPath,
            HOME: out, // no gcloud user credentials can be found: ADC must use the metadata server
            GCE_METADATA_HOST: metadata.host,
            grpc_proxy: proxy.url,
            GRPC_DEFAULT_SSL_ROOTS_FILE_PATH: ca,
            [ENV.mode]: 'self',
            [ENV.managedSecrets]: `${secret},${regional}`,
            [ENV.allowedApiOrigins]: prisma.url,
            REQUEST_BODIES: JSON.stringify([
              { secret, force: true },
              { secret: regional, force: true },
            ]),
          },
        },
      );
      const events = await wasm.events();
      expect(events[0]).toBe(FLAG_EVENT);
      expect(events).toContain('llhttp');
      const lines = stdout.trim().split('\n');
      const [result, regionalResult] = lines
        .filter((l) => l.startsWith('RESULT '))
        .map((l) => JSON.parse(l.slice('RESULT '.length)));
      expect(result).toMatchObject({
        status: 200,
        body: { outcome: 'rotated', oldKeyId: initial.accessKeyId },
      });

      const now = JSON.parse(sm.latestValue(secret)!);
      expect(now.accessKeyId).toBe(result.body.newKeyId);
      expect(credentialWorks(prisma, now)).toBe(true);
      expect(sm.versions(secret).map((v) => v.state)).toEqual(['DISABLED', 'ENABLED']);
      // The production credential chain ran: a token from the metadata server on every call, over TLS
      // to the real host name.
      expect(metadata.requests).toContain('/computeMetadata/v1/instance/service-accounts/default/token');
      expect(sm.calls.length).toBeGreaterThan(3);
      expect(new Set(sm.calls.map((c) => c.authorization))).toEqual(
        new Set([`Bearer ${metadata.accessToken}`]),
      );
      // Each secret through its own endpoint: the global host for the global secret, the regional one for
      // the regional secret (the fake answers a mismatch with INVALID_ARGUMENT, so both would fail).
      expect(regionalResult).toMatchObject({
        status: 200,
        body: { outcome: 'rotated', oldKeyId: regionalInitial.accessKeyId },
      });
      expect(sm.versions(regional).map((v) => v.state)).toEqual(['DISABLED', 'ENABLED']);
      expect(new Set(proxy.authorities)).toEqual(
        new Set([
          'secretmanager.googleapis.com:443',
          `secretmanager.${REGIONAL_TEST_LOCATIONS[0]}.rep.googleapis.com:443`,
        ]),
      );
      for (const call of sm.calls) {
        const name = JSON.stringify(call.request);
        const expected = name.includes('/locations/')
          ? `secretmanager.${REGIONAL_TEST_LOCATIONS[0]}.rep.googleapis.com`
          : 'secretmanager.googleapis.com';
        expect(call.host.replace(/:\d+$/, ''), call.method).toBe(expected);
      }
      // Cloud Logging lines on stdout, no secret in them.
      const logs = lines.filter((l) => !l.startsWith('RESULT ')).map((l) => JSON.parse(l));
      expect(logs.some((l) => l.severity === 'INFO' && l.outcome === 'rotated')).toBe(true);
      expect(stdout).not.toContain(initial.secretKey);
      expect(stdout).not.toContain(now.secretKey);
      expect(stdout).not.toContain(metadata.accessToken);
    } finally {
      await Promise.all([sm.close(), proxy.close(), metadata.close(), prisma.close()]);
    }
  });
});
