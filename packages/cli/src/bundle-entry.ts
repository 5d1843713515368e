#!/usr/bin/env node
// The published bin (build.mjs bundles this file as dist/keyroll.mjs); the repository's bin runs
// main.ts through tsx.
/** The top-level usage text, put in by build.mjs from the same program's `--help` (undefined before). */
declare const KEYROLL_USAGE: string | undefined;

const args = process.argv.slice(2);
if (typeof KEYROLL_USAGE === 'string' && args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
  // The most frequent first run, answered without loading commander: the text is the program's own.
  process.stdout.on('error', () => {});
  process.stdout.write(KEYROLL_USAGE);
} else {
  await start();
}

async function start(): Promise<void> {
  // V8's compile cache: later runs reuse the chunks' compiled code instead of parsing it again (about a
  // sixth of a `keyroll rotate`). In the user's own cache directory, created 0700, never the shared /tmp
  // that Node picks by default: compiled code is code, and only this user may write it. Node itself
  // honours NODE_DISABLE_COMPILE_CACHE=1. No writable home: the CLI runs without the cache.
  // Built-ins taken from the process, not imported: this file then loads nothing before --help answers.
  const { mkdirSync } = process.getBuiltinModule('node:fs');
  const { enableCompileCache } = process.getBuiltinModule('node:module');
  const { homedir } = process.getBuiltinModule('node:os');
  const { join } = process.getBuiltinModule('node:path');
  try {
    const dir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'keyroll', 'compile-cache');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    enableCompileCache(dir);
  } catch {
    // runs as before, only slower
  }
  // Imported only now, so that the cache covers the CLI's own chunks.
  await import('./main.ts');
}
