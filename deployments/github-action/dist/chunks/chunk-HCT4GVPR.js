import { createRequire as __keyrollCreateRequire } from 'node:module';
const require = __keyrollCreateRequire(import.meta.url);
import {
  context,
  createContextKey,
  diag
} from "./chunk-4PLI4ETU.js";

// node_modules/.pnpm/@opentelemetry+resources@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/resources/dist/utils.mjs
var isPromiseLike = (val) => {
  return val !== null && typeof val === "object" && typeof val.then === "function";
};

// node_modules/.pnpm/@opentelemetry+core@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/core/dist/trace/suppress-tracing.mjs
var SUPPRESS_TRACING_KEY = createContextKey("OpenTelemetry SDK Context Key SUPPRESS_TRACING");
function suppressTracing(context2) {
  return context2.setValue(SUPPRESS_TRACING_KEY, true);
}

// node_modules/.pnpm/@opentelemetry+core@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/core/dist/common/attributes.mjs
function isSimpleAttributeValue(val) {
  if (Array.isArray(val)) return isHomogeneousAttributeValueArray(val);
  return isValidPrimitiveAttributeValueType(typeof val);
}
function isHomogeneousAttributeValueArray(arr) {
  let type;
  for (const element of arr) {
    if (element == null) continue;
    const elementType = typeof element;
    if (elementType === type) continue;
    if (!type) {
      if (isValidPrimitiveAttributeValueType(elementType)) {
        type = elementType;
        continue;
      }
      return false;
    }
    return false;
  }
  return true;
}
function isValidPrimitiveAttributeValueType(valType) {
  switch (valType) {
    case "number":
    case "boolean":
    case "string":
      return true;
  }
  return false;
}

// node_modules/.pnpm/@opentelemetry+core@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/core/dist/common/logging-error-handler.mjs
function loggingErrorHandler() {
  return (ex) => {
    diag.error(stringifyException(ex));
  };
}
function stringifyException(ex) {
  if (typeof ex === "string") return ex;
  else return JSON.stringify(flattenException(ex));
}
function flattenException(ex) {
  const result = {};
  let current = ex;
  while (current !== null) {
    Object.getOwnPropertyNames(current).forEach((propertyName) => {
      if (result[propertyName]) return;
      const value = current[propertyName];
      if (value) result[propertyName] = String(value);
    });
    current = Object.getPrototypeOf(current);
  }
  return result;
}

// node_modules/.pnpm/@opentelemetry+core@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/core/dist/common/global-error-handler.mjs
var delegateHandler = loggingErrorHandler();
function globalErrorHandler(ex) {
  try {
    delegateHandler(ex);
  } catch {
  }
}

// node_modules/.pnpm/@opentelemetry+core@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/core/dist/common/time.mjs
var NANOSECOND_DIGITS = 9;
var MILLISECONDS_TO_NANOSECONDS = Math.pow(10, 6);
var SECOND_TO_NANOSECONDS = Math.pow(10, NANOSECOND_DIGITS);
function millisToHrTime(epochMillis) {
  const epochSeconds = epochMillis / 1e3;
  return [Math.trunc(epochSeconds), Math.round(epochMillis % 1e3 * MILLISECONDS_TO_NANOSECONDS)];
}
function hrTime(performanceNow) {
  return addHrTimes(millisToHrTime(performance.timeOrigin), millisToHrTime(typeof performanceNow === "number" ? performanceNow : performance.now()));
}
function hrTimeDuration(startTime, endTime) {
  let seconds = endTime[0] - startTime[0];
  let nanos = endTime[1] - startTime[1];
  if (nanos < 0) {
    seconds -= 1;
    nanos += SECOND_TO_NANOSECONDS;
  }
  return [seconds, nanos];
}
function hrTimeToMicroseconds(time) {
  return time[0] * 1e6 + time[1] / 1e3;
}
function hrTimeToSeconds(time) {
  return time[0] + time[1] / SECOND_TO_NANOSECONDS;
}
function addHrTimes(time1, time2) {
  const out = [time1[0] + time2[0], time1[1] + time2[1]];
  if (out[1] >= SECOND_TO_NANOSECONDS) {
    out[1] -= SECOND_TO_NANOSECONDS;
    out[0] += 1;
  }
  return out;
}

