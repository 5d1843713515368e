import { createRequire as __keyrollCreateRequire } from 'node:module';
const require = __keyrollCreateRequire(import.meta.url);
import {
  esm_exports,
  init_esm
} from "./chunk-NP4IBFQV.js";
import {
  __commonJS,
  __require,
  __toCommonJS
} from "./chunk-AEFPAJ5P.js";

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/trace/suppress-tracing.js
var require_suppress_tracing = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/trace/suppress-tracing.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.isTracingSuppressed = exports.unsuppressTracing = exports.suppressTracing = void 0;
    var api_1 = (init_esm(), __toCommonJS(esm_exports));
    var SUPPRESS_TRACING_KEY = (0, api_1.createContextKey)("OpenTelemetry SDK Context Key SUPPRESS_TRACING");
    function suppressTracing(context) {
      return context.setValue(SUPPRESS_TRACING_KEY, true);
    }
    exports.suppressTracing = suppressTracing;
    function unsuppressTracing(context) {
      return context.deleteValue(SUPPRESS_TRACING_KEY);
    }
    exports.unsuppressTracing = unsuppressTracing;
    function isTracingSuppressed(context) {
      return context.getValue(SUPPRESS_TRACING_KEY) === true;
    }
    exports.isTracingSuppressed = isTracingSuppressed;
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/baggage/constants.js
var require_constants = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/baggage/constants.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.BAGGAGE_MAX_TOTAL_LENGTH = exports.BAGGAGE_MAX_PER_NAME_VALUE_PAIRS = exports.BAGGAGE_MAX_NAME_VALUE_PAIRS = exports.BAGGAGE_HEADER = exports.BAGGAGE_ITEMS_SEPARATOR = exports.BAGGAGE_PROPERTIES_SEPARATOR = exports.BAGGAGE_KEY_PAIR_SEPARATOR = void 0;
    exports.BAGGAGE_KEY_PAIR_SEPARATOR = "=";
    exports.BAGGAGE_PROPERTIES_SEPARATOR = ";";
    exports.BAGGAGE_ITEMS_SEPARATOR = ",";
    exports.BAGGAGE_HEADER = "baggage";
    exports.BAGGAGE_MAX_NAME_VALUE_PAIRS = 180;
    exports.BAGGAGE_MAX_PER_NAME_VALUE_PAIRS = 4096;
    exports.BAGGAGE_MAX_TOTAL_LENGTH = 8192;
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/baggage/utils.js
var require_utils = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/baggage/utils.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.parseKeyPairsIntoRecord = exports.parseBaggageHeaderString = exports.parsePairKeyValue = exports.getKeyPairs = exports.serializeKeyPairs = void 0;
    var api_1 = (init_esm(), __toCommonJS(esm_exports));
    var constants_1 = require_constants();
    function serializeKeyPairs(keyPairs) {
      return keyPairs.reduce((hValue, current) => {
        const value = `${hValue}${hValue !== "" ? constants_1.BAGGAGE_ITEMS_SEPARATOR : ""}${current}`;
        return value.length > constants_1.BAGGAGE_MAX_TOTAL_LENGTH ? hValue : value;
      }, "");
    }
    exports.serializeKeyPairs = serializeKeyPairs;
    function getKeyPairs(baggage) {
      return baggage.getAllEntries().map(([key, value]) => {
        let entry = `${encodeURIComponent(key)}=${encodeURIComponent(value.value)}`;
        if (value.metadata !== void 0) {
          entry += constants_1.BAGGAGE_PROPERTIES_SEPARATOR + value.metadata.toString();
        }
        return entry;
      });
    }
    exports.getKeyPairs = getKeyPairs;
    function parsePairKeyValue(entry) {
      if (!entry)
        return;
      const metadataSeparatorIndex = entry.indexOf(constants_1.BAGGAGE_PROPERTIES_SEPARATOR);
      const keyPairPart = metadataSeparatorIndex === -1 ? entry : entry.substring(0, metadataSeparatorIndex);
      const separatorIndex = keyPairPart.indexOf(constants_1.BAGGAGE_KEY_PAIR_SEPARATOR);
      if (separatorIndex <= 0)
        return;
      const rawKey = keyPairPart.substring(0, separatorIndex).trim();
      const rawValue = keyPairPart.substring(separatorIndex + 1).trim();
      if (!rawKey || !rawValue)
        return;
      let key;
      let value;
      try {
        key = decodeURIComponent(rawKey);
        value = decodeURIComponent(rawValue);
      } catch {
        return;
      }
      let metadata;
      if (metadataSeparatorIndex !== -1 && metadataSeparatorIndex < entry.length - 1) {
        const metadataString = entry.substring(metadataSeparatorIndex + 1);
        metadata = (0, api_1.baggageEntryMetadataFromString)(metadataString);
      }
      return { key, value, metadata };
    }
    exports.parsePairKeyValue = parsePairKeyValue;
    function parseBaggageHeaderString(value, baggage, count, totalSize) {
      let start = 0;
      while (start < value.length && count < constants_1.BAGGAGE_MAX_NAME_VALUE_PAIRS) {
        const end = value.indexOf(constants_1.BAGGAGE_ITEMS_SEPARATOR, start);
        const entryEnd = end === -1 ? value.length : end;
        const entryLength = entryEnd - start;
        if (entryLength <= constants_1.BAGGAGE_MAX_PER_NAME_VALUE_PAIRS) {
          const keyPair = parsePairKeyValue(value.substring(start, entryEnd));
          if (keyPair) {
            const entrySize = (count === 0 ? 0 : 1) + entryLength;
            if (totalSize + entrySize > constants_1.BAGGAGE_MAX_TOTAL_LENGTH)
              break;
            baggage[keyPair.key] = keyPair.metadata ? { value: keyPair.value, metadata: keyPair.metadata } : { value: keyPair.value };
            count++;
            totalSize += entrySize;
          }
        }
        if (end === -1)
          break;
        start = end + 1;
      }
      return [count, totalSize];
    }
    exports.parseBaggageHeaderString = parseBaggageHeaderString;
    function parseKeyPairsIntoRecord(value) {
      const result = {};
      if (typeof value === "string" && value.length > 0) {
        value.split(constants_1.BAGGAGE_ITEMS_SEPARATOR).forEach((entry) => {
          const keyPair = parsePairKeyValue(entry);
          if (keyPair !== void 0 && keyPair.value.length > 0) {
            result[keyPair.key] = keyPair.value;
          }
        });
      }
      return result;
    }
    exports.parseKeyPairsIntoRecord = parseKeyPairsIntoRecord;
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/baggage/propagation/W3CBaggagePropagator.js
var require_W3CBaggagePropagator = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/baggage/propagation/W3CBaggagePropagator.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.W3CBaggagePropagator = void 0;
    var api_1 = (init_esm(), __toCommonJS(esm_exports));
    var suppress_tracing_1 = require_suppress_tracing();
    var constants_1 = require_constants();
    var utils_1 = require_utils();
    var W3CBaggagePropagator = class {
      inject(context, carrier, setter) {
        const baggage = api_1.propagation.getBaggage(context);
        if (!baggage || (0, suppress_tracing_1.isTracingSuppressed)(context))
          return;
        const keyPairs = (0, utils_1.getKeyPairs)(baggage).filter((pair) => {
          return pair.length <= constants_1.BAGGAGE_MAX_PER_NAME_VALUE_PAIRS;
        }).slice(0, constants_1.BAGGAGE_MAX_NAME_VALUE_PAIRS);
        const headerValue = (0, utils_1.serializeKeyPairs)(keyPairs);
        if (headerValue.length > 0) {
          setter.set(carrier, constants_1.BAGGAGE_HEADER, headerValue);
        }
      }
      extract(context, carrier, getter) {
        const headerValue = getter.get(carrier, constants_1.BAGGAGE_HEADER);
        if (!headerValue) {
          return context;
        }
        const baggage = {};
        let count = 0;
        let totalSize = 0;
        if (Array.isArray(headerValue)) {
          for (let i = 0; i < headerValue.length; i++) {
            [count, totalSize] = (0, utils_1.parseBaggageHeaderString)(headerValue[i], baggage, count, totalSize);
          }
        } else {
          [count] = (0, utils_1.parseBaggageHeaderString)(headerValue, baggage, count, totalSize);
        }
        if (count === 0) {
          return context;
        }
        return api_1.propagation.setBaggage(context, api_1.propagation.createBaggage(baggage));
      }
      fields() {
        return [constants_1.BAGGAGE_HEADER];
      }
    };
    exports.W3CBaggagePropagator = W3CBaggagePropagator;
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/common/anchored-clock.js
var require_anchored_clock = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/common/anchored-clock.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.AnchoredClock = void 0;
    var AnchoredClock = class {
      _monotonicClock;
      _epochMillis;
      _performanceMillis;
      /**
       * Create a new AnchoredClock anchored to the current time returned by systemClock.
       *
       * @param systemClock should be a clock that returns the number of milliseconds since January 1 1970 such as Date
       * @param monotonicClock should be a clock that counts milliseconds monotonically such as window.performance or perf_hooks.performance
       */
      constructor(systemClock, monotonicClock) {
        this._monotonicClock = monotonicClock;
        this._epochMillis = systemClock.now();
        this._performanceMillis = monotonicClock.now();
      }
      /**
       * Returns the current time by adding the number of milliseconds since the
       * AnchoredClock was created to the creation epoch time
       */
      now() {
        const delta = this._monotonicClock.now() - this._performanceMillis;
        return this._epochMillis + delta;
      }
    };
    exports.AnchoredClock = AnchoredClock;
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/common/attributes.js
var require_attributes = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/common/attributes.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.isAttributeValue = exports.isAttributeKey = exports.sanitizeAttributes = void 0;
    var api_1 = (init_esm(), __toCommonJS(esm_exports));
    function sanitizeAttributes(attributes) {
      const out = {};
      if (typeof attributes !== "object" || attributes == null) {
        return out;
      }
      for (const key in attributes) {
        if (!Object.prototype.hasOwnProperty.call(attributes, key)) {
          continue;
        }
        if (!isAttributeKey(key)) {
          api_1.diag.warn(`Invalid attribute key: ${key}`);
          continue;
        }
        const val = attributes[key];
        if (!isAttributeValue(val)) {
          api_1.diag.warn(`Invalid attribute value set for key: ${key}`);
          continue;
        }
        if (Array.isArray(val)) {
          out[key] = val.slice();
        } else {
          out[key] = val;
        }
      }
      return out;
    }
    exports.sanitizeAttributes = sanitizeAttributes;
    function isAttributeKey(key) {
      return typeof key === "string" && key !== "";
    }
    exports.isAttributeKey = isAttributeKey;
    function isAttributeValue(val) {
      if (val == null) {
        return true;
      }
      if (Array.isArray(val)) {
        return isHomogeneousAttributeValueArray(val);
      }
      return isValidPrimitiveAttributeValueType(typeof val);
    }
    exports.isAttributeValue = isAttributeValue;
    function isHomogeneousAttributeValueArray(arr) {
      let type;
      for (const element of arr) {
        if (element == null)
          continue;
        const elementType = typeof element;
        if (elementType === type) {
          continue;
        }
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
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/common/logging-error-handler.js
var require_logging_error_handler = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/common/logging-error-handler.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.loggingErrorHandler = void 0;
    var api_1 = (init_esm(), __toCommonJS(esm_exports));
    function loggingErrorHandler() {
      return (ex) => {
        api_1.diag.error(stringifyException(ex));
      };
    }
    exports.loggingErrorHandler = loggingErrorHandler;
    function stringifyException(ex) {
      if (typeof ex === "string") {
        return ex;
      } else {
        return JSON.stringify(flattenException(ex));
      }
    }
    function flattenException(ex) {
      const result = {};
      let current = ex;
      while (current !== null) {
        Object.getOwnPropertyNames(current).forEach((propertyName) => {
          if (result[propertyName])
            return;
          const value = current[propertyName];
          if (value) {
            result[propertyName] = String(value);
          }
        });
        current = Object.getPrototypeOf(current);
      }
      return result;
    }
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/common/global-error-handler.js
var require_global_error_handler = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/common/global-error-handler.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.globalErrorHandler = exports.setGlobalErrorHandler = void 0;
    var logging_error_handler_1 = require_logging_error_handler();
    var delegateHandler = (0, logging_error_handler_1.loggingErrorHandler)();
    function setGlobalErrorHandler(handler) {
      delegateHandler = handler;
    }
    exports.setGlobalErrorHandler = setGlobalErrorHandler;
    function globalErrorHandler(ex) {
      try {
        delegateHandler(ex);
      } catch {
      }
    }
    exports.globalErrorHandler = globalErrorHandler;
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/platform/node/environment.js
var require_environment = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/platform/node/environment.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.getStringListFromEnv = exports.getBooleanFromEnv = exports.getStringFromEnv = exports.getNumberFromEnv = void 0;
    var api_1 = (init_esm(), __toCommonJS(esm_exports));
    var util_1 = __require("util");
    function getNumberFromEnv(key) {
      const raw = process.env[key];
      if (raw == null || raw.trim() === "") {
        return void 0;
      }
      const value = Number(raw);
      if (isNaN(value)) {
        api_1.diag.warn(`Unknown value ${(0, util_1.inspect)(raw)} for ${key}, expected a number, using defaults`);
        return void 0;
      }
      return value;
    }
    exports.getNumberFromEnv = getNumberFromEnv;
    function getStringFromEnv(key) {
      const raw = process.env[key];
      if (raw == null || raw.trim() === "") {
        return void 0;
      }
      return raw;
    }
    exports.getStringFromEnv = getStringFromEnv;
    function getBooleanFromEnv(key) {
      const raw = process.env[key]?.trim().toLowerCase();
      if (raw == null || raw === "") {
        return false;
      }
      if (raw === "true") {
        return true;
      } else if (raw === "false") {
        return false;
      } else {
        api_1.diag.warn(`Unknown value ${(0, util_1.inspect)(raw)} for ${key}, expected 'true' or 'false', falling back to 'false' (default)`);
        return false;
      }
    }
    exports.getBooleanFromEnv = getBooleanFromEnv;
    function getStringListFromEnv(key) {
      return getStringFromEnv(key)?.split(",").map((v) => v.trim()).filter((s) => s !== "");
    }
    exports.getStringListFromEnv = getStringListFromEnv;
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/common/globalThis.js
var require_globalThis = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/common/globalThis.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports._globalThis = void 0;
    exports._globalThis = globalThis;
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/version.js
var require_version = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/version.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.VERSION = void 0;
    exports.VERSION = "2.12.0";
  }
});

// node_modules/.pnpm/@opentelemetry+semantic-conventions@1.45.0/node_modules/@opentelemetry/semantic-conventions/dist/internal/utils.cjs
var require_utils2 = __commonJS({
  "node_modules/.pnpm/@opentelemetry+semantic-conventions@1.45.0/node_modules/@opentelemetry/semantic-conventions/dist/internal/utils.cjs"(exports) {
    // @__NO_SIDE_EFFECTS__
    function createConstMap(values) {
      let res = {};
      const len = values.length;
      for (let lp = 0; lp < len; lp++) {
        const val = values[lp];
        if (val) res[String(val).toUpperCase().replace(/[-.]/g, "_")] = val;
      }
      return res;
    }
    exports.createConstMap = createConstMap;
  }
});

// node_modules/.pnpm/@opentelemetry+semantic-conventions@1.45.0/node_modules/@opentelemetry/semantic-conventions/dist/trace/SemanticAttributes.cjs
var require_SemanticAttributes = __commonJS({
  "node_modules/.pnpm/@opentelemetry+semantic-conventions@1.45.0/node_modules/@opentelemetry/semantic-conventions/dist/trace/SemanticAttributes.cjs"(exports) {
    var require_utils5 = require_utils2();
    var TMP_AWS_LAMBDA_INVOKED_ARN = "aws.lambda.invoked_arn";
    var TMP_DB_SYSTEM = "db.system";
    var TMP_DB_CONNECTION_STRING = "db.connection_string";
    var TMP_DB_USER = "db.user";
    var TMP_DB_JDBC_DRIVER_CLASSNAME = "db.jdbc.driver_classname";
    var TMP_DB_NAME = "db.name";
    var TMP_DB_STATEMENT = "db.statement";
    var TMP_DB_OPERATION = "db.operation";
    var TMP_DB_MSSQL_INSTANCE_NAME = "db.mssql.instance_name";
    var TMP_DB_CASSANDRA_KEYSPACE = "db.cassandra.keyspace";
    var TMP_DB_CASSANDRA_PAGE_SIZE = "db.cassandra.page_size";
    var TMP_DB_CASSANDRA_CONSISTENCY_LEVEL = "db.cassandra.consistency_level";
    var TMP_DB_CASSANDRA_TABLE = "db.cassandra.table";
    var TMP_DB_CASSANDRA_IDEMPOTENCE = "db.cassandra.idempotence";
    var TMP_DB_CASSANDRA_SPECULATIVE_EXECUTION_COUNT = "db.cassandra.speculative_execution_count";
    var TMP_DB_CASSANDRA_COORDINATOR_ID = "db.cassandra.coordinator.id";
    var TMP_DB_CASSANDRA_COORDINATOR_DC = "db.cassandra.coordinator.dc";
    var TMP_DB_HBASE_NAMESPACE = "db.hbase.namespace";
    var TMP_DB_REDIS_DATABASE_INDEX = "db.redis.database_index";
    var TMP_DB_MONGODB_COLLECTION = "db.mongodb.collection";
    var TMP_DB_SQL_TABLE = "db.sql.table";
    var TMP_EXCEPTION_TYPE = "exception.type";
    var TMP_EXCEPTION_MESSAGE = "exception.message";
    var TMP_EXCEPTION_STACKTRACE = "exception.stacktrace";
    var TMP_EXCEPTION_ESCAPED = "exception.escaped";
    var TMP_FAAS_TRIGGER = "faas.trigger";
    var TMP_FAAS_EXECUTION = "faas.execution";
    var TMP_FAAS_DOCUMENT_COLLECTION = "faas.document.collection";
    var TMP_FAAS_DOCUMENT_OPERATION = "faas.document.operation";
    var TMP_FAAS_DOCUMENT_TIME = "faas.document.time";
    var TMP_FAAS_DOCUMENT_NAME = "faas.document.name";
    var TMP_FAAS_TIME = "faas.time";
    var TMP_FAAS_CRON = "faas.cron";
    var TMP_FAAS_COLDSTART = "faas.coldstart";
    var TMP_FAAS_INVOKED_NAME = "faas.invoked_name";
    var TMP_FAAS_INVOKED_PROVIDER = "faas.invoked_provider";
    var TMP_FAAS_INVOKED_REGION = "faas.invoked_region";
    var TMP_NET_TRANSPORT = "net.transport";
    var TMP_NET_PEER_IP = "net.peer.ip";
    var TMP_NET_PEER_PORT = "net.peer.port";
    var TMP_NET_PEER_NAME = "net.peer.name";
    var TMP_NET_HOST_IP = "net.host.ip";
    var TMP_NET_HOST_PORT = "net.host.port";
    var TMP_NET_HOST_NAME = "net.host.name";
    var TMP_NET_HOST_CONNECTION_TYPE = "net.host.connection.type";
    var TMP_NET_HOST_CONNECTION_SUBTYPE = "net.host.connection.subtype";
    var TMP_NET_HOST_CARRIER_NAME = "net.host.carrier.name";
    var TMP_NET_HOST_CARRIER_MCC = "net.host.carrier.mcc";
    var TMP_NET_HOST_CARRIER_MNC = "net.host.carrier.mnc";
    var TMP_NET_HOST_CARRIER_ICC = "net.host.carrier.icc";
    var TMP_PEER_SERVICE = "peer.service";
    var TMP_ENDUSER_ID = "enduser.id";
    var TMP_ENDUSER_ROLE = "enduser.role";
    var TMP_ENDUSER_SCOPE = "enduser.scope";
    var TMP_THREAD_ID = "thread.id";
    var TMP_THREAD_NAME = "thread.name";
    var TMP_CODE_FUNCTION = "code.function";
    var TMP_CODE_NAMESPACE = "code.namespace";
    var TMP_CODE_FILEPATH = "code.filepath";
    var TMP_CODE_LINENO = "code.lineno";
    var TMP_HTTP_METHOD = "http.method";
    var TMP_HTTP_URL = "http.url";
    var TMP_HTTP_TARGET = "http.target";
    var TMP_HTTP_HOST = "http.host";
    var TMP_HTTP_SCHEME = "http.scheme";
    var TMP_HTTP_STATUS_CODE = "http.status_code";
    var TMP_HTTP_FLAVOR = "http.flavor";
    var TMP_HTTP_USER_AGENT = "http.user_agent";
    var TMP_HTTP_REQUEST_CONTENT_LENGTH = "http.request_content_length";
    var TMP_HTTP_REQUEST_CONTENT_LENGTH_UNCOMPRESSED = "http.request_content_length_uncompressed";
    var TMP_HTTP_RESPONSE_CONTENT_LENGTH = "http.response_content_length";
    var TMP_HTTP_RESPONSE_CONTENT_LENGTH_UNCOMPRESSED = "http.response_content_length_uncompressed";
    var TMP_HTTP_SERVER_NAME = "http.server_name";
    var TMP_HTTP_ROUTE = "http.route";
    var TMP_HTTP_CLIENT_IP = "http.client_ip";
    var TMP_AWS_DYNAMODB_TABLE_NAMES = "aws.dynamodb.table_names";
    var TMP_AWS_DYNAMODB_CONSUMED_CAPACITY = "aws.dynamodb.consumed_capacity";
    var TMP_AWS_DYNAMODB_ITEM_COLLECTION_METRICS = "aws.dynamodb.item_collection_metrics";
    var TMP_AWS_DYNAMODB_PROVISIONED_READ_CAPACITY = "aws.dynamodb.provisioned_read_capacity";
    var TMP_AWS_DYNAMODB_PROVISIONED_WRITE_CAPACITY = "aws.dynamodb.provisioned_write_capacity";
    var TMP_AWS_DYNAMODB_CONSISTENT_READ = "aws.dynamodb.consistent_read";
    var TMP_AWS_DYNAMODB_PROJECTION = "aws.dynamodb.projection";
    var TMP_AWS_DYNAMODB_LIMIT = "aws.dynamodb.limit";
    var TMP_AWS_DYNAMODB_ATTRIBUTES_TO_GET = "aws.dynamodb.attributes_to_get";
    var TMP_AWS_DYNAMODB_INDEX_NAME = "aws.dynamodb.index_name";
    var TMP_AWS_DYNAMODB_SELECT = "aws.dynamodb.select";
    var TMP_AWS_DYNAMODB_GLOBAL_SECONDARY_INDEXES = "aws.dynamodb.global_secondary_indexes";
    var TMP_AWS_DYNAMODB_LOCAL_SECONDARY_INDEXES = "aws.dynamodb.local_secondary_indexes";
    var TMP_AWS_DYNAMODB_EXCLUSIVE_START_TABLE = "aws.dynamodb.exclusive_start_table";
    var TMP_AWS_DYNAMODB_TABLE_COUNT = "aws.dynamodb.table_count";
    var TMP_AWS_DYNAMODB_SCAN_FORWARD = "aws.dynamodb.scan_forward";
    var TMP_AWS_DYNAMODB_SEGMENT = "aws.dynamodb.segment";
    var TMP_AWS_DYNAMODB_TOTAL_SEGMENTS = "aws.dynamodb.total_segments";
    var TMP_AWS_DYNAMODB_COUNT = "aws.dynamodb.count";
    var TMP_AWS_DYNAMODB_SCANNED_COUNT = "aws.dynamodb.scanned_count";
    var TMP_AWS_DYNAMODB_ATTRIBUTE_DEFINITIONS = "aws.dynamodb.attribute_definitions";
    var TMP_AWS_DYNAMODB_GLOBAL_SECONDARY_INDEX_UPDATES = "aws.dynamodb.global_secondary_index_updates";
    var TMP_MESSAGING_SYSTEM = "messaging.system";
    var TMP_MESSAGING_DESTINATION = "messaging.destination";
    var TMP_MESSAGING_DESTINATION_KIND = "messaging.destination_kind";
    var TMP_MESSAGING_TEMP_DESTINATION = "messaging.temp_destination";
    var TMP_MESSAGING_PROTOCOL = "messaging.protocol";
    var TMP_MESSAGING_PROTOCOL_VERSION = "messaging.protocol_version";
    var TMP_MESSAGING_URL = "messaging.url";
    var TMP_MESSAGING_MESSAGE_ID = "messaging.message_id";
    var TMP_MESSAGING_CONVERSATION_ID = "messaging.conversation_id";
    var TMP_MESSAGING_MESSAGE_PAYLOAD_SIZE_BYTES = "messaging.message_payload_size_bytes";
    var TMP_MESSAGING_MESSAGE_PAYLOAD_COMPRESSED_SIZE_BYTES = "messaging.message_payload_compressed_size_bytes";
    var TMP_MESSAGING_OPERATION = "messaging.operation";
    var TMP_MESSAGING_CONSUMER_ID = "messaging.consumer_id";
    var TMP_MESSAGING_RABBITMQ_ROUTING_KEY = "messaging.rabbitmq.routing_key";
    var TMP_MESSAGING_KAFKA_MESSAGE_KEY = "messaging.kafka.message_key";
    var TMP_MESSAGING_KAFKA_CONSUMER_GROUP = "messaging.kafka.consumer_group";
    var TMP_MESSAGING_KAFKA_CLIENT_ID = "messaging.kafka.client_id";
    var TMP_MESSAGING_KAFKA_PARTITION = "messaging.kafka.partition";
    var TMP_MESSAGING_KAFKA_TOMBSTONE = "messaging.kafka.tombstone";
    var TMP_RPC_SYSTEM = "rpc.system";
    var TMP_RPC_SERVICE = "rpc.service";
    var TMP_RPC_METHOD = "rpc.method";
    var TMP_RPC_GRPC_STATUS_CODE = "rpc.grpc.status_code";
    var TMP_RPC_JSONRPC_VERSION = "rpc.jsonrpc.version";
    var TMP_RPC_JSONRPC_REQUEST_ID = "rpc.jsonrpc.request_id";
    var TMP_RPC_JSONRPC_ERROR_CODE = "rpc.jsonrpc.error_code";
    var TMP_RPC_JSONRPC_ERROR_MESSAGE = "rpc.jsonrpc.error_message";
    var TMP_MESSAGE_TYPE = "message.type";
    var TMP_MESSAGE_ID = "message.id";
    var TMP_MESSAGE_COMPRESSED_SIZE = "message.compressed_size";
    var TMP_MESSAGE_UNCOMPRESSED_SIZE = "message.uncompressed_size";
    var SEMATTRS_AWS_LAMBDA_INVOKED_ARN = TMP_AWS_LAMBDA_INVOKED_ARN;
    var SEMATTRS_DB_SYSTEM = TMP_DB_SYSTEM;
    var SEMATTRS_DB_CONNECTION_STRING = TMP_DB_CONNECTION_STRING;
    var SEMATTRS_DB_USER = TMP_DB_USER;
    var SEMATTRS_DB_JDBC_DRIVER_CLASSNAME = TMP_DB_JDBC_DRIVER_CLASSNAME;
    var SEMATTRS_DB_NAME = TMP_DB_NAME;
    var SEMATTRS_DB_STATEMENT = TMP_DB_STATEMENT;
    var SEMATTRS_DB_OPERATION = TMP_DB_OPERATION;
    var SEMATTRS_DB_MSSQL_INSTANCE_NAME = TMP_DB_MSSQL_INSTANCE_NAME;
    var SEMATTRS_DB_CASSANDRA_KEYSPACE = TMP_DB_CASSANDRA_KEYSPACE;
    var SEMATTRS_DB_CASSANDRA_PAGE_SIZE = TMP_DB_CASSANDRA_PAGE_SIZE;
    var SEMATTRS_DB_CASSANDRA_CONSISTENCY_LEVEL = TMP_DB_CASSANDRA_CONSISTENCY_LEVEL;
    var SEMATTRS_DB_CASSANDRA_TABLE = TMP_DB_CASSANDRA_TABLE;
    var SEMATTRS_DB_CASSANDRA_IDEMPOTENCE = TMP_DB_CASSANDRA_IDEMPOTENCE;
    var SEMATTRS_DB_CASSANDRA_SPECULATIVE_EXECUTION_COUNT = TMP_DB_CASSANDRA_SPECULATIVE_EXECUTION_COUNT;
    var SEMATTRS_DB_CASSANDRA_COORDINATOR_ID = TMP_DB_CASSANDRA_COORDINATOR_ID;
    var SEMATTRS_DB_CASSANDRA_COORDINATOR_DC = TMP_DB_CASSANDRA_COORDINATOR_DC;
    var SEMATTRS_DB_HBASE_NAMESPACE = TMP_DB_HBASE_NAMESPACE;
    var SEMATTRS_DB_REDIS_DATABASE_INDEX = TMP_DB_REDIS_DATABASE_INDEX;
    var SEMATTRS_DB_MONGODB_COLLECTION = TMP_DB_MONGODB_COLLECTION;
    var SEMATTRS_DB_SQL_TABLE = TMP_DB_SQL_TABLE;
    var SEMATTRS_EXCEPTION_TYPE = TMP_EXCEPTION_TYPE;
    var SEMATTRS_EXCEPTION_MESSAGE = TMP_EXCEPTION_MESSAGE;
    var SEMATTRS_EXCEPTION_STACKTRACE = TMP_EXCEPTION_STACKTRACE;
    var SEMATTRS_EXCEPTION_ESCAPED = TMP_EXCEPTION_ESCAPED;
    var SEMATTRS_FAAS_TRIGGER = TMP_FAAS_TRIGGER;
    var SEMATTRS_FAAS_EXECUTION = TMP_FAAS_EXECUTION;
    var SEMATTRS_FAAS_DOCUMENT_COLLECTION = TMP_FAAS_DOCUMENT_COLLECTION;
    var SEMATTRS_FAAS_DOCUMENT_OPERATION = TMP_FAAS_DOCUMENT_OPERATION;
    var SEMATTRS_FAAS_DOCUMENT_TIME = TMP_FAAS_DOCUMENT_TIME;
    var SEMATTRS_FAAS_DOCUMENT_NAME = TMP_FAAS_DOCUMENT_NAME;
    var SEMATTRS_FAAS_TIME = TMP_FAAS_TIME;
    var SEMATTRS_FAAS_CRON = TMP_FAAS_CRON;
    var SEMATTRS_FAAS_COLDSTART = TMP_FAAS_COLDSTART;
    var SEMATTRS_FAAS_INVOKED_NAME = TMP_FAAS_INVOKED_NAME;
    var SEMATTRS_FAAS_INVOKED_PROVIDER = TMP_FAAS_INVOKED_PROVIDER;
    var SEMATTRS_FAAS_INVOKED_REGION = TMP_FAAS_INVOKED_REGION;
    var SEMATTRS_NET_TRANSPORT = TMP_NET_TRANSPORT;
    var SEMATTRS_NET_PEER_IP = TMP_NET_PEER_IP;
    var SEMATTRS_NET_PEER_PORT = TMP_NET_PEER_PORT;
    var SEMATTRS_NET_PEER_NAME = TMP_NET_PEER_NAME;
    var SEMATTRS_NET_HOST_IP = TMP_NET_HOST_IP;
    var SEMATTRS_NET_HOST_PORT = TMP_NET_HOST_PORT;
    var SEMATTRS_NET_HOST_NAME = TMP_NET_HOST_NAME;
    var SEMATTRS_NET_HOST_CONNECTION_TYPE = TMP_NET_HOST_CONNECTION_TYPE;
    var SEMATTRS_NET_HOST_CONNECTION_SUBTYPE = TMP_NET_HOST_CONNECTION_SUBTYPE;
    var SEMATTRS_NET_HOST_CARRIER_NAME = TMP_NET_HOST_CARRIER_NAME;
    var SEMATTRS_NET_HOST_CARRIER_MCC = TMP_NET_HOST_CARRIER_MCC;
    var SEMATTRS_NET_HOST_CARRIER_MNC = TMP_NET_HOST_CARRIER_MNC;
    var SEMATTRS_NET_HOST_CARRIER_ICC = TMP_NET_HOST_CARRIER_ICC;
    var SEMATTRS_PEER_SERVICE = TMP_PEER_SERVICE;
    var SEMATTRS_ENDUSER_ID = TMP_ENDUSER_ID;
    var SEMATTRS_ENDUSER_ROLE = TMP_ENDUSER_ROLE;
    var SEMATTRS_ENDUSER_SCOPE = TMP_ENDUSER_SCOPE;
    var SEMATTRS_THREAD_ID = TMP_THREAD_ID;
    var SEMATTRS_THREAD_NAME = TMP_THREAD_NAME;
    var SEMATTRS_CODE_FUNCTION = TMP_CODE_FUNCTION;
    var SEMATTRS_CODE_NAMESPACE = TMP_CODE_NAMESPACE;
    var SEMATTRS_CODE_FILEPATH = TMP_CODE_FILEPATH;
    var SEMATTRS_CODE_LINENO = TMP_CODE_LINENO;
    var SEMATTRS_HTTP_METHOD = TMP_HTTP_METHOD;
    var SEMATTRS_HTTP_URL = TMP_HTTP_URL;
    var SEMATTRS_HTTP_TARGET = TMP_HTTP_TARGET;
    var SEMATTRS_HTTP_HOST = TMP_HTTP_HOST;
    var SEMATTRS_HTTP_SCHEME = TMP_HTTP_SCHEME;
    var SEMATTRS_HTTP_STATUS_CODE = TMP_HTTP_STATUS_CODE;
    var SEMATTRS_HTTP_FLAVOR = TMP_HTTP_FLAVOR;
    var SEMATTRS_HTTP_USER_AGENT = TMP_HTTP_USER_AGENT;
    var SEMATTRS_HTTP_REQUEST_CONTENT_LENGTH = TMP_HTTP_REQUEST_CONTENT_LENGTH;
    var SEMATTRS_HTTP_REQUEST_CONTENT_LENGTH_UNCOMPRESSED = TMP_HTTP_REQUEST_CONTENT_LENGTH_UNCOMPRESSED;
    var SEMATTRS_HTTP_RESPONSE_CONTENT_LENGTH = TMP_HTTP_RESPONSE_CONTENT_LENGTH;
    var SEMATTRS_HTTP_RESPONSE_CONTENT_LENGTH_UNCOMPRESSED = TMP_HTTP_RESPONSE_CONTENT_LENGTH_UNCOMPRESSED;
    var SEMATTRS_HTTP_SERVER_NAME = TMP_HTTP_SERVER_NAME;
    var SEMATTRS_HTTP_ROUTE = TMP_HTTP_ROUTE;
    var SEMATTRS_HTTP_CLIENT_IP = TMP_HTTP_CLIENT_IP;
    var SEMATTRS_AWS_DYNAMODB_TABLE_NAMES = TMP_AWS_DYNAMODB_TABLE_NAMES;
    var SEMATTRS_AWS_DYNAMODB_CONSUMED_CAPACITY = TMP_AWS_DYNAMODB_CONSUMED_CAPACITY;
    var SEMATTRS_AWS_DYNAMODB_ITEM_COLLECTION_METRICS = TMP_AWS_DYNAMODB_ITEM_COLLECTION_METRICS;
    var SEMATTRS_AWS_DYNAMODB_PROVISIONED_READ_CAPACITY = TMP_AWS_DYNAMODB_PROVISIONED_READ_CAPACITY;
    var SEMATTRS_AWS_DYNAMODB_PROVISIONED_WRITE_CAPACITY = TMP_AWS_DYNAMODB_PROVISIONED_WRITE_CAPACITY;
    var SEMATTRS_AWS_DYNAMODB_CONSISTENT_READ = TMP_AWS_DYNAMODB_CONSISTENT_READ;
    var SEMATTRS_AWS_DYNAMODB_PROJECTION = TMP_AWS_DYNAMODB_PROJECTION;
    var SEMATTRS_AWS_DYNAMODB_LIMIT = TMP_AWS_DYNAMODB_LIMIT;
    var SEMATTRS_AWS_DYNAMODB_ATTRIBUTES_TO_GET = TMP_AWS_DYNAMODB_ATTRIBUTES_TO_GET;
    var SEMATTRS_AWS_DYNAMODB_INDEX_NAME = TMP_AWS_DYNAMODB_INDEX_NAME;
    var SEMATTRS_AWS_DYNAMODB_SELECT = TMP_AWS_DYNAMODB_SELECT;
    var SEMATTRS_AWS_DYNAMODB_GLOBAL_SECONDARY_INDEXES = TMP_AWS_DYNAMODB_GLOBAL_SECONDARY_INDEXES;
    var SEMATTRS_AWS_DYNAMODB_LOCAL_SECONDARY_INDEXES = TMP_AWS_DYNAMODB_LOCAL_SECONDARY_INDEXES;
    var SEMATTRS_AWS_DYNAMODB_EXCLUSIVE_START_TABLE = TMP_AWS_DYNAMODB_EXCLUSIVE_START_TABLE;
    var SEMATTRS_AWS_DYNAMODB_TABLE_COUNT = TMP_AWS_DYNAMODB_TABLE_COUNT;
    var SEMATTRS_AWS_DYNAMODB_SCAN_FORWARD = TMP_AWS_DYNAMODB_SCAN_FORWARD;
    var SEMATTRS_AWS_DYNAMODB_SEGMENT = TMP_AWS_DYNAMODB_SEGMENT;
    var SEMATTRS_AWS_DYNAMODB_TOTAL_SEGMENTS = TMP_AWS_DYNAMODB_TOTAL_SEGMENTS;
    var SEMATTRS_AWS_DYNAMODB_COUNT = TMP_AWS_DYNAMODB_COUNT;
    var SEMATTRS_AWS_DYNAMODB_SCANNED_COUNT = TMP_AWS_DYNAMODB_SCANNED_COUNT;
    var SEMATTRS_AWS_DYNAMODB_ATTRIBUTE_DEFINITIONS = TMP_AWS_DYNAMODB_ATTRIBUTE_DEFINITIONS;
    var SEMATTRS_AWS_DYNAMODB_GLOBAL_SECONDARY_INDEX_UPDATES = TMP_AWS_DYNAMODB_GLOBAL_SECONDARY_INDEX_UPDATES;
    var SEMATTRS_MESSAGING_SYSTEM = TMP_MESSAGING_SYSTEM;
    var SEMATTRS_MESSAGING_DESTINATION = TMP_MESSAGING_DESTINATION;
    var SEMATTRS_MESSAGING_DESTINATION_KIND = TMP_MESSAGING_DESTINATION_KIND;
    var SEMATTRS_MESSAGING_TEMP_DESTINATION = TMP_MESSAGING_TEMP_DESTINATION;
    var SEMATTRS_MESSAGING_PROTOCOL = TMP_MESSAGING_PROTOCOL;
    var SEMATTRS_MESSAGING_PROTOCOL_VERSION = TMP_MESSAGING_PROTOCOL_VERSION;
    var SEMATTRS_MESSAGING_URL = TMP_MESSAGING_URL;
    var SEMATTRS_MESSAGING_MESSAGE_ID = TMP_MESSAGING_MESSAGE_ID;
    var SEMATTRS_MESSAGING_CONVERSATION_ID = TMP_MESSAGING_CONVERSATION_ID;
    var SEMATTRS_MESSAGING_MESSAGE_PAYLOAD_SIZE_BYTES = TMP_MESSAGING_MESSAGE_PAYLOAD_SIZE_BYTES;
    var SEMATTRS_MESSAGING_MESSAGE_PAYLOAD_COMPRESSED_SIZE_BYTES = TMP_MESSAGING_MESSAGE_PAYLOAD_COMPRESSED_SIZE_BYTES;
    var SEMATTRS_MESSAGING_OPERATION = TMP_MESSAGING_OPERATION;
    var SEMATTRS_MESSAGING_CONSUMER_ID = TMP_MESSAGING_CONSUMER_ID;
    var SEMATTRS_MESSAGING_RABBITMQ_ROUTING_KEY = TMP_MESSAGING_RABBITMQ_ROUTING_KEY;
    var SEMATTRS_MESSAGING_KAFKA_MESSAGE_KEY = TMP_MESSAGING_KAFKA_MESSAGE_KEY;
    var SEMATTRS_MESSAGING_KAFKA_CONSUMER_GROUP = TMP_MESSAGING_KAFKA_CONSUMER_GROUP;
    var SEMATTRS_MESSAGING_KAFKA_CLIENT_ID = TMP_MESSAGING_KAFKA_CLIENT_ID;
    var SEMATTRS_MESSAGING_KAFKA_PARTITION = TMP_MESSAGING_KAFKA_PARTITION;
    var SEMATTRS_MESSAGING_KAFKA_TOMBSTONE = TMP_MESSAGING_KAFKA_TOMBSTONE;
    var SEMATTRS_RPC_SYSTEM = TMP_RPC_SYSTEM;
    var SEMATTRS_RPC_SERVICE = TMP_RPC_SERVICE;
    var SEMATTRS_RPC_METHOD = TMP_RPC_METHOD;
    var SEMATTRS_RPC_GRPC_STATUS_CODE = TMP_RPC_GRPC_STATUS_CODE;
    var SEMATTRS_RPC_JSONRPC_VERSION = TMP_RPC_JSONRPC_VERSION;
    var SEMATTRS_RPC_JSONRPC_REQUEST_ID = TMP_RPC_JSONRPC_REQUEST_ID;
    var SEMATTRS_RPC_JSONRPC_ERROR_CODE = TMP_RPC_JSONRPC_ERROR_CODE;
    var SEMATTRS_RPC_JSONRPC_ERROR_MESSAGE = TMP_RPC_JSONRPC_ERROR_MESSAGE;
    var SEMATTRS_MESSAGE_TYPE = TMP_MESSAGE_TYPE;
    var SEMATTRS_MESSAGE_ID = TMP_MESSAGE_ID;
    var SEMATTRS_MESSAGE_COMPRESSED_SIZE = TMP_MESSAGE_COMPRESSED_SIZE;
    var SEMATTRS_MESSAGE_UNCOMPRESSED_SIZE = TMP_MESSAGE_UNCOMPRESSED_SIZE;
    var SemanticAttributes = /* @__PURE__ */ require_utils5.createConstMap([
      TMP_AWS_LAMBDA_INVOKED_ARN,
      TMP_DB_SYSTEM,
      TMP_DB_CONNECTION_STRING,
      TMP_DB_USER,
      TMP_DB_JDBC_DRIVER_CLASSNAME,
      TMP_DB_NAME,
      TMP_DB_STATEMENT,
      TMP_DB_OPERATION,
      TMP_DB_MSSQL_INSTANCE_NAME,
      TMP_DB_CASSANDRA_KEYSPACE,
      TMP_DB_CASSANDRA_PAGE_SIZE,
      TMP_DB_CASSANDRA_CONSISTENCY_LEVEL,
      TMP_DB_CASSANDRA_TABLE,
      TMP_DB_CASSANDRA_IDEMPOTENCE,
      TMP_DB_CASSANDRA_SPECULATIVE_EXECUTION_COUNT,
      TMP_DB_CASSANDRA_COORDINATOR_ID,
      TMP_DB_CASSANDRA_COORDINATOR_DC,
      TMP_DB_HBASE_NAMESPACE,
      TMP_DB_REDIS_DATABASE_INDEX,
      TMP_DB_MONGODB_COLLECTION,
      TMP_DB_SQL_TABLE,
      TMP_EXCEPTION_TYPE,
      TMP_EXCEPTION_MESSAGE,
      TMP_EXCEPTION_STACKTRACE,
      TMP_EXCEPTION_ESCAPED,
      TMP_FAAS_TRIGGER,
      TMP_FAAS_EXECUTION,
      TMP_FAAS_DOCUMENT_COLLECTION,
      TMP_FAAS_DOCUMENT_OPERATION,
      TMP_FAAS_DOCUMENT_TIME,
      TMP_FAAS_DOCUMENT_NAME,
      TMP_FAAS_TIME,
      TMP_FAAS_CRON,
      TMP_FAAS_COLDSTART,
      TMP_FAAS_INVOKED_NAME,
      TMP_FAAS_INVOKED_PROVIDER,
      TMP_FAAS_INVOKED_REGION,
      TMP_NET_TRANSPORT,
      TMP_NET_PEER_IP,
      TMP_NET_PEER_PORT,
      TMP_NET_PEER_NAME,
      TMP_NET_HOST_IP,
      TMP_NET_HOST_PORT,
      TMP_NET_HOST_NAME,
      TMP_NET_HOST_CONNECTION_TYPE,
      TMP_NET_HOST_CONNECTION_SUBTYPE,
      TMP_NET_HOST_CARRIER_NAME,
      TMP_NET_HOST_CARRIER_MCC,
      TMP_NET_HOST_CARRIER_MNC,
      TMP_NET_HOST_CARRIER_ICC,
      TMP_PEER_SERVICE,
      TMP_ENDUSER_ID,
      TMP_ENDUSER_ROLE,
      TMP_ENDUSER_SCOPE,
      TMP_THREAD_ID,
      TMP_THREAD_NAME,
      TMP_CODE_FUNCTION,
      TMP_CODE_NAMESPACE,
      TMP_CODE_FILEPATH,
      TMP_CODE_LINENO,
      TMP_HTTP_METHOD,
      TMP_HTTP_URL,
      TMP_HTTP_TARGET,
      TMP_HTTP_HOST,
      TMP_HTTP_SCHEME,
      TMP_HTTP_STATUS_CODE,
      TMP_HTTP_FLAVOR,
      TMP_HTTP_USER_AGENT,
      TMP_HTTP_REQUEST_CONTENT_LENGTH,
      TMP_HTTP_REQUEST_CONTENT_LENGTH_UNCOMPRESSED,
      TMP_HTTP_RESPONSE_CONTENT_LENGTH,
      TMP_HTTP_RESPONSE_CONTENT_LENGTH_UNCOMPRESSED,
      TMP_HTTP_SERVER_NAME,
      TMP_HTTP_ROUTE,
      TMP_HTTP_CLIENT_IP,
      TMP_AWS_DYNAMODB_TABLE_NAMES,
      TMP_AWS_DYNAMODB_CONSUMED_CAPACITY,
      TMP_AWS_DYNAMODB_ITEM_COLLECTION_METRICS,
      TMP_AWS_DYNAMODB_PROVISIONED_READ_CAPACITY,
      TMP_AWS_DYNAMODB_PROVISIONED_WRITE_CAPACITY,
      TMP_AWS_DYNAMODB_CONSISTENT_READ,
      TMP_AWS_DYNAMODB_PROJECTION,
      TMP_AWS_DYNAMODB_LIMIT,
      TMP_AWS_DYNAMODB_ATTRIBUTES_TO_GET,
      TMP_AWS_DYNAMODB_INDEX_NAME,
      TMP_AWS_DYNAMODB_SELECT,
      TMP_AWS_DYNAMODB_GLOBAL_SECONDARY_INDEXES,
      TMP_AWS_DYNAMODB_LOCAL_SECONDARY_INDEXES,
      TMP_AWS_DYNAMODB_EXCLUSIVE_START_TABLE,
      TMP_AWS_DYNAMODB_TABLE_COUNT,
      TMP_AWS_DYNAMODB_SCAN_FORWARD,
      TMP_AWS_DYNAMODB_SEGMENT,
      TMP_AWS_DYNAMODB_TOTAL_SEGMENTS,
      TMP_AWS_DYNAMODB_COUNT,
      TMP_AWS_DYNAMODB_SCANNED_COUNT,
      TMP_AWS_DYNAMODB_ATTRIBUTE_DEFINITIONS,
      TMP_AWS_DYNAMODB_GLOBAL_SECONDARY_INDEX_UPDATES,
      TMP_MESSAGING_SYSTEM,
      TMP_MESSAGING_DESTINATION,
      TMP_MESSAGING_DESTINATION_KIND,
      TMP_MESSAGING_TEMP_DESTINATION,
      TMP_MESSAGING_PROTOCOL,
      TMP_MESSAGING_PROTOCOL_VERSION,
      TMP_MESSAGING_URL,
      TMP_MESSAGING_MESSAGE_ID,
      TMP_MESSAGING_CONVERSATION_ID,
      TMP_MESSAGING_MESSAGE_PAYLOAD_SIZE_BYTES,
      TMP_MESSAGING_MESSAGE_PAYLOAD_COMPRESSED_SIZE_BYTES,
      TMP_MESSAGING_OPERATION,
      TMP_MESSAGING_CONSUMER_ID,
      TMP_MESSAGING_RABBITMQ_ROUTING_KEY,
      TMP_MESSAGING_KAFKA_MESSAGE_KEY,
      TMP_MESSAGING_KAFKA_CONSUMER_GROUP,
      TMP_MESSAGING_KAFKA_CLIENT_ID,
      TMP_MESSAGING_KAFKA_PARTITION,
      TMP_MESSAGING_KAFKA_TOMBSTONE,
      TMP_RPC_SYSTEM,
      TMP_RPC_SERVICE,
      TMP_RPC_METHOD,
      TMP_RPC_GRPC_STATUS_CODE,
      TMP_RPC_JSONRPC_VERSION,
      TMP_RPC_JSONRPC_REQUEST_ID,
      TMP_RPC_JSONRPC_ERROR_CODE,
      TMP_RPC_JSONRPC_ERROR_MESSAGE,
      TMP_MESSAGE_TYPE,
      TMP_MESSAGE_ID,
      TMP_MESSAGE_COMPRESSED_SIZE,
      TMP_MESSAGE_UNCOMPRESSED_SIZE
    ]);
    var TMP_DBSYSTEMVALUES_OTHER_SQL = "other_sql";
    var TMP_DBSYSTEMVALUES_MSSQL = "mssql";
    var TMP_DBSYSTEMVALUES_MYSQL = "mysql";
    var TMP_DBSYSTEMVALUES_ORACLE = "oracle";
    var TMP_DBSYSTEMVALUES_DB2 = "db2";
    var TMP_DBSYSTEMVALUES_POSTGRESQL = "postgresql";
    var TMP_DBSYSTEMVALUES_REDSHIFT = "redshift";
    var TMP_DBSYSTEMVALUES_HIVE = "hive";
    var TMP_DBSYSTEMVALUES_CLOUDSCAPE = "cloudscape";
    var TMP_DBSYSTEMVALUES_HSQLDB = "hsqldb";
    var TMP_DBSYSTEMVALUES_PROGRESS = "progress";
    var TMP_DBSYSTEMVALUES_MAXDB = "maxdb";
    var TMP_DBSYSTEMVALUES_HANADB = "hanadb";
    var TMP_DBSYSTEMVALUES_INGRES = "ingres";
    var TMP_DBSYSTEMVALUES_FIRSTSQL = "firstsql";
    var TMP_DBSYSTEMVALUES_EDB = "edb";
    var TMP_DBSYSTEMVALUES_CACHE = "cache";
    var TMP_DBSYSTEMVALUES_ADABAS = "adabas";
    var TMP_DBSYSTEMVALUES_FIREBIRD = "firebird";
    var TMP_DBSYSTEMVALUES_DERBY = "derby";
    var TMP_DBSYSTEMVALUES_FILEMAKER = "filemaker";
    var TMP_DBSYSTEMVALUES_INFORMIX = "informix";
    var TMP_DBSYSTEMVALUES_INSTANTDB = "instantdb";
    var TMP_DBSYSTEMVALUES_INTERBASE = "interbase";
    var TMP_DBSYSTEMVALUES_MARIADB = "mariadb";
    var TMP_DBSYSTEMVALUES_NETEZZA = "netezza";
    var TMP_DBSYSTEMVALUES_PERVASIVE = "pervasive";
    var TMP_DBSYSTEMVALUES_POINTBASE = "pointbase";
    var TMP_DBSYSTEMVALUES_SQLITE = "sqlite";
    var TMP_DBSYSTEMVALUES_SYBASE = "sybase";
    var TMP_DBSYSTEMVALUES_TERADATA = "teradata";
    var TMP_DBSYSTEMVALUES_VERTICA = "vertica";
    var TMP_DBSYSTEMVALUES_H2 = "h2";
    var TMP_DBSYSTEMVALUES_COLDFUSION = "coldfusion";
    var TMP_DBSYSTEMVALUES_CASSANDRA = "cassandra";
    var TMP_DBSYSTEMVALUES_HBASE = "hbase";
    var TMP_DBSYSTEMVALUES_MONGODB = "mongodb";
    var TMP_DBSYSTEMVALUES_REDIS = "redis";
    var TMP_DBSYSTEMVALUES_COUCHBASE = "couchbase";
    var TMP_DBSYSTEMVALUES_COUCHDB = "couchdb";
    var TMP_DBSYSTEMVALUES_COSMOSDB = "cosmosdb";
    var TMP_DBSYSTEMVALUES_DYNAMODB = "dynamodb";
    var TMP_DBSYSTEMVALUES_NEO4J = "neo4j";
    var TMP_DBSYSTEMVALUES_GEODE = "geode";
    var TMP_DBSYSTEMVALUES_ELASTICSEARCH = "elasticsearch";
    var TMP_DBSYSTEMVALUES_MEMCACHED = "memcached";
    var TMP_DBSYSTEMVALUES_COCKROACHDB = "cockroachdb";
    var DBSYSTEMVALUES_OTHER_SQL = TMP_DBSYSTEMVALUES_OTHER_SQL;
    var DBSYSTEMVALUES_MSSQL = TMP_DBSYSTEMVALUES_MSSQL;
    var DBSYSTEMVALUES_MYSQL = TMP_DBSYSTEMVALUES_MYSQL;
    var DBSYSTEMVALUES_ORACLE = TMP_DBSYSTEMVALUES_ORACLE;
    var DBSYSTEMVALUES_DB2 = TMP_DBSYSTEMVALUES_DB2;
    var DBSYSTEMVALUES_POSTGRESQL = TMP_DBSYSTEMVALUES_POSTGRESQL;
    var DBSYSTEMVALUES_REDSHIFT = TMP_DBSYSTEMVALUES_REDSHIFT;
    var DBSYSTEMVALUES_HIVE = TMP_DBSYSTEMVALUES_HIVE;
    var DBSYSTEMVALUES_CLOUDSCAPE = TMP_DBSYSTEMVALUES_CLOUDSCAPE;
    var DBSYSTEMVALUES_HSQLDB = TMP_DBSYSTEMVALUES_HSQLDB;
    var DBSYSTEMVALUES_PROGRESS = TMP_DBSYSTEMVALUES_PROGRESS;
    var DBSYSTEMVALUES_MAXDB = TMP_DBSYSTEMVALUES_MAXDB;
    var DBSYSTEMVALUES_HANADB = TMP_DBSYSTEMVALUES_HANADB;
    var DBSYSTEMVALUES_INGRES = TMP_DBSYSTEMVALUES_INGRES;
    var DBSYSTEMVALUES_FIRSTSQL = TMP_DBSYSTEMVALUES_FIRSTSQL;
    var DBSYSTEMVALUES_EDB = TMP_DBSYSTEMVALUES_EDB;
    var DBSYSTEMVALUES_CACHE = TMP_DBSYSTEMVALUES_CACHE;
    var DBSYSTEMVALUES_ADABAS = TMP_DBSYSTEMVALUES_ADABAS;
    var DBSYSTEMVALUES_FIREBIRD = TMP_DBSYSTEMVALUES_FIREBIRD;
    var DBSYSTEMVALUES_DERBY = TMP_DBSYSTEMVALUES_DERBY;
    var DBSYSTEMVALUES_FILEMAKER = TMP_DBSYSTEMVALUES_FILEMAKER;
    var DBSYSTEMVALUES_INFORMIX = TMP_DBSYSTEMVALUES_INFORMIX;
    var DBSYSTEMVALUES_INSTANTDB = TMP_DBSYSTEMVALUES_INSTANTDB;
    var DBSYSTEMVALUES_INTERBASE = TMP_DBSYSTEMVALUES_INTERBASE;
    var DBSYSTEMVALUES_MARIADB = TMP_DBSYSTEMVALUES_MARIADB;
    var DBSYSTEMVALUES_NETEZZA = TMP_DBSYSTEMVALUES_NETEZZA;
    var DBSYSTEMVALUES_PERVASIVE = TMP_DBSYSTEMVALUES_PERVASIVE;
    var DBSYSTEMVALUES_POINTBASE = TMP_DBSYSTEMVALUES_POINTBASE;
    var DBSYSTEMVALUES_SQLITE = TMP_DBSYSTEMVALUES_SQLITE;
    var DBSYSTEMVALUES_SYBASE = TMP_DBSYSTEMVALUES_SYBASE;
    var DBSYSTEMVALUES_TERADATA = TMP_DBSYSTEMVALUES_TERADATA;
    var DBSYSTEMVALUES_VERTICA = TMP_DBSYSTEMVALUES_VERTICA;
    var DBSYSTEMVALUES_H2 = TMP_DBSYSTEMVALUES_H2;
    var DBSYSTEMVALUES_COLDFUSION = TMP_DBSYSTEMVALUES_COLDFUSION;
    var DBSYSTEMVALUES_CASSANDRA = TMP_DBSYSTEMVALUES_CASSANDRA;
    var DBSYSTEMVALUES_HBASE = TMP_DBSYSTEMVALUES_HBASE;
    var DBSYSTEMVALUES_MONGODB = TMP_DBSYSTEMVALUES_MONGODB;
    var DBSYSTEMVALUES_REDIS = TMP_DBSYSTEMVALUES_REDIS;
    var DBSYSTEMVALUES_COUCHBASE = TMP_DBSYSTEMVALUES_COUCHBASE;
    var DBSYSTEMVALUES_COUCHDB = TMP_DBSYSTEMVALUES_COUCHDB;
    var DBSYSTEMVALUES_COSMOSDB = TMP_DBSYSTEMVALUES_COSMOSDB;
    var DBSYSTEMVALUES_DYNAMODB = TMP_DBSYSTEMVALUES_DYNAMODB;
    var DBSYSTEMVALUES_NEO4J = TMP_DBSYSTEMVALUES_NEO4J;
    var DBSYSTEMVALUES_GEODE = TMP_DBSYSTEMVALUES_GEODE;
    var DBSYSTEMVALUES_ELASTICSEARCH = TMP_DBSYSTEMVALUES_ELASTICSEARCH;
    var DBSYSTEMVALUES_MEMCACHED = TMP_DBSYSTEMVALUES_MEMCACHED;
    var DBSYSTEMVALUES_COCKROACHDB = TMP_DBSYSTEMVALUES_COCKROACHDB;
    var DbSystemValues = /* @__PURE__ */ require_utils5.createConstMap([
      TMP_DBSYSTEMVALUES_OTHER_SQL,
      TMP_DBSYSTEMVALUES_MSSQL,
      TMP_DBSYSTEMVALUES_MYSQL,
      TMP_DBSYSTEMVALUES_ORACLE,
      TMP_DBSYSTEMVALUES_DB2,
      TMP_DBSYSTEMVALUES_POSTGRESQL,
      TMP_DBSYSTEMVALUES_REDSHIFT,
      TMP_DBSYSTEMVALUES_HIVE,
      TMP_DBSYSTEMVALUES_CLOUDSCAPE,
      TMP_DBSYSTEMVALUES_HSQLDB,
      TMP_DBSYSTEMVALUES_PROGRESS,
      TMP_DBSYSTEMVALUES_MAXDB,
      TMP_DBSYSTEMVALUES_HANADB,
      TMP_DBSYSTEMVALUES_INGRES,
      TMP_DBSYSTEMVALUES_FIRSTSQL,
      TMP_DBSYSTEMVALUES_EDB,
      TMP_DBSYSTEMVALUES_CACHE,
      TMP_DBSYSTEMVALUES_ADABAS,
      TMP_DBSYSTEMVALUES_FIREBIRD,
      TMP_DBSYSTEMVALUES_DERBY,
      TMP_DBSYSTEMVALUES_FILEMAKER,
      TMP_DBSYSTEMVALUES_INFORMIX,
      TMP_DBSYSTEMVALUES_INSTANTDB,
      TMP_DBSYSTEMVALUES_INTERBASE,
      TMP_DBSYSTEMVALUES_MARIADB,
      TMP_DBSYSTEMVALUES_NETEZZA,
      TMP_DBSYSTEMVALUES_PERVASIVE,
      TMP_DBSYSTEMVALUES_POINTBASE,
      TMP_DBSYSTEMVALUES_SQLITE,
      TMP_DBSYSTEMVALUES_SYBASE,
      TMP_DBSYSTEMVALUES_TERADATA,
      TMP_DBSYSTEMVALUES_VERTICA,
      TMP_DBSYSTEMVALUES_H2,
      TMP_DBSYSTEMVALUES_COLDFUSION,
      TMP_DBSYSTEMVALUES_CASSANDRA,
      TMP_DBSYSTEMVALUES_HBASE,
      TMP_DBSYSTEMVALUES_MONGODB,
      TMP_DBSYSTEMVALUES_REDIS,
      TMP_DBSYSTEMVALUES_COUCHBASE,
      TMP_DBSYSTEMVALUES_COUCHDB,
      TMP_DBSYSTEMVALUES_COSMOSDB,
      TMP_DBSYSTEMVALUES_DYNAMODB,
      TMP_DBSYSTEMVALUES_NEO4J,
      TMP_DBSYSTEMVALUES_GEODE,
      TMP_DBSYSTEMVALUES_ELASTICSEARCH,
      TMP_DBSYSTEMVALUES_MEMCACHED,
      TMP_DBSYSTEMVALUES_COCKROACHDB
    ]);
    var TMP_DBCASSANDRACONSISTENCYLEVELVALUES_ALL = "all";
    var TMP_DBCASSANDRACONSISTENCYLEVELVALUES_EACH_QUORUM = "each_quorum";
    var TMP_DBCASSANDRACONSISTENCYLEVELVALUES_QUORUM = "quorum";
    var TMP_DBCASSANDRACONSISTENCYLEVELVALUES_LOCAL_QUORUM = "local_quorum";
    var TMP_DBCASSANDRACONSISTENCYLEVELVALUES_ONE = "one";
    var TMP_DBCASSANDRACONSISTENCYLEVELVALUES_TWO = "two";
    var TMP_DBCASSANDRACONSISTENCYLEVELVALUES_THREE = "three";
    var TMP_DBCASSANDRACONSISTENCYLEVELVALUES_LOCAL_ONE = "local_one";
    var TMP_DBCASSANDRACONSISTENCYLEVELVALUES_ANY = "any";
    var TMP_DBCASSANDRACONSISTENCYLEVELVALUES_SERIAL = "serial";
    var TMP_DBCASSANDRACONSISTENCYLEVELVALUES_LOCAL_SERIAL = "local_serial";
    var DBCASSANDRACONSISTENCYLEVELVALUES_ALL = TMP_DBCASSANDRACONSISTENCYLEVELVALUES_ALL;
    var DBCASSANDRACONSISTENCYLEVELVALUES_EACH_QUORUM = TMP_DBCASSANDRACONSISTENCYLEVELVALUES_EACH_QUORUM;
    var DBCASSANDRACONSISTENCYLEVELVALUES_QUORUM = TMP_DBCASSANDRACONSISTENCYLEVELVALUES_QUORUM;
    var DBCASSANDRACONSISTENCYLEVELVALUES_LOCAL_QUORUM = TMP_DBCASSANDRACONSISTENCYLEVELVALUES_LOCAL_QUORUM;
    var DBCASSANDRACONSISTENCYLEVELVALUES_ONE = TMP_DBCASSANDRACONSISTENCYLEVELVALUES_ONE;
    var DBCASSANDRACONSISTENCYLEVELVALUES_TWO = TMP_DBCASSANDRACONSISTENCYLEVELVALUES_TWO;
    var DBCASSANDRACONSISTENCYLEVELVALUES_THREE = TMP_DBCASSANDRACONSISTENCYLEVELVALUES_THREE;
    var DBCASSANDRACONSISTENCYLEVELVALUES_LOCAL_ONE = TMP_DBCASSANDRACONSISTENCYLEVELVALUES_LOCAL_ONE;
    var DBCASSANDRACONSISTENCYLEVELVALUES_ANY = TMP_DBCASSANDRACONSISTENCYLEVELVALUES_ANY;
    var DBCASSANDRACONSISTENCYLEVELVALUES_SERIAL = TMP_DBCASSANDRACONSISTENCYLEVELVALUES_SERIAL;
    var DBCASSANDRACONSISTENCYLEVELVALUES_LOCAL_SERIAL = TMP_DBCASSANDRACONSISTENCYLEVELVALUES_LOCAL_SERIAL;
    var DbCassandraConsistencyLevelValues = /* @__PURE__ */ require_utils5.createConstMap([
      TMP_DBCASSANDRACONSISTENCYLEVELVALUES_ALL,
      TMP_DBCASSANDRACONSISTENCYLEVELVALUES_EACH_QUORUM,
      TMP_DBCASSANDRACONSISTENCYLEVELVALUES_QUORUM,
      TMP_DBCASSANDRACONSISTENCYLEVELVALUES_LOCAL_QUORUM,
      TMP_DBCASSANDRACONSISTENCYLEVELVALUES_ONE,
      TMP_DBCASSANDRACONSISTENCYLEVELVALUES_TWO,
      TMP_DBCASSANDRACONSISTENCYLEVELVALUES_THREE,
      TMP_DBCASSANDRACONSISTENCYLEVELVALUES_LOCAL_ONE,
      TMP_DBCASSANDRACONSISTENCYLEVELVALUES_ANY,
      TMP_DBCASSANDRACONSISTENCYLEVELVALUES_SERIAL,
      TMP_DBCASSANDRACONSISTENCYLEVELVALUES_LOCAL_SERIAL
    ]);
    var TMP_FAASTRIGGERVALUES_DATASOURCE = "datasource";
    var TMP_FAASTRIGGERVALUES_HTTP = "http";
    var TMP_FAASTRIGGERVALUES_PUBSUB = "pubsub";
    var TMP_FAASTRIGGERVALUES_TIMER = "timer";
    var TMP_FAASTRIGGERVALUES_OTHER = "other";
    var FAASTRIGGERVALUES_DATASOURCE = TMP_FAASTRIGGERVALUES_DATASOURCE;
    var FAASTRIGGERVALUES_HTTP = TMP_FAASTRIGGERVALUES_HTTP;
    var FAASTRIGGERVALUES_PUBSUB = TMP_FAASTRIGGERVALUES_PUBSUB;
    var FAASTRIGGERVALUES_TIMER = TMP_FAASTRIGGERVALUES_TIMER;
    var FAASTRIGGERVALUES_OTHER = TMP_FAASTRIGGERVALUES_OTHER;
    var FaasTriggerValues = /* @__PURE__ */ require_utils5.createConstMap([
      TMP_FAASTRIGGERVALUES_DATASOURCE,
      TMP_FAASTRIGGERVALUES_HTTP,
      TMP_FAASTRIGGERVALUES_PUBSUB,
      TMP_FAASTRIGGERVALUES_TIMER,
      TMP_FAASTRIGGERVALUES_OTHER
    ]);
    var TMP_FAASDOCUMENTOPERATIONVALUES_INSERT = "insert";
    var TMP_FAASDOCUMENTOPERATIONVALUES_EDIT = "edit";
    var TMP_FAASDOCUMENTOPERATIONVALUES_DELETE = "delete";
    var FAASDOCUMENTOPERATIONVALUES_INSERT = TMP_FAASDOCUMENTOPERATIONVALUES_INSERT;
    var FAASDOCUMENTOPERATIONVALUES_EDIT = TMP_FAASDOCUMENTOPERATIONVALUES_EDIT;
    var FAASDOCUMENTOPERATIONVALUES_DELETE = TMP_FAASDOCUMENTOPERATIONVALUES_DELETE;
    var FaasDocumentOperationValues = /* @__PURE__ */ require_utils5.createConstMap([
      TMP_FAASDOCUMENTOPERATIONVALUES_INSERT,
      TMP_FAASDOCUMENTOPERATIONVALUES_EDIT,
      TMP_FAASDOCUMENTOPERATIONVALUES_DELETE
    ]);
    var TMP_FAASINVOKEDPROVIDERVALUES_ALIBABA_CLOUD = "alibaba_cloud";
    var TMP_FAASINVOKEDPROVIDERVALUES_AWS = "aws";
    var TMP_FAASINVOKEDPROVIDERVALUES_AZURE = "azure";
    var TMP_FAASINVOKEDPROVIDERVALUES_GCP = "gcp";
    var FAASINVOKEDPROVIDERVALUES_ALIBABA_CLOUD = TMP_FAASINVOKEDPROVIDERVALUES_ALIBABA_CLOUD;
    var FAASINVOKEDPROVIDERVALUES_AWS = TMP_FAASINVOKEDPROVIDERVALUES_AWS;
    var FAASINVOKEDPROVIDERVALUES_AZURE = TMP_FAASINVOKEDPROVIDERVALUES_AZURE;
    var FAASINVOKEDPROVIDERVALUES_GCP = TMP_FAASINVOKEDPROVIDERVALUES_GCP;
    var FaasInvokedProviderValues = /* @__PURE__ */ require_utils5.createConstMap([
      TMP_FAASINVOKEDPROVIDERVALUES_ALIBABA_CLOUD,
      TMP_FAASINVOKEDPROVIDERVALUES_AWS,
      TMP_FAASINVOKEDPROVIDERVALUES_AZURE,
      TMP_FAASINVOKEDPROVIDERVALUES_GCP
    ]);
    var TMP_NETTRANSPORTVALUES_IP_TCP = "ip_tcp";
    var TMP_NETTRANSPORTVALUES_IP_UDP = "ip_udp";
    var TMP_NETTRANSPORTVALUES_IP = "ip";
    var TMP_NETTRANSPORTVALUES_UNIX = "unix";
    var TMP_NETTRANSPORTVALUES_PIPE = "pipe";
    var TMP_NETTRANSPORTVALUES_INPROC = "inproc";
    var TMP_NETTRANSPORTVALUES_OTHER = "other";
    var NETTRANSPORTVALUES_IP_TCP = TMP_NETTRANSPORTVALUES_IP_TCP;
    var NETTRANSPORTVALUES_IP_UDP = TMP_NETTRANSPORTVALUES_IP_UDP;
    var NETTRANSPORTVALUES_IP = TMP_NETTRANSPORTVALUES_IP;
    var NETTRANSPORTVALUES_UNIX = TMP_NETTRANSPORTVALUES_UNIX;
    var NETTRANSPORTVALUES_PIPE = TMP_NETTRANSPORTVALUES_PIPE;
    var NETTRANSPORTVALUES_INPROC = TMP_NETTRANSPORTVALUES_INPROC;
    var NETTRANSPORTVALUES_OTHER = TMP_NETTRANSPORTVALUES_OTHER;
    var NetTransportValues = /* @__PURE__ */ require_utils5.createConstMap([
      TMP_NETTRANSPORTVALUES_IP_TCP,
      TMP_NETTRANSPORTVALUES_IP_UDP,
      TMP_NETTRANSPORTVALUES_IP,
      TMP_NETTRANSPORTVALUES_UNIX,
      TMP_NETTRANSPORTVALUES_PIPE,
      TMP_NETTRANSPORTVALUES_INPROC,
      TMP_NETTRANSPORTVALUES_OTHER
    ]);
    var TMP_NETHOSTCONNECTIONTYPEVALUES_WIFI = "wifi";
    var TMP_NETHOSTCONNECTIONTYPEVALUES_WIRED = "wired";
    var TMP_NETHOSTCONNECTIONTYPEVALUES_CELL = "cell";
    var TMP_NETHOSTCONNECTIONTYPEVALUES_UNAVAILABLE = "unavailable";
    var TMP_NETHOSTCONNECTIONTYPEVALUES_UNKNOWN = "unknown";
    var NETHOSTCONNECTIONTYPEVALUES_WIFI = TMP_NETHOSTCONNECTIONTYPEVALUES_WIFI;
    var NETHOSTCONNECTIONTYPEVALUES_WIRED = TMP_NETHOSTCONNECTIONTYPEVALUES_WIRED;
    var NETHOSTCONNECTIONTYPEVALUES_CELL = TMP_NETHOSTCONNECTIONTYPEVALUES_CELL;
    var NETHOSTCONNECTIONTYPEVALUES_UNAVAILABLE = TMP_NETHOSTCONNECTIONTYPEVALUES_UNAVAILABLE;
    var NETHOSTCONNECTIONTYPEVALUES_UNKNOWN = TMP_NETHOSTCONNECTIONTYPEVALUES_UNKNOWN;
    var NetHostConnectionTypeValues = /* @__PURE__ */ require_utils5.createConstMap([
      TMP_NETHOSTCONNECTIONTYPEVALUES_WIFI,
      TMP_NETHOSTCONNECTIONTYPEVALUES_WIRED,
      TMP_NETHOSTCONNECTIONTYPEVALUES_CELL,
      TMP_NETHOSTCONNECTIONTYPEVALUES_UNAVAILABLE,
      TMP_NETHOSTCONNECTIONTYPEVALUES_UNKNOWN
    ]);
    var TMP_NETHOSTCONNECTIONSUBTYPEVALUES_GPRS = "gprs";
    var TMP_NETHOSTCONNECTIONSUBTYPEVALUES_EDGE = "edge";
    var TMP_NETHOSTCONNECTIONSUBTYPEVALUES_UMTS = "umts";
    var TMP_NETHOSTCONNECTIONSUBTYPEVALUES_CDMA = "cdma";
    var TMP_NETHOSTCONNECTIONSUBTYPEVALUES_EVDO_0 = "evdo_0";
    var TMP_NETHOSTCONNECTIONSUBTYPEVALUES_EVDO_A = "evdo_a";
    var TMP_NETHOSTCONNECTIONSUBTYPEVALUES_CDMA2000_1XRTT = "cdma2000_1xrtt";
    var TMP_NETHOSTCONNECTIONSUBTYPEVALUES_HSDPA = "hsdpa";
    var TMP_NETHOSTCONNECTIONSUBTYPEVALUES_HSUPA = "hsupa";
    var TMP_NETHOSTCONNECTIONSUBTYPEVALUES_HSPA = "hspa";
    var TMP_NETHOSTCONNECTIONSUBTYPEVALUES_IDEN = "iden";
    var TMP_NETHOSTCONNECTIONSUBTYPEVALUES_EVDO_B = "evdo_b";
    var TMP_NETHOSTCONNECTIONSUBTYPEVALUES_LTE = "lte";
    var TMP_NETHOSTCONNECTIONSUBTYPEVALUES_EHRPD = "ehrpd";
    var TMP_NETHOSTCONNECTIONSUBTYPEVALUES_HSPAP = "hspap";
    var TMP_NETHOSTCONNECTIONSUBTYPEVALUES_GSM = "gsm";
    var TMP_NETHOSTCONNECTIONSUBTYPEVALUES_TD_SCDMA = "td_scdma";
    var TMP_NETHOSTCONNECTIONSUBTYPEVALUES_IWLAN = "iwlan";
    var TMP_NETHOSTCONNECTIONSUBTYPEVALUES_NR = "nr";
    var TMP_NETHOSTCONNECTIONSUBTYPEVALUES_NRNSA = "nrnsa";
    var TMP_NETHOSTCONNECTIONSUBTYPEVALUES_LTE_CA = "lte_ca";
    var NETHOSTCONNECTIONSUBTYPEVALUES_GPRS = TMP_NETHOSTCONNECTIONSUBTYPEVALUES_GPRS;
    var NETHOSTCONNECTIONSUBTYPEVALUES_EDGE = TMP_NETHOSTCONNECTIONSUBTYPEVALUES_EDGE;
    var NETHOSTCONNECTIONSUBTYPEVALUES_UMTS = TMP_NETHOSTCONNECTIONSUBTYPEVALUES_UMTS;
    var NETHOSTCONNECTIONSUBTYPEVALUES_CDMA = TMP_NETHOSTCONNECTIONSUBTYPEVALUES_CDMA;
    var NETHOSTCONNECTIONSUBTYPEVALUES_EVDO_0 = TMP_NETHOSTCONNECTIONSUBTYPEVALUES_EVDO_0;
    var NETHOSTCONNECTIONSUBTYPEVALUES_EVDO_A = TMP_NETHOSTCONNECTIONSUBTYPEVALUES_EVDO_A;
    var NETHOSTCONNECTIONSUBTYPEVALUES_CDMA2000_1XRTT = TMP_NETHOSTCONNECTIONSUBTYPEVALUES_CDMA2000_1XRTT;
    var NETHOSTCONNECTIONSUBTYPEVALUES_HSDPA = TMP_NETHOSTCONNECTIONSUBTYPEVALUES_HSDPA;
    var NETHOSTCONNECTIONSUBTYPEVALUES_HSUPA = TMP_NETHOSTCONNECTIONSUBTYPEVALUES_HSUPA;
    var NETHOSTCONNECTIONSUBTYPEVALUES_HSPA = TMP_NETHOSTCONNECTIONSUBTYPEVALUES_HSPA;
    var NETHOSTCONNECTIONSUBTYPEVALUES_IDEN = TMP_NETHOSTCONNECTIONSUBTYPEVALUES_IDEN;
    var NETHOSTCONNECTIONSUBTYPEVALUES_EVDO_B = TMP_NETHOSTCONNECTIONSUBTYPEVALUES_EVDO_B;
    var NETHOSTCONNECTIONSUBTYPEVALUES_LTE = TMP_NETHOSTCONNECTIONSUBTYPEVALUES_LTE;
    var NETHOSTCONNECTIONSUBTYPEVALUES_EHRPD = TMP_NETHOSTCONNECTIONSUBTYPEVALUES_EHRPD;
    var NETHOSTCONNECTIONSUBTYPEVALUES_HSPAP = TMP_NETHOSTCONNECTIONSUBTYPEVALUES_HSPAP;
    var NETHOSTCONNECTIONSUBTYPEVALUES_GSM = TMP_NETHOSTCONNECTIONSUBTYPEVALUES_GSM;
    var NETHOSTCONNECTIONSUBTYPEVALUES_TD_SCDMA = TMP_NETHOSTCONNECTIONSUBTYPEVALUES_TD_SCDMA;
    var NETHOSTCONNECTIONSUBTYPEVALUES_IWLAN = TMP_NETHOSTCONNECTIONSUBTYPEVALUES_IWLAN;
    var NETHOSTCONNECTIONSUBTYPEVALUES_NR = TMP_NETHOSTCONNECTIONSUBTYPEVALUES_NR;
    var NETHOSTCONNECTIONSUBTYPEVALUES_NRNSA = TMP_NETHOSTCONNECTIONSUBTYPEVALUES_NRNSA;
    var NETHOSTCONNECTIONSUBTYPEVALUES_LTE_CA = TMP_NETHOSTCONNECTIONSUBTYPEVALUES_LTE_CA;
    var NetHostConnectionSubtypeValues = /* @__PURE__ */ require_utils5.createConstMap([
      TMP_NETHOSTCONNECTIONSUBTYPEVALUES_GPRS,
      TMP_NETHOSTCONNECTIONSUBTYPEVALUES_EDGE,
      TMP_NETHOSTCONNECTIONSUBTYPEVALUES_UMTS,
      TMP_NETHOSTCONNECTIONSUBTYPEVALUES_CDMA,
      TMP_NETHOSTCONNECTIONSUBTYPEVALUES_EVDO_0,
      TMP_NETHOSTCONNECTIONSUBTYPEVALUES_EVDO_A,
      TMP_NETHOSTCONNECTIONSUBTYPEVALUES_CDMA2000_1XRTT,
      TMP_NETHOSTCONNECTIONSUBTYPEVALUES_HSDPA,
      TMP_NETHOSTCONNECTIONSUBTYPEVALUES_HSUPA,
      TMP_NETHOSTCONNECTIONSUBTYPEVALUES_HSPA,
      TMP_NETHOSTCONNECTIONSUBTYPEVALUES_IDEN,
      TMP_NETHOSTCONNECTIONSUBTYPEVALUES_EVDO_B,
      TMP_NETHOSTCONNECTIONSUBTYPEVALUES_LTE,
      TMP_NETHOSTCONNECTIONSUBTYPEVALUES_EHRPD,
      TMP_NETHOSTCONNECTIONSUBTYPEVALUES_HSPAP,
      TMP_NETHOSTCONNECTIONSUBTYPEVALUES_GSM,
      TMP_NETHOSTCONNECTIONSUBTYPEVALUES_TD_SCDMA,
      TMP_NETHOSTCONNECTIONSUBTYPEVALUES_IWLAN,
      TMP_NETHOSTCONNECTIONSUBTYPEVALUES_NR,
      TMP_NETHOSTCONNECTIONSUBTYPEVALUES_NRNSA,
      TMP_NETHOSTCONNECTIONSUBTYPEVALUES_LTE_CA
    ]);
    var TMP_HTTPFLAVORVALUES_HTTP_1_0 = "1.0";
    var TMP_HTTPFLAVORVALUES_HTTP_1_1 = "1.1";
    var TMP_HTTPFLAVORVALUES_HTTP_2_0 = "2.0";
    var TMP_HTTPFLAVORVALUES_SPDY = "SPDY";
    var TMP_HTTPFLAVORVALUES_QUIC = "QUIC";
    var HTTPFLAVORVALUES_HTTP_1_0 = TMP_HTTPFLAVORVALUES_HTTP_1_0;
    var HTTPFLAVORVALUES_HTTP_1_1 = TMP_HTTPFLAVORVALUES_HTTP_1_1;
    var HTTPFLAVORVALUES_HTTP_2_0 = TMP_HTTPFLAVORVALUES_HTTP_2_0;
    var HTTPFLAVORVALUES_SPDY = TMP_HTTPFLAVORVALUES_SPDY;
    var HTTPFLAVORVALUES_QUIC = TMP_HTTPFLAVORVALUES_QUIC;
    var HttpFlavorValues = {
      HTTP_1_0: TMP_HTTPFLAVORVALUES_HTTP_1_0,
      HTTP_1_1: TMP_HTTPFLAVORVALUES_HTTP_1_1,
      HTTP_2_0: TMP_HTTPFLAVORVALUES_HTTP_2_0,
      SPDY: TMP_HTTPFLAVORVALUES_SPDY,
      QUIC: TMP_HTTPFLAVORVALUES_QUIC
    };
    var TMP_MESSAGINGDESTINATIONKINDVALUES_QUEUE = "queue";
    var TMP_MESSAGINGDESTINATIONKINDVALUES_TOPIC = "topic";
    var MESSAGINGDESTINATIONKINDVALUES_QUEUE = TMP_MESSAGINGDESTINATIONKINDVALUES_QUEUE;
    var MESSAGINGDESTINATIONKINDVALUES_TOPIC = TMP_MESSAGINGDESTINATIONKINDVALUES_TOPIC;
    var MessagingDestinationKindValues = /* @__PURE__ */ require_utils5.createConstMap([TMP_MESSAGINGDESTINATIONKINDVALUES_QUEUE, TMP_MESSAGINGDESTINATIONKINDVALUES_TOPIC]);
    var TMP_MESSAGINGOPERATIONVALUES_RECEIVE = "receive";
    var TMP_MESSAGINGOPERATIONVALUES_PROCESS = "process";
    var MESSAGINGOPERATIONVALUES_RECEIVE = TMP_MESSAGINGOPERATIONVALUES_RECEIVE;
    var MESSAGINGOPERATIONVALUES_PROCESS = TMP_MESSAGINGOPERATIONVALUES_PROCESS;
    var MessagingOperationValues = /* @__PURE__ */ require_utils5.createConstMap([TMP_MESSAGINGOPERATIONVALUES_RECEIVE, TMP_MESSAGINGOPERATIONVALUES_PROCESS]);
    var TMP_RPCGRPCSTATUSCODEVALUES_OK = 0;
    var TMP_RPCGRPCSTATUSCODEVALUES_CANCELLED = 1;
    var TMP_RPCGRPCSTATUSCODEVALUES_UNKNOWN = 2;
    var TMP_RPCGRPCSTATUSCODEVALUES_INVALID_ARGUMENT = 3;
    var TMP_RPCGRPCSTATUSCODEVALUES_DEADLINE_EXCEEDED = 4;
    var TMP_RPCGRPCSTATUSCODEVALUES_NOT_FOUND = 5;
    var TMP_RPCGRPCSTATUSCODEVALUES_ALREADY_EXISTS = 6;
    var TMP_RPCGRPCSTATUSCODEVALUES_PERMISSION_DENIED = 7;
    var TMP_RPCGRPCSTATUSCODEVALUES_RESOURCE_EXHAUSTED = 8;
    var TMP_RPCGRPCSTATUSCODEVALUES_FAILED_PRECONDITION = 9;
    var TMP_RPCGRPCSTATUSCODEVALUES_ABORTED = 10;
    var TMP_RPCGRPCSTATUSCODEVALUES_OUT_OF_RANGE = 11;
    var TMP_RPCGRPCSTATUSCODEVALUES_UNIMPLEMENTED = 12;
    var TMP_RPCGRPCSTATUSCODEVALUES_INTERNAL = 13;
    var TMP_RPCGRPCSTATUSCODEVALUES_UNAVAILABLE = 14;
    var TMP_RPCGRPCSTATUSCODEVALUES_DATA_LOSS = 15;
    var TMP_RPCGRPCSTATUSCODEVALUES_UNAUTHENTICATED = 16;
    var RPCGRPCSTATUSCODEVALUES_OK = TMP_RPCGRPCSTATUSCODEVALUES_OK;
    var RPCGRPCSTATUSCODEVALUES_CANCELLED = TMP_RPCGRPCSTATUSCODEVALUES_CANCELLED;
    var RPCGRPCSTATUSCODEVALUES_UNKNOWN = TMP_RPCGRPCSTATUSCODEVALUES_UNKNOWN;
    var RPCGRPCSTATUSCODEVALUES_INVALID_ARGUMENT = TMP_RPCGRPCSTATUSCODEVALUES_INVALID_ARGUMENT;
    var RPCGRPCSTATUSCODEVALUES_DEADLINE_EXCEEDED = TMP_RPCGRPCSTATUSCODEVALUES_DEADLINE_EXCEEDED;
    var RPCGRPCSTATUSCODEVALUES_NOT_FOUND = TMP_RPCGRPCSTATUSCODEVALUES_NOT_FOUND;
    var RPCGRPCSTATUSCODEVALUES_ALREADY_EXISTS = TMP_RPCGRPCSTATUSCODEVALUES_ALREADY_EXISTS;
    var RPCGRPCSTATUSCODEVALUES_PERMISSION_DENIED = TMP_RPCGRPCSTATUSCODEVALUES_PERMISSION_DENIED;
    var RPCGRPCSTATUSCODEVALUES_RESOURCE_EXHAUSTED = TMP_RPCGRPCSTATUSCODEVALUES_RESOURCE_EXHAUSTED;
    var RPCGRPCSTATUSCODEVALUES_FAILED_PRECONDITION = TMP_RPCGRPCSTATUSCODEVALUES_FAILED_PRECONDITION;
    var RPCGRPCSTATUSCODEVALUES_ABORTED = TMP_RPCGRPCSTATUSCODEVALUES_ABORTED;
    var RPCGRPCSTATUSCODEVALUES_OUT_OF_RANGE = TMP_RPCGRPCSTATUSCODEVALUES_OUT_OF_RANGE;
    var RPCGRPCSTATUSCODEVALUES_UNIMPLEMENTED = TMP_RPCGRPCSTATUSCODEVALUES_UNIMPLEMENTED;
    var RPCGRPCSTATUSCODEVALUES_INTERNAL = TMP_RPCGRPCSTATUSCODEVALUES_INTERNAL;
    var RPCGRPCSTATUSCODEVALUES_UNAVAILABLE = TMP_RPCGRPCSTATUSCODEVALUES_UNAVAILABLE;
    var RPCGRPCSTATUSCODEVALUES_DATA_LOSS = TMP_RPCGRPCSTATUSCODEVALUES_DATA_LOSS;
    var RPCGRPCSTATUSCODEVALUES_UNAUTHENTICATED = TMP_RPCGRPCSTATUSCODEVALUES_UNAUTHENTICATED;
    var RpcGrpcStatusCodeValues = {
      OK: TMP_RPCGRPCSTATUSCODEVALUES_OK,
      CANCELLED: TMP_RPCGRPCSTATUSCODEVALUES_CANCELLED,
      UNKNOWN: TMP_RPCGRPCSTATUSCODEVALUES_UNKNOWN,
      INVALID_ARGUMENT: TMP_RPCGRPCSTATUSCODEVALUES_INVALID_ARGUMENT,
      DEADLINE_EXCEEDED: TMP_RPCGRPCSTATUSCODEVALUES_DEADLINE_EXCEEDED,
      NOT_FOUND: TMP_RPCGRPCSTATUSCODEVALUES_NOT_FOUND,
      ALREADY_EXISTS: TMP_RPCGRPCSTATUSCODEVALUES_ALREADY_EXISTS,
      PERMISSION_DENIED: TMP_RPCGRPCSTATUSCODEVALUES_PERMISSION_DENIED,
      RESOURCE_EXHAUSTED: TMP_RPCGRPCSTATUSCODEVALUES_RESOURCE_EXHAUSTED,
      FAILED_PRECONDITION: TMP_RPCGRPCSTATUSCODEVALUES_FAILED_PRECONDITION,
      ABORTED: TMP_RPCGRPCSTATUSCODEVALUES_ABORTED,
      OUT_OF_RANGE: TMP_RPCGRPCSTATUSCODEVALUES_OUT_OF_RANGE,
      UNIMPLEMENTED: TMP_RPCGRPCSTATUSCODEVALUES_UNIMPLEMENTED,
      INTERNAL: TMP_RPCGRPCSTATUSCODEVALUES_INTERNAL,
      UNAVAILABLE: TMP_RPCGRPCSTATUSCODEVALUES_UNAVAILABLE,
      DATA_LOSS: TMP_RPCGRPCSTATUSCODEVALUES_DATA_LOSS,
      UNAUTHENTICATED: TMP_RPCGRPCSTATUSCODEVALUES_UNAUTHENTICATED
    };
    var TMP_MESSAGETYPEVALUES_SENT = "SENT";
    var TMP_MESSAGETYPEVALUES_RECEIVED = "RECEIVED";
    var MESSAGETYPEVALUES_SENT = TMP_MESSAGETYPEVALUES_SENT;
    var MESSAGETYPEVALUES_RECEIVED = TMP_MESSAGETYPEVALUES_RECEIVED;
    var MessageTypeValues = /* @__PURE__ */ require_utils5.createConstMap([TMP_MESSAGETYPEVALUES_SENT, TMP_MESSAGETYPEVALUES_RECEIVED]);
    exports.DBCASSANDRACONSISTENCYLEVELVALUES_ALL = DBCASSANDRACONSISTENCYLEVELVALUES_ALL;
    exports.DBCASSANDRACONSISTENCYLEVELVALUES_ANY = DBCASSANDRACONSISTENCYLEVELVALUES_ANY;
    exports.DBCASSANDRACONSISTENCYLEVELVALUES_EACH_QUORUM = DBCASSANDRACONSISTENCYLEVELVALUES_EACH_QUORUM;
    exports.DBCASSANDRACONSISTENCYLEVELVALUES_LOCAL_ONE = DBCASSANDRACONSISTENCYLEVELVALUES_LOCAL_ONE;
    exports.DBCASSANDRACONSISTENCYLEVELVALUES_LOCAL_QUORUM = DBCASSANDRACONSISTENCYLEVELVALUES_LOCAL_QUORUM;
    exports.DBCASSANDRACONSISTENCYLEVELVALUES_LOCAL_SERIAL = DBCASSANDRACONSISTENCYLEVELVALUES_LOCAL_SERIAL;
    exports.DBCASSANDRACONSISTENCYLEVELVALUES_ONE = DBCASSANDRACONSISTENCYLEVELVALUES_ONE;
    exports.DBCASSANDRACONSISTENCYLEVELVALUES_QUORUM = DBCASSANDRACONSISTENCYLEVELVALUES_QUORUM;
    exports.DBCASSANDRACONSISTENCYLEVELVALUES_SERIAL = DBCASSANDRACONSISTENCYLEVELVALUES_SERIAL;
    exports.DBCASSANDRACONSISTENCYLEVELVALUES_THREE = DBCASSANDRACONSISTENCYLEVELVALUES_THREE;
    exports.DBCASSANDRACONSISTENCYLEVELVALUES_TWO = DBCASSANDRACONSISTENCYLEVELVALUES_TWO;
    exports.DBSYSTEMVALUES_ADABAS = DBSYSTEMVALUES_ADABAS;
    exports.DBSYSTEMVALUES_CACHE = DBSYSTEMVALUES_CACHE;
    exports.DBSYSTEMVALUES_CASSANDRA = DBSYSTEMVALUES_CASSANDRA;
    exports.DBSYSTEMVALUES_CLOUDSCAPE = DBSYSTEMVALUES_CLOUDSCAPE;
    exports.DBSYSTEMVALUES_COCKROACHDB = DBSYSTEMVALUES_COCKROACHDB;
    exports.DBSYSTEMVALUES_COLDFUSION = DBSYSTEMVALUES_COLDFUSION;
    exports.DBSYSTEMVALUES_COSMOSDB = DBSYSTEMVALUES_COSMOSDB;
    exports.DBSYSTEMVALUES_COUCHBASE = DBSYSTEMVALUES_COUCHBASE;
    exports.DBSYSTEMVALUES_COUCHDB = DBSYSTEMVALUES_COUCHDB;
    exports.DBSYSTEMVALUES_DB2 = DBSYSTEMVALUES_DB2;
    exports.DBSYSTEMVALUES_DERBY = DBSYSTEMVALUES_DERBY;
    exports.DBSYSTEMVALUES_DYNAMODB = DBSYSTEMVALUES_DYNAMODB;
    exports.DBSYSTEMVALUES_EDB = DBSYSTEMVALUES_EDB;
    exports.DBSYSTEMVALUES_ELASTICSEARCH = DBSYSTEMVALUES_ELASTICSEARCH;
    exports.DBSYSTEMVALUES_FILEMAKER = DBSYSTEMVALUES_FILEMAKER;
    exports.DBSYSTEMVALUES_FIREBIRD = DBSYSTEMVALUES_FIREBIRD;
    exports.DBSYSTEMVALUES_FIRSTSQL = DBSYSTEMVALUES_FIRSTSQL;
    exports.DBSYSTEMVALUES_GEODE = DBSYSTEMVALUES_GEODE;
    exports.DBSYSTEMVALUES_H2 = DBSYSTEMVALUES_H2;
    exports.DBSYSTEMVALUES_HANADB = DBSYSTEMVALUES_HANADB;
    exports.DBSYSTEMVALUES_HBASE = DBSYSTEMVALUES_HBASE;
    exports.DBSYSTEMVALUES_HIVE = DBSYSTEMVALUES_HIVE;
    exports.DBSYSTEMVALUES_HSQLDB = DBSYSTEMVALUES_HSQLDB;
    exports.DBSYSTEMVALUES_INFORMIX = DBSYSTEMVALUES_INFORMIX;
    exports.DBSYSTEMVALUES_INGRES = DBSYSTEMVALUES_INGRES;
    exports.DBSYSTEMVALUES_INSTANTDB = DBSYSTEMVALUES_INSTANTDB;
    exports.DBSYSTEMVALUES_INTERBASE = DBSYSTEMVALUES_INTERBASE;
    exports.DBSYSTEMVALUES_MARIADB = DBSYSTEMVALUES_MARIADB;
    exports.DBSYSTEMVALUES_MAXDB = DBSYSTEMVALUES_MAXDB;
    exports.DBSYSTEMVALUES_MEMCACHED = DBSYSTEMVALUES_MEMCACHED;
    exports.DBSYSTEMVALUES_MONGODB = DBSYSTEMVALUES_MONGODB;
    exports.DBSYSTEMVALUES_MSSQL = DBSYSTEMVALUES_MSSQL;
    exports.DBSYSTEMVALUES_MYSQL = DBSYSTEMVALUES_MYSQL;
    exports.DBSYSTEMVALUES_NEO4J = DBSYSTEMVALUES_NEO4J;
    exports.DBSYSTEMVALUES_NETEZZA = DBSYSTEMVALUES_NETEZZA;
    exports.DBSYSTEMVALUES_ORACLE = DBSYSTEMVALUES_ORACLE;
    exports.DBSYSTEMVALUES_OTHER_SQL = DBSYSTEMVALUES_OTHER_SQL;
    exports.DBSYSTEMVALUES_PERVASIVE = DBSYSTEMVALUES_PERVASIVE;
    exports.DBSYSTEMVALUES_POINTBASE = DBSYSTEMVALUES_POINTBASE;
    exports.DBSYSTEMVALUES_POSTGRESQL = DBSYSTEMVALUES_POSTGRESQL;
    exports.DBSYSTEMVALUES_PROGRESS = DBSYSTEMVALUES_PROGRESS;
    exports.DBSYSTEMVALUES_REDIS = DBSYSTEMVALUES_REDIS;
    exports.DBSYSTEMVALUES_REDSHIFT = DBSYSTEMVALUES_REDSHIFT;
    exports.DBSYSTEMVALUES_SQLITE = DBSYSTEMVALUES_SQLITE;
    exports.DBSYSTEMVALUES_SYBASE = DBSYSTEMVALUES_SYBASE;
    exports.DBSYSTEMVALUES_TERADATA = DBSYSTEMVALUES_TERADATA;
    exports.DBSYSTEMVALUES_VERTICA = DBSYSTEMVALUES_VERTICA;
    exports.DbCassandraConsistencyLevelValues = DbCassandraConsistencyLevelValues;
    exports.DbSystemValues = DbSystemValues;
    exports.FAASDOCUMENTOPERATIONVALUES_DELETE = FAASDOCUMENTOPERATIONVALUES_DELETE;
    exports.FAASDOCUMENTOPERATIONVALUES_EDIT = FAASDOCUMENTOPERATIONVALUES_EDIT;
    exports.FAASDOCUMENTOPERATIONVALUES_INSERT = FAASDOCUMENTOPERATIONVALUES_INSERT;
    exports.FAASINVOKEDPROVIDERVALUES_ALIBABA_CLOUD = FAASINVOKEDPROVIDERVALUES_ALIBABA_CLOUD;
    exports.FAASINVOKEDPROVIDERVALUES_AWS = FAASINVOKEDPROVIDERVALUES_AWS;
    exports.FAASINVOKEDPROVIDERVALUES_AZURE = FAASINVOKEDPROVIDERVALUES_AZURE;
    exports.FAASINVOKEDPROVIDERVALUES_GCP = FAASINVOKEDPROVIDERVALUES_GCP;
    exports.FAASTRIGGERVALUES_DATASOURCE = FAASTRIGGERVALUES_DATASOURCE;
    exports.FAASTRIGGERVALUES_HTTP = FAASTRIGGERVALUES_HTTP;
    exports.FAASTRIGGERVALUES_OTHER = FAASTRIGGERVALUES_OTHER;
    exports.FAASTRIGGERVALUES_PUBSUB = FAASTRIGGERVALUES_PUBSUB;
    exports.FAASTRIGGERVALUES_TIMER = FAASTRIGGERVALUES_TIMER;
    exports.FaasDocumentOperationValues = FaasDocumentOperationValues;
    exports.FaasInvokedProviderValues = FaasInvokedProviderValues;
    exports.FaasTriggerValues = FaasTriggerValues;
    exports.HTTPFLAVORVALUES_HTTP_1_0 = HTTPFLAVORVALUES_HTTP_1_0;
    exports.HTTPFLAVORVALUES_HTTP_1_1 = HTTPFLAVORVALUES_HTTP_1_1;
    exports.HTTPFLAVORVALUES_HTTP_2_0 = HTTPFLAVORVALUES_HTTP_2_0;
    exports.HTTPFLAVORVALUES_QUIC = HTTPFLAVORVALUES_QUIC;
    exports.HTTPFLAVORVALUES_SPDY = HTTPFLAVORVALUES_SPDY;
    exports.HttpFlavorValues = HttpFlavorValues;
    exports.MESSAGETYPEVALUES_RECEIVED = MESSAGETYPEVALUES_RECEIVED;
    exports.MESSAGETYPEVALUES_SENT = MESSAGETYPEVALUES_SENT;
    exports.MESSAGINGDESTINATIONKINDVALUES_QUEUE = MESSAGINGDESTINATIONKINDVALUES_QUEUE;
    exports.MESSAGINGDESTINATIONKINDVALUES_TOPIC = MESSAGINGDESTINATIONKINDVALUES_TOPIC;
    exports.MESSAGINGOPERATIONVALUES_PROCESS = MESSAGINGOPERATIONVALUES_PROCESS;
    exports.MESSAGINGOPERATIONVALUES_RECEIVE = MESSAGINGOPERATIONVALUES_RECEIVE;
    exports.MessageTypeValues = MessageTypeValues;
    exports.MessagingDestinationKindValues = MessagingDestinationKindValues;
    exports.MessagingOperationValues = MessagingOperationValues;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_CDMA = NETHOSTCONNECTIONSUBTYPEVALUES_CDMA;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_CDMA2000_1XRTT = NETHOSTCONNECTIONSUBTYPEVALUES_CDMA2000_1XRTT;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_EDGE = NETHOSTCONNECTIONSUBTYPEVALUES_EDGE;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_EHRPD = NETHOSTCONNECTIONSUBTYPEVALUES_EHRPD;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_EVDO_0 = NETHOSTCONNECTIONSUBTYPEVALUES_EVDO_0;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_EVDO_A = NETHOSTCONNECTIONSUBTYPEVALUES_EVDO_A;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_EVDO_B = NETHOSTCONNECTIONSUBTYPEVALUES_EVDO_B;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_GPRS = NETHOSTCONNECTIONSUBTYPEVALUES_GPRS;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_GSM = NETHOSTCONNECTIONSUBTYPEVALUES_GSM;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_HSDPA = NETHOSTCONNECTIONSUBTYPEVALUES_HSDPA;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_HSPA = NETHOSTCONNECTIONSUBTYPEVALUES_HSPA;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_HSPAP = NETHOSTCONNECTIONSUBTYPEVALUES_HSPAP;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_HSUPA = NETHOSTCONNECTIONSUBTYPEVALUES_HSUPA;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_IDEN = NETHOSTCONNECTIONSUBTYPEVALUES_IDEN;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_IWLAN = NETHOSTCONNECTIONSUBTYPEVALUES_IWLAN;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_LTE = NETHOSTCONNECTIONSUBTYPEVALUES_LTE;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_LTE_CA = NETHOSTCONNECTIONSUBTYPEVALUES_LTE_CA;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_NR = NETHOSTCONNECTIONSUBTYPEVALUES_NR;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_NRNSA = NETHOSTCONNECTIONSUBTYPEVALUES_NRNSA;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_TD_SCDMA = NETHOSTCONNECTIONSUBTYPEVALUES_TD_SCDMA;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_UMTS = NETHOSTCONNECTIONSUBTYPEVALUES_UMTS;
    exports.NETHOSTCONNECTIONTYPEVALUES_CELL = NETHOSTCONNECTIONTYPEVALUES_CELL;
    exports.NETHOSTCONNECTIONTYPEVALUES_UNAVAILABLE = NETHOSTCONNECTIONTYPEVALUES_UNAVAILABLE;
    exports.NETHOSTCONNECTIONTYPEVALUES_UNKNOWN = NETHOSTCONNECTIONTYPEVALUES_UNKNOWN;
    exports.NETHOSTCONNECTIONTYPEVALUES_WIFI = NETHOSTCONNECTIONTYPEVALUES_WIFI;
    exports.NETHOSTCONNECTIONTYPEVALUES_WIRED = NETHOSTCONNECTIONTYPEVALUES_WIRED;
    exports.NETTRANSPORTVALUES_INPROC = NETTRANSPORTVALUES_INPROC;
    exports.NETTRANSPORTVALUES_IP = NETTRANSPORTVALUES_IP;
    exports.NETTRANSPORTVALUES_IP_TCP = NETTRANSPORTVALUES_IP_TCP;
    exports.NETTRANSPORTVALUES_IP_UDP = NETTRANSPORTVALUES_IP_UDP;
    exports.NETTRANSPORTVALUES_OTHER = NETTRANSPORTVALUES_OTHER;
    exports.NETTRANSPORTVALUES_PIPE = NETTRANSPORTVALUES_PIPE;
    exports.NETTRANSPORTVALUES_UNIX = NETTRANSPORTVALUES_UNIX;
    exports.NetHostConnectionSubtypeValues = NetHostConnectionSubtypeValues;
    exports.NetHostConnectionTypeValues = NetHostConnectionTypeValues;
    exports.NetTransportValues = NetTransportValues;
    exports.RPCGRPCSTATUSCODEVALUES_ABORTED = RPCGRPCSTATUSCODEVALUES_ABORTED;
    exports.RPCGRPCSTATUSCODEVALUES_ALREADY_EXISTS = RPCGRPCSTATUSCODEVALUES_ALREADY_EXISTS;
    exports.RPCGRPCSTATUSCODEVALUES_CANCELLED = RPCGRPCSTATUSCODEVALUES_CANCELLED;
    exports.RPCGRPCSTATUSCODEVALUES_DATA_LOSS = RPCGRPCSTATUSCODEVALUES_DATA_LOSS;
    exports.RPCGRPCSTATUSCODEVALUES_DEADLINE_EXCEEDED = RPCGRPCSTATUSCODEVALUES_DEADLINE_EXCEEDED;
    exports.RPCGRPCSTATUSCODEVALUES_FAILED_PRECONDITION = RPCGRPCSTATUSCODEVALUES_FAILED_PRECONDITION;
    exports.RPCGRPCSTATUSCODEVALUES_INTERNAL = RPCGRPCSTATUSCODEVALUES_INTERNAL;
    exports.RPCGRPCSTATUSCODEVALUES_INVALID_ARGUMENT = RPCGRPCSTATUSCODEVALUES_INVALID_ARGUMENT;
    exports.RPCGRPCSTATUSCODEVALUES_NOT_FOUND = RPCGRPCSTATUSCODEVALUES_NOT_FOUND;
    exports.RPCGRPCSTATUSCODEVALUES_OK = RPCGRPCSTATUSCODEVALUES_OK;
    exports.RPCGRPCSTATUSCODEVALUES_OUT_OF_RANGE = RPCGRPCSTATUSCODEVALUES_OUT_OF_RANGE;
    exports.RPCGRPCSTATUSCODEVALUES_PERMISSION_DENIED = RPCGRPCSTATUSCODEVALUES_PERMISSION_DENIED;
    exports.RPCGRPCSTATUSCODEVALUES_RESOURCE_EXHAUSTED = RPCGRPCSTATUSCODEVALUES_RESOURCE_EXHAUSTED;
    exports.RPCGRPCSTATUSCODEVALUES_UNAUTHENTICATED = RPCGRPCSTATUSCODEVALUES_UNAUTHENTICATED;
    exports.RPCGRPCSTATUSCODEVALUES_UNAVAILABLE = RPCGRPCSTATUSCODEVALUES_UNAVAILABLE;
    exports.RPCGRPCSTATUSCODEVALUES_UNIMPLEMENTED = RPCGRPCSTATUSCODEVALUES_UNIMPLEMENTED;
    exports.RPCGRPCSTATUSCODEVALUES_UNKNOWN = RPCGRPCSTATUSCODEVALUES_UNKNOWN;
    exports.RpcGrpcStatusCodeValues = RpcGrpcStatusCodeValues;
    exports.SEMATTRS_AWS_DYNAMODB_ATTRIBUTES_TO_GET = SEMATTRS_AWS_DYNAMODB_ATTRIBUTES_TO_GET;
    exports.SEMATTRS_AWS_DYNAMODB_ATTRIBUTE_DEFINITIONS = SEMATTRS_AWS_DYNAMODB_ATTRIBUTE_DEFINITIONS;
    exports.SEMATTRS_AWS_DYNAMODB_CONSISTENT_READ = SEMATTRS_AWS_DYNAMODB_CONSISTENT_READ;
    exports.SEMATTRS_AWS_DYNAMODB_CONSUMED_CAPACITY = SEMATTRS_AWS_DYNAMODB_CONSUMED_CAPACITY;
    exports.SEMATTRS_AWS_DYNAMODB_COUNT = SEMATTRS_AWS_DYNAMODB_COUNT;
    exports.SEMATTRS_AWS_DYNAMODB_EXCLUSIVE_START_TABLE = SEMATTRS_AWS_DYNAMODB_EXCLUSIVE_START_TABLE;
    exports.SEMATTRS_AWS_DYNAMODB_GLOBAL_SECONDARY_INDEXES = SEMATTRS_AWS_DYNAMODB_GLOBAL_SECONDARY_INDEXES;
    exports.SEMATTRS_AWS_DYNAMODB_GLOBAL_SECONDARY_INDEX_UPDATES = SEMATTRS_AWS_DYNAMODB_GLOBAL_SECONDARY_INDEX_UPDATES;
    exports.SEMATTRS_AWS_DYNAMODB_INDEX_NAME = SEMATTRS_AWS_DYNAMODB_INDEX_NAME;
    exports.SEMATTRS_AWS_DYNAMODB_ITEM_COLLECTION_METRICS = SEMATTRS_AWS_DYNAMODB_ITEM_COLLECTION_METRICS;
    exports.SEMATTRS_AWS_DYNAMODB_LIMIT = SEMATTRS_AWS_DYNAMODB_LIMIT;
    exports.SEMATTRS_AWS_DYNAMODB_LOCAL_SECONDARY_INDEXES = SEMATTRS_AWS_DYNAMODB_LOCAL_SECONDARY_INDEXES;
    exports.SEMATTRS_AWS_DYNAMODB_PROJECTION = SEMATTRS_AWS_DYNAMODB_PROJECTION;
    exports.SEMATTRS_AWS_DYNAMODB_PROVISIONED_READ_CAPACITY = SEMATTRS_AWS_DYNAMODB_PROVISIONED_READ_CAPACITY;
    exports.SEMATTRS_AWS_DYNAMODB_PROVISIONED_WRITE_CAPACITY = SEMATTRS_AWS_DYNAMODB_PROVISIONED_WRITE_CAPACITY;
    exports.SEMATTRS_AWS_DYNAMODB_SCANNED_COUNT = SEMATTRS_AWS_DYNAMODB_SCANNED_COUNT;
    exports.SEMATTRS_AWS_DYNAMODB_SCAN_FORWARD = SEMATTRS_AWS_DYNAMODB_SCAN_FORWARD;
    exports.SEMATTRS_AWS_DYNAMODB_SEGMENT = SEMATTRS_AWS_DYNAMODB_SEGMENT;
    exports.SEMATTRS_AWS_DYNAMODB_SELECT = SEMATTRS_AWS_DYNAMODB_SELECT;
    exports.SEMATTRS_AWS_DYNAMODB_TABLE_COUNT = SEMATTRS_AWS_DYNAMODB_TABLE_COUNT;
    exports.SEMATTRS_AWS_DYNAMODB_TABLE_NAMES = SEMATTRS_AWS_DYNAMODB_TABLE_NAMES;
    exports.SEMATTRS_AWS_DYNAMODB_TOTAL_SEGMENTS = SEMATTRS_AWS_DYNAMODB_TOTAL_SEGMENTS;
    exports.SEMATTRS_AWS_LAMBDA_INVOKED_ARN = SEMATTRS_AWS_LAMBDA_INVOKED_ARN;
    exports.SEMATTRS_CODE_FILEPATH = SEMATTRS_CODE_FILEPATH;
    exports.SEMATTRS_CODE_FUNCTION = SEMATTRS_CODE_FUNCTION;
    exports.SEMATTRS_CODE_LINENO = SEMATTRS_CODE_LINENO;
    exports.SEMATTRS_CODE_NAMESPACE = SEMATTRS_CODE_NAMESPACE;
    exports.SEMATTRS_DB_CASSANDRA_CONSISTENCY_LEVEL = SEMATTRS_DB_CASSANDRA_CONSISTENCY_LEVEL;
    exports.SEMATTRS_DB_CASSANDRA_COORDINATOR_DC = SEMATTRS_DB_CASSANDRA_COORDINATOR_DC;
    exports.SEMATTRS_DB_CASSANDRA_COORDINATOR_ID = SEMATTRS_DB_CASSANDRA_COORDINATOR_ID;
    exports.SEMATTRS_DB_CASSANDRA_IDEMPOTENCE = SEMATTRS_DB_CASSANDRA_IDEMPOTENCE;
    exports.SEMATTRS_DB_CASSANDRA_KEYSPACE = SEMATTRS_DB_CASSANDRA_KEYSPACE;
    exports.SEMATTRS_DB_CASSANDRA_PAGE_SIZE = SEMATTRS_DB_CASSANDRA_PAGE_SIZE;
    exports.SEMATTRS_DB_CASSANDRA_SPECULATIVE_EXECUTION_COUNT = SEMATTRS_DB_CASSANDRA_SPECULATIVE_EXECUTION_COUNT;
    exports.SEMATTRS_DB_CASSANDRA_TABLE = SEMATTRS_DB_CASSANDRA_TABLE;
    exports.SEMATTRS_DB_CONNECTION_STRING = SEMATTRS_DB_CONNECTION_STRING;
    exports.SEMATTRS_DB_HBASE_NAMESPACE = SEMATTRS_DB_HBASE_NAMESPACE;
    exports.SEMATTRS_DB_JDBC_DRIVER_CLASSNAME = SEMATTRS_DB_JDBC_DRIVER_CLASSNAME;
    exports.SEMATTRS_DB_MONGODB_COLLECTION = SEMATTRS_DB_MONGODB_COLLECTION;
    exports.SEMATTRS_DB_MSSQL_INSTANCE_NAME = SEMATTRS_DB_MSSQL_INSTANCE_NAME;
    exports.SEMATTRS_DB_NAME = SEMATTRS_DB_NAME;
    exports.SEMATTRS_DB_OPERATION = SEMATTRS_DB_OPERATION;
    exports.SEMATTRS_DB_REDIS_DATABASE_INDEX = SEMATTRS_DB_REDIS_DATABASE_INDEX;
    exports.SEMATTRS_DB_SQL_TABLE = SEMATTRS_DB_SQL_TABLE;
    exports.SEMATTRS_DB_STATEMENT = SEMATTRS_DB_STATEMENT;
    exports.SEMATTRS_DB_SYSTEM = SEMATTRS_DB_SYSTEM;
    exports.SEMATTRS_DB_USER = SEMATTRS_DB_USER;
    exports.SEMATTRS_ENDUSER_ID = SEMATTRS_ENDUSER_ID;
    exports.SEMATTRS_ENDUSER_ROLE = SEMATTRS_ENDUSER_ROLE;
    exports.SEMATTRS_ENDUSER_SCOPE = SEMATTRS_ENDUSER_SCOPE;
    exports.SEMATTRS_EXCEPTION_ESCAPED = SEMATTRS_EXCEPTION_ESCAPED;
    exports.SEMATTRS_EXCEPTION_MESSAGE = SEMATTRS_EXCEPTION_MESSAGE;
    exports.SEMATTRS_EXCEPTION_STACKTRACE = SEMATTRS_EXCEPTION_STACKTRACE;
    exports.SEMATTRS_EXCEPTION_TYPE = SEMATTRS_EXCEPTION_TYPE;
    exports.SEMATTRS_FAAS_COLDSTART = SEMATTRS_FAAS_COLDSTART;
    exports.SEMATTRS_FAAS_CRON = SEMATTRS_FAAS_CRON;
    exports.SEMATTRS_FAAS_DOCUMENT_COLLECTION = SEMATTRS_FAAS_DOCUMENT_COLLECTION;
    exports.SEMATTRS_FAAS_DOCUMENT_NAME = SEMATTRS_FAAS_DOCUMENT_NAME;
    exports.SEMATTRS_FAAS_DOCUMENT_OPERATION = SEMATTRS_FAAS_DOCUMENT_OPERATION;
    exports.SEMATTRS_FAAS_DOCUMENT_TIME = SEMATTRS_FAAS_DOCUMENT_TIME;
    exports.SEMATTRS_FAAS_EXECUTION = SEMATTRS_FAAS_EXECUTION;
    exports.SEMATTRS_FAAS_INVOKED_NAME = SEMATTRS_FAAS_INVOKED_NAME;
    exports.SEMATTRS_FAAS_INVOKED_PROVIDER = SEMATTRS_FAAS_INVOKED_PROVIDER;
    exports.SEMATTRS_FAAS_INVOKED_REGION = SEMATTRS_FAAS_INVOKED_REGION;
    exports.SEMATTRS_FAAS_TIME = SEMATTRS_FAAS_TIME;
    exports.SEMATTRS_FAAS_TRIGGER = SEMATTRS_FAAS_TRIGGER;
    exports.SEMATTRS_HTTP_CLIENT_IP = SEMATTRS_HTTP_CLIENT_IP;
    exports.SEMATTRS_HTTP_FLAVOR = SEMATTRS_HTTP_FLAVOR;
    exports.SEMATTRS_HTTP_HOST = SEMATTRS_HTTP_HOST;
    exports.SEMATTRS_HTTP_METHOD = SEMATTRS_HTTP_METHOD;
    exports.SEMATTRS_HTTP_REQUEST_CONTENT_LENGTH = SEMATTRS_HTTP_REQUEST_CONTENT_LENGTH;
    exports.SEMATTRS_HTTP_REQUEST_CONTENT_LENGTH_UNCOMPRESSED = SEMATTRS_HTTP_REQUEST_CONTENT_LENGTH_UNCOMPRESSED;
    exports.SEMATTRS_HTTP_RESPONSE_CONTENT_LENGTH = SEMATTRS_HTTP_RESPONSE_CONTENT_LENGTH;
    exports.SEMATTRS_HTTP_RESPONSE_CONTENT_LENGTH_UNCOMPRESSED = SEMATTRS_HTTP_RESPONSE_CONTENT_LENGTH_UNCOMPRESSED;
    exports.SEMATTRS_HTTP_ROUTE = SEMATTRS_HTTP_ROUTE;
    exports.SEMATTRS_HTTP_SCHEME = SEMATTRS_HTTP_SCHEME;
    exports.SEMATTRS_HTTP_SERVER_NAME = SEMATTRS_HTTP_SERVER_NAME;
    exports.SEMATTRS_HTTP_STATUS_CODE = SEMATTRS_HTTP_STATUS_CODE;
    exports.SEMATTRS_HTTP_TARGET = SEMATTRS_HTTP_TARGET;
    exports.SEMATTRS_HTTP_URL = SEMATTRS_HTTP_URL;
    exports.SEMATTRS_HTTP_USER_AGENT = SEMATTRS_HTTP_USER_AGENT;
    exports.SEMATTRS_MESSAGE_COMPRESSED_SIZE = SEMATTRS_MESSAGE_COMPRESSED_SIZE;
    exports.SEMATTRS_MESSAGE_ID = SEMATTRS_MESSAGE_ID;
    exports.SEMATTRS_MESSAGE_TYPE = SEMATTRS_MESSAGE_TYPE;
    exports.SEMATTRS_MESSAGE_UNCOMPRESSED_SIZE = SEMATTRS_MESSAGE_UNCOMPRESSED_SIZE;
    exports.SEMATTRS_MESSAGING_CONSUMER_ID = SEMATTRS_MESSAGING_CONSUMER_ID;
    exports.SEMATTRS_MESSAGING_CONVERSATION_ID = SEMATTRS_MESSAGING_CONVERSATION_ID;
    exports.SEMATTRS_MESSAGING_DESTINATION = SEMATTRS_MESSAGING_DESTINATION;
    exports.SEMATTRS_MESSAGING_DESTINATION_KIND = SEMATTRS_MESSAGING_DESTINATION_KIND;
    exports.SEMATTRS_MESSAGING_KAFKA_CLIENT_ID = SEMATTRS_MESSAGING_KAFKA_CLIENT_ID;
    exports.SEMATTRS_MESSAGING_KAFKA_CONSUMER_GROUP = SEMATTRS_MESSAGING_KAFKA_CONSUMER_GROUP;
    exports.SEMATTRS_MESSAGING_KAFKA_MESSAGE_KEY = SEMATTRS_MESSAGING_KAFKA_MESSAGE_KEY;
    exports.SEMATTRS_MESSAGING_KAFKA_PARTITION = SEMATTRS_MESSAGING_KAFKA_PARTITION;
    exports.SEMATTRS_MESSAGING_KAFKA_TOMBSTONE = SEMATTRS_MESSAGING_KAFKA_TOMBSTONE;
    exports.SEMATTRS_MESSAGING_MESSAGE_ID = SEMATTRS_MESSAGING_MESSAGE_ID;
    exports.SEMATTRS_MESSAGING_MESSAGE_PAYLOAD_COMPRESSED_SIZE_BYTES = SEMATTRS_MESSAGING_MESSAGE_PAYLOAD_COMPRESSED_SIZE_BYTES;
    exports.SEMATTRS_MESSAGING_MESSAGE_PAYLOAD_SIZE_BYTES = SEMATTRS_MESSAGING_MESSAGE_PAYLOAD_SIZE_BYTES;
    exports.SEMATTRS_MESSAGING_OPERATION = SEMATTRS_MESSAGING_OPERATION;
    exports.SEMATTRS_MESSAGING_PROTOCOL = SEMATTRS_MESSAGING_PROTOCOL;
    exports.SEMATTRS_MESSAGING_PROTOCOL_VERSION = SEMATTRS_MESSAGING_PROTOCOL_VERSION;
    exports.SEMATTRS_MESSAGING_RABBITMQ_ROUTING_KEY = SEMATTRS_MESSAGING_RABBITMQ_ROUTING_KEY;
    exports.SEMATTRS_MESSAGING_SYSTEM = SEMATTRS_MESSAGING_SYSTEM;
    exports.SEMATTRS_MESSAGING_TEMP_DESTINATION = SEMATTRS_MESSAGING_TEMP_DESTINATION;
    exports.SEMATTRS_MESSAGING_URL = SEMATTRS_MESSAGING_URL;
    exports.SEMATTRS_NET_HOST_CARRIER_ICC = SEMATTRS_NET_HOST_CARRIER_ICC;
    exports.SEMATTRS_NET_HOST_CARRIER_MCC = SEMATTRS_NET_HOST_CARRIER_MCC;
    exports.SEMATTRS_NET_HOST_CARRIER_MNC = SEMATTRS_NET_HOST_CARRIER_MNC;
    exports.SEMATTRS_NET_HOST_CARRIER_NAME = SEMATTRS_NET_HOST_CARRIER_NAME;
    exports.SEMATTRS_NET_HOST_CONNECTION_SUBTYPE = SEMATTRS_NET_HOST_CONNECTION_SUBTYPE;
    exports.SEMATTRS_NET_HOST_CONNECTION_TYPE = SEMATTRS_NET_HOST_CONNECTION_TYPE;
    exports.SEMATTRS_NET_HOST_IP = SEMATTRS_NET_HOST_IP;
    exports.SEMATTRS_NET_HOST_NAME = SEMATTRS_NET_HOST_NAME;
    exports.SEMATTRS_NET_HOST_PORT = SEMATTRS_NET_HOST_PORT;
    exports.SEMATTRS_NET_PEER_IP = SEMATTRS_NET_PEER_IP;
    exports.SEMATTRS_NET_PEER_NAME = SEMATTRS_NET_PEER_NAME;
    exports.SEMATTRS_NET_PEER_PORT = SEMATTRS_NET_PEER_PORT;
    exports.SEMATTRS_NET_TRANSPORT = SEMATTRS_NET_TRANSPORT;
    exports.SEMATTRS_PEER_SERVICE = SEMATTRS_PEER_SERVICE;
    exports.SEMATTRS_RPC_GRPC_STATUS_CODE = SEMATTRS_RPC_GRPC_STATUS_CODE;
    exports.SEMATTRS_RPC_JSONRPC_ERROR_CODE = SEMATTRS_RPC_JSONRPC_ERROR_CODE;
    exports.SEMATTRS_RPC_JSONRPC_ERROR_MESSAGE = SEMATTRS_RPC_JSONRPC_ERROR_MESSAGE;
    exports.SEMATTRS_RPC_JSONRPC_REQUEST_ID = SEMATTRS_RPC_JSONRPC_REQUEST_ID;
    exports.SEMATTRS_RPC_JSONRPC_VERSION = SEMATTRS_RPC_JSONRPC_VERSION;
    exports.SEMATTRS_RPC_METHOD = SEMATTRS_RPC_METHOD;
    exports.SEMATTRS_RPC_SERVICE = SEMATTRS_RPC_SERVICE;
    exports.SEMATTRS_RPC_SYSTEM = SEMATTRS_RPC_SYSTEM;
    exports.SEMATTRS_THREAD_ID = SEMATTRS_THREAD_ID;
    exports.SEMATTRS_THREAD_NAME = SEMATTRS_THREAD_NAME;
    exports.SemanticAttributes = SemanticAttributes;
  }
});

// node_modules/.pnpm/@opentelemetry+semantic-conventions@1.45.0/node_modules/@opentelemetry/semantic-conventions/dist/resource/SemanticResourceAttributes.cjs
var require_SemanticResourceAttributes = __commonJS({
  "node_modules/.pnpm/@opentelemetry+semantic-conventions@1.45.0/node_modules/@opentelemetry/semantic-conventions/dist/resource/SemanticResourceAttributes.cjs"(exports) {
    var require_utils5 = require_utils2();
    var TMP_CLOUD_PROVIDER = "cloud.provider";
    var TMP_CLOUD_ACCOUNT_ID = "cloud.account.id";
    var TMP_CLOUD_REGION = "cloud.region";
    var TMP_CLOUD_AVAILABILITY_ZONE = "cloud.availability_zone";
    var TMP_CLOUD_PLATFORM = "cloud.platform";
    var TMP_AWS_ECS_CONTAINER_ARN = "aws.ecs.container.arn";
    var TMP_AWS_ECS_CLUSTER_ARN = "aws.ecs.cluster.arn";
    var TMP_AWS_ECS_LAUNCHTYPE = "aws.ecs.launchtype";
    var TMP_AWS_ECS_TASK_ARN = "aws.ecs.task.arn";
    var TMP_AWS_ECS_TASK_FAMILY = "aws.ecs.task.family";
    var TMP_AWS_ECS_TASK_REVISION = "aws.ecs.task.revision";
    var TMP_AWS_EKS_CLUSTER_ARN = "aws.eks.cluster.arn";
    var TMP_AWS_LOG_GROUP_NAMES = "aws.log.group.names";
    var TMP_AWS_LOG_GROUP_ARNS = "aws.log.group.arns";
    var TMP_AWS_LOG_STREAM_NAMES = "aws.log.stream.names";
    var TMP_AWS_LOG_STREAM_ARNS = "aws.log.stream.arns";
    var TMP_CONTAINER_NAME = "container.name";
    var TMP_CONTAINER_ID = "container.id";
    var TMP_CONTAINER_RUNTIME = "container.runtime";
    var TMP_CONTAINER_IMAGE_NAME = "container.image.name";
    var TMP_CONTAINER_IMAGE_TAG = "container.image.tag";
    var TMP_DEPLOYMENT_ENVIRONMENT = "deployment.environment";
    var TMP_DEVICE_ID = "device.id";
    var TMP_DEVICE_MODEL_IDENTIFIER = "device.model.identifier";
    var TMP_DEVICE_MODEL_NAME = "device.model.name";
    var TMP_FAAS_NAME = "faas.name";
    var TMP_FAAS_ID = "faas.id";
    var TMP_FAAS_VERSION = "faas.version";
    var TMP_FAAS_INSTANCE = "faas.instance";
    var TMP_FAAS_MAX_MEMORY = "faas.max_memory";
    var TMP_HOST_ID = "host.id";
    var TMP_HOST_NAME = "host.name";
    var TMP_HOST_TYPE = "host.type";
    var TMP_HOST_ARCH = "host.arch";
    var TMP_HOST_IMAGE_NAME = "host.image.name";
    var TMP_HOST_IMAGE_ID = "host.image.id";
    var TMP_HOST_IMAGE_VERSION = "host.image.version";
    var TMP_K8S_CLUSTER_NAME = "k8s.cluster.name";
    var TMP_K8S_NODE_NAME = "k8s.node.name";
    var TMP_K8S_NODE_UID = "k8s.node.uid";
    var TMP_K8S_NAMESPACE_NAME = "k8s.namespace.name";
    var TMP_K8S_POD_UID = "k8s.pod.uid";
    var TMP_K8S_POD_NAME = "k8s.pod.name";
    var TMP_K8S_CONTAINER_NAME = "k8s.container.name";
    var TMP_K8S_REPLICASET_UID = "k8s.replicaset.uid";
    var TMP_K8S_REPLICASET_NAME = "k8s.replicaset.name";
    var TMP_K8S_DEPLOYMENT_UID = "k8s.deployment.uid";
    var TMP_K8S_DEPLOYMENT_NAME = "k8s.deployment.name";
    var TMP_K8S_STATEFULSET_UID = "k8s.statefulset.uid";
    var TMP_K8S_STATEFULSET_NAME = "k8s.statefulset.name";
    var TMP_K8S_DAEMONSET_UID = "k8s.daemonset.uid";
    var TMP_K8S_DAEMONSET_NAME = "k8s.daemonset.name";
    var TMP_K8S_JOB_UID = "k8s.job.uid";
    var TMP_K8S_JOB_NAME = "k8s.job.name";
    var TMP_K8S_CRONJOB_UID = "k8s.cronjob.uid";
    var TMP_K8S_CRONJOB_NAME = "k8s.cronjob.name";
    var TMP_OS_TYPE = "os.type";
    var TMP_OS_DESCRIPTION = "os.description";
    var TMP_OS_NAME = "os.name";
    var TMP_OS_VERSION = "os.version";
    var TMP_PROCESS_PID = "process.pid";
    var TMP_PROCESS_EXECUTABLE_NAME = "process.executable.name";
    var TMP_PROCESS_EXECUTABLE_PATH = "process.executable.path";
    var TMP_PROCESS_COMMAND = "process.command";
    var TMP_PROCESS_COMMAND_LINE = "process.command_line";
    var TMP_PROCESS_COMMAND_ARGS = "process.command_args";
    var TMP_PROCESS_OWNER = "process.owner";
    var TMP_PROCESS_RUNTIME_NAME = "process.runtime.name";
    var TMP_PROCESS_RUNTIME_VERSION = "process.runtime.version";
    var TMP_PROCESS_RUNTIME_DESCRIPTION = "process.runtime.description";
    var TMP_SERVICE_NAME = "service.name";
    var TMP_SERVICE_NAMESPACE = "service.namespace";
    var TMP_SERVICE_INSTANCE_ID = "service.instance.id";
    var TMP_SERVICE_VERSION = "service.version";
    var TMP_TELEMETRY_SDK_NAME = "telemetry.sdk.name";
    var TMP_TELEMETRY_SDK_LANGUAGE = "telemetry.sdk.language";
    var TMP_TELEMETRY_SDK_VERSION = "telemetry.sdk.version";
    var TMP_TELEMETRY_AUTO_VERSION = "telemetry.auto.version";
    var TMP_WEBENGINE_NAME = "webengine.name";
    var TMP_WEBENGINE_VERSION = "webengine.version";
    var TMP_WEBENGINE_DESCRIPTION = "webengine.description";
    var SEMRESATTRS_CLOUD_PROVIDER = TMP_CLOUD_PROVIDER;
    var SEMRESATTRS_CLOUD_ACCOUNT_ID = TMP_CLOUD_ACCOUNT_ID;
    var SEMRESATTRS_CLOUD_REGION = TMP_CLOUD_REGION;
    var SEMRESATTRS_CLOUD_AVAILABILITY_ZONE = TMP_CLOUD_AVAILABILITY_ZONE;
    var SEMRESATTRS_CLOUD_PLATFORM = TMP_CLOUD_PLATFORM;
    var SEMRESATTRS_AWS_ECS_CONTAINER_ARN = TMP_AWS_ECS_CONTAINER_ARN;
    var SEMRESATTRS_AWS_ECS_CLUSTER_ARN = TMP_AWS_ECS_CLUSTER_ARN;
    var SEMRESATTRS_AWS_ECS_LAUNCHTYPE = TMP_AWS_ECS_LAUNCHTYPE;
    var SEMRESATTRS_AWS_ECS_TASK_ARN = TMP_AWS_ECS_TASK_ARN;
    var SEMRESATTRS_AWS_ECS_TASK_FAMILY = TMP_AWS_ECS_TASK_FAMILY;
    var SEMRESATTRS_AWS_ECS_TASK_REVISION = TMP_AWS_ECS_TASK_REVISION;
    var SEMRESATTRS_AWS_EKS_CLUSTER_ARN = TMP_AWS_EKS_CLUSTER_ARN;
    var SEMRESATTRS_AWS_LOG_GROUP_NAMES = TMP_AWS_LOG_GROUP_NAMES;
    var SEMRESATTRS_AWS_LOG_GROUP_ARNS = TMP_AWS_LOG_GROUP_ARNS;
    var SEMRESATTRS_AWS_LOG_STREAM_NAMES = TMP_AWS_LOG_STREAM_NAMES;
    var SEMRESATTRS_AWS_LOG_STREAM_ARNS = TMP_AWS_LOG_STREAM_ARNS;
    var SEMRESATTRS_CONTAINER_NAME = TMP_CONTAINER_NAME;
    var SEMRESATTRS_CONTAINER_ID = TMP_CONTAINER_ID;
    var SEMRESATTRS_CONTAINER_RUNTIME = TMP_CONTAINER_RUNTIME;
    var SEMRESATTRS_CONTAINER_IMAGE_NAME = TMP_CONTAINER_IMAGE_NAME;
    var SEMRESATTRS_CONTAINER_IMAGE_TAG = TMP_CONTAINER_IMAGE_TAG;
    var SEMRESATTRS_DEPLOYMENT_ENVIRONMENT = TMP_DEPLOYMENT_ENVIRONMENT;
    var SEMRESATTRS_DEVICE_ID = TMP_DEVICE_ID;
    var SEMRESATTRS_DEVICE_MODEL_IDENTIFIER = TMP_DEVICE_MODEL_IDENTIFIER;
    var SEMRESATTRS_DEVICE_MODEL_NAME = TMP_DEVICE_MODEL_NAME;
    var SEMRESATTRS_FAAS_NAME = TMP_FAAS_NAME;
    var SEMRESATTRS_FAAS_ID = TMP_FAAS_ID;
    var SEMRESATTRS_FAAS_VERSION = TMP_FAAS_VERSION;
    var SEMRESATTRS_FAAS_INSTANCE = TMP_FAAS_INSTANCE;
    var SEMRESATTRS_FAAS_MAX_MEMORY = TMP_FAAS_MAX_MEMORY;
    var SEMRESATTRS_HOST_ID = TMP_HOST_ID;
    var SEMRESATTRS_HOST_NAME = TMP_HOST_NAME;
    var SEMRESATTRS_HOST_TYPE = TMP_HOST_TYPE;
    var SEMRESATTRS_HOST_ARCH = TMP_HOST_ARCH;
    var SEMRESATTRS_HOST_IMAGE_NAME = TMP_HOST_IMAGE_NAME;
    var SEMRESATTRS_HOST_IMAGE_ID = TMP_HOST_IMAGE_ID;
    var SEMRESATTRS_HOST_IMAGE_VERSION = TMP_HOST_IMAGE_VERSION;
    var SEMRESATTRS_K8S_CLUSTER_NAME = TMP_K8S_CLUSTER_NAME;
    var SEMRESATTRS_K8S_NODE_NAME = TMP_K8S_NODE_NAME;
    var SEMRESATTRS_K8S_NODE_UID = TMP_K8S_NODE_UID;
    var SEMRESATTRS_K8S_NAMESPACE_NAME = TMP_K8S_NAMESPACE_NAME;
    var SEMRESATTRS_K8S_POD_UID = TMP_K8S_POD_UID;
    var SEMRESATTRS_K8S_POD_NAME = TMP_K8S_POD_NAME;
    var SEMRESATTRS_K8S_CONTAINER_NAME = TMP_K8S_CONTAINER_NAME;
    var SEMRESATTRS_K8S_REPLICASET_UID = TMP_K8S_REPLICASET_UID;
    var SEMRESATTRS_K8S_REPLICASET_NAME = TMP_K8S_REPLICASET_NAME;
    var SEMRESATTRS_K8S_DEPLOYMENT_UID = TMP_K8S_DEPLOYMENT_UID;
    var SEMRESATTRS_K8S_DEPLOYMENT_NAME = TMP_K8S_DEPLOYMENT_NAME;
    var SEMRESATTRS_K8S_STATEFULSET_UID = TMP_K8S_STATEFULSET_UID;
    var SEMRESATTRS_K8S_STATEFULSET_NAME = TMP_K8S_STATEFULSET_NAME;
    var SEMRESATTRS_K8S_DAEMONSET_UID = TMP_K8S_DAEMONSET_UID;
    var SEMRESATTRS_K8S_DAEMONSET_NAME = TMP_K8S_DAEMONSET_NAME;
    var SEMRESATTRS_K8S_JOB_UID = TMP_K8S_JOB_UID;
    var SEMRESATTRS_K8S_JOB_NAME = TMP_K8S_JOB_NAME;
    var SEMRESATTRS_K8S_CRONJOB_UID = TMP_K8S_CRONJOB_UID;
    var SEMRESATTRS_K8S_CRONJOB_NAME = TMP_K8S_CRONJOB_NAME;
    var SEMRESATTRS_OS_TYPE = TMP_OS_TYPE;
    var SEMRESATTRS_OS_DESCRIPTION = TMP_OS_DESCRIPTION;
    var SEMRESATTRS_OS_NAME = TMP_OS_NAME;
    var SEMRESATTRS_OS_VERSION = TMP_OS_VERSION;
    var SEMRESATTRS_PROCESS_PID = TMP_PROCESS_PID;
    var SEMRESATTRS_PROCESS_EXECUTABLE_NAME = TMP_PROCESS_EXECUTABLE_NAME;
    var SEMRESATTRS_PROCESS_EXECUTABLE_PATH = TMP_PROCESS_EXECUTABLE_PATH;
    var SEMRESATTRS_PROCESS_COMMAND = TMP_PROCESS_COMMAND;
    var SEMRESATTRS_PROCESS_COMMAND_LINE = TMP_PROCESS_COMMAND_LINE;
    var SEMRESATTRS_PROCESS_COMMAND_ARGS = TMP_PROCESS_COMMAND_ARGS;
    var SEMRESATTRS_PROCESS_OWNER = TMP_PROCESS_OWNER;
    var SEMRESATTRS_PROCESS_RUNTIME_NAME = TMP_PROCESS_RUNTIME_NAME;
    var SEMRESATTRS_PROCESS_RUNTIME_VERSION = TMP_PROCESS_RUNTIME_VERSION;
    var SEMRESATTRS_PROCESS_RUNTIME_DESCRIPTION = TMP_PROCESS_RUNTIME_DESCRIPTION;
    var SEMRESATTRS_SERVICE_NAME = TMP_SERVICE_NAME;
    var SEMRESATTRS_SERVICE_NAMESPACE = TMP_SERVICE_NAMESPACE;
    var SEMRESATTRS_SERVICE_INSTANCE_ID = TMP_SERVICE_INSTANCE_ID;
    var SEMRESATTRS_SERVICE_VERSION = TMP_SERVICE_VERSION;
    var SEMRESATTRS_TELEMETRY_SDK_NAME = TMP_TELEMETRY_SDK_NAME;
    var SEMRESATTRS_TELEMETRY_SDK_LANGUAGE = TMP_TELEMETRY_SDK_LANGUAGE;
    var SEMRESATTRS_TELEMETRY_SDK_VERSION = TMP_TELEMETRY_SDK_VERSION;
    var SEMRESATTRS_TELEMETRY_AUTO_VERSION = TMP_TELEMETRY_AUTO_VERSION;
    var SEMRESATTRS_WEBENGINE_NAME = TMP_WEBENGINE_NAME;
    var SEMRESATTRS_WEBENGINE_VERSION = TMP_WEBENGINE_VERSION;
    var SEMRESATTRS_WEBENGINE_DESCRIPTION = TMP_WEBENGINE_DESCRIPTION;
    var SemanticResourceAttributes = /* @__PURE__ */ require_utils5.createConstMap([
      TMP_CLOUD_PROVIDER,
      TMP_CLOUD_ACCOUNT_ID,
      TMP_CLOUD_REGION,
      TMP_CLOUD_AVAILABILITY_ZONE,
      TMP_CLOUD_PLATFORM,
      TMP_AWS_ECS_CONTAINER_ARN,
      TMP_AWS_ECS_CLUSTER_ARN,
      TMP_AWS_ECS_LAUNCHTYPE,
      TMP_AWS_ECS_TASK_ARN,
      TMP_AWS_ECS_TASK_FAMILY,
      TMP_AWS_ECS_TASK_REVISION,
      TMP_AWS_EKS_CLUSTER_ARN,
      TMP_AWS_LOG_GROUP_NAMES,
      TMP_AWS_LOG_GROUP_ARNS,
      TMP_AWS_LOG_STREAM_NAMES,
      TMP_AWS_LOG_STREAM_ARNS,
      TMP_CONTAINER_NAME,
      TMP_CONTAINER_ID,
      TMP_CONTAINER_RUNTIME,
      TMP_CONTAINER_IMAGE_NAME,
      TMP_CONTAINER_IMAGE_TAG,
      TMP_DEPLOYMENT_ENVIRONMENT,
      TMP_DEVICE_ID,
      TMP_DEVICE_MODEL_IDENTIFIER,
      TMP_DEVICE_MODEL_NAME,
      TMP_FAAS_NAME,
      TMP_FAAS_ID,
      TMP_FAAS_VERSION,
      TMP_FAAS_INSTANCE,
      TMP_FAAS_MAX_MEMORY,
      TMP_HOST_ID,
      TMP_HOST_NAME,
      TMP_HOST_TYPE,
      TMP_HOST_ARCH,
      TMP_HOST_IMAGE_NAME,
      TMP_HOST_IMAGE_ID,
      TMP_HOST_IMAGE_VERSION,
      TMP_K8S_CLUSTER_NAME,
      TMP_K8S_NODE_NAME,
      TMP_K8S_NODE_UID,
      TMP_K8S_NAMESPACE_NAME,
      TMP_K8S_POD_UID,
      TMP_K8S_POD_NAME,
      TMP_K8S_CONTAINER_NAME,
      TMP_K8S_REPLICASET_UID,
      TMP_K8S_REPLICASET_NAME,
      TMP_K8S_DEPLOYMENT_UID,
      TMP_K8S_DEPLOYMENT_NAME,
      TMP_K8S_STATEFULSET_UID,
      TMP_K8S_STATEFULSET_NAME,
      TMP_K8S_DAEMONSET_UID,
      TMP_K8S_DAEMONSET_NAME,
      TMP_K8S_JOB_UID,
      TMP_K8S_JOB_NAME,
      TMP_K8S_CRONJOB_UID,
      TMP_K8S_CRONJOB_NAME,
      TMP_OS_TYPE,
      TMP_OS_DESCRIPTION,
      TMP_OS_NAME,
      TMP_OS_VERSION,
      TMP_PROCESS_PID,
      TMP_PROCESS_EXECUTABLE_NAME,
      TMP_PROCESS_EXECUTABLE_PATH,
      TMP_PROCESS_COMMAND,
      TMP_PROCESS_COMMAND_LINE,
      TMP_PROCESS_COMMAND_ARGS,
      TMP_PROCESS_OWNER,
      TMP_PROCESS_RUNTIME_NAME,
      TMP_PROCESS_RUNTIME_VERSION,
      TMP_PROCESS_RUNTIME_DESCRIPTION,
      TMP_SERVICE_NAME,
      TMP_SERVICE_NAMESPACE,
      TMP_SERVICE_INSTANCE_ID,
      TMP_SERVICE_VERSION,
      TMP_TELEMETRY_SDK_NAME,
      TMP_TELEMETRY_SDK_LANGUAGE,
      TMP_TELEMETRY_SDK_VERSION,
      TMP_TELEMETRY_AUTO_VERSION,
      TMP_WEBENGINE_NAME,
      TMP_WEBENGINE_VERSION,
      TMP_WEBENGINE_DESCRIPTION
    ]);
    var TMP_CLOUDPROVIDERVALUES_ALIBABA_CLOUD = "alibaba_cloud";
    var TMP_CLOUDPROVIDERVALUES_AWS = "aws";
    var TMP_CLOUDPROVIDERVALUES_AZURE = "azure";
    var TMP_CLOUDPROVIDERVALUES_GCP = "gcp";
    var CLOUDPROVIDERVALUES_ALIBABA_CLOUD = TMP_CLOUDPROVIDERVALUES_ALIBABA_CLOUD;
    var CLOUDPROVIDERVALUES_AWS = TMP_CLOUDPROVIDERVALUES_AWS;
    var CLOUDPROVIDERVALUES_AZURE = TMP_CLOUDPROVIDERVALUES_AZURE;
    var CLOUDPROVIDERVALUES_GCP = TMP_CLOUDPROVIDERVALUES_GCP;
    var CloudProviderValues = /* @__PURE__ */ require_utils5.createConstMap([
      TMP_CLOUDPROVIDERVALUES_ALIBABA_CLOUD,
      TMP_CLOUDPROVIDERVALUES_AWS,
      TMP_CLOUDPROVIDERVALUES_AZURE,
      TMP_CLOUDPROVIDERVALUES_GCP
    ]);
    var TMP_CLOUDPLATFORMVALUES_ALIBABA_CLOUD_ECS = "alibaba_cloud_ecs";
    var TMP_CLOUDPLATFORMVALUES_ALIBABA_CLOUD_FC = "alibaba_cloud_fc";
    var TMP_CLOUDPLATFORMVALUES_AWS_EC2 = "aws_ec2";
    var TMP_CLOUDPLATFORMVALUES_AWS_ECS = "aws_ecs";
    var TMP_CLOUDPLATFORMVALUES_AWS_EKS = "aws_eks";
    var TMP_CLOUDPLATFORMVALUES_AWS_LAMBDA = "aws_lambda";
    var TMP_CLOUDPLATFORMVALUES_AWS_ELASTIC_BEANSTALK = "aws_elastic_beanstalk";
    var TMP_CLOUDPLATFORMVALUES_AZURE_VM = "azure_vm";
    var TMP_CLOUDPLATFORMVALUES_AZURE_CONTAINER_INSTANCES = "azure_container_instances";
    var TMP_CLOUDPLATFORMVALUES_AZURE_AKS = "azure_aks";
    var TMP_CLOUDPLATFORMVALUES_AZURE_FUNCTIONS = "azure_functions";
    var TMP_CLOUDPLATFORMVALUES_AZURE_APP_SERVICE = "azure_app_service";
    var TMP_CLOUDPLATFORMVALUES_GCP_COMPUTE_ENGINE = "gcp_compute_engine";
    var TMP_CLOUDPLATFORMVALUES_GCP_CLOUD_RUN = "gcp_cloud_run";
    var TMP_CLOUDPLATFORMVALUES_GCP_KUBERNETES_ENGINE = "gcp_kubernetes_engine";
    var TMP_CLOUDPLATFORMVALUES_GCP_CLOUD_FUNCTIONS = "gcp_cloud_functions";
    var TMP_CLOUDPLATFORMVALUES_GCP_APP_ENGINE = "gcp_app_engine";
    var CLOUDPLATFORMVALUES_ALIBABA_CLOUD_ECS = TMP_CLOUDPLATFORMVALUES_ALIBABA_CLOUD_ECS;
    var CLOUDPLATFORMVALUES_ALIBABA_CLOUD_FC = TMP_CLOUDPLATFORMVALUES_ALIBABA_CLOUD_FC;
    var CLOUDPLATFORMVALUES_AWS_EC2 = TMP_CLOUDPLATFORMVALUES_AWS_EC2;
    var CLOUDPLATFORMVALUES_AWS_ECS = TMP_CLOUDPLATFORMVALUES_AWS_ECS;
    var CLOUDPLATFORMVALUES_AWS_EKS = TMP_CLOUDPLATFORMVALUES_AWS_EKS;
    var CLOUDPLATFORMVALUES_AWS_LAMBDA = TMP_CLOUDPLATFORMVALUES_AWS_LAMBDA;
    var CLOUDPLATFORMVALUES_AWS_ELASTIC_BEANSTALK = TMP_CLOUDPLATFORMVALUES_AWS_ELASTIC_BEANSTALK;
    var CLOUDPLATFORMVALUES_AZURE_VM = TMP_CLOUDPLATFORMVALUES_AZURE_VM;
    var CLOUDPLATFORMVALUES_AZURE_CONTAINER_INSTANCES = TMP_CLOUDPLATFORMVALUES_AZURE_CONTAINER_INSTANCES;
    var CLOUDPLATFORMVALUES_AZURE_AKS = TMP_CLOUDPLATFORMVALUES_AZURE_AKS;
    var CLOUDPLATFORMVALUES_AZURE_FUNCTIONS = TMP_CLOUDPLATFORMVALUES_AZURE_FUNCTIONS;
    var CLOUDPLATFORMVALUES_AZURE_APP_SERVICE = TMP_CLOUDPLATFORMVALUES_AZURE_APP_SERVICE;
    var CLOUDPLATFORMVALUES_GCP_COMPUTE_ENGINE = TMP_CLOUDPLATFORMVALUES_GCP_COMPUTE_ENGINE;
    var CLOUDPLATFORMVALUES_GCP_CLOUD_RUN = TMP_CLOUDPLATFORMVALUES_GCP_CLOUD_RUN;
    var CLOUDPLATFORMVALUES_GCP_KUBERNETES_ENGINE = TMP_CLOUDPLATFORMVALUES_GCP_KUBERNETES_ENGINE;
    var CLOUDPLATFORMVALUES_GCP_CLOUD_FUNCTIONS = TMP_CLOUDPLATFORMVALUES_GCP_CLOUD_FUNCTIONS;
    var CLOUDPLATFORMVALUES_GCP_APP_ENGINE = TMP_CLOUDPLATFORMVALUES_GCP_APP_ENGINE;
    var CloudPlatformValues = /* @__PURE__ */ require_utils5.createConstMap([
      TMP_CLOUDPLATFORMVALUES_ALIBABA_CLOUD_ECS,
      TMP_CLOUDPLATFORMVALUES_ALIBABA_CLOUD_FC,
      TMP_CLOUDPLATFORMVALUES_AWS_EC2,
      TMP_CLOUDPLATFORMVALUES_AWS_ECS,
      TMP_CLOUDPLATFORMVALUES_AWS_EKS,
      TMP_CLOUDPLATFORMVALUES_AWS_LAMBDA,
      TMP_CLOUDPLATFORMVALUES_AWS_ELASTIC_BEANSTALK,
      TMP_CLOUDPLATFORMVALUES_AZURE_VM,
      TMP_CLOUDPLATFORMVALUES_AZURE_CONTAINER_INSTANCES,
      TMP_CLOUDPLATFORMVALUES_AZURE_AKS,
      TMP_CLOUDPLATFORMVALUES_AZURE_FUNCTIONS,
      TMP_CLOUDPLATFORMVALUES_AZURE_APP_SERVICE,
      TMP_CLOUDPLATFORMVALUES_GCP_COMPUTE_ENGINE,
      TMP_CLOUDPLATFORMVALUES_GCP_CLOUD_RUN,
      TMP_CLOUDPLATFORMVALUES_GCP_KUBERNETES_ENGINE,
      TMP_CLOUDPLATFORMVALUES_GCP_CLOUD_FUNCTIONS,
      TMP_CLOUDPLATFORMVALUES_GCP_APP_ENGINE
    ]);
    var TMP_AWSECSLAUNCHTYPEVALUES_EC2 = "ec2";
    var TMP_AWSECSLAUNCHTYPEVALUES_FARGATE = "fargate";
    var AWSECSLAUNCHTYPEVALUES_EC2 = TMP_AWSECSLAUNCHTYPEVALUES_EC2;
    var AWSECSLAUNCHTYPEVALUES_FARGATE = TMP_AWSECSLAUNCHTYPEVALUES_FARGATE;
    var AwsEcsLaunchtypeValues = /* @__PURE__ */ require_utils5.createConstMap([TMP_AWSECSLAUNCHTYPEVALUES_EC2, TMP_AWSECSLAUNCHTYPEVALUES_FARGATE]);
    var TMP_HOSTARCHVALUES_AMD64 = "amd64";
    var TMP_HOSTARCHVALUES_ARM32 = "arm32";
    var TMP_HOSTARCHVALUES_ARM64 = "arm64";
    var TMP_HOSTARCHVALUES_IA64 = "ia64";
    var TMP_HOSTARCHVALUES_PPC32 = "ppc32";
    var TMP_HOSTARCHVALUES_PPC64 = "ppc64";
    var TMP_HOSTARCHVALUES_X86 = "x86";
    var HOSTARCHVALUES_AMD64 = TMP_HOSTARCHVALUES_AMD64;
    var HOSTARCHVALUES_ARM32 = TMP_HOSTARCHVALUES_ARM32;
    var HOSTARCHVALUES_ARM64 = TMP_HOSTARCHVALUES_ARM64;
    var HOSTARCHVALUES_IA64 = TMP_HOSTARCHVALUES_IA64;
    var HOSTARCHVALUES_PPC32 = TMP_HOSTARCHVALUES_PPC32;
    var HOSTARCHVALUES_PPC64 = TMP_HOSTARCHVALUES_PPC64;
    var HOSTARCHVALUES_X86 = TMP_HOSTARCHVALUES_X86;
    var HostArchValues = /* @__PURE__ */ require_utils5.createConstMap([
      TMP_HOSTARCHVALUES_AMD64,
      TMP_HOSTARCHVALUES_ARM32,
      TMP_HOSTARCHVALUES_ARM64,
      TMP_HOSTARCHVALUES_IA64,
      TMP_HOSTARCHVALUES_PPC32,
      TMP_HOSTARCHVALUES_PPC64,
      TMP_HOSTARCHVALUES_X86
    ]);
    var TMP_OSTYPEVALUES_WINDOWS = "windows";
    var TMP_OSTYPEVALUES_LINUX = "linux";
    var TMP_OSTYPEVALUES_DARWIN = "darwin";
    var TMP_OSTYPEVALUES_FREEBSD = "freebsd";
    var TMP_OSTYPEVALUES_NETBSD = "netbsd";
    var TMP_OSTYPEVALUES_OPENBSD = "openbsd";
    var TMP_OSTYPEVALUES_DRAGONFLYBSD = "dragonflybsd";
    var TMP_OSTYPEVALUES_HPUX = "hpux";
    var TMP_OSTYPEVALUES_AIX = "aix";
    var TMP_OSTYPEVALUES_SOLARIS = "solaris";
    var TMP_OSTYPEVALUES_Z_OS = "z_os";
    var OSTYPEVALUES_WINDOWS = TMP_OSTYPEVALUES_WINDOWS;
    var OSTYPEVALUES_LINUX = TMP_OSTYPEVALUES_LINUX;
    var OSTYPEVALUES_DARWIN = TMP_OSTYPEVALUES_DARWIN;
    var OSTYPEVALUES_FREEBSD = TMP_OSTYPEVALUES_FREEBSD;
    var OSTYPEVALUES_NETBSD = TMP_OSTYPEVALUES_NETBSD;
    var OSTYPEVALUES_OPENBSD = TMP_OSTYPEVALUES_OPENBSD;
    var OSTYPEVALUES_DRAGONFLYBSD = TMP_OSTYPEVALUES_DRAGONFLYBSD;
    var OSTYPEVALUES_HPUX = TMP_OSTYPEVALUES_HPUX;
    var OSTYPEVALUES_AIX = TMP_OSTYPEVALUES_AIX;
    var OSTYPEVALUES_SOLARIS = TMP_OSTYPEVALUES_SOLARIS;
    var OSTYPEVALUES_Z_OS = TMP_OSTYPEVALUES_Z_OS;
    var OsTypeValues = /* @__PURE__ */ require_utils5.createConstMap([
      TMP_OSTYPEVALUES_WINDOWS,
      TMP_OSTYPEVALUES_LINUX,
      TMP_OSTYPEVALUES_DARWIN,
      TMP_OSTYPEVALUES_FREEBSD,
      TMP_OSTYPEVALUES_NETBSD,
      TMP_OSTYPEVALUES_OPENBSD,
      TMP_OSTYPEVALUES_DRAGONFLYBSD,
      TMP_OSTYPEVALUES_HPUX,
      TMP_OSTYPEVALUES_AIX,
      TMP_OSTYPEVALUES_SOLARIS,
      TMP_OSTYPEVALUES_Z_OS
    ]);
    var TMP_TELEMETRYSDKLANGUAGEVALUES_CPP = "cpp";
    var TMP_TELEMETRYSDKLANGUAGEVALUES_DOTNET = "dotnet";
    var TMP_TELEMETRYSDKLANGUAGEVALUES_ERLANG = "erlang";
    var TMP_TELEMETRYSDKLANGUAGEVALUES_GO = "go";
    var TMP_TELEMETRYSDKLANGUAGEVALUES_JAVA = "java";
    var TMP_TELEMETRYSDKLANGUAGEVALUES_NODEJS = "nodejs";
    var TMP_TELEMETRYSDKLANGUAGEVALUES_PHP = "php";
    var TMP_TELEMETRYSDKLANGUAGEVALUES_PYTHON = "python";
    var TMP_TELEMETRYSDKLANGUAGEVALUES_RUBY = "ruby";
    var TMP_TELEMETRYSDKLANGUAGEVALUES_WEBJS = "webjs";
    var TELEMETRYSDKLANGUAGEVALUES_CPP = TMP_TELEMETRYSDKLANGUAGEVALUES_CPP;
    var TELEMETRYSDKLANGUAGEVALUES_DOTNET = TMP_TELEMETRYSDKLANGUAGEVALUES_DOTNET;
    var TELEMETRYSDKLANGUAGEVALUES_ERLANG = TMP_TELEMETRYSDKLANGUAGEVALUES_ERLANG;
    var TELEMETRYSDKLANGUAGEVALUES_GO = TMP_TELEMETRYSDKLANGUAGEVALUES_GO;
    var TELEMETRYSDKLANGUAGEVALUES_JAVA = TMP_TELEMETRYSDKLANGUAGEVALUES_JAVA;
    var TELEMETRYSDKLANGUAGEVALUES_NODEJS = TMP_TELEMETRYSDKLANGUAGEVALUES_NODEJS;
    var TELEMETRYSDKLANGUAGEVALUES_PHP = TMP_TELEMETRYSDKLANGUAGEVALUES_PHP;
    var TELEMETRYSDKLANGUAGEVALUES_PYTHON = TMP_TELEMETRYSDKLANGUAGEVALUES_PYTHON;
    var TELEMETRYSDKLANGUAGEVALUES_RUBY = TMP_TELEMETRYSDKLANGUAGEVALUES_RUBY;
    var TELEMETRYSDKLANGUAGEVALUES_WEBJS = TMP_TELEMETRYSDKLANGUAGEVALUES_WEBJS;
    var TelemetrySdkLanguageValues = /* @__PURE__ */ require_utils5.createConstMap([
      TMP_TELEMETRYSDKLANGUAGEVALUES_CPP,
      TMP_TELEMETRYSDKLANGUAGEVALUES_DOTNET,
      TMP_TELEMETRYSDKLANGUAGEVALUES_ERLANG,
      TMP_TELEMETRYSDKLANGUAGEVALUES_GO,
      TMP_TELEMETRYSDKLANGUAGEVALUES_JAVA,
      TMP_TELEMETRYSDKLANGUAGEVALUES_NODEJS,
      TMP_TELEMETRYSDKLANGUAGEVALUES_PHP,
      TMP_TELEMETRYSDKLANGUAGEVALUES_PYTHON,
      TMP_TELEMETRYSDKLANGUAGEVALUES_RUBY,
      TMP_TELEMETRYSDKLANGUAGEVALUES_WEBJS
    ]);
    exports.AWSECSLAUNCHTYPEVALUES_EC2 = AWSECSLAUNCHTYPEVALUES_EC2;
    exports.AWSECSLAUNCHTYPEVALUES_FARGATE = AWSECSLAUNCHTYPEVALUES_FARGATE;
    exports.AwsEcsLaunchtypeValues = AwsEcsLaunchtypeValues;
    exports.CLOUDPLATFORMVALUES_ALIBABA_CLOUD_ECS = CLOUDPLATFORMVALUES_ALIBABA_CLOUD_ECS;
    exports.CLOUDPLATFORMVALUES_ALIBABA_CLOUD_FC = CLOUDPLATFORMVALUES_ALIBABA_CLOUD_FC;
    exports.CLOUDPLATFORMVALUES_AWS_EC2 = CLOUDPLATFORMVALUES_AWS_EC2;
    exports.CLOUDPLATFORMVALUES_AWS_ECS = CLOUDPLATFORMVALUES_AWS_ECS;
    exports.CLOUDPLATFORMVALUES_AWS_EKS = CLOUDPLATFORMVALUES_AWS_EKS;
    exports.CLOUDPLATFORMVALUES_AWS_ELASTIC_BEANSTALK = CLOUDPLATFORMVALUES_AWS_ELASTIC_BEANSTALK;
    exports.CLOUDPLATFORMVALUES_AWS_LAMBDA = CLOUDPLATFORMVALUES_AWS_LAMBDA;
    exports.CLOUDPLATFORMVALUES_AZURE_AKS = CLOUDPLATFORMVALUES_AZURE_AKS;
    exports.CLOUDPLATFORMVALUES_AZURE_APP_SERVICE = CLOUDPLATFORMVALUES_AZURE_APP_SERVICE;
    exports.CLOUDPLATFORMVALUES_AZURE_CONTAINER_INSTANCES = CLOUDPLATFORMVALUES_AZURE_CONTAINER_INSTANCES;
    exports.CLOUDPLATFORMVALUES_AZURE_FUNCTIONS = CLOUDPLATFORMVALUES_AZURE_FUNCTIONS;
    exports.CLOUDPLATFORMVALUES_AZURE_VM = CLOUDPLATFORMVALUES_AZURE_VM;
    exports.CLOUDPLATFORMVALUES_GCP_APP_ENGINE = CLOUDPLATFORMVALUES_GCP_APP_ENGINE;
    exports.CLOUDPLATFORMVALUES_GCP_CLOUD_FUNCTIONS = CLOUDPLATFORMVALUES_GCP_CLOUD_FUNCTIONS;
    exports.CLOUDPLATFORMVALUES_GCP_CLOUD_RUN = CLOUDPLATFORMVALUES_GCP_CLOUD_RUN;
    exports.CLOUDPLATFORMVALUES_GCP_COMPUTE_ENGINE = CLOUDPLATFORMVALUES_GCP_COMPUTE_ENGINE;
    exports.CLOUDPLATFORMVALUES_GCP_KUBERNETES_ENGINE = CLOUDPLATFORMVALUES_GCP_KUBERNETES_ENGINE;
    exports.CLOUDPROVIDERVALUES_ALIBABA_CLOUD = CLOUDPROVIDERVALUES_ALIBABA_CLOUD;
    exports.CLOUDPROVIDERVALUES_AWS = CLOUDPROVIDERVALUES_AWS;
    exports.CLOUDPROVIDERVALUES_AZURE = CLOUDPROVIDERVALUES_AZURE;
    exports.CLOUDPROVIDERVALUES_GCP = CLOUDPROVIDERVALUES_GCP;
    exports.CloudPlatformValues = CloudPlatformValues;
    exports.CloudProviderValues = CloudProviderValues;
    exports.HOSTARCHVALUES_AMD64 = HOSTARCHVALUES_AMD64;
    exports.HOSTARCHVALUES_ARM32 = HOSTARCHVALUES_ARM32;
    exports.HOSTARCHVALUES_ARM64 = HOSTARCHVALUES_ARM64;
    exports.HOSTARCHVALUES_IA64 = HOSTARCHVALUES_IA64;
    exports.HOSTARCHVALUES_PPC32 = HOSTARCHVALUES_PPC32;
    exports.HOSTARCHVALUES_PPC64 = HOSTARCHVALUES_PPC64;
    exports.HOSTARCHVALUES_X86 = HOSTARCHVALUES_X86;
    exports.HostArchValues = HostArchValues;
    exports.OSTYPEVALUES_AIX = OSTYPEVALUES_AIX;
    exports.OSTYPEVALUES_DARWIN = OSTYPEVALUES_DARWIN;
    exports.OSTYPEVALUES_DRAGONFLYBSD = OSTYPEVALUES_DRAGONFLYBSD;
    exports.OSTYPEVALUES_FREEBSD = OSTYPEVALUES_FREEBSD;
    exports.OSTYPEVALUES_HPUX = OSTYPEVALUES_HPUX;
    exports.OSTYPEVALUES_LINUX = OSTYPEVALUES_LINUX;
    exports.OSTYPEVALUES_NETBSD = OSTYPEVALUES_NETBSD;
    exports.OSTYPEVALUES_OPENBSD = OSTYPEVALUES_OPENBSD;
    exports.OSTYPEVALUES_SOLARIS = OSTYPEVALUES_SOLARIS;
    exports.OSTYPEVALUES_WINDOWS = OSTYPEVALUES_WINDOWS;
    exports.OSTYPEVALUES_Z_OS = OSTYPEVALUES_Z_OS;
    exports.OsTypeValues = OsTypeValues;
    exports.SEMRESATTRS_AWS_ECS_CLUSTER_ARN = SEMRESATTRS_AWS_ECS_CLUSTER_ARN;
    exports.SEMRESATTRS_AWS_ECS_CONTAINER_ARN = SEMRESATTRS_AWS_ECS_CONTAINER_ARN;
    exports.SEMRESATTRS_AWS_ECS_LAUNCHTYPE = SEMRESATTRS_AWS_ECS_LAUNCHTYPE;
    exports.SEMRESATTRS_AWS_ECS_TASK_ARN = SEMRESATTRS_AWS_ECS_TASK_ARN;
    exports.SEMRESATTRS_AWS_ECS_TASK_FAMILY = SEMRESATTRS_AWS_ECS_TASK_FAMILY;
    exports.SEMRESATTRS_AWS_ECS_TASK_REVISION = SEMRESATTRS_AWS_ECS_TASK_REVISION;
    exports.SEMRESATTRS_AWS_EKS_CLUSTER_ARN = SEMRESATTRS_AWS_EKS_CLUSTER_ARN;
    exports.SEMRESATTRS_AWS_LOG_GROUP_ARNS = SEMRESATTRS_AWS_LOG_GROUP_ARNS;
    exports.SEMRESATTRS_AWS_LOG_GROUP_NAMES = SEMRESATTRS_AWS_LOG_GROUP_NAMES;
    exports.SEMRESATTRS_AWS_LOG_STREAM_ARNS = SEMRESATTRS_AWS_LOG_STREAM_ARNS;
    exports.SEMRESATTRS_AWS_LOG_STREAM_NAMES = SEMRESATTRS_AWS_LOG_STREAM_NAMES;
    exports.SEMRESATTRS_CLOUD_ACCOUNT_ID = SEMRESATTRS_CLOUD_ACCOUNT_ID;
    exports.SEMRESATTRS_CLOUD_AVAILABILITY_ZONE = SEMRESATTRS_CLOUD_AVAILABILITY_ZONE;
    exports.SEMRESATTRS_CLOUD_PLATFORM = SEMRESATTRS_CLOUD_PLATFORM;
    exports.SEMRESATTRS_CLOUD_PROVIDER = SEMRESATTRS_CLOUD_PROVIDER;
    exports.SEMRESATTRS_CLOUD_REGION = SEMRESATTRS_CLOUD_REGION;
    exports.SEMRESATTRS_CONTAINER_ID = SEMRESATTRS_CONTAINER_ID;
    exports.SEMRESATTRS_CONTAINER_IMAGE_NAME = SEMRESATTRS_CONTAINER_IMAGE_NAME;
    exports.SEMRESATTRS_CONTAINER_IMAGE_TAG = SEMRESATTRS_CONTAINER_IMAGE_TAG;
    exports.SEMRESATTRS_CONTAINER_NAME = SEMRESATTRS_CONTAINER_NAME;
    exports.SEMRESATTRS_CONTAINER_RUNTIME = SEMRESATTRS_CONTAINER_RUNTIME;
    exports.SEMRESATTRS_DEPLOYMENT_ENVIRONMENT = SEMRESATTRS_DEPLOYMENT_ENVIRONMENT;
    exports.SEMRESATTRS_DEVICE_ID = SEMRESATTRS_DEVICE_ID;
    exports.SEMRESATTRS_DEVICE_MODEL_IDENTIFIER = SEMRESATTRS_DEVICE_MODEL_IDENTIFIER;
    exports.SEMRESATTRS_DEVICE_MODEL_NAME = SEMRESATTRS_DEVICE_MODEL_NAME;
    exports.SEMRESATTRS_FAAS_ID = SEMRESATTRS_FAAS_ID;
    exports.SEMRESATTRS_FAAS_INSTANCE = SEMRESATTRS_FAAS_INSTANCE;
    exports.SEMRESATTRS_FAAS_MAX_MEMORY = SEMRESATTRS_FAAS_MAX_MEMORY;
    exports.SEMRESATTRS_FAAS_NAME = SEMRESATTRS_FAAS_NAME;
    exports.SEMRESATTRS_FAAS_VERSION = SEMRESATTRS_FAAS_VERSION;
    exports.SEMRESATTRS_HOST_ARCH = SEMRESATTRS_HOST_ARCH;
    exports.SEMRESATTRS_HOST_ID = SEMRESATTRS_HOST_ID;
    exports.SEMRESATTRS_HOST_IMAGE_ID = SEMRESATTRS_HOST_IMAGE_ID;
    exports.SEMRESATTRS_HOST_IMAGE_NAME = SEMRESATTRS_HOST_IMAGE_NAME;
    exports.SEMRESATTRS_HOST_IMAGE_VERSION = SEMRESATTRS_HOST_IMAGE_VERSION;
    exports.SEMRESATTRS_HOST_NAME = SEMRESATTRS_HOST_NAME;
    exports.SEMRESATTRS_HOST_TYPE = SEMRESATTRS_HOST_TYPE;
    exports.SEMRESATTRS_K8S_CLUSTER_NAME = SEMRESATTRS_K8S_CLUSTER_NAME;
    exports.SEMRESATTRS_K8S_CONTAINER_NAME = SEMRESATTRS_K8S_CONTAINER_NAME;
    exports.SEMRESATTRS_K8S_CRONJOB_NAME = SEMRESATTRS_K8S_CRONJOB_NAME;
    exports.SEMRESATTRS_K8S_CRONJOB_UID = SEMRESATTRS_K8S_CRONJOB_UID;
    exports.SEMRESATTRS_K8S_DAEMONSET_NAME = SEMRESATTRS_K8S_DAEMONSET_NAME;
    exports.SEMRESATTRS_K8S_DAEMONSET_UID = SEMRESATTRS_K8S_DAEMONSET_UID;
    exports.SEMRESATTRS_K8S_DEPLOYMENT_NAME = SEMRESATTRS_K8S_DEPLOYMENT_NAME;
    exports.SEMRESATTRS_K8S_DEPLOYMENT_UID = SEMRESATTRS_K8S_DEPLOYMENT_UID;
    exports.SEMRESATTRS_K8S_JOB_NAME = SEMRESATTRS_K8S_JOB_NAME;
    exports.SEMRESATTRS_K8S_JOB_UID = SEMRESATTRS_K8S_JOB_UID;
    exports.SEMRESATTRS_K8S_NAMESPACE_NAME = SEMRESATTRS_K8S_NAMESPACE_NAME;
    exports.SEMRESATTRS_K8S_NODE_NAME = SEMRESATTRS_K8S_NODE_NAME;
    exports.SEMRESATTRS_K8S_NODE_UID = SEMRESATTRS_K8S_NODE_UID;
    exports.SEMRESATTRS_K8S_POD_NAME = SEMRESATTRS_K8S_POD_NAME;
    exports.SEMRESATTRS_K8S_POD_UID = SEMRESATTRS_K8S_POD_UID;
    exports.SEMRESATTRS_K8S_REPLICASET_NAME = SEMRESATTRS_K8S_REPLICASET_NAME;
    exports.SEMRESATTRS_K8S_REPLICASET_UID = SEMRESATTRS_K8S_REPLICASET_UID;
    exports.SEMRESATTRS_K8S_STATEFULSET_NAME = SEMRESATTRS_K8S_STATEFULSET_NAME;
    exports.SEMRESATTRS_K8S_STATEFULSET_UID = SEMRESATTRS_K8S_STATEFULSET_UID;
    exports.SEMRESATTRS_OS_DESCRIPTION = SEMRESATTRS_OS_DESCRIPTION;
    exports.SEMRESATTRS_OS_NAME = SEMRESATTRS_OS_NAME;
    exports.SEMRESATTRS_OS_TYPE = SEMRESATTRS_OS_TYPE;
    exports.SEMRESATTRS_OS_VERSION = SEMRESATTRS_OS_VERSION;
    exports.SEMRESATTRS_PROCESS_COMMAND = SEMRESATTRS_PROCESS_COMMAND;
    exports.SEMRESATTRS_PROCESS_COMMAND_ARGS = SEMRESATTRS_PROCESS_COMMAND_ARGS;
    exports.SEMRESATTRS_PROCESS_COMMAND_LINE = SEMRESATTRS_PROCESS_COMMAND_LINE;
    exports.SEMRESATTRS_PROCESS_EXECUTABLE_NAME = SEMRESATTRS_PROCESS_EXECUTABLE_NAME;
    exports.SEMRESATTRS_PROCESS_EXECUTABLE_PATH = SEMRESATTRS_PROCESS_EXECUTABLE_PATH;
    exports.SEMRESATTRS_PROCESS_OWNER = SEMRESATTRS_PROCESS_OWNER;
    exports.SEMRESATTRS_PROCESS_PID = SEMRESATTRS_PROCESS_PID;
    exports.SEMRESATTRS_PROCESS_RUNTIME_DESCRIPTION = SEMRESATTRS_PROCESS_RUNTIME_DESCRIPTION;
    exports.SEMRESATTRS_PROCESS_RUNTIME_NAME = SEMRESATTRS_PROCESS_RUNTIME_NAME;
    exports.SEMRESATTRS_PROCESS_RUNTIME_VERSION = SEMRESATTRS_PROCESS_RUNTIME_VERSION;
    exports.SEMRESATTRS_SERVICE_INSTANCE_ID = SEMRESATTRS_SERVICE_INSTANCE_ID;
    exports.SEMRESATTRS_SERVICE_NAME = SEMRESATTRS_SERVICE_NAME;
    exports.SEMRESATTRS_SERVICE_NAMESPACE = SEMRESATTRS_SERVICE_NAMESPACE;
    exports.SEMRESATTRS_SERVICE_VERSION = SEMRESATTRS_SERVICE_VERSION;
    exports.SEMRESATTRS_TELEMETRY_AUTO_VERSION = SEMRESATTRS_TELEMETRY_AUTO_VERSION;
    exports.SEMRESATTRS_TELEMETRY_SDK_LANGUAGE = SEMRESATTRS_TELEMETRY_SDK_LANGUAGE;
    exports.SEMRESATTRS_TELEMETRY_SDK_NAME = SEMRESATTRS_TELEMETRY_SDK_NAME;
    exports.SEMRESATTRS_TELEMETRY_SDK_VERSION = SEMRESATTRS_TELEMETRY_SDK_VERSION;
    exports.SEMRESATTRS_WEBENGINE_DESCRIPTION = SEMRESATTRS_WEBENGINE_DESCRIPTION;
    exports.SEMRESATTRS_WEBENGINE_NAME = SEMRESATTRS_WEBENGINE_NAME;
    exports.SEMRESATTRS_WEBENGINE_VERSION = SEMRESATTRS_WEBENGINE_VERSION;
    exports.SemanticResourceAttributes = SemanticResourceAttributes;
    exports.TELEMETRYSDKLANGUAGEVALUES_CPP = TELEMETRYSDKLANGUAGEVALUES_CPP;
    exports.TELEMETRYSDKLANGUAGEVALUES_DOTNET = TELEMETRYSDKLANGUAGEVALUES_DOTNET;
    exports.TELEMETRYSDKLANGUAGEVALUES_ERLANG = TELEMETRYSDKLANGUAGEVALUES_ERLANG;
    exports.TELEMETRYSDKLANGUAGEVALUES_GO = TELEMETRYSDKLANGUAGEVALUES_GO;
    exports.TELEMETRYSDKLANGUAGEVALUES_JAVA = TELEMETRYSDKLANGUAGEVALUES_JAVA;
    exports.TELEMETRYSDKLANGUAGEVALUES_NODEJS = TELEMETRYSDKLANGUAGEVALUES_NODEJS;
    exports.TELEMETRYSDKLANGUAGEVALUES_PHP = TELEMETRYSDKLANGUAGEVALUES_PHP;
    exports.TELEMETRYSDKLANGUAGEVALUES_PYTHON = TELEMETRYSDKLANGUAGEVALUES_PYTHON;
    exports.TELEMETRYSDKLANGUAGEVALUES_RUBY = TELEMETRYSDKLANGUAGEVALUES_RUBY;
    exports.TELEMETRYSDKLANGUAGEVALUES_WEBJS = TELEMETRYSDKLANGUAGEVALUES_WEBJS;
    exports.TelemetrySdkLanguageValues = TelemetrySdkLanguageValues;
  }
});

// node_modules/.pnpm/@opentelemetry+semantic-conventions@1.45.0/node_modules/@opentelemetry/semantic-conventions/dist/stable_attributes.cjs
var require_stable_attributes = __commonJS({
  "node_modules/.pnpm/@opentelemetry+semantic-conventions@1.45.0/node_modules/@opentelemetry/semantic-conventions/dist/stable_attributes.cjs"(exports) {
    var ATTR_ASPNETCORE_DIAGNOSTICS_EXCEPTION_RESULT = "aspnetcore.diagnostics.exception.result";
    var ASPNETCORE_DIAGNOSTICS_EXCEPTION_RESULT_VALUE_ABORTED = "aborted";
    var ASPNETCORE_DIAGNOSTICS_EXCEPTION_RESULT_VALUE_HANDLED = "handled";
    var ASPNETCORE_DIAGNOSTICS_EXCEPTION_RESULT_VALUE_SKIPPED = "skipped";
    var ASPNETCORE_DIAGNOSTICS_EXCEPTION_RESULT_VALUE_UNHANDLED = "unhandled";
    var ATTR_ASPNETCORE_DIAGNOSTICS_HANDLER_TYPE = "aspnetcore.diagnostics.handler.type";
    var ATTR_ASPNETCORE_RATE_LIMITING_POLICY = "aspnetcore.rate_limiting.policy";
    var ATTR_ASPNETCORE_RATE_LIMITING_RESULT = "aspnetcore.rate_limiting.result";
    var ASPNETCORE_RATE_LIMITING_RESULT_VALUE_ACQUIRED = "acquired";
    var ASPNETCORE_RATE_LIMITING_RESULT_VALUE_ENDPOINT_LIMITER = "endpoint_limiter";
    var ASPNETCORE_RATE_LIMITING_RESULT_VALUE_GLOBAL_LIMITER = "global_limiter";
    var ASPNETCORE_RATE_LIMITING_RESULT_VALUE_REQUEST_CANCELED = "request_canceled";
    var ATTR_ASPNETCORE_REQUEST_IS_UNHANDLED = "aspnetcore.request.is_unhandled";
    var ATTR_ASPNETCORE_ROUTING_IS_FALLBACK = "aspnetcore.routing.is_fallback";
    var ATTR_ASPNETCORE_ROUTING_MATCH_STATUS = "aspnetcore.routing.match_status";
    var ASPNETCORE_ROUTING_MATCH_STATUS_VALUE_FAILURE = "failure";
    var ASPNETCORE_ROUTING_MATCH_STATUS_VALUE_SUCCESS = "success";
    var ATTR_ASPNETCORE_USER_IS_AUTHENTICATED = "aspnetcore.user.is_authenticated";
    var ATTR_CLIENT_ADDRESS = "client.address";
    var ATTR_CLIENT_PORT = "client.port";
    var ATTR_CODE_COLUMN_NUMBER = "code.column.number";
    var ATTR_CODE_FILE_PATH = "code.file.path";
    var ATTR_CODE_FUNCTION_NAME = "code.function.name";
    var ATTR_CODE_LINE_NUMBER = "code.line.number";
    var ATTR_CODE_STACKTRACE = "code.stacktrace";
    var ATTR_CONTAINER_ID = "container.id";
    var ATTR_CONTAINER_IMAGE_NAME = "container.image.name";
    var ATTR_CONTAINER_IMAGE_REPO_DIGESTS = "container.image.repo_digests";
    var ATTR_CONTAINER_IMAGE_TAGS = "container.image.tags";
    var ATTR_DB_COLLECTION_NAME = "db.collection.name";
    var ATTR_DB_NAMESPACE = "db.namespace";
    var ATTR_DB_OPERATION_BATCH_SIZE = "db.operation.batch.size";
    var ATTR_DB_OPERATION_NAME = "db.operation.name";
    var ATTR_DB_QUERY_SUMMARY = "db.query.summary";
    var ATTR_DB_QUERY_TEXT = "db.query.text";
    var ATTR_DB_RESPONSE_STATUS_CODE = "db.response.status_code";
    var ATTR_DB_STORED_PROCEDURE_NAME = "db.stored_procedure.name";
    var ATTR_DB_SYSTEM_NAME = "db.system.name";
    var DB_SYSTEM_NAME_VALUE_MARIADB = "mariadb";
    var DB_SYSTEM_NAME_VALUE_MICROSOFT_SQL_SERVER = "microsoft.sql_server";
    var DB_SYSTEM_NAME_VALUE_MYSQL = "mysql";
    var DB_SYSTEM_NAME_VALUE_POSTGRESQL = "postgresql";
    var ATTR_DEPLOYMENT_ENVIRONMENT_NAME = "deployment.environment.name";
    var DEPLOYMENT_ENVIRONMENT_NAME_VALUE_DEVELOPMENT = "development";
    var DEPLOYMENT_ENVIRONMENT_NAME_VALUE_PRODUCTION = "production";
    var DEPLOYMENT_ENVIRONMENT_NAME_VALUE_STAGING = "staging";
    var DEPLOYMENT_ENVIRONMENT_NAME_VALUE_TEST = "test";
    var ATTR_DOTNET_GC_HEAP_GENERATION = "dotnet.gc.heap.generation";
    var DOTNET_GC_HEAP_GENERATION_VALUE_GEN0 = "gen0";
    var DOTNET_GC_HEAP_GENERATION_VALUE_GEN1 = "gen1";
    var DOTNET_GC_HEAP_GENERATION_VALUE_GEN2 = "gen2";
    var DOTNET_GC_HEAP_GENERATION_VALUE_LOH = "loh";
    var DOTNET_GC_HEAP_GENERATION_VALUE_POH = "poh";
    var ATTR_ERROR_TYPE = "error.type";
    var ERROR_TYPE_VALUE_OTHER = "_OTHER";
    var ATTR_EXCEPTION_ESCAPED = "exception.escaped";
    var ATTR_EXCEPTION_MESSAGE = "exception.message";
    var ATTR_EXCEPTION_STACKTRACE = "exception.stacktrace";
    var ATTR_EXCEPTION_TYPE = "exception.type";
    var ATTR_HTTP_REQUEST_HEADER = (key) => `http.request.header.${key}`;
    var ATTR_HTTP_REQUEST_METHOD = "http.request.method";
    var HTTP_REQUEST_METHOD_VALUE_OTHER = "_OTHER";
    var HTTP_REQUEST_METHOD_VALUE_CONNECT = "CONNECT";
    var HTTP_REQUEST_METHOD_VALUE_DELETE = "DELETE";
    var HTTP_REQUEST_METHOD_VALUE_GET = "GET";
    var HTTP_REQUEST_METHOD_VALUE_HEAD = "HEAD";
    var HTTP_REQUEST_METHOD_VALUE_OPTIONS = "OPTIONS";
    var HTTP_REQUEST_METHOD_VALUE_PATCH = "PATCH";
    var HTTP_REQUEST_METHOD_VALUE_POST = "POST";
    var HTTP_REQUEST_METHOD_VALUE_PUT = "PUT";
    var HTTP_REQUEST_METHOD_VALUE_TRACE = "TRACE";
    var ATTR_HTTP_REQUEST_METHOD_ORIGINAL = "http.request.method_original";
    var ATTR_HTTP_REQUEST_RESEND_COUNT = "http.request.resend_count";
    var ATTR_HTTP_RESPONSE_HEADER = (key) => `http.response.header.${key}`;
    var ATTR_HTTP_RESPONSE_STATUS_CODE = "http.response.status_code";
    var ATTR_HTTP_ROUTE = "http.route";
    var ATTR_JVM_GC_ACTION = "jvm.gc.action";
    var ATTR_JVM_GC_NAME = "jvm.gc.name";
    var ATTR_JVM_MEMORY_POOL_NAME = "jvm.memory.pool.name";
    var ATTR_JVM_MEMORY_TYPE = "jvm.memory.type";
    var JVM_MEMORY_TYPE_VALUE_HEAP = "heap";
    var JVM_MEMORY_TYPE_VALUE_NON_HEAP = "non_heap";
    var ATTR_JVM_THREAD_DAEMON = "jvm.thread.daemon";
    var ATTR_JVM_THREAD_STATE = "jvm.thread.state";
    var JVM_THREAD_STATE_VALUE_BLOCKED = "blocked";
    var JVM_THREAD_STATE_VALUE_NEW = "new";
    var JVM_THREAD_STATE_VALUE_RUNNABLE = "runnable";
    var JVM_THREAD_STATE_VALUE_TERMINATED = "terminated";
    var JVM_THREAD_STATE_VALUE_TIMED_WAITING = "timed_waiting";
    var JVM_THREAD_STATE_VALUE_WAITING = "waiting";
    var ATTR_K8S_CLUSTER_NAME = "k8s.cluster.name";
    var ATTR_K8S_CLUSTER_UID = "k8s.cluster.uid";
    var ATTR_K8S_CONTAINER_NAME = "k8s.container.name";
    var ATTR_K8S_CONTAINER_RESTART_COUNT = "k8s.container.restart_count";
    var ATTR_K8S_CRONJOB_ANNOTATION = (key) => `k8s.cronjob.annotation.${key}`;
    var ATTR_K8S_CRONJOB_LABEL = (key) => `k8s.cronjob.label.${key}`;
    var ATTR_K8S_CRONJOB_NAME = "k8s.cronjob.name";
    var ATTR_K8S_CRONJOB_UID = "k8s.cronjob.uid";
    var ATTR_K8S_DAEMONSET_ANNOTATION = (key) => `k8s.daemonset.annotation.${key}`;
    var ATTR_K8S_DAEMONSET_LABEL = (key) => `k8s.daemonset.label.${key}`;
    var ATTR_K8S_DAEMONSET_NAME = "k8s.daemonset.name";
    var ATTR_K8S_DAEMONSET_UID = "k8s.daemonset.uid";
    var ATTR_K8S_DEPLOYMENT_ANNOTATION = (key) => `k8s.deployment.annotation.${key}`;
    var ATTR_K8S_DEPLOYMENT_LABEL = (key) => `k8s.deployment.label.${key}`;
    var ATTR_K8S_DEPLOYMENT_NAME = "k8s.deployment.name";
    var ATTR_K8S_DEPLOYMENT_UID = "k8s.deployment.uid";
    var ATTR_K8S_JOB_ANNOTATION = (key) => `k8s.job.annotation.${key}`;
    var ATTR_K8S_JOB_LABEL = (key) => `k8s.job.label.${key}`;
    var ATTR_K8S_JOB_NAME = "k8s.job.name";
    var ATTR_K8S_JOB_UID = "k8s.job.uid";
    var ATTR_K8S_NAMESPACE_ANNOTATION = (key) => `k8s.namespace.annotation.${key}`;
    var ATTR_K8S_NAMESPACE_LABEL = (key) => `k8s.namespace.label.${key}`;
    var ATTR_K8S_NAMESPACE_NAME = "k8s.namespace.name";
    var ATTR_K8S_NODE_ANNOTATION = (key) => `k8s.node.annotation.${key}`;
    var ATTR_K8S_NODE_LABEL = (key) => `k8s.node.label.${key}`;
    var ATTR_K8S_NODE_NAME = "k8s.node.name";
    var ATTR_K8S_NODE_UID = "k8s.node.uid";
    var ATTR_K8S_POD_ANNOTATION = (key) => `k8s.pod.annotation.${key}`;
    var ATTR_K8S_POD_HOSTNAME = "k8s.pod.hostname";
    var ATTR_K8S_POD_IP = "k8s.pod.ip";
    var ATTR_K8S_POD_LABEL = (key) => `k8s.pod.label.${key}`;
    var ATTR_K8S_POD_NAME = "k8s.pod.name";
    var ATTR_K8S_POD_START_TIME = "k8s.pod.start_time";
    var ATTR_K8S_POD_UID = "k8s.pod.uid";
    var ATTR_K8S_REPLICASET_ANNOTATION = (key) => `k8s.replicaset.annotation.${key}`;
    var ATTR_K8S_REPLICASET_LABEL = (key) => `k8s.replicaset.label.${key}`;
    var ATTR_K8S_REPLICASET_NAME = "k8s.replicaset.name";
    var ATTR_K8S_REPLICASET_UID = "k8s.replicaset.uid";
    var ATTR_K8S_STATEFULSET_ANNOTATION = (key) => `k8s.statefulset.annotation.${key}`;
    var ATTR_K8S_STATEFULSET_LABEL = (key) => `k8s.statefulset.label.${key}`;
    var ATTR_K8S_STATEFULSET_NAME = "k8s.statefulset.name";
    var ATTR_K8S_STATEFULSET_UID = "k8s.statefulset.uid";
    var ATTR_NETWORK_LOCAL_ADDRESS = "network.local.address";
    var ATTR_NETWORK_LOCAL_PORT = "network.local.port";
    var ATTR_NETWORK_PEER_ADDRESS = "network.peer.address";
    var ATTR_NETWORK_PEER_PORT = "network.peer.port";
    var ATTR_NETWORK_PROTOCOL_NAME = "network.protocol.name";
    var ATTR_NETWORK_PROTOCOL_VERSION = "network.protocol.version";
    var ATTR_NETWORK_TRANSPORT = "network.transport";
    var NETWORK_TRANSPORT_VALUE_PIPE = "pipe";
    var NETWORK_TRANSPORT_VALUE_QUIC = "quic";
    var NETWORK_TRANSPORT_VALUE_TCP = "tcp";
    var NETWORK_TRANSPORT_VALUE_UDP = "udp";
    var NETWORK_TRANSPORT_VALUE_UNIX = "unix";
    var ATTR_NETWORK_TYPE = "network.type";
    var NETWORK_TYPE_VALUE_IPV4 = "ipv4";
    var NETWORK_TYPE_VALUE_IPV6 = "ipv6";
    var ATTR_OTEL_EVENT_NAME = "otel.event.name";
    var ATTR_OTEL_SCOPE_NAME = "otel.scope.name";
    var ATTR_OTEL_SCOPE_VERSION = "otel.scope.version";
    var ATTR_OTEL_STATUS_CODE = "otel.status_code";
    var OTEL_STATUS_CODE_VALUE_ERROR = "ERROR";
    var OTEL_STATUS_CODE_VALUE_OK = "OK";
    var ATTR_OTEL_STATUS_DESCRIPTION = "otel.status_description";
    var ATTR_RPC_METHOD = "rpc.method";
    var ATTR_RPC_METHOD_ORIGINAL = "rpc.method_original";
    var ATTR_RPC_STATUS_CODE = "rpc.status_code";
    var ATTR_RPC_SYSTEM_NAME = "rpc.system.name";
    var RPC_SYSTEM_NAME_VALUE_DUBBO = "dubbo";
    var RPC_SYSTEM_NAME_VALUE_GRPC = "grpc";
    var ATTR_SERVER_ADDRESS = "server.address";
    var ATTR_SERVER_PORT = "server.port";
    var ATTR_SERVICE_INSTANCE_ID = "service.instance.id";
    var ATTR_SERVICE_NAME = "service.name";
    var ATTR_SERVICE_NAMESPACE = "service.namespace";
    var ATTR_SERVICE_VERSION = "service.version";
    var ATTR_SIGNALR_CONNECTION_STATUS = "signalr.connection.status";
    var SIGNALR_CONNECTION_STATUS_VALUE_APP_SHUTDOWN = "app_shutdown";
    var SIGNALR_CONNECTION_STATUS_VALUE_NORMAL_CLOSURE = "normal_closure";
    var SIGNALR_CONNECTION_STATUS_VALUE_TIMEOUT = "timeout";
    var ATTR_SIGNALR_TRANSPORT = "signalr.transport";
    var SIGNALR_TRANSPORT_VALUE_LONG_POLLING = "long_polling";
    var SIGNALR_TRANSPORT_VALUE_SERVER_SENT_EVENTS = "server_sent_events";
    var SIGNALR_TRANSPORT_VALUE_WEB_SOCKETS = "web_sockets";
    var ATTR_TELEMETRY_DISTRO_NAME = "telemetry.distro.name";
    var ATTR_TELEMETRY_DISTRO_VERSION = "telemetry.distro.version";
    var ATTR_TELEMETRY_SDK_LANGUAGE = "telemetry.sdk.language";
    var TELEMETRY_SDK_LANGUAGE_VALUE_CPP = "cpp";
    var TELEMETRY_SDK_LANGUAGE_VALUE_DOTNET = "dotnet";
    var TELEMETRY_SDK_LANGUAGE_VALUE_ERLANG = "erlang";
    var TELEMETRY_SDK_LANGUAGE_VALUE_GO = "go";
    var TELEMETRY_SDK_LANGUAGE_VALUE_JAVA = "java";
    var TELEMETRY_SDK_LANGUAGE_VALUE_KOTLIN = "kotlin";
    var TELEMETRY_SDK_LANGUAGE_VALUE_NODEJS = "nodejs";
    var TELEMETRY_SDK_LANGUAGE_VALUE_PHP = "php";
    var TELEMETRY_SDK_LANGUAGE_VALUE_PYTHON = "python";
    var TELEMETRY_SDK_LANGUAGE_VALUE_RUBY = "ruby";
    var TELEMETRY_SDK_LANGUAGE_VALUE_RUST = "rust";
    var TELEMETRY_SDK_LANGUAGE_VALUE_SWIFT = "swift";
    var TELEMETRY_SDK_LANGUAGE_VALUE_WEBJS = "webjs";
    var ATTR_TELEMETRY_SDK_NAME = "telemetry.sdk.name";
    var ATTR_TELEMETRY_SDK_VERSION = "telemetry.sdk.version";
    var ATTR_URL_FRAGMENT = "url.fragment";
    var ATTR_URL_FULL = "url.full";
    var ATTR_URL_PATH = "url.path";
    var ATTR_URL_QUERY = "url.query";
    var ATTR_URL_SCHEME = "url.scheme";
    var ATTR_USER_AGENT_ORIGINAL = "user_agent.original";
    exports.ASPNETCORE_DIAGNOSTICS_EXCEPTION_RESULT_VALUE_ABORTED = ASPNETCORE_DIAGNOSTICS_EXCEPTION_RESULT_VALUE_ABORTED;
    exports.ASPNETCORE_DIAGNOSTICS_EXCEPTION_RESULT_VALUE_HANDLED = ASPNETCORE_DIAGNOSTICS_EXCEPTION_RESULT_VALUE_HANDLED;
    exports.ASPNETCORE_DIAGNOSTICS_EXCEPTION_RESULT_VALUE_SKIPPED = ASPNETCORE_DIAGNOSTICS_EXCEPTION_RESULT_VALUE_SKIPPED;
    exports.ASPNETCORE_DIAGNOSTICS_EXCEPTION_RESULT_VALUE_UNHANDLED = ASPNETCORE_DIAGNOSTICS_EXCEPTION_RESULT_VALUE_UNHANDLED;
    exports.ASPNETCORE_RATE_LIMITING_RESULT_VALUE_ACQUIRED = ASPNETCORE_RATE_LIMITING_RESULT_VALUE_ACQUIRED;
    exports.ASPNETCORE_RATE_LIMITING_RESULT_VALUE_ENDPOINT_LIMITER = ASPNETCORE_RATE_LIMITING_RESULT_VALUE_ENDPOINT_LIMITER;
    exports.ASPNETCORE_RATE_LIMITING_RESULT_VALUE_GLOBAL_LIMITER = ASPNETCORE_RATE_LIMITING_RESULT_VALUE_GLOBAL_LIMITER;
    exports.ASPNETCORE_RATE_LIMITING_RESULT_VALUE_REQUEST_CANCELED = ASPNETCORE_RATE_LIMITING_RESULT_VALUE_REQUEST_CANCELED;
    exports.ASPNETCORE_ROUTING_MATCH_STATUS_VALUE_FAILURE = ASPNETCORE_ROUTING_MATCH_STATUS_VALUE_FAILURE;
    exports.ASPNETCORE_ROUTING_MATCH_STATUS_VALUE_SUCCESS = ASPNETCORE_ROUTING_MATCH_STATUS_VALUE_SUCCESS;
    exports.ATTR_ASPNETCORE_DIAGNOSTICS_EXCEPTION_RESULT = ATTR_ASPNETCORE_DIAGNOSTICS_EXCEPTION_RESULT;
    exports.ATTR_ASPNETCORE_DIAGNOSTICS_HANDLER_TYPE = ATTR_ASPNETCORE_DIAGNOSTICS_HANDLER_TYPE;
    exports.ATTR_ASPNETCORE_RATE_LIMITING_POLICY = ATTR_ASPNETCORE_RATE_LIMITING_POLICY;
    exports.ATTR_ASPNETCORE_RATE_LIMITING_RESULT = ATTR_ASPNETCORE_RATE_LIMITING_RESULT;
    exports.ATTR_ASPNETCORE_REQUEST_IS_UNHANDLED = ATTR_ASPNETCORE_REQUEST_IS_UNHANDLED;
    exports.ATTR_ASPNETCORE_ROUTING_IS_FALLBACK = ATTR_ASPNETCORE_ROUTING_IS_FALLBACK;
    exports.ATTR_ASPNETCORE_ROUTING_MATCH_STATUS = ATTR_ASPNETCORE_ROUTING_MATCH_STATUS;
    exports.ATTR_ASPNETCORE_USER_IS_AUTHENTICATED = ATTR_ASPNETCORE_USER_IS_AUTHENTICATED;
    exports.ATTR_CLIENT_ADDRESS = ATTR_CLIENT_ADDRESS;
    exports.ATTR_CLIENT_PORT = ATTR_CLIENT_PORT;
    exports.ATTR_CODE_COLUMN_NUMBER = ATTR_CODE_COLUMN_NUMBER;
    exports.ATTR_CODE_FILE_PATH = ATTR_CODE_FILE_PATH;
    exports.ATTR_CODE_FUNCTION_NAME = ATTR_CODE_FUNCTION_NAME;
    exports.ATTR_CODE_LINE_NUMBER = ATTR_CODE_LINE_NUMBER;
    exports.ATTR_CODE_STACKTRACE = ATTR_CODE_STACKTRACE;
    exports.ATTR_CONTAINER_ID = ATTR_CONTAINER_ID;
    exports.ATTR_CONTAINER_IMAGE_NAME = ATTR_CONTAINER_IMAGE_NAME;
    exports.ATTR_CONTAINER_IMAGE_REPO_DIGESTS = ATTR_CONTAINER_IMAGE_REPO_DIGESTS;
    exports.ATTR_CONTAINER_IMAGE_TAGS = ATTR_CONTAINER_IMAGE_TAGS;
    exports.ATTR_DB_COLLECTION_NAME = ATTR_DB_COLLECTION_NAME;
    exports.ATTR_DB_NAMESPACE = ATTR_DB_NAMESPACE;
    exports.ATTR_DB_OPERATION_BATCH_SIZE = ATTR_DB_OPERATION_BATCH_SIZE;
    exports.ATTR_DB_OPERATION_NAME = ATTR_DB_OPERATION_NAME;
    exports.ATTR_DB_QUERY_SUMMARY = ATTR_DB_QUERY_SUMMARY;
    exports.ATTR_DB_QUERY_TEXT = ATTR_DB_QUERY_TEXT;
    exports.ATTR_DB_RESPONSE_STATUS_CODE = ATTR_DB_RESPONSE_STATUS_CODE;
    exports.ATTR_DB_STORED_PROCEDURE_NAME = ATTR_DB_STORED_PROCEDURE_NAME;
    exports.ATTR_DB_SYSTEM_NAME = ATTR_DB_SYSTEM_NAME;
    exports.ATTR_DEPLOYMENT_ENVIRONMENT_NAME = ATTR_DEPLOYMENT_ENVIRONMENT_NAME;
    exports.ATTR_DOTNET_GC_HEAP_GENERATION = ATTR_DOTNET_GC_HEAP_GENERATION;
    exports.ATTR_ERROR_TYPE = ATTR_ERROR_TYPE;
    exports.ATTR_EXCEPTION_ESCAPED = ATTR_EXCEPTION_ESCAPED;
    exports.ATTR_EXCEPTION_MESSAGE = ATTR_EXCEPTION_MESSAGE;
    exports.ATTR_EXCEPTION_STACKTRACE = ATTR_EXCEPTION_STACKTRACE;
    exports.ATTR_EXCEPTION_TYPE = ATTR_EXCEPTION_TYPE;
    exports.ATTR_HTTP_REQUEST_HEADER = ATTR_HTTP_REQUEST_HEADER;
    exports.ATTR_HTTP_REQUEST_METHOD = ATTR_HTTP_REQUEST_METHOD;
    exports.ATTR_HTTP_REQUEST_METHOD_ORIGINAL = ATTR_HTTP_REQUEST_METHOD_ORIGINAL;
    exports.ATTR_HTTP_REQUEST_RESEND_COUNT = ATTR_HTTP_REQUEST_RESEND_COUNT;
    exports.ATTR_HTTP_RESPONSE_HEADER = ATTR_HTTP_RESPONSE_HEADER;
    exports.ATTR_HTTP_RESPONSE_STATUS_CODE = ATTR_HTTP_RESPONSE_STATUS_CODE;
    exports.ATTR_HTTP_ROUTE = ATTR_HTTP_ROUTE;
    exports.ATTR_JVM_GC_ACTION = ATTR_JVM_GC_ACTION;
    exports.ATTR_JVM_GC_NAME = ATTR_JVM_GC_NAME;
    exports.ATTR_JVM_MEMORY_POOL_NAME = ATTR_JVM_MEMORY_POOL_NAME;
    exports.ATTR_JVM_MEMORY_TYPE = ATTR_JVM_MEMORY_TYPE;
    exports.ATTR_JVM_THREAD_DAEMON = ATTR_JVM_THREAD_DAEMON;
    exports.ATTR_JVM_THREAD_STATE = ATTR_JVM_THREAD_STATE;
    exports.ATTR_K8S_CLUSTER_NAME = ATTR_K8S_CLUSTER_NAME;
    exports.ATTR_K8S_CLUSTER_UID = ATTR_K8S_CLUSTER_UID;
    exports.ATTR_K8S_CONTAINER_NAME = ATTR_K8S_CONTAINER_NAME;
    exports.ATTR_K8S_CONTAINER_RESTART_COUNT = ATTR_K8S_CONTAINER_RESTART_COUNT;
    exports.ATTR_K8S_CRONJOB_ANNOTATION = ATTR_K8S_CRONJOB_ANNOTATION;
    exports.ATTR_K8S_CRONJOB_LABEL = ATTR_K8S_CRONJOB_LABEL;
    exports.ATTR_K8S_CRONJOB_NAME = ATTR_K8S_CRONJOB_NAME;
    exports.ATTR_K8S_CRONJOB_UID = ATTR_K8S_CRONJOB_UID;
    exports.ATTR_K8S_DAEMONSET_ANNOTATION = ATTR_K8S_DAEMONSET_ANNOTATION;
    exports.ATTR_K8S_DAEMONSET_LABEL = ATTR_K8S_DAEMONSET_LABEL;
    exports.ATTR_K8S_DAEMONSET_NAME = ATTR_K8S_DAEMONSET_NAME;
    exports.ATTR_K8S_DAEMONSET_UID = ATTR_K8S_DAEMONSET_UID;
    exports.ATTR_K8S_DEPLOYMENT_ANNOTATION = ATTR_K8S_DEPLOYMENT_ANNOTATION;
    exports.ATTR_K8S_DEPLOYMENT_LABEL = ATTR_K8S_DEPLOYMENT_LABEL;
    exports.ATTR_K8S_DEPLOYMENT_NAME = ATTR_K8S_DEPLOYMENT_NAME;
    exports.ATTR_K8S_DEPLOYMENT_UID = ATTR_K8S_DEPLOYMENT_UID;
    exports.ATTR_K8S_JOB_ANNOTATION = ATTR_K8S_JOB_ANNOTATION;
    exports.ATTR_K8S_JOB_LABEL = ATTR_K8S_JOB_LABEL;
    exports.ATTR_K8S_JOB_NAME = ATTR_K8S_JOB_NAME;
    exports.ATTR_K8S_JOB_UID = ATTR_K8S_JOB_UID;
    exports.ATTR_K8S_NAMESPACE_ANNOTATION = ATTR_K8S_NAMESPACE_ANNOTATION;
    exports.ATTR_K8S_NAMESPACE_LABEL = ATTR_K8S_NAMESPACE_LABEL;
    exports.ATTR_K8S_NAMESPACE_NAME = ATTR_K8S_NAMESPACE_NAME;
    exports.ATTR_K8S_NODE_ANNOTATION = ATTR_K8S_NODE_ANNOTATION;
    exports.ATTR_K8S_NODE_LABEL = ATTR_K8S_NODE_LABEL;
    exports.ATTR_K8S_NODE_NAME = ATTR_K8S_NODE_NAME;
    exports.ATTR_K8S_NODE_UID = ATTR_K8S_NODE_UID;
    exports.ATTR_K8S_POD_ANNOTATION = ATTR_K8S_POD_ANNOTATION;
    exports.ATTR_K8S_POD_HOSTNAME = ATTR_K8S_POD_HOSTNAME;
    exports.ATTR_K8S_POD_IP = ATTR_K8S_POD_IP;
    exports.ATTR_K8S_POD_LABEL = ATTR_K8S_POD_LABEL;
    exports.ATTR_K8S_POD_NAME = ATTR_K8S_POD_NAME;
    exports.ATTR_K8S_POD_START_TIME = ATTR_K8S_POD_START_TIME;
    exports.ATTR_K8S_POD_UID = ATTR_K8S_POD_UID;
    exports.ATTR_K8S_REPLICASET_ANNOTATION = ATTR_K8S_REPLICASET_ANNOTATION;
    exports.ATTR_K8S_REPLICASET_LABEL = ATTR_K8S_REPLICASET_LABEL;
    exports.ATTR_K8S_REPLICASET_NAME = ATTR_K8S_REPLICASET_NAME;
    exports.ATTR_K8S_REPLICASET_UID = ATTR_K8S_REPLICASET_UID;
    exports.ATTR_K8S_STATEFULSET_ANNOTATION = ATTR_K8S_STATEFULSET_ANNOTATION;
    exports.ATTR_K8S_STATEFULSET_LABEL = ATTR_K8S_STATEFULSET_LABEL;
    exports.ATTR_K8S_STATEFULSET_NAME = ATTR_K8S_STATEFULSET_NAME;
    exports.ATTR_K8S_STATEFULSET_UID = ATTR_K8S_STATEFULSET_UID;
    exports.ATTR_NETWORK_LOCAL_ADDRESS = ATTR_NETWORK_LOCAL_ADDRESS;
    exports.ATTR_NETWORK_LOCAL_PORT = ATTR_NETWORK_LOCAL_PORT;
    exports.ATTR_NETWORK_PEER_ADDRESS = ATTR_NETWORK_PEER_ADDRESS;
    exports.ATTR_NETWORK_PEER_PORT = ATTR_NETWORK_PEER_PORT;
    exports.ATTR_NETWORK_PROTOCOL_NAME = ATTR_NETWORK_PROTOCOL_NAME;
    exports.ATTR_NETWORK_PROTOCOL_VERSION = ATTR_NETWORK_PROTOCOL_VERSION;
    exports.ATTR_NETWORK_TRANSPORT = ATTR_NETWORK_TRANSPORT;
    exports.ATTR_NETWORK_TYPE = ATTR_NETWORK_TYPE;
    exports.ATTR_OTEL_EVENT_NAME = ATTR_OTEL_EVENT_NAME;
    exports.ATTR_OTEL_SCOPE_NAME = ATTR_OTEL_SCOPE_NAME;
    exports.ATTR_OTEL_SCOPE_VERSION = ATTR_OTEL_SCOPE_VERSION;
    exports.ATTR_OTEL_STATUS_CODE = ATTR_OTEL_STATUS_CODE;
    exports.ATTR_OTEL_STATUS_DESCRIPTION = ATTR_OTEL_STATUS_DESCRIPTION;
    exports.ATTR_RPC_METHOD = ATTR_RPC_METHOD;
    exports.ATTR_RPC_METHOD_ORIGINAL = ATTR_RPC_METHOD_ORIGINAL;
    exports.ATTR_RPC_STATUS_CODE = ATTR_RPC_STATUS_CODE;
    exports.ATTR_RPC_SYSTEM_NAME = ATTR_RPC_SYSTEM_NAME;
    exports.ATTR_SERVER_ADDRESS = ATTR_SERVER_ADDRESS;
    exports.ATTR_SERVER_PORT = ATTR_SERVER_PORT;
    exports.ATTR_SERVICE_INSTANCE_ID = ATTR_SERVICE_INSTANCE_ID;
    exports.ATTR_SERVICE_NAME = ATTR_SERVICE_NAME;
    exports.ATTR_SERVICE_NAMESPACE = ATTR_SERVICE_NAMESPACE;
    exports.ATTR_SERVICE_VERSION = ATTR_SERVICE_VERSION;
    exports.ATTR_SIGNALR_CONNECTION_STATUS = ATTR_SIGNALR_CONNECTION_STATUS;
    exports.ATTR_SIGNALR_TRANSPORT = ATTR_SIGNALR_TRANSPORT;
    exports.ATTR_TELEMETRY_DISTRO_NAME = ATTR_TELEMETRY_DISTRO_NAME;
    exports.ATTR_TELEMETRY_DISTRO_VERSION = ATTR_TELEMETRY_DISTRO_VERSION;
    exports.ATTR_TELEMETRY_SDK_LANGUAGE = ATTR_TELEMETRY_SDK_LANGUAGE;
    exports.ATTR_TELEMETRY_SDK_NAME = ATTR_TELEMETRY_SDK_NAME;
    exports.ATTR_TELEMETRY_SDK_VERSION = ATTR_TELEMETRY_SDK_VERSION;
    exports.ATTR_URL_FRAGMENT = ATTR_URL_FRAGMENT;
    exports.ATTR_URL_FULL = ATTR_URL_FULL;
    exports.ATTR_URL_PATH = ATTR_URL_PATH;
    exports.ATTR_URL_QUERY = ATTR_URL_QUERY;
    exports.ATTR_URL_SCHEME = ATTR_URL_SCHEME;
    exports.ATTR_USER_AGENT_ORIGINAL = ATTR_USER_AGENT_ORIGINAL;
    exports.DB_SYSTEM_NAME_VALUE_MARIADB = DB_SYSTEM_NAME_VALUE_MARIADB;
    exports.DB_SYSTEM_NAME_VALUE_MICROSOFT_SQL_SERVER = DB_SYSTEM_NAME_VALUE_MICROSOFT_SQL_SERVER;
    exports.DB_SYSTEM_NAME_VALUE_MYSQL = DB_SYSTEM_NAME_VALUE_MYSQL;
    exports.DB_SYSTEM_NAME_VALUE_POSTGRESQL = DB_SYSTEM_NAME_VALUE_POSTGRESQL;
    exports.DEPLOYMENT_ENVIRONMENT_NAME_VALUE_DEVELOPMENT = DEPLOYMENT_ENVIRONMENT_NAME_VALUE_DEVELOPMENT;
    exports.DEPLOYMENT_ENVIRONMENT_NAME_VALUE_PRODUCTION = DEPLOYMENT_ENVIRONMENT_NAME_VALUE_PRODUCTION;
    exports.DEPLOYMENT_ENVIRONMENT_NAME_VALUE_STAGING = DEPLOYMENT_ENVIRONMENT_NAME_VALUE_STAGING;
    exports.DEPLOYMENT_ENVIRONMENT_NAME_VALUE_TEST = DEPLOYMENT_ENVIRONMENT_NAME_VALUE_TEST;
    exports.DOTNET_GC_HEAP_GENERATION_VALUE_GEN0 = DOTNET_GC_HEAP_GENERATION_VALUE_GEN0;
    exports.DOTNET_GC_HEAP_GENERATION_VALUE_GEN1 = DOTNET_GC_HEAP_GENERATION_VALUE_GEN1;
    exports.DOTNET_GC_HEAP_GENERATION_VALUE_GEN2 = DOTNET_GC_HEAP_GENERATION_VALUE_GEN2;
    exports.DOTNET_GC_HEAP_GENERATION_VALUE_LOH = DOTNET_GC_HEAP_GENERATION_VALUE_LOH;
    exports.DOTNET_GC_HEAP_GENERATION_VALUE_POH = DOTNET_GC_HEAP_GENERATION_VALUE_POH;
    exports.ERROR_TYPE_VALUE_OTHER = ERROR_TYPE_VALUE_OTHER;
    exports.HTTP_REQUEST_METHOD_VALUE_CONNECT = HTTP_REQUEST_METHOD_VALUE_CONNECT;
    exports.HTTP_REQUEST_METHOD_VALUE_DELETE = HTTP_REQUEST_METHOD_VALUE_DELETE;
    exports.HTTP_REQUEST_METHOD_VALUE_GET = HTTP_REQUEST_METHOD_VALUE_GET;
    exports.HTTP_REQUEST_METHOD_VALUE_HEAD = HTTP_REQUEST_METHOD_VALUE_HEAD;
    exports.HTTP_REQUEST_METHOD_VALUE_OPTIONS = HTTP_REQUEST_METHOD_VALUE_OPTIONS;
    exports.HTTP_REQUEST_METHOD_VALUE_OTHER = HTTP_REQUEST_METHOD_VALUE_OTHER;
    exports.HTTP_REQUEST_METHOD_VALUE_PATCH = HTTP_REQUEST_METHOD_VALUE_PATCH;
    exports.HTTP_REQUEST_METHOD_VALUE_POST = HTTP_REQUEST_METHOD_VALUE_POST;
    exports.HTTP_REQUEST_METHOD_VALUE_PUT = HTTP_REQUEST_METHOD_VALUE_PUT;
    exports.HTTP_REQUEST_METHOD_VALUE_TRACE = HTTP_REQUEST_METHOD_VALUE_TRACE;
    exports.JVM_MEMORY_TYPE_VALUE_HEAP = JVM_MEMORY_TYPE_VALUE_HEAP;
    exports.JVM_MEMORY_TYPE_VALUE_NON_HEAP = JVM_MEMORY_TYPE_VALUE_NON_HEAP;
    exports.JVM_THREAD_STATE_VALUE_BLOCKED = JVM_THREAD_STATE_VALUE_BLOCKED;
    exports.JVM_THREAD_STATE_VALUE_NEW = JVM_THREAD_STATE_VALUE_NEW;
    exports.JVM_THREAD_STATE_VALUE_RUNNABLE = JVM_THREAD_STATE_VALUE_RUNNABLE;
    exports.JVM_THREAD_STATE_VALUE_TERMINATED = JVM_THREAD_STATE_VALUE_TERMINATED;
    exports.JVM_THREAD_STATE_VALUE_TIMED_WAITING = JVM_THREAD_STATE_VALUE_TIMED_WAITING;
    exports.JVM_THREAD_STATE_VALUE_WAITING = JVM_THREAD_STATE_VALUE_WAITING;
    exports.NETWORK_TRANSPORT_VALUE_PIPE = NETWORK_TRANSPORT_VALUE_PIPE;
    exports.NETWORK_TRANSPORT_VALUE_QUIC = NETWORK_TRANSPORT_VALUE_QUIC;
    exports.NETWORK_TRANSPORT_VALUE_TCP = NETWORK_TRANSPORT_VALUE_TCP;
    exports.NETWORK_TRANSPORT_VALUE_UDP = NETWORK_TRANSPORT_VALUE_UDP;
    exports.NETWORK_TRANSPORT_VALUE_UNIX = NETWORK_TRANSPORT_VALUE_UNIX;
    exports.NETWORK_TYPE_VALUE_IPV4 = NETWORK_TYPE_VALUE_IPV4;
    exports.NETWORK_TYPE_VALUE_IPV6 = NETWORK_TYPE_VALUE_IPV6;
    exports.OTEL_STATUS_CODE_VALUE_ERROR = OTEL_STATUS_CODE_VALUE_ERROR;
    exports.OTEL_STATUS_CODE_VALUE_OK = OTEL_STATUS_CODE_VALUE_OK;
    exports.RPC_SYSTEM_NAME_VALUE_DUBBO = RPC_SYSTEM_NAME_VALUE_DUBBO;
    exports.RPC_SYSTEM_NAME_VALUE_GRPC = RPC_SYSTEM_NAME_VALUE_GRPC;
    exports.SIGNALR_CONNECTION_STATUS_VALUE_APP_SHUTDOWN = SIGNALR_CONNECTION_STATUS_VALUE_APP_SHUTDOWN;
    exports.SIGNALR_CONNECTION_STATUS_VALUE_NORMAL_CLOSURE = SIGNALR_CONNECTION_STATUS_VALUE_NORMAL_CLOSURE;
    exports.SIGNALR_CONNECTION_STATUS_VALUE_TIMEOUT = SIGNALR_CONNECTION_STATUS_VALUE_TIMEOUT;
    exports.SIGNALR_TRANSPORT_VALUE_LONG_POLLING = SIGNALR_TRANSPORT_VALUE_LONG_POLLING;
    exports.SIGNALR_TRANSPORT_VALUE_SERVER_SENT_EVENTS = SIGNALR_TRANSPORT_VALUE_SERVER_SENT_EVENTS;
    exports.SIGNALR_TRANSPORT_VALUE_WEB_SOCKETS = SIGNALR_TRANSPORT_VALUE_WEB_SOCKETS;
    exports.TELEMETRY_SDK_LANGUAGE_VALUE_CPP = TELEMETRY_SDK_LANGUAGE_VALUE_CPP;
    exports.TELEMETRY_SDK_LANGUAGE_VALUE_DOTNET = TELEMETRY_SDK_LANGUAGE_VALUE_DOTNET;
    exports.TELEMETRY_SDK_LANGUAGE_VALUE_ERLANG = TELEMETRY_SDK_LANGUAGE_VALUE_ERLANG;
    exports.TELEMETRY_SDK_LANGUAGE_VALUE_GO = TELEMETRY_SDK_LANGUAGE_VALUE_GO;
    exports.TELEMETRY_SDK_LANGUAGE_VALUE_JAVA = TELEMETRY_SDK_LANGUAGE_VALUE_JAVA;
    exports.TELEMETRY_SDK_LANGUAGE_VALUE_KOTLIN = TELEMETRY_SDK_LANGUAGE_VALUE_KOTLIN;
    exports.TELEMETRY_SDK_LANGUAGE_VALUE_NODEJS = TELEMETRY_SDK_LANGUAGE_VALUE_NODEJS;
    exports.TELEMETRY_SDK_LANGUAGE_VALUE_PHP = TELEMETRY_SDK_LANGUAGE_VALUE_PHP;
    exports.TELEMETRY_SDK_LANGUAGE_VALUE_PYTHON = TELEMETRY_SDK_LANGUAGE_VALUE_PYTHON;
    exports.TELEMETRY_SDK_LANGUAGE_VALUE_RUBY = TELEMETRY_SDK_LANGUAGE_VALUE_RUBY;
    exports.TELEMETRY_SDK_LANGUAGE_VALUE_RUST = TELEMETRY_SDK_LANGUAGE_VALUE_RUST;
    exports.TELEMETRY_SDK_LANGUAGE_VALUE_SWIFT = TELEMETRY_SDK_LANGUAGE_VALUE_SWIFT;
    exports.TELEMETRY_SDK_LANGUAGE_VALUE_WEBJS = TELEMETRY_SDK_LANGUAGE_VALUE_WEBJS;
  }
});

// node_modules/.pnpm/@opentelemetry+semantic-conventions@1.45.0/node_modules/@opentelemetry/semantic-conventions/dist/stable_metrics.cjs
var require_stable_metrics = __commonJS({
  "node_modules/.pnpm/@opentelemetry+semantic-conventions@1.45.0/node_modules/@opentelemetry/semantic-conventions/dist/stable_metrics.cjs"(exports) {
    var METRIC_ASPNETCORE_DIAGNOSTICS_EXCEPTIONS = "aspnetcore.diagnostics.exceptions";
    var METRIC_ASPNETCORE_RATE_LIMITING_ACTIVE_REQUEST_LEASES = "aspnetcore.rate_limiting.active_request_leases";
    var METRIC_ASPNETCORE_RATE_LIMITING_QUEUED_REQUESTS = "aspnetcore.rate_limiting.queued_requests";
    var METRIC_ASPNETCORE_RATE_LIMITING_REQUEST_TIME_IN_QUEUE = "aspnetcore.rate_limiting.request.time_in_queue";
    var METRIC_ASPNETCORE_RATE_LIMITING_REQUEST_LEASE_DURATION = "aspnetcore.rate_limiting.request_lease.duration";
    var METRIC_ASPNETCORE_RATE_LIMITING_REQUESTS = "aspnetcore.rate_limiting.requests";
    var METRIC_ASPNETCORE_ROUTING_MATCH_ATTEMPTS = "aspnetcore.routing.match_attempts";
    var METRIC_DB_CLIENT_OPERATION_DURATION = "db.client.operation.duration";
    var METRIC_DOTNET_ASSEMBLY_COUNT = "dotnet.assembly.count";
    var METRIC_DOTNET_EXCEPTIONS = "dotnet.exceptions";
    var METRIC_DOTNET_GC_COLLECTIONS = "dotnet.gc.collections";
    var METRIC_DOTNET_GC_HEAP_TOTAL_ALLOCATED = "dotnet.gc.heap.total_allocated";
    var METRIC_DOTNET_GC_LAST_COLLECTION_HEAP_FRAGMENTATION_SIZE = "dotnet.gc.last_collection.heap.fragmentation.size";
    var METRIC_DOTNET_GC_LAST_COLLECTION_HEAP_SIZE = "dotnet.gc.last_collection.heap.size";
    var METRIC_DOTNET_GC_LAST_COLLECTION_MEMORY_COMMITTED_SIZE = "dotnet.gc.last_collection.memory.committed_size";
    var METRIC_DOTNET_GC_PAUSE_TIME = "dotnet.gc.pause.time";
    var METRIC_DOTNET_JIT_COMPILATION_TIME = "dotnet.jit.compilation.time";
    var METRIC_DOTNET_JIT_COMPILED_IL_SIZE = "dotnet.jit.compiled_il.size";
    var METRIC_DOTNET_JIT_COMPILED_METHODS = "dotnet.jit.compiled_methods";
    var METRIC_DOTNET_MONITOR_LOCK_CONTENTIONS = "dotnet.monitor.lock_contentions";
    var METRIC_DOTNET_PROCESS_CPU_COUNT = "dotnet.process.cpu.count";
    var METRIC_DOTNET_PROCESS_CPU_TIME = "dotnet.process.cpu.time";
    var METRIC_DOTNET_PROCESS_MEMORY_WORKING_SET = "dotnet.process.memory.working_set";
    var METRIC_DOTNET_THREAD_POOL_QUEUE_LENGTH = "dotnet.thread_pool.queue.length";
    var METRIC_DOTNET_THREAD_POOL_THREAD_COUNT = "dotnet.thread_pool.thread.count";
    var METRIC_DOTNET_THREAD_POOL_WORK_ITEM_COUNT = "dotnet.thread_pool.work_item.count";
    var METRIC_DOTNET_TIMER_COUNT = "dotnet.timer.count";
    var METRIC_HTTP_CLIENT_REQUEST_DURATION = "http.client.request.duration";
    var METRIC_HTTP_SERVER_REQUEST_DURATION = "http.server.request.duration";
    var METRIC_JVM_CLASS_COUNT = "jvm.class.count";
    var METRIC_JVM_CLASS_LOADED = "jvm.class.loaded";
    var METRIC_JVM_CLASS_UNLOADED = "jvm.class.unloaded";
    var METRIC_JVM_CPU_COUNT = "jvm.cpu.count";
    var METRIC_JVM_CPU_RECENT_UTILIZATION = "jvm.cpu.recent_utilization";
    var METRIC_JVM_CPU_TIME = "jvm.cpu.time";
    var METRIC_JVM_GC_DURATION = "jvm.gc.duration";
    var METRIC_JVM_MEMORY_COMMITTED = "jvm.memory.committed";
    var METRIC_JVM_MEMORY_LIMIT = "jvm.memory.limit";
    var METRIC_JVM_MEMORY_USED = "jvm.memory.used";
    var METRIC_JVM_MEMORY_USED_AFTER_LAST_GC = "jvm.memory.used_after_last_gc";
    var METRIC_JVM_THREAD_COUNT = "jvm.thread.count";
    var METRIC_KESTREL_ACTIVE_CONNECTIONS = "kestrel.active_connections";
    var METRIC_KESTREL_ACTIVE_TLS_HANDSHAKES = "kestrel.active_tls_handshakes";
    var METRIC_KESTREL_CONNECTION_DURATION = "kestrel.connection.duration";
    var METRIC_KESTREL_QUEUED_CONNECTIONS = "kestrel.queued_connections";
    var METRIC_KESTREL_QUEUED_REQUESTS = "kestrel.queued_requests";
    var METRIC_KESTREL_REJECTED_CONNECTIONS = "kestrel.rejected_connections";
    var METRIC_KESTREL_TLS_HANDSHAKE_DURATION = "kestrel.tls_handshake.duration";
    var METRIC_KESTREL_UPGRADED_CONNECTIONS = "kestrel.upgraded_connections";
    var METRIC_RPC_CLIENT_CALL_DURATION = "rpc.client.call.duration";
    var METRIC_RPC_SERVER_CALL_DURATION = "rpc.server.call.duration";
    var METRIC_SIGNALR_SERVER_ACTIVE_CONNECTIONS = "signalr.server.active_connections";
    var METRIC_SIGNALR_SERVER_CONNECTION_DURATION = "signalr.server.connection.duration";
    exports.METRIC_ASPNETCORE_DIAGNOSTICS_EXCEPTIONS = METRIC_ASPNETCORE_DIAGNOSTICS_EXCEPTIONS;
    exports.METRIC_ASPNETCORE_RATE_LIMITING_ACTIVE_REQUEST_LEASES = METRIC_ASPNETCORE_RATE_LIMITING_ACTIVE_REQUEST_LEASES;
    exports.METRIC_ASPNETCORE_RATE_LIMITING_QUEUED_REQUESTS = METRIC_ASPNETCORE_RATE_LIMITING_QUEUED_REQUESTS;
    exports.METRIC_ASPNETCORE_RATE_LIMITING_REQUESTS = METRIC_ASPNETCORE_RATE_LIMITING_REQUESTS;
    exports.METRIC_ASPNETCORE_RATE_LIMITING_REQUEST_LEASE_DURATION = METRIC_ASPNETCORE_RATE_LIMITING_REQUEST_LEASE_DURATION;
    exports.METRIC_ASPNETCORE_RATE_LIMITING_REQUEST_TIME_IN_QUEUE = METRIC_ASPNETCORE_RATE_LIMITING_REQUEST_TIME_IN_QUEUE;
    exports.METRIC_ASPNETCORE_ROUTING_MATCH_ATTEMPTS = METRIC_ASPNETCORE_ROUTING_MATCH_ATTEMPTS;
    exports.METRIC_DB_CLIENT_OPERATION_DURATION = METRIC_DB_CLIENT_OPERATION_DURATION;
    exports.METRIC_DOTNET_ASSEMBLY_COUNT = METRIC_DOTNET_ASSEMBLY_COUNT;
    exports.METRIC_DOTNET_EXCEPTIONS = METRIC_DOTNET_EXCEPTIONS;
    exports.METRIC_DOTNET_GC_COLLECTIONS = METRIC_DOTNET_GC_COLLECTIONS;
    exports.METRIC_DOTNET_GC_HEAP_TOTAL_ALLOCATED = METRIC_DOTNET_GC_HEAP_TOTAL_ALLOCATED;
    exports.METRIC_DOTNET_GC_LAST_COLLECTION_HEAP_FRAGMENTATION_SIZE = METRIC_DOTNET_GC_LAST_COLLECTION_HEAP_FRAGMENTATION_SIZE;
    exports.METRIC_DOTNET_GC_LAST_COLLECTION_HEAP_SIZE = METRIC_DOTNET_GC_LAST_COLLECTION_HEAP_SIZE;
    exports.METRIC_DOTNET_GC_LAST_COLLECTION_MEMORY_COMMITTED_SIZE = METRIC_DOTNET_GC_LAST_COLLECTION_MEMORY_COMMITTED_SIZE;
    exports.METRIC_DOTNET_GC_PAUSE_TIME = METRIC_DOTNET_GC_PAUSE_TIME;
    exports.METRIC_DOTNET_JIT_COMPILATION_TIME = METRIC_DOTNET_JIT_COMPILATION_TIME;
    exports.METRIC_DOTNET_JIT_COMPILED_IL_SIZE = METRIC_DOTNET_JIT_COMPILED_IL_SIZE;
    exports.METRIC_DOTNET_JIT_COMPILED_METHODS = METRIC_DOTNET_JIT_COMPILED_METHODS;
    exports.METRIC_DOTNET_MONITOR_LOCK_CONTENTIONS = METRIC_DOTNET_MONITOR_LOCK_CONTENTIONS;
    exports.METRIC_DOTNET_PROCESS_CPU_COUNT = METRIC_DOTNET_PROCESS_CPU_COUNT;
    exports.METRIC_DOTNET_PROCESS_CPU_TIME = METRIC_DOTNET_PROCESS_CPU_TIME;
    exports.METRIC_DOTNET_PROCESS_MEMORY_WORKING_SET = METRIC_DOTNET_PROCESS_MEMORY_WORKING_SET;
    exports.METRIC_DOTNET_THREAD_POOL_QUEUE_LENGTH = METRIC_DOTNET_THREAD_POOL_QUEUE_LENGTH;
    exports.METRIC_DOTNET_THREAD_POOL_THREAD_COUNT = METRIC_DOTNET_THREAD_POOL_THREAD_COUNT;
    exports.METRIC_DOTNET_THREAD_POOL_WORK_ITEM_COUNT = METRIC_DOTNET_THREAD_POOL_WORK_ITEM_COUNT;
    exports.METRIC_DOTNET_TIMER_COUNT = METRIC_DOTNET_TIMER_COUNT;
    exports.METRIC_HTTP_CLIENT_REQUEST_DURATION = METRIC_HTTP_CLIENT_REQUEST_DURATION;
    exports.METRIC_HTTP_SERVER_REQUEST_DURATION = METRIC_HTTP_SERVER_REQUEST_DURATION;
    exports.METRIC_JVM_CLASS_COUNT = METRIC_JVM_CLASS_COUNT;
    exports.METRIC_JVM_CLASS_LOADED = METRIC_JVM_CLASS_LOADED;
    exports.METRIC_JVM_CLASS_UNLOADED = METRIC_JVM_CLASS_UNLOADED;
    exports.METRIC_JVM_CPU_COUNT = METRIC_JVM_CPU_COUNT;
    exports.METRIC_JVM_CPU_RECENT_UTILIZATION = METRIC_JVM_CPU_RECENT_UTILIZATION;
    exports.METRIC_JVM_CPU_TIME = METRIC_JVM_CPU_TIME;
    exports.METRIC_JVM_GC_DURATION = METRIC_JVM_GC_DURATION;
    exports.METRIC_JVM_MEMORY_COMMITTED = METRIC_JVM_MEMORY_COMMITTED;
    exports.METRIC_JVM_MEMORY_LIMIT = METRIC_JVM_MEMORY_LIMIT;
    exports.METRIC_JVM_MEMORY_USED = METRIC_JVM_MEMORY_USED;
    exports.METRIC_JVM_MEMORY_USED_AFTER_LAST_GC = METRIC_JVM_MEMORY_USED_AFTER_LAST_GC;
    exports.METRIC_JVM_THREAD_COUNT = METRIC_JVM_THREAD_COUNT;
    exports.METRIC_KESTREL_ACTIVE_CONNECTIONS = METRIC_KESTREL_ACTIVE_CONNECTIONS;
    exports.METRIC_KESTREL_ACTIVE_TLS_HANDSHAKES = METRIC_KESTREL_ACTIVE_TLS_HANDSHAKES;
    exports.METRIC_KESTREL_CONNECTION_DURATION = METRIC_KESTREL_CONNECTION_DURATION;
    exports.METRIC_KESTREL_QUEUED_CONNECTIONS = METRIC_KESTREL_QUEUED_CONNECTIONS;
    exports.METRIC_KESTREL_QUEUED_REQUESTS = METRIC_KESTREL_QUEUED_REQUESTS;
    exports.METRIC_KESTREL_REJECTED_CONNECTIONS = METRIC_KESTREL_REJECTED_CONNECTIONS;
    exports.METRIC_KESTREL_TLS_HANDSHAKE_DURATION = METRIC_KESTREL_TLS_HANDSHAKE_DURATION;
    exports.METRIC_KESTREL_UPGRADED_CONNECTIONS = METRIC_KESTREL_UPGRADED_CONNECTIONS;
    exports.METRIC_RPC_CLIENT_CALL_DURATION = METRIC_RPC_CLIENT_CALL_DURATION;
    exports.METRIC_RPC_SERVER_CALL_DURATION = METRIC_RPC_SERVER_CALL_DURATION;
    exports.METRIC_SIGNALR_SERVER_ACTIVE_CONNECTIONS = METRIC_SIGNALR_SERVER_ACTIVE_CONNECTIONS;
    exports.METRIC_SIGNALR_SERVER_CONNECTION_DURATION = METRIC_SIGNALR_SERVER_CONNECTION_DURATION;
  }
});

// node_modules/.pnpm/@opentelemetry+semantic-conventions@1.45.0/node_modules/@opentelemetry/semantic-conventions/dist/stable_events.cjs
var require_stable_events = __commonJS({
  "node_modules/.pnpm/@opentelemetry+semantic-conventions@1.45.0/node_modules/@opentelemetry/semantic-conventions/dist/stable_events.cjs"(exports) {
    var EVENT_EXCEPTION = "exception";
    exports.EVENT_EXCEPTION = EVENT_EXCEPTION;
  }
});

// node_modules/.pnpm/@opentelemetry+semantic-conventions@1.45.0/node_modules/@opentelemetry/semantic-conventions/dist/index.cjs
var require_dist = __commonJS({
  "node_modules/.pnpm/@opentelemetry+semantic-conventions@1.45.0/node_modules/@opentelemetry/semantic-conventions/dist/index.cjs"(exports) {
    Object.defineProperty(exports, Symbol.toStringTag, { value: "Module" });
    var require_SemanticAttributes2 = require_SemanticAttributes();
    var require_SemanticResourceAttributes2 = require_SemanticResourceAttributes();
    var require_stable_attributes2 = require_stable_attributes();
    var require_stable_metrics2 = require_stable_metrics();
    var require_stable_events2 = require_stable_events();
    exports.ASPNETCORE_DIAGNOSTICS_EXCEPTION_RESULT_VALUE_ABORTED = require_stable_attributes2.ASPNETCORE_DIAGNOSTICS_EXCEPTION_RESULT_VALUE_ABORTED;
    exports.ASPNETCORE_DIAGNOSTICS_EXCEPTION_RESULT_VALUE_HANDLED = require_stable_attributes2.ASPNETCORE_DIAGNOSTICS_EXCEPTION_RESULT_VALUE_HANDLED;
    exports.ASPNETCORE_DIAGNOSTICS_EXCEPTION_RESULT_VALUE_SKIPPED = require_stable_attributes2.ASPNETCORE_DIAGNOSTICS_EXCEPTION_RESULT_VALUE_SKIPPED;
    exports.ASPNETCORE_DIAGNOSTICS_EXCEPTION_RESULT_VALUE_UNHANDLED = require_stable_attributes2.ASPNETCORE_DIAGNOSTICS_EXCEPTION_RESULT_VALUE_UNHANDLED;
    exports.ASPNETCORE_RATE_LIMITING_RESULT_VALUE_ACQUIRED = require_stable_attributes2.ASPNETCORE_RATE_LIMITING_RESULT_VALUE_ACQUIRED;
    exports.ASPNETCORE_RATE_LIMITING_RESULT_VALUE_ENDPOINT_LIMITER = require_stable_attributes2.ASPNETCORE_RATE_LIMITING_RESULT_VALUE_ENDPOINT_LIMITER;
    exports.ASPNETCORE_RATE_LIMITING_RESULT_VALUE_GLOBAL_LIMITER = require_stable_attributes2.ASPNETCORE_RATE_LIMITING_RESULT_VALUE_GLOBAL_LIMITER;
    exports.ASPNETCORE_RATE_LIMITING_RESULT_VALUE_REQUEST_CANCELED = require_stable_attributes2.ASPNETCORE_RATE_LIMITING_RESULT_VALUE_REQUEST_CANCELED;
    exports.ASPNETCORE_ROUTING_MATCH_STATUS_VALUE_FAILURE = require_stable_attributes2.ASPNETCORE_ROUTING_MATCH_STATUS_VALUE_FAILURE;
    exports.ASPNETCORE_ROUTING_MATCH_STATUS_VALUE_SUCCESS = require_stable_attributes2.ASPNETCORE_ROUTING_MATCH_STATUS_VALUE_SUCCESS;
    exports.ATTR_ASPNETCORE_DIAGNOSTICS_EXCEPTION_RESULT = require_stable_attributes2.ATTR_ASPNETCORE_DIAGNOSTICS_EXCEPTION_RESULT;
    exports.ATTR_ASPNETCORE_DIAGNOSTICS_HANDLER_TYPE = require_stable_attributes2.ATTR_ASPNETCORE_DIAGNOSTICS_HANDLER_TYPE;
    exports.ATTR_ASPNETCORE_RATE_LIMITING_POLICY = require_stable_attributes2.ATTR_ASPNETCORE_RATE_LIMITING_POLICY;
    exports.ATTR_ASPNETCORE_RATE_LIMITING_RESULT = require_stable_attributes2.ATTR_ASPNETCORE_RATE_LIMITING_RESULT;
    exports.ATTR_ASPNETCORE_REQUEST_IS_UNHANDLED = require_stable_attributes2.ATTR_ASPNETCORE_REQUEST_IS_UNHANDLED;
    exports.ATTR_ASPNETCORE_ROUTING_IS_FALLBACK = require_stable_attributes2.ATTR_ASPNETCORE_ROUTING_IS_FALLBACK;
    exports.ATTR_ASPNETCORE_ROUTING_MATCH_STATUS = require_stable_attributes2.ATTR_ASPNETCORE_ROUTING_MATCH_STATUS;
    exports.ATTR_ASPNETCORE_USER_IS_AUTHENTICATED = require_stable_attributes2.ATTR_ASPNETCORE_USER_IS_AUTHENTICATED;
    exports.ATTR_CLIENT_ADDRESS = require_stable_attributes2.ATTR_CLIENT_ADDRESS;
    exports.ATTR_CLIENT_PORT = require_stable_attributes2.ATTR_CLIENT_PORT;
    exports.ATTR_CODE_COLUMN_NUMBER = require_stable_attributes2.ATTR_CODE_COLUMN_NUMBER;
    exports.ATTR_CODE_FILE_PATH = require_stable_attributes2.ATTR_CODE_FILE_PATH;
    exports.ATTR_CODE_FUNCTION_NAME = require_stable_attributes2.ATTR_CODE_FUNCTION_NAME;
    exports.ATTR_CODE_LINE_NUMBER = require_stable_attributes2.ATTR_CODE_LINE_NUMBER;
    exports.ATTR_CODE_STACKTRACE = require_stable_attributes2.ATTR_CODE_STACKTRACE;
    exports.ATTR_CONTAINER_ID = require_stable_attributes2.ATTR_CONTAINER_ID;
    exports.ATTR_CONTAINER_IMAGE_NAME = require_stable_attributes2.ATTR_CONTAINER_IMAGE_NAME;
    exports.ATTR_CONTAINER_IMAGE_REPO_DIGESTS = require_stable_attributes2.ATTR_CONTAINER_IMAGE_REPO_DIGESTS;
    exports.ATTR_CONTAINER_IMAGE_TAGS = require_stable_attributes2.ATTR_CONTAINER_IMAGE_TAGS;
    exports.ATTR_DB_COLLECTION_NAME = require_stable_attributes2.ATTR_DB_COLLECTION_NAME;
    exports.ATTR_DB_NAMESPACE = require_stable_attributes2.ATTR_DB_NAMESPACE;
    exports.ATTR_DB_OPERATION_BATCH_SIZE = require_stable_attributes2.ATTR_DB_OPERATION_BATCH_SIZE;
    exports.ATTR_DB_OPERATION_NAME = require_stable_attributes2.ATTR_DB_OPERATION_NAME;
    exports.ATTR_DB_QUERY_SUMMARY = require_stable_attributes2.ATTR_DB_QUERY_SUMMARY;
    exports.ATTR_DB_QUERY_TEXT = require_stable_attributes2.ATTR_DB_QUERY_TEXT;
    exports.ATTR_DB_RESPONSE_STATUS_CODE = require_stable_attributes2.ATTR_DB_RESPONSE_STATUS_CODE;
    exports.ATTR_DB_STORED_PROCEDURE_NAME = require_stable_attributes2.ATTR_DB_STORED_PROCEDURE_NAME;
    exports.ATTR_DB_SYSTEM_NAME = require_stable_attributes2.ATTR_DB_SYSTEM_NAME;
    exports.ATTR_DEPLOYMENT_ENVIRONMENT_NAME = require_stable_attributes2.ATTR_DEPLOYMENT_ENVIRONMENT_NAME;
    exports.ATTR_DOTNET_GC_HEAP_GENERATION = require_stable_attributes2.ATTR_DOTNET_GC_HEAP_GENERATION;
    exports.ATTR_ERROR_TYPE = require_stable_attributes2.ATTR_ERROR_TYPE;
    exports.ATTR_EXCEPTION_ESCAPED = require_stable_attributes2.ATTR_EXCEPTION_ESCAPED;
    exports.ATTR_EXCEPTION_MESSAGE = require_stable_attributes2.ATTR_EXCEPTION_MESSAGE;
    exports.ATTR_EXCEPTION_STACKTRACE = require_stable_attributes2.ATTR_EXCEPTION_STACKTRACE;
    exports.ATTR_EXCEPTION_TYPE = require_stable_attributes2.ATTR_EXCEPTION_TYPE;
    exports.ATTR_HTTP_REQUEST_HEADER = require_stable_attributes2.ATTR_HTTP_REQUEST_HEADER;
    exports.ATTR_HTTP_REQUEST_METHOD = require_stable_attributes2.ATTR_HTTP_REQUEST_METHOD;
    exports.ATTR_HTTP_REQUEST_METHOD_ORIGINAL = require_stable_attributes2.ATTR_HTTP_REQUEST_METHOD_ORIGINAL;
    exports.ATTR_HTTP_REQUEST_RESEND_COUNT = require_stable_attributes2.ATTR_HTTP_REQUEST_RESEND_COUNT;
    exports.ATTR_HTTP_RESPONSE_HEADER = require_stable_attributes2.ATTR_HTTP_RESPONSE_HEADER;
    exports.ATTR_HTTP_RESPONSE_STATUS_CODE = require_stable_attributes2.ATTR_HTTP_RESPONSE_STATUS_CODE;
    exports.ATTR_HTTP_ROUTE = require_stable_attributes2.ATTR_HTTP_ROUTE;
    exports.ATTR_JVM_GC_ACTION = require_stable_attributes2.ATTR_JVM_GC_ACTION;
    exports.ATTR_JVM_GC_NAME = require_stable_attributes2.ATTR_JVM_GC_NAME;
    exports.ATTR_JVM_MEMORY_POOL_NAME = require_stable_attributes2.ATTR_JVM_MEMORY_POOL_NAME;
    exports.ATTR_JVM_MEMORY_TYPE = require_stable_attributes2.ATTR_JVM_MEMORY_TYPE;
    exports.ATTR_JVM_THREAD_DAEMON = require_stable_attributes2.ATTR_JVM_THREAD_DAEMON;
    exports.ATTR_JVM_THREAD_STATE = require_stable_attributes2.ATTR_JVM_THREAD_STATE;
    exports.ATTR_K8S_CLUSTER_NAME = require_stable_attributes2.ATTR_K8S_CLUSTER_NAME;
    exports.ATTR_K8S_CLUSTER_UID = require_stable_attributes2.ATTR_K8S_CLUSTER_UID;
    exports.ATTR_K8S_CONTAINER_NAME = require_stable_attributes2.ATTR_K8S_CONTAINER_NAME;
    exports.ATTR_K8S_CONTAINER_RESTART_COUNT = require_stable_attributes2.ATTR_K8S_CONTAINER_RESTART_COUNT;
    exports.ATTR_K8S_CRONJOB_ANNOTATION = require_stable_attributes2.ATTR_K8S_CRONJOB_ANNOTATION;
    exports.ATTR_K8S_CRONJOB_LABEL = require_stable_attributes2.ATTR_K8S_CRONJOB_LABEL;
    exports.ATTR_K8S_CRONJOB_NAME = require_stable_attributes2.ATTR_K8S_CRONJOB_NAME;
    exports.ATTR_K8S_CRONJOB_UID = require_stable_attributes2.ATTR_K8S_CRONJOB_UID;
    exports.ATTR_K8S_DAEMONSET_ANNOTATION = require_stable_attributes2.ATTR_K8S_DAEMONSET_ANNOTATION;
    exports.ATTR_K8S_DAEMONSET_LABEL = require_stable_attributes2.ATTR_K8S_DAEMONSET_LABEL;
    exports.ATTR_K8S_DAEMONSET_NAME = require_stable_attributes2.ATTR_K8S_DAEMONSET_NAME;
    exports.ATTR_K8S_DAEMONSET_UID = require_stable_attributes2.ATTR_K8S_DAEMONSET_UID;
    exports.ATTR_K8S_DEPLOYMENT_ANNOTATION = require_stable_attributes2.ATTR_K8S_DEPLOYMENT_ANNOTATION;
    exports.ATTR_K8S_DEPLOYMENT_LABEL = require_stable_attributes2.ATTR_K8S_DEPLOYMENT_LABEL;
    exports.ATTR_K8S_DEPLOYMENT_NAME = require_stable_attributes2.ATTR_K8S_DEPLOYMENT_NAME;
    exports.ATTR_K8S_DEPLOYMENT_UID = require_stable_attributes2.ATTR_K8S_DEPLOYMENT_UID;
    exports.ATTR_K8S_JOB_ANNOTATION = require_stable_attributes2.ATTR_K8S_JOB_ANNOTATION;
    exports.ATTR_K8S_JOB_LABEL = require_stable_attributes2.ATTR_K8S_JOB_LABEL;
    exports.ATTR_K8S_JOB_NAME = require_stable_attributes2.ATTR_K8S_JOB_NAME;
    exports.ATTR_K8S_JOB_UID = require_stable_attributes2.ATTR_K8S_JOB_UID;
    exports.ATTR_K8S_NAMESPACE_ANNOTATION = require_stable_attributes2.ATTR_K8S_NAMESPACE_ANNOTATION;
    exports.ATTR_K8S_NAMESPACE_LABEL = require_stable_attributes2.ATTR_K8S_NAMESPACE_LABEL;
    exports.ATTR_K8S_NAMESPACE_NAME = require_stable_attributes2.ATTR_K8S_NAMESPACE_NAME;
    exports.ATTR_K8S_NODE_ANNOTATION = require_stable_attributes2.ATTR_K8S_NODE_ANNOTATION;
    exports.ATTR_K8S_NODE_LABEL = require_stable_attributes2.ATTR_K8S_NODE_LABEL;
    exports.ATTR_K8S_NODE_NAME = require_stable_attributes2.ATTR_K8S_NODE_NAME;
    exports.ATTR_K8S_NODE_UID = require_stable_attributes2.ATTR_K8S_NODE_UID;
    exports.ATTR_K8S_POD_ANNOTATION = require_stable_attributes2.ATTR_K8S_POD_ANNOTATION;
    exports.ATTR_K8S_POD_HOSTNAME = require_stable_attributes2.ATTR_K8S_POD_HOSTNAME;
    exports.ATTR_K8S_POD_IP = require_stable_attributes2.ATTR_K8S_POD_IP;
    exports.ATTR_K8S_POD_LABEL = require_stable_attributes2.ATTR_K8S_POD_LABEL;
    exports.ATTR_K8S_POD_NAME = require_stable_attributes2.ATTR_K8S_POD_NAME;
    exports.ATTR_K8S_POD_START_TIME = require_stable_attributes2.ATTR_K8S_POD_START_TIME;
    exports.ATTR_K8S_POD_UID = require_stable_attributes2.ATTR_K8S_POD_UID;
    exports.ATTR_K8S_REPLICASET_ANNOTATION = require_stable_attributes2.ATTR_K8S_REPLICASET_ANNOTATION;
    exports.ATTR_K8S_REPLICASET_LABEL = require_stable_attributes2.ATTR_K8S_REPLICASET_LABEL;
    exports.ATTR_K8S_REPLICASET_NAME = require_stable_attributes2.ATTR_K8S_REPLICASET_NAME;
    exports.ATTR_K8S_REPLICASET_UID = require_stable_attributes2.ATTR_K8S_REPLICASET_UID;
    exports.ATTR_K8S_STATEFULSET_ANNOTATION = require_stable_attributes2.ATTR_K8S_STATEFULSET_ANNOTATION;
    exports.ATTR_K8S_STATEFULSET_LABEL = require_stable_attributes2.ATTR_K8S_STATEFULSET_LABEL;
    exports.ATTR_K8S_STATEFULSET_NAME = require_stable_attributes2.ATTR_K8S_STATEFULSET_NAME;
    exports.ATTR_K8S_STATEFULSET_UID = require_stable_attributes2.ATTR_K8S_STATEFULSET_UID;
    exports.ATTR_NETWORK_LOCAL_ADDRESS = require_stable_attributes2.ATTR_NETWORK_LOCAL_ADDRESS;
    exports.ATTR_NETWORK_LOCAL_PORT = require_stable_attributes2.ATTR_NETWORK_LOCAL_PORT;
    exports.ATTR_NETWORK_PEER_ADDRESS = require_stable_attributes2.ATTR_NETWORK_PEER_ADDRESS;
    exports.ATTR_NETWORK_PEER_PORT = require_stable_attributes2.ATTR_NETWORK_PEER_PORT;
    exports.ATTR_NETWORK_PROTOCOL_NAME = require_stable_attributes2.ATTR_NETWORK_PROTOCOL_NAME;
    exports.ATTR_NETWORK_PROTOCOL_VERSION = require_stable_attributes2.ATTR_NETWORK_PROTOCOL_VERSION;
    exports.ATTR_NETWORK_TRANSPORT = require_stable_attributes2.ATTR_NETWORK_TRANSPORT;
    exports.ATTR_NETWORK_TYPE = require_stable_attributes2.ATTR_NETWORK_TYPE;
    exports.ATTR_OTEL_EVENT_NAME = require_stable_attributes2.ATTR_OTEL_EVENT_NAME;
    exports.ATTR_OTEL_SCOPE_NAME = require_stable_attributes2.ATTR_OTEL_SCOPE_NAME;
    exports.ATTR_OTEL_SCOPE_VERSION = require_stable_attributes2.ATTR_OTEL_SCOPE_VERSION;
    exports.ATTR_OTEL_STATUS_CODE = require_stable_attributes2.ATTR_OTEL_STATUS_CODE;
    exports.ATTR_OTEL_STATUS_DESCRIPTION = require_stable_attributes2.ATTR_OTEL_STATUS_DESCRIPTION;
    exports.ATTR_RPC_METHOD = require_stable_attributes2.ATTR_RPC_METHOD;
    exports.ATTR_RPC_METHOD_ORIGINAL = require_stable_attributes2.ATTR_RPC_METHOD_ORIGINAL;
    exports.ATTR_RPC_STATUS_CODE = require_stable_attributes2.ATTR_RPC_STATUS_CODE;
    exports.ATTR_RPC_SYSTEM_NAME = require_stable_attributes2.ATTR_RPC_SYSTEM_NAME;
    exports.ATTR_SERVER_ADDRESS = require_stable_attributes2.ATTR_SERVER_ADDRESS;
    exports.ATTR_SERVER_PORT = require_stable_attributes2.ATTR_SERVER_PORT;
    exports.ATTR_SERVICE_INSTANCE_ID = require_stable_attributes2.ATTR_SERVICE_INSTANCE_ID;
    exports.ATTR_SERVICE_NAME = require_stable_attributes2.ATTR_SERVICE_NAME;
    exports.ATTR_SERVICE_NAMESPACE = require_stable_attributes2.ATTR_SERVICE_NAMESPACE;
    exports.ATTR_SERVICE_VERSION = require_stable_attributes2.ATTR_SERVICE_VERSION;
    exports.ATTR_SIGNALR_CONNECTION_STATUS = require_stable_attributes2.ATTR_SIGNALR_CONNECTION_STATUS;
    exports.ATTR_SIGNALR_TRANSPORT = require_stable_attributes2.ATTR_SIGNALR_TRANSPORT;
    exports.ATTR_TELEMETRY_DISTRO_NAME = require_stable_attributes2.ATTR_TELEMETRY_DISTRO_NAME;
    exports.ATTR_TELEMETRY_DISTRO_VERSION = require_stable_attributes2.ATTR_TELEMETRY_DISTRO_VERSION;
    exports.ATTR_TELEMETRY_SDK_LANGUAGE = require_stable_attributes2.ATTR_TELEMETRY_SDK_LANGUAGE;
    exports.ATTR_TELEMETRY_SDK_NAME = require_stable_attributes2.ATTR_TELEMETRY_SDK_NAME;
    exports.ATTR_TELEMETRY_SDK_VERSION = require_stable_attributes2.ATTR_TELEMETRY_SDK_VERSION;
    exports.ATTR_URL_FRAGMENT = require_stable_attributes2.ATTR_URL_FRAGMENT;
    exports.ATTR_URL_FULL = require_stable_attributes2.ATTR_URL_FULL;
    exports.ATTR_URL_PATH = require_stable_attributes2.ATTR_URL_PATH;
    exports.ATTR_URL_QUERY = require_stable_attributes2.ATTR_URL_QUERY;
    exports.ATTR_URL_SCHEME = require_stable_attributes2.ATTR_URL_SCHEME;
    exports.ATTR_USER_AGENT_ORIGINAL = require_stable_attributes2.ATTR_USER_AGENT_ORIGINAL;
    exports.AWSECSLAUNCHTYPEVALUES_EC2 = require_SemanticResourceAttributes2.AWSECSLAUNCHTYPEVALUES_EC2;
    exports.AWSECSLAUNCHTYPEVALUES_FARGATE = require_SemanticResourceAttributes2.AWSECSLAUNCHTYPEVALUES_FARGATE;
    exports.AwsEcsLaunchtypeValues = require_SemanticResourceAttributes2.AwsEcsLaunchtypeValues;
    exports.CLOUDPLATFORMVALUES_ALIBABA_CLOUD_ECS = require_SemanticResourceAttributes2.CLOUDPLATFORMVALUES_ALIBABA_CLOUD_ECS;
    exports.CLOUDPLATFORMVALUES_ALIBABA_CLOUD_FC = require_SemanticResourceAttributes2.CLOUDPLATFORMVALUES_ALIBABA_CLOUD_FC;
    exports.CLOUDPLATFORMVALUES_AWS_EC2 = require_SemanticResourceAttributes2.CLOUDPLATFORMVALUES_AWS_EC2;
    exports.CLOUDPLATFORMVALUES_AWS_ECS = require_SemanticResourceAttributes2.CLOUDPLATFORMVALUES_AWS_ECS;
    exports.CLOUDPLATFORMVALUES_AWS_EKS = require_SemanticResourceAttributes2.CLOUDPLATFORMVALUES_AWS_EKS;
    exports.CLOUDPLATFORMVALUES_AWS_ELASTIC_BEANSTALK = require_SemanticResourceAttributes2.CLOUDPLATFORMVALUES_AWS_ELASTIC_BEANSTALK;
    exports.CLOUDPLATFORMVALUES_AWS_LAMBDA = require_SemanticResourceAttributes2.CLOUDPLATFORMVALUES_AWS_LAMBDA;
    exports.CLOUDPLATFORMVALUES_AZURE_AKS = require_SemanticResourceAttributes2.CLOUDPLATFORMVALUES_AZURE_AKS;
    exports.CLOUDPLATFORMVALUES_AZURE_APP_SERVICE = require_SemanticResourceAttributes2.CLOUDPLATFORMVALUES_AZURE_APP_SERVICE;
    exports.CLOUDPLATFORMVALUES_AZURE_CONTAINER_INSTANCES = require_SemanticResourceAttributes2.CLOUDPLATFORMVALUES_AZURE_CONTAINER_INSTANCES;
    exports.CLOUDPLATFORMVALUES_AZURE_FUNCTIONS = require_SemanticResourceAttributes2.CLOUDPLATFORMVALUES_AZURE_FUNCTIONS;
    exports.CLOUDPLATFORMVALUES_AZURE_VM = require_SemanticResourceAttributes2.CLOUDPLATFORMVALUES_AZURE_VM;
    exports.CLOUDPLATFORMVALUES_GCP_APP_ENGINE = require_SemanticResourceAttributes2.CLOUDPLATFORMVALUES_GCP_APP_ENGINE;
    exports.CLOUDPLATFORMVALUES_GCP_CLOUD_FUNCTIONS = require_SemanticResourceAttributes2.CLOUDPLATFORMVALUES_GCP_CLOUD_FUNCTIONS;
    exports.CLOUDPLATFORMVALUES_GCP_CLOUD_RUN = require_SemanticResourceAttributes2.CLOUDPLATFORMVALUES_GCP_CLOUD_RUN;
    exports.CLOUDPLATFORMVALUES_GCP_COMPUTE_ENGINE = require_SemanticResourceAttributes2.CLOUDPLATFORMVALUES_GCP_COMPUTE_ENGINE;
    exports.CLOUDPLATFORMVALUES_GCP_KUBERNETES_ENGINE = require_SemanticResourceAttributes2.CLOUDPLATFORMVALUES_GCP_KUBERNETES_ENGINE;
    exports.CLOUDPROVIDERVALUES_ALIBABA_CLOUD = require_SemanticResourceAttributes2.CLOUDPROVIDERVALUES_ALIBABA_CLOUD;
    exports.CLOUDPROVIDERVALUES_AWS = require_SemanticResourceAttributes2.CLOUDPROVIDERVALUES_AWS;
    exports.CLOUDPROVIDERVALUES_AZURE = require_SemanticResourceAttributes2.CLOUDPROVIDERVALUES_AZURE;
    exports.CLOUDPROVIDERVALUES_GCP = require_SemanticResourceAttributes2.CLOUDPROVIDERVALUES_GCP;
    exports.CloudPlatformValues = require_SemanticResourceAttributes2.CloudPlatformValues;
    exports.CloudProviderValues = require_SemanticResourceAttributes2.CloudProviderValues;
    exports.DBCASSANDRACONSISTENCYLEVELVALUES_ALL = require_SemanticAttributes2.DBCASSANDRACONSISTENCYLEVELVALUES_ALL;
    exports.DBCASSANDRACONSISTENCYLEVELVALUES_ANY = require_SemanticAttributes2.DBCASSANDRACONSISTENCYLEVELVALUES_ANY;
    exports.DBCASSANDRACONSISTENCYLEVELVALUES_EACH_QUORUM = require_SemanticAttributes2.DBCASSANDRACONSISTENCYLEVELVALUES_EACH_QUORUM;
    exports.DBCASSANDRACONSISTENCYLEVELVALUES_LOCAL_ONE = require_SemanticAttributes2.DBCASSANDRACONSISTENCYLEVELVALUES_LOCAL_ONE;
    exports.DBCASSANDRACONSISTENCYLEVELVALUES_LOCAL_QUORUM = require_SemanticAttributes2.DBCASSANDRACONSISTENCYLEVELVALUES_LOCAL_QUORUM;
    exports.DBCASSANDRACONSISTENCYLEVELVALUES_LOCAL_SERIAL = require_SemanticAttributes2.DBCASSANDRACONSISTENCYLEVELVALUES_LOCAL_SERIAL;
    exports.DBCASSANDRACONSISTENCYLEVELVALUES_ONE = require_SemanticAttributes2.DBCASSANDRACONSISTENCYLEVELVALUES_ONE;
    exports.DBCASSANDRACONSISTENCYLEVELVALUES_QUORUM = require_SemanticAttributes2.DBCASSANDRACONSISTENCYLEVELVALUES_QUORUM;
    exports.DBCASSANDRACONSISTENCYLEVELVALUES_SERIAL = require_SemanticAttributes2.DBCASSANDRACONSISTENCYLEVELVALUES_SERIAL;
    exports.DBCASSANDRACONSISTENCYLEVELVALUES_THREE = require_SemanticAttributes2.DBCASSANDRACONSISTENCYLEVELVALUES_THREE;
    exports.DBCASSANDRACONSISTENCYLEVELVALUES_TWO = require_SemanticAttributes2.DBCASSANDRACONSISTENCYLEVELVALUES_TWO;
    exports.DBSYSTEMVALUES_ADABAS = require_SemanticAttributes2.DBSYSTEMVALUES_ADABAS;
    exports.DBSYSTEMVALUES_CACHE = require_SemanticAttributes2.DBSYSTEMVALUES_CACHE;
    exports.DBSYSTEMVALUES_CASSANDRA = require_SemanticAttributes2.DBSYSTEMVALUES_CASSANDRA;
    exports.DBSYSTEMVALUES_CLOUDSCAPE = require_SemanticAttributes2.DBSYSTEMVALUES_CLOUDSCAPE;
    exports.DBSYSTEMVALUES_COCKROACHDB = require_SemanticAttributes2.DBSYSTEMVALUES_COCKROACHDB;
    exports.DBSYSTEMVALUES_COLDFUSION = require_SemanticAttributes2.DBSYSTEMVALUES_COLDFUSION;
    exports.DBSYSTEMVALUES_COSMOSDB = require_SemanticAttributes2.DBSYSTEMVALUES_COSMOSDB;
    exports.DBSYSTEMVALUES_COUCHBASE = require_SemanticAttributes2.DBSYSTEMVALUES_COUCHBASE;
    exports.DBSYSTEMVALUES_COUCHDB = require_SemanticAttributes2.DBSYSTEMVALUES_COUCHDB;
    exports.DBSYSTEMVALUES_DB2 = require_SemanticAttributes2.DBSYSTEMVALUES_DB2;
    exports.DBSYSTEMVALUES_DERBY = require_SemanticAttributes2.DBSYSTEMVALUES_DERBY;
    exports.DBSYSTEMVALUES_DYNAMODB = require_SemanticAttributes2.DBSYSTEMVALUES_DYNAMODB;
    exports.DBSYSTEMVALUES_EDB = require_SemanticAttributes2.DBSYSTEMVALUES_EDB;
    exports.DBSYSTEMVALUES_ELASTICSEARCH = require_SemanticAttributes2.DBSYSTEMVALUES_ELASTICSEARCH;
    exports.DBSYSTEMVALUES_FILEMAKER = require_SemanticAttributes2.DBSYSTEMVALUES_FILEMAKER;
    exports.DBSYSTEMVALUES_FIREBIRD = require_SemanticAttributes2.DBSYSTEMVALUES_FIREBIRD;
    exports.DBSYSTEMVALUES_FIRSTSQL = require_SemanticAttributes2.DBSYSTEMVALUES_FIRSTSQL;
    exports.DBSYSTEMVALUES_GEODE = require_SemanticAttributes2.DBSYSTEMVALUES_GEODE;
    exports.DBSYSTEMVALUES_H2 = require_SemanticAttributes2.DBSYSTEMVALUES_H2;
    exports.DBSYSTEMVALUES_HANADB = require_SemanticAttributes2.DBSYSTEMVALUES_HANADB;
    exports.DBSYSTEMVALUES_HBASE = require_SemanticAttributes2.DBSYSTEMVALUES_HBASE;
    exports.DBSYSTEMVALUES_HIVE = require_SemanticAttributes2.DBSYSTEMVALUES_HIVE;
    exports.DBSYSTEMVALUES_HSQLDB = require_SemanticAttributes2.DBSYSTEMVALUES_HSQLDB;
    exports.DBSYSTEMVALUES_INFORMIX = require_SemanticAttributes2.DBSYSTEMVALUES_INFORMIX;
    exports.DBSYSTEMVALUES_INGRES = require_SemanticAttributes2.DBSYSTEMVALUES_INGRES;
    exports.DBSYSTEMVALUES_INSTANTDB = require_SemanticAttributes2.DBSYSTEMVALUES_INSTANTDB;
    exports.DBSYSTEMVALUES_INTERBASE = require_SemanticAttributes2.DBSYSTEMVALUES_INTERBASE;
    exports.DBSYSTEMVALUES_MARIADB = require_SemanticAttributes2.DBSYSTEMVALUES_MARIADB;
    exports.DBSYSTEMVALUES_MAXDB = require_SemanticAttributes2.DBSYSTEMVALUES_MAXDB;
    exports.DBSYSTEMVALUES_MEMCACHED = require_SemanticAttributes2.DBSYSTEMVALUES_MEMCACHED;
    exports.DBSYSTEMVALUES_MONGODB = require_SemanticAttributes2.DBSYSTEMVALUES_MONGODB;
    exports.DBSYSTEMVALUES_MSSQL = require_SemanticAttributes2.DBSYSTEMVALUES_MSSQL;
    exports.DBSYSTEMVALUES_MYSQL = require_SemanticAttributes2.DBSYSTEMVALUES_MYSQL;
    exports.DBSYSTEMVALUES_NEO4J = require_SemanticAttributes2.DBSYSTEMVALUES_NEO4J;
    exports.DBSYSTEMVALUES_NETEZZA = require_SemanticAttributes2.DBSYSTEMVALUES_NETEZZA;
    exports.DBSYSTEMVALUES_ORACLE = require_SemanticAttributes2.DBSYSTEMVALUES_ORACLE;
    exports.DBSYSTEMVALUES_OTHER_SQL = require_SemanticAttributes2.DBSYSTEMVALUES_OTHER_SQL;
    exports.DBSYSTEMVALUES_PERVASIVE = require_SemanticAttributes2.DBSYSTEMVALUES_PERVASIVE;
    exports.DBSYSTEMVALUES_POINTBASE = require_SemanticAttributes2.DBSYSTEMVALUES_POINTBASE;
    exports.DBSYSTEMVALUES_POSTGRESQL = require_SemanticAttributes2.DBSYSTEMVALUES_POSTGRESQL;
    exports.DBSYSTEMVALUES_PROGRESS = require_SemanticAttributes2.DBSYSTEMVALUES_PROGRESS;
    exports.DBSYSTEMVALUES_REDIS = require_SemanticAttributes2.DBSYSTEMVALUES_REDIS;
    exports.DBSYSTEMVALUES_REDSHIFT = require_SemanticAttributes2.DBSYSTEMVALUES_REDSHIFT;
    exports.DBSYSTEMVALUES_SQLITE = require_SemanticAttributes2.DBSYSTEMVALUES_SQLITE;
    exports.DBSYSTEMVALUES_SYBASE = require_SemanticAttributes2.DBSYSTEMVALUES_SYBASE;
    exports.DBSYSTEMVALUES_TERADATA = require_SemanticAttributes2.DBSYSTEMVALUES_TERADATA;
    exports.DBSYSTEMVALUES_VERTICA = require_SemanticAttributes2.DBSYSTEMVALUES_VERTICA;
    exports.DB_SYSTEM_NAME_VALUE_MARIADB = require_stable_attributes2.DB_SYSTEM_NAME_VALUE_MARIADB;
    exports.DB_SYSTEM_NAME_VALUE_MICROSOFT_SQL_SERVER = require_stable_attributes2.DB_SYSTEM_NAME_VALUE_MICROSOFT_SQL_SERVER;
    exports.DB_SYSTEM_NAME_VALUE_MYSQL = require_stable_attributes2.DB_SYSTEM_NAME_VALUE_MYSQL;
    exports.DB_SYSTEM_NAME_VALUE_POSTGRESQL = require_stable_attributes2.DB_SYSTEM_NAME_VALUE_POSTGRESQL;
    exports.DEPLOYMENT_ENVIRONMENT_NAME_VALUE_DEVELOPMENT = require_stable_attributes2.DEPLOYMENT_ENVIRONMENT_NAME_VALUE_DEVELOPMENT;
    exports.DEPLOYMENT_ENVIRONMENT_NAME_VALUE_PRODUCTION = require_stable_attributes2.DEPLOYMENT_ENVIRONMENT_NAME_VALUE_PRODUCTION;
    exports.DEPLOYMENT_ENVIRONMENT_NAME_VALUE_STAGING = require_stable_attributes2.DEPLOYMENT_ENVIRONMENT_NAME_VALUE_STAGING;
    exports.DEPLOYMENT_ENVIRONMENT_NAME_VALUE_TEST = require_stable_attributes2.DEPLOYMENT_ENVIRONMENT_NAME_VALUE_TEST;
    exports.DOTNET_GC_HEAP_GENERATION_VALUE_GEN0 = require_stable_attributes2.DOTNET_GC_HEAP_GENERATION_VALUE_GEN0;
    exports.DOTNET_GC_HEAP_GENERATION_VALUE_GEN1 = require_stable_attributes2.DOTNET_GC_HEAP_GENERATION_VALUE_GEN1;
    exports.DOTNET_GC_HEAP_GENERATION_VALUE_GEN2 = require_stable_attributes2.DOTNET_GC_HEAP_GENERATION_VALUE_GEN2;
    exports.DOTNET_GC_HEAP_GENERATION_VALUE_LOH = require_stable_attributes2.DOTNET_GC_HEAP_GENERATION_VALUE_LOH;
    exports.DOTNET_GC_HEAP_GENERATION_VALUE_POH = require_stable_attributes2.DOTNET_GC_HEAP_GENERATION_VALUE_POH;
    exports.DbCassandraConsistencyLevelValues = require_SemanticAttributes2.DbCassandraConsistencyLevelValues;
    exports.DbSystemValues = require_SemanticAttributes2.DbSystemValues;
    exports.ERROR_TYPE_VALUE_OTHER = require_stable_attributes2.ERROR_TYPE_VALUE_OTHER;
    exports.EVENT_EXCEPTION = require_stable_events2.EVENT_EXCEPTION;
    exports.FAASDOCUMENTOPERATIONVALUES_DELETE = require_SemanticAttributes2.FAASDOCUMENTOPERATIONVALUES_DELETE;
    exports.FAASDOCUMENTOPERATIONVALUES_EDIT = require_SemanticAttributes2.FAASDOCUMENTOPERATIONVALUES_EDIT;
    exports.FAASDOCUMENTOPERATIONVALUES_INSERT = require_SemanticAttributes2.FAASDOCUMENTOPERATIONVALUES_INSERT;
    exports.FAASINVOKEDPROVIDERVALUES_ALIBABA_CLOUD = require_SemanticAttributes2.FAASINVOKEDPROVIDERVALUES_ALIBABA_CLOUD;
    exports.FAASINVOKEDPROVIDERVALUES_AWS = require_SemanticAttributes2.FAASINVOKEDPROVIDERVALUES_AWS;
    exports.FAASINVOKEDPROVIDERVALUES_AZURE = require_SemanticAttributes2.FAASINVOKEDPROVIDERVALUES_AZURE;
    exports.FAASINVOKEDPROVIDERVALUES_GCP = require_SemanticAttributes2.FAASINVOKEDPROVIDERVALUES_GCP;
    exports.FAASTRIGGERVALUES_DATASOURCE = require_SemanticAttributes2.FAASTRIGGERVALUES_DATASOURCE;
    exports.FAASTRIGGERVALUES_HTTP = require_SemanticAttributes2.FAASTRIGGERVALUES_HTTP;
    exports.FAASTRIGGERVALUES_OTHER = require_SemanticAttributes2.FAASTRIGGERVALUES_OTHER;
    exports.FAASTRIGGERVALUES_PUBSUB = require_SemanticAttributes2.FAASTRIGGERVALUES_PUBSUB;
    exports.FAASTRIGGERVALUES_TIMER = require_SemanticAttributes2.FAASTRIGGERVALUES_TIMER;
    exports.FaasDocumentOperationValues = require_SemanticAttributes2.FaasDocumentOperationValues;
    exports.FaasInvokedProviderValues = require_SemanticAttributes2.FaasInvokedProviderValues;
    exports.FaasTriggerValues = require_SemanticAttributes2.FaasTriggerValues;
    exports.HOSTARCHVALUES_AMD64 = require_SemanticResourceAttributes2.HOSTARCHVALUES_AMD64;
    exports.HOSTARCHVALUES_ARM32 = require_SemanticResourceAttributes2.HOSTARCHVALUES_ARM32;
    exports.HOSTARCHVALUES_ARM64 = require_SemanticResourceAttributes2.HOSTARCHVALUES_ARM64;
    exports.HOSTARCHVALUES_IA64 = require_SemanticResourceAttributes2.HOSTARCHVALUES_IA64;
    exports.HOSTARCHVALUES_PPC32 = require_SemanticResourceAttributes2.HOSTARCHVALUES_PPC32;
    exports.HOSTARCHVALUES_PPC64 = require_SemanticResourceAttributes2.HOSTARCHVALUES_PPC64;
    exports.HOSTARCHVALUES_X86 = require_SemanticResourceAttributes2.HOSTARCHVALUES_X86;
    exports.HTTPFLAVORVALUES_HTTP_1_0 = require_SemanticAttributes2.HTTPFLAVORVALUES_HTTP_1_0;
    exports.HTTPFLAVORVALUES_HTTP_1_1 = require_SemanticAttributes2.HTTPFLAVORVALUES_HTTP_1_1;
    exports.HTTPFLAVORVALUES_HTTP_2_0 = require_SemanticAttributes2.HTTPFLAVORVALUES_HTTP_2_0;
    exports.HTTPFLAVORVALUES_QUIC = require_SemanticAttributes2.HTTPFLAVORVALUES_QUIC;
    exports.HTTPFLAVORVALUES_SPDY = require_SemanticAttributes2.HTTPFLAVORVALUES_SPDY;
    exports.HTTP_REQUEST_METHOD_VALUE_CONNECT = require_stable_attributes2.HTTP_REQUEST_METHOD_VALUE_CONNECT;
    exports.HTTP_REQUEST_METHOD_VALUE_DELETE = require_stable_attributes2.HTTP_REQUEST_METHOD_VALUE_DELETE;
    exports.HTTP_REQUEST_METHOD_VALUE_GET = require_stable_attributes2.HTTP_REQUEST_METHOD_VALUE_GET;
    exports.HTTP_REQUEST_METHOD_VALUE_HEAD = require_stable_attributes2.HTTP_REQUEST_METHOD_VALUE_HEAD;
    exports.HTTP_REQUEST_METHOD_VALUE_OPTIONS = require_stable_attributes2.HTTP_REQUEST_METHOD_VALUE_OPTIONS;
    exports.HTTP_REQUEST_METHOD_VALUE_OTHER = require_stable_attributes2.HTTP_REQUEST_METHOD_VALUE_OTHER;
    exports.HTTP_REQUEST_METHOD_VALUE_PATCH = require_stable_attributes2.HTTP_REQUEST_METHOD_VALUE_PATCH;
    exports.HTTP_REQUEST_METHOD_VALUE_POST = require_stable_attributes2.HTTP_REQUEST_METHOD_VALUE_POST;
    exports.HTTP_REQUEST_METHOD_VALUE_PUT = require_stable_attributes2.HTTP_REQUEST_METHOD_VALUE_PUT;
    exports.HTTP_REQUEST_METHOD_VALUE_TRACE = require_stable_attributes2.HTTP_REQUEST_METHOD_VALUE_TRACE;
    exports.HostArchValues = require_SemanticResourceAttributes2.HostArchValues;
    exports.HttpFlavorValues = require_SemanticAttributes2.HttpFlavorValues;
    exports.JVM_MEMORY_TYPE_VALUE_HEAP = require_stable_attributes2.JVM_MEMORY_TYPE_VALUE_HEAP;
    exports.JVM_MEMORY_TYPE_VALUE_NON_HEAP = require_stable_attributes2.JVM_MEMORY_TYPE_VALUE_NON_HEAP;
    exports.JVM_THREAD_STATE_VALUE_BLOCKED = require_stable_attributes2.JVM_THREAD_STATE_VALUE_BLOCKED;
    exports.JVM_THREAD_STATE_VALUE_NEW = require_stable_attributes2.JVM_THREAD_STATE_VALUE_NEW;
    exports.JVM_THREAD_STATE_VALUE_RUNNABLE = require_stable_attributes2.JVM_THREAD_STATE_VALUE_RUNNABLE;
    exports.JVM_THREAD_STATE_VALUE_TERMINATED = require_stable_attributes2.JVM_THREAD_STATE_VALUE_TERMINATED;
    exports.JVM_THREAD_STATE_VALUE_TIMED_WAITING = require_stable_attributes2.JVM_THREAD_STATE_VALUE_TIMED_WAITING;
    exports.JVM_THREAD_STATE_VALUE_WAITING = require_stable_attributes2.JVM_THREAD_STATE_VALUE_WAITING;
    exports.MESSAGETYPEVALUES_RECEIVED = require_SemanticAttributes2.MESSAGETYPEVALUES_RECEIVED;
    exports.MESSAGETYPEVALUES_SENT = require_SemanticAttributes2.MESSAGETYPEVALUES_SENT;
    exports.MESSAGINGDESTINATIONKINDVALUES_QUEUE = require_SemanticAttributes2.MESSAGINGDESTINATIONKINDVALUES_QUEUE;
    exports.MESSAGINGDESTINATIONKINDVALUES_TOPIC = require_SemanticAttributes2.MESSAGINGDESTINATIONKINDVALUES_TOPIC;
    exports.MESSAGINGOPERATIONVALUES_PROCESS = require_SemanticAttributes2.MESSAGINGOPERATIONVALUES_PROCESS;
    exports.MESSAGINGOPERATIONVALUES_RECEIVE = require_SemanticAttributes2.MESSAGINGOPERATIONVALUES_RECEIVE;
    exports.METRIC_ASPNETCORE_DIAGNOSTICS_EXCEPTIONS = require_stable_metrics2.METRIC_ASPNETCORE_DIAGNOSTICS_EXCEPTIONS;
    exports.METRIC_ASPNETCORE_RATE_LIMITING_ACTIVE_REQUEST_LEASES = require_stable_metrics2.METRIC_ASPNETCORE_RATE_LIMITING_ACTIVE_REQUEST_LEASES;
    exports.METRIC_ASPNETCORE_RATE_LIMITING_QUEUED_REQUESTS = require_stable_metrics2.METRIC_ASPNETCORE_RATE_LIMITING_QUEUED_REQUESTS;
    exports.METRIC_ASPNETCORE_RATE_LIMITING_REQUESTS = require_stable_metrics2.METRIC_ASPNETCORE_RATE_LIMITING_REQUESTS;
    exports.METRIC_ASPNETCORE_RATE_LIMITING_REQUEST_LEASE_DURATION = require_stable_metrics2.METRIC_ASPNETCORE_RATE_LIMITING_REQUEST_LEASE_DURATION;
    exports.METRIC_ASPNETCORE_RATE_LIMITING_REQUEST_TIME_IN_QUEUE = require_stable_metrics2.METRIC_ASPNETCORE_RATE_LIMITING_REQUEST_TIME_IN_QUEUE;
    exports.METRIC_ASPNETCORE_ROUTING_MATCH_ATTEMPTS = require_stable_metrics2.METRIC_ASPNETCORE_ROUTING_MATCH_ATTEMPTS;
    exports.METRIC_DB_CLIENT_OPERATION_DURATION = require_stable_metrics2.METRIC_DB_CLIENT_OPERATION_DURATION;
    exports.METRIC_DOTNET_ASSEMBLY_COUNT = require_stable_metrics2.METRIC_DOTNET_ASSEMBLY_COUNT;
    exports.METRIC_DOTNET_EXCEPTIONS = require_stable_metrics2.METRIC_DOTNET_EXCEPTIONS;
    exports.METRIC_DOTNET_GC_COLLECTIONS = require_stable_metrics2.METRIC_DOTNET_GC_COLLECTIONS;
    exports.METRIC_DOTNET_GC_HEAP_TOTAL_ALLOCATED = require_stable_metrics2.METRIC_DOTNET_GC_HEAP_TOTAL_ALLOCATED;
    exports.METRIC_DOTNET_GC_LAST_COLLECTION_HEAP_FRAGMENTATION_SIZE = require_stable_metrics2.METRIC_DOTNET_GC_LAST_COLLECTION_HEAP_FRAGMENTATION_SIZE;
    exports.METRIC_DOTNET_GC_LAST_COLLECTION_HEAP_SIZE = require_stable_metrics2.METRIC_DOTNET_GC_LAST_COLLECTION_HEAP_SIZE;
    exports.METRIC_DOTNET_GC_LAST_COLLECTION_MEMORY_COMMITTED_SIZE = require_stable_metrics2.METRIC_DOTNET_GC_LAST_COLLECTION_MEMORY_COMMITTED_SIZE;
    exports.METRIC_DOTNET_GC_PAUSE_TIME = require_stable_metrics2.METRIC_DOTNET_GC_PAUSE_TIME;
    exports.METRIC_DOTNET_JIT_COMPILATION_TIME = require_stable_metrics2.METRIC_DOTNET_JIT_COMPILATION_TIME;
    exports.METRIC_DOTNET_JIT_COMPILED_IL_SIZE = require_stable_metrics2.METRIC_DOTNET_JIT_COMPILED_IL_SIZE;
    exports.METRIC_DOTNET_JIT_COMPILED_METHODS = require_stable_metrics2.METRIC_DOTNET_JIT_COMPILED_METHODS;
    exports.METRIC_DOTNET_MONITOR_LOCK_CONTENTIONS = require_stable_metrics2.METRIC_DOTNET_MONITOR_LOCK_CONTENTIONS;
    exports.METRIC_DOTNET_PROCESS_CPU_COUNT = require_stable_metrics2.METRIC_DOTNET_PROCESS_CPU_COUNT;
    exports.METRIC_DOTNET_PROCESS_CPU_TIME = require_stable_metrics2.METRIC_DOTNET_PROCESS_CPU_TIME;
    exports.METRIC_DOTNET_PROCESS_MEMORY_WORKING_SET = require_stable_metrics2.METRIC_DOTNET_PROCESS_MEMORY_WORKING_SET;
    exports.METRIC_DOTNET_THREAD_POOL_QUEUE_LENGTH = require_stable_metrics2.METRIC_DOTNET_THREAD_POOL_QUEUE_LENGTH;
    exports.METRIC_DOTNET_THREAD_POOL_THREAD_COUNT = require_stable_metrics2.METRIC_DOTNET_THREAD_POOL_THREAD_COUNT;
    exports.METRIC_DOTNET_THREAD_POOL_WORK_ITEM_COUNT = require_stable_metrics2.METRIC_DOTNET_THREAD_POOL_WORK_ITEM_COUNT;
    exports.METRIC_DOTNET_TIMER_COUNT = require_stable_metrics2.METRIC_DOTNET_TIMER_COUNT;
    exports.METRIC_HTTP_CLIENT_REQUEST_DURATION = require_stable_metrics2.METRIC_HTTP_CLIENT_REQUEST_DURATION;
    exports.METRIC_HTTP_SERVER_REQUEST_DURATION = require_stable_metrics2.METRIC_HTTP_SERVER_REQUEST_DURATION;
    exports.METRIC_JVM_CLASS_COUNT = require_stable_metrics2.METRIC_JVM_CLASS_COUNT;
    exports.METRIC_JVM_CLASS_LOADED = require_stable_metrics2.METRIC_JVM_CLASS_LOADED;
    exports.METRIC_JVM_CLASS_UNLOADED = require_stable_metrics2.METRIC_JVM_CLASS_UNLOADED;
    exports.METRIC_JVM_CPU_COUNT = require_stable_metrics2.METRIC_JVM_CPU_COUNT;
    exports.METRIC_JVM_CPU_RECENT_UTILIZATION = require_stable_metrics2.METRIC_JVM_CPU_RECENT_UTILIZATION;
    exports.METRIC_JVM_CPU_TIME = require_stable_metrics2.METRIC_JVM_CPU_TIME;
    exports.METRIC_JVM_GC_DURATION = require_stable_metrics2.METRIC_JVM_GC_DURATION;
    exports.METRIC_JVM_MEMORY_COMMITTED = require_stable_metrics2.METRIC_JVM_MEMORY_COMMITTED;
    exports.METRIC_JVM_MEMORY_LIMIT = require_stable_metrics2.METRIC_JVM_MEMORY_LIMIT;
    exports.METRIC_JVM_MEMORY_USED = require_stable_metrics2.METRIC_JVM_MEMORY_USED;
    exports.METRIC_JVM_MEMORY_USED_AFTER_LAST_GC = require_stable_metrics2.METRIC_JVM_MEMORY_USED_AFTER_LAST_GC;
    exports.METRIC_JVM_THREAD_COUNT = require_stable_metrics2.METRIC_JVM_THREAD_COUNT;
    exports.METRIC_KESTREL_ACTIVE_CONNECTIONS = require_stable_metrics2.METRIC_KESTREL_ACTIVE_CONNECTIONS;
    exports.METRIC_KESTREL_ACTIVE_TLS_HANDSHAKES = require_stable_metrics2.METRIC_KESTREL_ACTIVE_TLS_HANDSHAKES;
    exports.METRIC_KESTREL_CONNECTION_DURATION = require_stable_metrics2.METRIC_KESTREL_CONNECTION_DURATION;
    exports.METRIC_KESTREL_QUEUED_CONNECTIONS = require_stable_metrics2.METRIC_KESTREL_QUEUED_CONNECTIONS;
    exports.METRIC_KESTREL_QUEUED_REQUESTS = require_stable_metrics2.METRIC_KESTREL_QUEUED_REQUESTS;
    exports.METRIC_KESTREL_REJECTED_CONNECTIONS = require_stable_metrics2.METRIC_KESTREL_REJECTED_CONNECTIONS;
    exports.METRIC_KESTREL_TLS_HANDSHAKE_DURATION = require_stable_metrics2.METRIC_KESTREL_TLS_HANDSHAKE_DURATION;
    exports.METRIC_KESTREL_UPGRADED_CONNECTIONS = require_stable_metrics2.METRIC_KESTREL_UPGRADED_CONNECTIONS;
    exports.METRIC_RPC_CLIENT_CALL_DURATION = require_stable_metrics2.METRIC_RPC_CLIENT_CALL_DURATION;
    exports.METRIC_RPC_SERVER_CALL_DURATION = require_stable_metrics2.METRIC_RPC_SERVER_CALL_DURATION;
    exports.METRIC_SIGNALR_SERVER_ACTIVE_CONNECTIONS = require_stable_metrics2.METRIC_SIGNALR_SERVER_ACTIVE_CONNECTIONS;
    exports.METRIC_SIGNALR_SERVER_CONNECTION_DURATION = require_stable_metrics2.METRIC_SIGNALR_SERVER_CONNECTION_DURATION;
    exports.MessageTypeValues = require_SemanticAttributes2.MessageTypeValues;
    exports.MessagingDestinationKindValues = require_SemanticAttributes2.MessagingDestinationKindValues;
    exports.MessagingOperationValues = require_SemanticAttributes2.MessagingOperationValues;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_CDMA = require_SemanticAttributes2.NETHOSTCONNECTIONSUBTYPEVALUES_CDMA;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_CDMA2000_1XRTT = require_SemanticAttributes2.NETHOSTCONNECTIONSUBTYPEVALUES_CDMA2000_1XRTT;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_EDGE = require_SemanticAttributes2.NETHOSTCONNECTIONSUBTYPEVALUES_EDGE;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_EHRPD = require_SemanticAttributes2.NETHOSTCONNECTIONSUBTYPEVALUES_EHRPD;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_EVDO_0 = require_SemanticAttributes2.NETHOSTCONNECTIONSUBTYPEVALUES_EVDO_0;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_EVDO_A = require_SemanticAttributes2.NETHOSTCONNECTIONSUBTYPEVALUES_EVDO_A;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_EVDO_B = require_SemanticAttributes2.NETHOSTCONNECTIONSUBTYPEVALUES_EVDO_B;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_GPRS = require_SemanticAttributes2.NETHOSTCONNECTIONSUBTYPEVALUES_GPRS;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_GSM = require_SemanticAttributes2.NETHOSTCONNECTIONSUBTYPEVALUES_GSM;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_HSDPA = require_SemanticAttributes2.NETHOSTCONNECTIONSUBTYPEVALUES_HSDPA;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_HSPA = require_SemanticAttributes2.NETHOSTCONNECTIONSUBTYPEVALUES_HSPA;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_HSPAP = require_SemanticAttributes2.NETHOSTCONNECTIONSUBTYPEVALUES_HSPAP;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_HSUPA = require_SemanticAttributes2.NETHOSTCONNECTIONSUBTYPEVALUES_HSUPA;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_IDEN = require_SemanticAttributes2.NETHOSTCONNECTIONSUBTYPEVALUES_IDEN;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_IWLAN = require_SemanticAttributes2.NETHOSTCONNECTIONSUBTYPEVALUES_IWLAN;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_LTE = require_SemanticAttributes2.NETHOSTCONNECTIONSUBTYPEVALUES_LTE;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_LTE_CA = require_SemanticAttributes2.NETHOSTCONNECTIONSUBTYPEVALUES_LTE_CA;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_NR = require_SemanticAttributes2.NETHOSTCONNECTIONSUBTYPEVALUES_NR;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_NRNSA = require_SemanticAttributes2.NETHOSTCONNECTIONSUBTYPEVALUES_NRNSA;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_TD_SCDMA = require_SemanticAttributes2.NETHOSTCONNECTIONSUBTYPEVALUES_TD_SCDMA;
    exports.NETHOSTCONNECTIONSUBTYPEVALUES_UMTS = require_SemanticAttributes2.NETHOSTCONNECTIONSUBTYPEVALUES_UMTS;
    exports.NETHOSTCONNECTIONTYPEVALUES_CELL = require_SemanticAttributes2.NETHOSTCONNECTIONTYPEVALUES_CELL;
    exports.NETHOSTCONNECTIONTYPEVALUES_UNAVAILABLE = require_SemanticAttributes2.NETHOSTCONNECTIONTYPEVALUES_UNAVAILABLE;
    exports.NETHOSTCONNECTIONTYPEVALUES_UNKNOWN = require_SemanticAttributes2.NETHOSTCONNECTIONTYPEVALUES_UNKNOWN;
    exports.NETHOSTCONNECTIONTYPEVALUES_WIFI = require_SemanticAttributes2.NETHOSTCONNECTIONTYPEVALUES_WIFI;
    exports.NETHOSTCONNECTIONTYPEVALUES_WIRED = require_SemanticAttributes2.NETHOSTCONNECTIONTYPEVALUES_WIRED;
    exports.NETTRANSPORTVALUES_INPROC = require_SemanticAttributes2.NETTRANSPORTVALUES_INPROC;
    exports.NETTRANSPORTVALUES_IP = require_SemanticAttributes2.NETTRANSPORTVALUES_IP;
    exports.NETTRANSPORTVALUES_IP_TCP = require_SemanticAttributes2.NETTRANSPORTVALUES_IP_TCP;
    exports.NETTRANSPORTVALUES_IP_UDP = require_SemanticAttributes2.NETTRANSPORTVALUES_IP_UDP;
    exports.NETTRANSPORTVALUES_OTHER = require_SemanticAttributes2.NETTRANSPORTVALUES_OTHER;
    exports.NETTRANSPORTVALUES_PIPE = require_SemanticAttributes2.NETTRANSPORTVALUES_PIPE;
    exports.NETTRANSPORTVALUES_UNIX = require_SemanticAttributes2.NETTRANSPORTVALUES_UNIX;
    exports.NETWORK_TRANSPORT_VALUE_PIPE = require_stable_attributes2.NETWORK_TRANSPORT_VALUE_PIPE;
    exports.NETWORK_TRANSPORT_VALUE_QUIC = require_stable_attributes2.NETWORK_TRANSPORT_VALUE_QUIC;
    exports.NETWORK_TRANSPORT_VALUE_TCP = require_stable_attributes2.NETWORK_TRANSPORT_VALUE_TCP;
    exports.NETWORK_TRANSPORT_VALUE_UDP = require_stable_attributes2.NETWORK_TRANSPORT_VALUE_UDP;
    exports.NETWORK_TRANSPORT_VALUE_UNIX = require_stable_attributes2.NETWORK_TRANSPORT_VALUE_UNIX;
    exports.NETWORK_TYPE_VALUE_IPV4 = require_stable_attributes2.NETWORK_TYPE_VALUE_IPV4;
    exports.NETWORK_TYPE_VALUE_IPV6 = require_stable_attributes2.NETWORK_TYPE_VALUE_IPV6;
    exports.NetHostConnectionSubtypeValues = require_SemanticAttributes2.NetHostConnectionSubtypeValues;
    exports.NetHostConnectionTypeValues = require_SemanticAttributes2.NetHostConnectionTypeValues;
    exports.NetTransportValues = require_SemanticAttributes2.NetTransportValues;
    exports.OSTYPEVALUES_AIX = require_SemanticResourceAttributes2.OSTYPEVALUES_AIX;
    exports.OSTYPEVALUES_DARWIN = require_SemanticResourceAttributes2.OSTYPEVALUES_DARWIN;
    exports.OSTYPEVALUES_DRAGONFLYBSD = require_SemanticResourceAttributes2.OSTYPEVALUES_DRAGONFLYBSD;
    exports.OSTYPEVALUES_FREEBSD = require_SemanticResourceAttributes2.OSTYPEVALUES_FREEBSD;
    exports.OSTYPEVALUES_HPUX = require_SemanticResourceAttributes2.OSTYPEVALUES_HPUX;
    exports.OSTYPEVALUES_LINUX = require_SemanticResourceAttributes2.OSTYPEVALUES_LINUX;
    exports.OSTYPEVALUES_NETBSD = require_SemanticResourceAttributes2.OSTYPEVALUES_NETBSD;
    exports.OSTYPEVALUES_OPENBSD = require_SemanticResourceAttributes2.OSTYPEVALUES_OPENBSD;
    exports.OSTYPEVALUES_SOLARIS = require_SemanticResourceAttributes2.OSTYPEVALUES_SOLARIS;
    exports.OSTYPEVALUES_WINDOWS = require_SemanticResourceAttributes2.OSTYPEVALUES_WINDOWS;
    exports.OSTYPEVALUES_Z_OS = require_SemanticResourceAttributes2.OSTYPEVALUES_Z_OS;
    exports.OTEL_STATUS_CODE_VALUE_ERROR = require_stable_attributes2.OTEL_STATUS_CODE_VALUE_ERROR;
    exports.OTEL_STATUS_CODE_VALUE_OK = require_stable_attributes2.OTEL_STATUS_CODE_VALUE_OK;
    exports.OsTypeValues = require_SemanticResourceAttributes2.OsTypeValues;
    exports.RPCGRPCSTATUSCODEVALUES_ABORTED = require_SemanticAttributes2.RPCGRPCSTATUSCODEVALUES_ABORTED;
    exports.RPCGRPCSTATUSCODEVALUES_ALREADY_EXISTS = require_SemanticAttributes2.RPCGRPCSTATUSCODEVALUES_ALREADY_EXISTS;
    exports.RPCGRPCSTATUSCODEVALUES_CANCELLED = require_SemanticAttributes2.RPCGRPCSTATUSCODEVALUES_CANCELLED;
    exports.RPCGRPCSTATUSCODEVALUES_DATA_LOSS = require_SemanticAttributes2.RPCGRPCSTATUSCODEVALUES_DATA_LOSS;
    exports.RPCGRPCSTATUSCODEVALUES_DEADLINE_EXCEEDED = require_SemanticAttributes2.RPCGRPCSTATUSCODEVALUES_DEADLINE_EXCEEDED;
    exports.RPCGRPCSTATUSCODEVALUES_FAILED_PRECONDITION = require_SemanticAttributes2.RPCGRPCSTATUSCODEVALUES_FAILED_PRECONDITION;
    exports.RPCGRPCSTATUSCODEVALUES_INTERNAL = require_SemanticAttributes2.RPCGRPCSTATUSCODEVALUES_INTERNAL;
    exports.RPCGRPCSTATUSCODEVALUES_INVALID_ARGUMENT = require_SemanticAttributes2.RPCGRPCSTATUSCODEVALUES_INVALID_ARGUMENT;
    exports.RPCGRPCSTATUSCODEVALUES_NOT_FOUND = require_SemanticAttributes2.RPCGRPCSTATUSCODEVALUES_NOT_FOUND;
    exports.RPCGRPCSTATUSCODEVALUES_OK = require_SemanticAttributes2.RPCGRPCSTATUSCODEVALUES_OK;
    exports.RPCGRPCSTATUSCODEVALUES_OUT_OF_RANGE = require_SemanticAttributes2.RPCGRPCSTATUSCODEVALUES_OUT_OF_RANGE;
    exports.RPCGRPCSTATUSCODEVALUES_PERMISSION_DENIED = require_SemanticAttributes2.RPCGRPCSTATUSCODEVALUES_PERMISSION_DENIED;
    exports.RPCGRPCSTATUSCODEVALUES_RESOURCE_EXHAUSTED = require_SemanticAttributes2.RPCGRPCSTATUSCODEVALUES_RESOURCE_EXHAUSTED;
    exports.RPCGRPCSTATUSCODEVALUES_UNAUTHENTICATED = require_SemanticAttributes2.RPCGRPCSTATUSCODEVALUES_UNAUTHENTICATED;
    exports.RPCGRPCSTATUSCODEVALUES_UNAVAILABLE = require_SemanticAttributes2.RPCGRPCSTATUSCODEVALUES_UNAVAILABLE;
    exports.RPCGRPCSTATUSCODEVALUES_UNIMPLEMENTED = require_SemanticAttributes2.RPCGRPCSTATUSCODEVALUES_UNIMPLEMENTED;
    exports.RPCGRPCSTATUSCODEVALUES_UNKNOWN = require_SemanticAttributes2.RPCGRPCSTATUSCODEVALUES_UNKNOWN;
    exports.RPC_SYSTEM_NAME_VALUE_DUBBO = require_stable_attributes2.RPC_SYSTEM_NAME_VALUE_DUBBO;
    exports.RPC_SYSTEM_NAME_VALUE_GRPC = require_stable_attributes2.RPC_SYSTEM_NAME_VALUE_GRPC;
    exports.RpcGrpcStatusCodeValues = require_SemanticAttributes2.RpcGrpcStatusCodeValues;
    exports.SEMATTRS_AWS_DYNAMODB_ATTRIBUTES_TO_GET = require_SemanticAttributes2.SEMATTRS_AWS_DYNAMODB_ATTRIBUTES_TO_GET;
    exports.SEMATTRS_AWS_DYNAMODB_ATTRIBUTE_DEFINITIONS = require_SemanticAttributes2.SEMATTRS_AWS_DYNAMODB_ATTRIBUTE_DEFINITIONS;
    exports.SEMATTRS_AWS_DYNAMODB_CONSISTENT_READ = require_SemanticAttributes2.SEMATTRS_AWS_DYNAMODB_CONSISTENT_READ;
    exports.SEMATTRS_AWS_DYNAMODB_CONSUMED_CAPACITY = require_SemanticAttributes2.SEMATTRS_AWS_DYNAMODB_CONSUMED_CAPACITY;
    exports.SEMATTRS_AWS_DYNAMODB_COUNT = require_SemanticAttributes2.SEMATTRS_AWS_DYNAMODB_COUNT;
    exports.SEMATTRS_AWS_DYNAMODB_EXCLUSIVE_START_TABLE = require_SemanticAttributes2.SEMATTRS_AWS_DYNAMODB_EXCLUSIVE_START_TABLE;
    exports.SEMATTRS_AWS_DYNAMODB_GLOBAL_SECONDARY_INDEXES = require_SemanticAttributes2.SEMATTRS_AWS_DYNAMODB_GLOBAL_SECONDARY_INDEXES;
    exports.SEMATTRS_AWS_DYNAMODB_GLOBAL_SECONDARY_INDEX_UPDATES = require_SemanticAttributes2.SEMATTRS_AWS_DYNAMODB_GLOBAL_SECONDARY_INDEX_UPDATES;
    exports.SEMATTRS_AWS_DYNAMODB_INDEX_NAME = require_SemanticAttributes2.SEMATTRS_AWS_DYNAMODB_INDEX_NAME;
    exports.SEMATTRS_AWS_DYNAMODB_ITEM_COLLECTION_METRICS = require_SemanticAttributes2.SEMATTRS_AWS_DYNAMODB_ITEM_COLLECTION_METRICS;
    exports.SEMATTRS_AWS_DYNAMODB_LIMIT = require_SemanticAttributes2.SEMATTRS_AWS_DYNAMODB_LIMIT;
    exports.SEMATTRS_AWS_DYNAMODB_LOCAL_SECONDARY_INDEXES = require_SemanticAttributes2.SEMATTRS_AWS_DYNAMODB_LOCAL_SECONDARY_INDEXES;
    exports.SEMATTRS_AWS_DYNAMODB_PROJECTION = require_SemanticAttributes2.SEMATTRS_AWS_DYNAMODB_PROJECTION;
    exports.SEMATTRS_AWS_DYNAMODB_PROVISIONED_READ_CAPACITY = require_SemanticAttributes2.SEMATTRS_AWS_DYNAMODB_PROVISIONED_READ_CAPACITY;
    exports.SEMATTRS_AWS_DYNAMODB_PROVISIONED_WRITE_CAPACITY = require_SemanticAttributes2.SEMATTRS_AWS_DYNAMODB_PROVISIONED_WRITE_CAPACITY;
    exports.SEMATTRS_AWS_DYNAMODB_SCANNED_COUNT = require_SemanticAttributes2.SEMATTRS_AWS_DYNAMODB_SCANNED_COUNT;
    exports.SEMATTRS_AWS_DYNAMODB_SCAN_FORWARD = require_SemanticAttributes2.SEMATTRS_AWS_DYNAMODB_SCAN_FORWARD;
    exports.SEMATTRS_AWS_DYNAMODB_SEGMENT = require_SemanticAttributes2.SEMATTRS_AWS_DYNAMODB_SEGMENT;
    exports.SEMATTRS_AWS_DYNAMODB_SELECT = require_SemanticAttributes2.SEMATTRS_AWS_DYNAMODB_SELECT;
    exports.SEMATTRS_AWS_DYNAMODB_TABLE_COUNT = require_SemanticAttributes2.SEMATTRS_AWS_DYNAMODB_TABLE_COUNT;
    exports.SEMATTRS_AWS_DYNAMODB_TABLE_NAMES = require_SemanticAttributes2.SEMATTRS_AWS_DYNAMODB_TABLE_NAMES;
    exports.SEMATTRS_AWS_DYNAMODB_TOTAL_SEGMENTS = require_SemanticAttributes2.SEMATTRS_AWS_DYNAMODB_TOTAL_SEGMENTS;
    exports.SEMATTRS_AWS_LAMBDA_INVOKED_ARN = require_SemanticAttributes2.SEMATTRS_AWS_LAMBDA_INVOKED_ARN;
    exports.SEMATTRS_CODE_FILEPATH = require_SemanticAttributes2.SEMATTRS_CODE_FILEPATH;
    exports.SEMATTRS_CODE_FUNCTION = require_SemanticAttributes2.SEMATTRS_CODE_FUNCTION;
    exports.SEMATTRS_CODE_LINENO = require_SemanticAttributes2.SEMATTRS_CODE_LINENO;
    exports.SEMATTRS_CODE_NAMESPACE = require_SemanticAttributes2.SEMATTRS_CODE_NAMESPACE;
    exports.SEMATTRS_DB_CASSANDRA_CONSISTENCY_LEVEL = require_SemanticAttributes2.SEMATTRS_DB_CASSANDRA_CONSISTENCY_LEVEL;
    exports.SEMATTRS_DB_CASSANDRA_COORDINATOR_DC = require_SemanticAttributes2.SEMATTRS_DB_CASSANDRA_COORDINATOR_DC;
    exports.SEMATTRS_DB_CASSANDRA_COORDINATOR_ID = require_SemanticAttributes2.SEMATTRS_DB_CASSANDRA_COORDINATOR_ID;
    exports.SEMATTRS_DB_CASSANDRA_IDEMPOTENCE = require_SemanticAttributes2.SEMATTRS_DB_CASSANDRA_IDEMPOTENCE;
    exports.SEMATTRS_DB_CASSANDRA_KEYSPACE = require_SemanticAttributes2.SEMATTRS_DB_CASSANDRA_KEYSPACE;
    exports.SEMATTRS_DB_CASSANDRA_PAGE_SIZE = require_SemanticAttributes2.SEMATTRS_DB_CASSANDRA_PAGE_SIZE;
    exports.SEMATTRS_DB_CASSANDRA_SPECULATIVE_EXECUTION_COUNT = require_SemanticAttributes2.SEMATTRS_DB_CASSANDRA_SPECULATIVE_EXECUTION_COUNT;
    exports.SEMATTRS_DB_CASSANDRA_TABLE = require_SemanticAttributes2.SEMATTRS_DB_CASSANDRA_TABLE;
    exports.SEMATTRS_DB_CONNECTION_STRING = require_SemanticAttributes2.SEMATTRS_DB_CONNECTION_STRING;
    exports.SEMATTRS_DB_HBASE_NAMESPACE = require_SemanticAttributes2.SEMATTRS_DB_HBASE_NAMESPACE;
    exports.SEMATTRS_DB_JDBC_DRIVER_CLASSNAME = require_SemanticAttributes2.SEMATTRS_DB_JDBC_DRIVER_CLASSNAME;
    exports.SEMATTRS_DB_MONGODB_COLLECTION = require_SemanticAttributes2.SEMATTRS_DB_MONGODB_COLLECTION;
    exports.SEMATTRS_DB_MSSQL_INSTANCE_NAME = require_SemanticAttributes2.SEMATTRS_DB_MSSQL_INSTANCE_NAME;
    exports.SEMATTRS_DB_NAME = require_SemanticAttributes2.SEMATTRS_DB_NAME;
    exports.SEMATTRS_DB_OPERATION = require_SemanticAttributes2.SEMATTRS_DB_OPERATION;
    exports.SEMATTRS_DB_REDIS_DATABASE_INDEX = require_SemanticAttributes2.SEMATTRS_DB_REDIS_DATABASE_INDEX;
    exports.SEMATTRS_DB_SQL_TABLE = require_SemanticAttributes2.SEMATTRS_DB_SQL_TABLE;
    exports.SEMATTRS_DB_STATEMENT = require_SemanticAttributes2.SEMATTRS_DB_STATEMENT;
    exports.SEMATTRS_DB_SYSTEM = require_SemanticAttributes2.SEMATTRS_DB_SYSTEM;
    exports.SEMATTRS_DB_USER = require_SemanticAttributes2.SEMATTRS_DB_USER;
    exports.SEMATTRS_ENDUSER_ID = require_SemanticAttributes2.SEMATTRS_ENDUSER_ID;
    exports.SEMATTRS_ENDUSER_ROLE = require_SemanticAttributes2.SEMATTRS_ENDUSER_ROLE;
    exports.SEMATTRS_ENDUSER_SCOPE = require_SemanticAttributes2.SEMATTRS_ENDUSER_SCOPE;
    exports.SEMATTRS_EXCEPTION_ESCAPED = require_SemanticAttributes2.SEMATTRS_EXCEPTION_ESCAPED;
    exports.SEMATTRS_EXCEPTION_MESSAGE = require_SemanticAttributes2.SEMATTRS_EXCEPTION_MESSAGE;
    exports.SEMATTRS_EXCEPTION_STACKTRACE = require_SemanticAttributes2.SEMATTRS_EXCEPTION_STACKTRACE;
    exports.SEMATTRS_EXCEPTION_TYPE = require_SemanticAttributes2.SEMATTRS_EXCEPTION_TYPE;
    exports.SEMATTRS_FAAS_COLDSTART = require_SemanticAttributes2.SEMATTRS_FAAS_COLDSTART;
    exports.SEMATTRS_FAAS_CRON = require_SemanticAttributes2.SEMATTRS_FAAS_CRON;
    exports.SEMATTRS_FAAS_DOCUMENT_COLLECTION = require_SemanticAttributes2.SEMATTRS_FAAS_DOCUMENT_COLLECTION;
    exports.SEMATTRS_FAAS_DOCUMENT_NAME = require_SemanticAttributes2.SEMATTRS_FAAS_DOCUMENT_NAME;
    exports.SEMATTRS_FAAS_DOCUMENT_OPERATION = require_SemanticAttributes2.SEMATTRS_FAAS_DOCUMENT_OPERATION;
    exports.SEMATTRS_FAAS_DOCUMENT_TIME = require_SemanticAttributes2.SEMATTRS_FAAS_DOCUMENT_TIME;
    exports.SEMATTRS_FAAS_EXECUTION = require_SemanticAttributes2.SEMATTRS_FAAS_EXECUTION;
    exports.SEMATTRS_FAAS_INVOKED_NAME = require_SemanticAttributes2.SEMATTRS_FAAS_INVOKED_NAME;
    exports.SEMATTRS_FAAS_INVOKED_PROVIDER = require_SemanticAttributes2.SEMATTRS_FAAS_INVOKED_PROVIDER;
    exports.SEMATTRS_FAAS_INVOKED_REGION = require_SemanticAttributes2.SEMATTRS_FAAS_INVOKED_REGION;
    exports.SEMATTRS_FAAS_TIME = require_SemanticAttributes2.SEMATTRS_FAAS_TIME;
    exports.SEMATTRS_FAAS_TRIGGER = require_SemanticAttributes2.SEMATTRS_FAAS_TRIGGER;
    exports.SEMATTRS_HTTP_CLIENT_IP = require_SemanticAttributes2.SEMATTRS_HTTP_CLIENT_IP;
    exports.SEMATTRS_HTTP_FLAVOR = require_SemanticAttributes2.SEMATTRS_HTTP_FLAVOR;
    exports.SEMATTRS_HTTP_HOST = require_SemanticAttributes2.SEMATTRS_HTTP_HOST;
    exports.SEMATTRS_HTTP_METHOD = require_SemanticAttributes2.SEMATTRS_HTTP_METHOD;
    exports.SEMATTRS_HTTP_REQUEST_CONTENT_LENGTH = require_SemanticAttributes2.SEMATTRS_HTTP_REQUEST_CONTENT_LENGTH;
    exports.SEMATTRS_HTTP_REQUEST_CONTENT_LENGTH_UNCOMPRESSED = require_SemanticAttributes2.SEMATTRS_HTTP_REQUEST_CONTENT_LENGTH_UNCOMPRESSED;
    exports.SEMATTRS_HTTP_RESPONSE_CONTENT_LENGTH = require_SemanticAttributes2.SEMATTRS_HTTP_RESPONSE_CONTENT_LENGTH;
    exports.SEMATTRS_HTTP_RESPONSE_CONTENT_LENGTH_UNCOMPRESSED = require_SemanticAttributes2.SEMATTRS_HTTP_RESPONSE_CONTENT_LENGTH_UNCOMPRESSED;
    exports.SEMATTRS_HTTP_ROUTE = require_SemanticAttributes2.SEMATTRS_HTTP_ROUTE;
    exports.SEMATTRS_HTTP_SCHEME = require_SemanticAttributes2.SEMATTRS_HTTP_SCHEME;
    exports.SEMATTRS_HTTP_SERVER_NAME = require_SemanticAttributes2.SEMATTRS_HTTP_SERVER_NAME;
    exports.SEMATTRS_HTTP_STATUS_CODE = require_SemanticAttributes2.SEMATTRS_HTTP_STATUS_CODE;
    exports.SEMATTRS_HTTP_TARGET = require_SemanticAttributes2.SEMATTRS_HTTP_TARGET;
    exports.SEMATTRS_HTTP_URL = require_SemanticAttributes2.SEMATTRS_HTTP_URL;
    exports.SEMATTRS_HTTP_USER_AGENT = require_SemanticAttributes2.SEMATTRS_HTTP_USER_AGENT;
    exports.SEMATTRS_MESSAGE_COMPRESSED_SIZE = require_SemanticAttributes2.SEMATTRS_MESSAGE_COMPRESSED_SIZE;
    exports.SEMATTRS_MESSAGE_ID = require_SemanticAttributes2.SEMATTRS_MESSAGE_ID;
    exports.SEMATTRS_MESSAGE_TYPE = require_SemanticAttributes2.SEMATTRS_MESSAGE_TYPE;
    exports.SEMATTRS_MESSAGE_UNCOMPRESSED_SIZE = require_SemanticAttributes2.SEMATTRS_MESSAGE_UNCOMPRESSED_SIZE;
    exports.SEMATTRS_MESSAGING_CONSUMER_ID = require_SemanticAttributes2.SEMATTRS_MESSAGING_CONSUMER_ID;
    exports.SEMATTRS_MESSAGING_CONVERSATION_ID = require_SemanticAttributes2.SEMATTRS_MESSAGING_CONVERSATION_ID;
    exports.SEMATTRS_MESSAGING_DESTINATION = require_SemanticAttributes2.SEMATTRS_MESSAGING_DESTINATION;
    exports.SEMATTRS_MESSAGING_DESTINATION_KIND = require_SemanticAttributes2.SEMATTRS_MESSAGING_DESTINATION_KIND;
    exports.SEMATTRS_MESSAGING_KAFKA_CLIENT_ID = require_SemanticAttributes2.SEMATTRS_MESSAGING_KAFKA_CLIENT_ID;
    exports.SEMATTRS_MESSAGING_KAFKA_CONSUMER_GROUP = require_SemanticAttributes2.SEMATTRS_MESSAGING_KAFKA_CONSUMER_GROUP;
    exports.SEMATTRS_MESSAGING_KAFKA_MESSAGE_KEY = require_SemanticAttributes2.SEMATTRS_MESSAGING_KAFKA_MESSAGE_KEY;
    exports.SEMATTRS_MESSAGING_KAFKA_PARTITION = require_SemanticAttributes2.SEMATTRS_MESSAGING_KAFKA_PARTITION;
    exports.SEMATTRS_MESSAGING_KAFKA_TOMBSTONE = require_SemanticAttributes2.SEMATTRS_MESSAGING_KAFKA_TOMBSTONE;
    exports.SEMATTRS_MESSAGING_MESSAGE_ID = require_SemanticAttributes2.SEMATTRS_MESSAGING_MESSAGE_ID;
    exports.SEMATTRS_MESSAGING_MESSAGE_PAYLOAD_COMPRESSED_SIZE_BYTES = require_SemanticAttributes2.SEMATTRS_MESSAGING_MESSAGE_PAYLOAD_COMPRESSED_SIZE_BYTES;
    exports.SEMATTRS_MESSAGING_MESSAGE_PAYLOAD_SIZE_BYTES = require_SemanticAttributes2.SEMATTRS_MESSAGING_MESSAGE_PAYLOAD_SIZE_BYTES;
    exports.SEMATTRS_MESSAGING_OPERATION = require_SemanticAttributes2.SEMATTRS_MESSAGING_OPERATION;
    exports.SEMATTRS_MESSAGING_PROTOCOL = require_SemanticAttributes2.SEMATTRS_MESSAGING_PROTOCOL;
    exports.SEMATTRS_MESSAGING_PROTOCOL_VERSION = require_SemanticAttributes2.SEMATTRS_MESSAGING_PROTOCOL_VERSION;
    exports.SEMATTRS_MESSAGING_RABBITMQ_ROUTING_KEY = require_SemanticAttributes2.SEMATTRS_MESSAGING_RABBITMQ_ROUTING_KEY;
    exports.SEMATTRS_MESSAGING_SYSTEM = require_SemanticAttributes2.SEMATTRS_MESSAGING_SYSTEM;
    exports.SEMATTRS_MESSAGING_TEMP_DESTINATION = require_SemanticAttributes2.SEMATTRS_MESSAGING_TEMP_DESTINATION;
    exports.SEMATTRS_MESSAGING_URL = require_SemanticAttributes2.SEMATTRS_MESSAGING_URL;
    exports.SEMATTRS_NET_HOST_CARRIER_ICC = require_SemanticAttributes2.SEMATTRS_NET_HOST_CARRIER_ICC;
    exports.SEMATTRS_NET_HOST_CARRIER_MCC = require_SemanticAttributes2.SEMATTRS_NET_HOST_CARRIER_MCC;
    exports.SEMATTRS_NET_HOST_CARRIER_MNC = require_SemanticAttributes2.SEMATTRS_NET_HOST_CARRIER_MNC;
    exports.SEMATTRS_NET_HOST_CARRIER_NAME = require_SemanticAttributes2.SEMATTRS_NET_HOST_CARRIER_NAME;
    exports.SEMATTRS_NET_HOST_CONNECTION_SUBTYPE = require_SemanticAttributes2.SEMATTRS_NET_HOST_CONNECTION_SUBTYPE;
    exports.SEMATTRS_NET_HOST_CONNECTION_TYPE = require_SemanticAttributes2.SEMATTRS_NET_HOST_CONNECTION_TYPE;
    exports.SEMATTRS_NET_HOST_IP = require_SemanticAttributes2.SEMATTRS_NET_HOST_IP;
    exports.SEMATTRS_NET_HOST_NAME = require_SemanticAttributes2.SEMATTRS_NET_HOST_NAME;
    exports.SEMATTRS_NET_HOST_PORT = require_SemanticAttributes2.SEMATTRS_NET_HOST_PORT;
    exports.SEMATTRS_NET_PEER_IP = require_SemanticAttributes2.SEMATTRS_NET_PEER_IP;
    exports.SEMATTRS_NET_PEER_NAME = require_SemanticAttributes2.SEMATTRS_NET_PEER_NAME;
    exports.SEMATTRS_NET_PEER_PORT = require_SemanticAttributes2.SEMATTRS_NET_PEER_PORT;
    exports.SEMATTRS_NET_TRANSPORT = require_SemanticAttributes2.SEMATTRS_NET_TRANSPORT;
    exports.SEMATTRS_PEER_SERVICE = require_SemanticAttributes2.SEMATTRS_PEER_SERVICE;
    exports.SEMATTRS_RPC_GRPC_STATUS_CODE = require_SemanticAttributes2.SEMATTRS_RPC_GRPC_STATUS_CODE;
    exports.SEMATTRS_RPC_JSONRPC_ERROR_CODE = require_SemanticAttributes2.SEMATTRS_RPC_JSONRPC_ERROR_CODE;
    exports.SEMATTRS_RPC_JSONRPC_ERROR_MESSAGE = require_SemanticAttributes2.SEMATTRS_RPC_JSONRPC_ERROR_MESSAGE;
    exports.SEMATTRS_RPC_JSONRPC_REQUEST_ID = require_SemanticAttributes2.SEMATTRS_RPC_JSONRPC_REQUEST_ID;
    exports.SEMATTRS_RPC_JSONRPC_VERSION = require_SemanticAttributes2.SEMATTRS_RPC_JSONRPC_VERSION;
    exports.SEMATTRS_RPC_METHOD = require_SemanticAttributes2.SEMATTRS_RPC_METHOD;
    exports.SEMATTRS_RPC_SERVICE = require_SemanticAttributes2.SEMATTRS_RPC_SERVICE;
    exports.SEMATTRS_RPC_SYSTEM = require_SemanticAttributes2.SEMATTRS_RPC_SYSTEM;
    exports.SEMATTRS_THREAD_ID = require_SemanticAttributes2.SEMATTRS_THREAD_ID;
    exports.SEMATTRS_THREAD_NAME = require_SemanticAttributes2.SEMATTRS_THREAD_NAME;
    exports.SEMRESATTRS_AWS_ECS_CLUSTER_ARN = require_SemanticResourceAttributes2.SEMRESATTRS_AWS_ECS_CLUSTER_ARN;
    exports.SEMRESATTRS_AWS_ECS_CONTAINER_ARN = require_SemanticResourceAttributes2.SEMRESATTRS_AWS_ECS_CONTAINER_ARN;
    exports.SEMRESATTRS_AWS_ECS_LAUNCHTYPE = require_SemanticResourceAttributes2.SEMRESATTRS_AWS_ECS_LAUNCHTYPE;
    exports.SEMRESATTRS_AWS_ECS_TASK_ARN = require_SemanticResourceAttributes2.SEMRESATTRS_AWS_ECS_TASK_ARN;
    exports.SEMRESATTRS_AWS_ECS_TASK_FAMILY = require_SemanticResourceAttributes2.SEMRESATTRS_AWS_ECS_TASK_FAMILY;
    exports.SEMRESATTRS_AWS_ECS_TASK_REVISION = require_SemanticResourceAttributes2.SEMRESATTRS_AWS_ECS_TASK_REVISION;
    exports.SEMRESATTRS_AWS_EKS_CLUSTER_ARN = require_SemanticResourceAttributes2.SEMRESATTRS_AWS_EKS_CLUSTER_ARN;
    exports.SEMRESATTRS_AWS_LOG_GROUP_ARNS = require_SemanticResourceAttributes2.SEMRESATTRS_AWS_LOG_GROUP_ARNS;
    exports.SEMRESATTRS_AWS_LOG_GROUP_NAMES = require_SemanticResourceAttributes2.SEMRESATTRS_AWS_LOG_GROUP_NAMES;
    exports.SEMRESATTRS_AWS_LOG_STREAM_ARNS = require_SemanticResourceAttributes2.SEMRESATTRS_AWS_LOG_STREAM_ARNS;
    exports.SEMRESATTRS_AWS_LOG_STREAM_NAMES = require_SemanticResourceAttributes2.SEMRESATTRS_AWS_LOG_STREAM_NAMES;
    exports.SEMRESATTRS_CLOUD_ACCOUNT_ID = require_SemanticResourceAttributes2.SEMRESATTRS_CLOUD_ACCOUNT_ID;
    exports.SEMRESATTRS_CLOUD_AVAILABILITY_ZONE = require_SemanticResourceAttributes2.SEMRESATTRS_CLOUD_AVAILABILITY_ZONE;
    exports.SEMRESATTRS_CLOUD_PLATFORM = require_SemanticResourceAttributes2.SEMRESATTRS_CLOUD_PLATFORM;
    exports.SEMRESATTRS_CLOUD_PROVIDER = require_SemanticResourceAttributes2.SEMRESATTRS_CLOUD_PROVIDER;
    exports.SEMRESATTRS_CLOUD_REGION = require_SemanticResourceAttributes2.SEMRESATTRS_CLOUD_REGION;
    exports.SEMRESATTRS_CONTAINER_ID = require_SemanticResourceAttributes2.SEMRESATTRS_CONTAINER_ID;
    exports.SEMRESATTRS_CONTAINER_IMAGE_NAME = require_SemanticResourceAttributes2.SEMRESATTRS_CONTAINER_IMAGE_NAME;
    exports.SEMRESATTRS_CONTAINER_IMAGE_TAG = require_SemanticResourceAttributes2.SEMRESATTRS_CONTAINER_IMAGE_TAG;
    exports.SEMRESATTRS_CONTAINER_NAME = require_SemanticResourceAttributes2.SEMRESATTRS_CONTAINER_NAME;
    exports.SEMRESATTRS_CONTAINER_RUNTIME = require_SemanticResourceAttributes2.SEMRESATTRS_CONTAINER_RUNTIME;
    exports.SEMRESATTRS_DEPLOYMENT_ENVIRONMENT = require_SemanticResourceAttributes2.SEMRESATTRS_DEPLOYMENT_ENVIRONMENT;
    exports.SEMRESATTRS_DEVICE_ID = require_SemanticResourceAttributes2.SEMRESATTRS_DEVICE_ID;
    exports.SEMRESATTRS_DEVICE_MODEL_IDENTIFIER = require_SemanticResourceAttributes2.SEMRESATTRS_DEVICE_MODEL_IDENTIFIER;
    exports.SEMRESATTRS_DEVICE_MODEL_NAME = require_SemanticResourceAttributes2.SEMRESATTRS_DEVICE_MODEL_NAME;
    exports.SEMRESATTRS_FAAS_ID = require_SemanticResourceAttributes2.SEMRESATTRS_FAAS_ID;
    exports.SEMRESATTRS_FAAS_INSTANCE = require_SemanticResourceAttributes2.SEMRESATTRS_FAAS_INSTANCE;
    exports.SEMRESATTRS_FAAS_MAX_MEMORY = require_SemanticResourceAttributes2.SEMRESATTRS_FAAS_MAX_MEMORY;
    exports.SEMRESATTRS_FAAS_NAME = require_SemanticResourceAttributes2.SEMRESATTRS_FAAS_NAME;
    exports.SEMRESATTRS_FAAS_VERSION = require_SemanticResourceAttributes2.SEMRESATTRS_FAAS_VERSION;
    exports.SEMRESATTRS_HOST_ARCH = require_SemanticResourceAttributes2.SEMRESATTRS_HOST_ARCH;
    exports.SEMRESATTRS_HOST_ID = require_SemanticResourceAttributes2.SEMRESATTRS_HOST_ID;
    exports.SEMRESATTRS_HOST_IMAGE_ID = require_SemanticResourceAttributes2.SEMRESATTRS_HOST_IMAGE_ID;
    exports.SEMRESATTRS_HOST_IMAGE_NAME = require_SemanticResourceAttributes2.SEMRESATTRS_HOST_IMAGE_NAME;
    exports.SEMRESATTRS_HOST_IMAGE_VERSION = require_SemanticResourceAttributes2.SEMRESATTRS_HOST_IMAGE_VERSION;
    exports.SEMRESATTRS_HOST_NAME = require_SemanticResourceAttributes2.SEMRESATTRS_HOST_NAME;
    exports.SEMRESATTRS_HOST_TYPE = require_SemanticResourceAttributes2.SEMRESATTRS_HOST_TYPE;
    exports.SEMRESATTRS_K8S_CLUSTER_NAME = require_SemanticResourceAttributes2.SEMRESATTRS_K8S_CLUSTER_NAME;
    exports.SEMRESATTRS_K8S_CONTAINER_NAME = require_SemanticResourceAttributes2.SEMRESATTRS_K8S_CONTAINER_NAME;
    exports.SEMRESATTRS_K8S_CRONJOB_NAME = require_SemanticResourceAttributes2.SEMRESATTRS_K8S_CRONJOB_NAME;
    exports.SEMRESATTRS_K8S_CRONJOB_UID = require_SemanticResourceAttributes2.SEMRESATTRS_K8S_CRONJOB_UID;
    exports.SEMRESATTRS_K8S_DAEMONSET_NAME = require_SemanticResourceAttributes2.SEMRESATTRS_K8S_DAEMONSET_NAME;
    exports.SEMRESATTRS_K8S_DAEMONSET_UID = require_SemanticResourceAttributes2.SEMRESATTRS_K8S_DAEMONSET_UID;
    exports.SEMRESATTRS_K8S_DEPLOYMENT_NAME = require_SemanticResourceAttributes2.SEMRESATTRS_K8S_DEPLOYMENT_NAME;
    exports.SEMRESATTRS_K8S_DEPLOYMENT_UID = require_SemanticResourceAttributes2.SEMRESATTRS_K8S_DEPLOYMENT_UID;
    exports.SEMRESATTRS_K8S_JOB_NAME = require_SemanticResourceAttributes2.SEMRESATTRS_K8S_JOB_NAME;
    exports.SEMRESATTRS_K8S_JOB_UID = require_SemanticResourceAttributes2.SEMRESATTRS_K8S_JOB_UID;
    exports.SEMRESATTRS_K8S_NAMESPACE_NAME = require_SemanticResourceAttributes2.SEMRESATTRS_K8S_NAMESPACE_NAME;
    exports.SEMRESATTRS_K8S_NODE_NAME = require_SemanticResourceAttributes2.SEMRESATTRS_K8S_NODE_NAME;
    exports.SEMRESATTRS_K8S_NODE_UID = require_SemanticResourceAttributes2.SEMRESATTRS_K8S_NODE_UID;
    exports.SEMRESATTRS_K8S_POD_NAME = require_SemanticResourceAttributes2.SEMRESATTRS_K8S_POD_NAME;
    exports.SEMRESATTRS_K8S_POD_UID = require_SemanticResourceAttributes2.SEMRESATTRS_K8S_POD_UID;
    exports.SEMRESATTRS_K8S_REPLICASET_NAME = require_SemanticResourceAttributes2.SEMRESATTRS_K8S_REPLICASET_NAME;
    exports.SEMRESATTRS_K8S_REPLICASET_UID = require_SemanticResourceAttributes2.SEMRESATTRS_K8S_REPLICASET_UID;
    exports.SEMRESATTRS_K8S_STATEFULSET_NAME = require_SemanticResourceAttributes2.SEMRESATTRS_K8S_STATEFULSET_NAME;
    exports.SEMRESATTRS_K8S_STATEFULSET_UID = require_SemanticResourceAttributes2.SEMRESATTRS_K8S_STATEFULSET_UID;
    exports.SEMRESATTRS_OS_DESCRIPTION = require_SemanticResourceAttributes2.SEMRESATTRS_OS_DESCRIPTION;
    exports.SEMRESATTRS_OS_NAME = require_SemanticResourceAttributes2.SEMRESATTRS_OS_NAME;
    exports.SEMRESATTRS_OS_TYPE = require_SemanticResourceAttributes2.SEMRESATTRS_OS_TYPE;
    exports.SEMRESATTRS_OS_VERSION = require_SemanticResourceAttributes2.SEMRESATTRS_OS_VERSION;
    exports.SEMRESATTRS_PROCESS_COMMAND = require_SemanticResourceAttributes2.SEMRESATTRS_PROCESS_COMMAND;
    exports.SEMRESATTRS_PROCESS_COMMAND_ARGS = require_SemanticResourceAttributes2.SEMRESATTRS_PROCESS_COMMAND_ARGS;
    exports.SEMRESATTRS_PROCESS_COMMAND_LINE = require_SemanticResourceAttributes2.SEMRESATTRS_PROCESS_COMMAND_LINE;
    exports.SEMRESATTRS_PROCESS_EXECUTABLE_NAME = require_SemanticResourceAttributes2.SEMRESATTRS_PROCESS_EXECUTABLE_NAME;
    exports.SEMRESATTRS_PROCESS_EXECUTABLE_PATH = require_SemanticResourceAttributes2.SEMRESATTRS_PROCESS_EXECUTABLE_PATH;
    exports.SEMRESATTRS_PROCESS_OWNER = require_SemanticResourceAttributes2.SEMRESATTRS_PROCESS_OWNER;
    exports.SEMRESATTRS_PROCESS_PID = require_SemanticResourceAttributes2.SEMRESATTRS_PROCESS_PID;
    exports.SEMRESATTRS_PROCESS_RUNTIME_DESCRIPTION = require_SemanticResourceAttributes2.SEMRESATTRS_PROCESS_RUNTIME_DESCRIPTION;
    exports.SEMRESATTRS_PROCESS_RUNTIME_NAME = require_SemanticResourceAttributes2.SEMRESATTRS_PROCESS_RUNTIME_NAME;
    exports.SEMRESATTRS_PROCESS_RUNTIME_VERSION = require_SemanticResourceAttributes2.SEMRESATTRS_PROCESS_RUNTIME_VERSION;
    exports.SEMRESATTRS_SERVICE_INSTANCE_ID = require_SemanticResourceAttributes2.SEMRESATTRS_SERVICE_INSTANCE_ID;
    exports.SEMRESATTRS_SERVICE_NAME = require_SemanticResourceAttributes2.SEMRESATTRS_SERVICE_NAME;
    exports.SEMRESATTRS_SERVICE_NAMESPACE = require_SemanticResourceAttributes2.SEMRESATTRS_SERVICE_NAMESPACE;
    exports.SEMRESATTRS_SERVICE_VERSION = require_SemanticResourceAttributes2.SEMRESATTRS_SERVICE_VERSION;
    exports.SEMRESATTRS_TELEMETRY_AUTO_VERSION = require_SemanticResourceAttributes2.SEMRESATTRS_TELEMETRY_AUTO_VERSION;
    exports.SEMRESATTRS_TELEMETRY_SDK_LANGUAGE = require_SemanticResourceAttributes2.SEMRESATTRS_TELEMETRY_SDK_LANGUAGE;
    exports.SEMRESATTRS_TELEMETRY_SDK_NAME = require_SemanticResourceAttributes2.SEMRESATTRS_TELEMETRY_SDK_NAME;
    exports.SEMRESATTRS_TELEMETRY_SDK_VERSION = require_SemanticResourceAttributes2.SEMRESATTRS_TELEMETRY_SDK_VERSION;
    exports.SEMRESATTRS_WEBENGINE_DESCRIPTION = require_SemanticResourceAttributes2.SEMRESATTRS_WEBENGINE_DESCRIPTION;
    exports.SEMRESATTRS_WEBENGINE_NAME = require_SemanticResourceAttributes2.SEMRESATTRS_WEBENGINE_NAME;
    exports.SEMRESATTRS_WEBENGINE_VERSION = require_SemanticResourceAttributes2.SEMRESATTRS_WEBENGINE_VERSION;
    exports.SIGNALR_CONNECTION_STATUS_VALUE_APP_SHUTDOWN = require_stable_attributes2.SIGNALR_CONNECTION_STATUS_VALUE_APP_SHUTDOWN;
    exports.SIGNALR_CONNECTION_STATUS_VALUE_NORMAL_CLOSURE = require_stable_attributes2.SIGNALR_CONNECTION_STATUS_VALUE_NORMAL_CLOSURE;
    exports.SIGNALR_CONNECTION_STATUS_VALUE_TIMEOUT = require_stable_attributes2.SIGNALR_CONNECTION_STATUS_VALUE_TIMEOUT;
    exports.SIGNALR_TRANSPORT_VALUE_LONG_POLLING = require_stable_attributes2.SIGNALR_TRANSPORT_VALUE_LONG_POLLING;
    exports.SIGNALR_TRANSPORT_VALUE_SERVER_SENT_EVENTS = require_stable_attributes2.SIGNALR_TRANSPORT_VALUE_SERVER_SENT_EVENTS;
    exports.SIGNALR_TRANSPORT_VALUE_WEB_SOCKETS = require_stable_attributes2.SIGNALR_TRANSPORT_VALUE_WEB_SOCKETS;
    exports.SemanticAttributes = require_SemanticAttributes2.SemanticAttributes;
    exports.SemanticResourceAttributes = require_SemanticResourceAttributes2.SemanticResourceAttributes;
    exports.TELEMETRYSDKLANGUAGEVALUES_CPP = require_SemanticResourceAttributes2.TELEMETRYSDKLANGUAGEVALUES_CPP;
    exports.TELEMETRYSDKLANGUAGEVALUES_DOTNET = require_SemanticResourceAttributes2.TELEMETRYSDKLANGUAGEVALUES_DOTNET;
    exports.TELEMETRYSDKLANGUAGEVALUES_ERLANG = require_SemanticResourceAttributes2.TELEMETRYSDKLANGUAGEVALUES_ERLANG;
    exports.TELEMETRYSDKLANGUAGEVALUES_GO = require_SemanticResourceAttributes2.TELEMETRYSDKLANGUAGEVALUES_GO;
    exports.TELEMETRYSDKLANGUAGEVALUES_JAVA = require_SemanticResourceAttributes2.TELEMETRYSDKLANGUAGEVALUES_JAVA;
    exports.TELEMETRYSDKLANGUAGEVALUES_NODEJS = require_SemanticResourceAttributes2.TELEMETRYSDKLANGUAGEVALUES_NODEJS;
    exports.TELEMETRYSDKLANGUAGEVALUES_PHP = require_SemanticResourceAttributes2.TELEMETRYSDKLANGUAGEVALUES_PHP;
    exports.TELEMETRYSDKLANGUAGEVALUES_PYTHON = require_SemanticResourceAttributes2.TELEMETRYSDKLANGUAGEVALUES_PYTHON;
    exports.TELEMETRYSDKLANGUAGEVALUES_RUBY = require_SemanticResourceAttributes2.TELEMETRYSDKLANGUAGEVALUES_RUBY;
    exports.TELEMETRYSDKLANGUAGEVALUES_WEBJS = require_SemanticResourceAttributes2.TELEMETRYSDKLANGUAGEVALUES_WEBJS;
    exports.TELEMETRY_SDK_LANGUAGE_VALUE_CPP = require_stable_attributes2.TELEMETRY_SDK_LANGUAGE_VALUE_CPP;
    exports.TELEMETRY_SDK_LANGUAGE_VALUE_DOTNET = require_stable_attributes2.TELEMETRY_SDK_LANGUAGE_VALUE_DOTNET;
    exports.TELEMETRY_SDK_LANGUAGE_VALUE_ERLANG = require_stable_attributes2.TELEMETRY_SDK_LANGUAGE_VALUE_ERLANG;
    exports.TELEMETRY_SDK_LANGUAGE_VALUE_GO = require_stable_attributes2.TELEMETRY_SDK_LANGUAGE_VALUE_GO;
    exports.TELEMETRY_SDK_LANGUAGE_VALUE_JAVA = require_stable_attributes2.TELEMETRY_SDK_LANGUAGE_VALUE_JAVA;
    exports.TELEMETRY_SDK_LANGUAGE_VALUE_KOTLIN = require_stable_attributes2.TELEMETRY_SDK_LANGUAGE_VALUE_KOTLIN;
    exports.TELEMETRY_SDK_LANGUAGE_VALUE_NODEJS = require_stable_attributes2.TELEMETRY_SDK_LANGUAGE_VALUE_NODEJS;
    exports.TELEMETRY_SDK_LANGUAGE_VALUE_PHP = require_stable_attributes2.TELEMETRY_SDK_LANGUAGE_VALUE_PHP;
    exports.TELEMETRY_SDK_LANGUAGE_VALUE_PYTHON = require_stable_attributes2.TELEMETRY_SDK_LANGUAGE_VALUE_PYTHON;
    exports.TELEMETRY_SDK_LANGUAGE_VALUE_RUBY = require_stable_attributes2.TELEMETRY_SDK_LANGUAGE_VALUE_RUBY;
    exports.TELEMETRY_SDK_LANGUAGE_VALUE_RUST = require_stable_attributes2.TELEMETRY_SDK_LANGUAGE_VALUE_RUST;
    exports.TELEMETRY_SDK_LANGUAGE_VALUE_SWIFT = require_stable_attributes2.TELEMETRY_SDK_LANGUAGE_VALUE_SWIFT;
    exports.TELEMETRY_SDK_LANGUAGE_VALUE_WEBJS = require_stable_attributes2.TELEMETRY_SDK_LANGUAGE_VALUE_WEBJS;
    exports.TelemetrySdkLanguageValues = require_SemanticResourceAttributes2.TelemetrySdkLanguageValues;
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/semconv.js
var require_semconv = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/semconv.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.ATTR_PROCESS_RUNTIME_NAME = void 0;
    exports.ATTR_PROCESS_RUNTIME_NAME = "process.runtime.name";
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/platform/node/sdk-info.js
var require_sdk_info = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/platform/node/sdk-info.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.SDK_INFO = void 0;
    var version_1 = require_version();
    var semantic_conventions_1 = require_dist();
    var semconv_1 = require_semconv();
    exports.SDK_INFO = {
      [semantic_conventions_1.ATTR_TELEMETRY_SDK_NAME]: "opentelemetry",
      [semconv_1.ATTR_PROCESS_RUNTIME_NAME]: "node",
      [semantic_conventions_1.ATTR_TELEMETRY_SDK_LANGUAGE]: semantic_conventions_1.TELEMETRY_SDK_LANGUAGE_VALUE_NODEJS,
      [semantic_conventions_1.ATTR_TELEMETRY_SDK_VERSION]: version_1.VERSION
    };
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/platform/node/index.js
var require_node = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/platform/node/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.otperformance = exports.SDK_INFO = exports._globalThis = exports.getStringListFromEnv = exports.getNumberFromEnv = exports.getBooleanFromEnv = exports.getStringFromEnv = void 0;
    var environment_1 = require_environment();
    Object.defineProperty(exports, "getStringFromEnv", { enumerable: true, get: function() {
      return environment_1.getStringFromEnv;
    } });
    Object.defineProperty(exports, "getBooleanFromEnv", { enumerable: true, get: function() {
      return environment_1.getBooleanFromEnv;
    } });
    Object.defineProperty(exports, "getNumberFromEnv", { enumerable: true, get: function() {
      return environment_1.getNumberFromEnv;
    } });
    Object.defineProperty(exports, "getStringListFromEnv", { enumerable: true, get: function() {
      return environment_1.getStringListFromEnv;
    } });
    var globalThis_1 = require_globalThis();
    Object.defineProperty(exports, "_globalThis", { enumerable: true, get: function() {
      return globalThis_1._globalThis;
    } });
    var sdk_info_1 = require_sdk_info();
    Object.defineProperty(exports, "SDK_INFO", { enumerable: true, get: function() {
      return sdk_info_1.SDK_INFO;
    } });
    exports.otperformance = performance;
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/platform/index.js
var require_platform = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/platform/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.getStringListFromEnv = exports.getNumberFromEnv = exports.getStringFromEnv = exports.getBooleanFromEnv = exports.otperformance = exports._globalThis = exports.SDK_INFO = void 0;
    var node_1 = require_node();
    Object.defineProperty(exports, "SDK_INFO", { enumerable: true, get: function() {
      return node_1.SDK_INFO;
    } });
    Object.defineProperty(exports, "_globalThis", { enumerable: true, get: function() {
      return node_1._globalThis;
    } });
    Object.defineProperty(exports, "otperformance", { enumerable: true, get: function() {
      return node_1.otperformance;
    } });
    Object.defineProperty(exports, "getBooleanFromEnv", { enumerable: true, get: function() {
      return node_1.getBooleanFromEnv;
    } });
    Object.defineProperty(exports, "getStringFromEnv", { enumerable: true, get: function() {
      return node_1.getStringFromEnv;
    } });
    Object.defineProperty(exports, "getNumberFromEnv", { enumerable: true, get: function() {
      return node_1.getNumberFromEnv;
    } });
    Object.defineProperty(exports, "getStringListFromEnv", { enumerable: true, get: function() {
      return node_1.getStringListFromEnv;
    } });
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/common/time.js
var require_time = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/common/time.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.addHrTimes = exports.isTimeInput = exports.isTimeInputHrTime = exports.hrTimeToSeconds = exports.hrTimeToMilliseconds = exports.hrTimeToMicroseconds = exports.hrTimeToNanoseconds = exports.hrTimeToTimeStamp = exports.hrTimeDuration = exports.timeInputToHrTime = exports.hrTime = exports.getTimeOrigin = exports.millisToHrTime = void 0;
    var platform_1 = require_platform();
    var NANOSECOND_DIGITS = 9;
    var NANOSECOND_DIGITS_IN_MILLIS = 6;
    var MILLISECONDS_TO_NANOSECONDS = Math.pow(10, NANOSECOND_DIGITS_IN_MILLIS);
    var SECOND_TO_NANOSECONDS = Math.pow(10, NANOSECOND_DIGITS);
    function millisToHrTime(epochMillis) {
      const epochSeconds = epochMillis / 1e3;
      const seconds = Math.trunc(epochSeconds);
      const nanos = Math.round(epochMillis % 1e3 * MILLISECONDS_TO_NANOSECONDS);
      return [seconds, nanos];
    }
    exports.millisToHrTime = millisToHrTime;
    function getTimeOrigin() {
      return platform_1.otperformance.timeOrigin;
    }
    exports.getTimeOrigin = getTimeOrigin;
    function hrTime(performanceNow) {
      const timeOrigin = millisToHrTime(platform_1.otperformance.timeOrigin);
      const now = millisToHrTime(typeof performanceNow === "number" ? performanceNow : platform_1.otperformance.now());
      return addHrTimes(timeOrigin, now);
    }
    exports.hrTime = hrTime;
    function timeInputToHrTime(time) {
      if (isTimeInputHrTime(time)) {
        return time;
      } else if (typeof time === "number") {
        if (time < platform_1.otperformance.timeOrigin / 2) {
          return hrTime(time);
        } else {
          return millisToHrTime(time);
        }
      } else if (time instanceof Date) {
        return millisToHrTime(time.getTime());
      } else {
        throw TypeError("Invalid input type");
      }
    }
    exports.timeInputToHrTime = timeInputToHrTime;
    function hrTimeDuration(startTime, endTime) {
      let seconds = endTime[0] - startTime[0];
      let nanos = endTime[1] - startTime[1];
      if (nanos < 0) {
        seconds -= 1;
        nanos += SECOND_TO_NANOSECONDS;
      }
      return [seconds, nanos];
    }
    exports.hrTimeDuration = hrTimeDuration;
    function hrTimeToTimeStamp(time) {
      const precision = NANOSECOND_DIGITS;
      const tmp = `${"0".repeat(precision)}${time[1]}Z`;
      const nanoString = tmp.substring(tmp.length - precision - 1);
      const date = new Date(time[0] * 1e3).toISOString();
      return date.replace("000Z", nanoString);
    }
    exports.hrTimeToTimeStamp = hrTimeToTimeStamp;
    function hrTimeToNanoseconds(time) {
      return time[0] * SECOND_TO_NANOSECONDS + time[1];
    }
    exports.hrTimeToNanoseconds = hrTimeToNanoseconds;
    function hrTimeToMicroseconds(time) {
      return time[0] * 1e6 + time[1] / 1e3;
    }
    exports.hrTimeToMicroseconds = hrTimeToMicroseconds;
    function hrTimeToMilliseconds(time) {
      return time[0] * 1e3 + time[1] / 1e6;
    }
    exports.hrTimeToMilliseconds = hrTimeToMilliseconds;
    function hrTimeToSeconds(time) {
      return time[0] + time[1] / SECOND_TO_NANOSECONDS;
    }
    exports.hrTimeToSeconds = hrTimeToSeconds;
    function isTimeInputHrTime(value) {
      return Array.isArray(value) && value.length === 2 && typeof value[0] === "number" && typeof value[1] === "number";
    }
    exports.isTimeInputHrTime = isTimeInputHrTime;
    function isTimeInput(value) {
      return isTimeInputHrTime(value) || typeof value === "number" || value instanceof Date;
    }
    exports.isTimeInput = isTimeInput;
    function addHrTimes(time1, time2) {
      const out = [time1[0] + time2[0], time1[1] + time2[1]];
      if (out[1] >= SECOND_TO_NANOSECONDS) {
        out[1] -= SECOND_TO_NANOSECONDS;
        out[0] += 1;
      }
      return out;
    }
    exports.addHrTimes = addHrTimes;
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/common/timer-util.js
var require_timer_util = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/common/timer-util.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.unrefTimer = void 0;
    function unrefTimer(timer) {
      if (typeof timer !== "number") {
        timer.unref();
      }
    }
    exports.unrefTimer = unrefTimer;
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/ExportResult.js
var require_ExportResult = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/ExportResult.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.ExportResultCode = void 0;
    var ExportResultCode;
    (function(ExportResultCode2) {
      ExportResultCode2[ExportResultCode2["SUCCESS"] = 0] = "SUCCESS";
      ExportResultCode2[ExportResultCode2["FAILED"] = 1] = "FAILED";
    })(ExportResultCode || (exports.ExportResultCode = ExportResultCode = {}));
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/propagation/composite.js
var require_composite = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/propagation/composite.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.CompositePropagator = void 0;
    var api_1 = (init_esm(), __toCommonJS(esm_exports));
    var CompositePropagator = class {
      _propagators;
      _fields;
      /**
       * Construct a composite propagator from a list of propagators.
       *
       * @param [config] Configuration object for composite propagator
       */
      constructor(config = {}) {
        this._propagators = config.propagators ?? [];
        const fields = /* @__PURE__ */ new Set();
        for (const propagator of this._propagators) {
          const propagatorFields = typeof propagator.fields === "function" ? propagator.fields() : [];
          for (const field of propagatorFields) {
            fields.add(field);
          }
        }
        this._fields = Array.from(fields);
      }
      /**
       * Run each of the configured propagators with the given context and carrier.
       * Propagators are run in the order they are configured, so if multiple
       * propagators write the same carrier key, the propagator later in the list
       * will "win".
       *
       * @param context Context to inject
       * @param carrier Carrier into which context will be injected
       */
      inject(context, carrier, setter) {
        for (const propagator of this._propagators) {
          try {
            propagator.inject(context, carrier, setter);
          } catch (err) {
            api_1.diag.warn(`Failed to inject with ${propagator.constructor.name}. Err: ${err.message}`);
          }
        }
      }
      /**
       * Run each of the configured propagators with the given context and carrier.
       * Propagators are run in the order they are configured, so if multiple
       * propagators write the same context key, the propagator later in the list
       * will "win".
       *
       * @param context Context to add values to
       * @param carrier Carrier from which to extract context
       */
      extract(context, carrier, getter) {
        return this._propagators.reduce((ctx, propagator) => {
          try {
            return propagator.extract(ctx, carrier, getter);
          } catch (err) {
            api_1.diag.warn(`Failed to extract with ${propagator.constructor.name}. Err: ${err.message}`);
          }
          return ctx;
        }, context);
      }
      fields() {
        return this._fields.slice();
      }
    };
    exports.CompositePropagator = CompositePropagator;
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/internal/validators.js
var require_validators = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/internal/validators.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.validateValue = exports.validateKey = void 0;
    var VALID_KEY_CHAR_RANGE = "[_0-9a-z-*/]";
    var VALID_KEY = `[a-z]${VALID_KEY_CHAR_RANGE}{0,255}`;
    var VALID_VENDOR_KEY = `[a-z0-9]${VALID_KEY_CHAR_RANGE}{0,240}@[a-z]${VALID_KEY_CHAR_RANGE}{0,13}`;
    var VALID_KEY_REGEX = new RegExp(`^(?:${VALID_KEY}|${VALID_VENDOR_KEY})$`);
    var VALID_VALUE_BASE_REGEX = /^[ -~]{0,255}[!-~]$/;
    var INVALID_VALUE_COMMA_EQUAL_REGEX = /,|=/;
    function validateKey(key) {
      return VALID_KEY_REGEX.test(key);
    }
    exports.validateKey = validateKey;
    function validateValue(value) {
      return VALID_VALUE_BASE_REGEX.test(value) && !INVALID_VALUE_COMMA_EQUAL_REGEX.test(value);
    }
    exports.validateValue = validateValue;
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/trace/TraceState.js
var require_TraceState = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/trace/TraceState.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.TraceState = void 0;
    var validators_1 = require_validators();
    var MAX_TRACE_STATE_ITEMS = 32;
    var MAX_TRACE_STATE_LEN = 512;
    var LIST_MEMBERS_SEPARATOR = ",";
    var LIST_MEMBER_KEY_VALUE_SPLITTER = "=";
    var TraceState = class _TraceState {
      _length;
      _rawTraceState;
      _internalState;
      constructor(rawTraceState) {
        this._rawTraceState = typeof rawTraceState === "string" ? rawTraceState : "";
        this._length = this._rawTraceState.length;
      }
      set(key, value) {
        if (!(0, validators_1.validateKey)(key) || !(0, validators_1.validateValue)(value)) {
          return this;
        }
        const currState = this._getState();
        const currValue = currState.get(key);
        let newLength = this._length;
        if (typeof currValue === "string") {
          newLength += value.length - currValue.length;
        } else {
          newLength += key.length + value.length + (currState.size > 0 ? 2 : 1);
        }
        if (newLength > MAX_TRACE_STATE_LEN) {
          return this;
        }
        const newState = new Map(currState);
        newState.delete(key);
        newState.set(key, value);
        return this._fromState(newState, newLength);
      }
      unset(key) {
        const currState = this._getState();
        const currValue = currState.get(key);
        if (typeof currValue !== "string") {
          return this;
        }
        let newLength = this._length - (key.length + currValue.length + 1);
        if (currState.size > 1) {
          newLength = newLength - 1;
        }
        const newState = new Map(currState);
        newState.delete(key);
        return this._fromState(newState, newLength);
      }
      get(key) {
        const currState = this._getState();
        return currState.get(key);
      }
      serialize() {
        let serialized = "";
        let index = 0;
        for (const entry of this._getState()) {
          if (index > 0) {
            serialized = LIST_MEMBERS_SEPARATOR + serialized;
          }
          serialized = `${entry[0]}${LIST_MEMBER_KEY_VALUE_SPLITTER}${entry[1]}` + serialized;
          index++;
        }
        return serialized;
      }
      _getState() {
        if (this._internalState) {
          return this._internalState;
        }
        const vendorMembers = this._rawTraceState.split(LIST_MEMBERS_SEPARATOR);
        const vendorEntries = /* @__PURE__ */ new Map();
        let currentLength = 0;
        for (const member of vendorMembers) {
          const m = member.trim();
          const idx = m.indexOf(LIST_MEMBER_KEY_VALUE_SPLITTER);
          if (idx === -1) {
            continue;
          }
          const key = m.slice(0, idx);
          const value = m.slice(idx + 1);
          if (!(0, validators_1.validateKey)(key) || !(0, validators_1.validateValue)(value)) {
            continue;
          }
          const futureLength = currentLength + m.length + (vendorEntries.size > 0 ? 1 : 0);
          if (futureLength > MAX_TRACE_STATE_LEN) {
            continue;
          }
          vendorEntries.set(key, value);
          currentLength = futureLength;
          if (vendorEntries.size >= MAX_TRACE_STATE_ITEMS) {
            break;
          }
        }
        this._length = currentLength;
        this._internalState = new Map(Array.from(vendorEntries.entries()).reverse());
        return this._internalState;
      }
      _fromState(state, length) {
        const traceState = Object.create(_TraceState.prototype);
        traceState._internalState = state;
        traceState._length = length;
        return traceState;
      }
    };
    exports.TraceState = TraceState;
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/trace/W3CTraceContextPropagator.js
var require_W3CTraceContextPropagator = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/trace/W3CTraceContextPropagator.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.W3CTraceContextPropagator = exports.parseTraceParent = exports.TRACE_STATE_HEADER = exports.TRACE_PARENT_HEADER = void 0;
    var api_1 = (init_esm(), __toCommonJS(esm_exports));
    var suppress_tracing_1 = require_suppress_tracing();
    var TraceState_1 = require_TraceState();
    exports.TRACE_PARENT_HEADER = "traceparent";
    exports.TRACE_STATE_HEADER = "tracestate";
    var VERSION = "00";
    var VERSION_PART = "(?!ff)[\\da-f]{2}";
    var TRACE_ID_PART = "(?![0]{32})[\\da-f]{32}";
    var PARENT_ID_PART = "(?![0]{16})[\\da-f]{16}";
    var FLAGS_PART = "[\\da-f]{2}";
    var TRACE_PARENT_REGEX = new RegExp(`^\\s?(${VERSION_PART})-(${TRACE_ID_PART})-(${PARENT_ID_PART})-(${FLAGS_PART})(-.*)?\\s?$`);
    function parseTraceParent(traceParent) {
      const match = TRACE_PARENT_REGEX.exec(traceParent);
      if (!match)
        return null;
      if (match[1] === "00" && match[5])
        return null;
      return {
        traceId: match[2],
        spanId: match[3],
        traceFlags: parseInt(match[4], 16)
      };
    }
    exports.parseTraceParent = parseTraceParent;
    var W3CTraceContextPropagator = class {
      inject(context, carrier, setter) {
        const spanContext = api_1.trace.getSpanContext(context);
        if (!spanContext || (0, suppress_tracing_1.isTracingSuppressed)(context) || !(0, api_1.isSpanContextValid)(spanContext))
          return;
        const traceParent = `${VERSION}-${spanContext.traceId}-${spanContext.spanId}-0${Number(spanContext.traceFlags || api_1.TraceFlags.NONE).toString(16)}`;
        setter.set(carrier, exports.TRACE_PARENT_HEADER, traceParent);
        if (spanContext.traceState) {
          setter.set(carrier, exports.TRACE_STATE_HEADER, spanContext.traceState.serialize());
        }
      }
      extract(context, carrier, getter) {
        const traceParentHeader = getter.get(carrier, exports.TRACE_PARENT_HEADER);
        if (!traceParentHeader)
          return context;
        const traceParent = Array.isArray(traceParentHeader) ? traceParentHeader[0] : traceParentHeader;
        if (typeof traceParent !== "string")
          return context;
        const spanContext = parseTraceParent(traceParent);
        if (!spanContext)
          return context;
        spanContext.isRemote = true;
        const traceStateHeader = getter.get(carrier, exports.TRACE_STATE_HEADER);
        if (traceStateHeader) {
          const state = Array.isArray(traceStateHeader) ? traceStateHeader.join(",") : traceStateHeader;
          spanContext.traceState = new TraceState_1.TraceState(typeof state === "string" ? state : void 0);
        }
        return api_1.trace.setSpanContext(context, spanContext);
      }
      fields() {
        return [exports.TRACE_PARENT_HEADER, exports.TRACE_STATE_HEADER];
      }
    };
    exports.W3CTraceContextPropagator = W3CTraceContextPropagator;
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/trace/rpc-metadata.js
var require_rpc_metadata = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/trace/rpc-metadata.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.getRPCMetadata = exports.deleteRPCMetadata = exports.setRPCMetadata = exports.RPCType = void 0;
    var api_1 = (init_esm(), __toCommonJS(esm_exports));
    var RPC_METADATA_KEY = (0, api_1.createContextKey)("OpenTelemetry SDK Context Key RPC_METADATA");
    var RPCType;
    (function(RPCType2) {
      RPCType2["HTTP"] = "http";
    })(RPCType || (exports.RPCType = RPCType = {}));
    function setRPCMetadata(context, meta) {
      return context.setValue(RPC_METADATA_KEY, meta);
    }
    exports.setRPCMetadata = setRPCMetadata;
    function deleteRPCMetadata(context) {
      return context.deleteValue(RPC_METADATA_KEY);
    }
    exports.deleteRPCMetadata = deleteRPCMetadata;
    function getRPCMetadata(context) {
      return context.getValue(RPC_METADATA_KEY);
    }
    exports.getRPCMetadata = getRPCMetadata;
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/utils/lodash.merge.js
var require_lodash_merge = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/utils/lodash.merge.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.isPlainObject = void 0;
    var objectTag = "[object Object]";
    var nullTag = "[object Null]";
    var undefinedTag = "[object Undefined]";
    var funcProto = Function.prototype;
    var funcToString = funcProto.toString;
    var objectCtorString = funcToString.call(Object);
    var getPrototypeOf = Object.getPrototypeOf;
    var objectProto = Object.prototype;
    var hasOwnProperty = objectProto.hasOwnProperty;
    var symToStringTag = Symbol ? Symbol.toStringTag : void 0;
    var nativeObjectToString = objectProto.toString;
    function isPlainObject(value) {
      if (!isObjectLike(value) || baseGetTag(value) !== objectTag) {
        return false;
      }
      const proto = getPrototypeOf(value);
      if (proto === null) {
        return true;
      }
      const Ctor = hasOwnProperty.call(proto, "constructor") && proto.constructor;
      return typeof Ctor == "function" && Ctor instanceof Ctor && funcToString.call(Ctor) === objectCtorString;
    }
    exports.isPlainObject = isPlainObject;
    function isObjectLike(value) {
      return value != null && typeof value == "object";
    }
    function baseGetTag(value) {
      if (value == null) {
        return value === void 0 ? undefinedTag : nullTag;
      }
      return symToStringTag && symToStringTag in Object(value) ? getRawTag(value) : objectToString(value);
    }
    function getRawTag(value) {
      const isOwn = hasOwnProperty.call(value, symToStringTag), tag = value[symToStringTag];
      let unmasked = false;
      try {
        value[symToStringTag] = void 0;
        unmasked = true;
      } catch {
      }
      const result = nativeObjectToString.call(value);
      if (unmasked) {
        if (isOwn) {
          value[symToStringTag] = tag;
        } else {
          delete value[symToStringTag];
        }
      }
      return result;
    }
    function objectToString(value) {
      return nativeObjectToString.call(value);
    }
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/utils/merge.js
var require_merge = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/utils/merge.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.merge = void 0;
    var lodash_merge_1 = require_lodash_merge();
    var MAX_LEVEL = 20;
    function merge(...args) {
      let result = args.shift();
      const objects = /* @__PURE__ */ new WeakMap();
      while (args.length > 0) {
        result = mergeTwoObjects(result, args.shift(), 0, objects);
      }
      return result;
    }
    exports.merge = merge;
    function takeValue(value) {
      if (isArray(value)) {
        return value.slice();
      }
      return value;
    }
    function mergeTwoObjects(one, two, level = 0, objects) {
      let result;
      if (level > MAX_LEVEL) {
        return void 0;
      }
      level++;
      if (isPrimitive(one) || isPrimitive(two) || isFunction(two)) {
        result = takeValue(two);
      } else if (isArray(one)) {
        result = one.slice();
        if (isArray(two)) {
          for (let i = 0, j = two.length; i < j; i++) {
            result.push(takeValue(two[i]));
          }
        } else if (isObject(two)) {
          const keys = Object.keys(two);
          for (let i = 0, j = keys.length; i < j; i++) {
            const key = keys[i];
            if (key === "__proto__" || key === "constructor" || key === "prototype") {
              continue;
            }
            result[key] = takeValue(two[key]);
          }
        }
      } else if (isObject(one)) {
        if (isObject(two)) {
          if (!shouldMerge(one, two)) {
            return two;
          }
          result = Object.assign({}, one);
          const keys = Object.keys(two);
          for (let i = 0, j = keys.length; i < j; i++) {
            const key = keys[i];
            if (key === "__proto__" || key === "constructor" || key === "prototype") {
              continue;
            }
            const twoValue = two[key];
            if (isPrimitive(twoValue)) {
              if (typeof twoValue === "undefined") {
                delete result[key];
              } else {
                result[key] = twoValue;
              }
            } else {
              const obj1 = result[key];
              const obj2 = twoValue;
              if (wasObjectReferenced(one, key, objects) || wasObjectReferenced(two, key, objects)) {
                delete result[key];
              } else {
                if (isObject(obj1) && isObject(obj2)) {
                  const arr1 = objects.get(obj1) || [];
                  const arr2 = objects.get(obj2) || [];
                  arr1.push({ obj: one, key });
                  arr2.push({ obj: two, key });
                  objects.set(obj1, arr1);
                  objects.set(obj2, arr2);
                }
                result[key] = mergeTwoObjects(result[key], twoValue, level, objects);
              }
            }
          }
        } else {
          result = two;
        }
      }
      return result;
    }
    function wasObjectReferenced(obj, key, objects) {
      const arr = objects.get(obj[key]) || [];
      for (let i = 0, j = arr.length; i < j; i++) {
        const info = arr[i];
        if (info.key === key && info.obj === obj) {
          return true;
        }
      }
      return false;
    }
    function isArray(value) {
      return Array.isArray(value);
    }
    function isFunction(value) {
      return typeof value === "function";
    }
    function isObject(value) {
      return !isPrimitive(value) && !isArray(value) && !isFunction(value) && typeof value === "object";
    }
    function isPrimitive(value) {
      return typeof value === "string" || typeof value === "number" || typeof value === "boolean" || typeof value === "undefined" || value instanceof Date || value instanceof RegExp || value === null;
    }
    function shouldMerge(one, two) {
      if (!(0, lodash_merge_1.isPlainObject)(one) || !(0, lodash_merge_1.isPlainObject)(two)) {
        return false;
      }
      return true;
    }
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/utils/timeout.js
var require_timeout = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/utils/timeout.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.callWithTimeout = exports.TimeoutError = void 0;
    var TimeoutError = class _TimeoutError extends Error {
      constructor(message) {
        super(message);
        Object.setPrototypeOf(this, _TimeoutError.prototype);
      }
    };
    exports.TimeoutError = TimeoutError;
    function callWithTimeout(promise, timeout) {
      let timeoutHandle;
      const timeoutPromise = new Promise(function timeoutFunction(_resolve, reject) {
        timeoutHandle = setTimeout(function timeoutHandler() {
          reject(new TimeoutError("Operation timed out."));
        }, timeout);
      });
      return Promise.race([promise, timeoutPromise]).then((result) => {
        clearTimeout(timeoutHandle);
        return result;
      }, (reason) => {
        clearTimeout(timeoutHandle);
        throw reason;
      });
    }
    exports.callWithTimeout = callWithTimeout;
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/utils/url.js
var require_url = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/utils/url.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.isUrlIgnored = exports.urlMatches = void 0;
    function urlMatches(url, urlToMatch) {
      if (typeof urlToMatch === "string") {
        return url === urlToMatch;
      } else {
        return !!url.match(urlToMatch);
      }
    }
    exports.urlMatches = urlMatches;
    function isUrlIgnored(url, ignoredUrls) {
      if (!ignoredUrls) {
        return false;
      }
      for (const ignoreUrl of ignoredUrls) {
        if (urlMatches(url, ignoreUrl)) {
          return true;
        }
      }
      return false;
    }
    exports.isUrlIgnored = isUrlIgnored;
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/utils/promise.js
var require_promise = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/utils/promise.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.Deferred = void 0;
    var Deferred = class {
      _promise;
      _resolve;
      _reject;
      constructor() {
        this._promise = new Promise((resolve, reject) => {
          this._resolve = resolve;
          this._reject = reject;
        });
      }
      get promise() {
        return this._promise;
      }
      resolve(val) {
        this._resolve(val);
      }
      reject(err) {
        this._reject(err);
      }
    };
    exports.Deferred = Deferred;
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/utils/callback.js
var require_callback = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/utils/callback.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.BindOnceFuture = void 0;
    var promise_1 = require_promise();
    var BindOnceFuture = class {
      _isCalled = false;
      _deferred = new promise_1.Deferred();
      _callback;
      _that;
      constructor(callback, that) {
        this._callback = callback;
        this._that = that;
      }
      get isCalled() {
        return this._isCalled;
      }
      get promise() {
        return this._deferred.promise;
      }
      call(...args) {
        if (!this._isCalled) {
          this._isCalled = true;
          try {
            Promise.resolve(this._callback.call(this._that, ...args)).then((val) => this._deferred.resolve(val), (err) => this._deferred.reject(err));
          } catch (err) {
            this._deferred.reject(err);
          }
        }
        return this._deferred.promise;
      }
    };
    exports.BindOnceFuture = BindOnceFuture;
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/utils/configuration.js
var require_configuration = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/utils/configuration.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.diagLogLevelFromString = void 0;
    var api_1 = (init_esm(), __toCommonJS(esm_exports));
    var logLevelMap = {
      ALL: api_1.DiagLogLevel.ALL,
      VERBOSE: api_1.DiagLogLevel.VERBOSE,
      DEBUG: api_1.DiagLogLevel.DEBUG,
      INFO: api_1.DiagLogLevel.INFO,
      WARN: api_1.DiagLogLevel.WARN,
      ERROR: api_1.DiagLogLevel.ERROR,
      NONE: api_1.DiagLogLevel.NONE
    };
    function diagLogLevelFromString(value) {
      if (value == null) {
        return void 0;
      }
      const resolvedLogLevel = logLevelMap[value.toUpperCase()];
      if (resolvedLogLevel == null) {
        api_1.diag.warn(`Unknown log level "${value}", expected one of ${Object.keys(logLevelMap)}, using default`);
        return api_1.DiagLogLevel.INFO;
      }
      return resolvedLogLevel;
    }
    exports.diagLogLevelFromString = diagLogLevelFromString;
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/internal/exporter.js
var require_exporter = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/internal/exporter.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports._export = void 0;
    var api_1 = (init_esm(), __toCommonJS(esm_exports));
    var suppress_tracing_1 = require_suppress_tracing();
    function _export(exporter, arg) {
      return new Promise((resolve) => {
        api_1.context.with((0, suppress_tracing_1.suppressTracing)(api_1.context.active()), () => {
          exporter.export(arg, resolve);
        });
      });
    }
    exports._export = _export;
  }
});

// node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/index.js
var require_src = __commonJS({
  "node_modules/.pnpm/@opentelemetry+core@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/core/build/src/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.diagLogLevelFromString = exports.BindOnceFuture = exports.urlMatches = exports.isUrlIgnored = exports.callWithTimeout = exports.TimeoutError = exports.merge = exports.TraceState = exports.unsuppressTracing = exports.suppressTracing = exports.isTracingSuppressed = exports.setRPCMetadata = exports.getRPCMetadata = exports.deleteRPCMetadata = exports.RPCType = exports.parseTraceParent = exports.W3CTraceContextPropagator = exports.TRACE_STATE_HEADER = exports.TRACE_PARENT_HEADER = exports.CompositePropagator = exports.otperformance = exports.getStringListFromEnv = exports.getNumberFromEnv = exports.getBooleanFromEnv = exports.getStringFromEnv = exports._globalThis = exports.SDK_INFO = exports.parseKeyPairsIntoRecord = exports.ExportResultCode = exports.unrefTimer = exports.timeInputToHrTime = exports.millisToHrTime = exports.isTimeInputHrTime = exports.isTimeInput = exports.hrTimeToTimeStamp = exports.hrTimeToSeconds = exports.hrTimeToNanoseconds = exports.hrTimeToMilliseconds = exports.hrTimeToMicroseconds = exports.hrTimeDuration = exports.hrTime = exports.getTimeOrigin = exports.addHrTimes = exports.loggingErrorHandler = exports.setGlobalErrorHandler = exports.globalErrorHandler = exports.sanitizeAttributes = exports.isAttributeValue = exports.AnchoredClock = exports.W3CBaggagePropagator = void 0;
    exports.internal = void 0;
    var W3CBaggagePropagator_1 = require_W3CBaggagePropagator();
    Object.defineProperty(exports, "W3CBaggagePropagator", { enumerable: true, get: function() {
      return W3CBaggagePropagator_1.W3CBaggagePropagator;
    } });
    var anchored_clock_1 = require_anchored_clock();
    Object.defineProperty(exports, "AnchoredClock", { enumerable: true, get: function() {
      return anchored_clock_1.AnchoredClock;
    } });
    var attributes_1 = require_attributes();
    Object.defineProperty(exports, "isAttributeValue", { enumerable: true, get: function() {
      return attributes_1.isAttributeValue;
    } });
    Object.defineProperty(exports, "sanitizeAttributes", { enumerable: true, get: function() {
      return attributes_1.sanitizeAttributes;
    } });
    var global_error_handler_1 = require_global_error_handler();
    Object.defineProperty(exports, "globalErrorHandler", { enumerable: true, get: function() {
      return global_error_handler_1.globalErrorHandler;
    } });
    Object.defineProperty(exports, "setGlobalErrorHandler", { enumerable: true, get: function() {
      return global_error_handler_1.setGlobalErrorHandler;
    } });
    var logging_error_handler_1 = require_logging_error_handler();
    Object.defineProperty(exports, "loggingErrorHandler", { enumerable: true, get: function() {
      return logging_error_handler_1.loggingErrorHandler;
    } });
    var time_1 = require_time();
    Object.defineProperty(exports, "addHrTimes", { enumerable: true, get: function() {
      return time_1.addHrTimes;
    } });
    Object.defineProperty(exports, "getTimeOrigin", { enumerable: true, get: function() {
      return time_1.getTimeOrigin;
    } });
    Object.defineProperty(exports, "hrTime", { enumerable: true, get: function() {
      return time_1.hrTime;
    } });
    Object.defineProperty(exports, "hrTimeDuration", { enumerable: true, get: function() {
      return time_1.hrTimeDuration;
    } });
    Object.defineProperty(exports, "hrTimeToMicroseconds", { enumerable: true, get: function() {
      return time_1.hrTimeToMicroseconds;
    } });
    Object.defineProperty(exports, "hrTimeToMilliseconds", { enumerable: true, get: function() {
      return time_1.hrTimeToMilliseconds;
    } });
    Object.defineProperty(exports, "hrTimeToNanoseconds", { enumerable: true, get: function() {
      return time_1.hrTimeToNanoseconds;
    } });
    Object.defineProperty(exports, "hrTimeToSeconds", { enumerable: true, get: function() {
      return time_1.hrTimeToSeconds;
    } });
    Object.defineProperty(exports, "hrTimeToTimeStamp", { enumerable: true, get: function() {
      return time_1.hrTimeToTimeStamp;
    } });
    Object.defineProperty(exports, "isTimeInput", { enumerable: true, get: function() {
      return time_1.isTimeInput;
    } });
    Object.defineProperty(exports, "isTimeInputHrTime", { enumerable: true, get: function() {
      return time_1.isTimeInputHrTime;
    } });
    Object.defineProperty(exports, "millisToHrTime", { enumerable: true, get: function() {
      return time_1.millisToHrTime;
    } });
    Object.defineProperty(exports, "timeInputToHrTime", { enumerable: true, get: function() {
      return time_1.timeInputToHrTime;
    } });
    var timer_util_1 = require_timer_util();
    Object.defineProperty(exports, "unrefTimer", { enumerable: true, get: function() {
      return timer_util_1.unrefTimer;
    } });
    var ExportResult_1 = require_ExportResult();
    Object.defineProperty(exports, "ExportResultCode", { enumerable: true, get: function() {
      return ExportResult_1.ExportResultCode;
    } });
    var utils_1 = require_utils();
    Object.defineProperty(exports, "parseKeyPairsIntoRecord", { enumerable: true, get: function() {
      return utils_1.parseKeyPairsIntoRecord;
    } });
    var platform_1 = require_platform();
    Object.defineProperty(exports, "SDK_INFO", { enumerable: true, get: function() {
      return platform_1.SDK_INFO;
    } });
    Object.defineProperty(exports, "_globalThis", { enumerable: true, get: function() {
      return platform_1._globalThis;
    } });
    Object.defineProperty(exports, "getStringFromEnv", { enumerable: true, get: function() {
      return platform_1.getStringFromEnv;
    } });
    Object.defineProperty(exports, "getBooleanFromEnv", { enumerable: true, get: function() {
      return platform_1.getBooleanFromEnv;
    } });
    Object.defineProperty(exports, "getNumberFromEnv", { enumerable: true, get: function() {
      return platform_1.getNumberFromEnv;
    } });
    Object.defineProperty(exports, "getStringListFromEnv", { enumerable: true, get: function() {
      return platform_1.getStringListFromEnv;
    } });
    Object.defineProperty(exports, "otperformance", { enumerable: true, get: function() {
      return platform_1.otperformance;
    } });
    var composite_1 = require_composite();
    Object.defineProperty(exports, "CompositePropagator", { enumerable: true, get: function() {
      return composite_1.CompositePropagator;
    } });
    var W3CTraceContextPropagator_1 = require_W3CTraceContextPropagator();
    Object.defineProperty(exports, "TRACE_PARENT_HEADER", { enumerable: true, get: function() {
      return W3CTraceContextPropagator_1.TRACE_PARENT_HEADER;
    } });
    Object.defineProperty(exports, "TRACE_STATE_HEADER", { enumerable: true, get: function() {
      return W3CTraceContextPropagator_1.TRACE_STATE_HEADER;
    } });
    Object.defineProperty(exports, "W3CTraceContextPropagator", { enumerable: true, get: function() {
      return W3CTraceContextPropagator_1.W3CTraceContextPropagator;
    } });
    Object.defineProperty(exports, "parseTraceParent", { enumerable: true, get: function() {
      return W3CTraceContextPropagator_1.parseTraceParent;
    } });
    var rpc_metadata_1 = require_rpc_metadata();
    Object.defineProperty(exports, "RPCType", { enumerable: true, get: function() {
      return rpc_metadata_1.RPCType;
    } });
    Object.defineProperty(exports, "deleteRPCMetadata", { enumerable: true, get: function() {
      return rpc_metadata_1.deleteRPCMetadata;
    } });
    Object.defineProperty(exports, "getRPCMetadata", { enumerable: true, get: function() {
      return rpc_metadata_1.getRPCMetadata;
    } });
    Object.defineProperty(exports, "setRPCMetadata", { enumerable: true, get: function() {
      return rpc_metadata_1.setRPCMetadata;
    } });
    var suppress_tracing_1 = require_suppress_tracing();
    Object.defineProperty(exports, "isTracingSuppressed", { enumerable: true, get: function() {
      return suppress_tracing_1.isTracingSuppressed;
    } });
    Object.defineProperty(exports, "suppressTracing", { enumerable: true, get: function() {
      return suppress_tracing_1.suppressTracing;
    } });
    Object.defineProperty(exports, "unsuppressTracing", { enumerable: true, get: function() {
      return suppress_tracing_1.unsuppressTracing;
    } });
    var TraceState_1 = require_TraceState();
    Object.defineProperty(exports, "TraceState", { enumerable: true, get: function() {
      return TraceState_1.TraceState;
    } });
    var merge_1 = require_merge();
    Object.defineProperty(exports, "merge", { enumerable: true, get: function() {
      return merge_1.merge;
    } });
    var timeout_1 = require_timeout();
    Object.defineProperty(exports, "TimeoutError", { enumerable: true, get: function() {
      return timeout_1.TimeoutError;
    } });
    Object.defineProperty(exports, "callWithTimeout", { enumerable: true, get: function() {
      return timeout_1.callWithTimeout;
    } });
    var url_1 = require_url();
    Object.defineProperty(exports, "isUrlIgnored", { enumerable: true, get: function() {
      return url_1.isUrlIgnored;
    } });
    Object.defineProperty(exports, "urlMatches", { enumerable: true, get: function() {
      return url_1.urlMatches;
    } });
    var callback_1 = require_callback();
    Object.defineProperty(exports, "BindOnceFuture", { enumerable: true, get: function() {
      return callback_1.BindOnceFuture;
    } });
    var configuration_1 = require_configuration();
    Object.defineProperty(exports, "diagLogLevelFromString", { enumerable: true, get: function() {
      return configuration_1.diagLogLevelFromString;
    } });
    var exporter_1 = require_exporter();
    exports.internal = {
      _export: exporter_1._export
    };
  }
});

// node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/default-service-name.js
var require_default_service_name = __commonJS({
  "node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/default-service-name.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports._clearDefaultServiceNameCache = exports.defaultServiceName = void 0;
    var serviceName;
    function defaultServiceName() {
      if (serviceName === void 0) {
        try {
          const argv0 = globalThis.process.argv0;
          serviceName = argv0 ? `unknown_service:${argv0}` : "unknown_service";
        } catch {
          serviceName = "unknown_service";
        }
      }
      return serviceName;
    }
    exports.defaultServiceName = defaultServiceName;
    function _clearDefaultServiceNameCache() {
      serviceName = void 0;
    }
    exports._clearDefaultServiceNameCache = _clearDefaultServiceNameCache;
  }
});

// node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/utils.js
var require_utils3 = __commonJS({
  "node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/utils.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.isPromiseLike = void 0;
    var isPromiseLike = (val) => {
      return val !== null && typeof val === "object" && typeof val.then === "function";
    };
    exports.isPromiseLike = isPromiseLike;
  }
});

// node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/ResourceImpl.js
var require_ResourceImpl = __commonJS({
  "node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/ResourceImpl.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.defaultResource = exports.emptyResource = exports.resourceFromDetectedResource = exports.resourceFromAttributes = void 0;
    var api_1 = (init_esm(), __toCommonJS(esm_exports));
    var core_1 = require_src();
    var semantic_conventions_1 = require_dist();
    var default_service_name_1 = require_default_service_name();
    var utils_1 = require_utils3();
    var ResourceImpl = class _ResourceImpl {
      _rawAttributes;
      _asyncAttributesPending = false;
      _schemaUrl;
      _memoizedAttributes;
      static FromAttributeList(attributes, options) {
        const res = new _ResourceImpl({}, options);
        res._rawAttributes = guardedRawAttributes(attributes);
        res._asyncAttributesPending = attributes.filter(([_, val]) => (0, utils_1.isPromiseLike)(val)).length > 0;
        return res;
      }
      constructor(resource, options) {
        const attributes = resource.attributes ?? {};
        this._rawAttributes = Object.entries(attributes).map(([k, v]) => {
          if ((0, utils_1.isPromiseLike)(v)) {
            this._asyncAttributesPending = true;
          }
          return [k, v];
        });
        this._rawAttributes = guardedRawAttributes(this._rawAttributes);
        this._schemaUrl = validateSchemaUrl(options?.schemaUrl);
      }
      get asyncAttributesPending() {
        return this._asyncAttributesPending;
      }
      async waitForAsyncAttributes() {
        if (!this.asyncAttributesPending) {
          return;
        }
        for (let i = 0; i < this._rawAttributes.length; i++) {
          const [k, v] = this._rawAttributes[i];
          this._rawAttributes[i] = [k, (0, utils_1.isPromiseLike)(v) ? await v : v];
        }
        this._asyncAttributesPending = false;
      }
      get attributes() {
        if (this.asyncAttributesPending) {
          api_1.diag.error("Accessing resource attributes before async attributes settled");
        }
        if (this._memoizedAttributes) {
          return this._memoizedAttributes;
        }
        const attrs = {};
        for (const [k, v] of this._rawAttributes) {
          if ((0, utils_1.isPromiseLike)(v)) {
            api_1.diag.debug(`Unsettled resource attribute ${k} skipped`);
            continue;
          }
          if (v != null) {
            attrs[k] ??= v;
          }
        }
        if (!this._asyncAttributesPending) {
          this._memoizedAttributes = attrs;
        }
        return attrs;
      }
      getRawAttributes() {
        return this._rawAttributes;
      }
      get schemaUrl() {
        return this._schemaUrl;
      }
      merge(resource) {
        if (resource == null)
          return this;
        const mergedSchemaUrl = mergeSchemaUrl(this, resource);
        const mergedOptions = mergedSchemaUrl ? { schemaUrl: mergedSchemaUrl } : void 0;
        return _ResourceImpl.FromAttributeList([...resource.getRawAttributes(), ...this.getRawAttributes()], mergedOptions);
      }
    };
    function resourceFromAttributes(attributes, options) {
      return ResourceImpl.FromAttributeList(Object.entries(attributes), options);
    }
    exports.resourceFromAttributes = resourceFromAttributes;
    function resourceFromDetectedResource(detectedResource, options) {
      return new ResourceImpl(detectedResource, options);
    }
    exports.resourceFromDetectedResource = resourceFromDetectedResource;
    function emptyResource() {
      return resourceFromAttributes({});
    }
    exports.emptyResource = emptyResource;
    function defaultResource() {
      return resourceFromAttributes({
        [semantic_conventions_1.ATTR_SERVICE_NAME]: (0, default_service_name_1.defaultServiceName)(),
        [semantic_conventions_1.ATTR_TELEMETRY_SDK_LANGUAGE]: core_1.SDK_INFO[semantic_conventions_1.ATTR_TELEMETRY_SDK_LANGUAGE],
        [semantic_conventions_1.ATTR_TELEMETRY_SDK_NAME]: core_1.SDK_INFO[semantic_conventions_1.ATTR_TELEMETRY_SDK_NAME],
        [semantic_conventions_1.ATTR_TELEMETRY_SDK_VERSION]: core_1.SDK_INFO[semantic_conventions_1.ATTR_TELEMETRY_SDK_VERSION]
      });
    }
    exports.defaultResource = defaultResource;
    function guardedRawAttributes(attributes) {
      return attributes.map(([k, v]) => {
        if ((0, utils_1.isPromiseLike)(v)) {
          return [
            k,
            v.catch((err) => {
              api_1.diag.debug("promise rejection for resource attribute: %s - %s", k, err);
              return void 0;
            })
          ];
        }
        return [k, v];
      });
    }
    function validateSchemaUrl(schemaUrl) {
      if (typeof schemaUrl === "string" || schemaUrl === void 0) {
        return schemaUrl;
      }
      api_1.diag.warn("Schema URL must be string or undefined, got %s. Schema URL will be ignored.", schemaUrl);
      return void 0;
    }
    function mergeSchemaUrl(old, updating) {
      const oldSchemaUrl = old?.schemaUrl;
      const updatingSchemaUrl = updating?.schemaUrl;
      const isOldEmpty = oldSchemaUrl === void 0 || oldSchemaUrl === "";
      const isUpdatingEmpty = updatingSchemaUrl === void 0 || updatingSchemaUrl === "";
      if (isOldEmpty) {
        return updatingSchemaUrl;
      }
      if (isUpdatingEmpty) {
        return oldSchemaUrl;
      }
      if (oldSchemaUrl === updatingSchemaUrl) {
        return oldSchemaUrl;
      }
      api_1.diag.warn('Schema URL merge conflict: old resource has "%s", updating resource has "%s". Resulting resource will have undefined Schema URL.', oldSchemaUrl, updatingSchemaUrl);
      return void 0;
    }
  }
});

// node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/detect-resources.js
var require_detect_resources = __commonJS({
  "node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/detect-resources.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.detectResources = void 0;
    var api_1 = (init_esm(), __toCommonJS(esm_exports));
    var ResourceImpl_1 = require_ResourceImpl();
    var detectResources = (config = {}) => {
      const resources = (config.detectors || []).map((d) => {
        try {
          const resource = (0, ResourceImpl_1.resourceFromDetectedResource)(d.detect(config));
          api_1.diag.debug(`${d.constructor.name} found resource.`, resource);
          return resource;
        } catch (e) {
          api_1.diag.debug(`${d.constructor.name} failed: ${e.message}`);
          return (0, ResourceImpl_1.emptyResource)();
        }
      });
      return resources.reduce((acc, resource) => acc.merge(resource), (0, ResourceImpl_1.emptyResource)());
    };
    exports.detectResources = detectResources;
  }
});

// node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/detectors/EnvDetector.js
var require_EnvDetector = __commonJS({
  "node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/detectors/EnvDetector.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.envDetector = void 0;
    var api_1 = (init_esm(), __toCommonJS(esm_exports));
    var semantic_conventions_1 = require_dist();
    var core_1 = require_src();
    var EnvDetector = class {
      // Type, attribute keys, and attribute values should not exceed 256 characters.
      _MAX_LENGTH = 255;
      // OTEL_RESOURCE_ATTRIBUTES is a comma-separated list of attributes.
      _COMMA_SEPARATOR = ",";
      // OTEL_RESOURCE_ATTRIBUTES contains key value pair separated by '='.
      _LABEL_KEY_VALUE_SPLITTER = "=";
      /**
       * Returns a {@link Resource} populated with attributes from the
       * OTEL_RESOURCE_ATTRIBUTES environment variable. Note this is an async
       * function to conform to the Detector interface.
       *
       * @param config The resource detection config
       */
      detect(_config) {
        const attributes = {};
        const rawAttributes = (0, core_1.getStringFromEnv)("OTEL_RESOURCE_ATTRIBUTES");
        const serviceName = (0, core_1.getStringFromEnv)("OTEL_SERVICE_NAME");
        if (rawAttributes) {
          try {
            const parsedAttributes = this._parseResourceAttributes(rawAttributes);
            Object.assign(attributes, parsedAttributes);
          } catch (e) {
            api_1.diag.debug(`EnvDetector failed: ${e instanceof Error ? e.message : e}`);
          }
        }
        if (serviceName) {
          attributes[semantic_conventions_1.ATTR_SERVICE_NAME] = serviceName;
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
        if (!rawEnvAttributes)
          return {};
        const attributes = {};
        const rawAttributes = rawEnvAttributes.split(this._COMMA_SEPARATOR).filter((attr) => attr.trim() !== "");
        for (const rawAttribute of rawAttributes) {
          const keyValuePair = rawAttribute.split(this._LABEL_KEY_VALUE_SPLITTER);
          if (keyValuePair.length !== 2) {
            throw new Error(`Invalid format for OTEL_RESOURCE_ATTRIBUTES: "${rawAttribute}". Expected format: key=value. The ',' and '=' characters must be percent-encoded in keys and values.`);
          }
          const [rawKey, rawValue] = keyValuePair;
          const key = rawKey.trim();
          const value = rawValue.trim();
          if (key.length === 0) {
            throw new Error(`Invalid OTEL_RESOURCE_ATTRIBUTES: empty attribute key in "${rawAttribute}".`);
          }
          let decodedKey;
          let decodedValue;
          try {
            decodedKey = decodeURIComponent(key);
            decodedValue = decodeURIComponent(value);
          } catch (e) {
            throw new Error(`Failed to percent-decode OTEL_RESOURCE_ATTRIBUTES entry "${rawAttribute}": ${e instanceof Error ? e.message : e}`, { cause: e });
          }
          if (decodedKey.length > this._MAX_LENGTH) {
            throw new Error(`Attribute key exceeds the maximum length of ${this._MAX_LENGTH} characters: "${decodedKey}".`);
          }
          if (decodedValue.length > this._MAX_LENGTH) {
            throw new Error(`Attribute value exceeds the maximum length of ${this._MAX_LENGTH} characters for key "${decodedKey}".`);
          }
          attributes[decodedKey] = decodedValue;
        }
        return attributes;
      }
    };
    exports.envDetector = new EnvDetector();
  }
});

// node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/semconv.js
var require_semconv2 = __commonJS({
  "node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/semconv.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.ATTR_WEBENGINE_VERSION = exports.ATTR_WEBENGINE_NAME = exports.ATTR_WEBENGINE_DESCRIPTION = exports.ATTR_SERVICE_NAMESPACE = exports.ATTR_SERVICE_INSTANCE_ID = exports.ATTR_PROCESS_RUNTIME_VERSION = exports.ATTR_PROCESS_RUNTIME_NAME = exports.ATTR_PROCESS_RUNTIME_DESCRIPTION = exports.ATTR_PROCESS_PID = exports.ATTR_PROCESS_OWNER = exports.ATTR_PROCESS_EXECUTABLE_PATH = exports.ATTR_PROCESS_EXECUTABLE_NAME = exports.ATTR_PROCESS_COMMAND_ARGS = exports.ATTR_PROCESS_COMMAND = exports.ATTR_OS_VERSION = exports.ATTR_OS_TYPE = exports.ATTR_K8S_POD_NAME = exports.ATTR_K8S_NAMESPACE_NAME = exports.ATTR_K8S_DEPLOYMENT_NAME = exports.ATTR_K8S_CLUSTER_NAME = exports.ATTR_HOST_TYPE = exports.ATTR_HOST_NAME = exports.ATTR_HOST_IMAGE_VERSION = exports.ATTR_HOST_IMAGE_NAME = exports.ATTR_HOST_IMAGE_ID = exports.ATTR_HOST_ID = exports.ATTR_HOST_ARCH = exports.ATTR_CONTAINER_NAME = exports.ATTR_CONTAINER_IMAGE_TAGS = exports.ATTR_CONTAINER_IMAGE_NAME = exports.ATTR_CONTAINER_ID = exports.ATTR_CLOUD_REGION = exports.ATTR_CLOUD_PROVIDER = exports.ATTR_CLOUD_AVAILABILITY_ZONE = exports.ATTR_CLOUD_ACCOUNT_ID = void 0;
    exports.ATTR_CLOUD_ACCOUNT_ID = "cloud.account.id";
    exports.ATTR_CLOUD_AVAILABILITY_ZONE = "cloud.availability_zone";
    exports.ATTR_CLOUD_PROVIDER = "cloud.provider";
    exports.ATTR_CLOUD_REGION = "cloud.region";
    exports.ATTR_CONTAINER_ID = "container.id";
    exports.ATTR_CONTAINER_IMAGE_NAME = "container.image.name";
    exports.ATTR_CONTAINER_IMAGE_TAGS = "container.image.tags";
    exports.ATTR_CONTAINER_NAME = "container.name";
    exports.ATTR_HOST_ARCH = "host.arch";
    exports.ATTR_HOST_ID = "host.id";
    exports.ATTR_HOST_IMAGE_ID = "host.image.id";
    exports.ATTR_HOST_IMAGE_NAME = "host.image.name";
    exports.ATTR_HOST_IMAGE_VERSION = "host.image.version";
    exports.ATTR_HOST_NAME = "host.name";
    exports.ATTR_HOST_TYPE = "host.type";
    exports.ATTR_K8S_CLUSTER_NAME = "k8s.cluster.name";
    exports.ATTR_K8S_DEPLOYMENT_NAME = "k8s.deployment.name";
    exports.ATTR_K8S_NAMESPACE_NAME = "k8s.namespace.name";
    exports.ATTR_K8S_POD_NAME = "k8s.pod.name";
    exports.ATTR_OS_TYPE = "os.type";
    exports.ATTR_OS_VERSION = "os.version";
    exports.ATTR_PROCESS_COMMAND = "process.command";
    exports.ATTR_PROCESS_COMMAND_ARGS = "process.command_args";
    exports.ATTR_PROCESS_EXECUTABLE_NAME = "process.executable.name";
    exports.ATTR_PROCESS_EXECUTABLE_PATH = "process.executable.path";
    exports.ATTR_PROCESS_OWNER = "process.owner";
    exports.ATTR_PROCESS_PID = "process.pid";
    exports.ATTR_PROCESS_RUNTIME_DESCRIPTION = "process.runtime.description";
    exports.ATTR_PROCESS_RUNTIME_NAME = "process.runtime.name";
    exports.ATTR_PROCESS_RUNTIME_VERSION = "process.runtime.version";
    exports.ATTR_SERVICE_INSTANCE_ID = "service.instance.id";
    exports.ATTR_SERVICE_NAMESPACE = "service.namespace";
    exports.ATTR_WEBENGINE_DESCRIPTION = "webengine.description";
    exports.ATTR_WEBENGINE_NAME = "webengine.name";
    exports.ATTR_WEBENGINE_VERSION = "webengine.version";
  }
});

// node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/detectors/platform/node/machine-id/getMachineId.js
var require_getMachineId = __commonJS({
  "node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/detectors/platform/node/machine-id/getMachineId.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.getMachineId = void 0;
    var process2 = __require("process");
    var getMachineIdImpl;
    async function getMachineId() {
      if (!getMachineIdImpl) {
        switch (process2.platform) {
          case "darwin":
            getMachineIdImpl = (await import("./getMachineId-darwin-DDOIRTXN.js")).getMachineId;
            break;
          case "linux":
            getMachineIdImpl = (await import("./getMachineId-linux-EHQEMBGK.js")).getMachineId;
            break;
          case "freebsd":
            getMachineIdImpl = (await import("./getMachineId-bsd-NLMLHMAM.js")).getMachineId;
            break;
          case "win32":
            getMachineIdImpl = (await import("./getMachineId-win-5USJHA6F.js")).getMachineId;
            break;
          default:
            getMachineIdImpl = (await import("./getMachineId-unsupported-AIBB5JDR.js")).getMachineId;
            break;
        }
      }
      return getMachineIdImpl();
    }
    exports.getMachineId = getMachineId;
  }
});

// node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/detectors/platform/node/utils.js
var require_utils4 = __commonJS({
  "node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/detectors/platform/node/utils.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.normalizeType = exports.normalizeArch = void 0;
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
    exports.normalizeArch = normalizeArch;
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
    exports.normalizeType = normalizeType;
  }
});

// node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/detectors/platform/node/HostDetector.js
var require_HostDetector = __commonJS({
  "node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/detectors/platform/node/HostDetector.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.hostDetector = void 0;
    var semconv_1 = require_semconv2();
    var os_1 = __require("os");
    var getMachineId_1 = require_getMachineId();
    var utils_1 = require_utils4();
    var HostDetector = class {
      detect(_config) {
        const attributes = {
          [semconv_1.ATTR_HOST_NAME]: (0, os_1.hostname)(),
          [semconv_1.ATTR_HOST_ARCH]: (0, utils_1.normalizeArch)((0, os_1.arch)()),
          [semconv_1.ATTR_HOST_ID]: (0, getMachineId_1.getMachineId)()
        };
        return { attributes };
      }
    };
    exports.hostDetector = new HostDetector();
  }
});

// node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/detectors/platform/node/OSDetector.js
var require_OSDetector = __commonJS({
  "node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/detectors/platform/node/OSDetector.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.osDetector = void 0;
    var semconv_1 = require_semconv2();
    var os_1 = __require("os");
    var utils_1 = require_utils4();
    var OSDetector = class {
      detect(_config) {
        const attributes = {
          [semconv_1.ATTR_OS_TYPE]: (0, utils_1.normalizeType)((0, os_1.platform)()),
          [semconv_1.ATTR_OS_VERSION]: (0, os_1.release)()
        };
        return { attributes };
      }
    };
    exports.osDetector = new OSDetector();
  }
});

// node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/detectors/platform/node/ProcessDetector.js
var require_ProcessDetector = __commonJS({
  "node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/detectors/platform/node/ProcessDetector.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.processDetector = void 0;
    var api_1 = (init_esm(), __toCommonJS(esm_exports));
    var semconv_1 = require_semconv2();
    var os = __require("os");
    var ProcessDetector = class {
      detect(_config) {
        const attributes = {
          [semconv_1.ATTR_PROCESS_PID]: process.pid,
          [semconv_1.ATTR_PROCESS_EXECUTABLE_NAME]: process.title,
          [semconv_1.ATTR_PROCESS_EXECUTABLE_PATH]: process.execPath,
          [semconv_1.ATTR_PROCESS_COMMAND_ARGS]: [
            process.argv[0],
            ...process.execArgv,
            ...process.argv.slice(1)
          ],
          [semconv_1.ATTR_PROCESS_RUNTIME_VERSION]: process.versions.node,
          [semconv_1.ATTR_PROCESS_RUNTIME_NAME]: "nodejs",
          [semconv_1.ATTR_PROCESS_RUNTIME_DESCRIPTION]: "Node.js"
        };
        if (process.argv.length > 1) {
          attributes[semconv_1.ATTR_PROCESS_COMMAND] = process.argv[1];
        }
        try {
          const userInfo = os.userInfo();
          attributes[semconv_1.ATTR_PROCESS_OWNER] = userInfo.username;
        } catch (e) {
          api_1.diag.debug(`error obtaining process owner: ${e}`);
        }
        return { attributes };
      }
    };
    exports.processDetector = new ProcessDetector();
  }
});

// node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/detectors/platform/node/ServiceInstanceIdDetector.js
var require_ServiceInstanceIdDetector = __commonJS({
  "node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/detectors/platform/node/ServiceInstanceIdDetector.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.serviceInstanceIdDetector = void 0;
    var semconv_1 = require_semconv2();
    var crypto_1 = __require("crypto");
    var ServiceInstanceIdDetector = class {
      // Multiple calls to ServiceInstanceIdDetector return the same ID.
      _serviceInstanceId;
      detect(_config) {
        if (!this._serviceInstanceId) {
          this._serviceInstanceId = (0, crypto_1.randomUUID)();
        }
        return {
          attributes: {
            [semconv_1.ATTR_SERVICE_INSTANCE_ID]: this._serviceInstanceId
          }
        };
      }
    };
    exports.serviceInstanceIdDetector = new ServiceInstanceIdDetector();
  }
});

// node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/detectors/platform/node/index.js
var require_node2 = __commonJS({
  "node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/detectors/platform/node/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.serviceInstanceIdDetector = exports.processDetector = exports.osDetector = exports.hostDetector = void 0;
    var HostDetector_1 = require_HostDetector();
    Object.defineProperty(exports, "hostDetector", { enumerable: true, get: function() {
      return HostDetector_1.hostDetector;
    } });
    var OSDetector_1 = require_OSDetector();
    Object.defineProperty(exports, "osDetector", { enumerable: true, get: function() {
      return OSDetector_1.osDetector;
    } });
    var ProcessDetector_1 = require_ProcessDetector();
    Object.defineProperty(exports, "processDetector", { enumerable: true, get: function() {
      return ProcessDetector_1.processDetector;
    } });
    var ServiceInstanceIdDetector_1 = require_ServiceInstanceIdDetector();
    Object.defineProperty(exports, "serviceInstanceIdDetector", { enumerable: true, get: function() {
      return ServiceInstanceIdDetector_1.serviceInstanceIdDetector;
    } });
  }
});

// node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/detectors/platform/index.js
var require_platform2 = __commonJS({
  "node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/detectors/platform/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.serviceInstanceIdDetector = exports.processDetector = exports.osDetector = exports.hostDetector = void 0;
    var node_1 = require_node2();
    Object.defineProperty(exports, "hostDetector", { enumerable: true, get: function() {
      return node_1.hostDetector;
    } });
    Object.defineProperty(exports, "osDetector", { enumerable: true, get: function() {
      return node_1.osDetector;
    } });
    Object.defineProperty(exports, "processDetector", { enumerable: true, get: function() {
      return node_1.processDetector;
    } });
    Object.defineProperty(exports, "serviceInstanceIdDetector", { enumerable: true, get: function() {
      return node_1.serviceInstanceIdDetector;
    } });
  }
});

// node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/detectors/NoopDetector.js
var require_NoopDetector = __commonJS({
  "node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/detectors/NoopDetector.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.noopDetector = exports.NoopDetector = void 0;
    var NoopDetector = class {
      detect() {
        return {
          attributes: {}
        };
      }
    };
    exports.NoopDetector = NoopDetector;
    exports.noopDetector = new NoopDetector();
  }
});

// node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/detectors/index.js
var require_detectors = __commonJS({
  "node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/detectors/index.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.noopDetector = exports.serviceInstanceIdDetector = exports.processDetector = exports.osDetector = exports.hostDetector = exports.envDetector = void 0;
    var EnvDetector_1 = require_EnvDetector();
    Object.defineProperty(exports, "envDetector", { enumerable: true, get: function() {
      return EnvDetector_1.envDetector;
    } });
    var platform_1 = require_platform2();
    Object.defineProperty(exports, "hostDetector", { enumerable: true, get: function() {
      return platform_1.hostDetector;
    } });
    Object.defineProperty(exports, "osDetector", { enumerable: true, get: function() {
      return platform_1.osDetector;
    } });
    Object.defineProperty(exports, "processDetector", { enumerable: true, get: function() {
      return platform_1.processDetector;
    } });
    Object.defineProperty(exports, "serviceInstanceIdDetector", { enumerable: true, get: function() {
      return platform_1.serviceInstanceIdDetector;
    } });
    var NoopDetector_1 = require_NoopDetector();
    Object.defineProperty(exports, "noopDetector", { enumerable: true, get: function() {
      return NoopDetector_1.noopDetector;
    } });
  }
});

// node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/index.js
var require_src2 = __commonJS({
  "node_modules/.pnpm/@opentelemetry+resources@2.12.0_@opentelemetry+api@1.9.0/node_modules/@opentelemetry/resources/build/src/index.js"(exports) {
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.defaultServiceName = exports.emptyResource = exports.defaultResource = exports.resourceFromAttributes = exports.serviceInstanceIdDetector = exports.processDetector = exports.osDetector = exports.hostDetector = exports.envDetector = exports.detectResources = void 0;
    var detect_resources_1 = require_detect_resources();
    Object.defineProperty(exports, "detectResources", { enumerable: true, get: function() {
      return detect_resources_1.detectResources;
    } });
    var detectors_1 = require_detectors();
    Object.defineProperty(exports, "envDetector", { enumerable: true, get: function() {
      return detectors_1.envDetector;
    } });
    Object.defineProperty(exports, "hostDetector", { enumerable: true, get: function() {
      return detectors_1.hostDetector;
    } });
    Object.defineProperty(exports, "osDetector", { enumerable: true, get: function() {
      return detectors_1.osDetector;
    } });
    Object.defineProperty(exports, "processDetector", { enumerable: true, get: function() {
      return detectors_1.processDetector;
    } });
    Object.defineProperty(exports, "serviceInstanceIdDetector", { enumerable: true, get: function() {
      return detectors_1.serviceInstanceIdDetector;
    } });
    var ResourceImpl_1 = require_ResourceImpl();
    Object.defineProperty(exports, "resourceFromAttributes", { enumerable: true, get: function() {
      return ResourceImpl_1.resourceFromAttributes;
    } });
    Object.defineProperty(exports, "defaultResource", { enumerable: true, get: function() {
      return ResourceImpl_1.defaultResource;
    } });
    Object.defineProperty(exports, "emptyResource", { enumerable: true, get: function() {
      return ResourceImpl_1.emptyResource;
    } });
    var default_service_name_1 = require_default_service_name();
    Object.defineProperty(exports, "defaultServiceName", { enumerable: true, get: function() {
      return default_service_name_1.defaultServiceName;
    } });
  }
});

export {
  require_src,
  require_src2
};
