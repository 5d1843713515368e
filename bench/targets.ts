/**
 * Every benchmark target, in one place. A figure's `ratio` is value ÷ floor (the least the work could
 * cost); `target` bounds that ratio, or the value itself where the issue states an absolute budget
 * (`on: 'value'`). A figure without a target here fails the run: add the target when adding the figure.
 */
export interface Target {
  /** Upper bound. */
  max: number;
  /** What the bound applies to (default: the ratio). */
  on?: 'ratio' | 'value';
}

export const TARGETS: Record<string, Target> = {
  // 1. Critical path: one rotation ÷ (the Prisma Cloud calls the rules need × injected latency per call).
  'critical-path/file/prisma-50ms': { max: 1.15 },
  'critical-path/file/prisma-50ms/key-limit': { max: 1.15 },
  'critical-path/file/prisma-200ms': { max: 1.15 },
  'critical-path/file/prisma-200ms/key-limit': { max: 1.15 },
  // Fan-out: four file targets, each vault call 50 ms, ÷ the same rotation to one target.
  'critical-path/file/fan-out-4': { max: 1.15 },
  // 2. CLI start-up ÷ `node` running an empty script (rotate: ÷ that plus the rotation done in-process).
  'cli/help': { max: 1.5 },
  'cli/rotate': { max: 1.5 },
  // 3. Fleet: wall time ÷ what the (assumed) Prisma Cloud rate limit allows; no rollback or failure; RSS.
  'fleet/250-accounts': { max: 1.1 },
  'fleet/failures': { max: 1 },
  'fleet/peak-rss': { max: 128, on: 'value' },
  // 4. GitHub fan-out: 100 repositories ÷ one secret write per repository at one write per second.
  'github-fan-out/100-repos': { max: 1.2 },
  // 5. Bundles: ÷ a bundle of only the SDKs the deployment needs; peak RSS of one rotation in MiB.
  'bundle/github-action/size': { max: 1.5 },
  'bundle/github-action/cold-import': { max: 1.5 },
  'bundle/azure-functions/size': { max: 1.5 },
  'bundle/azure-functions/cold-import': { max: 1.5 },
  'bundle/gcp-functions/size': { max: 1.5 },
  'bundle/gcp-functions/cold-import': { max: 1.5 },
  'bundle/aws-lambda/size': { max: 1.5 },
  'bundle/aws-lambda/cold-import': { max: 1.5 },
  'bundle/cli/size': { max: 1.5 },
  'bundle/cli/cold-import': { max: 1.5 },
  'bundle/cli/rotation-rss': { max: 128, on: 'value' },
  'bundle/github-action/rotation-rss': { max: 128, on: 'value' },
  'bundle/azure-functions/rotation-rss': { max: 128, on: 'value' },
  'bundle/gcp-functions/rotation-rss': { max: 128, on: 'value' },
  'bundle/aws-lambda/rotation-rss': { max: 128, on: 'value' },
};