// node_modules/.pnpm/@opentelemetry+core@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/core/dist/ExportResult.mjs
var ExportResultCode = /* @__PURE__ */ (function(ExportResultCode2) {
  ExportResultCode2[ExportResultCode2["SUCCESS"] = 0] = "SUCCESS";
  ExportResultCode2[ExportResultCode2["FAILED"] = 1] = "FAILED";
  return ExportResultCode2;
})({});

// node_modules/.pnpm/@opentelemetry+core@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/core/dist/internal/exporter.mjs
function _export(exporter, arg) {
  return new Promise((resolve) => {
    context.with(suppressTracing(context.active()), () => {
      exporter.export(arg, resolve);
    });
  });
}

// node_modules/.pnpm/@opentelemetry+core@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/core/dist/platform/node/environment.mjs
function getStringFromEnv(key) {
  const raw = process.env[key];
  if (raw == null || raw.trim() === "") return;
  return raw;
}

// node_modules/.pnpm/@opentelemetry+core@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/core/dist/version.mjs
var VERSION = "3.1.1";

// node_modules/.pnpm/@opentelemetry+core@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/core/dist/semconv.mjs
var ATTR_PROCESS_RUNTIME_NAME = "process.runtime.name";

// node_modules/.pnpm/@opentelemetry+semantic-conventions@1.45.0/node_modules/@opentelemetry/semantic-conventions/dist/stable_attributes.mjs
var ATTR_SERVICE_NAME = "service.name";
var ATTR_TELEMETRY_SDK_LANGUAGE = "telemetry.sdk.language";
var TELEMETRY_SDK_LANGUAGE_VALUE_NODEJS = "nodejs";
var ATTR_TELEMETRY_SDK_NAME = "telemetry.sdk.name";
var ATTR_TELEMETRY_SDK_VERSION = "telemetry.sdk.version";

// node_modules/.pnpm/@opentelemetry+core@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/core/dist/platform/node/sdk-info.mjs
var SDK_INFO = {
  [ATTR_TELEMETRY_SDK_NAME]: "opentelemetry",
  [ATTR_PROCESS_RUNTIME_NAME]: "node",
  [ATTR_TELEMETRY_SDK_LANGUAGE]: TELEMETRY_SDK_LANGUAGE_VALUE_NODEJS,
  [ATTR_TELEMETRY_SDK_VERSION]: VERSION
};

// node_modules/.pnpm/@opentelemetry+core@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/core/dist/index.mjs
var internal = { _export };

// node_modules/.pnpm/@opentelemetry+resources@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/resources/dist/semconv.mjs
var ATTR_HOST_ARCH = "host.arch";
var ATTR_HOST_ID = "host.id";
var ATTR_HOST_NAME = "host.name";
var ATTR_OS_TYPE = "os.type";
var ATTR_OS_VERSION = "os.version";
var ATTR_PROCESS_COMMAND = "process.command";
var ATTR_PROCESS_COMMAND_ARGS = "process.command_args";
var ATTR_PROCESS_EXECUTABLE_NAME = "process.executable.name";
var ATTR_PROCESS_EXECUTABLE_PATH = "process.executable.path";
var ATTR_PROCESS_OWNER = "process.owner";
var ATTR_PROCESS_PID = "process.pid";
var ATTR_PROCESS_RUNTIME_DESCRIPTION = "process.runtime.description";
var ATTR_PROCESS_RUNTIME_NAME2 = "process.runtime.name";
var ATTR_PROCESS_RUNTIME_VERSION = "process.runtime.version";
var ATTR_SERVICE_INSTANCE_ID2 = "service.instance.id";

