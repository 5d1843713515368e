import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';

/**
 * A Terraform module read offline (providers cannot be downloaded here, so no `terraform validate`):
 * every `.tf` file of a folder parsed with hcl2json and merged: blocks of one kind by name (the first
 * block of a name), locals into one map, plus the raw text for what hcl2json drops (e.g. `moved`).
 */
// biome-ignore lint/suspicious/noExplicitAny: hcl2json returns untyped JSON
export type Hcl = Record<string, any>;

export interface TerraformModule {
  locals: Hcl;
  resource: Record<string, Record<string, Hcl>>;
  data: Record<string, Record<string, Hcl>>;
  variable: Record<string, Hcl>;
  output: Record<string, Hcl>;
  module: Record<string, Hcl>;
  terraform: Hcl[];
  text: string;
}

export async function readTerraformModule(dir: string): Promise<TerraformModule> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.tf')).sort();
  const texts = await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')));
  const parsed: Hcl[] = await Promise.all(files.map((f, i) => parse(f, texts[i]!)));
  const out: TerraformModule = {
    locals: {},
    resource: {},
    data: {},
    variable: {},
    output: {},
    module: {},
    terraform: [],
    text: texts.join('\n'),
  };
  for (const f of parsed) {
    for (const block of f.locals ?? []) Object.assign(out.locals, block);
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, byName] of Object.entries((f[kind] ?? {}) as Record<string, Record<string, Hcl[]>>)) {
        out[kind][type] ??= {};
        for (const [name, blocks] of Object.entries(byName)) out[kind][type][name] = blocks[0]!;
      }
    }
    for (const kind of ['variable', 'output', 'module'] as const) {
      for (const [name, blocks] of Object.entries((f[kind] ?? {}) as Record<string, Hcl[]>))
        out[kind][name] = blocks[0]!;
    }
    out.terraform.push(...(f.terraform ?? []));
  }
  return out;
}

/** An HCL interpolation as hcl2json writes it: `ref('var.x')` is `${var.x}`. */
export const ref = (expr: string) => `\${${expr}}`;

/** `${local.x}` → the local's value; anything else unchanged. */
export function resolveLocal(value: unknown, locals: Hcl): unknown {
  const m = typeof value === 'string' ? /^\$\{local\.([a-z_]+)\}$/.exec(value) : null;
  return m ? locals[m[1]!] : value;
}
