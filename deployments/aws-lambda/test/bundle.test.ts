import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLAG_EVENT, wasmOrderProbe } from '../../../test/helpers/wasm-order.ts';
import { startLambdaWorld, token } from './harness.ts';

/** The files in a zip, read from its central directory (enough for what build.mjs writes). */
function unzip(buf: Buffer): Map<string, { data: Buffer; mode: number }> {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const out = new Map<string, { data: Buffer; mode: number }>();
  for (let i = 0; i < count; i++) {
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    const name = buf.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const mode = buf.readUInt32LE(at + 38) >>> 16;
    const local = buf.readUInt32LE(at + 42);
    const size = buf.readUInt32LE(at + 20);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    out.set(name, { data: inflateRawSync(buf.subarray(start, start + size)), mode });
    at += 46 + nameLength + extra;
  }
  return out;
}

/** The entry and every chunk, as one text. */
function allCode(dir: string): string {
  const chunks = readdirSync(join(dir, 'chunks')).map((f) => join(dir, 'chunks', f));
  return [join(dir, 'index.mjs'), ...chunks].map((f) => readFileSync(f, 'utf8')).join('\n');
}

describe('the Lambda bundle (build.mjs)', () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'keyroll-lambda-bundle-'));
    execFileSync(process.execPath, [resolve(import.meta.dirname, '../build.mjs'), '--outdir', out], {
      stdio: 'pipe',
    });
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes the ESM entry, its chunks and licences, and the zip terraform/aws deploys (same bytes each build)', () => {
    const zip = readFileSync(join(out, 'keyroll-aws-lambda.zip'));
    const files = unzip(zip);
    const chunks = readdirSync(join(out, 'chunks')).map((f) => `chunks/${f}`);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.every((f) => f.endsWith('.mjs'))).toBe(true); // no package.json says "type": "module"
    expect([...files.keys()]).toEqual(['LICENSE', 'THIRD_PARTY_NOTICES', ...chunks.sort(), 'index.mjs']);
    for (const [name, f] of files) {
      expect(f.data.equals(readFileSync(join(out, name))), name).toBe(true);
      expect(f.mode & 0o777, name).toBe(0o644);
    }
    const again = mkdtempSync(join(tmpdir(), 'keyroll-lambda-bundle-'));
    try {
      execFileSync(process.execPath, [resolve(import.meta.dirname, '../build.mjs'), '--outdir', again], {
        stdio: 'pipe',
      });
      expect(readFileSync(join(again, 'keyroll-aws-lambda.zip')).equals(zip)).toBe(true);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
    // Everything is bundled: no bare import is left for the Lambda runtime to resolve.
    const code = allCode(out);
    expect(code).not.toMatch(/from ["'](@aws-sdk|@keyroll|@smithy|undici|zod)/);
    expect(code).not.toMatch(/import\(["'](@aws-sdk|@keyroll|@smithy|undici|zod)/);
    const size = ['index.mjs', ...chunks].reduce((n, f) => n + statSync(join(out, f)).size, 0);
    expect(size).toBeLessThan(8 * 1024 * 1024);
  });

  it('keeps the licence notices of the libraries bundled into index.mjs', () => {
    const notices = readFileSync(join(out, 'THIRD_PARTY_NOTICES'), 'utf8');
    // The exact version the Lambda pins, so a notice for another copy would not pass.
    const pinned = JSON.parse(readFileSync(resolve(import.meta.dirname, '../package.json'), 'utf8'))
      .dependencies['@aws-sdk/client-secrets-manager'];
    expect(notices).toContain(`\n@aws-sdk/client-secrets-manager@${pinned} (Apache-2.0)\n`);
    expect(notices).toMatch(/^zod@\d+\.\d+\.\d+ \(MIT\)$/m);
    expect(notices).toMatch(/^undici@\d+\.\d+\.\d+ \(MIT\)$/m);
    expect(notices).toContain('Apache License');
    expect(readFileSync(join(out, 'LICENSE'), 'utf8')).toMatch(/Apache License/);
  });

  it('runs the four steps from the bundle, configured by the environment alone', async () => {
    const world = await startLambdaWorld();
    try {
      const old = world.current();
      const t = token(1);
      const compiled: string[] = [];
      for (const Step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret']) {
        // Each step's process keeps WebAssembly on the baseline compiler from its first line on
        // (@keyroll/runtime's wasm-baseline.ts): the flag comes before undici compiles its parser.
        const wasm = await wasmOrderProbe(out, `wasm-${Step}`);
        // Asynchronously: the fakes answer from this process.
        const r = await promisify(execFile)(
          process.execPath,
          [
            ...wasm.nodeArgs,
            '--input-type=module',
            '-e',
            `const { handler } = await import('./index.mjs');
             console.log(JSON.stringify(await handler(JSON.parse(process.env.EVENT))));`,
          ],
          {
            cwd: out,
            timeout: 30_000,
            env: {
              ...process.env,
              EVENT: JSON.stringify({ Step, SecretId: world.arn, ClientRequestToken: t }),
              KEYROLL_MODE: 'self',
              KEYROLL_MANAGED_SECRETS: world.arn,
              KEYROLL_ALLOWED_API_ORIGINS: world.sim.url,
            },
          },
        );
        expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!)).toMatchObject({ step: Step, status: 'done' });
        for (const secret of world.sim.mintedSecrets()) expect(r.stdout + r.stderr).not.toContain(secret);
        const events = await wasm.events();
        expect(events[0], Step).toBe(FLAG_EVENT);
        compiled.push(...events.filter((e) => e === 'llhttp'));
      }
      expect(compiled.length).toBeGreaterThan(0); // the Prisma Cloud calls did compile llhttp, after the flag
      expect(world.current().accessKeyId).not.toBe(old.accessKeyId);
      expect(world.sim.canLogin(world.current().accessKeyId, world.current().secretKey)).toBe(true);
    } finally {
      await world.close();
    }
  });

  it('leaves the GCP and Azure drivers out, replaced by a configuration error', () => {
    const code = allCode(out);
    expect(code).not.toMatch(
      /node_modules\/(\.pnpm\/)?(google-gax|@google-cloud|@azure\+keyvault|@azure\/keyvault)/,
    );
    expect(code).toContain(
      'the AWS Lambda bundle carries the aws-secrets-manager, github and file vault drivers only',
    );
  });
});
