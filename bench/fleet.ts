/**
 * Fleet benchmark: N service accounts rotated by one admin key (one shared Prisma Cloud budget) against
 * the simulator with a per-user rate limit, through `rotateFleet` as `keyroll rotate --all` runs it.
 *
 * value  wall time of the run, seconds
 * floor  the least time the rate limit allows: the admin's requests beyond the first burst ÷ the rate
 * ratio  value ÷ floor (goal ≤ 1.1), plus rollbacks, failures, 429s and peak RSS (goal ≤ 128 MiB) of
 *        the fleet process: the built CLI bundle running `keyroll rotate --all --json` as a user runs it,
 *        in a child process of its own (maxRSS of that child only; the simulator runs in the bench's
 *        process and is not counted)
 *
 * The limit's numbers are an assumption (Prisma Cloud publishes none): 20 requests/s, burst 20 by
 * default, as in the measurement.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
// The simulator's own entry point: the root one also loads the gRPC and Azure fakes (≈50 MiB of RSS).
import { startPrismaSimulator } from '@keyroll/testkit/prisma';

export interface FleetBenchOptions {
  accounts?: number;
  ratePerSecond?: number;
  burst?: number;
  /** Most accounts at once before the limiter lowers it. */
  concurrency?: number;
  /** Repository root (the CLI bundle is built from it). */
  root?: string;
}

export interface FleetBenchResult {
  name: string;
  value: number;
  floor: number;
  ratio: number;
  target: number;
  unit: 'seconds';
  accounts: number;
  rotated: number;
  rollbacks: number;
  failures: number;
  throttled: number;
  adminRequests: number;
  peakRssMiB: number;
}

export async function fleetBench(options: FleetBenchOptions = {}): Promise<FleetBenchResult> {
  const n = options.accounts ?? 250;
  const ratePerSecond = options.ratePerSecond ?? 20;
  const burst = options.burst ?? 20;
  const sim = await startPrismaSimulator({ rateLimit: { ratePerSecond, burst } });
  const dir = await mkdtemp(join(tmpdir(), 'keyroll-fleet-bench-'));
  try {
    const admin = sim.addServiceAccount('fleet-admin', { admin: true });
    await writeFile(join(dir, 'admin.json'), JSON.stringify(admin), { mode: 0o600 });
    const lines: string[] = [];
    for (let i = 0; i < n; i++) {
      const name = `sa-${String(i).padStart(3, '0')}`;
      await writeFile(join(dir, `${name}.json`), JSON.stringify(sim.addServiceAccount(name)), {
        mode: 0o600,
      });
      lines.push(`  - { name: ${name}, serviceAccount: ${name}, primary: "file:${name}.json" }`);
    }
    const configPath = join(dir, 'keyroll.yaml');
    await writeFile(
      configPath,
      [
        'version: 1',
        'defaults:',
        '  mode: admin',
        '  adminKey: file:admin.json',
        '  policy: { minAgeHours: 0, verifyBaseDelayMs: 1 }',
        `allowApiOrigins: ["${sim.url}"]`,
        `fleet: { concurrency: ${options.concurrency ?? 32} }`,
        'accounts:',
        ...lines,
      ].join('\n'),
    );
    const child = await runChild(
      options.root ?? resolve(import.meta.dirname, '..'),
      dir,
      configPath,
      sim.url,
    );
    const value = child.seconds;
    const adminRequests = sim.rateLimit!.granted.get('fleet-admin') ?? 0;
    const floor = Math.max(0, adminRequests - burst) / ratePerSecond;
    const outcomes = child.outcomes;
    return {
      name: `fleet: ${n} accounts, one admin key, ${ratePerSecond} req/s burst ${burst}`,
      value: round(value),
      floor: round(floor),
      ratio: floor > 0 ? round(value / floor) : 0,
      target: 1.1,
      unit: 'seconds',
      accounts: n,
      rotated: outcomes.filter((o) => o === 'rotated').length,
      rollbacks: outcomes.filter((o) => o === 'rolled_back').length,
      failures: outcomes.filter((o) => o !== 'rotated').length,
      throttled: sim.rateLimit!.throttledTotal,
      adminRequests,
      peakRssMiB: child.peakRssMiB,
    };
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const round = (x: number) => Math.round(x * 100) / 100;

interface ChildReport {
  seconds: number;
  outcomes: string[];
  peakRssMiB: number;
}

/**
 * Builds the CLI bundle (packages/cli/build.mjs) and runs `keyroll rotate --all --force --json` on the
 * Node running the bench; peak RSS comes from a preloaded module that writes maxRSS when it exits.
 */
async function runChild(root: string, dir: string, configPath: string, simUrl: string): Promise<ChildReport> {
  const dist = join(dir, 'cli');
  await spawnOk([join(root, 'packages/cli/build.mjs'), '--outdir', dist]);
  const rssFile = join(dir, 'rss.txt');
  const preload = join(dir, 'rss.mjs');
  await writeFile(
    preload,
    `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  const started = performance.now();
  const args = ['--import', preload, join(dist, 'keyroll.mjs'), 'rotate', '--all', '--config', configPath];
  const out = await spawnOk([...args, '--force', '--json', '--allow-api-origin', simUrl]);
  const seconds = (performance.now() - started) / 1000;
  const report = JSON.parse(out) as { items: Array<{ outcome: string }> };
  return {
    seconds,
    outcomes: report.items.map((i) => i.outcome),
    peakRssMiB: Math.round(Number(await readFile(rssFile, 'utf8')) / 1024),
  };
}

/** `node <args>`; resolves with stdout when it exits 0 (exit 1 = some account rolled back: still a result). */
function spawnOk(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      if (code === 0 || (code === 1 && out.trim().startsWith('{'))) resolve(out);
      else reject(new Error(`node ${args.slice(-4).join(' ')} exited ${code}: ${err.slice(0, 2000)}`));
    });
  });
}

/** Figure 3 for bench/harness.ts: wall time ÷ what the rate limit allows, plus failures and peak RSS. */
export const figure = {
  id: 'fleet',
  title: 'Fleet: 250 accounts, one admin key, against the simulator with a per-user rate limit',
  async run(ctx: { root: string }) {
    const r = await fleetBench({ root: ctx.root });
    const note = `${r.accounts} accounts, ${r.rollbacks} rollbacks, ${r.failures} failures, ${r.throttled} 429s`;
    return [
      {
        name: 'fleet/250-accounts',
        value: r.value,
        floor: r.floor,
        unit: r.unit,
        note: `${r.name}; ${note}`,
      },
      // 1.0 when every account rotated cleanly; each rollback or failure adds 1/accounts.
      {
        name: 'fleet/failures',
        value: r.accounts + r.rollbacks + r.failures,
        floor: r.accounts,
        unit: 'accounts (+ rollbacks and failures)',
        note,
      },
      {
        name: 'fleet/peak-rss',
        value: r.peakRssMiB,
        floor: 1,
        unit: 'MiB',
        note: 'the fleet process: the CLI bundle, `keyroll rotate --all --json`',
      },
    ];
  },
};

// `pnpm exec tsx bench/fleet.ts [accounts]` runs it alone.
if (process.argv[1]?.endsWith('bench/fleet.ts')) {
  console.log(JSON.stringify(await fleetBench({ accounts: Number(process.argv[2] ?? 250) }), null, 2));
}
