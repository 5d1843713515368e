/**
 * `pnpm bench [figure id …]`: runs the figures (all by default) and writes bench/results.json and
 * bench/results.md. Never part of `pnpm test` (test/bench-harness.test.ts checks the harness only).
 * To add a figure, see the comment at the top of bench/harness.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { figure as bundles } from './figures/bundles.ts';
import { figure as cliStartup } from './figures/cli-startup.ts';
import { figure as criticalPath } from './figures/critical-path.ts';
import { figure as fleet } from './fleet.ts';
import { figure as githubFanOut } from './github-fanout.ts';
import { type FigureModule, runFigures } from './harness.ts';

/** In run order. */
export const FIGURES: FigureModule[] = [criticalPath, cliStartup, fleet, githubFanOut, bundles];

const root = resolve(import.meta.dirname, '..');
const wanted = process.argv.slice(2);
const unknown = wanted.filter((id) => !FIGURES.some((f) => f.id === id));
if (unknown.length) {
  console.error(`unknown figure(s): ${unknown.join(', ')}; known: ${FIGURES.map((f) => f.id).join(', ')}`);
  process.exit(2);
}
const scratch = await mkdtemp(join(tmpdir(), 'keyroll-bench-'));
try {
  const results = await runFigures(
    FIGURES.filter((f) => !wanted.length || wanted.includes(f.id)),
    { root, scratch, log: (m) => console.log(m) },
    join(root, 'bench'),
  );
  const missed = results.figures.flatMap((f) => f.results.filter((x) => !x.met).map((x) => x.name));
  const failed = results.figures.filter((f) => f.error).map((f) => f.id);
  console.log(`\nwrote bench/results.md and bench/results.json (${results.durationS.toFixed(0)} s)`);
  if (missed.length) console.log(`targets missed: ${missed.join(', ')}`);
  if (failed.length) {
    console.log(`figures failed: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
