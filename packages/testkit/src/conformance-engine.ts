import {
  type Credential,
  createLogger,
  InMemoryLockProvider,
  memorySink,
  parseSecretValue,
  type RotationMetadata,
  type RotationPolicyInput,
  type RotationResult,
  rotateCredential,
  type VaultAdapter,
} from '@keyroll/core';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import { expect } from 'vitest';
import type { ConformanceCheck, ConformanceHarness, HarnessFactory } from './conformance.ts';
import { FaultInjector, type FaultRule } from './faults.ts';
import { MemoryVault } from './memory-vault.ts';
import { type PrismaSimulator, startPrismaSimulator } from './prisma/index.ts';
import { withVaultFaults } from './vault-faults.ts';

const ACCOUNT = 'conformance-sa';
const LEASE_MS = 15 * 60_000;
const WRITES = new Set(['vault.write', 'vault.restore', 'vault.writeBookkeeping', 'vault.disableVersion']);

/**
 * The adapter under test as the primary target of the real engine (`rotateCredential`), with the real
 * Prisma Cloud client against the simulator and a MemoryVault mirror as second target. Every run builds
 * a fresh adapter (`harness.open`), as a new process would; faults reach both targets through
 * withVaultFaults and the simulator's FaultInjector.
 */
export interface EngineWorld {
  sim: PrismaSimulator;
  h: ConformanceHarness;
  mirror: MemoryVault;
  faults: FaultInjector;
  /** Vault calls of every run so far, as `vault.<method> <target id>`. */
  calls: string[];
  /** The key the target was seeded with. */
  first: Credential;
  /** Id of the primary target (the adapter under test). */
  primaryId: string;
  rotate(extra?: { dryRun?: boolean; policy?: RotationPolicyInput }): Promise<RotationResult>;
  /** Runs a rotation until `rule` applies a change, then abandons it there (the process "dies"). */
  crashAt(rule: Pick<FaultRule, 'match' | 'skip'>): Promise<void>;
  close(): Promise<void>;
}

export async function startEngineWorld(createHarness: HarnessFactory): Promise<EngineWorld> {
  const sim = await startPrismaSimulator();
  const first = sim.addServiceAccount(ACCOUNT, { keyLimit: 2 });
  const initialValue = JSON.stringify(first);
  const h = await createHarness({
    value: initialValue,
    metadata: {
      keyId: first.accessKeyId,
      rotationId: 'seeded',
      rotatedAt: '2026-01-01T00:00:00.000Z',
      keyExpiresOn: '2027-01-01T00:00:00.000Z',
    },
  });
  const mirror = new MemoryVault('memory:conformance-mirror', {
    value: initialValue,
    metadata: { keyId: first.accessKeyId },
    managed: true,
  });
  const faults = new FaultInjector();
  const calls: string[] = [];
  const observe = () =>
    faults.add({
      match: (call, detail) => {
        calls.push(`${call} ${(detail as { target?: string })?.target ?? ''}`);
        return false;
      },
      kind: 'delay',
      times: Number.POSITIVE_INFINITY,
    });
  observe();
  const logger = createLogger({ sink: memorySink(), level: 'debug' });
  const issuer = new PrismaCloudIssuer({
    allowedOrigins: [sim.url],
    logger,
    requestTimeoutMs: 2_000,
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 10 },
  });
  // The lock's clock moves past the lease after a crash: the next run takes over from the dead holder.
  let lockSkew = 0;
  const lock = new InMemoryLockProvider(() => Date.now() + lockSkew);
  const primaryId = h.adapter.id;
  const targets = (): VaultAdapter[] => [
    withVaultFaults(h.open?.() ?? h.adapter, faults),
    withVaultFaults(mirror, faults),
  ];
  const rotate = ({ policy, ...extra }: { dryRun?: boolean; policy?: RotationPolicyInput } = {}) =>
    rotateCredential(
      { targets: targets(), trigger: { kind: 'manual' }, force: true, ...extra },
      {
        issuer,
        lock,
        logger,
        allowedApiOrigins: [sim.url],
        policy: { verifyAttempts: 2, verifyBaseDelayMs: 1, lockLeaseMinutes: LEASE_MS / 60_000, ...policy },
      },
    );
  return {
    sim,
    h,
    mirror,
    faults,
    calls,
    first,
    primaryId,
    rotate,
    async crashAt(rule) {
      let applied!: () => void;
      const crashed = new Promise<void>((resolve) => {
        applied = resolve;
      });
      faults.add({ ...rule, kind: 'hang-after-apply', onApplied: () => applied() });
      const run = rotate();
      const finished = run.then(
        (r) => {
          throw new Error(
            `expected the run to die at the crash point, it finished: ${r.outcome} ${r.message}`,
          );
        },
        (err: unknown) => {
          throw err;
        },
      );
      await Promise.race([crashed, finished]);
      faults.clear();
      observe();
      lockSkew += LEASE_MS + 60_000;
    },
    async close() {
      await h.cleanup();
      await sim.close();
    },
  };
}

