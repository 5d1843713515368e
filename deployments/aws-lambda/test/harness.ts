import { RotateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type Clock, type LogRecord, memorySink } from '@keyroll/core';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import {
  type ContainerCredentialsFake,
  type ManualClock,
  type PrismaSimulator,
  type RotationEvent,
  type SecretsManagerFake,
  startContainerCredentialsFake,
  startPrismaSimulator,
  startSecretsManagerFake,
  useAwsFakeEnvironment,
} from '@keyroll/testkit';
import { MANAGED_TAG, TAG_KEYS } from '@keyroll/vault-aws-secrets-manager';
import { expect } from 'vitest';
import { createHandler, type Handler } from '../src/index.ts';

export const NAME = 'prod/keyroll/prisma-ci';
export const MIRROR = 'mirror/prisma-ci';
export const ACCOUNT = 'ci-scanner';
const LAMBDA_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:keyroll-rotation';

/**
 * Secrets Manager (the JSON-protocol fake, which also plays the service's part in a rotation: RotateSecret
 * invokes the handler for the four steps), the container-credentials endpoint the SDK's default chain
 * reads, and the Prisma Cloud simulator. The handler is the real one, configured by environment variables
 * like in Lambda; the SDK finds the fakes through AWS_ENDPOINT_URL_SECRETS_MANAGER and
 * AWS_CONTAINER_CREDENTIALS_FULL_URI. `invoke` is what Secrets Manager and EventBridge Scheduler call.
 */
export interface LambdaWorld {
  sm: SecretsManagerFake;
  creds: ContainerCredentialsFake;
  sim: PrismaSimulator;
  arn: string;
  /** The mirror secret (KEYROLL_MIRRORS), when started with `mirror`. */
  mirrorArn: string | undefined;
  logs: LogRecord[];
  /** Every event the handler was invoked with, and how it ended. */
  invocations: Array<{ event: unknown; ok: boolean; error?: string }>;
  handler: Handler;
  invoke(event: unknown): Promise<unknown>;
  /** RotateSecret through the real SDK; resolves when the service's driven steps end. */
  rotate(token: string): Promise<unknown>;
  /** Runs before every invocation (an R0 check, a fault armed for one step). */
  beforeInvoke?: (event: RotationEvent | unknown) => void;
  /** Makes a fresh handler (a new container: cold start) with extra environment. */
  restart(env?: Record<string, string>, clock?: Clock): void;
  current(): { accessKeyId: string; secretKey: string };
  close(): Promise<void>;
}

export interface WorldOptions {
  env?: Record<string, string>;
  keyLimit?: 1 | 2;
  stepAttempts?: number;
  /** Extra SDK settings (fault tests: one attempt, short timeout). */
  clientConfig?: Record<string, unknown>;
  /** Request timeout of the SDK and the Prisma Cloud client (default 1000 ms). */
  timeoutMs?: number;
  /** A second Secrets Manager secret as a mirror (fan-out). */
  mirror?: boolean;
  /** An inactive key beside the current one, so make-room has work to do. */
  inactivePrevious?: boolean;
  /** Per-SDK settings for mirrors (the GitHub fake's URL). */
  sdk?: Record<string, Record<string, unknown>>;
  /** One clock for the Prisma Cloud simulator (lastUsedTime, key ages) and the handler's engine. */
  clock?: ManualClock;
}

