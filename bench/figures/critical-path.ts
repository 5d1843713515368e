/**
 * Figure 1, critical path: how close one rotation comes to the calls the rotation rules cannot avoid.
 * Every Prisma Cloud call answers after an injected latency L; the floor is (calls the rules need) × L.
 * The rules need, per rotation: log in, check the identity, list keys, [at the two-key limit: delete
 * the inactive key], create, log in with the new key, check its identity, deactivate the old key —
 * 7 calls, 8 at the key limit. The file vault adds only its own local I/O.
 * Fan-out: four file targets whose every call takes 50 ms, ÷ the same rotation to one such target
 * (the targets are written at once, so fan-out should cost about one target's write).
 * Each run first rotates one unmeasured account, so the figures are of a warm process (start-up is
 * figure 2); then three accounts are rotated three times each (below the limit, then at it).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rotateCredential, silentLogger, type VaultAdapter } from '@keyroll/core';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import { FaultInjector } from '@keyroll/testkit/faults';
import { startPrismaSimulator } from '@keyroll/testkit/simulator';
import { withVaultFaults } from '@keyroll/testkit/vault-faults';
import { FileLockProvider, FileVaultAdapter } from '@keyroll/vault-file';
import { type BenchContext, type FigureModule, type Measurement, median } from '../harness.ts';

/** Prisma Cloud calls the rules need for one rotation (see the module comment). */
export const RULE_CALLS = { belowLimit: 7, atKeyLimit: 8 } as const;

interface Sample {
  ms: number;
  calls: number;
}

/** Rotations of one account: the first is below the key limit, the rest at it. */
async function rotations(
  ctx: BenchContext,
  latencyMs: number,
  opts: { targets: number; vaultLatencyMs: number; rounds: number },
): Promise<{ below: Sample[]; atLimit: Sample[] }> {
  const faults = new FaultInjector().add({
    match: () => true,
    kind: 'delay',
    delayMs: latencyMs,
    times: Infinity,
  });
  const sim = await startPrismaSimulator({ faults });
  try {
    const dir = await mkdtemp(join(ctx.scratch, 'critical-path-'));
    const below: Sample[] = [];
    const atLimit: Sample[] = [];
    // Account 0 warms the process up (module loading, JIT, the first connection) and is not measured:
    // cold start is figure 2's subject, this figure is the rotation's own critical path.
    for (let account = 0; account < 4; account++) {
      const cred = sim.addServiceAccount(`bench-${account}`);
      const targets: VaultAdapter[] = [];
      for (let t = 0; t < opts.targets; t++) {
        const path = join(dir, `a${account}-t${t}.json`);
        await writeFile(path, JSON.stringify(cred), { mode: 0o600 });
        const file = new FileVaultAdapter({ path });
        const vaultFaults = new FaultInjector();
        if (opts.vaultLatencyMs > 0)
          vaultFaults.add({
            match: () => true,
            kind: 'delay',
            delayMs: opts.vaultLatencyMs,
            times: Infinity,
          });
        targets.push(opts.vaultLatencyMs > 0 ? withVaultFaults(file, vaultFaults) : file);
      }
      const issuer = new PrismaCloudIssuer({ allowedOrigins: [sim.url] });
      for (let round = 0; round < (account === 0 ? 1 : opts.rounds); round++) {
        const before = sim.requests.length;
        const start = performance.now();
        const r = await rotateCredential(
          { targets, force: true },
          {
            issuer,
            logger: silentLogger(),
            lock: new FileLockProvider({ directory: dir }),
            allowedApiOrigins: [sim.url],
            policy: { verifyBaseDelayMs: 1 },
          },
        );
        const ms = performance.now() - start;
        if (r.outcome !== 'rotated') throw new Error(`rotation ${round}: ${r.outcome} ${r.message ?? ''}`);
        if (account > 0) (round === 0 ? below : atLimit).push({ ms, calls: sim.requests.length - before });
      }
    }
    return { below, atLimit };
  } finally {
    await sim.close();
  }
}

function measurement(name: string, samples: Sample[], ruleCalls: number, latencyMs: number): Measurement {
  const calls = [...new Set(samples.map((s) => s.calls))].join('/');
  return {
    name,
    value: median(samples.map((s) => s.ms)),
    floor: ruleCalls * latencyMs,
    unit: 'ms',
    note: `median of ${samples.length}; ${calls} calls made, ${ruleCalls} needed, ${latencyMs} ms each`,
  };
}

export const figure: FigureModule = {
  id: 'critical-path',
  title: '1. Critical path (injected latency per call)',
  async run(ctx) {
    const out: Measurement[] = [];
    for (const latency of [50, 200]) {
      ctx.log(`prisma latency ${latency} ms`);
      const { below, atLimit } = await rotations(ctx, latency, { targets: 1, vaultLatencyMs: 0, rounds: 3 });
      out.push(measurement(`critical-path/file/prisma-${latency}ms`, below, RULE_CALLS.belowLimit, latency));
      out.push(
        measurement(
          `critical-path/file/prisma-${latency}ms/key-limit`,
          atLimit,
          RULE_CALLS.atKeyLimit,
          latency,
        ),
      );
    }
    ctx.log('fan-out: 1 vs 4 file targets, 50 ms per vault call');
    const one = await rotations(ctx, 50, { targets: 1, vaultLatencyMs: 50, rounds: 3 });
    const four = await rotations(ctx, 50, { targets: 4, vaultLatencyMs: 50, rounds: 3 });
    out.push({
      name: 'critical-path/file/fan-out-4',
      value: median(four.atLimit.map((s) => s.ms)),
      floor: median(one.atLimit.map((s) => s.ms)),
      unit: 'ms',
      note: `key-limit rotations, median of ${four.atLimit.length}; floor = the same rotation to 1 target`,
    });
    return out;
  },
};
