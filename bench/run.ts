/**
 * Benchmarks, reported as ratios so they mean the same on any machine (never asserted in tests):
 * - fan-out cost: a rotation to 8 file targets vs to 1;
 * - Prisma Cloud traffic per rotation (requests by route), which must not grow with fan-out.
 * Run: pnpm bench
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rotateCredential, silentLogger } from '@keyroll/core';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import { startPrismaSimulator } from '@keyroll/testkit';
import { FileVaultAdapter } from '@keyroll/vault-file';

const ROUNDS = 20;

async function measure(targets: number) {
  const sim = await startPrismaSimulator();
  const cred = sim.addServiceAccount('bench');
  const dir = await mkdtemp(join(tmpdir(), 'keyroll-bench-'));
  const adapters = [];
  for (let i = 0; i < targets; i++) {
    const path = join(dir, `t${i}.json`);
    await writeFile(path, JSON.stringify(cred));
    adapters.push(new FileVaultAdapter({ path }));
  }
  const issuer = new PrismaCloudIssuer({ allowedOrigins: [sim.url] });
  const logger = silentLogger();
  const start = performance.now();
  for (let i = 0; i < ROUNDS; i++) {
    const r = await rotateCredential(
      { targets: adapters, force: true },
      { issuer, logger, allowedApiOrigins: [sim.url], policy: { verifyBaseDelayMs: 1 } },
    );
    if (r.outcome !== 'rotated') throw new Error(`bench rotation ${i}: ${r.outcome} ${r.message}`);
  }
  const msPerRotation = (performance.now() - start) / ROUNDS;
  const requestsPerRotation = sim.requests.length / ROUNDS;
  await sim.close();
  await rm(dir, { recursive: true, force: true });
  return { msPerRotation, requestsPerRotation };
}

const one = await measure(1);
const eight = await measure(8);
console.log(
  `fan-out 8 vs 1: time ratio ${(eight.msPerRotation / one.msPerRotation).toFixed(2)} (8 targets, 4 written at once)`,
);
console.log(
  `Prisma Cloud requests per rotation: ${one.requestsPerRotation} with 1 target, ${eight.requestsPerRotation} with 8 (ratio ${(eight.requestsPerRotation / one.requestsPerRotation).toFixed(2)}, expected 1.00)`,
);