// node_modules/.pnpm/@opentelemetry+resources@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/resources/dist/detectors/platform/node/machine-id/getMachineId.mjs
import * as process2 from "process";
var getMachineIdImpl;
async function getMachineId() {
  if (!getMachineIdImpl) switch (process2.platform) {
    case "darwin":
      getMachineIdImpl = (await import("./getMachineId-darwin-JSI6NC2M.js")).getMachineId;
      break;
    case "linux":
      getMachineIdImpl = (await import("./getMachineId-linux-D7KBAFCC.js")).getMachineId;
      break;
    case "freebsd":
      getMachineIdImpl = (await import("./getMachineId-bsd-QQPMLBIE.js")).getMachineId;
      break;
    case "win32":
      getMachineIdImpl = (await import("./getMachineId-win-SHDMU4M3.js")).getMachineId;
      break;
    default:
      getMachineIdImpl = (await import("./getMachineId-unsupported-ONNSAUWO.js")).getMachineId;
  }
  return getMachineIdImpl();
}

// node_modules/.pnpm/@opentelemetry+resources@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/resources/dist/detectors/platform/node/utils.mjs
var normalizeArch = (nodeArchString) => {
  switch (nodeArchString) {
    case "arm":
      return "arm32";
    case "ppc":
      return "ppc32";
    case "x64":
      return "amd64";
    default:
      return nodeArchString;
  }
};
var normalizeType = (nodePlatform) => {
  switch (nodePlatform) {
    case "sunos":
      return "solaris";
    case "win32":
      return "windows";
    default:
      return nodePlatform;
  }
};

// node_modules/.pnpm/@opentelemetry+resources@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/resources/dist/detectors/platform/node/HostDetector.mjs
import { arch, hostname } from "os";
var HostDetector = class {
  detect(_config) {
    return { attributes: {
      [ATTR_HOST_NAME]: hostname(),
      [ATTR_HOST_ARCH]: normalizeArch(arch()),
      [ATTR_HOST_ID]: getMachineId()
    } };
  }
};
var hostDetector = new HostDetector();

// node_modules/.pnpm/@opentelemetry+resources@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/resources/dist/detectors/platform/node/OSDetector.mjs
import { platform as platform2, release } from "os";
var OSDetector = class {
  detect(_config) {
    return { attributes: {
      [ATTR_OS_TYPE]: normalizeType(platform2()),
      [ATTR_OS_VERSION]: release()
    } };
  }
};
var osDetector = new OSDetector();

// node_modules/.pnpm/@opentelemetry+resources@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/resources/dist/detectors/platform/node/ProcessDetector.mjs
import * as os from "os";
var ProcessDetector = class {
  detect(_config) {
    const attributes = {
      [ATTR_PROCESS_PID]: process.pid,
      [ATTR_PROCESS_EXECUTABLE_NAME]: process.title,
      [ATTR_PROCESS_EXECUTABLE_PATH]: process.execPath,
      [ATTR_PROCESS_COMMAND_ARGS]: [
        process.argv[0],
        ...process.execArgv,
        ...process.argv.slice(1)
      ],
      [ATTR_PROCESS_RUNTIME_VERSION]: process.versions.node,
      [ATTR_PROCESS_RUNTIME_NAME2]: "nodejs",
      [ATTR_PROCESS_RUNTIME_DESCRIPTION]: "Node.js"
    };
    if (process.argv.length > 1) attributes[ATTR_PROCESS_COMMAND] = process.argv[1];
    try {
      const userInfo2 = os.userInfo();
      attributes[ATTR_PROCESS_OWNER] = userInfo2.username;
    } catch (e) {
      diag.debug(`error obtaining process owner: ${e}`);
    }
    return { attributes };
  }
};
var processDetector = new ProcessDetector();

