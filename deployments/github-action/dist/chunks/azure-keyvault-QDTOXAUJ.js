import { createRequire as __keyrollCreateRequire } from 'node:module';
const require = __keyrollCreateRequire(import.meta.url);
import {
  DefaultAzureCredential,
  Poller,
  RestError,
  bearerTokenAuthenticationPolicy,
  bearerTokenAuthenticationPolicyName,
  createClientLogger,
  createPipelineFromOptions,
  createRestError,
  createTracingClient,
  delay,
  getClient,
  isKeyCredential,
  isTokenCredential,
  operationOptionsToRequestParameters,
  stringToUint8Array,
  uint8ArrayToString
} from "./chunk-ZI3QLOOB.js";
import {
  localLock
} from "./chunk-CLQA6F7P.js";
import "./chunk-E6GMZG4G.js";
import {
  formatVaultUri
} from "./chunk-LMIKYS6J.js";
import {
  BOOKKEEPING_TAG,
  ConfigError,
  InputError,
  VaultError,
  decodeBookkeeping,
  encodeBookkeeping
} from "./chunk-MCGQFY4T.js";
import "./chunk-5YAJ7IBO.js";

// packages/vault-azure-keyvault/src/adapter.ts
import { AsyncLocalStorage } from "node:async_hooks";

// packages/vault-azure-keyvault/src/errors.ts
function toVaultError(err, operation, where) {
  if (err instanceof VaultError) return err;
  const e = typeof err === "object" && err !== null ? err : { name: "Error", message: String(err) };
  const server = serverMessage(e);
  const prefix = `Key Vault ${operation} of ${where} failed`;
  const status = e.statusCode;
  if (e.name === "CredentialUnavailableError" || e.name === "AuthenticationError" || e.name === "AggregateAuthenticationError") {
    return make(
      "credential_unavailable",
      "auth",
      `${prefix}: no Azure credential could get a token (${firstLine(e.message)}). In Azure, enable the Function App's managed identity; on a laptop run \`az login\`.`
    );
  }
  if (status === void 0) {
    if (e.name === "AbortError" || e.code === "ECONNRESET" || e.code === "REQUEST_SEND_ERROR" || /socket hang up|aborted/i.test(e.message)) {
      return operation === "write" || operation === "update" ? make(
        "vault_no_response",
        "ambiguous",
        `${prefix}: no response from the vault (timeout or dropped connection); the change may or may not have been applied`
      ) : make(
        "vault_unavailable",
        "unavailable",
        `${prefix}: no response from the vault (timeout or dropped connection)`
      );
    }
    return make("vault_unreachable", "unavailable", `${prefix}: ${firstLine(e.message)}`);
  }
  switch (status) {
    case 400:
      return make("bad_request", "input", `${prefix}: the vault rejected the request (400${server})`, status);
    case 401:
      return make(
        "unauthorized",
        "auth",
        `${prefix}: the vault rejected the token (401${server}); check the identity's tenant`,
        status
      );
    case 403:
      if (isNetworkRefusal(e)) {
        return make(
          "network_refused",
          "permission",
          `${prefix}: the vault's network rules refuse this caller (403${server}). Public network access is disabled or the firewall does not allow the Function App: integrate the app with a VNet that has a private endpoint or an allowed subnet (terraform/azure: subnet_id), or add its outbound addresses to the vault firewall`,
          status
        );
      }
      if (isDisabled(e)) {
        return make(
          "secret_disabled",
          "conflict",
          `${prefix}: the current version is disabled (403${server}); enable it or write a new version`,
          status
        );
      }
      return make(
        "forbidden",
        "permission",
        `${prefix}: access denied (403${server}); grant the identity the "Key Vault Secrets Officer" role on the vault (RBAC vaults) or get/set/list secret permissions (access-policy vaults)`,
        status
      );
    case 404:
      return make("not_found", "not_found", `${prefix}: the secret does not exist (404${server})`, status);
    case 409:
      return make(
        "conflict",
        "conflict",
        `${prefix}: conflict (409${server}); a deleted secret with this name may need to be recovered or purged`,
        status
      );
    case 429:
      return make(
        "throttled",
        "rate_limited",
        `${prefix}: throttled by the vault (429)`,
        status,
        retryAfter(e)
      );
    default:
      if (status >= 500) {
        const category = (operation === "write" || operation === "update") && status !== 503 ? "ambiguous" : "unavailable";
        return make(
          "vault_unavailable",
          category,
          `${prefix}: the vault answered ${status}${server}`,
          status,
          retryAfter(e)
        );
      }
      return make("vault_error", "internal", `${prefix}: unexpected status ${status}${server}`, status);
  }
}
function make(code, category, message, status, retryAfterMs) {
  return new VaultError(code, message, {
    category,
    ...status !== void 0 && { status },
    ...retryAfterMs !== void 0 && { retryAfterMs },
    ...category === "ambiguous" && { retryable: false }
  });
}
function serverMessage(e) {
  const code = e.code ? ` ${e.code}` : "";
  const message = e.message ? `: ${firstLine(e.message).slice(0, 300)}` : "";
  return `${code}${message}`;
}
function firstLine(s) {
  return s.split("\n")[0] ?? "";
}
function innerCode(e) {
  const error = e.details?.error;
  return error?.innerError?.code ?? error?.innererror?.code;
}
function isNetworkRefusal(e) {
  const inner = innerCode(e);
  return inner === "ForbiddenByFirewall" || inner === "ForbiddenByConnection" || /public network access|firewall|not authorized and caller is not a trusted service|private link/i.test(
    e.message
  );
}
function isDisabled(e) {
  return innerCode(e) === "SecretDisabled" || /not allowed on a disabled secret/i.test(e.message);
}
function retryAfter(e) {
  const value = e.response?.headers?.get("retry-after");
  if (!value) return void 0;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1e3;
  const date = Date.parse(value);
  return Number.isNaN(date) ? void 0 : Math.max(0, date - Date.now());
}

// packages/vault-azure-keyvault/src/tags.ts
var MANAGED_TAG = "keyroll-managed";
var METADATA_TAGS = {
  keyId: "keyroll-key-id",
  previousKeyId: "keyroll-previous-key-id",
  rotationId: "keyroll-rotation-id",
  rotatedAt: "keyroll-rotated-at",
  keyExpiresOn: "keyroll-key-expires-on",
  serviceAccount: "keyroll-service-account"
};
var PREFIX = "keyroll-";
function isManaged(tags) {
  return tags?.[MANAGED_TAG]?.trim().toLowerCase() === "true";
}
function metadataFromTags(tags) {
  const metadata = {};
  if (!tags) return metadata;
  for (const [field, tag] of Object.entries(METADATA_TAGS)) {
    const value = tags[tag];
    if (value !== void 0 && value !== "") metadata[field] = value;
  }
  return metadata;
}
function bookkeepingFromTags(tags) {
  const bookkeeping = decodeBookkeeping(tags?.[BOOKKEEPING_TAG]);
  return bookkeeping ? { bookkeeping } : {};
}
function withBookkeeping(tags, bookkeeping) {
  const { [BOOKKEEPING_TAG]: _old, ...rest } = tags;
  const text = encodeBookkeeping(bookkeeping);
  return text === void 0 ? rest : { ...rest, [BOOKKEEPING_TAG]: text };
}
function tagsFor(metadata, managed, foreign = {}) {
  const tags = {};
  for (const [name, value] of Object.entries(foreign)) {
    if (!name.startsWith(PREFIX)) tags[name] = value;
  }
  if (managed) tags[MANAGED_TAG] = "true";
  for (const [field, tag] of Object.entries(METADATA_TAGS)) {
    const value = metadata[field];
    if (value !== void 0 && value !== "") tags[tag] = value;
  }
  return tags;
}

// packages/vault-azure-keyvault/src/metadata.ts
var MAX_TAGS = 15;
async function readSecretMetadata(client, secretName, where, abortSignal) {
  const versions = [];
  try {
    for await (const p of client.listPropertiesOfSecretVersions(secretName, {
      abortSignal: abortSignal()
    })) {
      versions.push({
        version: p.version,
        created: p.createdOn?.getTime() ?? 0,
        enabled: p.enabled !== false,
        expiresOn: p.expiresOn,
        tags: p.tags
      });
    }
  } catch (err) {
    throw toVaultError(err, "read", where);
  }
  if (versions.length === 0) {
    throw new VaultError("not_found", `${where}: the secret does not exist`, { category: "not_found" });
  }
  const newest = Math.max(...versions.map((v) => v.created));
  const current = versions.filter((v) => v.created === newest);
  const latest = current.at(-1);
  return {
    managed: current.every((v) => isManaged(v.tags)),
    version: current.length === 1 ? latest.version : void 0,
    enabled: latest.enabled,
    ...latest.expiresOn && { expiresOn: latest.expiresOn },
    metadata: metadataFromTags(latest.tags),
    ...bookkeepingFromTags(latest.tags),
    tags: { ...latest.tags }
  };
}
function checkTagRoom(tags, where) {
  const full = {
    keyId: "x",
    previousKeyId: "x",
    rotationId: "x",
    rotatedAt: "x",
    keyExpiresOn: "x",
    serviceAccount: "x"
  };
  const needed = Object.keys(tagsFor(full, true, tags)).length + 1;
  if (needed > MAX_TAGS) {
    const own = needed - Object.keys(tagsFor(full, true)).length - 1;
    throw new ConfigError(
      "too_many_tags",
      `${where}: a rotation writes ${needed} tags (${own} of the team's own plus ${needed - own} keyroll-* tags) and Key Vault allows ${MAX_TAGS} per secret. Remove ${needed - MAX_TAGS} of the team's tags; nothing was changed.`
    );
  }
}

// packages/vault-azure-keyvault/src/check.ts
var MAX_VALUE_BYTES = 25 * 1024;
var VALUE_MARGIN_BYTES = 512;
function checkAzureTarget(tags, value, where) {
  checkTagRoom(tags ?? {}, where);
  if (value !== void 0 && Buffer.byteLength(value, "utf8") + VALUE_MARGIN_BYTES > MAX_VALUE_BYTES) {
    throw new InputError(
      "value_too_large",
      `${where}: the value may not fit Key Vault's 25 KiB with a new key`
    );
  }
}

// node_modules/.pnpm/@azure+keyvault-secrets@4.12.0/node_modules/@azure/keyvault-secrets/dist/esm/logger.js
var logger = createClientLogger("keyvault-secrets");

// node_modules/.pnpm/@azure-rest+core-client@2.9.0/node_modules/@azure-rest/core-client/dist/esm/restError.js
function createRestError2(messageOrResponse, response) {
  if (typeof messageOrResponse === "string") {
    return createRestError(messageOrResponse, response);
  } else {
    return createRestError(messageOrResponse);
  }
}

// node_modules/.pnpm/@azure-rest+core-client@2.9.0/node_modules/@azure-rest/core-client/dist/esm/apiVersionPolicy.js
var apiVersionPolicyName = "ApiVersionPolicy";
function apiVersionPolicy(options) {
  return {
    name: apiVersionPolicyName,
    sendRequest: (req, next) => {
      const url = new URL(req.url);
      if (!url.searchParams.get("api-version") && options.apiVersion) {
        req.url = `${req.url}${url.searchParams.size > 0 ? "&" : "?"}api-version=${options.apiVersion}`;
      }
      return next(req);
    }
  };
}

// node_modules/.pnpm/@azure-rest+core-client@2.9.0/node_modules/@azure-rest/core-client/dist/esm/keyCredentialAuthenticationPolicy.js
var keyCredentialAuthenticationPolicyName = "keyCredentialAuthenticationPolicy";
function keyCredentialAuthenticationPolicy(credential, apiKeyHeaderName) {
  return {
    name: keyCredentialAuthenticationPolicyName,
    sendRequest(request, next) {
      request.headers.set(apiKeyHeaderName, credential.key);
      return next(request);
    }
  };
}

// node_modules/.pnpm/@azure-rest+core-client@2.9.0/node_modules/@azure-rest/core-client/dist/esm/clientHelpers.js
function addCredentialPipelinePolicy(pipeline, endpoint, options = {}) {
  const { credential, clientOptions } = options;
  if (!credential) {
    return;
  }
  if (isTokenCredential(credential)) {
    const tokenPolicy = bearerTokenAuthenticationPolicy({
      credential,
      scopes: clientOptions?.credentials?.scopes ?? `${endpoint}/.default`
    });
    pipeline.addPolicy(tokenPolicy);
  } else if (isKeyCredential2(credential)) {
    if (!clientOptions?.credentials?.apiKeyHeaderName) {
      throw new Error(`Missing API Key Header Name`);
    }
    const keyPolicy = keyCredentialAuthenticationPolicy(credential, clientOptions?.credentials?.apiKeyHeaderName);
    pipeline.addPolicy(keyPolicy);
  }
}
function createDefaultPipeline(endpoint, credential, options = {}) {
  const pipeline = createPipelineFromOptions(options);
  pipeline.addPolicy(apiVersionPolicy(options));
  addCredentialPipelinePolicy(pipeline, endpoint, { credential, clientOptions: options });
  return pipeline;
}
function isKeyCredential2(credential) {
  return typeof credential === "object" && credential !== null && "key" in credential && typeof credential.key === "string";
}

