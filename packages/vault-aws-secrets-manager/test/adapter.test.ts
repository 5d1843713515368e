import {
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { isKeyrollError, type KeyrollError, mayHaveApplied } from '@keyroll/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkAwsSecretsManagerTarget,
  isSameSecret,
  MANAGED_TAG,
  parseSecretId,
  problemsOf,
  TAG_KEYS,
} from '../src/index.ts';
import { type AwsWorld, oneShot, startAwsWorld } from './harness.ts';

const NAME = 'prod/keyroll/prisma-sa';
const value = (id: string, key = `${id}-secret-material-0000`) =>
  JSON.stringify({ apiUrl: 'https://api.prismacloud.io', accessKeyId: id, secretKey: key });
const managedTags = { [MANAGED_TAG]: 'true', [TAG_KEYS.keyId]: 'old-key', owner: 'team-sec' };

async function failure(p: Promise<unknown>): Promise<KeyrollError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isKeyrollError(err)).toBe(true);
  return err as KeyrollError;
}

describe('AwsSecretsManagerAdapter against the JSON-protocol fake', () => {
  let world: AwsWorld;
  let arn: string;

  beforeEach(async () => {
    world = await startAwsWorld();
    arn = world.sm.seed(NAME, { value: value('old-key'), tags: managedTags });
  });
  afterEach(async () => {
    await world.close();
  });

  const stagesOf = () => world.sm.versions(NAME).map((v) => v.stages.sort());

  it('reaches the fake only through the SDK default chain: env endpoint and container credentials', async () => {
    await world.open(NAME).read();
    expect(world.creds.requests.length).toBeGreaterThan(0);
    expect(world.creds.requests.every((r) => r.authorized)).toBe(true);
    expect(world.sm.requests.length).toBeGreaterThan(0);
    for (const r of world.sm.requests) expect(world.creds.issued.has(r.accessKeyId ?? '')).toBe(true);
  });

  it('reads tags before the value, and never fetches the value of an unmanaged secret (R4)', async () => {
    world.sm.seed('prod/other', { value: value('theirs'), tags: { owner: 'someone' } });
    const stored = await world.open('prod/other').read();
    expect(stored).toMatchObject({ managed: false, value: undefined });
    expect(world.sm.calls('GetSecretValue')).toHaveLength(0);
    expect(world.sm.calls('DescribeSecret')).toHaveLength(1);

    const listed = await world.open('prod/other', { managedByConfiguration: true }).read();
    expect(listed.value).toBe(value('theirs'));
    const ops = world.sm.requests.map((r) => r.operation);
    expect(ops.indexOf('DescribeSecret')).toBeLessThan(ops.indexOf('GetSecretValue'));
  });

  it('reads AWSCURRENT by version id and label together', async () => {
    const stored = await world.open(NAME).read();
    const current = world.sm.versions(NAME).find((v) => v.stages.includes('AWSCURRENT'))!;
    expect(stored).toMatchObject({ value: value('old-key'), version: current.id, managed: true });
    expect(stored.metadata).toEqual({ keyId: 'old-key' });
    expect(world.sm.calls('GetSecretValue')[0]!.body).toMatchObject({
      VersionId: current.id,
      VersionStage: 'AWSCURRENT',
    });
  });

  it('accepts a name with slashes, a full ARN and an ARN without its suffix, and signs for the ARN region', async () => {
    for (const id of [NAME, arn, arn.slice(0, -7)]) {
      expect((await world.open(id).read()).value).toBe(value('old-key'));
    }
    const remote = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/keyroll/prisma-sa';
    await world
      .open(remote)
      .read()
      .catch(() => undefined);
    expect(world.sm.requests.at(-1)!.signingRegion).toBe('eu-west-1');
  });

  it('compares the identity the service answers with exactly', () => {
    const a = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf';
    expect(isSameSecret(parseSecretId(a), { ARN: a })).toBe(true);
    expect(isSameSecret(parseSecretId(a.slice(0, -7)), { ARN: a })).toBe(true);
    expect(isSameSecret(parseSecretId('prod/db'), { Name: 'prod/db', ARN: a })).toBe(true);
    expect(isSameSecret(parseSecretId('prod/db'), { Name: 'prod/DB' })).toBe(false);
    expect(
      isSameSecret(parseSecretId(a.slice(0, -7)), {
        ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-x-AbCdEf',
      }),
    ).toBe(false);
    expect(() => parseSecretId('arn:aws:s3:::bucket')).toThrow(/not a Secrets Manager secret ARN/);
    expect(() => parseSecretId('bad name!')).toThrow(/not a Secrets Manager secret name/);
  });

  it('writes with a fresh ClientRequestToken that becomes the version and moves AWSCURRENT; AWSPREVIOUS follows', async () => {
    const adapter = world.open(NAME);
    const before = await adapter.read();
    const first = await adapter.write(value('k2'), { keyId: 'k2', previousKeyId: 'old-key' });
    const second = await adapter.write(value('k3'), { keyId: 'k3' });
    const puts = world.sm.calls('PutSecretValue').map((c) => c.body);
    expect(puts.map((b) => b.ClientRequestToken)).toEqual([first.version, second.version]);
    expect(new Set(puts.map((b) => b.ClientRequestToken)).size).toBe(2);
    expect(puts.every((b) => b.VersionStages === undefined)).toBe(true);
    const versions = world.sm.versions(NAME);
    expect(versions.map((v) => v.id)).toEqual([before.version, first.version, second.version]);
    expect(stagesOf()).toEqual([[], ['AWSPREVIOUS'], ['AWSCURRENT']]);
    expect((await adapter.read()).metadata).toEqual({ keyId: 'k3' }); // stale previous-key-id removed
    expect(world.sm.tags(NAME)).toMatchObject({ owner: 'team-sec', [MANAGED_TAG]: 'true' });
    expect(JSON.stringify(world.sm.secret(NAME).tags)).not.toContain('secret-material');
  });

  it('tidies by removing AWSPREVIOUS only, refuses AWSCURRENT, leaves AWSPENDING and other labels', async () => {
    const adapter = world.open(NAME);
    const before = await adapter.read();
    const { version } = await adapter.write(value('k2'), { keyId: 'k2' });
    const sdk = new SecretsManagerClient({});
    await sdk.send(
      new UpdateSecretVersionStageCommand({
        SecretId: NAME,
        VersionStage: 'team-label',
        MoveToVersionId: before.version,
      }),
    );
    await adapter.disableVersion(before.version!);
    expect(world.sm.versions(NAME)[0]!.stages).toEqual(['team-label']);
    await adapter.disableVersion(before.version!); // nothing left to remove: no call
    expect(world.sm.calls('UpdateSecretVersionStage')).toHaveLength(2);
    const err = await failure(adapter.disableVersion(version!));
    expect(err.code).toBe('refused_disable_current');
    expect(world.sm.valueAt(NAME)).toBe(value('k2'));
    sdk.destroy();
  });

  it('restores by moving AWSCURRENT back (no new version) and AWSPREVIOUS back where it was', async () => {
    const adapter = world.open(NAME);
    const v1 = (await adapter.read()).version!;
    await adapter.write(value('k2'), { keyId: 'k2' });
    const before = await adapter.read(); // k2 current, v1 previous
    await adapter.write(value('k3'), { keyId: 'k3', previousKeyId: 'k2' });
    await adapter.restore(before);
    const versions = world.sm.versions(NAME);
    expect(versions).toHaveLength(3);
    expect(world.sm.valueAt(NAME)).toBe(value('k2'));
    expect(world.sm.valueAt(NAME, 'AWSPREVIOUS')).toBe(value('old-key'));
    expect(versions.find((v) => v.id === v1)!.stages).toEqual(['AWSPREVIOUS']);
    expect(versions[2]!.stages).toEqual([]);
    expect((await adapter.read()).metadata).toEqual({ keyId: 'k2' });
  });

  it('restores without touching labels when the write was refused', async () => {
    const adapter = world.open(NAME, { clientConfig: oneShot });
    const before = await adapter.read();
    world.sm.faults.add({
      match: 'PutSecretValue',
      kind: 'error',
      status: 400,
      body: JSON.stringify({ __type: 'AccessDeniedException', message: 'not allowed' }),
    });
    const err = await failure(adapter.write(value('k2'), { keyId: 'k2' }));
    expect(err.category).toBe('permission');
    expect(mayHaveApplied(err)).toBe(false);
    await adapter.restore(before);
    expect(world.sm.versions(NAME)).toHaveLength(1);
    expect(world.sm.calls('UpdateSecretVersionStage')).toHaveLength(0);
  });

  it('a refused tag update after AWSCURRENT moved is a partial write: restored, never skipped', async () => {
    const adapter = world.open(NAME, { clientConfig: oneShot });
    const before = await adapter.read();
    world.sm.faults.add({
      match: 'TagResource',
      kind: 'error',
      status: 400,
      body: JSON.stringify({ __type: 'AccessDeniedException', message: 'not allowed' }),
    });
    const err = await failure(adapter.write(value('k2'), { keyId: 'k2' }));
    expect(err.code).toBe('partial_write');
    expect(mayHaveApplied(err)).toBe(true);
    await adapter.restore(before);
    expect(world.sm.valueAt(NAME)).toBe(before.value);
  });

  it('classifies a timed-out write as ambiguous and adds nothing', async () => {
    const adapter = world.open(NAME, { clientConfig: oneShot });
    world.sm.faults.add({ match: 'PutSecretValue', kind: 'timeout' });
    const err = await failure(adapter.write(value('k2'), { keyId: 'k2' }));
    expect(err.category).toBe('ambiguous');
    expect(mayHaveApplied(err)).toBe(true);
    expect(world.sm.versions(NAME)).toHaveLength(1);
  });

  it('classifies a 5xx on a write as ambiguous, and on a read as unavailable', async () => {
    const adapter = world.open(NAME, { clientConfig: oneShot });
    world.sm.faults.add({ match: 'PutSecretValue', kind: 'error', status: 500 });
    expect((await failure(adapter.write(value('k2'), { keyId: 'k2' }))).category).toBe('ambiguous');
    world.sm.faults.add({ match: 'GetSecretValue', kind: 'error', status: 503 });
    expect((await failure(adapter.read())).category).toBe('unavailable');
  });

  it('resolves a lost answer to its own write by finding the token version (drop after apply)', async () => {
    const adapter = world.open(NAME, { clientConfig: oneShot });
    world.sm.faults.add({ match: 'PutSecretValue', kind: 'drop-after-apply' });
    const receipt = await adapter.write(value('k2'), { keyId: 'k2' });
    expect(world.sm.versions(NAME).map((v) => v.id)).toContain(receipt.version);
    expect(world.sm.valueAt(NAME)).toBe(value('k2'));
  });

  it('with the SDK retrying, a lost answer is retried with the same token: one new version', async () => {
    const adapter = world.open(NAME, { clientConfig: { maxAttempts: 3 } });
    world.sm.faults.add({ match: 'PutSecretValue', kind: 'drop-after-apply' });
    await adapter.write(value('k2'), { keyId: 'k2' });
    const tokens = world.sm.calls('PutSecretValue').map((c) => c.body.ClientRequestToken);
    expect(tokens.length).toBe(2);
    expect(tokens[0]).toBe(tokens[1]);
    expect(world.sm.versions(NAME)).toHaveLength(2);
  });

  it('refuses a value over 64 KiB and a tag set over 50 before calling the service', async () => {
    const adapter = world.open(NAME);
    const big = await failure(adapter.write('x'.repeat(65_537), { keyId: 'k2' }));
    expect(big.code).toBe('payload_too_large');
    world.sm.seed('prod/crowded', {
      value: value('c'),
      tags: {
        [MANAGED_TAG]: 'true',
        ...Object.fromEntries(Array.from({ length: 46 }, (_, i) => [`t${i}`, 'v'])),
      },
    });
    const crowded = world.open('prod/crowded');
    const tags = await failure(
      crowded.write(value('k2'), { keyId: 'k2', rotationId: 'r', rotatedAt: 'now', serviceAccount: 's' }),
    );
    expect(tags.code).toBe('too_many_tags');
    expect(world.sm.calls('PutSecretValue')).toHaveLength(0);
    const problems = await checkAwsSecretsManagerTarget(crowded);
    expect(problems.map((p) => p.code)).toEqual(['too_many_tags']);
    expect(await checkAwsSecretsManagerTarget(adapter, { value: value('k2') })).toEqual([]);
    expect(
      (await checkAwsSecretsManagerTarget(adapter, { value: 'x'.repeat(70_000) })).map((p) => p.code),
    ).toEqual(['payload_too_large']);
  });

  it('check reports secrets keyroll must not write: owned by a service, a replica, managed rotation', () => {
    const base = {
      ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:s-AbCdEf',
      Name: 's',
      $metadata: {},
    };
    expect(problemsOf('s', base, {})).toEqual([]);
    const codes = (extra: object) => problemsOf('s', { ...base, ...extra }, {}).map((p) => p.code);
    expect(codes({ OwningService: 'rds' })).toEqual(['owned_by_service']);
    expect(codes({ PrimaryRegion: 'eu-west-1' })).toEqual(['replica_secret']);
    expect(codes({ PrimaryRegion: 'us-east-1' })).toEqual([]);
    expect(codes({ RotationEnabled: true })).toEqual(['managed_rotation']);
    expect(
      codes({ RotationEnabled: true, RotationLambdaARN: 'arn:aws:lambda:us-east-1:1:function:f' }),
    ).toEqual([]);
  });

  it('fails a write to a missing secret as not_found before writing, and escapes server text', async () => {
    const missing = world.open('prod/gone');
    expect((await failure(missing.write(value('k'), { keyId: 'k' }))).code).toBe('not_found');
    expect(world.sm.calls('PutSecretValue')).toHaveLength(0);
    const adapter = world.open(NAME, { clientConfig: oneShot });
    world.sm.faults.add({
      match: 'DescribeSecret',
      kind: 'error',
      status: 400,
      body: JSON.stringify({ __type: 'AccessDeniedException', message: 'denied\nFAKE LOG LINE' }),
    });
    const err = await failure(adapter.write(value('k', 'k-secret-material-1'), { keyId: 'k' }));
    expect(err.message).toContain('denied\\u000aFAKE LOG LINE');
    expect(err.message).not.toContain('\n');
    expect(JSON.stringify(err.toJSON())).not.toContain('secret-material');
  });

  describe('pending versions for the four-step rotation Lambda', () => {
    const TOKEN = '11111111-2222-4333-8444-555555555555';

    it('stages a value as AWSPENDING under the token, idempotently, without touching AWSCURRENT', async () => {
      const adapter = world.open(NAME);
      expect(await adapter.readPending(TOKEN)).toBeUndefined();
      await adapter.writePending(value('k2'), TOKEN);
      await adapter.writePending(value('k2'), TOKEN); // createSecret invoked twice
      expect(world.sm.versions(NAME)).toHaveLength(2);
      expect(await adapter.readPending(TOKEN)).toBe(value('k2'));
      expect(world.sm.valueAt(NAME)).toBe(value('old-key'));
      expect(await adapter.stages()).toMatchObject({ pending: TOKEN });
      const reused = await failure(adapter.writePending(value('k9'), TOKEN));
      expect(reused.code).toBe('token_reused');
      expect(mayHaveApplied(reused)).toBe(false);
      expect(await adapter.readPending(TOKEN)).toBe(value('k2'));
    });

    it('promotes the token version to AWSCURRENT, removes AWSPENDING, and repeats as a no-op', async () => {
      const adapter = world.open(NAME);
      const old = (await adapter.read()).version;
      await adapter.writePending(value('k2'), TOKEN);
      await adapter.promote(TOKEN, { keyId: 'k2', previousKeyId: 'old-key' });
      await adapter.promote(TOKEN, { keyId: 'k2', previousKeyId: 'old-key' }); // finishSecret invoked twice
      expect(await adapter.stages()).toEqual({ current: TOKEN, pending: undefined, previous: old });
      expect((await adapter.read()).metadata).toEqual({ keyId: 'k2', previousKeyId: 'old-key' });
      expect(world.sm.calls('UpdateSecretVersionStage')).toHaveLength(2);
    });

    it('resolves a lost answer to the AWSCURRENT move by looking at the labels', async () => {
      const adapter = world.open(NAME, { clientConfig: oneShot });
      await adapter.writePending(value('k2'), TOKEN);
      world.sm.faults.add({ match: 'UpdateSecretVersionStage', kind: 'drop-after-apply' });
      await adapter.promote(TOKEN);
      expect((await adapter.stages()).current).toBe(TOKEN);
    });

    it('settles a move the SDK retried after a lost answer (the retry is refused: the label moved already)', async () => {
      const adapter = world.open(NAME, { clientConfig: { maxAttempts: 3 } });
      await adapter.writePending(value('k2'), TOKEN);
      world.sm.faults.add({ match: 'UpdateSecretVersionStage', kind: 'drop-after-apply' });
      await adapter.promote(TOKEN);
      const moves = world.sm.calls('UpdateSecretVersionStage').map((c) => c.body.VersionStage);
      expect(moves.slice(0, 2)).toEqual(['AWSCURRENT', 'AWSCURRENT']); // the SDK's own retry
      expect(await adapter.stages()).toMatchObject({ current: TOKEN, pending: undefined });
    });

    it('clears an abandoned AWSPENDING so a new rotation can start', async () => {
      const adapter = world.open(NAME);
      await adapter.writePending(value('k2'), TOKEN);
      await adapter.clearPending(TOKEN);
      expect(await adapter.stages()).toMatchObject({ pending: undefined });
      expect(await adapter.readPending(TOKEN)).toBeUndefined();
    });
  });
});

