#!/usr/bin/env node
// The published bin (build.mjs bundles this file as dist/keyroll.mjs); the repository's bin runs
// main.ts through tsx.
import { mkdirSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

// V8's compile cache: later runs reuse the chunks' compiled code instead of parsing it again (about a
// sixth of a `keyroll rotate`). In the user's own cache directory, created 0700, never the shared /tmp
// that Node picks by default: compiled code is code, and only this user may write it. Node itself
// honours NODE_DISABLE_COMPILE_CACHE=1. No writable home: the CLI runs without the cache.
try {
  const dir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'keyroll', 'compile-cache');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  enableCompileCache(dir);
} catch {
  // runs as before, only slower
}
// Imported only now, so that the cache covers the CLI's own chunks.
await import('./main.ts');
