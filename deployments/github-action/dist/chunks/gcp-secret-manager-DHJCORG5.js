import { createRequire as __keyrollCreateRequire } from 'node:module';
const require = __keyrollCreateRequire(import.meta.url);
import {
  ConfigError
} from "./chunk-MCGQFY4T.js";
import "./chunk-5YAJ7IBO.js";

// keyroll-drivers-left-out:./drivers/gcp-secret-manager.ts
function open(ref) {
  throw new ConfigError("vault_adapter_missing", "{scheme}:// vaults are not bundled in the keyroll Action: rotate them with the keyroll CLI or the GCP deployment (deployments/gcp-functions), or keep the primary in Key Vault or a file".replace("{scheme}", ref.scheme));
}
export {
  open
};