const credentialIn = (value: string | undefined) =>
  parseSecretValue(value ?? '', 'the target (inspected)').credential;

/**
 * The target holds `keyId` in its value and metadata, the key logs in, the managed mark is set, and a new
 * adapter reads the same: what the next run needs to rotate again.
 */
async function expectHealthy(w: EngineWorld, keyId: string, metadata?: RotationMetadata): Promise<void> {
  const seen = await w.h.inspect();
  const held = credentialIn(seen.value);
  expect(held.accessKeyId, 'key in the value').toBe(keyId);
  expect(w.sim.canLogin(held.accessKeyId, held.secretKey), 'the stored key logs in').toBe(true);
  expect(seen.metadata.keyId, 'key in the metadata').toBe(keyId);
  if (metadata) expect(seen.metadata).toEqual(metadata);
  expect(seen.managed, 'managed mark in the backend').not.toBe(false);
  const fresh = w.h.open?.() ?? w.h.adapter;
  const header = await fresh.readMetadata();
  expect(header.managed, 'readMetadata().managed').toBe(true);
  expect(header.metadata, 'readMetadata().metadata').toEqual(seen.metadata);
  expect(JSON.stringify(header)).not.toContain(held.secretKey);
  const stored = await fresh.read();
  expect(stored.managed, 'read().managed').toBe(true);
  expect(stored.metadata, 'read().metadata').toEqual(seen.metadata);
  if (fresh.capabilities.readable) expect(stored.value, 'read().value').toBe(seen.value);
}

/** The next clean run rotates, and leaves one active key that every target holds. */
async function expectRotatable(w: EngineWorld): Promise<RotationResult> {
  const before = credentialIn((await w.h.inspect()).value).accessKeyId;
  const next = await w.rotate();
  expect(next.outcome, next.message).toBe('rotated');
  expect(next.oldKeyId).toBe(before);
  await expectHealthy(w, next.newKeyId!);
  expect(credentialIn(w.mirror.state.value).accessKeyId).toBe(next.newKeyId);
  const active = w.sim.keys(ACCOUNT).filter((k) => k.status === 'active');
  expect(active.map((k) => k.id)).toEqual([next.newKeyId]);
  return next;
}

const onTarget =
  (call: string, target: () => string) =>
  (c: string, detail?: unknown): boolean =>
    c === call && (detail as { target?: string })?.target === target();

