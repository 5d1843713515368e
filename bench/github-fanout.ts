/**
 * GitHub fan-out: one rotation into 100 repositories at the pace GitHub allows, against the fake GitHub
 * API and the Prisma Cloud simulator, time scaled down by SCALE (every duration ÷ SCALE: the write pace,
 * GitHub's 80/min and 500/h windows — enforced by the fake, so a too-fast client would be refused — and
 * an injected answer time for every GitHub and Prisma Cloud call). Ratios are unchanged by the scale.
 *
 * floor = one secret write per repository at one write a second (scaled): N × interval.
 * value = the whole rotation (reads, Prisma Cloud calls, every write), wall-clock. Target ratio ≤ 1.2,
 * with 0 refused writes and every repository holding the new key (otherwise this throws).
 *
 * Run alone: pnpm exec tsx bench/github-fanout.ts
 */
import { rotateCredential, silentLogger } from '@keyroll/core';
import { PrismaCloudIssuer } from '@keyroll/prisma-cloud';
import { FaultInjector, startFakeGitHub, startPrismaSimulator } from '@keyroll/testkit';
import {
  createGitHubClient,
  GITHUB_WRITE_LIMITS,
  GitHubSecretsAdapter,
  scaleLimits,
  WriteLimiter,
} from '@keyroll/vault-github';

export interface FanOutOptions {
  repositories?: number;
  /** Every duration ÷ this (default 10: one write every 100 ms). */
  scale?: number;
  /** Answer time of one GitHub call in real time, ms, before scaling (default 250). */
  githubLatencyMs?: number;
  /** Answer time of one Prisma Cloud call in real time, ms, before scaling (default 300). */
  prismaLatencyMs?: number;
}

export interface FanOutFigure {
  name: string;
  value: number;
  floor: number;
  ratio: number;
  target: number;
  unit: string;
  note: string;
}

export const TARGET_RATIO = 1.2;

export async function measureGitHubFanOut(options: FanOutOptions = {}): Promise<FanOutFigure> {
  const n = options.repositories ?? 100;
  const scale = options.scale ?? 10;
  const limits = scaleLimits(GITHUB_WRITE_LIMITS, scale);
  const delay = (ms: number) => ({
    match: () => true,
    kind: 'delay' as const,
    delayMs: ms / scale,
    times: Infinity,
  });

  const sim = await startPrismaSimulator({
    faults: new FaultInjector().add(delay(options.prismaLatencyMs ?? 300)),
  });
  const gh = await startFakeGitHub({
    faults: new FaultInjector().add(delay(options.githubLatencyMs ?? 250)),
    contentLimits: limits.windows.map((w) => ({ windowMs: w.ms, max: w.max })),
  });
  try {
    const current = sim.addServiceAccount('bench');
    const value = JSON.stringify(current);
    const scopes = Array.from({ length: n }, (_, i) => ({
      kind: 'repository' as const,
      owner: 'acme',
      repo: `repo-${String(i + 1).padStart(3, '0')}`,
    }));
    for (const scope of scopes) gh.seedSecret(scope, 'PRISMA_CLOUD', value);
    // The primary's metadata variable, as terraform/github creates it.
    gh.seedVariable(scopes[0]!, 'PRISMA_CLOUD_KEYROLL', '{"managed":true}');

    const octokit = createGitHubClient({
      token: 'ghp_fake',
      baseUrl: gh.url,
      writeLimiter: new WriteLimiter(limits),
      retryAfterUnitMs: 1000 / scale,
      log: silentLogger(),
    });
    const layout = { format: 'json' as const, name: 'PRISMA_CLOUD' };
    const primary = new GitHubSecretsAdapter({ octokit, scope: scopes[0]!, layout, currentValue: value });
    const targets = [
      primary,
      ...scopes
        .slice(1)
        .map((scope) => new GitHubSecretsAdapter({ octokit, scope, layout, currentValue: value, primary })),
    ];

    const started = performance.now();
    const result = await rotateCredential(
      { targets, force: true },
      {
        issuer: new PrismaCloudIssuer({ allowedOrigins: [sim.url] }),
        logger: silentLogger(),
        allowedApiOrigins: [sim.url],
        policy: { minAgeHours: 0, verifyBaseDelayMs: 1000 / scale },
      },
    );
    const elapsed = performance.now() - started;

    const refused = gh.requests.filter((r) => r.status === 403 || r.status === 429).length;
    if (result.outcome !== 'rotated') throw new Error(`github fan-out: ${result.outcome}: ${result.message}`);
    if (refused > 0) throw new Error(`github fan-out: GitHub refused ${refused} request(s) (rate limits)`);
    for (const scope of scopes) {
      const held = JSON.parse(gh.secretValue(scope, 'PRISMA_CLOUD')!) as { accessKeyId: string };
      if (held.accessKeyId !== result.newKeyId) throw new Error(`github fan-out: ${scope.repo} lags`);
    }
    const writes = gh.requests.filter((r) => r.method !== 'GET').length;
    const readMs = result.steps.find((s) => s.name === 'read')?.durationMs ?? 0;
    const floor = n * limits.intervalMs;
    return {
      name: `github-fan-out/${n}-repos`,
      value: elapsed,
      floor,
      ratio: elapsed / floor,
      target: TARGET_RATIO,
      unit: 'ms',
      note:
        `time ÷ ${scale}: ${n} repos, ${writes} writes (floor: one per repo at 1/s), ` +
        `${gh.requests.length - writes} reads (read step ${readMs.toFixed(0)} ms, not paced: CPU-bound on a ` +
        'busy machine), 0 refused',
    };
  } finally {
    await gh.close();
    await sim.close();
  }
}

/** For bench/harness.ts (FigureModule shape): list it in FIGURES and add its target to targets.ts. */
export const figure = {
  id: 'github-fan-out',
  title: 'GitHub fan-out: 100 repositories at the pace GitHub allows',
  async run() {
    const { ratio: _ratio, target: _target, ...measurement } = await measureGitHubFanOut();
    return [measurement];
  },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await measureGitHubFanOut();
  console.log(JSON.stringify(r));
  console.log(
    `${r.name}: ${r.value.toFixed(0)} ms vs floor ${r.floor} ms → ratio ${r.ratio.toFixed(3)} (target ≤ ${r.target})`,
  );
}
