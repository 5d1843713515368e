import { setFlagsFromString } from 'node:v8';

/**
 * Keeps WebAssembly on V8's baseline compiler (Liftoff) for the rest of this process. The Prisma Cloud
 * client talks HTTP through undici, which parses responses with llhttp compiled to WebAssembly. Once it
 * is warm, V8 re-compiles llhttp's one huge state-machine function with its optimizing compiler, on a
 * worker thread: measured on a `keyroll rotate` (file vault), 120 ms of CPU and 16 MiB of peak RSS; on
 * `rotate --all`, a 10 MiB arena of compiler memory that the C allocator keeps until the process exits
 * (/proc/self/smaps at the peak, bench/fleet.ts). The CLI parses a handful to a few thousand small JSON
 * answers, where the optimized parser saves microseconds.
 *
 * V8 has no per-module switch, and `--liftoff-only` only works on the command line, which a bin cannot
 * portably pass. `--wasm-tier-up-filter` (tier up only the function with this index) is read each time a
 * function is due for tier-up, so naming an index no module has keeps every function on Liftoff. It
 * touches WebAssembly only: JavaScript is optimized as usual. Called before the first request compiles
 * llhttp; test/cli-bundle.test.ts checks the order.
 */
export function keepWasmOnBaseline(): void {
  setFlagsFromString(`--wasm-tier-up-filter=${0x7fffffff}`);
}
