import type { RotationEvent } from '@keyroll/testkit';
import { startFakeGitHub } from '@keyroll/testkit/github';
import { TAG_KEYS } from '@keyroll/vault-aws-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  assertNoLeak,
  assertR0,
  type LambdaWorld,
  startLambdaWorld,
  stepEvent,
  token,
  type WorldOptions,
} from './harness.ts';

/**
 * Secrets Manager (the fake) drives the real handler through the four steps with one token, the way the
 * service invokes a rotation Lambda; R0 is checked before every invocation.
 */
describe('the rotation Lambda driven by RotateSecret', () => {
  let world: LambdaWorld;
  const start = async (options: WorldOptions = {}) => {
    world = await startLambdaWorld(options);
    world.beforeInvoke = () => assertR0(world, 'before an invocation');
    return world;
  };
  afterEach(() => world?.close());

  const steps = () => world.invocations.map((i) => (i.event as RotationEvent).Step);
  const created = () => world.sim.requestCount('POST /access_keys');
  const keyNamed = (t: string) => world.sim.keys(ACCOUNT).filter((k) => k.name === `keyroll-sm-${t}`);
  /** Prisma Cloud answers 503 to every identity call during `step` (so it fails on every attempt). */
  const breakStep = (step: RotationEvent['Step'] | undefined) => {
    world.beforeInvoke = (event) => {
      assertR0(world, 'before an invocation');
      world.sim.faults.clear();
      if ((event as RotationEvent).Step === step)
        world.sim.faults.add({ match: 'GET /user/me', kind: 'error', status: 503, times: Infinity });
    };
  };

  it('rotates: the new key (named after the token) is AWSCURRENT and logs in, the old one is retired by the new key', async () => {
    await start();
    const old = world.current();
    const t = token(1);
    expect(await world.rotate(t)).toBeUndefined();
    expect(steps()).toEqual(['createSecret', 'setSecret', 'testSecret', 'finishSecret']);
    const now = world.current();
    expect(now.accessKeyId).not.toBe(old.accessKeyId);
    expect(keyNamed(t).map((k) => k.id)).toEqual([now.accessKeyId]);
    assertR0(world, 'after the rotation');
    // Deactivated with the new key's session: the simulator refuses a key deactivating itself.
    expect(world.sim.keys(ACCOUNT).find((k) => k.id === old.accessKeyId)?.status).toBe('inactive');
    const versions = world.sm.versions(world.arn);
    expect(versions.find((v) => v.id === t)?.stages).toEqual(['AWSCURRENT']);
    // Tidy: the superseded version keeps no label (AWSPREVIOUS would point consumers at an inactive key).
    expect(versions.filter((v) => v.id !== t).every((v) => v.stages.length === 0)).toBe(true);
    expect(world.sm.tags(world.arn)).toMatchObject({
      [TAG_KEYS.keyId]: now.accessKeyId,
      [TAG_KEYS.previousKeyId]: old.accessKeyId,
      [TAG_KEYS.rotationId]: `sm-${t}`,
      [TAG_KEYS.serviceAccount]: ACCOUNT,
      owner: 'team-sec',
    });
    expect(created()).toBe(1);
    const audit = world.logs.find((l) => (l.audit as { schema?: string } | undefined)?.schema);
    expect(audit?.audit).toMatchObject({
      outcome: 'rotated',
      runner: 'aws-lambda',
      newKeyId: now.accessKeyId,
    });
    assertNoLeak(world);

    // A second rotation converges: make-room deletes the inactive key, the limit is never exceeded.
    expect(await world.rotate(token(2))).toBeUndefined();
    expect(world.sim.keys(ACCOUNT)).toHaveLength(2);
    assertR0(world, 'after the second rotation');
    assertNoLeak(world);
  });

  it('a step invoked twice does its work once', async () => {
    await start();
    const handler = world.handler;
    world.handler = async (event, context) => {
      await handler(event, context);
      return handler(event, context); // Secrets Manager may invoke a step more than once
    };
    const t = token(3);
    expect(await world.rotate(t)).toBeUndefined();
    expect(created()).toBe(1);
    expect(world.sm.calls('PutSecretValue')).toHaveLength(1);
    expect(world.current().accessKeyId).toBe(keyNamed(t)[0]!.id);
    expect(world.sim.keys(ACCOUNT).filter((k) => k.status === 'active')).toHaveLength(1);
    assertR0(world, 'after');
  });

  it('a failing step throws, Secrets Manager retries it, and the staged key is kept', async () => {
    await start();
    const t = token(4);
    let failed = false;
    world.beforeInvoke = (event) => {
      assertR0(world, 'before an invocation');
      if ((event as RotationEvent).Step === 'testSecret' && !failed) {
        failed = true;
        // The staged key does not log in yet (the current key still does).
        const current = world.current().accessKeyId;
        world.sim.faults.add({
          match: (call, detail) =>
            call === 'POST /login' && (detail as { accessKeyId?: string })?.accessKeyId !== current,
          kind: 'error',
          status: 401,
          times: 20,
        });
      } else {
        world.sim.faults.clear();
      }
    };
    expect(await world.rotate(t)).toBeUndefined();
    expect(steps()).toEqual(['createSecret', 'setSecret', 'testSecret', 'testSecret', 'finishSecret']);
    expect(world.invocations[2]).toMatchObject({
      ok: false,
      error: expect.stringMatching(/testSecret failed/),
    });
    expect(created()).toBe(1);
    expect(world.current().accessKeyId).toBe(keyNamed(t)[0]!.id);
    assertNoLeak(world);
  });

  it('a key of the token whose value never reached AWSPENDING is deleted and created again', async () => {
    await start();
    const t = token(5);
    // The staging write never gets an answer (the function dies, or times out, right there).
    world.sm.faults.add({ match: 'PutSecretValue', kind: 'timeout' });
    await world.rotate(t);
    expect(steps().slice(0, 2)).toEqual(['createSecret', 'createSecret']);
    expect(created()).toBe(2);
    const mine = keyNamed(t);
    expect(mine).toHaveLength(1); // never more than one key per token
    expect(world.current().accessKeyId).toBe(mine[0]!.id);
    assertR0(world, 'after');
  });

  it('a refused staging write deletes the new key at once (it is in no target)', async () => {
    await start();
    const t = token(6);
    world.sm.faults.add({
      match: 'PutSecretValue',
      kind: 'error',
      status: 400,
      body: JSON.stringify({ __type: 'LimitExceededException', message: 'quota' }),
    });
    await world.rotate(t);
    expect(world.sim.requestCount('DELETE /access_keys/:id')).toBe(1);
    expect(created()).toBe(2);
    expect(world.current().accessKeyId).toBe(keyNamed(t)[0]!.id);
    expect(keyNamed(t)).toHaveLength(1);
  });

  it('an abandoned rotation is resumed when Secrets Manager reattempts it with its own token', async () => {
    await start({ stepAttempts: 2 });
    const t = token(7);
    breakStep('testSecret');
    const gaveUp = await world.rotate(t);
    expect(gaveUp).toBeInstanceOf(Error);
    breakStep(undefined);
    const staged = keyNamed(t)[0]!;
    expect(world.sm.valueAt(world.arn, 'AWSPENDING')).toContain(staged.id);
    // The service refuses a new rotation while AWSPENDING sits elsewhere, and retries the old one.
    await expect(world.rotate(token(8))).rejects.toMatchObject({ name: 'InvalidRequestException' });
    for (const step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const) {
      await world.invoke(stepEvent(world, step, t));
    }
    expect(world.current().accessKeyId).toBe(staged.id);
    expect(created()).toBe(1);
    assertR0(world, 'after');
  });

  it('a rotation abandoned half way is cleaned up by the next createSecret of a new token', async () => {
    await start({ stepAttempts: 2 });
    const old = world.current();
    const t1 = token(9);
    breakStep('testSecret');
    expect(await world.rotate(t1)).toBeInstanceOf(Error);
    breakStep(undefined);
    const abandoned = keyNamed(t1)[0]!;
    expect(abandoned.status).toBe('active');
    // A later rotation arrives with a new token while the old AWSPENDING remains.
    const t2 = token(10);
    for (const step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const) {
      await world.invoke(stepEvent(world, step, t2));
    }
    expect(world.sim.keys(ACCOUNT).some((k) => k.id === abandoned.id)).toBe(false);
    expect(world.sm.versions(world.arn).find((v) => v.id === t1)?.stages).toEqual([]);
    expect(world.current().accessKeyId).toBe(keyNamed(t2)[0]!.id);
    expect(world.sim.keys(ACCOUNT).find((k) => k.id === old.accessKeyId)?.status).toBe('inactive');
    assertR0(world, 'after');
    // Labels are consistent again: the next RotateSecret is accepted.
    expect(await world.rotate(token(11))).toBeUndefined();
    assertR0(world, 'after the next rotation');
    assertNoLeak(world);
  });

  it('setSecret writes the mirrors all or nothing: one refusing puts the others back on the current key', async () => {
    await start({ mirror: true });
    const second = world.sm.seed('mirror/second', { value: world.sm.valueAt(world.arn)! });
    world.restart({
      KEYROLL_MIRRORS: `aws-secrets-manager://${world.sm.region}/mirror/prisma-ci,aws-secrets-manager://${world.sm.region}/mirror/second`,
    });
    const old = world.current();
    const keyOf = (arn: string) =>
      (JSON.parse(world.sm.valueAt(arn)!) as { accessKeyId: string }).accessKeyId;
    const t = token(12);
    await world.invoke(stepEvent(world, 'createSecret', t));
    world.sm.faults.add({
      match: (call, detail) =>
        call === 'PutSecretValue' &&
        (detail as { secretId?: string })?.secretId?.includes('mirror/second') === true,
      kind: 'error',
      status: 400,
      body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }),
    });
    await expect(world.invoke(stepEvent(world, 'setSecret', t))).rejects.toThrow(/setSecret failed/);
    expect(keyOf(world.mirrorArn!)).toBe(old.accessKeyId); // written, then restored
    expect(keyOf(second)).toBe(old.accessKeyId); // refused: never held the new key
    expect(
      world.sm.calls('PutSecretValue').filter((c) => String(c.body.SecretId).includes('mirror/prisma-ci')),
    ).toHaveLength(1);
    assertR0(world, 'after the failed setSecret');
    for (const step of ['setSecret', 'testSecret', 'finishSecret'] as const) {
      await world.invoke(stepEvent(world, step, t));
    }
    const now = world.current().accessKeyId;
    expect([keyOf(world.mirrorArn!), keyOf(second)]).toEqual([now, now]);
    expect(world.sim.keys(ACCOUNT).find((k) => k.id === old.accessKeyId)?.status).toBe('inactive');
  });

  it('a staging write whose answer is lost and cannot be confirmed keeps the key (it may be staged)', async () => {
    await start();
    const t = token(13);
    world.sm.faults.add({
      match: 'PutSecretValue',
      kind: 'drop-after-apply',
      onHit: () =>
        // The adapter's read-back of the version fails too: the staging stays unknown to this invocation.
        world.sm.faults.add({
          match: (call, detail) =>
            call === 'GetSecretValue' &&
            (detail as { body?: { VersionStage?: string } })?.body?.VersionStage === undefined,
          kind: 'error',
          status: 500,
        }),
    });
    expect(await world.rotate(t)).toBeUndefined();
    expect(steps().slice(0, 2)).toEqual(['createSecret', 'createSecret']);
    expect(created()).toBe(1); // the retry found it staged: nothing deleted, nothing made twice
    expect(world.current().accessKeyId).toBe(keyNamed(t)[0]!.id);
    assertR0(world, 'after');
  });

  it('admin mode: a separate admin key, read from its own secret at each invocation, manages the keys', async () => {
    await start();
    const admin = world.sim.addServiceAccount('keyroll-admin', { admin: true });
    const adminArn = world.sm.seed('keyroll/admin', { value: JSON.stringify(admin) });
    world.restart({
      KEYROLL_MODE: 'admin',
      KEYROLL_ADMIN_SECRET: adminArn,
      KEYROLL_SERVICE_ACCOUNT: ACCOUNT,
    });
    const old = world.current();
    const t = token(14);
    expect(await world.rotate(t)).toBeUndefined();
    expect(world.current().accessKeyId).toBe(keyNamed(t)[0]!.id);
    expect(world.sim.keys(ACCOUNT).find((k) => k.id === old.accessKeyId)?.status).toBe('inactive');
    expect(world.sim.keys('keyroll-admin').map((k) => [k.id, k.status])).toEqual([
      [admin.accessKeyId, 'active'],
    ]);
    expect(world.sm.valueAt(adminArn)).toBe(JSON.stringify(admin));
    assertR0(world, 'after');
    assertNoLeak(world);
  });

  it('fans out to a GitHub secret with the token read from Secrets Manager', async () => {
    const gh = await startFakeGitHub();
    try {
      const scope = { kind: 'repository' as const, owner: 'acme', repo: 'api' };
      await start({ sdk: { github: { baseUrl: gh.url, minWriteIntervalMs: 0 } } });
      const tokenArn = world.sm.seed('keyroll/github-token', { value: '{"token":"ghp_fake"}' });
      gh.seedSecret(scope, 'PRISMA_CLOUD', world.sm.valueAt(world.arn)!); // the mirror exists (gh secret set)
      world.restart({ KEYROLL_MIRRORS: 'github://acme/api/PRISMA_CLOUD', KEYROLL_GITHUB_TOKEN: tokenArn });
      const t = token(15);
      expect(await world.rotate(t)).toBeUndefined();
      const now = world.current();
      expect(JSON.parse(gh.secretValue(scope, 'PRISMA_CLOUD')!)).toMatchObject({
        accessKeyId: now.accessKeyId,
        secretKey: now.secretKey,
      });
      assertR0(world, 'after');
      assertNoLeak(world);
      expect(JSON.stringify(world.logs)).not.toContain('ghp_fake');
    } finally {
      await gh.close();
    }
  });
});
