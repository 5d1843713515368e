/**
 * Several Function instances (separate Node processes) on one secret: the blob-lease lock on Azurite
 * holds across processes, and a holder killed mid-rotation is recovered from after its lease.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { blobLockFromSettings } from '@keyroll/lock-azure-blob';
import {
  type Azurite,
  credentialWorks,
  FaultInjector,
  type KeyVaultFake,
  type ManagedIdentityFake,
  type PrismaSimulator,
  startAzurite,
  startKeyVaultFake,
  startManagedIdentityFake,
  startPrismaSimulator,
} from '@keyroll/testkit';
import { tagsFor } from '@keyroll/vault-azure-keyvault';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventGridEvent } from './payloads.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const VAULT = 'kv-shared';
const SECRET = 'prisma-cloud';
const ACCOUNT = 'keyroll-ci';

interface ChildResult {
  outcomes?: Array<{ status: string; reason?: string }>;
  error?: string;
  logs: string[];
}

let azurite: Azurite;
let identity: ManagedIdentityFake;
let kv: KeyVaultFake;
let sim: PrismaSimulator;
let children: Array<ChildProcessByStdio<Writable, Readable, null>> = [];

beforeAll(async () => {
  azurite = await startAzurite();
  identity = await startManagedIdentityFake();
}, 90_000);
afterAll(async () => {
  await Promise.allSettled([azurite?.stop(), identity?.close()]);
});
beforeEach(async () => {
  sim = await startPrismaSimulator();
  kv = await startKeyVaultFake({ faults: new FaultInjector(), acceptToken: (t) => identity.issued.has(t) });
});
afterEach(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  children = [];
  await Promise.allSettled([kv.close(), sim.close()]);
});

function seed(): { version: string; event: unknown } {
  const initial = sim.addServiceAccount(ACCOUNT);
  const version = kv.seed(VAULT, SECRET, JSON.stringify(initial), {
    contentType: 'application/json',
    tags: tagsFor({ keyId: initial.accessKeyId, serviceAccount: ACCOUNT }, true),
    expiresOn: new Date(Date.now() + 20 * 86_400_000),
  });
  const event = [
    eventGridEvent({ vault: VAULT, secret: SECRET, version, host: `${VAULT}.vault.azure.net:${kv.port}` }),
  ];
  return { version, event };
}

/** Starts one instance; it loads the app, says "ready", and runs the handler when `go` is called. */
function instance(event: unknown) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'child-handler.ts')], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: {
      PATH: process.env.PATH,
      ...identity.env,
      AzureWebJobsStorage: azurite.connectionString,
      KEYROLL_VAULT_URLS: kv.vaultUrl(VAULT),
      KEYROLL_ALLOWED_API_ORIGINS: sim.url,
      KEYROLL_MIN_AGE_HOURS: '0',
      KEYROLL_LOCK_LEASE_SECONDS: '15',
      KEYROLL_TEST_EVENT: JSON.stringify(event),
      KEYROLL_TEST_CA: kv.ca,
    },
  });
  children.push(child);
  let out = '';
  let onReady: () => void;
  let notReady: (err: Error) => void;
  const ready = new Promise<void>((r, reject) => {
    onReady = r;
    notReady = reject;
  });
  child.once('exit', (code, signal) =>
    notReady(new Error(`instance exited (${code ?? signal}) before ready`)),
  );
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.startsWith('ready\n')) onReady();
  });
  const result = new Promise<ChildResult>((resolveResult, reject) => {
    child.once('exit', (code, signal) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolveResult(JSON.parse(line) as ChildResult);
      else reject(new Error(`instance exited (${code ?? signal}) without a result`));
    });
  });
  result.catch(() => undefined);
  return { child, ready, result, go: () => child.stdin.write('go\n') };
}

describe('several instances, one secret (blob lease on Azurite)', () => {
  it('N instances handling the same event at once rotate exactly once', async () => {
    const { event } = seed();
    // Widen the window: the key creation is slow, so every instance is inside its rotation at once.
    sim.faults.add({ match: 'POST /access_keys', kind: 'delay', delayMs: 1_500, times: 10 });
    const n = 3;
    const all = Array.from({ length: n }, () => instance(event));
    await Promise.all(all.map((i) => i.ready));
    for (const i of all) i.go();
    const results = await Promise.all(all.map((i) => i.result));
    const statuses = results.map((r) => r.outcomes?.[0]?.status ?? `error: ${r.error}`);
    expect(statuses.filter((s) => s === 'rotated')).toHaveLength(1);
    // The others found the lock held (the invocation fails, so Event Grid redelivers) or, later, a
    // version that is no longer current (acknowledged).
    for (const r of results.filter((x) => x.outcomes?.[0]?.status !== 'rotated')) {
      if (r.error) expect(r.error).toMatch(/another rotation of this secret holds the lock/);
      else expect(r.outcomes?.[0]).toMatchObject({ status: 'skipped', reason: 'stale_event' });
    }
    expect(sim.requestCount('POST /access_keys')).toBe(1);
    const stored = JSON.parse(kv.latest(VAULT, SECRET)!.value);
    expect(credentialWorks(sim, stored)).toBe(true);
  }, 300_000);

  it('a holder killed mid-rotation holds the lock until its lease ends; the next run takes over, deletes its orphan key and rotates', async () => {
    const { event } = seed();
    const original = sim.keys(ACCOUNT)[0]!;
    const first = instance(event);
    // The first instance is killed as it writes the new key to Key Vault (the write never lands).
    kv.faults.add({ match: 'SetSecret', kind: 'timeout', onHit: () => first.child.kill('SIGKILL') });
    await first.ready;
    first.go();
    await expect(first.result).rejects.toThrow(/SIGKILL/);
    const orphan = sim.keys(ACCOUNT).find((k) => k.id !== original.id);
    expect(orphan?.status).toBe('active');
    expect(kv.versions(VAULT, SECRET)).toHaveLength(1);

    // The blob names the dead holder, and its lease is still running.
    const lock = blobLockFromSettings({ AzureWebJobsStorage: azurite.connectionString })!;
    const name = `keyroll:azure-keyvault:${kv.vaultUrl(VAULT)}/secrets/${SECRET}`;
    const held = await lock.holderOf(name);
    expect(held).toMatchObject({ leased: true });
    const deadRotation = held!.owner;

    // After the lease (15 s here, 60 s by default) the next run takes over.
    const deadline = Date.now() + 25_000;
    while ((await lock.holderOf(name))?.leased && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
    }
    kv.faults.clear();
    const next = instance(event);
    await next.ready;
    next.go();
    const r = await next.result;
    expect(r.outcomes?.[0]).toMatchObject({ status: 'rotated' });
    expect(r.logs.join('\n')).toContain(`took over the lock of rotation ${deadRotation}`);
    const keys = sim.keys(ACCOUNT);
    expect(keys.find((k) => k.id === orphan!.id)).toBeUndefined();
    const stored = JSON.parse(kv.latest(VAULT, SECRET)!.value);
    expect(credentialWorks(sim, stored)).toBe(true);
    expect(stored.accessKeyId).not.toBe(original.id);
    expect(keys.length).toBeLessThanOrEqual(2);
    expect(await lock.holderOf(name)).toBeUndefined();
  }, 300_000);
});
