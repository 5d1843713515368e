import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import v8 from 'node:v8';
import { keepWasmOnBaseline, WASM_BASELINE_FLAG } from '@keyroll/runtime/handler';
import { describe, expect, it, vi } from 'vitest';

const run = promisify(execFile);

/**
 * packages/runtime/src/wasm-baseline.ts. Each bundle's smoke test checks that the flag is set before the
 * first WebAssembly module is compiled (test/helpers/wasm-order.ts); these check that V8 still knows the
 * flag, and that a Node which refuses it cannot fail a rotation.
 */
describe('keepWasmOnBaseline', () => {
  it('sets a flag this V8 knows (red here when a Node update drops it: then the bundles tier up again)', async () => {
    const { stdout } = await run(process.execPath, ['--v8-options'], { maxBuffer: 16 * 1024 * 1024 });
    const [name, value] = WASM_BASELINE_FLAG.split('=');
    expect(stdout).toMatch(new RegExp(`^\\s*${name} \\(`, 'm'));
    expect(Number(value)).toBe(0x7fffffff); // an index no module has: no function tiers up
    // V8 answers an unknown flag with "Error: unrecognized flag" on stderr and carries on.
    const set = await run(process.execPath, [
      '-e',
      `require('node:v8').setFlagsFromString(${JSON.stringify(WASM_BASELINE_FLAG)}); console.log('set')`,
    ]);
    expect(set.stdout).toBe('set\n');
    expect(set.stderr).toBe('');
  });

  it('never throws: a Node that refuses the flag costs memory, not the rotation', () => {
    const refuse = vi.spyOn(v8, 'setFlagsFromString').mockImplementation(() => {
      throw new TypeError('unrecognized flag');
    });
    try {
      expect(() => keepWasmOnBaseline()).not.toThrow();
      expect(refuse).toHaveBeenCalledWith(WASM_BASELINE_FLAG);
    } finally {
      refuse.mockRestore();
    }
  });
});
