import { InputError } from '@keyroll/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEvent, rotationIdFor } from '../src/index.ts';
import { type LambdaWorld, startLambdaWorld, token } from './harness.ts';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/keyroll/prisma-ci-AbCdEf';
const TOKEN = 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b';

describe('parseEvent', () => {
  it('reads the four Secrets Manager steps and derives the rotation id from the token', () => {
    for (const Step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const) {
      expect(
        parseEvent({ Step, SecretId: ARN, ClientRequestToken: TOKEN, RotationToken: 'x'.repeat(36) }),
      ).toEqual({ kind: 'step', step: Step, secretId: ARN, token: TOKEN, rotationId: `sm-${TOKEN}` });
    }
  });

  it('reads the sweep, with or without one secret', () => {
    expect(parseEvent({ keyroll: 'sweep' })).toEqual({ kind: 'sweep', secretId: undefined });
    expect(parseEvent({ keyroll: 'sweep', secretId: ARN })).toEqual({ kind: 'sweep', secretId: ARN });
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['not an object', 'createSecret', /got a string/],
    ['null', null, /got null/],
    ['an array', [1], /got an array/],
    ['another event', { source: 'aws.events', detail: {} }, /keys "source", "detail"/],
    ['unknown step', { Step: 'rotate', SecretId: ARN, ClientRequestToken: TOKEN }, /Step must be one of/],
    ['missing secret', { Step: 'createSecret', ClientRequestToken: TOKEN }, /SecretId must be/],
    ['bad secret', { Step: 'createSecret', SecretId: 'a b', ClientRequestToken: TOKEN }, /SecretId/],
    ['short token', { Step: 'createSecret', SecretId: ARN, ClientRequestToken: 'abc' }, /32 to 64/],
    [
      'token with a space',
      { Step: 'setSecret', SecretId: ARN, ClientRequestToken: `${TOKEN} x` },
      /32 to 64/,
    ],
    ['other sweep word', { keyroll: 'rotate' }, /"keyroll" must be "sweep"/],
    ['sweep with extras', { keyroll: 'sweep', force: true }, /unexpected "force"/],
  ];
  it.each(bad)('refuses %s with an input error that echoes no value', (_name, event, message) => {
    let err: unknown;
    try {
      parseEvent(event);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toMatch(/invalid_event|invalid_secret_id/);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain(`${TOKEN} x`);
  });
});

describe('rotationIdFor', () => {
  it('uses a UUID token as it is, so the key name matches the version id', () => {
    expect(rotationIdFor(TOKEN)).toBe(`sm-${TOKEN}`);
  });

  it('hashes tokens that would not fit a rotation id (too long, other characters), deterministically', () => {
    const long = 'a'.repeat(64);
    const odd = `${'b'.repeat(40)}/+=`;
    for (const t of [long, odd]) {
      const id = rotationIdFor(t);
      expect(id).toMatch(/^sm-h[0-9a-f]{40}$/);
      expect(id.length).toBeLessThanOrEqual(64);
      expect(rotationIdFor(t)).toBe(id);
    }
    expect(rotationIdFor(long)).not.toBe(rotationIdFor(odd));
  });
});

describe('a bad event reaching the handler', () => {
  let world: LambdaWorld;
  beforeAll(async () => {
    world = await startLambdaWorld();
  });
  afterAll(() => world.close());

  it('fails the invocation with the parse error and touches nothing', async () => {
    world.sm.requests.length = 0;
    world.sim.clearRequests();
    await expect(
      world.invoke({ Step: 'createSecret', SecretId: world.arn, ClientRequestToken: 'short' }),
    ).rejects.toThrow(/ClientRequestToken must be 32 to 64/);
    await expect(world.invoke({ hello: 'world' })).rejects.toBeInstanceOf(InputError);
    expect(world.sm.requests).toEqual([]);
    expect(world.sim.requestCount()).toBe(0);
  });

  it('refuses a secret that is not in KEYROLL_MANAGED_SECRETS, reading only its description', async () => {
    const other = world.sm.seed('team-b/other', { value: '{"x":1}', tags: { 'keyroll-managed': 'true' } });
    world.sm.requests.length = 0;
    await expect(
      world.invoke({ Step: 'createSecret', SecretId: other, ClientRequestToken: token(1) }),
    ).rejects.toThrow(/not listed in KEYROLL_MANAGED_SECRETS/);
    expect(world.sm.requests.map((r) => r.operation)).toEqual(['DescribeSecret']);
    expect(world.sim.requestCount()).toBe(0);
  });
});
