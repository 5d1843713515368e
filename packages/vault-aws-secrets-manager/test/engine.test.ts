import {
  createLogger,
  type LogRecord,
  memorySink,
  type RotationResult,
  rotateCredential,
} from '@keyroll/core';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import { type PrismaSimulator, startPrismaSimulator } from '@keyroll/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AwsSecretsManagerAdapter, MANAGED_TAG, TAG_KEYS } from '../src/index.ts';
import { type AwsWorld, oneShot, startAwsWorld } from './harness.ts';

/** The real engine, Prisma Cloud client and SDK against the simulator and the Secrets Manager fake. */
describe('rotateCredential with an AWS Secrets Manager target', () => {
  const NAME = 'prod/keyroll/prisma-sa';
  let world: AwsWorld;
  let sim: PrismaSimulator;
  let logs: LogRecord[];
  let rotate: (adapter: AwsSecretsManagerAdapter) => Promise<RotationResult>;

  beforeEach(async () => {
    world = await startAwsWorld();
    sim = await startPrismaSimulator();
    const first = sim.addServiceAccount('ci-scanner', { keyLimit: 2 });
    world.sm.seed(NAME, {
      value: JSON.stringify(first),
      tags: { [MANAGED_TAG]: 'true', [TAG_KEYS.keyId]: first.accessKeyId, owner: 'team-sec' },
    });
    const sink = memorySink();
    logs = sink.records as LogRecord[];
    const logger = createLogger({ sink, level: 'debug' });
    const issuer = new PrismaCloudIssuer({
      allowedOrigins: [sim.url],
      logger,
      requestTimeoutMs: 400,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 10 },
    });
    rotate = (adapter) =>
      rotateCredential(
        { targets: [adapter], trigger: { kind: 'manual' }, force: true },
        { issuer, logger, allowedApiOrigins: [sim.url], policy: { verifyAttempts: 3, verifyBaseDelayMs: 1 } },
      );
  });
  afterEach(async () => {
    await world.close();
    await sim.close();
  });

  const current = () => JSON.parse(world.sm.valueAt(NAME)!) as { accessKeyId: string; secretKey: string };
  const logsIn = () => sim.canLogin(current().accessKeyId, current().secretKey);
  const noLeak = () => {
    const text = JSON.stringify(logs);
    for (const k of sim.allKeys()) expect(text).not.toContain(k.secretKey);
  };

  it('rotates: AWSCURRENT holds a new key that logs in, the old key is retired, AWSPREVIOUS tidied', async () => {
    const before = current();
    const result = await rotate(world.open(NAME));
    expect(result.outcome).toBe('rotated');
    expect(current().accessKeyId).toBe(result.newKeyId);
    expect(logsIn()).toBe(true);
    expect(sim.keys('ci-scanner').find((k) => k.id === before.accessKeyId)?.status).toBe('inactive');
    const versions = world.sm.versions(NAME);
    expect(versions.map((v) => v.stages)).toEqual([[], ['AWSCURRENT']]);
    expect(world.sm.tags(NAME)).toMatchObject({
      [TAG_KEYS.keyId]: result.newKeyId,
      [TAG_KEYS.previousKeyId]: before.accessKeyId,
      owner: 'team-sec',
    });
    // A second rotation converges: it deletes the inactive key to make room.
    const again = await rotate(world.open(NAME));
    expect(again.outcome).toBe('rotated');
    expect(sim.keys('ci-scanner')).toHaveLength(2);
    expect(logsIn()).toBe(true);
    noLeak();
  });

  it('rolls back a refused write: old key current and active, new key deleted, no new version', async () => {
    const before = current();
    world.sm.faults.add({
      match: 'PutSecretValue',
      kind: 'error',
      status: 400,
      body: JSON.stringify({ __type: 'AccessDeniedException', message: 'no' }),
    });
    const result = await rotate(world.open(NAME, { clientConfig: oneShot }));
    expect(result.outcome).toBe('rolled_back');
    expect(current()).toEqual(before);
    expect(logsIn()).toBe(true);
    expect(sim.keys('ci-scanner')).toHaveLength(1);
    expect(world.sm.versions(NAME)).toHaveLength(1);
    noLeak();
  });

  it('rolls back when the metadata update after the value loses its answer: AWSCURRENT moved back', async () => {
    const before = current();
    world.sm.faults.add({ match: 'TagResource', kind: 'drop-after-apply' });
    const result = await rotate(world.open(NAME, { clientConfig: oneShot }));
    expect(result.outcome).toBe('rolled_back');
    expect(current()).toEqual(before);
    expect(logsIn()).toBe(true);
    expect(sim.keys('ci-scanner')).toHaveLength(1);
    expect(world.sm.tags(NAME)[TAG_KEYS.keyId]).toBe(before.accessKeyId);
    noLeak();
  });

  it('never reads the value of a secret that is not marked managed, and creates no key', async () => {
    world.sm.seed('prod/not-ours', { value: world.sm.valueAt(NAME)! });
    await rotate(world.open('prod/not-ours')).catch((e: unknown) => e);
    expect(world.sm.calls('GetSecretValue')).toHaveLength(0);
    expect(sim.keys('ci-scanner')).toHaveLength(1);
    expect(world.sm.versions('prod/not-ours')).toHaveLength(1);
  });
});
