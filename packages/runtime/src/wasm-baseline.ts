import v8 from 'node:v8';

/** The V8 flag (a function index no module has: tier up only that one, so none). */
export const WASM_BASELINE_FLAG = `--wasm-tier-up-filter=${0x7fffffff}`;

/**
 * Keeps WebAssembly on V8's baseline compiler (Liftoff) for the rest of this process. The Prisma Cloud
 * client talks HTTP through undici, which parses responses with llhttp compiled to WebAssembly (so does
 * Node's own fetch, which the cloud SDKs use). Once it is warm, V8 re-compiles llhttp's one huge
 * state-machine function with its optimizing compiler (TurboFan), on a worker thread: 16–21 MiB of peak
 * RSS and 120–200 ms of CPU in one rotation (bench/figures/bundle-rotations.ts); on `keyroll rotate --all`,
 * a 10 MiB arena of compiler memory the C allocator keeps until the process exits (bench/fleet.ts). A
 * rotation parses a handful to a few thousand small JSON answers, where the optimized parser saves
 * microseconds.
 *
 * V8 has no per-module switch, and `--liftoff-only` only works on the command line, which neither a bin
 * nor a cloud function's entry can portably pass. `--wasm-tier-up-filter` is a V8 flag (not Node's), read
 * each time a function is due for tier-up, so naming an index no module has keeps every function on
 * Liftoff. It touches WebAssembly only: JavaScript is optimized as usual.
 *
 * Call it before the first request compiles llhttp: the CLI's commands.ts and each deployment's entry
 * (deployments/<name>/src/main.ts) do at module top level; every bundle's smoke test checks that the flag
 * comes before the first WebAssembly module (test/helpers/wasm-order.ts). It is a V8 flag, not a Node
 * option: if a Node update ships a V8 without it, test/wasm-baseline.test.ts goes red. A rotation never
 * fails for it: V8 answers a flag it does not know with two lines on stderr ("Error: unrecognized flag …",
 * "Try --help for options") and carries on (Node 24.22.3); should a later Node throw instead, the error is
 * swallowed here, since only memory and CPU are at stake.
 */
export function keepWasmOnBaseline(): void {
  try {
    v8.setFlagsFromString(WASM_BASELINE_FLAG);
  } catch {
    // See above: never the rotation's concern.
  }
}
