/**
 * The benchmark harness. Each figure is a module in bench/figures/ exporting a `FigureModule`; run.ts
 * lists them. A module returns measurements; the harness turns each into `{name, value, floor, ratio,
 * target}` against bench/targets.ts and writes bench/results.json and bench/results.md.
 *
 * Extension point (figures 3, fleet, and 4, GitHub fan-out, belong to later issues): add
 * `bench/figures/<id>.ts` exporting `figure: FigureModule`, add its targets to targets.ts, and list it
 * in FIGURES in run.ts. Nothing else changes.
 */
import { writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { TARGETS, type Target } from './targets.ts';

export interface Measurement {
  name: string;
  value: number;
  floor: number;
  unit: string;
  /** How value and floor were obtained, in a few words (shown in results.md). */
  note?: string;
}

export interface Figure extends Measurement {
  ratio: number;
  target: number;
  targetOn: 'ratio' | 'value';
  met: boolean;
}

export interface BenchContext {
  /** Repository root. */
  root: string;
  /** A scratch directory for this run, removed afterwards. */
  scratch: string;
  log(message: string): void;
}

export interface FigureModule {
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<Measurement[]>;
}

export function evaluate(m: Measurement, targets: Record<string, Target> = TARGETS): Figure {
  const target = targets[m.name];
  if (!target) throw new Error(`bench: no target for ${m.name} in bench/targets.ts`);
  if (!(m.floor > 0) || !Number.isFinite(m.value)) throw new Error(`bench: ${m.name}: bad value/floor`);
  const ratio = m.value / m.floor;
  const targetOn = target.on ?? 'ratio';
  return {
    ...m,
    ratio,
    target: target.max,
    targetOn,
    met: (targetOn === 'ratio' ? ratio : m.value) <= target.max,
  };
}

export interface Results {
  startedAt: string;
  node: string;
  platform: string;
  cpus: number;
  /** 1-minute load average when the run started: timings on a busy machine are worth less. */
  loadAverage: number;
  durationS: number;
  figures: Array<{ id: string; title: string; results: Figure[]; error?: string }>;
}

const fmt = (n: number) =>
  Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);

export function toMarkdown(r: Results): string {
  const lines = [
    '# Benchmarks',
    '',
    `Run ${r.startedAt} on Node ${r.node}, ${r.platform}, ${r.cpus} CPUs (load average ${fmt(r.loadAverage)} at the start), ${fmt(r.durationS)} s.`,
    'Written by `pnpm bench`;',
    'ratio = value ÷ floor; targets in bench/targets.ts (a target marked "value" bounds the value itself).',
    '',
  ];
  for (const f of r.figures) {
    lines.push(`## ${f.title}`, '');
    if (f.error) lines.push(`Failed: ${f.error}`, '');
    if (!f.results.length) continue;
    lines.push(
      '| figure | value | floor | ratio | target | met | how |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const x of f.results)
      lines.push(
        `| ${x.name} | ${fmt(x.value)} ${x.unit} | ${fmt(x.floor)} ${x.unit} | ${fmt(x.ratio)} | ${x.targetOn === 'value' ? `≤ ${x.target} ${x.unit} (value)` : `≤ ${x.target}`} | ${x.met ? 'yes' : '**no**'} | ${x.note ?? ''} |`,
      );
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

export async function runFigures(
  modules: FigureModule[],
  ctx: BenchContext,
  outDir: string,
): Promise<Results> {
  const started = Date.now();
  const results: Results = {
    startedAt: new Date(started).toISOString(),
    node: process.versions.node,
    platform: `${process.platform}-${process.arch}`,
    cpus: availableParallelism(),
    loadAverage: loadavg()[0] ?? 0,
    durationS: 0,
    figures: [],
  };
  for (const m of modules) {
    ctx.log(`== ${m.title}`);
    try {
      const figures = (await m.run(ctx)).map((x) => evaluate(x));
      for (const x of figures)
        ctx.log(
          `${x.name}: ${fmt(x.value)} ${x.unit} / ${fmt(x.floor)} = ${fmt(x.ratio)} (target ${x.target}${x.met ? '' : ', MISSED'})`,
        );
      results.figures.push({ id: m.id, title: m.title, results: figures });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      ctx.log(`${m.id} failed: ${message}`);
      results.figures.push({ id: m.id, title: m.title, results: [], error: message });
    }
  }
  results.durationS = (Date.now() - started) / 1000;
  await writeFile(join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(outDir, 'results.md'), toMarkdown(results));
  return results;
}

/** Median of a sample (benchmarks report medians: one slow outlier on a shared machine says little). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
