import { createRequire as __keyrollCreateRequire } from 'node:module';
const require = __keyrollCreateRequire(import.meta.url);
import {
  ConfigError
} from "./chunk-K7MIB4QA.js";
import "./chunk-AEFPAJ5P.js";

// deployments/github-action/src/stubs/gcp-driver.ts
function open() {
  throw new ConfigError(
    "vault_not_in_action",
    "gcp-secret-manager:// vaults are not bundled in the keyroll Action: rotate them with the keyroll CLI or the GCP deployment (deployments/gcp-functions), or keep the primary in Key Vault or a file"
  );
}
export {
  open
};
