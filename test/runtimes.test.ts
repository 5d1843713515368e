import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';

/**
 * Platforms move: every runtime keyroll deploys on is listed once, with its end dates, in
 * platform/runtimes.json. This fails when a runtime in use is past its end (or within the warning window),
 * and when a deployment file names a runtime that the table does not list or marks as not in use.
 */
const root = resolve(import.meta.dirname, '..');

interface Runtime {
  platform: string;
  id: string;
  deprecated: string;
  decommissioned: string;
  inUse: boolean;
}
const table = JSON.parse(await readFile(join(root, 'platform/runtimes.json'), 'utf8')) as {
  warnDays: number;
  runtimes: Runtime[];
};

/** The check runs against today. */
const today = new Date();
const ref = (expr: string) => `\${${expr}}`;

function runtimeProblems(runtimes: Runtime[], now: Date, warnDays: number): string[] {
  const horizon = now.getTime() + warnDays * 86_400_000;
  return runtimes
    .filter((r) => r.inUse && Date.parse(r.decommissioned) <= horizon)
    .map((r) => `${r.platform} ${r.id} ends ${r.decommissioned}: move to a newer runtime`);
}

/** Runtime IDs named where they take effect: Terraform values, gcloud flags, action.yml. */
async function namedRuntimes(): Promise<{ where: string; platform: string; id: string }[]> {
  const found: { where: string; platform: string; id: string }[] = [];
  const walk = async (dir: string): Promise<string[]> => {
    const entries = await readdir(dir, { withFileTypes: true });
    const files = await Promise.all(
      entries.map((e) => {
        const path = join(dir, e.name);
        if (e.isDirectory()) return ['node_modules', 'dist', '.terraform'].includes(e.name) ? [] : walk(path);
        return [path];
      }),
    );
    return files.flat();
  };
  const files = [
    ...(await walk(join(root, 'terraform'))),
    ...(await walk(join(root, 'deployments'))),
    join(root, 'README.md'),
    ...(await walk(join(root, 'docs'))),
  ];
  for (const file of files) {
    const where = relative(root, file);
    const text = await readFile(file, 'utf8');
    if (file.endsWith('.tf')) {
      for (const m of text.matchAll(/^\s*(?:runtime|default)\s*=\s*"(nodejs[\d.x]+)"/gm)) {
        found.push({
          where,
          platform: m[1]!.endsWith('.x') ? 'aws-lambda' : 'gcp-cloud-run-functions',
          id: m[1]!,
        });
      }
      for (const m of text.matchAll(/contains\(\[([^\]]*)\],\s*var\.(runtime|node_version)\)/g)) {
        for (const id of m[1]!.matchAll(/"([^"]+)"/g)) {
          const platform =
            m[2] === 'node_version'
              ? 'azure-functions'
              : id[1]!.endsWith('.x')
                ? 'aws-lambda'
                : 'gcp-cloud-run-functions';
          found.push({ where, platform, id: id[1]! });
        }
      }
    }
    for (const m of text.matchAll(/--runtime[= ](nodejs[\d.x]+)/g)) {
      found.push({
        where,
        platform: m[1]!.endsWith('.x') ? 'aws-lambda' : 'gcp-cloud-run-functions',
        id: m[1]!,
      });
    }
    if (file.endsWith('action.yml')) {
      for (const m of text.matchAll(/^\s*using:\s*['"]?(node\d+)/gm))
        found.push({ where, platform: 'github-actions', id: m[1]! });
    }
  }
  return found;
}

describe('platform runtimes (platform/runtimes.json)', () => {
  it('no runtime in use is past, or within the warning window of, its end of support', () => {
    expect(runtimeProblems(table.runtimes, today, table.warnDays)).toEqual([]);
  });

  it('the check fails for a runtime past its end (nodejs20 on Cloud Run functions, as of 2026-11)', () => {
    const nodejs20 = table.runtimes.find((r) => r.id === 'nodejs20')!;
    expect(
      runtimeProblems([{ ...nodejs20, inUse: true }], new Date('2026-11-29'), table.warnDays),
    ).toHaveLength(1);
  });

  it('every runtime a deployment names is in the table, marked in use and still supported', async () => {
    const named = await namedRuntimes();
    expect(named.length).toBeGreaterThan(0);
    for (const n of named) {
      const entry = table.runtimes.find((r) => r.platform === n.platform && r.id === n.id);
      expect(
        entry,
        `${n.where} names ${n.platform} ${n.id}, which platform/runtimes.json does not list`,
      ).toBeDefined();
      expect(entry!.inUse, `${n.where} names ${n.id}, marked not in use in platform/runtimes.json`).toBe(
        true,
      );
    }
  });

  it('docs/runtimes.md shows the runtimes in use as platform/runtimes.json lists them', async () => {
    const doc = await readFile(join(root, 'docs/runtimes.md'), 'utf8');
    const shown = /<!-- runtimes-table:start -->\n([\s\S]*?)<!-- runtimes-table:end -->/.exec(doc)?.[1] ?? '';
    const rows = table.runtimes
      .filter((r) => r.inUse)
      .map(
        (r) =>
          `| ${r.platform} | \`${r.id}\` | ${r.deprecated} | ${r.decommissioned} | ${r.inUse ? 'yes' : 'no'} |`,
      );
    const expected = [
      '| platform | runtime | deprecated | end of support | used by keyroll |',
      '| --- | --- | --- | --- | --- |',
      ...rows,
    ].join('\n');
    expect(shown.trim()).toBe(expected);
  });

  it('terraform/gcp keeps its runtime in one variable that both functions use', async () => {
    const dir = join(root, 'terraform/gcp');
    const vars = await parse('variables.tf', await readFile(join(dir, 'variables.tf'), 'utf8'));
    const fns = await parse('functions.tf', await readFile(join(dir, 'functions.tf'), 'utf8'));
    expect(vars.variable.runtime[0].default).toBe('nodejs24');
    for (const name of ['event', 'http']) {
      expect(fns.resource.google_cloudfunctions2_function[name][0].build_config[0].runtime).toBe(
        ref('var.runtime'),
      );
    }
  });
});
