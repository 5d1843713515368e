/**
 * `keyroll undo` without --previous-from: the old value comes from the primary itself, through the optional
 * VaultAdapter.readPrevious — Secrets Manager's AWSPREVIOUS, the Key Vault version tagged with the previous
 * key id, the Secret Manager version before the newest (a disabled one is enabled for the read and disabled
 * again). The value must name exactly the previous key of the primary's metadata, or undo refuses and
 * changes nothing. Real SDKs against the local fakes and the Prisma Cloud simulator.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '@keyroll/cli';
import {
  type Credential,
  createLogger,
  InMemoryLockProvider,
  isKeyrollError,
  type LogRecord,
  memorySink,
  rotateCredential,
  type VaultAdapter,
} from '@keyroll/core';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import { undoRotation } from '@keyroll/runtime/oncall';
import {
  type KeyVaultFake,
  type PrismaSimulator,
  type SecretManagerFake,
  startKeyVaultFake,
  startPrismaSimulator,
  startSecretManagerFake,
} from '@keyroll/testkit';
import { AzureKeyVaultAdapter, type TokenCredential, tagsFor } from '@keyroll/vault-azure-keyvault';
import { applyMetadata, GcpSecretManagerAdapter } from '@keyroll/vault-gcp-secret-manager';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AwsWorld, startAwsWorld } from '../packages/vault-aws-secrets-manager/test/harness.ts';
import { assertNoLeak } from './helpers/world.ts';

let sim: PrismaSimulator;
let records: LogRecord[];
beforeEach(async () => {
  sim = await startPrismaSimulator();
  records = [];
});
afterEach(async () => {
  assertNoLeak(
    records.map((r) => JSON.stringify(r)),
    [...sim.mintedSecrets(), ...sim.issuedTokens()],
  );
  await sim.close();
});

const issuer = () =>
  new PrismaCloudIssuer({
    allowedOrigins: [sim.url],
    retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
  });
const logger = () => {
  const sink = memorySink();
  records = sink.records;
  return createLogger({ sink, level: 'debug' });
};
const status = (owner: string, id: string) => sim.keys(owner).find((k) => k.id === id)?.status;

/** A rotation with no grace: the old key is deactivated and its version tidied, as after a retire. */
async function rotate(target: VaultAdapter, graceHours = 0) {
  const result = await rotateCredential(
    { targets: [target], trigger: { kind: 'manual' }, force: true },
    {
      issuer: issuer(),
      policy: { graceHours, minAgeHours: 0, verifyBaseDelayMs: 1 },
      logger: logger(),
      allowedApiOrigins: [sim.url],
    },
  );
  expect(result.outcome, result.message).toBe('rotated');
  return result;
}

const undo = (target: VaultAdapter) =>
  undoRotation({
    targets: [target],
    issuer: issuer(),
    lock: new InMemoryLockProvider(),
    logger: logger(),
    mode: 'self',
    allowedApiOrigins: [sim.url],
  });

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isKeyrollError(err), String(err)).toBe(true);
  return err as { code: string; message: string };
}

