import type { Credential } from '@keyroll/core';
import { createLogger, isKeyrollError, type KeyrollError, type Logger, memorySink } from '@keyroll/core';
import {
  ManualClock,
  type PrismaSimulator,
  type PrismaSimulatorOptions,
  startPrismaSimulator,
} from '@keyroll/testkit';
import { expect } from 'vitest';
import { PrismaCloudClient, type PrismaCloudClientOptions } from '../src/index.ts';

export interface Harness {
  sim: PrismaSimulator;
  clock: ManualClock;
  logs: ReturnType<typeof memorySink>;
  logger: Logger;
  /** Client options pointing at the simulator, sharing its clock, with fast retries. */
  options(extra?: Partial<PrismaCloudClientOptions>): PrismaCloudClientOptions;
  login(cred: Credential, extra?: Partial<PrismaCloudClientOptions>): Promise<PrismaCloudClient>;
}

export async function startHarness(simOptions: Omit<PrismaSimulatorOptions, 'clock'> = {}): Promise<Harness> {
  const clock = new ManualClock();
  const sim = await startPrismaSimulator({ ...simOptions, clock });
  const logs = memorySink();
  const logger = createLogger({ sink: logs, level: 'debug', now: () => clock.now() });
  const options = (extra: Partial<PrismaCloudClientOptions> = {}): PrismaCloudClientOptions => ({
    allowedOrigins: [sim.url],
    clock,
    logger,
    retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 2000 },
    requestTimeoutMs: 2000,
    ...extra,
  });
  return {
    sim,
    clock,
    logs,
    logger,
    options,
    login: (cred, extra) => PrismaCloudClient.login(cred, options(extra)),
  };
}

/** Awaits a promise that must reject with a KeyrollError and returns it. */
export async function rejection(promise: Promise<unknown>): Promise<KeyrollError> {
  try {
    await promise;
  } catch (err) {
    if (!isKeyrollError(err)) throw err;
    return err;
  }
  expect.fail('expected a rejection');
}