export async function startLambdaWorld(options: WorldOptions = {}): Promise<LambdaWorld> {
  const creds = await startContainerCredentialsFake();
  const world = {} as LambdaWorld;
  const sm = await startSecretsManagerFake({
    acceptAccessKeyId: (id) => creds.issued.has(id),
    stepAttempts: options.stepAttempts ?? 3,
    rotationHandler: async (event) => {
      await world.invoke(event);
    },
  });
  const restoreEnv = useAwsFakeEnvironment({ endpoint: sm.url, credentials: creds.env, region: sm.region });
  const sim = await startPrismaSimulator({
    forbidSelfDeactivation: true,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const first = sim.addServiceAccount(ACCOUNT, { keyLimit: options.keyLimit ?? 2 });
  const arn = sm.seed(NAME, {
    value: JSON.stringify(first),
    tags: { [MANAGED_TAG]: 'true', [TAG_KEYS.keyId]: first.accessKeyId, owner: 'team-sec' },
  });
  if (options.inactivePrevious) sim.addKey(ACCOUNT, { name: 'old key', status: 'inactive' });
  const mirrorArn = options.mirror ? sm.seed(MIRROR, { value: JSON.stringify(first) }) : undefined;
  const timeout = options.timeoutMs ?? 1000;
  const sink = memorySink();
  const sdk = new SecretsManagerClient({ maxAttempts: 1 });
  const make = (extra: Record<string, string> = {}, clock: Clock | undefined = options.clock) =>
    createHandler({
      ...(clock ? { clock } : {}),
      env: {
        ...process.env,
        KEYROLL_MODE: 'self',
        KEYROLL_MANAGED_SECRETS: arn,
        KEYROLL_ALLOWED_API_ORIGINS: sim.url,
        KEYROLL_LOG_LEVEL: 'debug',
        ...(mirrorArn ? { KEYROLL_MIRRORS: `aws-secrets-manager://${sm.region}/${MIRROR}` } : {}),
        ...options.env,
        ...extra,
      },
      logSink: sink,
      ...(options.sdk ? { sdk: options.sdk } : {}),
      policy: { verifyAttempts: 2, verifyBaseDelayMs: 1 },
      clientConfig: {
        maxAttempts: 1,
        requestHandler: { requestTimeout: timeout, throwOnRequestTimeout: true },
        ...options.clientConfig,
      },
      issuer: new PrismaCloudIssuer({
        allowedOrigins: [sim.url],
        requestTimeoutMs: timeout,
        retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
      }),
    });
  Object.assign(world, {
    sm,
    creds,
    sim,
    arn,
    mirrorArn,
    logs: sink.records,
    invocations: [],
    handler: make(),
    restart(env?: Record<string, string>, clock?: Clock) {
      world.handler = make(env, clock);
    },
    async invoke(event: unknown) {
      world.beforeInvoke?.(event);
      try {
        const out = await world.handler(event, { awsRequestId: `req-${world.invocations.length + 1}` });
        world.invocations.push({ event, ok: true });
        return out;
      } catch (err) {
        world.invocations.push({ event, ok: false, error: (err as Error).message });
        throw err;
      }
    },
    async rotate(token: string) {
      await sdk.send(
        new RotateSecretCommand({
          SecretId: arn,
          ClientRequestToken: token,
          RotationLambdaARN: LAMBDA_ARN,
          RotationRules: { ScheduleExpression: 'rate(30 days)' },
        }),
      );
      return sm.rotations.at(-1)!.done;
    },
    current() {
      return JSON.parse(sm.valueAt(arn)!) as { accessKeyId: string; secretKey: string };
    },
    async close() {
      sdk.destroy();
      restoreEnv();
      await Promise.all([sm.close(), creds.close(), sim.close()]);
    },
  } satisfies Omit<LambdaWorld, 'beforeInvoke'>);
  return world;
}

/** A Secrets Manager rotation event for the handler, as the service sends it. */
export function stepEvent(world: LambdaWorld, step: RotationEvent['Step'], token: string): RotationEvent {
  return { Step: step, SecretId: world.arn, ClientRequestToken: token, RotationToken: crypto.randomUUID() };
}

/** What breaks R0 now: AWSCURRENT (and the mirror) must log in, the key limit must hold. */
export function r0Problems(world: LambdaWorld): string[] {
  const problems: string[] = [];
  for (const arn of [world.arn, world.mirrorArn]) {
    if (!arn) continue;
    const value = world.sm.valueAt(arn);
    const c = value ? (JSON.parse(value) as { accessKeyId: string; secretKey: string }) : undefined;
    if (!c || !world.sim.canLogin(c.accessKeyId, c.secretKey))
      problems.push(`${arn} AWSCURRENT does not log in`);
  }
  const count = world.sim.keys(ACCOUNT).length;
  if (count > world.sim.keyLimit(ACCOUNT)) problems.push(`${count} keys, over the limit`);
  return problems;
}

/** R0: AWSCURRENT (and the mirror) logs in, and the account never holds more keys than its limit. */
export function assertR0(world: LambdaWorld, where = ''): void {
  expect(r0Problems(world), `R0 ${where}`).toEqual([]);
}

/** No secret key ever minted appears in the logs or in what invocations returned or threw. */
export function assertNoLeak(world: LambdaWorld): void {
  const text = JSON.stringify(world.logs) + JSON.stringify(world.invocations);
  for (const secret of world.sim.mintedSecrets())
    expect(text.includes(secret), 'a secret key leaked').toBe(false);
  for (const token of world.sim.issuedTokens())
    expect(text.includes(token), 'a session token leaked').toBe(false);
}

export const token = (n: number) => `${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`;