// node_modules/.pnpm/@opentelemetry+resources@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/resources/dist/detectors/platform/node/ServiceInstanceIdDetector.mjs
import { randomUUID } from "crypto";
var ServiceInstanceIdDetector = class {
  _serviceInstanceId;
  detect(_config) {
    if (!this._serviceInstanceId) this._serviceInstanceId = randomUUID();
    return { attributes: { [ATTR_SERVICE_INSTANCE_ID2]: this._serviceInstanceId } };
  }
};
var serviceInstanceIdDetector = new ServiceInstanceIdDetector();

// node_modules/.pnpm/@opentelemetry+resources@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/resources/dist/detectors/platform/node/default-service-name.mjs
var serviceName;
function defaultServiceName() {
  if (serviceName === void 0) try {
    const argv0 = globalThis.process.argv0;
    serviceName = argv0 ? `unknown_service:${argv0}` : "unknown_service";
  } catch {
    serviceName = "unknown_service";
  }
  return serviceName;
}

// node_modules/.pnpm/@opentelemetry+resources@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/resources/dist/ResourceImpl.mjs
var ResourceImpl = class ResourceImpl2 {
  _rawAttributes;
  _asyncAttributesPending = false;
  _schemaUrl;
  _memoizedAttributes;
  static FromAttributeList(attributes, options) {
    const res = new ResourceImpl2({}, options);
    res._rawAttributes = guardedRawAttributes(attributes);
    res._asyncAttributesPending = attributes.filter(([_, val]) => isPromiseLike(val)).length > 0;
    return res;
  }
  constructor(resource, options) {
    const attributes = resource.attributes ?? {};
    this._rawAttributes = Object.entries(attributes).map(([k, v]) => {
      if (isPromiseLike(v)) this._asyncAttributesPending = true;
      return [k, v];
    });
    this._rawAttributes = guardedRawAttributes(this._rawAttributes);
    this._schemaUrl = validateSchemaUrl(options?.schemaUrl);
  }
  get asyncAttributesPending() {
    return this._asyncAttributesPending;
  }
  async waitForAsyncAttributes() {
    if (!this.asyncAttributesPending) return;
    for (let i = 0; i < this._rawAttributes.length; i++) {
      const [k, v] = this._rawAttributes[i];
      this._rawAttributes[i] = [k, isPromiseLike(v) ? await v : v];
    }
    this._asyncAttributesPending = false;
  }
  get attributes() {
    if (this.asyncAttributesPending) diag.error("Accessing resource attributes before async attributes settled");
    if (this._memoizedAttributes) return this._memoizedAttributes;
    const attrs = {};
    for (const [k, v] of this._rawAttributes) {
      if (isPromiseLike(v)) {
        diag.debug(`Unsettled resource attribute ${k} skipped`);
        continue;
      }
      if (Object.hasOwn(attrs, k)) {
      } else if (k.length === 0) diag.warn("dropping invalid resource attribute key: <empty string>");
      else if (!isSimpleAttributeValue(v)) diag.warn(`dropping invalid resource attribute value for key "${k}"`);
      else attrs[k] = v;
    }
    if (!this._asyncAttributesPending) this._memoizedAttributes = attrs;
    return attrs;
  }
  getRawAttributes() {
    return this._rawAttributes;
  }
  get schemaUrl() {
    return this._schemaUrl;
  }
  merge(resource) {
    if (resource == null) return this;
    const mergedSchemaUrl = mergeSchemaUrl(this, resource);
    const mergedOptions = mergedSchemaUrl ? { schemaUrl: mergedSchemaUrl } : void 0;
    return ResourceImpl2.FromAttributeList([...resource.getRawAttributes(), ...this.getRawAttributes()], mergedOptions);
  }
};
function resourceFromAttributes(attributes, options) {
  return ResourceImpl.FromAttributeList(Object.entries(attributes), options);
}
function resourceFromDetectedResource(detectedResource, options) {
  return new ResourceImpl(detectedResource, options);
}
function emptyResource() {
  return resourceFromAttributes({});
}
function defaultResource() {
  return resourceFromAttributes({
    [ATTR_SERVICE_NAME]: defaultServiceName(),
    [ATTR_TELEMETRY_SDK_LANGUAGE]: SDK_INFO[ATTR_TELEMETRY_SDK_LANGUAGE],
    [ATTR_TELEMETRY_SDK_NAME]: SDK_INFO[ATTR_TELEMETRY_SDK_NAME],
    [ATTR_TELEMETRY_SDK_VERSION]: SDK_INFO[ATTR_TELEMETRY_SDK_VERSION]
  });
}
function guardedRawAttributes(attributes) {
  return attributes.map(([k, v]) => {
    if (isPromiseLike(v)) return [k, v.then((val) => val, (err) => {
      diag.debug("promise rejection for resource attribute: %s - %s", k, err);
    })];
    return [k, v];
  });
}
function validateSchemaUrl(schemaUrl) {
  if (typeof schemaUrl === "string" || schemaUrl === void 0) return schemaUrl;
  diag.warn("Schema URL must be string or undefined, got %s. Schema URL will be ignored.", schemaUrl);
}
function mergeSchemaUrl(old, updating) {
  const oldSchemaUrl = old?.schemaUrl;
  const updatingSchemaUrl = updating?.schemaUrl;
  const isOldEmpty = oldSchemaUrl === void 0 || oldSchemaUrl === "";
  const isUpdatingEmpty = updatingSchemaUrl === void 0 || updatingSchemaUrl === "";
  if (isOldEmpty) return updatingSchemaUrl;
  if (isUpdatingEmpty) return oldSchemaUrl;
  if (oldSchemaUrl === updatingSchemaUrl) return oldSchemaUrl;
  diag.warn('Schema URL merge conflict: old resource has "%s", updating resource has "%s". Resulting resource will have undefined Schema URL.', oldSchemaUrl, updatingSchemaUrl);
}