describe('the fake keeps the service rules the adapter relies on', () => {
  let world: AwsWorld;
  let sdk: SecretsManagerClient;
  beforeEach(async () => {
    world = await startAwsWorld();
    world.sm.seed(NAME, { value: value('old-key') });
    sdk = new SecretsManagerClient({ maxAttempts: 1 });
  });
  afterEach(async () => {
    sdk.destroy();
    await world.close();
  });

  const sdkError = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: { name: string; message: string }) => e,
    );

  it('PutSecretValue: same token and value is a no-op, another value is ResourceExistsException', async () => {
    const token = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
    const put = (v: string) =>
      sdk.send(new PutSecretValueCommand({ SecretId: NAME, SecretString: v, ClientRequestToken: token }));
    await put('one');
    await put('one');
    expect(world.sm.versions(NAME)).toHaveLength(2);
    expect((await sdkError(put('two')))?.name).toBe('ResourceExistsException');
  });

  it('UpdateSecretVersionStage refuses to move a label without naming the version that holds it', async () => {
    const [v1] = world.sm.versions(NAME);
    await sdk.send(
      new PutSecretValueCommand({
        SecretId: NAME,
        SecretString: 'p',
        ClientRequestToken: 'c'.repeat(32),
        VersionStages: ['AWSPENDING'],
      }),
    );
    const move = (input: { RemoveFromVersionId?: string }) =>
      sdk.send(
        new UpdateSecretVersionStageCommand({
          SecretId: NAME,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: 'c'.repeat(32),
          ...input,
        }),
      );
    expect((await sdkError(move({})))?.name).toBe('InvalidParameterException');
    expect((await sdkError(move({ RemoveFromVersionId: 'c'.repeat(32) })))?.name).toBe(
      'InvalidParameterException',
    );
    const removeCurrent = sdk.send(
      new UpdateSecretVersionStageCommand({
        SecretId: NAME,
        VersionStage: 'AWSCURRENT',
        RemoveFromVersionId: v1!.id,
      }),
    );
    expect((await sdkError(removeCurrent))?.name).toBe('InvalidParameterException');
    expect(world.sm.valueAt(NAME)).toBe(value('old-key'));
    await move({ RemoveFromVersionId: v1!.id });
    expect(world.sm.versions(NAME).map((v) => v.stages.sort())).toEqual([
      ['AWSPREVIOUS'],
      ['AWSCURRENT', 'AWSPENDING'],
    ]);
  });
});
