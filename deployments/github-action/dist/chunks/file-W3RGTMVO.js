import { createRequire as __keyrollCreateRequire } from 'node:module';
const require = __keyrollCreateRequire(import.meta.url);
import {
  FileLockProvider,
  FileVaultAdapter
} from "./chunk-E6GMZG4G.js";
import {
  formatVaultUri
} from "./chunk-LMIKYS6J.js";
import "./chunk-MCGQFY4T.js";
import "./chunk-5YAJ7IBO.js";

// packages/runtime/src/vaults/drivers/file.ts
import { dirname } from "node:path";
function open(ref, _ctx) {
  if (ref.scheme !== "file") throw new Error("file driver: wrong scheme");
  const adapter = new FileVaultAdapter({ path: ref.path });
  return {
    ref,
    uri: formatVaultUri(ref),
    adapter,
    lock: (lockDir) => new FileLockProvider({ directory: lockDir ?? dirname(adapter.path) })
  };
}
export {
  open
};
