import { createLogger, memorySink, rotateCredential } from '@keyroll/core';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import { type FaultKind, startPrismaSimulator } from '@keyroll/testkit';
import { describe, expect, it } from 'vitest';
import { MANAGED_TAG, TAG_KEYS } from '../src/index.ts';
import { oneShot, startAwsWorld } from './harness.ts';

/**
 * Every Secrets Manager call of a rotation × each fault kind, through the real engine, SDK and fakes.
 * R0 is checked at every call (AWSCURRENT logs in, the account is within its key limit), and the next
 * run must converge: it rotates and leaves AWSCURRENT working.
 */
const NAME = 'prod/keyroll/prisma-sa';

async function scenario(fault?: { index: number; kind: FaultKind }) {
  const world = await startAwsWorld();
  const sim = await startPrismaSimulator();
  try {
    const first = sim.addServiceAccount('ci-scanner', { keyLimit: 2 });
    world.sm.seed(NAME, {
      value: JSON.stringify(first),
      tags: { [MANAGED_TAG]: 'true', [TAG_KEYS.keyId]: first.accessKeyId },
    });
    const violations: string[] = [];
    const checkR0 = (call: string) => {
      const raw = world.sm.valueAt(NAME);
      const c = raw ? (JSON.parse(raw) as { accessKeyId: string; secretKey: string }) : undefined;
      if (!c || !sim.canLogin(c.accessKeyId, c.secretKey))
        violations.push(`before ${call}: AWSCURRENT does not log in`);
      if (sim.keys('ci-scanner').length > 2) violations.push(`before ${call}: over the key limit`);
      return false; // an observer, never a fault
    };
    const observe = () => {
      world.sm.faults.add({ match: checkR0, kind: 'delay', times: Number.POSITIVE_INFINITY });
      sim.faults.add({ match: checkR0, kind: 'delay', times: Number.POSITIVE_INFINITY });
    };
    observe();
    if (fault) {
      let n = 0;
      world.sm.faults.add({ match: () => n++ === fault.index, kind: fault.kind, status: 500 });
    }
    const logger = createLogger({ sink: memorySink(), level: 'warn' });
    const issuer = new PrismaCloudIssuer({
      allowedOrigins: [sim.url],
      logger,
      requestTimeoutMs: 400,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 10 },
    });
    const rotate = () =>
      rotateCredential(
        { targets: [world.open(NAME, { clientConfig: oneShot })], trigger: { kind: 'manual' }, force: true },
        { issuer, logger, allowedApiOrigins: [sim.url], policy: { verifyAttempts: 3, verifyBaseDelayMs: 1 } },
      );
    const faulted = await rotate().catch((e: unknown) => ({ outcome: `threw ${String(e)}` }));
    const calls = world.sm.requests.map((r) => r.operation);
    world.sm.faults.clear();
    sim.faults.clear();
    observe();
    const next = await rotate();
    return {
      faulted: faulted.outcome,
      next: next.outcome,
      calls,
      violations,
      hits: world.sm.faults.hits.length,
    };
  } finally {
    await world.close();
    await sim.close();
  }
}

describe('fault matrix: every Secrets Manager call of a rotation × fault kind', () => {
  for (const kind of ['error', 'timeout', 'drop-after-apply'] as const) {
    it(`${kind}: R0 at every call, then the next run converges`, async () => {
      const clean = await scenario();
      expect(clean.faulted).toBe('rotated');
      expect(clean.violations).toEqual([]);
      const problems: string[] = [];
      for (let index = 0; index < clean.calls.length; index++) {
        const r = await scenario({ index, kind });
        const at = `${kind} at call ${index} (${clean.calls[index]})`;
        if (r.violations.length) problems.push(`${at}: ${r.violations[0]}`);
        if (r.next !== 'rotated') problems.push(`${at}: next run ${r.next} (faulted run: ${r.faulted})`);
      }
      expect(problems).toEqual([]);
    }, 120_000);
  }
});
