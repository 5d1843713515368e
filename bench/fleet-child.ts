/**
 * The fleet side of bench/fleet.ts in a process of its own, so its peak RSS is keyroll's alone (the
 * simulator runs in the parent). Reads the config path and the simulator URL from argv, prints one JSON
 * line: the report's outcomes, the wall time and this process's peak RSS.
 */
import { silentLogger } from '@keyroll/core';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import { loadFleetConfig, rotateFleet } from '@keyroll/runtime/fleet';

const [configPath, simUrl] = process.argv.slice(2);
const config = await loadFleetConfig(configPath);
const issuer = new PrismaCloudIssuer({ allowedOrigins: [simUrl!] });
const started = performance.now();
const report = await rotateFleet(config, { issuer, force: true, logger: silentLogger() });
const seconds = (performance.now() - started) / 1000;
console.log(
  JSON.stringify({
    seconds,
    outcomes: report.items.map((i) => i.outcome),
    peakConcurrency: report.peakConcurrency,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
