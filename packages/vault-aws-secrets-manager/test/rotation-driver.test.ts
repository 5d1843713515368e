import {
  PutSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { RotationEvent } from '@keyroll/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MANAGED_TAG } from '../src/index.ts';
import { type AwsWorld, startAwsWorld } from './harness.ts';

/**
 * The fake plays Secrets Manager's part in a rotation: RotateSecret answers, then invokes the handler
 * for createSecret, setSecret, testSecret, finishSecret with one token, retrying a failing step. The
 * handler here is a stand-in for the Lambda, written on the adapter's pending methods only, to show the
 * four steps map onto them (the real Lambda adds the Prisma Cloud key on the engine's steps).
 */
describe('RotateSecret drives a four-step handler built on the adapter', () => {
  const NAME = 'prod/keyroll/prisma-sa';
  let world: AwsWorld;
  let sdk: SecretsManagerClient;
  let failTestOnce: boolean;
  const seen: string[] = [];

  const handler = async (e: RotationEvent) => {
    seen.push(e.Step);
    const adapter = world.open(e.SecretId);
    const token = e.ClientRequestToken;
    switch (e.Step) {
      case 'createSecret':
        if ((await adapter.readPending(token)) === undefined)
          await adapter.writePending(`value-${token}`, token);
        return;
      case 'setSecret':
        return;
      case 'testSecret':
        if (failTestOnce) {
          failTestOnce = false;
          throw new Error('the new key does not log in yet');
        }
        if ((await adapter.readPending(token)) !== `value-${token}`) throw new Error('pending value missing');
        return;
      case 'finishSecret':
        await adapter.promote(token, { keyId: `key-${token}` });
        return;
    }
  };

  beforeEach(async () => {
    seen.length = 0;
    failTestOnce = false;
    world = await startAwsWorld({ rotationHandler: handler });
    world.sm.seed(NAME, { value: 'v0', tags: { [MANAGED_TAG]: 'true' } });
    sdk = new SecretsManagerClient({ maxAttempts: 1 });
  });
  afterEach(async () => {
    sdk.destroy();
    await world.close();
  });

  const rotateSecret = (token: string) =>
    sdk.send(
      new RotateSecretCommand({
        SecretId: NAME,
        ClientRequestToken: token,
        RotationLambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:keyroll-rotate',
        RotationRules: { ScheduleExpression: 'rate(30 days)' },
      }),
    );

  it('runs the steps in order with one token, retries a failing step, and ends with AWSCURRENT on it', async () => {
    failTestOnce = true;
    const token = '0123456789abcdef0123456789abcdef';
    await rotateSecret(token);
    expect(await world.sm.rotations[0]!.done).toBeUndefined();
    expect(seen).toEqual(['createSecret', 'setSecret', 'testSecret', 'testSecret', 'finishSecret']);
    expect(world.sm.valueAt(NAME)).toBe(`value-${token}`);
    expect(world.sm.valueAt(NAME, 'AWSPREVIOUS')).toBe('v0');
    expect(world.sm.valueAt(NAME, 'AWSPENDING')).toBeUndefined();
    expect(world.sm.tags(NAME)['keyroll-key-id']).toBe(`key-${token}`);
    expect(world.sm.secret(NAME).rotationEnabled).toBe(true);
  });

  it('creates the token version empty before createSecret, and promote refuses an empty version', async () => {
    let sawEmpty: unknown;
    const token = '0123456789abcdef0123456789abcdea';
    const adapter = world.open(NAME);
    world.sm.faults.add({
      match: 'PutSecretValue',
      kind: 'delay',
      delayMs: 0,
      onHit: () => {
        sawEmpty = world.sm.versions(NAME).find((v) => v.id === token);
      },
    });
    await rotateSecret(token);
    expect(await world.sm.rotations[0]!.done).toBeUndefined();
    expect(sawEmpty).toMatchObject({ id: token, value: undefined, stages: ['AWSPENDING'] });

    const stuck = 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee';
    world.sm.state.placeholder(world.sm.secret(NAME), stuck);
    const err = await adapter.promote(stuck).then(
      () => undefined,
      (e: { code: string }) => e.code,
    );
    expect(err).toBe('pending_version_empty');
    expect(world.sm.valueAt(NAME)).toBe(`value-${token}`);
  });

  it('RotateImmediately=false runs testSecret only and leaves no version behind', async () => {
    await sdk.send(
      new RotateSecretCommand({
        SecretId: NAME,
        ClientRequestToken: '0123456789abcdef0123456789abcdeb',
        RotationLambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:keyroll-rotate',
        RotateImmediately: false,
      }),
    );
    await world.sm.rotations[0]!.done; // this stand-in's testSecret fails on the empty version; retried
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set(['testSecret']));
    expect(world.sm.versions(NAME)).toHaveLength(1);
  });

  it('refuses a new rotation while an abandoned AWSPENDING remains, until it is cleared', async () => {
    const stale = 'ffffffffffffffffffffffffffffffff';
    await sdk.send(
      new PutSecretValueCommand({
        SecretId: NAME,
        SecretString: 'half',
        ClientRequestToken: stale,
        VersionStages: ['AWSPENDING'],
      }),
    );
    const refused = await rotateSecret('0123456789abcdef0123456789abcdee').then(
      () => undefined,
      (e: { name: string }) => e.name,
    );
    expect(refused).toBe('InvalidRequestException');
    expect(seen).toEqual([]);
    await world.open(NAME).clearPending(stale);
    await rotateSecret('0123456789abcdef0123456789abcdee');
    expect(await world.sm.rotations[0]!.done).toBeUndefined();
    expect(world.sm.valueAt(NAME)).toBe('value-0123456789abcdef0123456789abcdee');
  });
});
