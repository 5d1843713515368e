import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WASM_BASELINE_FLAG } from '@keyroll/runtime/handler';

/**
 * A probe for @keyroll/runtime's keepWasmOnBaseline in a child `node`: `nodeArgs` preloads a module that
 * records, in order, every WebAssembly-related V8 flag the process sets and every WebAssembly module it
 * compiles (undici's llhttp, Node's own fetch). `events()` reads the record after the child has run.
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
      "WebAssembly.Module = new Proxy(WebAssembly.Module, { construct: (t, a) => (record('module'), Reflect.construct(t, a)) });",
      'for (const fn of ["compile", "instantiate"]) { const f = WebAssembly[fn]; WebAssembly[fn] = (...a) => (record("module"), f(...a)); }',
    ].join('\n'),
  );
  await writeFile(log, '');
  return {
    nodeArgs: ['--import', preload],
    events: async () => (await readFile(log, 'utf8')).split('\n').filter(Boolean),
  };
}
