import { isKeyrollError, type KeyrollError, mayHaveApplied } from '@keyroll/core';
import { type SecretManagerFake, startSecretManagerFake } from '@keyroll/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMetadata, crc32c, GcpSecretManagerAdapter, LOCK_ANNOTATION } from '../src/index.ts';

const SECRET = 'projects/acme-prod/secrets/prisma-sa';
const value = (id: string, key = `${id}-secret-material-0000`) =>
  JSON.stringify({ apiUrl: 'https://api.prismacloud.io', accessKeyId: id, secretKey: key });

async function failure(p: Promise<unknown>): Promise<KeyrollError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isKeyrollError(err)).toBe(true);
  return err as KeyrollError;
}

describe('GcpSecretManagerAdapter against the gRPC fake', () => {
  let fake: SecretManagerFake;
  let adapter: GcpSecretManagerAdapter;

  beforeEach(async () => {
    fake = await startSecretManagerFake();
    fake.seed(SECRET, {
      value: value('old-key'),
      labels: { 'keyroll-managed': 'true' },
      annotations: applyMetadata({ owner: 'team-sec' }, { keyId: 'old-key' }),
    });
    // No gax retries: a fault must surface on the first attempt.
    adapter = new GcpSecretManagerAdapter({
      secret: SECRET,
      clientOptions: fake.clientOptions,
      callOptions: { retry: null, timeout: 2_000 },
    });
  });
  afterEach(async () => {
    await adapter.close();
    await fake.close();
  });

  it('computes CRC-32C (Castagnoli) correctly', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(32))).toBe(0x8a9136aa);
  });

  it('sends a CRC-32C with every new version, which the service checks', async () => {
    await adapter.write(value('new-key'), { keyId: 'new-key' });
    const add = fake.calls.find((c) => c.method === 'AddSecretVersion')!;
    const payload = add.request.payload as { data: Buffer; dataCrc32c: string };
    expect(Number(payload.dataCrc32c)).toBe(crc32c(payload.data));
    expect(fake.versions(SECRET).at(-1)!.clientSpecifiedPayloadChecksum).toBe(true);
  });

  it('rejects an access whose bytes do not match their checksum', async () => {
    fake.transformResponse = (method, response) => {
      if (method !== 'AccessSecretVersion') return response;
      const r = response as { payload: { data: Buffer } };
      return { ...r, payload: { ...r.payload, data: Buffer.concat([r.payload.data, Buffer.from(' ')]) } };
    };
    const err = await failure(adapter.read());
    expect(err.code).toBe('checksum_mismatch');
    expect(err.retryable).toBe(true);
  });

  it('uses `latest` only to learn the current version, then explicit version names', async () => {
    const before = await adapter.read();
    expect(before.version).toMatch(/^projects\/\d+\/secrets\/prisma-sa\/versions\/1$/);
    await adapter.write(value('new-key'), { keyId: 'new-key' });
    await adapter.disableVersion(before.version!);
    const named = fake.calls
      .filter((c) => ['DisableSecretVersion', 'AccessSecretVersion'].includes(c.method))
      .map((c) => `${c.method} ${String(c.request.name)}`);
    expect(named.filter((n) => n.startsWith('DisableSecretVersion'))).toEqual([
      `DisableSecretVersion ${before.version}`,
    ]);
    expect(named.filter((n) => n.startsWith('AccessSecretVersion')).every((n) => n.endsWith('/latest'))).toBe(
      true,
    );
  });

  it('keeps other annotations and the labels, and never stores secret material in them', async () => {
    await adapter.write(value('new-key', 'new-key-secret-material-9999'), {
      keyId: 'new-key',
      previousKeyId: 'old-key',
      rotationId: 'r1',
      rotatedAt: '2026-02-01T00:00:00.000Z',
    });
    const secret = fake.secret(SECRET);
    expect(secret.annotations.owner).toBe('team-sec');
    expect(secret.labels).toEqual({ 'keyroll-managed': 'true' });
    expect(JSON.stringify([secret.annotations, secret.labels])).not.toContain('secret-material');
  });

  it('removes metadata fields the new state does not set', async () => {
    await adapter.write(value('k2'), { keyId: 'k2', previousKeyId: 'old-key' });
    await adapter.write(value('k3'), { keyId: 'k3' });
    expect((await adapter.read()).metadata).toEqual({ keyId: 'k3' });
  });

  it('disables, never destroys, and refuses to disable the newest version', async () => {
    const first = (await adapter.read()).version!;
    const { version: second } = await adapter.write(value('new-key'), { keyId: 'new-key' });
    const err = await failure(adapter.disableVersion(second!));
    expect(err.code).toBe('refused_disable_latest');
    await adapter.disableVersion(first);
    await adapter.disableVersion('1'); // already disabled (a bare id works too): no-op
    expect(fake.versions(SECRET).map((v) => v.state)).toEqual(['DISABLED', 'ENABLED']);
    expect(fake.calls.filter((c) => c.method === 'DisableSecretVersion')).toHaveLength(1);
    expect(fake.calls.some((c) => c.method === 'DestroySecretVersion')).toBe(false);
  });

  it('refuses to disable a version of a same-named secret in another project', async () => {
    fake.seed('projects/999/secrets/prisma-sa', { value: value('theirs') });
    fake.seed('projects/424242/secrets/prisma-sa', { value: value('other') });
    fake.seed('projects/evil-proj/secrets/prisma-sa', { value: value('evil') });
    await adapter.write(value('new-key'), { keyId: 'new-key' });
    for (const other of ['projects/999', 'projects/424242', 'projects/evil-proj']) {
      const err = await failure(adapter.disableVersion(`${other}/secrets/prisma-sa/versions/1`));
      expect(err.code).toBe('foreign_version');
    }
    expect(fake.calls.some((c) => c.method === 'DisableSecretVersion')).toBe(false);
  });

  it('restores by adding the old value as a new version and disables the abandoned one', async () => {
    const before = await adapter.read();
    await adapter.write(value('new-key'), { keyId: 'new-key', previousKeyId: 'old-key' });
    await adapter.restore(before);
    expect(fake.latestValue(SECRET)).toBe(value('old-key'));
    expect(fake.versions(SECRET).map((v) => v.state)).toEqual(['ENABLED', 'DISABLED', 'ENABLED']);
    expect((await adapter.read()).metadata).toEqual({ keyId: 'old-key' });
  });

  it('restores without a new version when the write never landed', async () => {
    const before = await adapter.read();
    fake.faults.add({ match: 'AddSecretVersion', kind: 'error', status: 7 });
    await failure(adapter.write(value('new-key'), { keyId: 'new-key' }));
    await adapter.restore(before);
    expect(fake.versions(SECRET)).toHaveLength(1);
  });

  it('a refused metadata update after the version was added is a partial write: restored, never skipped', async () => {
    const before = await adapter.read();
    fake.faults.add({ match: 'UpdateSecret', kind: 'error', status: 7 });
    const err = await failure(adapter.write(value('new-key'), { keyId: 'new-key' }));
    expect(err.code).toBe('partial_write');
    expect(mayHaveApplied(err)).toBe(true);
    await adapter.restore(before);
    expect(fake.latestValue(SECRET)).toBe(value('old-key'));
  });

  it('reports a disabled newest version clearly instead of reading an older one', async () => {
    const { version } = await adapter.write(value('new-key'), { keyId: 'new-key' });
    fake.state.setVersionState(version!, 'DISABLED');
    const err = await failure(adapter.read());
    expect(err.code).toBe('latest_version_not_enabled');
  });

  it('reports a secret without versions', async () => {
    fake.seed('projects/acme-prod/secrets/empty', {});
    const empty = new GcpSecretManagerAdapter({
      secret: 'projects/acme-prod/secrets/empty',
      client: undefined,
      clientOptions: fake.clientOptions,
    });
    const err = await failure(empty.read());
    await empty.close();
    expect(err.code).toBe('no_versions');
    expect(err.category).toBe('not_found');
  });

  it('marks a secret managed by its label or by configuration', async () => {
    fake.seed('projects/acme-prod/secrets/unlabelled', { value: value('x') });
    const plain = new GcpSecretManagerAdapter({
      secret: 'projects/acme-prod/secrets/unlabelled',
      clientOptions: fake.clientOptions,
    });
    const listed = new GcpSecretManagerAdapter({
      secret: 'projects/acme-prod/secrets/unlabelled',
      clientOptions: fake.clientOptions,
      managedByConfiguration: true,
    });
    expect((await plain.read()).managed).toBe(false);
    expect((await listed.read()).managed).toBe(true);
    expect((await adapter.read()).managed).toBe(true);
    await Promise.all([plain.close(), listed.close()]);
  });

  it('re-reads and retries when the etag changed under an annotation update', async () => {
    // Another writer changes the secret between our GetSecret and our UpdateSecret.
    fake.faults.add({
      match: 'UpdateSecret',
      kind: 'delay',
      delayMs: 0,
      onHit: () => {
        const s = fake.secret(SECRET);
        fake.state.updateSecret(SECRET, { annotations: { ...s.annotations, [LOCK_ANNOTATION]: 'other|1' } }, [
          'annotations',
        ]);
      },
    });
    await adapter.write(value('new-key'), { keyId: 'new-key' });
    const annotations = fake.secret(SECRET).annotations;
    expect(annotations['keyroll-key-id']).toBe('new-key');
    expect(annotations[LOCK_ANNOTATION]).toBe('other|1'); // the concurrent change survived
    const updates = fake.calls.filter((c) => c.method === 'UpdateSecret');
    expect(updates).toHaveLength(2);
  });

  it('resolves a lost answer to AddSecretVersion by looking at latest (drop after apply)', async () => {
    fake.faults.add({ match: 'AddSecretVersion', kind: 'drop-after-apply' });
    const receipt = await adapter.write(value('new-key'), { keyId: 'new-key' });
    expect(fake.versions(SECRET)).toHaveLength(2);
    expect(receipt.version).toMatch(/\/versions\/2$/);
    expect(fake.latestValue(SECRET)).toBe(value('new-key'));
  });

  it('reports a timed-out add that did not happen as ambiguous, adding nothing', async () => {
    const slow = new GcpSecretManagerAdapter({
      secret: SECRET,
      clientOptions: fake.clientOptions,
      callOptions: { retry: null, timeout: 300 },
    });
    fake.faults.add({ match: 'AddSecretVersion', kind: 'timeout' });
    const err = await failure(slow.write(value('new-key'), { keyId: 'new-key' }));
    await slow.close();
    expect(err.category).toBe('ambiguous');
    expect(fake.versions(SECRET)).toHaveLength(1);
  });

  it('maps service errors to VaultErrors without secret material', async () => {
    fake.faults.add({ match: 'GetSecret', kind: 'error', status: 7, body: 'Permission denied on secret' });
    const denied = await failure(adapter.read());
    expect(denied.name).toBe('VaultError');
    expect(denied.category).toBe('permission');
    fake.faults.add({ match: 'AddSecretVersion', kind: 'error', status: 8 });
    const limited = await failure(adapter.write(value('k', 'k-secret-material-1234'), { keyId: 'k' }));
    expect(limited.category).toBe('rate_limited');
    expect(JSON.stringify(limited.toJSON())).not.toContain('secret-material');
    expect(fake.versions(SECRET)).toHaveLength(1);
  });

  it('fails a write to a missing secret as not_found before adding anything', async () => {
    const missing = new GcpSecretManagerAdapter({
      secret: 'projects/acme-prod/secrets/gone',
      clientOptions: fake.clientOptions,
    });
    const err = await failure(missing.write(value('k'), { keyId: 'k' }));
    await missing.close();
    expect(err.code).toBe('not_found');
    expect(fake.calls.some((c) => c.method === 'AddSecretVersion')).toBe(false);
  });

  it('rejects a malformed secret name at construction', () => {
    expect(() => new GcpSecretManagerAdapter({ secret: 'prisma-sa' })).toThrow(
      /projects\/<project>\/secrets/,
    );
  });
});
