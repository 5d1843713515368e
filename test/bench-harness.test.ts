/**
 * The benchmark harness only (the figures themselves run with `pnpm bench`, never in `pnpm test`):
 * ratios and targets, and what a run writes.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, type FigureModule, median, runFigures } from '../bench/harness.ts';
import { TARGETS } from '../bench/targets.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keyroll-bench-self-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const targets = { 'x/ratio': { max: 1.15 }, 'x/value': { max: 128, on: 'value' as const } };

describe('bench harness', () => {
  it('reports value ÷ floor against the target for the ratio, or for the value itself', () => {
    expect(evaluate({ name: 'x/ratio', value: 230, floor: 200, unit: 'ms' }, targets)).toMatchObject({
      ratio: 1.15,
      target: 1.15,
      targetOn: 'ratio',
      met: true,
    });
    expect(evaluate({ name: 'x/ratio', value: 231, floor: 200, unit: 'ms' }, targets).met).toBe(false);
    const rss = evaluate({ name: 'x/value', value: 129, floor: 256, unit: 'MiB' }, targets);
    expect(rss).toMatchObject({ ratio: 129 / 256, targetOn: 'value', met: false });
  });

  it('refuses a figure without a target, or with no floor', () => {
    expect(() => evaluate({ name: 'x/unknown', value: 1, floor: 1, unit: 'ms' }, targets)).toThrow(
      /no target/,
    );
    expect(() => evaluate({ name: 'x/ratio', value: 1, floor: 0, unit: 'ms' }, targets)).toThrow(/floor/);
  });

  it('keeps every target in one table, each with a positive bound', () => {
    expect(Object.keys(TARGETS).length).toBeGreaterThan(0);
    for (const t of Object.values(TARGETS)) expect(t.max).toBeGreaterThan(0);
  });

  it('writes results.json and results.md, and records a figure that fails without stopping the run', async () => {
    // The harness evaluates against bench/targets.ts: use a name that is there.
    const name = Object.keys(TARGETS)[0]!;
    const ok: FigureModule = {
      id: 'ok',
      title: 'A figure',
      run: async () => [{ name, value: 100, floor: 100, unit: 'ms', note: 'how' }],
    };
    const broken: FigureModule = {
      id: 'broken',
      title: 'A broken figure',
      run: async () => {
        throw new Error('no simulator');
      },
    };
    const logs: string[] = [];
    const modules = [broken, ok];
    const results = await runFigures(modules, { root: dir, scratch: dir, log: (m) => logs.push(m) }, dir);
    const json = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8'));
    expect(json).toEqual(JSON.parse(JSON.stringify(results)));
    expect(json.figures.map((f: { id: string }) => f.id)).toEqual(['broken', 'ok']);
    expect(json.figures[0].error).toBe('no simulator');
    expect(json.figures[1].results[0]).toMatchObject({ name, value: 100, floor: 100, ratio: 1 });
    const md = await readFile(join(dir, 'results.md'), 'utf8');
    expect(md).toContain(`| ${name} | 100 ms | 100 ms | 1.00 |`);
    expect(md).toContain('Failed: no simulator');
  });

  it('takes medians', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
