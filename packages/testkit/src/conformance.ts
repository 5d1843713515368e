import type { RotationMetadata, StoredSecret, VaultAdapter } from '@keyroll/core';
import { isKeyrollError } from '@keyroll/core';
import { describe, expect, it } from 'vitest';
import { type EngineWorld, engineChecks, startEngineWorld } from './conformance-engine.ts';

/**
 * The one contract every VaultAdapter must keep, as data: each check is a named function over a fresh
 * harness. `describeVaultAdapterConformance` turns the checks into vitest tests (each adapter's test file
 * calls it once); `runConformanceChecks` runs them without vitest's describe, so a test can assert that a
 * deliberately broken adapter fails exactly the checks its bugs should trip.
 *
 * A harness seeds a real backend (a file, or a fake server spoken to by the real SDK) and can inspect it
 * directly, bypassing the adapter.
 */
export interface ConformanceHarness {
  /** An adapter bound to a secret that already holds `initial` (value + metadata), marked managed. */
  adapter: VaultAdapter;
  /**
   * A new adapter bound to the same secret, as a new process would build it (engine runs use one per run;
   * a write-only store's adapter gets the value it holds now, as the workflow would pass it). Default: `adapter`.
   */
  open?(): VaultAdapter;
  /** What the backend holds now, read around the adapter (for write-only stores the fake decrypts). */
  inspect(): Promise<{
    value: string | undefined;
    metadata: RotationMetadata;
    /** The managed mark as the backend holds it (tag, label, variable); undefined where configuration decides. */
    managed?: boolean;
    enabledVersions?: string[];
  }>;
  /** An adapter bound to a secret that does not exist. */
  missing(): VaultAdapter;
  cleanup(): Promise<void>;
}

export type HarnessFactory = (initial: typeof conformanceInitial) => Promise<ConformanceHarness>;

export interface ConformanceCheck<W> {
  name: string;
  run(world: W): Promise<void>;
}

export const conformanceInitial = {
  value: JSON.stringify({
    apiUrl: 'https://api.prismacloud.io',
    accessKeyId: 'old-key-id',
    secretKey: 'old-secret-value-1234',
  }),
  metadata: {
    keyId: 'old-key-id',
    rotationId: 'r0',
    rotatedAt: '2026-01-01T00:00:00.000Z',
  } as RotationMetadata,
};

const newValue = JSON.stringify({
  apiUrl: 'https://api.prismacloud.io',
  accessKeyId: 'new-key-id',
  secretKey: 'new-secret-value-5678',
});
const newMeta: RotationMetadata = {
  keyId: 'new-key-id',
  previousKeyId: 'old-key-id',
  rotationId: 'r1',
  rotatedAt: '2026-02-01T00:00:00.000Z',
  keyExpiresOn: '2026-05-01T00:00:00.000Z',
  serviceAccount: 'sa-ci',
};
const failures = {
  consecutiveFailures: 2,
  lastFailure: '2026-02-01T00:00:00.000Z rolled_back verify_failed',
};

async function caught(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => undefined,
    (e: unknown) => e,
  );
}

