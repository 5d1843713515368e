import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WASM_BASELINE_FLAG } from '@keyroll/runtime/handler';

/**
 * A probe for @keyroll/runtime's keepWasmOnBaseline in a child `node`: `nodeArgs` preloads a module that
 * records, in order, every WebAssembly-related V8 flag the process sets (`flag <flag>`) and every time it
 * compiles llhttp, undici's HTTP parser (`llhttp`; undici's own or Node's fetch). Other WebAssembly is
 * not recorded: the GCP SDK's `long` compiles a few bytes of it as it loads, before any entry's code
 * runs, and never gets hot. `events()` reads the record after the child has run.
 */
export interface WasmOrderProbe {
  nodeArgs: string[];
  events(): Promise<string[]>;
}

/** The first event every run must record: the flag, before any module is compiled. */
export const FLAG_EVENT = `flag ${WASM_BASELINE_FLAG}`;

export async function wasmOrderProbe(dir: string, name = 'wasm-order'): Promise<WasmOrderProbe> {
  const log = join(dir, `${name}.log`);
  const preload = join(dir, `${name}.mjs`);
  await writeFile(
    preload,
    [
      "import v8 from 'node:v8';",
      "import { appendFileSync } from 'node:fs';",
      `const log = ${JSON.stringify(log)};`,
      'const record = (line) => appendFileSync(log, line + "\\n");',
      'const set = v8.setFlagsFromString;',
      "v8.setFlagsFromString = (f) => { if (String(f).includes('wasm')) record('flag ' + f); return set(f); };",
      'const { Module, Instance } = WebAssembly;',
      "const isLlhttp = (m) => Module.exports(m).some((e) => e.name === 'llhttp_execute');",
      'const seen = (m) => { if (isLlhttp(m)) record("llhttp"); return m; };',
      'WebAssembly.Module = new Proxy(Module, { construct: (t, a) => seen(Reflect.construct(t, a)) });',
      'const compile = WebAssembly.compile;',
      'WebAssembly.compile = (...a) => compile(...a).then(seen);',
      'const instantiate = WebAssembly.instantiate;',
      'WebAssembly.instantiate = (...a) => instantiate(...a).then((r) => (r instanceof Instance || seen(r.module), r));',
    ].join('\n'),
  );
  await writeFile(log, '');
  return {
    nodeArgs: ['--import', preload],
    events: async () => (await readFile(log, 'utf8')).split('\n').filter(Boolean),
  };
}