// node_modules/.pnpm/@azure-rest+core-client@2.9.0/node_modules/@azure-rest/core-client/dist/esm/operationOptionHelpers.js
function operationOptionsToRequestParameters2(options) {
  const compatibilityOptions = options;
  const tspRequestParameters = operationOptionsToRequestParameters(options);
  return {
    ...tspRequestParameters,
    headers: mergeHeaders(compatibilityOptions.requestOptions?.customHeaders, tspRequestParameters.headers),
    tracingOptions: options.tracingOptions
  };
}
function mergeHeaders(...headerSets) {
  const headers = /* @__PURE__ */ new Map();
  for (const headerSet of headerSets) {
    for (const [name, value] of Object.entries(headerSet ?? {})) {
      headers.set(name.toLowerCase(), value);
    }
  }
  return Object.fromEntries(headers);
}

// node_modules/.pnpm/@azure-rest+core-client@2.9.0/node_modules/@azure-rest/core-client/dist/esm/getClient.js
function wrapRequestParameters(parameters) {
  if (parameters.onResponse) {
    return {
      ...parameters,
      onResponse(rawResponse, error) {
        parameters.onResponse?.(rawResponse, error, error);
      }
    };
  }
  return parameters;
}
function getClient2(endpoint, credentialsOrPipelineOptions, clientOptions = {}) {
  let credentials;
  if (credentialsOrPipelineOptions) {
    if (isCredential(credentialsOrPipelineOptions)) {
      credentials = credentialsOrPipelineOptions;
    } else {
      clientOptions = credentialsOrPipelineOptions ?? {};
    }
  }
  const pipeline = clientOptions.pipeline ?? createDefaultPipeline(endpoint, credentials, clientOptions);
  const tspClient = getClient(endpoint, {
    ...clientOptions,
    pipeline
  });
  const client = (path, ...args) => {
    return {
      get: (requestOptions = {}) => {
        return tspClient.path(path, ...args).get(wrapRequestParameters(requestOptions));
      },
      post: (requestOptions = {}) => {
        return tspClient.path(path, ...args).post(wrapRequestParameters(requestOptions));
      },
      put: (requestOptions = {}) => {
        return tspClient.path(path, ...args).put(wrapRequestParameters(requestOptions));
      },
      patch: (requestOptions = {}) => {
        return tspClient.path(path, ...args).patch(wrapRequestParameters(requestOptions));
      },
      delete: (requestOptions = {}) => {
        return tspClient.path(path, ...args).delete(wrapRequestParameters(requestOptions));
      },
      head: (requestOptions = {}) => {
        return tspClient.path(path, ...args).head(wrapRequestParameters(requestOptions));
      },
      options: (requestOptions = {}) => {
        return tspClient.path(path, ...args).options(wrapRequestParameters(requestOptions));
      },
      trace: (requestOptions = {}) => {
        return tspClient.path(path, ...args).trace(wrapRequestParameters(requestOptions));
      }
    };
  };
  return {
    path: client,
    pathUnchecked: client,
    pipeline: tspClient.pipeline
  };
}
function isCredential(param) {
  return isKeyCredential(param) || isTokenCredential(param);
}

// node_modules/.pnpm/@azure+keyvault-secrets@4.12.0/node_modules/@azure/keyvault-secrets/dist/esm/constants.js
var SDK_VERSION = "4.12.0";

// node_modules/.pnpm/@azure+keyvault-secrets@4.12.0/node_modules/@azure/keyvault-secrets/dist/esm/api/keyVaultContext.js
function createKeyVault(endpointParam, credential, options = {}) {
  const endpointUrl = options.endpoint ?? options.baseUrl ?? String(endpointParam);
  const prefixFromOptions = options?.userAgentOptions?.userAgentPrefix;
  const userAgentInfo = `azsdk-js-keyvault-secrets/${SDK_VERSION}`;
  const userAgentPrefix = prefixFromOptions ? `${prefixFromOptions} azsdk-js-api ${userAgentInfo}` : `azsdk-js-api ${userAgentInfo}`;
  const { apiVersion: _, ...updatedOptions } = {
    ...options,
    userAgentOptions: { userAgentPrefix },
    loggingOptions: { logger: options.loggingOptions?.logger ?? logger.info },
    credentials: {
      scopes: options.credentials?.scopes ?? ["https://vault.azure.net/.default"]
    }
  };
  const clientContext = getClient2(endpointUrl, credential, updatedOptions);
  clientContext.pipeline.removePolicy({ name: "ApiVersionPolicy" });
  const apiVersion = options.apiVersion ?? "2026-04-01";
  clientContext.pipeline.addPolicy({
    name: "ClientApiVersionPolicy",
    sendRequest: (req, next) => {
      const url = new URL(req.url);
      if (!url.searchParams.get("api-version")) {
        req.url = `${req.url}${Array.from(url.searchParams.keys()).length > 0 ? "&" : "?"}api-version=${apiVersion}`;
      }
      return next(req);
    }
  });
  return { ...clientContext, apiVersion };
}

// node_modules/.pnpm/@azure+keyvault-secrets@4.12.0/node_modules/@azure/keyvault-secrets/dist/esm/models/models.js
function secretSetParametersSerializer(item) {
  return {
    value: item["value"],
    tags: item["tags"],
    contentType: item["contentType"],
    attributes: !item["secretAttributes"] ? item["secretAttributes"] : secretAttributesSerializer(item["secretAttributes"])
  };
}
function secretAttributesSerializer(item) {
  return {
    enabled: item["enabled"],
    nbf: !item["notBefore"] ? item["notBefore"] : item["notBefore"].getTime() / 1e3 | 0,
    exp: !item["expires"] ? item["expires"] : item["expires"].getTime() / 1e3 | 0
  };
}
function secretAttributesDeserializer(item) {
  return {
    enabled: item["enabled"],
    notBefore: !item["nbf"] ? item["nbf"] : new Date(item["nbf"] * 1e3),
    expires: !item["exp"] ? item["exp"] : new Date(item["exp"] * 1e3),
    created: !item["created"] ? item["created"] : new Date(item["created"] * 1e3),
    updated: !item["updated"] ? item["updated"] : new Date(item["updated"] * 1e3),
    recoverableDays: item["recoverableDays"],
    recoveryLevel: item["recoveryLevel"]
  };
}
var KnownDeletionRecoveryLevel;
(function(KnownDeletionRecoveryLevel2) {
  KnownDeletionRecoveryLevel2["Purgeable"] = "Purgeable";
  KnownDeletionRecoveryLevel2["RecoverablePurgeable"] = "Recoverable+Purgeable";
  KnownDeletionRecoveryLevel2["Recoverable"] = "Recoverable";
  KnownDeletionRecoveryLevel2["RecoverableProtectedSubscription"] = "Recoverable+ProtectedSubscription";
  KnownDeletionRecoveryLevel2["CustomizedRecoverablePurgeable"] = "CustomizedRecoverable+Purgeable";
  KnownDeletionRecoveryLevel2["CustomizedRecoverable"] = "CustomizedRecoverable";
  KnownDeletionRecoveryLevel2["CustomizedRecoverableProtectedSubscription"] = "CustomizedRecoverable+ProtectedSubscription";
})(KnownDeletionRecoveryLevel || (KnownDeletionRecoveryLevel = {}));
function secretBundleDeserializer(item) {
  return {
    value: item["value"],
    id: item["id"],
    contentType: item["contentType"],
    attributes: !item["attributes"] ? item["attributes"] : secretAttributesDeserializer(item["attributes"]),
    tags: item["tags"],
    kid: item["kid"],
    managed: item["managed"],
    previousVersion: item["previousVersion"]
  };
}
function keyVaultErrorDeserializer(item) {
  return {
    error: !item["error"] ? item["error"] : _keyVaultErrorErrorDeserializer(item["error"])
  };
}
function _keyVaultErrorErrorDeserializer(item) {
  return {
    code: item["code"],
    message: item["message"],
    innerError: !item["innererror"] ? item["innererror"] : _keyVaultErrorErrorDeserializer(item["innererror"])
  };
}
function deletedSecretBundleDeserializer(item) {
  return {
    value: item["value"],
    id: item["id"],
    contentType: item["contentType"],
    attributes: !item["attributes"] ? item["attributes"] : secretAttributesDeserializer(item["attributes"]),
    tags: item["tags"],
    kid: item["kid"],
    managed: item["managed"],
    previousVersion: item["previousVersion"],
    recoveryId: item["recoveryId"],
    scheduledPurgeDate: !item["scheduledPurgeDate"] ? item["scheduledPurgeDate"] : new Date(item["scheduledPurgeDate"] * 1e3),
    deletedDate: !item["deletedDate"] ? item["deletedDate"] : new Date(item["deletedDate"] * 1e3)
  };
}
function secretUpdateParametersSerializer(item) {
  return {
    contentType: item["contentType"],
    attributes: !item["secretAttributes"] ? item["secretAttributes"] : secretAttributesSerializer(item["secretAttributes"]),
    tags: item["tags"]
  };
}
function _secretListResultDeserializer(item) {
  return {
    value: !item["value"] ? item["value"] : secretItemArrayDeserializer(item["value"]),
    nextLink: item["nextLink"]
  };
}
function secretItemArrayDeserializer(result) {
  return result.map((item) => {
    return secretItemDeserializer(item);
  });
}
function secretItemDeserializer(item) {
  return {
    id: item["id"],
    attributes: !item["attributes"] ? item["attributes"] : secretAttributesDeserializer(item["attributes"]),
    tags: item["tags"],
    contentType: item["contentType"],
    managed: item["managed"]
  };
}
function _deletedSecretListResultDeserializer(item) {
  return {
    value: !item["value"] ? item["value"] : deletedSecretItemArrayDeserializer(item["value"]),
    nextLink: item["nextLink"]
  };
}
function deletedSecretItemArrayDeserializer(result) {
  return result.map((item) => {
    return deletedSecretItemDeserializer(item);
  });
}
function deletedSecretItemDeserializer(item) {
  return {
    id: item["id"],
    attributes: !item["attributes"] ? item["attributes"] : secretAttributesDeserializer(item["attributes"]),
    tags: item["tags"],
    contentType: item["contentType"],
    managed: item["managed"],
    recoveryId: item["recoveryId"],
    scheduledPurgeDate: !item["scheduledPurgeDate"] ? item["scheduledPurgeDate"] : new Date(item["scheduledPurgeDate"] * 1e3),
    deletedDate: !item["deletedDate"] ? item["deletedDate"] : new Date(item["deletedDate"] * 1e3)
  };
}
function backupSecretResultDeserializer(item) {
  return {
    value: !item["value"] ? item["value"] : typeof item["value"] === "string" ? stringToUint8Array(item["value"], "base64url") : item["value"]
  };
}
function secretRestoreParametersSerializer(item) {
  return { value: uint8ArrayToString(item["secretBundleBackup"], "base64url") };
}
var KnownContentType;
(function(KnownContentType2) {
  KnownContentType2["PFX"] = "application/x-pkcs12";
  KnownContentType2["PEM"] = "application/x-pem-file";
})(KnownContentType || (KnownContentType = {}));
var KnownVersions;
(function(KnownVersions2) {
  KnownVersions2["V75"] = "7.5";
  KnownVersions2["V76Preview2"] = "7.6-preview.2";
  KnownVersions2["V76"] = "7.6";
  KnownVersions2["V20250701"] = "2025-07-01";
  KnownVersions2["V20260401"] = "2026-04-01";
})(KnownVersions || (KnownVersions = {}));

// node_modules/.pnpm/@azure+keyvault-secrets@4.12.0/node_modules/@azure/keyvault-secrets/dist/esm/static-helpers/pagingHelpers.js
function buildPagedAsyncIterator(client, getInitialResponse, processResponseBody, expectedStatuses, options = {}) {
  const itemName = options.itemName ?? "value";
  const nextLinkName = options.nextLinkName ?? "nextLink";
  const pagedResult = {
    getPage: async (pageLink) => {
      const result = pageLink === void 0 ? await getInitialResponse() : await client.pathUnchecked(pageLink).get();
      checkPagingRequest(result, expectedStatuses);
      const results = await processResponseBody(result);
      const nextLink = getNextLink(results, nextLinkName);
      const values = getElements(results, itemName);
      return {
        page: values,
        nextPageLink: nextLink
      };
    },
    byPage: (settings) => {
      const { continuationToken } = settings ?? {};
      return getPageAsyncIterator(pagedResult, {
        pageLink: continuationToken
      });
    }
  };
  return getPagedAsyncIterator(pagedResult);
}
function getPagedAsyncIterator(pagedResult) {
  const iter = getItemAsyncIterator(pagedResult);
  return {
    next() {
      return iter.next();
    },
    [Symbol.asyncIterator]() {
      return this;
    },
    byPage: pagedResult?.byPage ?? ((settings) => {
      const { continuationToken } = settings ?? {};
      return getPageAsyncIterator(pagedResult, {
        pageLink: continuationToken
      });
    })
  };
}
async function* getItemAsyncIterator(pagedResult) {
  const pages = getPageAsyncIterator(pagedResult);
  for await (const page of pages) {
    yield* page;
  }
}
async function* getPageAsyncIterator(pagedResult, options = {}) {
  const { pageLink } = options;
  let response = await pagedResult.getPage(pageLink ?? pagedResult.firstPageLink);
  if (!response) {
    return;
  }
  let result = response.page;
  result.continuationToken = response.nextPageLink;
  yield result;
  while (response.nextPageLink) {
    response = await pagedResult.getPage(response.nextPageLink);
    if (!response) {
      return;
    }
    result = response.page;
    result.continuationToken = response.nextPageLink;
    yield result;
  }
}
function getNextLink(body, nextLinkName) {
  if (!nextLinkName) {
    return void 0;
  }
  const nextLink = body[nextLinkName];
  if (typeof nextLink !== "string" && typeof nextLink !== "undefined" && nextLink !== null) {
    throw new RestError(`Body Property ${nextLinkName} should be a string or undefined or null but got ${typeof nextLink}`);
  }
  if (nextLink === null) {
    return void 0;
  }
  return nextLink;
}
function getElements(body, itemName) {
  const value = body[itemName];
  if (!Array.isArray(value)) {
    throw new RestError(`Couldn't paginate response
 Body doesn't contain an array property with name: ${itemName}`);
  }
  return value ?? [];
}
function checkPagingRequest(response, expectedStatuses) {
  if (!expectedStatuses.includes(response.status)) {
    throw createRestError2(`Pagination failed with unexpected statusCode ${response.status}`, response);
  }
}