/** The adapter on its own: reads, checks, writes, restores, tidies and bookkeeping against its backend. */
export const adapterChecks: ConformanceCheck<ConformanceHarness>[] = [
  {
    name: 'has a non-empty id and declares its capabilities',
    async run(h) {
      expect(h.adapter.id).toMatch(/\S/);
      expect(typeof h.adapter.capabilities.readable).toBe('boolean');
      expect(typeof h.adapter.capabilities.versioned).toBe('boolean');
      if (h.adapter.capabilities.versioned) expect(typeof h.adapter.disableVersion).toBe('function');
    },
  },
  {
    name: 'reads the current value, its metadata and the managed mark',
    async run(h) {
      const stored = await h.adapter.read();
      expect(stored.value).toBe(conformanceInitial.value);
      expect(stored.managed).toBe(true);
      expect(stored.metadata).toEqual(conformanceInitial.metadata);
      if (h.adapter.capabilities.versioned) expect(stored.version).toMatch(/\S/);
    },
  },
  {
    name: 'reads the managed mark and metadata without the value, as read() does',
    async run(h) {
      const header = await h.adapter.readMetadata();
      expect(header.managed).toBe(true);
      expect(header.metadata).toEqual(conformanceInitial.metadata);
      expect(JSON.stringify(header)).not.toContain('old-secret-value');
      const stored = await h.adapter.read();
      expect(header.metadata).toEqual(stored.metadata);
      expect(header.managed).toBe(stored.managed);
    },
  },
  {
    name: 'passes its read-only check on a healthy target, changing nothing',
    async run(h) {
      const before = await h.inspect();
      await h.adapter.read();
      await h.adapter.check();
      expect(await h.inspect()).toEqual(before);
    },
  },
  {
    name: 'reports a missing secret from readMetadata as not_found',
    async run(h) {
      const err = await caught(h.missing().readMetadata());
      expect(isKeyrollError(err) && err.code).toBe('not_found');
    },
  },
  {
    name: 'writes a new value with metadata that a later read returns',
    async run(h) {
      const before = await h.adapter.read();
      const receipt = await h.adapter.write(newValue, newMeta, {
        expiresOn: new Date('2026-04-24T00:00:00Z'),
      });
      const seen = await h.inspect();
      expect(seen.value).toBe(newValue);
      expect(seen.metadata).toEqual(newMeta);
      expect(seen.managed).not.toBe(false);
      const after = await h.adapter.read();
      expect(after.value).toBe(newValue);
      expect(after.metadata).toEqual(newMeta);
      expect(after.managed).toBe(true);
      if (h.adapter.capabilities.versioned) {
        expect(receipt.version).toMatch(/\S/);
        expect(receipt.version).not.toBe(before.version);
        expect(after.version).toBe(receipt.version);
      }
    },
  },
  {
    name: 'a write replaces the metadata: fields it does not set do not linger',
    async run(h) {
      await h.adapter.read();
      await h.adapter.write(newValue, newMeta);
      await h.adapter.write(conformanceInitial.value, { keyId: 'old-key-id' });
      expect((await h.inspect()).metadata).toEqual({ keyId: 'old-key-id' });
      expect((await h.adapter.readMetadata()).metadata).toEqual({ keyId: 'old-key-id' });
    },
  },
  {
    name: 'restores a previous state after a write: value, metadata and managed mark',
    async run(h) {
      const before: StoredSecret = await h.adapter.read();
      await h.adapter.write(newValue, newMeta);
      await h.adapter.restore(before);
      const seen = await h.inspect();
      expect(seen.value).toBe(conformanceInitial.value);
      expect(seen.metadata).toEqual(conformanceInitial.metadata);
      expect(seen.managed).not.toBe(false);
      const after = await h.adapter.read();
      expect(after.value).toBe(conformanceInitial.value);
      expect(after.metadata).toEqual(conformanceInitial.metadata);
      expect(after.managed).toBe(true);
      expect((await h.adapter.readMetadata()).managed).toBe(true);
    },
  },
  {
    name: 'disables a superseded version without touching the current one (versioned stores)',
    async run(h) {
      if (!h.adapter.capabilities.versioned) return expect(h.adapter.disableVersion).toBeUndefined();
      const before = await h.adapter.read();
      const receipt = await h.adapter.write(newValue, newMeta);
      await h.adapter.disableVersion!(before.version!);
      const seen = await h.inspect();
      expect(seen.enabledVersions).toBeDefined();
      expect(seen.enabledVersions).not.toContain(before.version);
      expect(seen.enabledVersions).toContain(receipt.version);
      expect((await h.adapter.read()).value).toBe(newValue);
    },
  },
  {
    name: 'readPrevious (optional, for undo): after a write, the earlier value or nothing; never the current one, and the backend as it was',
    async run(h) {
      if (!h.adapter.readPrevious) return;
      const before = await h.adapter.read();
      await h.adapter.write(newValue, newMeta);
      // Also after the superseded version was tidied (disabled), as after the old key's retirement.
      for (const tidy of [false, true]) {
        if (tidy && before.version) await h.adapter.disableVersion?.(before.version);
        const seen = await h.inspect();
        const previous = await (h.open?.() ?? h.adapter).readPrevious!('old-key-id');
        if (previous) {
          expect(previous.value).toBe(conformanceInitial.value);
          expect(previous.version).toMatch(/\S/);
        }
        expect(await h.inspect()).toEqual(seen);
        expect((await h.adapter.read()).value).toBe(newValue);
      }
    },
  },
  {
    name: 'writes failure bookkeeping only: value, metadata and managed mark stay, and both reads return it',
    async run(h) {
      expect(typeof h.adapter.writeBookkeeping, 'writeBookkeeping is implemented').toBe('function');
      const before = await h.inspect();
      await h.adapter.read();
      await h.adapter.writeBookkeeping!({ consecutiveFailures: 1, lastFailure: 'first' });
      await h.adapter.writeBookkeeping!(failures);
      expect(await h.inspect()).toEqual(before);
      expect((await h.adapter.readMetadata()).bookkeeping).toEqual(failures);
      const fresh = h.open?.() ?? h.adapter;
      const header = await fresh.readMetadata();
      expect(header.bookkeeping).toEqual(failures);
      expect(header.managed).toBe(true);
      expect(header.metadata).toEqual(conformanceInitial.metadata);
      const stored = await fresh.read();
      expect(stored.bookkeeping).toEqual(failures);
      expect(stored.managed).toBe(true);
      expect(stored.value).toBe(conformanceInitial.value);
    },
  },
  {
    name: 'a successful write resets the failure bookkeeping',
    async run(h) {
      await h.adapter.read();
      await h.adapter.writeBookkeeping?.(failures);
      await h.adapter.write(newValue, newMeta);
      const header = await (h.open?.() ?? h.adapter).readMetadata();
      expect(header.bookkeeping?.consecutiveFailures ?? 0).toBe(0);
      expect(header.bookkeeping?.lastFailure).toBeUndefined();
      expect(header.managed).toBe(true);
    },
  },
  {
    name: 'restore puts back the failure bookkeeping it read',
    async run(h) {
      await h.adapter.read();
      expect(typeof h.adapter.writeBookkeeping, 'writeBookkeeping is implemented').toBe('function');
      await h.adapter.writeBookkeeping!(failures);
      const before = await h.adapter.read();
      await h.adapter.write(newValue, newMeta);
      await h.adapter.restore(before);
      const header = await (h.open?.() ?? h.adapter).readMetadata();
      expect(header.bookkeeping).toEqual(failures);
      expect(header.managed).toBe(true);
      expect(header.metadata).toEqual(conformanceInitial.metadata);
    },
  },
  {
    name: 'reports a missing secret as a not_found VaultError without leaking values',
    async run(h) {
      const err = await caught(h.missing().read());
      expect(isKeyrollError(err)).toBe(true);
      if (isKeyrollError(err)) {
        expect(err.code).toBe('not_found');
        expect(err.name).toBe('VaultError');
        expect(err.message).not.toContain('secret-value');
      }
    },
  },
];

