import { ConfigError } from '@keyroll/core';
import type { FleetAccount } from '../config/load.ts';

/**
 * GitHub caps content-creating requests (about 1 a second, 80 a minute, 500 an hour per token). Each
 * GitHub mirror costs one write per secret (two for `pair`) and one for its metadata variable; a rollback
 * writes them again. The plan counts the worst case (every account rotates and none rolls back) before
 * anything happens, and refuses a run that cannot fit in an hour.
 */
export interface GitHubPlan {
  /** Accounts with at least one GitHub mirror. */
  accounts: number;
  /** Secret and variable writes if every one of them rotates. */
  writes: number;
  /** Least time those writes take at GitHub's pace, in seconds. */
  minimumSeconds: number;
  fitsInAnHour: boolean;
  summary: string;
}

export function githubPlan(
  accounts: readonly FleetAccount[],
  caps: { writesPerHour: number; writesPerMinute: number },
): GitHubPlan {
  let writes = 0;
  let withGitHub = 0;
  for (const account of accounts) {
    let mine = 0;
    for (const m of account.mirrors) if (m.scheme === 'github') mine += m.names.length + 1;
    writes += mine;
    if (mine > 0) withGitHub++;
  }
  // One write a second, and no more than the per-minute cap in any minute.
  const minimumSeconds = Math.max(writes, Math.ceil((writes / caps.writesPerMinute) * 60));
  const fitsInAnHour = writes <= caps.writesPerHour;
  const summary =
    writes === 0
      ? 'no GitHub mirrors'
      : `${withGitHub} account(s) write ${writes} GitHub secret(s)/variable(s): at least ${Math.ceil(minimumSeconds / 60)} min at GitHub's pace; ` +
        (fitsInAnHour
          ? `within the ${caps.writesPerHour}/hour cap`
          : `more than the ${caps.writesPerHour}/hour cap`);
  return { accounts: withGitHub, writes, minimumSeconds, fitsInAnHour, summary };
}

/** Refuses, before any key exists, a run whose GitHub writes cannot fit in an hour. */
export function assertGitHubPlanFits(plan: GitHubPlan, caps: { writesPerHour: number }): void {
  if (plan.fitsInAnHour) return;
  const batches = Math.ceil(plan.writes / caps.writesPerHour);
  throw new ConfigError(
    'github_rate_plan',
    `this run could make ${plan.writes} GitHub writes, more than GitHub allows in an hour (${caps.writesPerHour}); ` +
      `run it in ${batches} batches an hour apart with --account, or raise fleet.github.writesPerHour if your token's limit is higher`,
  );
}