// node_modules/.pnpm/@azure+keyvault-secrets@4.12.0/node_modules/@azure/keyvault-secrets/dist/esm/static-helpers/urlTemplate.js
function encodeComponent(val, reserved, op) {
  return (reserved ?? op === "+") || op === "#" ? encodeReservedComponent(val) : encodeRFC3986URIComponent(val);
}
function encodeReservedComponent(str) {
  return str.split(/(%[0-9A-Fa-f]{2})/g).map((part) => !/%[0-9A-Fa-f]/.test(part) ? encodeURI(part) : part).join("");
}
function encodeRFC3986URIComponent(str) {
  return encodeURIComponent(str).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
function isDefined(val) {
  return val !== void 0 && val !== null;
}
function getNamedAndIfEmpty(op) {
  return [!!op && [";", "?", "&"].includes(op), !!op && ["?", "&"].includes(op) ? "=" : ""];
}
function getFirstOrSep(op, isFirst = false) {
  if (isFirst) {
    return !op || op === "+" ? "" : op;
  } else if (!op || op === "+" || op === "#") {
    return ",";
  } else if (op === "?") {
    return "&";
  } else {
    return op;
  }
}
function getExpandedValue(option) {
  let isFirst = option.isFirst;
  const { op, varName, varValue: value, reserved } = option;
  const vals = [];
  const [named, ifEmpty] = getNamedAndIfEmpty(op);
  if (Array.isArray(value)) {
    for (const val of value.filter(isDefined)) {
      vals.push(`${getFirstOrSep(op, isFirst)}`);
      if (named && varName) {
        vals.push(`${encodeURIComponent(varName)}`);
        val === "" ? vals.push(ifEmpty) : vals.push("=");
      }
      vals.push(encodeComponent(val, reserved, op));
      isFirst = false;
    }
  } else if (typeof value === "object") {
    for (const key of Object.keys(value)) {
      const val = value[key];
      if (!isDefined(val)) {
        continue;
      }
      vals.push(`${getFirstOrSep(op, isFirst)}`);
      if (key) {
        vals.push(`${encodeURIComponent(key)}`);
        named && val === "" ? vals.push(ifEmpty) : vals.push("=");
      }
      vals.push(encodeComponent(val, reserved, op));
      isFirst = false;
    }
  }
  return vals.join("");
}
function getNonExpandedValue(option) {
  const { op, varName, varValue: value, isFirst, reserved } = option;
  const vals = [];
  const first = getFirstOrSep(op, isFirst);
  const [named, ifEmpty] = getNamedAndIfEmpty(op);
  if (named && varName) {
    vals.push(encodeComponent(varName, reserved, op));
    if (value === "") {
      if (!ifEmpty) {
        vals.push(ifEmpty);
      }
      return !vals.join("") ? void 0 : `${first}${vals.join("")}`;
    }
    vals.push("=");
  }
  const items = [];
  if (Array.isArray(value)) {
    for (const val of value.filter(isDefined)) {
      items.push(encodeComponent(val, reserved, op));
    }
  } else if (typeof value === "object") {
    for (const key of Object.keys(value)) {
      if (!isDefined(value[key])) {
        continue;
      }
      items.push(encodeRFC3986URIComponent(key));
      items.push(encodeComponent(value[key], reserved, op));
    }
  }
  vals.push(items.join(","));
  return !vals.join(",") ? void 0 : `${first}${vals.join("")}`;
}
function getVarValue(option) {
  const { op, varName, modifier, isFirst, reserved, varValue: value } = option;
  if (!isDefined(value)) {
    return void 0;
  } else if (["string", "number", "boolean"].includes(typeof value)) {
    let val = value.toString();
    const [named, ifEmpty] = getNamedAndIfEmpty(op);
    const vals = [getFirstOrSep(op, isFirst)];
    if (named && varName) {
      vals.push(varName);
      val === "" ? vals.push(ifEmpty) : vals.push("=");
    }
    if (modifier && modifier !== "*") {
      val = val.substring(0, parseInt(modifier, 10));
    }
    vals.push(encodeComponent(val, reserved, op));
    return vals.join("");
  } else if (modifier === "*") {
    return getExpandedValue(option);
  } else {
    return getNonExpandedValue(option);
  }
}
function expandUrlTemplate(template, context, option) {
  return template.replace(/\{([^\{\}]+)\}|([^\{\}]+)/g, (_, expr, text) => {
    if (!expr) {
      return encodeReservedComponent(text);
    }
    let op;
    if (["+", "#", ".", "/", ";", "?", "&"].includes(expr[0])) {
      op = expr[0], expr = expr.slice(1);
    }
    const varList = expr.split(/,/g);
    const result = [];
    for (const varSpec of varList) {
      const varMatch = /([^:\*]*)(?::(\d+)|(\*))?/.exec(varSpec);
      if (!varMatch || !varMatch[1]) {
        continue;
      }
      const varValue = getVarValue({
        isFirst: result.length === 0,
        op,
        varValue: context[varMatch[1]],
        varName: varMatch[1],
        modifier: varMatch[2] || varMatch[3],
        reserved: option?.allowReserved
      });
      if (varValue) {
        result.push(varValue);
      }
    }
    return result.join("");
  });
}

// node_modules/.pnpm/@azure+keyvault-secrets@4.12.0/node_modules/@azure/keyvault-secrets/dist/esm/api/operations.js
function _restoreSecretSend(context, parameters, options = { requestOptions: {} }) {
  const path = expandUrlTemplate("/secrets/restore{?api%2Dversion}", {
    "api%2Dversion": context.apiVersion
  }, {
    allowReserved: options?.requestOptions?.skipUrlEncoding
  });
  return context.path(path).post({
    ...operationOptionsToRequestParameters2(options),
    contentType: "application/json",
    headers: {
      accept: "application/json",
      ...options.requestOptions?.headers
    },
    body: secretRestoreParametersSerializer(parameters)
  });
}
async function _restoreSecretDeserialize(result) {
  const expectedStatuses = ["200"];
  if (!expectedStatuses.includes(result.status)) {
    const error = createRestError2(result);
    error.details = keyVaultErrorDeserializer(result.body);
    throw error;
  }
  return secretBundleDeserializer(result.body);
}
async function restoreSecret(context, parameters, options = { requestOptions: {} }) {
  const result = await _restoreSecretSend(context, parameters, options);
  return _restoreSecretDeserialize(result);
}
function _backupSecretSend(context, secretName, options = { requestOptions: {} }) {
  const path = expandUrlTemplate("/secrets/{secret-name}/backup{?api%2Dversion}", {
    "secret-name": secretName,
    "api%2Dversion": context.apiVersion
  }, {
    allowReserved: options?.requestOptions?.skipUrlEncoding
  });
  return context.path(path).post({
    ...operationOptionsToRequestParameters2(options),
    headers: {
      accept: "application/json",
      ...options.requestOptions?.headers
    }
  });
}
async function _backupSecretDeserialize(result) {
  const expectedStatuses = ["200"];
  if (!expectedStatuses.includes(result.status)) {
    const error = createRestError2(result);
    error.details = keyVaultErrorDeserializer(result.body);
    throw error;
  }
  return backupSecretResultDeserializer(result.body);
}
async function backupSecret(context, secretName, options = { requestOptions: {} }) {
  const result = await _backupSecretSend(context, secretName, options);
  return _backupSecretDeserialize(result);
}
function _recoverDeletedSecretSend(context, secretName, options = { requestOptions: {} }) {
  const path = expandUrlTemplate("/deletedsecrets/{secret-name}/recover{?api%2Dversion}", {
    "secret-name": secretName,
    "api%2Dversion": context.apiVersion
  }, {
    allowReserved: options?.requestOptions?.skipUrlEncoding
  });
  return context.path(path).post({
    ...operationOptionsToRequestParameters2(options),
    headers: {
      accept: "application/json",
      ...options.requestOptions?.headers
    }
  });
}
async function _recoverDeletedSecretDeserialize(result) {
  const expectedStatuses = ["200"];
  if (!expectedStatuses.includes(result.status)) {
    const error = createRestError2(result);
    error.details = keyVaultErrorDeserializer(result.body);
    throw error;
  }
  return secretBundleDeserializer(result.body);
}
async function recoverDeletedSecret(context, secretName, options = { requestOptions: {} }) {
  const result = await _recoverDeletedSecretSend(context, secretName, options);
  return _recoverDeletedSecretDeserialize(result);
}
function _purgeDeletedSecretSend(context, secretName, options = { requestOptions: {} }) {
  const path = expandUrlTemplate("/deletedsecrets/{secret-name}{?api%2Dversion}", {
    "secret-name": secretName,
    "api%2Dversion": context.apiVersion
  }, {
    allowReserved: options?.requestOptions?.skipUrlEncoding
  });
  return context.path(path).delete({
    ...operationOptionsToRequestParameters2(options),
    headers: {
      accept: "application/json",
      ...options.requestOptions?.headers
    }
  });
}
async function _purgeDeletedSecretDeserialize(result) {
  const expectedStatuses = ["204"];
  if (!expectedStatuses.includes(result.status)) {
    const error = createRestError2(result);
    error.details = keyVaultErrorDeserializer(result.body);
    throw error;
  }
  return;
}
async function purgeDeletedSecret(context, secretName, options = { requestOptions: {} }) {
  const result = await _purgeDeletedSecretSend(context, secretName, options);
  return _purgeDeletedSecretDeserialize(result);
}
function _getDeletedSecretSend(context, secretName, options = { requestOptions: {} }) {
  const path = expandUrlTemplate("/deletedsecrets/{secret-name}{?api%2Dversion}", {
    "secret-name": secretName,
    "api%2Dversion": context.apiVersion
  }, {
    allowReserved: options?.requestOptions?.skipUrlEncoding
  });
  return context.path(path).get({
    ...operationOptionsToRequestParameters2(options),
    headers: {
      accept: "application/json",
      ...options.requestOptions?.headers
    }
  });
}
async function _getDeletedSecretDeserialize(result) {
  const expectedStatuses = ["200"];
  if (!expectedStatuses.includes(result.status)) {
    const error = createRestError2(result);
    error.details = keyVaultErrorDeserializer(result.body);
    throw error;
  }
  return deletedSecretBundleDeserializer(result.body);
}
async function getDeletedSecret(context, secretName, options = { requestOptions: {} }) {
  const result = await _getDeletedSecretSend(context, secretName, options);
  return _getDeletedSecretDeserialize(result);
}
function _getDeletedSecretsSend(context, options = { requestOptions: {} }) {
  const path = expandUrlTemplate("/deletedsecrets{?api%2Dversion,maxresults}", {
    "api%2Dversion": context.apiVersion,
    maxresults: options?.maxresults
  }, {
    allowReserved: options?.requestOptions?.skipUrlEncoding
  });
  return context.path(path).get({
    ...operationOptionsToRequestParameters2(options),
    headers: {
      accept: "application/json",
      ...options.requestOptions?.headers
    }
  });
}
async function _getDeletedSecretsDeserialize(result) {
  const expectedStatuses = ["200"];
  if (!expectedStatuses.includes(result.status)) {
    const error = createRestError2(result);
    error.details = keyVaultErrorDeserializer(result.body);
    throw error;
  }
  return _deletedSecretListResultDeserializer(result.body);
}
function getDeletedSecrets(context, options = { requestOptions: {} }) {
  return buildPagedAsyncIterator(context, () => _getDeletedSecretsSend(context, options), _getDeletedSecretsDeserialize, ["200"], { itemName: "value", nextLinkName: "nextLink" });
}
function _getSecretVersionsSend(context, secretName, options = { requestOptions: {} }) {
  const path = expandUrlTemplate("/secrets/{secret-name}/versions{?api%2Dversion,maxresults}", {
    "secret-name": secretName,
    "api%2Dversion": context.apiVersion,
    maxresults: options?.maxresults
  }, {
    allowReserved: options?.requestOptions?.skipUrlEncoding
  });
  return context.path(path).get({
    ...operationOptionsToRequestParameters2(options),
    headers: {
      accept: "application/json",
      ...options.requestOptions?.headers
    }
  });
}
async function _getSecretVersionsDeserialize(result) {
  const expectedStatuses = ["200"];
  if (!expectedStatuses.includes(result.status)) {
    const error = createRestError2(result);
    error.details = keyVaultErrorDeserializer(result.body);
    throw error;
  }
  return _secretListResultDeserializer(result.body);
}
function getSecretVersions(context, secretName, options = { requestOptions: {} }) {
  return buildPagedAsyncIterator(context, () => _getSecretVersionsSend(context, secretName, options), _getSecretVersionsDeserialize, ["200"], { itemName: "value", nextLinkName: "nextLink" });
}
function _getSecretsSend(context, options = { requestOptions: {} }) {
  const path = expandUrlTemplate("/secrets{?api%2Dversion,maxresults}", {
    "api%2Dversion": context.apiVersion,
    maxresults: options?.maxresults
  }, {
    allowReserved: options?.requestOptions?.skipUrlEncoding
  });
  return context.path(path).get({
    ...operationOptionsToRequestParameters2(options),
    headers: {
      accept: "application/json",
      ...options.requestOptions?.headers
    }
  });
}
async function _getSecretsDeserialize(result) {
  const expectedStatuses = ["200"];
  if (!expectedStatuses.includes(result.status)) {
    const error = createRestError2(result);
    error.details = keyVaultErrorDeserializer(result.body);
    throw error;
  }
  return _secretListResultDeserializer(result.body);
}
function getSecrets(context, options = { requestOptions: {} }) {
  return buildPagedAsyncIterator(context, () => _getSecretsSend(context, options), _getSecretsDeserialize, ["200"], { itemName: "value", nextLinkName: "nextLink" });
}
function _getSecretSend(context, secretName, secretVersion, options = { requestOptions: {} }) {
  const path = expandUrlTemplate("/secrets/{secret-name}/{secret-version}{?api%2Dversion,outContentType}", {
    "secret-name": secretName,
    "secret-version": secretVersion,
    "api%2Dversion": context.apiVersion,
    outContentType: options?.outContentType
  }, {
    allowReserved: options?.requestOptions?.skipUrlEncoding
  });
  return context.path(path).get({
    ...operationOptionsToRequestParameters2(options),
    headers: {
      accept: "application/json",
      ...options.requestOptions?.headers
    }
  });
}
async function _getSecretDeserialize(result) {
  const expectedStatuses = ["200"];
  if (!expectedStatuses.includes(result.status)) {
    const error = createRestError2(result);
    error.details = keyVaultErrorDeserializer(result.body);
    throw error;
  }
  return secretBundleDeserializer(result.body);
}
async function getSecret(context, secretName, secretVersion, options = { requestOptions: {} }) {
  const result = await _getSecretSend(context, secretName, secretVersion, options);
  return _getSecretDeserialize(result);
}
function _updateSecretSend(context, secretName, secretVersion, parameters, options = { requestOptions: {} }) {
  const path = expandUrlTemplate("/secrets/{secret-name}/{secret-version}{?api%2Dversion}", {
    "secret-name": secretName,
    "secret-version": secretVersion,
    "api%2Dversion": context.apiVersion
  }, {
    allowReserved: options?.requestOptions?.skipUrlEncoding
  });
  return context.path(path).patch({
    ...operationOptionsToRequestParameters2(options),
    contentType: "application/json",
    headers: {
      accept: "application/json",
      ...options.requestOptions?.headers
    },
    body: secretUpdateParametersSerializer(parameters)
  });
}
async function _updateSecretDeserialize(result) {
  const expectedStatuses = ["200"];
  if (!expectedStatuses.includes(result.status)) {
    const error = createRestError2(result);
    error.details = keyVaultErrorDeserializer(result.body);
    throw error;
  }
  return secretBundleDeserializer(result.body);
}
async function updateSecret(context, secretName, secretVersion, parameters, options = { requestOptions: {} }) {
  const result = await _updateSecretSend(context, secretName, secretVersion, parameters, options);
  return _updateSecretDeserialize(result);
}
function _deleteSecretSend(context, secretName, options = { requestOptions: {} }) {
  const path = expandUrlTemplate("/secrets/{secret-name}{?api%2Dversion}", {
    "secret-name": secretName,
    "api%2Dversion": context.apiVersion
  }, {
    allowReserved: options?.requestOptions?.skipUrlEncoding
  });
  return context.path(path).delete({
    ...operationOptionsToRequestParameters2(options),
    headers: {
      accept: "application/json",
      ...options.requestOptions?.headers
    }
  });
}
async function _deleteSecretDeserialize(result) {
  const expectedStatuses = ["200"];
  if (!expectedStatuses.includes(result.status)) {
    const error = createRestError2(result);
    error.details = keyVaultErrorDeserializer(result.body);
    throw error;
  }
  return deletedSecretBundleDeserializer(result.body);
}
async function deleteSecret(context, secretName, options = { requestOptions: {} }) {
  const result = await _deleteSecretSend(context, secretName, options);
  return _deleteSecretDeserialize(result);
}
function _setSecretSend(context, secretName, parameters, options = { requestOptions: {} }) {
  const path = expandUrlTemplate("/secrets/{secret-name}{?api%2Dversion}", {
    "secret-name": secretName,
    "api%2Dversion": context.apiVersion
  }, {
    allowReserved: options?.requestOptions?.skipUrlEncoding
  });
  return context.path(path).put({
    ...operationOptionsToRequestParameters2(options),
    contentType: "application/json",
    headers: {
      accept: "application/json",
      ...options.requestOptions?.headers
    },
    body: secretSetParametersSerializer(parameters)
  });
}
async function _setSecretDeserialize(result) {
  const expectedStatuses = ["200"];
  if (!expectedStatuses.includes(result.status)) {
    const error = createRestError2(result);
    error.details = keyVaultErrorDeserializer(result.body);
    throw error;
  }
  return secretBundleDeserializer(result.body);
}
async function setSecret(context, secretName, parameters, options = { requestOptions: {} }) {
  const result = await _setSecretSend(context, secretName, parameters, options);
  return _setSecretDeserialize(result);
}

// node_modules/.pnpm/@azure+keyvault-secrets@4.12.0/node_modules/@azure/keyvault-secrets/dist/esm/keyVaultClient.js
var KeyVaultClient = class {
  _client;
  /** The pipeline used by this client to make requests */
  pipeline;
  /** The key vault client performs cryptographic key operations and vault operations against the Key Vault service. */
  constructor(endpointParam, credential, options = {}) {
    const prefixFromOptions = options?.userAgentOptions?.userAgentPrefix;
    const userAgentPrefix = prefixFromOptions ? `${prefixFromOptions} azsdk-js-client` : `azsdk-js-client`;
    this._client = createKeyVault(endpointParam, credential, {
      ...options,
      userAgentOptions: { userAgentPrefix }
    });
    this.pipeline = this._client.pipeline;
  }
  /** Restores a backed up secret, and all its versions, to a vault. This operation requires the secrets/restore permission. */
  restoreSecret(parameters, options = { requestOptions: {} }) {
    return restoreSecret(this._client, parameters, options);
  }
  /** Requests that a backup of the specified secret be downloaded to the client. All versions of the secret will be downloaded. This operation requires the secrets/backup permission. */
  backupSecret(secretName, options = { requestOptions: {} }) {
    return backupSecret(this._client, secretName, options);
  }
  /** Recovers the deleted secret in the specified vault. This operation can only be performed on a soft-delete enabled vault. This operation requires the secrets/recover permission. */
  recoverDeletedSecret(secretName, options = { requestOptions: {} }) {
    return recoverDeletedSecret(this._client, secretName, options);
  }
  /** The purge deleted secret operation removes the secret permanently, without the possibility of recovery. This operation can only be enabled on a soft-delete enabled vault. This operation requires the secrets/purge permission. */
  purgeDeletedSecret(secretName, options = { requestOptions: {} }) {
    return purgeDeletedSecret(this._client, secretName, options);
  }
  /** The Get Deleted Secret operation returns the specified deleted secret along with its attributes. This operation requires the secrets/get permission. */
  getDeletedSecret(secretName, options = { requestOptions: {} }) {
    return getDeletedSecret(this._client, secretName, options);
  }
  /** The Get Deleted Secrets operation returns the secrets that have been deleted for a vault enabled for soft-delete. This operation requires the secrets/list permission. */
  getDeletedSecrets(options = { requestOptions: {} }) {
    return getDeletedSecrets(this._client, options);
  }
  /** The full secret identifier and attributes are provided in the response. No values are returned for the secrets. This operations requires the secrets/list permission. */
  getSecretVersions(secretName, options = { requestOptions: {} }) {
    return getSecretVersions(this._client, secretName, options);
  }
  /** The Get Secrets operation is applicable to the entire vault. However, only the base secret identifier and its attributes are provided in the response. Individual secret versions are not listed in the response. This operation requires the secrets/list permission. */
  getSecrets(options = { requestOptions: {} }) {
    return getSecrets(this._client, options);
  }
  /** The GET operation is applicable to any secret stored in Azure Key Vault. This operation requires the secrets/get permission. */
  getSecret(secretName, secretVersion, options = { requestOptions: {} }) {
    return getSecret(this._client, secretName, secretVersion, options);
  }
  /** The UPDATE operation changes specified attributes of an existing stored secret. Attributes that are not specified in the request are left unchanged. The value of a secret itself cannot be changed. This operation requires the secrets/set permission. */
  updateSecret(secretName, secretVersion, parameters, options = { requestOptions: {} }) {
    return updateSecret(this._client, secretName, secretVersion, parameters, options);
  }
  /** The DELETE operation applies to any secret stored in Azure Key Vault. DELETE cannot be applied to an individual version of a secret. This operation requires the secrets/delete permission. */
  deleteSecret(secretName, options = { requestOptions: {} }) {
    return deleteSecret(this._client, secretName, options);
  }
  /** The SET operation adds a secret to the Azure Key Vault. If the named secret already exists, Azure Key Vault creates a new version of that secret. This operation requires the secrets/set permission. */
  setSecret(secretName, parameters, options = { requestOptions: {} }) {
    return setSecret(this._client, secretName, parameters, options);
  }
};

// node_modules/.pnpm/@azure+keyvault-common@2.1.1/node_modules/@azure/keyvault-common/dist/esm/parseWWWAuthenticate.js
var validWWWAuthenticateProperties = [
  "authorization",
  "authorization_url",
  "resource",
  "scope",
  "tenantId",
  "claims",
  "error"
];
function parseWWWAuthenticateHeader(headerValue) {
  const pairDelimiter = /,? +/;
  const parsed = headerValue.split(pairDelimiter).reduce((kvPairs, p) => {
    if (p.match(/\w="/)) {
      const [key, ...value] = p.split("=");
      if (validWWWAuthenticateProperties.includes(key)) {
        return { ...kvPairs, [key]: value.join("=").slice(1, -1) };
      }
    }
    return kvPairs;
  }, {});
  if (parsed.authorization) {
    try {
      const tenantId = new URL(parsed.authorization).pathname.substring(1);
      if (tenantId) {
        parsed.tenantId = tenantId;
      }
    } catch (error) {
      throw new Error(`The challenge authorization URI '${parsed.authorization}' is invalid.`, {
        cause: error
      });
    }
  }
  return parsed;
}

// node_modules/.pnpm/@azure+keyvault-common@2.1.1/node_modules/@azure/keyvault-common/dist/esm/logger.js
var logger2 = createClientLogger("keyvault-common");

// node_modules/.pnpm/@azure+keyvault-common@2.1.1/node_modules/@azure/keyvault-common/dist/esm/tokenCycler.js
var DEFAULT_CYCLER_OPTIONS = {
  forcedRefreshWindowInMs: 1e3,
  // Force waiting for a refresh 1s before the token expires
  retryIntervalInMs: 3e3,
  // Allow refresh attempts every 3s
  refreshWindowInMs: 1e3 * 60 * 2
  // Start refreshing 2m before expiry
};
async function beginRefresh(getAccessToken, retryIntervalInMs, refreshTimeout) {
  async function tryGetAccessToken() {
    if (Date.now() < refreshTimeout) {
      try {
        return await getAccessToken();
      } catch {
        return null;
      }
    } else {
      const finalToken = await getAccessToken();
      if (finalToken === null) {
        throw new Error("Failed to refresh access token.");
      }
      return finalToken;
    }
  }
  let token = await tryGetAccessToken();
  while (token === null) {
    await delay(retryIntervalInMs);
    token = await tryGetAccessToken();
  }
  return token;
}
function createTokenCycler(credential, tokenCyclerOptions) {
  const refreshWorkers = /* @__PURE__ */ new Map();
  let activeRefreshes = 0;
  let refreshGeneration = 0;
  let tokenGeneration = 0;
  let token = null;
  let tenantId;
  const options = {
    ...DEFAULT_CYCLER_OPTIONS,
    ...tokenCyclerOptions
  };
  const cycler = {
    /**
     * Produces true if a refresh job is currently in progress.
     */
    get isRefreshing() {
      return activeRefreshes > 0;
    },
    /**
     * Produces true if the cycler SHOULD refresh (we are within the refresh
     * window and not already refreshing)
     */
    get shouldRefresh() {
      if (cycler.isRefreshing) {
        return false;
      }
      if (token?.refreshAfterTimestamp && token.refreshAfterTimestamp < Date.now()) {
        return true;
      }
      return (token?.expiresOnTimestamp ?? 0) - options.refreshWindowInMs < Date.now();
    },
    /**
     * Produces true if the cycler MUST refresh (null or nearly-expired
     * token).
     */
    get mustRefresh() {
      return token === null || token.expiresOnTimestamp - options.forcedRefreshWindowInMs < Date.now();
    }
  };
  function refresh(scopes, getTokenOptions) {
    const canShareRefresh = !getTokenOptions.requestOptions?.timeout;
    const { abortSignal, tenantId: refreshTenantId, claims } = getTokenOptions;
    if (canShareRefresh) {
      for (const worker2 of refreshWorkers.get(abortSignal) ?? []) {
        if (worker2.tenantId === refreshTenantId && worker2.claims === claims) {
          return worker2.promise;
        }
      }
    }
    const generation = ++refreshGeneration;
    const previousTokenGeneration = tokenGeneration;
    const tryGetAccessToken = () => credential.getToken(scopes, getTokenOptions);
    activeRefreshes++;
    const worker = {
      tenantId: refreshTenantId,
      claims,
      promise: beginRefresh(
        tryGetAccessToken,
        options.retryIntervalInMs,
        // If we don't have a token, then we should timeout immediately
        token?.expiresOnTimestamp ?? Date.now()
      ).then((_token) => {
        if (generation > tokenGeneration) {
          token = _token;
          tenantId = refreshTenantId;
          tokenGeneration = generation;
        }
        return _token;
      }, (reason) => {
        if (tokenGeneration === previousTokenGeneration) {
          token = null;
          tenantId = void 0;
        }
        throw reason;
      }).finally(() => {
        activeRefreshes--;
        const workers = refreshWorkers.get(abortSignal);
        if (workers?.delete(worker) && workers.size === 0) {
          refreshWorkers.delete(abortSignal);
        }
      })
    };
    if (canShareRefresh) {
      let workers = refreshWorkers.get(abortSignal);
      if (!workers) {
        workers = /* @__PURE__ */ new Set();
        refreshWorkers.set(abortSignal, workers);
      }
      workers.add(worker);
    }
    return worker.promise;
  }
  return async (scopes, tokenOptions) => {
    const hasClaimChallenge = Boolean(tokenOptions.claims);
    const tenantIdChanged = tenantId !== tokenOptions.tenantId;
    if (hasClaimChallenge) {
      token = null;
    }
    const mustRefresh = tenantIdChanged || hasClaimChallenge || cycler.mustRefresh;
    if (mustRefresh) {
      return refresh(scopes, tokenOptions);
    }
    if (cycler.shouldRefresh) {
      refresh(scopes, tokenOptions).catch(() => {
        logger2.warning("Failed to refresh access token in the background.");
      });
    }
    return token;
  };
}

// node_modules/.pnpm/@azure+keyvault-common@2.1.1/node_modules/@azure/keyvault-common/dist/esm/keyVaultAuthenticationPolicy.js
function getChallengeResourceHostname(scope) {
  const invalidScopeMessage = "The challenge contains an invalid scope.";
  const authority = /^[a-z][a-z\d+.-]*:\/\/([^/?#]+)/i.exec(scope)?.[1];
  if (!authority || authority.includes("@") || authority.includes("%")) {
    throw new Error(invalidScopeMessage);
  }
  for (const character of scope) {
    if (character <= " " || character === "\x7F" || character === "\\") {
      throw new Error(invalidScopeMessage);
    }
  }
  let resourceHostname;
  try {
    resourceHostname = new URL(scope).hostname;
  } catch {
    throw new Error(invalidScopeMessage);
  }
  if (!resourceHostname) {
    throw new Error(invalidScopeMessage);
  }
  return resourceHostname;
}
function verifyChallengeResource(resourceHostname, request) {
  const requestUrl = new URL(request.url);
  if (requestUrl.protocol !== "https:") {
    throw new Error("The request URL must use HTTPS.");
  }
  if (!requestUrl.hostname.endsWith(`.${resourceHostname}`)) {
    throw new Error(`The challenge resource '${resourceHostname}' does not match the requested domain. Set disableChallengeResourceVerification to true in your client options to disable. See https://aka.ms/azsdk/blog/vault-uri for more information.`);
  }
}
function verifyChallengeOrigin(requestOrigin, request) {
  const requestUrl = new URL(request.url);
  if (requestUrl.protocol !== "https:") {
    throw new Error("The request URL must use HTTPS.");
  }
  if (requestUrl.origin !== requestOrigin) {
    throw new Error(`The challenge origin '${requestOrigin}' does not match the requested domain. This request targeted '${requestUrl.origin}'.`);
  }
}
var keyVaultAuthenticationPolicyName = "keyVaultAuthenticationPolicy";
function keyVaultAuthenticationPolicy(credential, options = {}) {
  const { disableChallengeResourceVerification } = options;
  let cachedChallenge;
  let cachedChallengeRevision = 0;
  const pendingChallenges = /* @__PURE__ */ new Map();
  const pendingCaeChallenges = /* @__PURE__ */ new WeakMap();
  function requestToOptions(request) {
    return {
      abortSignal: request.abortSignal,
      requestOptions: {
        timeout: request.timeout > 0 ? request.timeout : void 0
      },
      tracingOptions: request.tracingOptions
    };
  }
  async function authorizeRequestWithChallenge(request, state, claims) {
    verifyChallengeOrigin(state.requestOrigin, request);
    if (state.resourceHostname !== void 0) {
      verifyChallengeResource(state.resourceHostname, request);
    }
    const token = await state.getAccessToken(state.scopes, {
      ...requestToOptions(request),
      enableCae: true,
      tenantId: state.tenantId,
      claims
    });
    if (state.resourceHostname !== void 0) {
      verifyChallengeResource(state.resourceHostname, request);
    }
    verifyChallengeOrigin(state.requestOrigin, request);
    request.headers.set("Authorization", `Bearer ${token.token}`);
  }
  async function handleChallenge(request, response) {
    if (response.status !== 401) {
      return void 0;
    }
    const challenge = response.headers.get("WWW-Authenticate");
    if (!challenge) {
      logger2.warning("keyVaultAuthentication policy encountered a 401 response without a corresponding WWW-Authenticate header. This is unexpected. Not handling the 401 response.");
      return void 0;
    }
    const parsedChallenge = parseWWWAuthenticateHeader(challenge);
    const scope = parsedChallenge.resource ? parsedChallenge.resource + "/.default" : parsedChallenge.scope;
    if (!scope) {
      return void 0;
    }
    const resourceHostname = disableChallengeResourceVerification ? void 0 : getChallengeResourceHostname(scope);
    if (resourceHostname !== void 0) {
      verifyChallengeResource(resourceHostname, request);
    }
    const previousRevision = cachedChallengeRevision;
    let state = cachedChallenge;
    const pendingKey = JSON.stringify([scope, parsedChallenge.tenantId]);
    let pending;
    if (!state || state.scopes[0] !== scope || state.tenantId !== parsedChallenge.tenantId) {
      pending = pendingChallenges.get(pendingKey);
      if (!pending) {
        pending = {
          challenge: {
            scopes: [scope],
            tenantId: parsedChallenge.tenantId,
            resourceHostname,
            requestOrigin: new URL(request.url).origin,
            getAccessToken: createTokenCycler(credential)
          },
          requests: 0
        };
        pendingChallenges.set(pendingKey, pending);
      }
      pending.requests++;
      state = pending.challenge;
    }
    try {
      await authorizeRequestWithChallenge(request, state);
      if (cachedChallengeRevision === previousRevision && cachedChallenge !== state) {
        cachedChallenge = state;
        cachedChallengeRevision++;
      }
      return state;
    } finally {
      if (pending && --pending.requests === 0) {
        pendingChallenges.delete(pendingKey);
      }
    }
  }
  async function handleCaeChallenge(request, response, next, state) {
    if (!state) {
      return response;
    }
    if (response.status !== 401) {
      return response;
    }
    const challenge = response.headers.get("WWW-Authenticate");
    if (!challenge) {
      return response;
    }
    const { claims: base64EncodedClaims, error } = parseWWWAuthenticateHeader(challenge);
    if (error !== "insufficient_claims" || base64EncodedClaims === void 0) {
      return response;
    }
    const claims = uint8ArrayToString(stringToUint8Array(base64EncodedClaims, "base64"), "utf-8");
    const previousRevision = cachedChallengeRevision;
    const pendingKey = JSON.stringify([claims, previousRevision]);
    let stateChallenges = pendingCaeChallenges.get(state);
    if (!stateChallenges) {
      stateChallenges = /* @__PURE__ */ new Map();
      pendingCaeChallenges.set(state, stateChallenges);
    }
    let pending = stateChallenges.get(pendingKey);
    if (!pending) {
      pending = {
        challenge: { ...state, getAccessToken: createTokenCycler(credential) },
        requests: 0
      };
      stateChallenges.set(pendingKey, pending);
    }
    pending.requests++;
    try {
      await authorizeRequestWithChallenge(request, pending.challenge, claims);
      if (cachedChallengeRevision === previousRevision && cachedChallenge === state) {
        cachedChallenge = pending.challenge;
        cachedChallengeRevision++;
      }
    } finally {
      if (--pending.requests === 0) {
        stateChallenges.delete(pendingKey);
        if (stateChallenges.size === 0) {
          pendingCaeChallenges.delete(state);
        }
      }
    }
    return next(request);
  }
  async function sendRequest(request, next) {
    let state = cachedChallenge;
    let response;
    if (state) {
      await authorizeRequestWithChallenge(request, state);
      response = await next(request);
    } else {
      const originalBody = request.body;
      request.body = null;
      try {
        response = await next(request);
      } finally {
        if (request.body === null) {
          request.body = originalBody;
        }
      }
    }
    const challengedState = await handleChallenge(request, response);
    if (challengedState) {
      state = challengedState;
      response = await next(request);
    }
    return handleCaeChallenge(request, response, next, state);
  }
  return {
    name: keyVaultAuthenticationPolicyName,
    sendRequest
  };
}

// node_modules/.pnpm/@azure+keyvault-common@2.1.1/node_modules/@azure/keyvault-common/dist/esm/parseKeyVaultIdentifier.js
function parseKeyVaultIdentifier(collection, identifier) {
  if (typeof collection !== "string" || !(collection = collection.trim())) {
    throw new Error("Invalid collection argument");
  }
  if (typeof identifier !== "string" || !(identifier = identifier.trim())) {
    throw new Error("Invalid identifier argument");
  }
  let baseUri;
  try {
    baseUri = new URL(identifier);
  } catch (e) {
    throw new Error(`Invalid ${collection} identifier: ${identifier}. Not a valid URI`, {
      cause: e
    });
  }
  const segments = (baseUri.pathname || "").split("/");
  if (segments.length !== 3 && segments.length !== 4) {
    throw new Error(`Invalid ${collection} identifier: ${identifier}. Bad number of segments: ${segments.length}`);
  }
  if (collection !== segments[1]) {
    throw new Error(`Invalid ${collection} identifier: ${identifier}. segment [1] should be "${collection}", found "${segments[1]}"`);
  }
  const vaultUrl = `${baseUri.protocol}//${baseUri.host}`;
  const name = segments[2];
  const version = segments.length === 4 ? segments[3] : void 0;
  return {
    vaultUrl,
    name,
    version
  };
}

// node_modules/.pnpm/@azure+keyvault-secrets@4.12.0/node_modules/@azure/keyvault-secrets/dist/esm/secretsModels.js
var LATEST_API_VERSION = "2026-04-01";

// node_modules/.pnpm/@azure+keyvault-secrets@4.12.0/node_modules/@azure/keyvault-secrets/dist/esm/identifier.js
function parseKeyVaultSecretIdentifier(id) {
  const urlParts = id.split("/");
  const collection = urlParts[3];
  return {
    sourceId: id,
    ...parseKeyVaultIdentifier(collection, id)
  };
}

// node_modules/.pnpm/@azure+keyvault-secrets@4.12.0/node_modules/@azure/keyvault-secrets/dist/esm/transformations.js
function getSecretFromSecretBundle(bundle) {
  const secretBundle = bundle;
  const deletedSecretBundle = bundle;
  const parsedId = parseKeyVaultSecretIdentifier(secretBundle.id);
  const attributes = secretBundle.attributes;
  delete secretBundle.attributes;
  const resultObject = {
    value: secretBundle.value,
    name: parsedId.name,
    properties: {
      expiresOn: attributes?.expires,
      createdOn: attributes?.created,
      updatedOn: attributes?.updated,
      enabled: attributes?.enabled,
      notBefore: attributes?.notBefore,
      recoverableDays: attributes?.recoverableDays,
      recoveryLevel: attributes?.recoveryLevel,
      id: secretBundle.id,
      contentType: secretBundle.contentType,
      tags: secretBundle.tags,
      managed: secretBundle.managed,
      previousVersion: secretBundle.previousVersion,
      vaultUrl: parsedId.vaultUrl,
      version: parsedId.version,
      name: parsedId.name,
      certificateKeyId: secretBundle.kid
    }
  };
  if (deletedSecretBundle.recoveryId) {
    resultObject.properties.recoveryId = deletedSecretBundle.recoveryId;
    resultObject.properties.scheduledPurgeDate = deletedSecretBundle.scheduledPurgeDate;
    resultObject.properties.deletedOn = deletedSecretBundle.deletedDate;
    resultObject.recoveryId = deletedSecretBundle.recoveryId;
    resultObject.scheduledPurgeDate = deletedSecretBundle.scheduledPurgeDate;
    resultObject.deletedOn = deletedSecretBundle.deletedDate;
  }
  if (attributes) {
    if (attributes.vaultUrl) {
      delete resultObject.properties.vaultUrl;
    }
    if (attributes.expires) {
      delete resultObject.properties.expires;
    }
    if (attributes.created) {
      delete resultObject.properties.created;
    }
    if (attributes.updated) {
      delete resultObject.properties.updated;
    }
  }
  return resultObject;
}
function mapPagedAsyncIterable(operation, operationOptions, mapper) {
  let iter = void 0;
  return {
    async next() {
      iter ??= operation({ ...operationOptions, maxresults: void 0 });
      const result = await iter.next();
      return {
        ...result,
        value: result.value && mapper(result.value)
      };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
    async *byPage(settings) {
      const iteratorByPage = operation({
        ...operationOptions,
        maxresults: settings?.maxPageSize
      }).byPage(settings);
      for await (const page of iteratorByPage) {
        yield page.map(mapper);
      }
    }
  };
}

// node_modules/.pnpm/@azure+keyvault-secrets@4.12.0/node_modules/@azure/keyvault-secrets/dist/esm/tracing.js
var tracingClient = createTracingClient({
  namespace: "Microsoft.KeyVault",
  packageName: "@azure/keyvault-secrets",
  packageVersion: SDK_VERSION
});

// node_modules/.pnpm/@azure+keyvault-secrets@4.12.0/node_modules/@azure/keyvault-secrets/dist/esm/lro/keyVaultSecretPoller.js
var KeyVaultSecretPoller = class extends Poller {
  /**
   * Defines how much time the poller is going to wait before making a new request to the service.
   */
  intervalInMs = 2e3;
  /**
   * The method used by the poller to wait before attempting to update its operation.
   */
  async delay() {
    return delay(this.intervalInMs);
  }
};
var KeyVaultSecretPollOperation = class {
  state;
  cancelMessage = "";
  constructor(state, options = {}) {
    this.state = state;
    if (options.cancelMessage) {
      this.cancelMessage = options.cancelMessage;
    }
  }
  /**
   * Meant to reach to the service and update the Poller operation.
   * @param options - The optional parameters, which is only an abortSignal from \@azure/abort-controller
   */
  async update() {
    throw new Error("Operation not supported.");
  }
  /**
   * Meant to reach to the service and cancel the Poller operation.
   * @param options - The optional parameters, which is only an abortSignal from \@azure/abort-controller
   */
  async cancel() {
    throw new Error(this.cancelMessage);
  }
  /**
   * Serializes the Poller operation.
   */
  toString() {
    return JSON.stringify({
      state: this.state
    });
  }
};

// node_modules/.pnpm/@azure+keyvault-secrets@4.12.0/node_modules/@azure/keyvault-secrets/dist/esm/lro/delete/operation.js
var DeleteSecretPollOperation = class extends KeyVaultSecretPollOperation {
  state;
  client;
  operationOptions;
  constructor(state, client, operationOptions = {}) {
    super(state, { cancelMessage: "Canceling the deletion of a secret is not supported." });
    this.state = state;
    this.client = client;
    this.operationOptions = operationOptions;
  }
  /**
   * Sends a delete request for the given Key Vault Key's name to the Key Vault service.
   * Since the Key Vault Key won't be immediately deleted, we have {@link beginDeleteKey}.
   */
  deleteSecret(name, options = {}) {
    return tracingClient.withSpan("DeleteSecretPoller.deleteSecret", options, async (updatedOptions) => {
      const response = await this.client.deleteSecret(name, updatedOptions);
      return getSecretFromSecretBundle(response);
    });
  }
  /**
   * The getDeletedSecret method returns the specified deleted secret along with its properties.
   * This operation requires the secrets/get permission.
   */
  getDeletedSecret(name, options = {}) {
    return tracingClient.withSpan("DeleteSecretPoller.getDeletedSecret", options, async (updatedOptions) => {
      const response = await this.client.getDeletedSecret(name, updatedOptions);
      return getSecretFromSecretBundle(response);
    });
  }
  /**
   * Reaches to the service and updates the delete secret's poll operation.
   */
  async update(options = {}) {
    const state = this.state;
    const { name } = state;
    if (options.abortSignal) {
      this.operationOptions.abortSignal = options.abortSignal;
    }
    if (!state.isStarted) {
      const deletedSecret = await this.deleteSecret(name, this.operationOptions);
      state.isStarted = true;
      state.result = deletedSecret;
      if (!deletedSecret.properties.recoveryId) {
        state.isCompleted = true;
      }
    }
    if (!state.isCompleted) {
      try {
        state.result = await this.getDeletedSecret(name, this.operationOptions);
        state.isCompleted = true;
      } catch (error) {
        if (error.statusCode === 403) {
          state.isCompleted = true;
        } else if (error.statusCode !== 404) {
          state.error = error;
          state.isCompleted = true;
          throw error;
        }
      }
    }
    return this;
  }
};

// node_modules/.pnpm/@azure+keyvault-secrets@4.12.0/node_modules/@azure/keyvault-secrets/dist/esm/lro/delete/poller.js
var DeleteSecretPoller = class extends KeyVaultSecretPoller {
  constructor(options) {
    const { client, name, operationOptions, intervalInMs = 2e3, resumeFrom } = options;
    let state;
    if (resumeFrom) {
      state = JSON.parse(resumeFrom).state;
    }
    const operation = new DeleteSecretPollOperation({
      ...state,
      name
    }, client, operationOptions);
    super(operation);
    this.intervalInMs = intervalInMs;
  }
};

// node_modules/.pnpm/@azure+keyvault-secrets@4.12.0/node_modules/@azure/keyvault-secrets/dist/esm/lro/recover/operation.js
var RecoverDeletedSecretPollOperation = class extends KeyVaultSecretPollOperation {
  state;
  client;
  options;
  constructor(state, client, options = {}) {
    super(state, { cancelMessage: "Canceling the recovery of a deleted secret is not supported." });
    this.state = state;
    this.client = client;
    this.options = options;
  }
  /**
   * The getSecret method returns the specified secret along with its properties.
   * This operation requires the secrets/get permission.
   */
  getSecret(name, options = {}) {
    return tracingClient.withSpan("RecoverDeletedSecretPoller.getSecret", options, async (updatedOptions) => {
      const response = await this.client.getSecret(name, options && options.version ? options.version : "", updatedOptions);
      return getSecretFromSecretBundle(response);
    });
  }
  /**
   * The recoverDeletedSecret method recovers the specified deleted secret along with its properties.
   * This operation requires the secrets/recover permission.
   */
  recoverDeletedSecret(name, options = {}) {
    return tracingClient.withSpan("RecoverDeletedSecretPoller.recoverDeletedSecret", options, async (updatedOptions) => {
      const response = await this.client.recoverDeletedSecret(name, updatedOptions);
      return getSecretFromSecretBundle(response);
    });
  }
  /**
   * Reaches to the service and updates the delete secret's poll operation.
   */
  async update(options = {}) {
    const state = this.state;
    const { name } = state;
    if (options.abortSignal) {
      this.options.abortSignal = options.abortSignal;
    }
    if (!state.isStarted) {
      try {
        state.result = (await this.getSecret(name, this.options)).properties;
        state.isCompleted = true;
      } catch {
      }
      if (!state.isCompleted) {
        state.result = (await this.recoverDeletedSecret(name, this.options)).properties;
        state.isStarted = true;
      }
    }
    if (!state.isCompleted) {
      try {
        state.result = (await this.getSecret(name, this.options)).properties;
        state.isCompleted = true;
      } catch (error) {
        if (error.statusCode === 403) {
          state.isCompleted = true;
        } else if (error.statusCode !== 404) {
          state.error = error;
          state.isCompleted = true;
          throw error;
        }
      }
    }
    return this;
  }
};

// node_modules/.pnpm/@azure+keyvault-secrets@4.12.0/node_modules/@azure/keyvault-secrets/dist/esm/lro/recover/poller.js
var RecoverDeletedSecretPoller = class extends KeyVaultSecretPoller {
  constructor(options) {
    const { client, name, operationOptions, intervalInMs = 2e3, resumeFrom } = options;
    let state;
    if (resumeFrom) {
      state = JSON.parse(resumeFrom).state;
    }
    const operation = new RecoverDeletedSecretPollOperation({
      ...state,
      name
    }, client, operationOptions);
    super(operation);
    this.intervalInMs = intervalInMs;
  }
};

// node_modules/.pnpm/@azure+keyvault-secrets@4.12.0/node_modules/@azure/keyvault-secrets/dist/esm/index.js
var SecretClient = class {
  /**
   * The base URL to the vault
   */
  vaultUrl;
  /**
   * A reference to the auto-generated KeyVault HTTP client.
   */
  client;
  /**
   * Creates an instance of SecretClient.
   *
   * Example usage:
   * ```ts snippet:ReadmeSampleCreateClient
   * import { DefaultAzureCredential } from "@azure/identity";
   * import { SecretClient } from "@azure/keyvault-secrets";
   *
   * const credential = new DefaultAzureCredential();
   *
   * // Build the URL to reach your key vault
   * const vaultName = "<YOUR KEYVAULT NAME>";
   * const url = `https://${vaultName}.vault.azure.net`;
   *
   * // Lastly, create our secrets client and connect to the service
   * const client = new SecretClient(url, credential);
   * ```
   * @param vaultUrl - The base URL to the vault. You should validate that this URL references a valid Key Vault resource. See https://aka.ms/azsdk/blog/vault-uri for details.
   * @param credential - An object that implements the `TokenCredential` interface used to authenticate requests to the service. Use the \@azure/identity package to create a credential that suits your needs.
   * @param pipelineOptions - Pipeline options used to configure Key Vault API requests.
   *                          Omit this parameter to use the default pipeline configuration.
   */
  constructor(vaultUrl, credential, pipelineOptions = {}) {
    this.vaultUrl = vaultUrl;
    const internalPipelineOptions = {
      ...pipelineOptions,
      userAgentOptions: {
        userAgentPrefix: `${pipelineOptions.userAgentOptions?.userAgentPrefix ?? ""} azsdk-js-keyvault-secrets/${SDK_VERSION}`
      },
      apiVersion: pipelineOptions.serviceVersion || LATEST_API_VERSION,
      loggingOptions: {
        logger: logger.info,
        additionalAllowedHeaderNames: [
          "x-ms-keyvault-region",
          "x-ms-keyvault-network-info",
          "x-ms-keyvault-service-version"
        ]
      }
    };
    this.client = new KeyVaultClient(this.vaultUrl, credential, internalPipelineOptions);
    this.client.pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
    this.client.pipeline.addPolicy(keyVaultAuthenticationPolicy(credential, pipelineOptions), {});
    this.client.pipeline.addPolicy({
      name: "ContentTypePolicy",
      sendRequest(request, next) {
        const contentType = request.headers.get("Content-Type") ?? "";
        if (contentType.startsWith("application/json")) {
          request.headers.set("Content-Type", "application/json");
        }
        return next(request);
      }
    });
  }
  /**
   * The setSecret method adds a secret or secret version to the Azure Key Vault. If the named secret
   * already exists, Azure Key Vault creates a new version of that secret.
   * This operation requires the secrets/set permission.
   *
   * Example usage:
   * ```ts snippet:ReadmeSampleCreateSecret
   * import { DefaultAzureCredential } from "@azure/identity";
   * import { SecretClient } from "@azure/keyvault-secrets";
   *
   * const credential = new DefaultAzureCredential();
   *
   * const vaultName = "<YOUR KEYVAULT NAME>";
   * const url = `https://${vaultName}.vault.azure.net`;
   *
   * const client = new SecretClient(url, credential);
   *
   * const secretName = "MySecretName";
   *
   * const result = await client.setSecret(secretName, "MySecretValue");
   * console.log("result: ", result);
   * ```
   * Adds a secret in a specified key vault.
   * @param secretName - The name of the secret.
   * @param value - The value of the secret.
   * @param options - The optional parameters.
   */
  setSecret(secretName, value, options = {}) {
    const { contentType, enabled, notBefore, expiresOn: expires, tags, ...remainingOptions } = options;
    return tracingClient.withSpan("SecretClient.setSecret", remainingOptions, async (updatedOptions) => {
      const response = await this.client.setSecret(secretName, { value, contentType, secretAttributes: { enabled, notBefore, expires }, tags }, updatedOptions);
      return getSecretFromSecretBundle(response);
    });
  }
  /**
   * Deletes a secret stored in Azure Key Vault.
   * This function returns a Long Running Operation poller that allows you to wait indefinitely until the secret is deleted.
   *
   * This operation requires the secrets/delete permission.
   *
   * Example usage:
   * ```ts snippet:ReadmeSampleDeleteSecret
   * import { DefaultAzureCredential } from "@azure/identity";
   * import { SecretClient } from "@azure/keyvault-secrets";
   *
   * const credential = new DefaultAzureCredential();
   *
   * const vaultName = "<YOUR KEYVAULT NAME>";
   * const url = `https://${vaultName}.vault.azure.net`;
   *
   * const client = new SecretClient(url, credential);
   *
   * const secretName = "MySecretName";
   *
   * await client.beginDeleteSecret(secretName);
   * ```
   * Deletes a secret from a specified key vault.
   * @param secretName - The name of the secret.
   * @param options - The optional parameters.
   */
  async beginDeleteSecret(name, options = {}) {
    const poller = new DeleteSecretPoller({
      name,
      client: this.client,
      ...options,
      operationOptions: options
    });
    await poller.poll();
    return poller;
  }
  /**
   * The updateSecret method changes specified attributes of an existing stored secret. Properties that
   * are not specified in the request are left unchanged. The value of a secret itself cannot be
   * changed. This operation requires the secrets/set permission.
   *
   * Example usage:
   * ```ts snippet:ReadmeSampleUpdateSecretAttributes
   * import { DefaultAzureCredential } from "@azure/identity";
   * import { SecretClient } from "@azure/keyvault-secrets";
   *
   * const credential = new DefaultAzureCredential();
   *
   * const vaultName = "<YOUR KEYVAULT NAME>";
   * const url = `https://${vaultName}.vault.azure.net`;
   *
   * const client = new SecretClient(url, credential);
   *
   * const secretName = "MySecretName";
   *
   * const result = await client.getSecret(secretName);
   * await client.updateSecretProperties(secretName, result.properties.version, { enabled: false });
   * ```
   * Updates the attributes associated with a specified secret in a given key vault.
   * @param secretName - The name of the secret.
   * @param secretVersion - The version of the secret.
   * @param options - The optional parameters.
   */
  async updateSecretProperties(secretName, secretVersion, options = {}) {
    const { contentType, enabled, notBefore, expiresOn: expires, tags, ...remainingOptions } = options;
    return tracingClient.withSpan("SecretClient.updateSecretProperties", remainingOptions, async (updatedOptions) => {
      const response = await this.client.updateSecret(secretName, secretVersion, { contentType, secretAttributes: { enabled, notBefore, expires }, tags }, updatedOptions);
      return getSecretFromSecretBundle(response).properties;
    });
  }
  /**
   * The getSecret method is applicable to any secret stored in Azure Key Vault. This operation requires
   * the secrets/get permission.
   *
   * Example usage:
   * ```ts snippet:ReadmeSampleGetSecret
   * import { DefaultAzureCredential } from "@azure/identity";
   * import { SecretClient } from "@azure/keyvault-secrets";
   *
   * const credential = new DefaultAzureCredential();
   *
   * const vaultName = "<YOUR KEYVAULT NAME>";
   * const url = `https://${vaultName}.vault.azure.net`;
   *
   * const client = new SecretClient(url, credential);
   *
   * const secretName = "MySecretName";
   *
   * const latestSecret = await client.getSecret(secretName);
   * console.log(`Latest version of the secret ${secretName}: `, latestSecret);
   *
   * const specificSecret = await client.getSecret(secretName, {
   *   version: latestSecret.properties.version!,
   * });
   * console.log(
   *   `The secret ${secretName} at the version ${latestSecret.properties.version!}: `,
   *   specificSecret,
   * );
   * ```
   * Get a specified secret from a given key vault.
   * @param secretName - The name of the secret.
   * @param options - The optional parameters.
   */
  getSecret(secretName, options = {}) {
    return tracingClient.withSpan("SecretClient.getSecret", options, async (updatedOptions) => {
      const response = await this.client.getSecret(secretName, options && options.version ? options.version : "", updatedOptions);
      return getSecretFromSecretBundle(response);
    });
  }
  /**
   * The getDeletedSecret method returns the specified deleted secret along with its attributes.
   * This operation requires the secrets/get permission.
   *
   * Example usage:
   * ```ts snippet:ReadmeSampleGetDeletedSecret
   * import { DefaultAzureCredential } from "@azure/identity";
   * import { SecretClient } from "@azure/keyvault-secrets";
   *
   * const credential = new DefaultAzureCredential();
   *
   * const vaultName = "<YOUR KEYVAULT NAME>";
   * const url = `https://${vaultName}.vault.azure.net`;
   *
   * const client = new SecretClient(url, credential);
   *
   * const secretName = "MySecretName";
   *
   * const result = await client.getDeletedSecret("MyDeletedSecret");
   * ```
   * Gets the specified deleted secret.
   * @param secretName - The name of the secret.
   * @param options - The optional parameters.
   */
  getDeletedSecret(secretName, options = {}) {
    return tracingClient.withSpan("SecretClient.getDeletedSecret", options, async (updatedOptions) => {
      const response = await this.client.getDeletedSecret(secretName, updatedOptions);
      return getSecretFromSecretBundle(response);
    });
  }
  /**
   * The purge deleted secret operation removes the secret permanently, without the possibility of
   * recovery. This operation can only be enabled on a soft-delete enabled vault. This operation
   * requires the secrets/purge permission.
   *
   * Example usage:
   * ```ts snippet:ReadmeSamplePurgeDeletedSecret
   * import { DefaultAzureCredential } from "@azure/identity";
   * import { SecretClient } from "@azure/keyvault-secrets";
   *
   * const credential = new DefaultAzureCredential();
   *
   * const vaultName = "<YOUR KEYVAULT NAME>";
   * const url = `https://${vaultName}.vault.azure.net`;
   *
   * const client = new SecretClient(url, credential);
   *
   * const secretName = "MySecretName";
   *
   * const deletePoller = await client.beginDeleteSecret(secretName);
   * await deletePoller.pollUntilDone();
   *
   * await client.purgeDeletedSecret(secretName);
   * ```
   * Permanently deletes the specified secret.
   * @param secretName - The name of the secret.
   * @param options - The optional parameters.
   */
  purgeDeletedSecret(secretName, options = {}) {
    return tracingClient.withSpan("SecretClient.purgeDeletedSecret", options, async (updatedOptions) => {
      await this.client.purgeDeletedSecret(secretName, updatedOptions);
    });
  }
  /**
   * Recovers the deleted secret in the specified vault.
   * This function returns a Long Running Operation poller that allows you to wait indefinitely until the secret is recovered.
   *
   * This operation requires the secrets/recover permission.
   *
   * Example usage:
   * ```ts snippet:ReadmeSampleRecoverDeletedSecret
   * import { DefaultAzureCredential } from "@azure/identity";
   * import { SecretClient } from "@azure/keyvault-secrets";
   *
   * const credential = new DefaultAzureCredential();
   *
   * const vaultName = "<YOUR KEYVAULT NAME>";
   * const url = `https://${vaultName}.vault.azure.net`;
   *
   * const client = new SecretClient(url, credential);
   *
   * const secretName = "MySecretName";
   *
   * const deletePoller = await client.beginDeleteSecret(secretName);
   * await deletePoller.pollUntilDone();
   *
   * const recoverPoller = await client.beginRecoverDeletedSecret(secretName);
   * const deletedSecret = await recoverPoller.pollUntilDone();
   * console.log(deletedSecret);
   * ```
   * Recovers the deleted secret to the latest version.
   * @param secretName - The name of the deleted secret.
   * @param options - The optional parameters.
   */
  async beginRecoverDeletedSecret(name, options = {}) {
    const poller = new RecoverDeletedSecretPoller({
      name,
      client: this.client,
      ...options,
      operationOptions: options
    });
    await poller.poll();
    return poller;
  }
  /**
   * Requests that a backup of the specified secret be downloaded to the client. All versions of the
   * secret will be downloaded. This operation requires the secrets/backup permission.
   *
   * Example usage:
   * ```ts snippet:ReadmeSampleBackupSecret
   * import { DefaultAzureCredential } from "@azure/identity";
   * import { SecretClient } from "@azure/keyvault-secrets";
   *
   * const credential = new DefaultAzureCredential();
   *
   * const vaultName = "<YOUR KEYVAULT NAME>";
   * const url = `https://${vaultName}.vault.azure.net`;
   *
   * const client = new SecretClient(url, credential);
   *
   * const secretName = "MySecretName";
   *
   * const backupResult = await client.backupSecret(secretName);
   * ```
   * Backs up the specified secret.
   * @param secretName - The name of the secret.
   * @param options - The optional parameters.
   */
  backupSecret(secretName, options = {}) {
    return tracingClient.withSpan("SecretClient.backupSecret", options, async (updatedOptions) => {
      const response = await this.client.backupSecret(secretName, updatedOptions);
      return response.value;
    });
  }
  /**
   * Restores a backed up secret, and all its versions, to a vault. This operation requires the
   * secrets/restore permission.
   *
   * Example usage:
   * ```ts snippet:ReadmeSampleRestoreSecret
   * import { DefaultAzureCredential } from "@azure/identity";
   * import { SecretClient } from "@azure/keyvault-secrets";
   *
   * const credential = new DefaultAzureCredential();
   *
   * const vaultName = "<YOUR KEYVAULT NAME>";
   * const url = `https://${vaultName}.vault.azure.net`;
   *
   * const client = new SecretClient(url, credential);
   *
   * const secretName = "MySecretName";
   *
   * const backupResult = await client.backupSecret(secretName);
   *
   * await client.restoreSecretBackup(backupResult);
   * ```
   * Restores a backed up secret to a vault.
   * @param secretBundleBackup - The backup blob associated with a secret bundle.
   * @param options - The optional parameters.
   */
  restoreSecretBackup(secretBundleBackup, options = {}) {
    return tracingClient.withSpan("SecretClient.restoreSecretBackup", options, async (updatedOptions) => {
      const response = await this.client.restoreSecret({ secretBundleBackup }, updatedOptions);
      return getSecretFromSecretBundle(response).properties;
    });
  }
  /**
   * Iterates all versions of the given secret in the vault. The full secret identifier and attributes are provided
   * in the response. No values are returned for the secrets. This operations requires the secrets/list permission.
   *
   * Example usage:
   * ```ts snippet:ReadmeSampleListSecrets
   * import { DefaultAzureCredential } from "@azure/identity";
   * import { SecretClient } from "@azure/keyvault-secrets";
   *
   * const credential = new DefaultAzureCredential();
   *
   * const vaultName = "<YOUR KEYVAULT NAME>";
   * const url = `https://${vaultName}.vault.azure.net`;
   *
   * const client = new SecretClient(url, credential);
   *
   * const secretName = "MySecretName";
   *
   * for await (const secretProperties of client.listPropertiesOfSecrets()) {
   *   console.log("Secret properties: ", secretProperties);
   * }
   *
   * for await (const deletedSecret of client.listDeletedSecrets()) {
   *   console.log("Deleted secret: ", deletedSecret);
   * }
   *
   * for await (const versionProperties of client.listPropertiesOfSecretVersions(secretName)) {
   *   console.log("Version properties: ", versionProperties);
   * }
   * ```
   * @param secretName - Name of the secret to fetch versions for.
   * @param options - The optional parameters.
   */
  listPropertiesOfSecretVersions(secretName, options = {}) {
    return mapPagedAsyncIterable((updatedOptions) => this.client.getSecretVersions(secretName, updatedOptions), options, (item) => getSecretFromSecretBundle(item).properties);
  }
  /**
   * Iterates the latest version of all secrets in the vault.  The full secret identifier and attributes are provided
   * in the response. No values are returned for the secrets. This operations requires the secrets/list permission.
   *
   * Example usage:
   * ```ts snippet:ReadmeSampleListSecrets
   * import { DefaultAzureCredential } from "@azure/identity";
   * import { SecretClient } from "@azure/keyvault-secrets";
   *
   * const credential = new DefaultAzureCredential();
   *
   * const vaultName = "<YOUR KEYVAULT NAME>";
   * const url = `https://${vaultName}.vault.azure.net`;
   *
   * const client = new SecretClient(url, credential);
   *
   * const secretName = "MySecretName";
   *
   * for await (const secretProperties of client.listPropertiesOfSecrets()) {
   *   console.log("Secret properties: ", secretProperties);
   * }
   *
   * for await (const deletedSecret of client.listDeletedSecrets()) {
   *   console.log("Deleted secret: ", deletedSecret);
   * }
   *
   * for await (const versionProperties of client.listPropertiesOfSecretVersions(secretName)) {
   *   console.log("Version properties: ", versionProperties);
   * }
   * ```
   * List all secrets in the vault.
   * @param options - The optional parameters.
   */
  listPropertiesOfSecrets(options = {}) {
    return mapPagedAsyncIterable(this.client.getSecrets.bind(this.client), options, (item) => getSecretFromSecretBundle(item).properties);
  }
  /**
   * Iterates the deleted secrets in the vault.  The full secret identifier and attributes are provided
   * in the response. No values are returned for the secrets. This operations requires the secrets/list permission.
   *
   * Example usage:
   * ```ts snippet:ReadmeSampleListSecrets
   * import { DefaultAzureCredential } from "@azure/identity";
   * import { SecretClient } from "@azure/keyvault-secrets";
   *
   * const credential = new DefaultAzureCredential();
   *
   * const vaultName = "<YOUR KEYVAULT NAME>";
   * const url = `https://${vaultName}.vault.azure.net`;
   *
   * const client = new SecretClient(url, credential);
   *
   * const secretName = "MySecretName";
   *
   * for await (const secretProperties of client.listPropertiesOfSecrets()) {
   *   console.log("Secret properties: ", secretProperties);
   * }
   *
   * for await (const deletedSecret of client.listDeletedSecrets()) {
   *   console.log("Deleted secret: ", deletedSecret);
   * }
   *
   * for await (const versionProperties of client.listPropertiesOfSecretVersions(secretName)) {
   *   console.log("Version properties: ", versionProperties);
   * }
   * ```
   * List all secrets in the vault.
   * @param options - The optional parameters.
   */
  listDeletedSecrets(options = {}) {
    return mapPagedAsyncIterable(this.client.getDeletedSecrets.bind(this.client), options, getSecretFromSecretBundle);
  }
};

// packages/vault-azure-keyvault/src/client.ts
var SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;
var sharedCredential;
function defaultCredential() {
  sharedCredential ??= new DefaultAzureCredential();
  return sharedCredential;
}
function normalizeVaultUrl(vaultUrl) {
  let url;
  try {
    url = new URL(vaultUrl);
  } catch {
    throw new ConfigError("invalid_vault_url", `not a valid Key Vault URL: ${JSON.stringify(vaultUrl)}`);
  }
  if (url.protocol !== "https:" || url.pathname !== "/" && url.pathname !== "" || url.search || url.username) {
    throw new ConfigError(
      "invalid_vault_url",
      `a Key Vault URL is https://<vault-name>.vault.azure.net with no path, got ${JSON.stringify(vaultUrl)}`
    );
  }
  return url.origin;
}
function createSecretClient(vaultUrl, credential, clientOptions) {
  return new SecretClient(normalizeVaultUrl(vaultUrl), credential ?? defaultCredential(), clientOptions);
}

// packages/vault-azure-keyvault/src/adapter.ts
var KEY_VAULT_CONSUMER_WINDOW_HOURS = 24;
var traces = new AsyncLocalStorage();
var tracePolicy = {
  name: "keyrollCallTrace",
  async sendRequest(request, next) {
    const trace = traces.getStore();
    if (!trace) return next(request);
    trace.inFlight++;
    try {
      const response = await next(request);
      trace.lastStatus = response.status;
      trace.lastRetryAfter = response.headers.get("retry-after");
      return response;
    } finally {
      trace.inFlight--;
    }
  }
};
var AzureKeyVaultAdapter = class {
  id;
  capabilities = {
    readable: true,
    versioned: true,
    consumerWindowHours: KEY_VAULT_CONSUMER_WINDOW_HOURS
  };
  vaultUrl;
  secretName;
  client;
  contentType;
  timeoutMs;
  budgetMs;
  /** Full tags and content type of each StoredSecret this adapter returned, so restore puts them back. */
  seen = /* @__PURE__ */ new WeakMap();
  /** Tags of the last version read: a team's own tags survive a rotation. */
  lastTags;
  lastValue;
  /** Version id of the last read, the current one: tidying keeps it. */
  lastVersion;
  /** The current version as this instance last saw it (read, metadata, or its own write): bookkeeping tags it. */
  currentVersion;
  constructor(options) {
    this.vaultUrl = normalizeVaultUrl(options.vaultUrl);
    if (!SECRET_NAME.test(options.secretName)) {
      throw new ConfigError(
        "invalid_secret_name",
        `Key Vault secret names are 1-127 letters, digits and dashes, got ${JSON.stringify(options.secretName)}`
      );
    }
    this.secretName = options.secretName;
    this.id = `azure-keyvault:${this.vaultUrl}/secrets/${this.secretName}`;
    this.contentType = options.contentType ?? "application/json";
    this.timeoutMs = options.requestTimeoutMs ?? 3e4;
    this.budgetMs = Math.max(options.retryBudgetMs ?? 12e4, this.timeoutMs);
    this.client = createSecretClient(this.vaultUrl, options.credential, {
      ...options.clientOptions,
      additionalPolicies: [
        ...options.clientOptions?.additionalPolicies ?? [],
        { policy: tracePolicy, position: "perRetry" }
      ]
    });
  }
  /**
   * The current version's tags and attributes, never its value: whether keyroll may touch the secret
   * is decided from this before anything reads the value (R1 step 2, R4).
   */
  async readMetadata() {
    const meta = await this.call(
      "read",
      (abortSignal) => readSecretMetadata(this.client, this.secretName, this.where(), () => abortSignal)
    );
    if (meta.version) this.currentVersion = meta.version;
    return meta;
  }
  /**
   * Read-only checks before any change: the secret is managed, its current version is enabled, and a
   * rotation's tags fit Key Vault's limit. Throws ConfigError/VaultError; returns the metadata.
   */
  async checkWritable() {
    const meta = await this.readMetadata();
    if (meta.managed) checkTagRoom(meta.tags, this.where());
    return meta;
  }
  async check() {
    checkAzureTarget(this.lastTags, this.lastValue, this.where());
  }
  async read() {
    const secret = await this.call(
      "read",
      (abortSignal) => this.client.getSecret(this.secretName, { abortSignal, requestOptions: this.attempt() })
    );
    const { tags, contentType, version, expiresOn } = secret.properties;
    if (secret.value === void 0) {
      throw new VaultError("empty_secret", `${this.where()}: the current version has no value`, {
        category: "internal"
      });
    }
    const stored = {
      value: secret.value,
      version,
      metadata: metadataFromTags(tags),
      managed: isManaged(tags),
      ...expiresOn && { expiresOn },
      ...bookkeepingFromTags(tags)
    };
    this.lastTags = tags;
    this.lastValue = secret.value;
    this.lastVersion = version;
    this.currentVersion = version;
    this.seen.set(stored, { tags, contentType });
    return stored;
  }
  async write(value, metadata, options = {}) {
    return this.setVersion(
      value,
      tagsFor(metadata, true, this.lastTags),
      this.contentType,
      options.expiresOn
    );
  }
  async restore(previous) {
    if (previous.value === void 0) {
      throw new VaultError(
        "nothing_to_restore",
        `${this.where()}: the previous state has no value to restore`,
        {
          category: "internal"
        }
      );
    }
    const seen = this.seen.get(previous);
    const tags = seen?.tags ?? withBookkeeping(
      tagsFor(previous.metadata, previous.managed, this.lastTags),
      previous.bookkeeping ?? {}
    );
    return this.setVersion(previous.value, tags, seen?.contentType ?? this.contentType, previous.expiresOn);
  }
  /**
   * The failure bookkeeping only: the current version's tags get `keyroll-failures` (PATCH of its
   * attributes, no new version), every other tag, the value and the managed mark stay. check() counted
   * this tag against the 15-tag limit.
   */
  async writeBookkeeping(bookkeeping) {
    const version = this.currentVersion ?? (await this.readMetadata()).version;
    if (!version) {
      throw new VaultError(
        "current_version_unknown",
        `${this.where()}: two versions were created in the same second; cannot tell which is current to record the failure`,
        { category: "conflict", retryable: true }
      );
    }
    let tags;
    await this.call("list", async (abortSignal) => {
      for await (const p of this.client.listPropertiesOfSecretVersions(this.secretName, {
        abortSignal,
        requestOptions: this.attempt()
      })) {
        if (p.version === version) tags = p.tags ?? {};
      }
    });
    if (!tags) {
      throw new VaultError("not_found", `${this.where()}: version ${version} is gone`, {
        category: "not_found"
      });
    }
    const next = withBookkeeping(tags, bookkeeping);
    await this.call(
      "update",
      (abortSignal) => this.client.updateSecretProperties(this.secretName, version, {
        tags: next,
        abortSignal,
        requestOptions: this.attempt()
      })
    );
  }
  async disableSuperseded() {
    const current = this.lastVersion;
    if (!current) {
      throw new VaultError("not_read", `${this.where()}: read the secret before tidying its versions`, {
        category: "internal",
        retryable: false
      });
    }
    const enabled = [];
    await this.call("list", async (abortSignal) => {
      for await (const p of this.client.listPropertiesOfSecretVersions(this.secretName, {
        abortSignal,
        requestOptions: this.attempt()
      })) {
        if (p.enabled !== false && p.version && p.version !== current) enabled.push(p.version);
      }
    });
    for (const version of enabled) await this.disableVersion(version);
    return enabled;
  }
  async disableVersion(version) {
    await this.setEnabled(version, false);
  }
  /**
   * undo: the version whose keyroll-key-id tag names `keyId` exactly (the newest, if several). The retired
   * key's version is disabled (tidy), so it is enabled for the read and disabled again before this returns,
   * with the update permission the rotator holds anyway; failing to disable it again is a warning.
   */
  async readPrevious(keyId) {
    let found;
    await this.call("list", async (abortSignal) => {
      for await (const p of this.client.listPropertiesOfSecretVersions(this.secretName, {
        abortSignal,
        requestOptions: this.attempt()
      })) {
        if (!p.version || metadataFromTags(p.tags).keyId !== keyId) continue;
        const createdOn = p.createdOn?.getTime() ?? 0;
        if (!found || createdOn > found.createdOn)
          found = { version: p.version, enabled: p.enabled !== false, createdOn };
      }
    });
    if (!found) return void 0;
    const { version, enabled } = found;
    const warnings = [];
    if (!enabled) await this.setEnabled(version, true);
    let value;
    try {
      const secret = await this.call(
        "read",
        (abortSignal) => this.client.getSecret(this.secretName, { version, abortSignal, requestOptions: this.attempt() })
      );
      value = secret.value;
    } finally {
      if (!enabled) {
        await this.setEnabled(version, false).catch((err) => {
          warnings.push(
            `version ${version} of ${this.where()} was enabled to read it and could not be disabled again (${err.message}); disable it: az keyvault secret set-attributes --enabled false --version ${version}`
          );
        });
      }
    }
    if (value === void 0) return void 0;
    return {
      value,
      version: `version ${version}${enabled ? "" : warnings.length ? ", enabled for the read" : ", enabled for the read and disabled again"}`,
      warnings
    };
  }
  async setEnabled(version, enabled) {
    await this.call(
      "update",
      (abortSignal) => this.client.updateSecretProperties(this.secretName, version, {
        enabled,
        abortSignal,
        requestOptions: this.attempt()
      })
    );
  }
  async setVersion(value, tags, contentType, expiresOn) {
    const result = await this.call(
      "write",
      (abortSignal) => this.client.setSecret(this.secretName, value, {
        tags,
        ...contentType !== void 0 && { contentType },
        ...expiresOn && { expiresOn },
        abortSignal,
        requestOptions: this.attempt()
      })
    );
    if (result.properties.version === void 0) return {};
    this.currentVersion = result.properties.version;
    return { version: result.properties.version };
  }
  /** Per-attempt timeout: each retry of the SDK gets its own. */
  attempt() {
    return { timeout: this.timeoutMs };
  }
  async call(operation, fn) {
    const trace = { inFlight: 0, lastStatus: void 0, lastRetryAfter: void 0 };
    const budget = AbortSignal.timeout(this.budgetMs);
    try {
      return await traces.run(trace, () => fn(budget));
    } catch (err) {
      if (budget.aborted && trace.inFlight === 0 && trace.lastStatus === 429) {
        throw toVaultError(
          {
            name: "RestError",
            message: "throttled; the retry budget ran out",
            statusCode: 429,
            response: { headers: /* @__PURE__ */ new Map([["retry-after", trace.lastRetryAfter ?? ""]]) }
          },
          operation,
          this.where()
        );
      }
      throw toVaultError(err, operation, this.where());
    }
  }
  where() {
    return `secret ${this.secretName} in ${this.vaultUrl}`;
  }
};

// packages/runtime/src/vaults/drivers/azure-keyvault.ts
function open(ref, ctx) {
  if (ref.scheme !== "azure-keyvault") throw new Error("azure driver: wrong scheme");
  const adapter = new AzureKeyVaultAdapter({
    ...ctx.sdk?.azure,
    vaultUrl: ref.vaultUrl,
    secretName: ref.secretName
  });
  return {
    ref,
    uri: formatVaultUri(ref),
    adapter,
    lock: (lockDir) => blobLock(ctx) ?? localLock(ctx.env, lockDir)
  };
}
var LOCK_STORAGE_ENV = {
  serviceUrl: "KEYROLL_LOCK_STORAGE_URL",
  account: "KEYROLL_LOCK_STORAGE_ACCOUNT",
  /** Shared key or the Azurite emulator; a secret, never printed. */
  connectionString: "KEYROLL_LOCK_STORAGE_CONNECTION_STRING",
  container: "KEYROLL_LOCK_CONTAINER"
};
function lockStorageFrom(ctx) {
  const get = (name) => ctx.env[name]?.trim() || void 0;
  const c = ctx.locks?.azureBlob;
  const storage = {};
  const serviceUrl = c?.serviceUrl ?? (c?.account ? void 0 : get(LOCK_STORAGE_ENV.serviceUrl));
  const account = c?.account ?? (c?.serviceUrl ? void 0 : get(LOCK_STORAGE_ENV.account));
  const connectionString = c?.serviceUrl || c?.account ? void 0 : get(LOCK_STORAGE_ENV.connectionString);
  const container = c?.container ?? get(LOCK_STORAGE_ENV.container);
  if (serviceUrl) storage.serviceUrl = serviceUrl;
  if (account) storage.account = account;
  if (connectionString) storage.connectionString = connectionString;
  if (container) storage.container = container;
  return storage.serviceUrl || storage.account || storage.connectionString ? storage : void 0;
}
function blobLock(ctx) {
  const storage = lockStorageFrom(ctx);
  if (!storage) return void 0;
  let provider;
  const load = () => {
    provider ??= import("./src-VVFQDCVE.js").then(
      ({ blobLockForStorage }) => blobLockForStorage(storage, { ...ctx.sdk?.azureBlob })
    );
    return provider;
  };
  return {
    acquire: async (name, owner, leaseMs) => (await load()).acquire(name, owner, leaseMs)
  };
}
export {
  LOCK_STORAGE_ENV,
  lockStorageFrom,
  open
};