/** Runs `checks` against fresh worlds, one each, and returns the failures by check name. */
export async function runChecks<W>(
  checks: ConformanceCheck<W>[],
  open: () => Promise<W>,
  close: (world: W) => Promise<void>,
): Promise<Map<string, unknown>> {
  const failed = new Map<string, unknown>();
  for (const check of checks) {
    const world = await open();
    try {
      await check.run(world);
    } catch (err) {
      failed.set(check.name, err);
    } finally {
      await close(world);
    }
  }
  return failed;
}

/** Every check, on the adapter and through the engine; returns the names of those that failed. */
export async function runConformanceChecks(createHarness: HarnessFactory): Promise<Map<string, unknown>> {
  const own = await runChecks(
    adapterChecks,
    () => createHarness(conformanceInitial),
    (h) => h.cleanup(),
  );
  const engine = await runChecks(
    engineChecks,
    () => startEngineWorld(createHarness),
    (w) => w.close(),
  );
  return new Map([...own, ...[...engine].map(([name, err]) => [`engine: ${name}`, err] as const)]);
}

export function describeVaultAdapterConformance(name: string, createHarness: HarnessFactory): void {
  describe(`VaultAdapter conformance: ${name}`, () => {
    for (const check of adapterChecks) {
      it(check.name, async () => {
        const h = await createHarness(conformanceInitial);
        try {
          await check.run(h);
        } finally {
          await h.cleanup();
        }
      });
    }
  });
  describe(`VaultAdapter conformance through the engine: ${name}`, () => {
    for (const check of engineChecks) {
      it(check.name, async () => {
        const w: EngineWorld = await startEngineWorld(createHarness);
        try {
          await check.run(w);
        } finally {
          await w.close();
        }
      });
    }
  });
}