describe('undo reads the old value from a Key Vault primary', () => {
  const VAULT = 'kv-undo';
  const SECRET = 'prisma-undo';
  let kv: KeyVaultFake;
  const credential: TokenCredential = {
    getToken: async () => ({ token: 'static-test-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
  };
  const open = () =>
    new AzureKeyVaultAdapter({
      vaultUrl: kv.vaultUrl(VAULT),
      secretName: SECRET,
      credential,
      clientOptions: { agent: kv.agent, retryOptions: { maxRetries: 0 } },
    });
  beforeEach(async () => {
    kv = await startKeyVaultFake();
  });
  afterEach(async () => {
    await kv.close();
  });
  const seed = (account: string): Credential => {
    const cred = sim.addServiceAccount(account);
    kv.seed(VAULT, SECRET, JSON.stringify(cred), {
      tags: tagsFor({ keyId: cred.accessKeyId }, true),
      contentType: 'application/json',
    });
    return cred;
  };

  it('finds the version tagged with the previous key, enables it for the read, disables it again, restores', async () => {
    const old = seed('kv-undo-a');
    const rotated = await rotate(open());
    const superseded = () => kv.versions(VAULT, SECRET).find((v) => v.value.includes(old.accessKeyId))!;
    expect(superseded().enabled).toBe(false); // tidied when the old key was retired
    expect(status('kv-undo-a', old.accessKeyId)).toBe('inactive');

    const result = await undo(open());
    expect(result.outcome, result.message).toBe('restored');
    expect(result.previousFrom).toContain('enabled for the read and disabled again');
    expect(status('kv-undo-a', old.accessKeyId)).toBe('active');
    const latest = JSON.parse(kv.latest(VAULT, SECRET)!.value) as Credential;
    expect(latest.accessKeyId).toBe(old.accessKeyId);
    expect(sim.canLogin(latest.accessKeyId, latest.secretKey)).toBe(true);
    expect(superseded().enabled).toBe(false); // the old version was disabled again
    expect(status('kv-undo-a', rotated.newKeyId!)).toBe('active'); // the newer key keeps working
  });

  it('a version whose value names another key than its tag says is refused, and nothing changes', async () => {
    const old = seed('kv-undo-b');
    await rotate(open());
    // A vault that lies: the version tagged with the old key answers with another account's key.
    const other = sim.addServiceAccount('kv-undo-other');
    const oldVersion = kv.versions(VAULT, SECRET).find((v) => v.value.includes(old.accessKeyId))!;
    kv.faults.add({
      match: (call, detail) =>
        call === 'GetSecret' && (detail as { version?: string }).version === oldVersion.version,
      kind: 'rewrite',
      rewrite: ({ status, body }) => ({
        status,
        body: { ...(body as object), value: JSON.stringify(other) },
      }),
    });
    const before = kv.versions(VAULT, SECRET);
    const err = await refusal(undo(open()));
    expect(err.code).toBe('not_the_previous_key');
    expect(err.message).toContain(`the previous key of azure-keyvault:`);
    expect(err.message).toContain(old.accessKeyId);
    expect(status('kv-undo-b', old.accessKeyId)).toBe('inactive');
    // No new version; the old one enabled for the read and disabled again.
    expect(kv.versions(VAULT, SECRET).map((v) => [v.version, v.value, v.enabled])).toEqual(
      before.map((v) => [v.version, v.value, v.enabled]),
    );
  });
});

describe('undo reads the old value from a Secret Manager primary', () => {
  const SECRET = 'projects/acme-prod/secrets/prisma-undo';
  let sm: SecretManagerFake;
  const open = () =>
    new GcpSecretManagerAdapter({
      secret: SECRET,
      clientOptions: sm.clientOptions,
      callOptions: { retry: null, timeout: 5_000 },
    });
  beforeEach(async () => {
    sm = await startSecretManagerFake();
  });
  afterEach(async () => {
    await sm.close();
  });
  const seed = (account: string): Credential => {
    const cred = sim.addServiceAccount(account);
    sm.seed(SECRET, {
      value: JSON.stringify(cred),
      labels: { 'keyroll-managed': 'true' },
      annotations: applyMetadata({}, { keyId: cred.accessKeyId }),
    });
    return cred;
  };

  it('takes the version before the newest, enables it for the read, disables it again, restores', async () => {
    const old = seed('sm-undo-a');
    const adapter = open();
    await rotate(adapter);
    await adapter.close();
    expect(sm.versions(SECRET).map((v) => v.state)).toEqual(['DISABLED', 'ENABLED']);
    const target = open();
    const result = await undo(target);
    await target.close();
    expect(result.outcome, result.message).toBe('restored');
    expect(result.previousFrom).toMatch(/versions\/1, enabled for the read and disabled again/);
    expect(status('sm-undo-a', old.accessKeyId)).toBe('active');
    expect((JSON.parse(sm.latestValue(SECRET)!) as Credential).accessKeyId).toBe(old.accessKeyId);
    expect(sm.versions(SECRET).map((v) => v.state)).toEqual(['DISABLED', 'ENABLED', 'ENABLED']);
  });

  it('refuses when the version before the newest holds another key than the metadata names; nothing changes', async () => {
    const old = seed('sm-undo-b');
    const adapter = open();
    await rotate(adapter);
    // The metadata names a key the superseded version does not hold.
    const stranger = sim.addServiceAccount('sm-undo-stranger');
    const secret = sm.secret(SECRET);
    secret.annotations = applyMetadata(secret.annotations, {
      keyId: JSON.parse(sm.latestValue(SECRET)!).accessKeyId,
      previousKeyId: stranger.accessKeyId,
    });
    await adapter.close();
    const latestBefore = sm.latestValue(SECRET);
    const target = open();
    const err = await refusal(undo(target));
    await target.close();
    expect(err.code).toBe('not_the_previous_key');
    expect(err.message).toContain(`holds key ${old.accessKeyId}`);
    expect(status('sm-undo-stranger', stranger.accessKeyId)).toBe('active');
    expect(status('sm-undo-b', old.accessKeyId)).toBe('inactive');
    expect(sm.latestValue(SECRET)).toBe(latestBefore);
    expect(sm.versions(SECRET).map((v) => v.state)).toEqual(['DISABLED', 'ENABLED']);
  });
});

describe('undo reads the old value from a Secrets Manager primary', () => {
  let aws: AwsWorld;
  beforeEach(async () => {
    aws = await startAwsWorld();
  });
  afterEach(async () => {
    await aws.close();
  });
  const seed = (account: string): { arn: string; cred: Credential } => {
    const cred = sim.addServiceAccount(account);
    const arn = aws.sm.seed(`prod/${account}`, {
      value: JSON.stringify(cred),
      tags: { 'keyroll-managed': 'true', 'keyroll-key-id': cred.accessKeyId },
    });
    return { arn, cred };
  };

  it('within the grace: AWSPREVIOUS holds it, undo restores from it', async () => {
    const { arn, cred } = seed('aws-undo-a');
    await rotate(aws.open(arn), 24);
    const result = await undo(aws.open(arn));
    expect(result.outcome, result.message).toBe('restored');
    expect(result.previousFrom).toContain('(AWSPREVIOUS)');
    expect((JSON.parse(aws.sm.valueAt(arn)!) as Credential).accessKeyId).toBe(cred.accessKeyId);
  });

  it('after the retire tidied AWSPREVIOUS away: refused with a clear message, nothing changed', async () => {
    const { arn, cred } = seed('aws-undo-b');
    await rotate(aws.open(arn), 0);
    const before = aws.sm.valueAt(arn);
    const err = await refusal(undo(aws.open(arn)));
    expect(err.code).toBe('previous_value_gone');
    expect(err.message).toContain(`no longer holds the value of key ${cred.accessKeyId}`);
    expect(err.message).toContain('--previous-from');
    expect(aws.sm.valueAt(arn)).toBe(before);
    expect(status('aws-undo-b', cred.accessKeyId)).toBe('inactive');
  });
});

describe('undo with a primary that keeps nothing (a file)', () => {
  it('without --previous-from is refused before anything is read, naming the override', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyroll-undo-'));
    try {
      const path = join(dir, 'key.json');
      await writeFile(path, JSON.stringify(sim.addServiceAccount('file-undo')));
      let stdout = '';
      let stderr = '';
      const code = await runCli(['rotate', '--vault', `file:${path}`, '--force'], {
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: (s: string) => (stderr += s) },
        env: { KEYROLL_ALLOWED_API_ORIGINS: sim.url },
      });
      expect(code, stderr).toBe(0);
      const before = await readFile(path, 'utf8');
      stderr = '';
      const r = await runCli(['undo', '--vault', `file:${path}`], {
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: (s: string) => (stderr += s) },
        env: { KEYROLL_ALLOWED_API_ORIGINS: sim.url },
      });
      records.push({ msg: stdout + stderr } as LogRecord);
      expect(r).toBe(2);
      expect(stderr).toContain('keeps no earlier value keyroll can read');
      expect(stderr).toContain('--previous-from');
      expect(await readFile(path, 'utf8')).toBe(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
