import { ConfigError } from '@keyroll/core';
import type { OpenedVault } from '@keyroll/runtime/vaults';

/**
 * The Action's bundle leaves GCP Secret Manager out (its gRPC SDK would triple the size of a file every
 * workflow run downloads): build.mjs puts this in place of the runtime's GCP driver.
 */
export function open(): OpenedVault {
  throw new ConfigError(
    'vault_not_in_action',
    'gcp-secret-manager:// vaults are not bundled in the keyroll Action: rotate them with the keyroll CLI or the GCP deployment (deployments/gcp-functions), or keep the primary in Key Vault or a file',
  );
}