// node_modules/.pnpm/@opentelemetry+resources@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/resources/dist/detect-resources.mjs
var detectResources = (config = {}) => {
  return (config.detectors || []).map((d) => {
    try {
      const resource = resourceFromDetectedResource(d.detect(config));
      diag.debug(`${d.constructor.name} found resource.`, resource);
      return resource;
    } catch (e) {
      diag.debug(`${d.constructor.name} failed: ${e.message}`);
      return emptyResource();
    }
  }).reduce((acc, resource) => acc.merge(resource), emptyResource());
};

// node_modules/.pnpm/@opentelemetry+resources@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/resources/dist/detectors/ResourceAttributesEnvDetector.mjs
var ResourceAttributesEnvDetector = class {
  _MAX_LENGTH = 255;
  _COMMA_SEPARATOR = ",";
  _LABEL_KEY_VALUE_SPLITTER = "=";
  detect(_config) {
    const attributes = {};
    const rawAttributes = getStringFromEnv("OTEL_RESOURCE_ATTRIBUTES");
    if (rawAttributes) try {
      const parsedAttributes = this._parseResourceAttributes(rawAttributes);
      Object.assign(attributes, parsedAttributes);
    } catch (e) {
      diag.debug(`ResourceAttributesEnvDetector failed: ${e instanceof Error ? e.message : e}`);
    }
    return { attributes };
  }
  /**
  * Creates an attribute map from the OTEL_RESOURCE_ATTRIBUTES environment
  * variable.
  *
  * OTEL_RESOURCE_ATTRIBUTES: A comma-separated list of attributes in the
  * format "key1=value1,key2=value2". The ',' and '=' characters in keys
  * and values MUST be percent-encoded. Other characters MAY be percent-encoded.
  *
  * Per the spec, on any error (e.g., decoding failure), the entire environment
  * variable value is discarded.
  *
  * @param rawEnvAttributes The resource attributes as a comma-separated list
  * of key/value pairs.
  * @returns The parsed resource attributes.
  * @throws Error if parsing fails (caller handles by discarding all attributes)
  */
  _parseResourceAttributes(rawEnvAttributes) {
    if (!rawEnvAttributes) return {};
    const attributes = {};
    const rawAttributes = rawEnvAttributes.split(this._COMMA_SEPARATOR).filter((attr) => attr.trim() !== "");
    for (const rawAttribute of rawAttributes) {
      const keyValuePair = rawAttribute.split(this._LABEL_KEY_VALUE_SPLITTER);
      if (keyValuePair.length !== 2) throw new Error(`Invalid format for OTEL_RESOURCE_ATTRIBUTES: "${rawAttribute}". Expected format: key=value. The ',' and '=' characters must be percent-encoded in keys and values.`);
      const [rawKey, rawValue] = keyValuePair;
      const key = rawKey.trim();
      const value = rawValue.trim();
      if (key.length === 0) throw new Error(`Invalid OTEL_RESOURCE_ATTRIBUTES: empty attribute key in "${rawAttribute}".`);
      let decodedKey;
      let decodedValue;
      try {
        decodedKey = decodeURIComponent(key);
        decodedValue = decodeURIComponent(value);
      } catch (e) {
        throw new Error(`Failed to percent-decode OTEL_RESOURCE_ATTRIBUTES entry "${rawAttribute}": ${e instanceof Error ? e.message : e}`, { cause: e });
      }
      if (decodedKey.length > this._MAX_LENGTH) throw new Error(`Attribute key exceeds the maximum length of ${this._MAX_LENGTH} characters: "${decodedKey}".`);
      if (decodedValue.length > this._MAX_LENGTH) throw new Error(`Attribute value exceeds the maximum length of ${this._MAX_LENGTH} characters for key "${decodedKey}".`);
      attributes[decodedKey] = decodedValue;
    }
    return attributes;
  }
};
var resourceAttributesEnvDetector = new ResourceAttributesEnvDetector();

