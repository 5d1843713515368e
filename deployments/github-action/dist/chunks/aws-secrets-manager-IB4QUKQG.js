import { createRequire as __keyrollCreateRequire } from 'node:module';
const require = __keyrollCreateRequire(import.meta.url);
import {
  localLock
} from "./chunk-CLQA6F7P.js";
import "./chunk-E6GMZG4G.js";
import {
  formatVaultUri
} from "./chunk-LMIKYS6J.js";
import {
  ConfigError
} from "./chunk-MCGQFY4T.js";
import "./chunk-5YAJ7IBO.js";

// packages/runtime/src/vaults/drivers/aws-secrets-manager.ts
var AWS_PACKAGE = "@keyroll/vault-aws-secrets-manager";
async function importOptional(specifier, uri) {
  try {
    return await import(specifier);
  } catch (err) {
    const code = err.code;
    if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") throw err;
    throw new ConfigError(
      "vault_adapter_missing",
      `${uri}: the adapter package ${specifier} is not installed; add it next to keyroll`
    );
  }
}
async function open(ref, ctx) {
  if (ref.scheme !== "aws-secrets-manager") throw new Error("aws driver: wrong scheme");
  const uri = formatVaultUri(ref);
  const specifier = AWS_PACKAGE;
  const mod = await importOptional(specifier, uri);
  const Adapter = mod.AwsSecretsManagerAdapter;
  if (typeof Adapter !== "function")
    throw new ConfigError("vault_adapter_missing", `${AWS_PACKAGE} does not export AwsSecretsManagerAdapter`);
  const extra = ctx.sdk?.aws ?? {};
  const options = {
    ...extra,
    secret: ref.secretId,
    clientConfig: { ...extra.clientConfig, region: ref.region },
    managedByConfiguration: ctx.namedInConfiguration
  };
  const Lock = mod.SecretsManagerLockProvider;
  return {
    ref,
    uri,
    adapter: new Adapter(options),
    lock: (lockDir) => typeof Lock === "function" ? new Lock(options) : localLock(ctx.env, lockDir)
  };
}
export {
  AWS_PACKAGE,
  importOptional,
  open
};
