import { createRequire as __keyrollCreateRequire } from 'node:module';
const require = __keyrollCreateRequire(import.meta.url);
import {
  FileLockProvider
} from "./chunk-E6GMZG4G.js";

// packages/runtime/src/vaults/drivers/local-lock.ts
import { homedir } from "node:os";
import { join } from "node:path";
function localLock(env, lockDir) {
  return new FileLockProvider({
    directory: lockDir ?? env.KEYROLL_LOCK_DIR ?? join(homedir(), ".keyroll", "locks")
  });
}

export {
  localLock
};