// node_modules/.pnpm/@opentelemetry+resources@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/resources/dist/detectors/EnvDetector.mjs
var EnvDetector = class extends ResourceAttributesEnvDetector {
  /**
  * Returns a {@link Resource} populated with attributes from the
  * OTEL_RESOURCE_ATTRIBUTES environment variable. Note this is an async
  * function to conform to the Detector interface.
  *
  * @param config The resource detection config
  */
  detect(_config) {
    const attributes = {};
    const rawAttributes = getStringFromEnv("OTEL_RESOURCE_ATTRIBUTES");
    const serviceName2 = getStringFromEnv("OTEL_SERVICE_NAME");
    if (rawAttributes) try {
      const parsedAttributes = this._parseResourceAttributes(rawAttributes);
      Object.assign(attributes, parsedAttributes);
    } catch (e) {
      diag.debug(`EnvDetector failed: ${e instanceof Error ? e.message : e}`);
    }
    if (serviceName2) attributes[ATTR_SERVICE_NAME] = serviceName2;
    return { attributes };
  }
};
var envDetector = new EnvDetector();

// node_modules/.pnpm/@opentelemetry+resources@3.1.1_@opentelemetry+api@1.10.0/node_modules/@opentelemetry/resources/dist/detectors/ServiceNameEnvDetector.mjs
var ServiceNameEnvDetector = class {
  detect() {
    const attributes = {};
    const serviceName2 = getStringFromEnv("OTEL_SERVICE_NAME");
    if (serviceName2) attributes[ATTR_SERVICE_NAME] = serviceName2;
    return { attributes };
  }
};
var serviceNameEnvDetector = new ServiceNameEnvDetector();

export {
  globalErrorHandler,
  millisToHrTime,
  hrTime,
  hrTimeDuration,
  hrTimeToMicroseconds,
  hrTimeToSeconds,
  ExportResultCode,
  internal,
  hostDetector,
  osDetector,
  processDetector,
  serviceInstanceIdDetector,
  defaultServiceName,
  resourceFromAttributes,
  emptyResource,
  defaultResource,
  detectResources,
  resourceAttributesEnvDetector,
  envDetector,
  serviceNameEnvDetector
};
