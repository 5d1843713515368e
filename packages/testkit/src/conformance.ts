import type { RotationMetadata, StoredSecret, VaultAdapter } from '@keyroll/core';
import { isKeyrollError } from '@keyroll/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/**
 * The one contract every VaultAdapter must keep. Each adapter's test file calls
 * `describeVaultAdapterConformance` with a harness that seeds a real backend (a file, or a fake server
 * spoken to by the real SDK) and can inspect it directly, bypassing the adapter.
 */
export interface ConformanceHarness {
  /** An adapter bound to a secret that already holds `initial` (value + metadata), marked managed. */
  adapter: VaultAdapter;
  /** What the backend holds now, read around the adapter (for write-only stores the fake decrypts). */
  inspect(): Promise<{ value: string | undefined; metadata: RotationMetadata; enabledVersions?: string[] }>;
  /** An adapter bound to a secret that does not exist. */
  missing(): VaultAdapter;
  cleanup(): Promise<void>;
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

export function describeVaultAdapterConformance(
  name: string,
  createHarness: (initial: typeof conformanceInitial) => Promise<ConformanceHarness>,
): void {
  describe(`VaultAdapter conformance: ${name}`, () => {
    let h: ConformanceHarness;
    beforeEach(async () => {
      h = await createHarness(conformanceInitial);
    });
    afterEach(async () => {
      await h.cleanup();
    });

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

    it('has a non-empty id and declares its capabilities', () => {
      expect(h.adapter.id).toMatch(/\S/);
      expect(typeof h.adapter.capabilities.readable).toBe('boolean');
      expect(typeof h.adapter.capabilities.versioned).toBe('boolean');
      if (h.adapter.capabilities.versioned) expect(typeof h.adapter.disableVersion).toBe('function');
    });

    it('reads the current value, its metadata and the managed mark', async () => {
      const stored = await h.adapter.read();
      expect(stored.value).toBe(conformanceInitial.value);
      expect(stored.managed).toBe(true);
      expect(stored.metadata.keyId).toBe('old-key-id');
      if (h.adapter.capabilities.versioned) expect(stored.version).toMatch(/\S/);
    });

    it('reads the managed mark and metadata without the value, as read() does', async () => {
      const header = await h.adapter.readMetadata();
      expect(header.managed).toBe(true);
      expect(header.metadata.keyId).toBe('old-key-id');
      expect(JSON.stringify(header)).not.toContain('old-secret-value');
      const stored = await h.adapter.read();
      expect(header.metadata).toEqual(stored.metadata);
    });

    it('passes its read-only check on a healthy target, changing nothing', async () => {
      await h.adapter.read();
      await h.adapter.check();
      const seen = await h.inspect();
      expect(seen.value).toBe(conformanceInitial.value);
      expect(seen.metadata.keyId).toBe('old-key-id');
    });

    it('reports a missing secret from readMetadata as not_found', async () => {
      const err = await h
        .missing()
        .readMetadata()
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(isKeyrollError(err) && err.code).toBe('not_found');
    });

    it('writes a new value with metadata that a later read returns', async () => {
      const before = await h.adapter.read();
      const receipt = await h.adapter.write(newValue, newMeta, {
        expiresOn: new Date('2026-04-24T00:00:00Z'),
      });
      const seen = await h.inspect();
      expect(seen.value).toBe(newValue);
      expect(seen.metadata).toMatchObject(newMeta);
      const after = await h.adapter.read();
      expect(after.value).toBe(newValue);
      expect(after.metadata).toMatchObject(newMeta);
      if (h.adapter.capabilities.versioned) {
        expect(receipt.version).toMatch(/\S/);
        expect(receipt.version).not.toBe(before.version);
        expect(after.version).toBe(receipt.version);
      }
    });

    it('restores a previous state after a write', async () => {
      const before: StoredSecret = await h.adapter.read();
      await h.adapter.write(newValue, newMeta);
      await h.adapter.restore(before);
      const seen = await h.inspect();
      expect(seen.value).toBe(conformanceInitial.value);
      expect(seen.metadata.keyId).toBe('old-key-id');
      const after = await h.adapter.read();
      expect(after.value).toBe(conformanceInitial.value);
      expect(after.metadata.keyId).toBe('old-key-id');
    });

    it('disables a superseded version without touching the current one (versioned stores)', async () => {
      if (!h.adapter.capabilities.versioned) return expect(h.adapter.disableVersion).toBeUndefined();
      const before = await h.adapter.read();
      const receipt = await h.adapter.write(newValue, newMeta);
      await h.adapter.disableVersion!(before.version!);
      const seen = await h.inspect();
      expect(seen.enabledVersions).toBeDefined();
      expect(seen.enabledVersions).not.toContain(before.version);
      expect(seen.enabledVersions).toContain(receipt.version);
      expect((await h.adapter.read()).value).toBe(newValue);
    });

    it('reports a missing secret as a not_found VaultError without leaking values', async () => {
      const err = await h
        .missing()
        .read()
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(isKeyrollError(err)).toBe(true);
      if (isKeyrollError(err)) {
        expect(err.code).toBe('not_found');
        expect(err.name).toBe('VaultError');
        expect(err.message).not.toContain('secret-value');
      }
    });
  });
}