export const engineChecks: ConformanceCheck<EngineWorld>[] = [
  {
    name: 'rotates: value, metadata and managed mark name the new key, and the next run rotates again',
    async run(w) {
      const r = await w.rotate();
      expect(r.outcome, r.message).toBe('rotated');
      await expectHealthy(w, r.newKeyId!);
      expect((await w.h.inspect()).metadata).toMatchObject({
        keyId: r.newKeyId,
        previousKeyId: w.first.accessKeyId,
        rotationId: r.rotationId,
        serviceAccount: ACCOUNT,
      });
      expect(w.sim.keys(ACCOUNT).find((k) => k.id === w.first.accessKeyId)?.status).toBe('inactive');
      await expectRotatable(w);
    },
  },
  {
    name: 'records exactly the new metadata: an expiry the new key lacks does not linger',
    async run(w) {
      const r = await w.rotate({ policy: { validityDays: 0 } });
      expect(r.outcome, r.message).toBe('rotated');
      expect((await w.h.inspect()).metadata).toEqual({
        keyId: r.newKeyId,
        previousKeyId: w.first.accessKeyId,
        rotationId: r.rotationId,
        rotatedAt: expect.any(String),
        serviceAccount: ACCOUNT,
      });
      await expectHealthy(w, r.newKeyId!);
      await expectRotatable(w);
    },
  },
  {
    name: 'rolls back a failed verify: the target is untouched and rotates on the next run',
    async run(w) {
      const before = await w.h.inspect();
      w.sim.faults.add({
        match: (call, detail) =>
          call === 'POST /login' && (detail as { accessKeyId?: string })?.accessKeyId !== w.first.accessKeyId,
        kind: 'error',
        status: 401,
        times: Number.POSITIVE_INFINITY,
      });
      const r = await w.rotate();
      w.sim.faults.clear();
      expect(r.outcome, r.message).toBe('rolled_back');
      expect(await w.h.inspect()).toEqual(before);
      await expectHealthy(w, w.first.accessKeyId, before.metadata);
      expect(w.sim.keys(ACCOUNT).map((k) => k.id)).toEqual([w.first.accessKeyId]);
      await expectRotatable(w);
    },
  },
  {
    name: 'rolls back a failed store on a mirror: this target is restored exactly and rotates on the next run',
    async run(w) {
      const before = await w.h.inspect();
      w.faults.add({ match: onTarget('vault.write', () => w.mirror.id), kind: 'error' });
      const r = await w.rotate();
      expect(r.outcome, r.message).toBe('rolled_back');
      expect(r.targets.find((t) => t.id === w.primaryId)?.status).toBe('restored');
      const after = await w.h.inspect();
      expect(after.value).toBe(before.value);
      expect(after.metadata).toEqual(before.metadata);
      expect(after.managed).toBe(before.managed);
      await expectHealthy(w, w.first.accessKeyId, before.metadata);
      await expectRotatable(w);
    },
  },
  {
    name: 'rolls back a failed store after an earlier rotation: the rotated state comes back exactly',
    async run(w) {
      const first = await w.rotate();
      expect(first.outcome, first.message).toBe('rotated');
      const before = await w.h.inspect();
      w.faults.add({ match: onTarget('vault.write', () => w.mirror.id), kind: 'error' });
      const r = await w.rotate();
      expect(r.outcome, r.message).toBe('rolled_back');
      const after = await w.h.inspect();
      expect(after.value).toBe(before.value);
      expect(after.metadata).toEqual(before.metadata);
      await expectHealthy(w, first.newKeyId!, before.metadata);
      await expectRotatable(w);
    },
  },
  {
    name: 'records failures: one rolled-back run counts 1, a second 2, a success resets the count',
    async run(w) {
      const before = await w.h.inspect();
      const count = async () => (await (w.h.open?.() ?? w.h.adapter).readMetadata()).bookkeeping;
      const failVerify = () =>
        w.sim.faults.add({
          match: (call, detail) =>
            call === 'POST /login' &&
            (detail as { accessKeyId?: string })?.accessKeyId !== w.first.accessKeyId,
          kind: 'error',
          status: 401,
          times: Number.POSITIVE_INFINITY,
        });
      failVerify();
      const first = await w.rotate();
      w.sim.faults.clear();
      expect(first.outcome, first.message).toBe('rolled_back');
      expect(await count()).toMatchObject({
        consecutiveFailures: 1,
        lastFailure: expect.stringContaining('rolled_back'),
      });
      // The bookkeeping write keeps the value, the metadata and the managed mark.
      await expectHealthy(w, w.first.accessKeyId, before.metadata);

      w.faults.add({ match: onTarget('vault.write', () => w.mirror.id), kind: 'error' });
      const second = await w.rotate();
      expect(second.outcome, second.message).toBe('rolled_back');
      expect((await count())?.consecutiveFailures).toBe(2);
      await expectHealthy(w, w.first.accessKeyId, before.metadata);

      const next = await expectRotatable(w);
      expect((await count())?.consecutiveFailures ?? 0, next.message).toBe(0);
    },
  },
  {
    name: 'recovers from a crash right after this target took the new key (R3)',
    async run(w) {
      await w.crashAt({ match: onTarget('vault.write', () => w.primaryId) });
      // Whatever the crash left, the target is consistent: its value and metadata name one working key.
      const left = credentialIn((await w.h.inspect()).value).accessKeyId;
      expect(left).not.toBe(w.first.accessKeyId);
      await expectHealthy(w, left);
      await expectRotatable(w);
    },
  },
  {
    name: 'recovers from a crash while this target was being restored (R3)',
    async run(w) {
      w.faults.add({ match: onTarget('vault.write', () => w.mirror.id), kind: 'error' });
      await w.crashAt({ match: onTarget('vault.restore', () => w.primaryId) });
      await expectHealthy(w, w.first.accessKeyId);
      // The dead run's new key is an orphan: the next run (taking over the lock) deletes it.
      expect(w.sim.keys(ACCOUNT)).toHaveLength(2);
      await expectRotatable(w);
    },
  },
  {
    name: 'a dry run writes nothing anywhere and the target still rotates',
    async run(w) {
      const before = await w.h.inspect();
      const r = await w.rotate({ dryRun: true });
      expect(r.outcome, r.message).toBe('skipped');
      expect(r.reason).toBe('dry_run');
      expect(w.calls.filter((c) => WRITES.has(c.split(' ')[0]!))).toEqual([]);
      expect(await w.h.inspect()).toEqual(before);
      expect(w.sim.keys(ACCOUNT).map((k) => k.id)).toEqual([w.first.accessKeyId]);
      await expectRotatable(w);
    },
  },
];
