import { createRequire as __keyrollCreateRequire } from 'node:module';
const require = __keyrollCreateRequire(import.meta.url);

// packages/core/src/errors.ts
var KeyrollError = class extends Error {
  /** Stable machine-readable code, e.g. `already_have_two_access_keys`, `malformed_secret`. */
  code;
  category;
  retryable;
  retryAfterMs;
  status;
  constructor(code, message, options) {
    super(message, options.cause === void 0 ? void 0 : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.category = options.category;
    this.retryable = options.retryable ?? defaultRetryable(options.category);
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
  }
  /** A plain object safe to log or return from an API (no cause chain: causes may quote requests). */
  toJSON() {
    return { code: this.code, category: this.category, message: this.message, retryable: this.retryable };
  }
};
function defaultRetryable(category) {
  return category === "rate_limited" || category === "unavailable";
}
var ConfigError = class extends KeyrollError {
  constructor(code, message, cause) {
    super(code, message, { category: "config", cause });
  }
};
var InputError = class extends KeyrollError {
  constructor(code, message, cause) {
    super(code, message, { category: "input", cause });
  }
};
var IssuerError = class extends KeyrollError {
};
var VaultError = class extends KeyrollError {
};
function isKeyrollError(err) {
  return err instanceof KeyrollError;
}
function mayHaveApplied(err) {
  if (!isKeyrollError(err)) return true;
  return err.category === "ambiguous" || err.category === "internal";
}
function describeError(err) {
  if (isKeyrollError(err)) return { code: err.code, message: err.message, retryable: err.retryable };
  if (err instanceof Error) return { code: "unexpected_error", message: err.message, retryable: false };
  return { code: "unexpected_error", message: String(err), retryable: false };
}

// packages/core/src/redact.ts
var SENSITIVE_FIELD = /(secretkey|secret_key|clientsecret|client_secret|password|passwd|^pass|_pass|token|authorization|redlock-auth|jwt|credential|privatekey|private_key)$/i;
var MASK = "[REDACTED]";
var JWT_PATTERN = /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/g;
var CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
function escapeControl(text2) {
  return text2.replace(CONTROL, (c) => {
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    const code = c.charCodeAt(0);
    return code <= 255 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`;
  });
}
var Redactor = class {
  secrets = /* @__PURE__ */ new Set();
  /** Registers a secret value. Short strings are ignored: masking them would mangle ordinary text. */
  add(secret) {
    if (secret && secret.length >= 8) this.secrets.add(secret);
  }
  /** Masks every registered secret (and anything JWT-shaped); keeps line breaks, for whole output lines. */
  redactString(text2) {
    let out = text2;
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      if (out.includes(secret)) out = out.split(secret).join(MASK);
    }
    return out.replace(JWT_PATTERN, MASK);
  }
  /** Deep copy of a value with secrets masked and control characters escaped. Errors become `{ name, code, message }`. */
  redact(value, depth = 0) {
    return this.walk(value, depth);
  }
  walk(value, depth) {
    if (typeof value === "string") return escapeControl(this.redactString(value));
    if (value === null || typeof value !== "object") return value;
    if (depth > 8) return "[\u2026]";
    if (value instanceof Date) return value.toISOString();
    if (value instanceof Error) {
      const code = value.code;
      return {
        name: value.name,
        ...code === void 0 ? {} : { code: this.walk(code, depth + 1) },
        message: this.walk(value.message, depth + 1)
      };
    }
    if (Array.isArray(value)) return value.map((v) => this.walk(v, depth + 1));
    const out = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = SENSITIVE_FIELD.test(key) && typeof v === "string" && v !== "" ? MASK : this.walk(v, depth + 1);
    }
    return out;
  }
  /** Masks and escapes a thrown error's message in place, so whoever prints it later prints it safely. */
  scrubError(err) {
    if (err instanceof Error) {
      try {
        err.message = escapeControl(this.redactString(err.message));
      } catch {
      }
    }
    return err;
  }
};

// packages/core/src/log.ts
var LEVELS = { debug: 10, info: 20, warn: 30, error: 40 };
function createLogger(options = {}) {
  const sink = options.sink ?? jsonLinesSink(process.stderr);
  const min = LEVELS[options.level ?? "info"];
  const redactor = options.redactor ?? new Redactor();
  const now = options.now ?? Date.now;
  const base = options.fields ?? {};
  const emit = (level, msg, fields) => {
    if (LEVELS[level] < min) return;
    const safe = redactor.redact({ ...base, ...fields });
    sink({
      ...safe,
      level,
      msg: escapeControl(redactor.redactString(msg)),
      time: new Date(now()).toISOString()
    });
  };
  return {
    redactor,
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (fields) => createLogger({ ...options, sink, redactor, fields: { ...base, ...fields } })
  };
}
function jsonLinesSink(stream) {
  return (record2) => stream.write(`${JSON.stringify(record2)}
`);
}
var silentLogger = () => createLogger({ sink: () => {
} });

// packages/core/src/lock.ts
var LockLostError = class extends KeyrollError {
  constructor(message, cause) {
    super("lock_lost", message, { category: "conflict", retryable: false, cause });
  }
};
var WRITE_STEPS = /* @__PURE__ */ new Set([
  "reconcile",
  "retire-previous",
  "make-room",
  "create",
  "store",
  "retire",
  "tidy"
]);
async function holdLeaseFor(step, lease) {
  if (lease?.renew && WRITE_STEPS.has(step)) await lease.renew();
}
var InMemoryLockProvider = class {
  constructor(now = Date.now) {
    this.now = now;
  }
  now;
  held = /* @__PURE__ */ new Map();
  async acquire(name, owner, leaseMs) {
    const current = this.held.get(name);
    if (current && current.expiresAt > this.now()) return null;
    const mine = { owner, expiresAt: this.now() + leaseMs };
    this.held.set(name, mine);
    return {
      tookOverFrom: current,
      release: async () => {
        if (this.held.get(name) === mine) this.held.delete(name);
      }
    };
  }
};

// packages/core/src/bookkeeping.ts
var BOOKKEEPING_TAG = "keyroll-failures";
var MAX_TAG_VALUE = 256;
function encodeBookkeeping(bookkeeping) {
  const count2 = bookkeeping?.consecutiveFailures;
  const last = bookkeeping?.lastFailure?.replace(/[^\p{L}\p{N} +\-=._:/@]/gu, "_").trim();
  if (!count2 && !last) return void 0;
  const text2 = last ? `${count2 ?? 0} ${last}` : `${count2}`;
  return text2.slice(0, MAX_TAG_VALUE);
}
function decodeBookkeeping(text2) {
  const match = /^(\d{1,9})(?: (.+))?$/su.exec(text2?.trim() ?? "");
  if (!match) return void 0;
  return {
    consecutiveFailures: Number(match[1]),
    ...match[2] ? { lastFailure: match[2] } : {}
  };
}

// packages/core/src/clock.ts
var systemClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  })
};
var DAY_MS = 864e5;
var HOUR_MS = 36e5;
var MINUTE_MS = 6e4;

// node_modules/.pnpm/zod@4.6.7/node_modules/zod/v4/core/util.js
function getEnumValues(entries) {
  const numericValues = Object.values(entries).filter((v) => typeof v === "number");
  const values = Object.entries(entries).filter(([k, _]) => numericValues.indexOf(+k) === -1).map(([_, v]) => v);
  return values;
}
function joinValues(array2, separator = "|") {
  return array2.map((val) => stringifyPrimitive(val)).join(separator);
}
function jsonStringifyReplacer(_, value) {
  if (typeof value === "bigint")
    return value.toString();
  return value;
}
var Cached = class {
  constructor(getter) {
    this._getter = getter;
    this._value = void 0;
  }
  get value() {
    const getter = this._getter;
    if (getter !== void 0) {
      this._value = getter();
      this._getter = void 0;
    }
    return this._value;
  }
};
function cached(getter) {
  return new Cached(getter);
}
function nullish(input) {
  return input === null || input === void 0;
}
function cleanRegex(source) {
  const start = source.startsWith("^") ? 1 : 0;
  const end = source.endsWith("$") ? source.length - 1 : source.length;
  return source.slice(start, end);
}
function assignProp(target, prop, value) {
  Object.defineProperty(target, prop, {
    value,
    writable: true,
    enumerable: true,
    configurable: true
  });
}
var captureStackTrace = "captureStackTrace" in Error ? Error.captureStackTrace : (..._args) => {
};
function isObject(data) {
  return typeof data === "object" && data !== null && !Array.isArray(data);
}
function isPlainObject(o) {
  if (isObject(o) === false)
    return false;
  const ctor = o.constructor;
  if (ctor === void 0)
    return true;
  if (typeof ctor !== "function")
    return true;
  const prot = ctor.prototype;
  if (isObject(prot) === false)
    return false;
  if (Object.prototype.hasOwnProperty.call(prot, "isPrototypeOf") === false) {
    return false;
  }
  return true;
}
function shallowClone(o) {
  if (isPlainObject(o))
    return { ...o };
  if (Array.isArray(o))
    return [...o];
  if (o instanceof Map)
    return new Map(o);
  if (o instanceof Set)
    return new Set(o);
  return o;
}
var propertyKeyTypes = /* @__PURE__ */ new Set(["string", "number", "symbol"]);
function escapeRegex(str) {
  return str.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
function clone(inst, def, params) {
  const cl = new inst._zod.constr(def ?? inst._zod.def);
  if (!def || params?.parent)
    cl._zod.parent = inst;
  return cl;
}
function normalizeParams(_params) {
  const params = _params;
  if (!params)
    return {};
  if (typeof params === "string")
    return { error: () => params };
  if (params?.message !== void 0) {
    if (params?.error !== void 0)
      throw new Error("Cannot specify both `message` and `error` params");
    params.error = params.message;
  }
  delete params.message;
  if (typeof params.error === "string")
    return { ...params, error: () => params.error };
  return params;
}
function stringifyPrimitive(value) {
  if (typeof value === "bigint")
    return value.toString() + "n";
  if (typeof value === "string")
    return `"${value}"`;
  return `${value}`;
}
function optionalKeys(shape) {
  return Object.keys(shape).filter((k) => {
    return shape[k]._zod.optin !== void 0 && shape[k]._zod.optout === "optional";
  });
}
var NUMBER_FORMAT_RANGES = /* @__PURE__ */ (() => ({
  safeint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  float32: [-34028234663852886e22, 34028234663852886e22],
  float64: [-Number.MAX_VALUE, Number.MAX_VALUE]
}))();
function aborted(x, startIndex = 0) {
  if (x.aborted === true)
    return true;
  for (let i = startIndex; i < x.issues.length; i++) {
    if (x.issues[i]?.continue !== true) {
      return true;
    }
  }
  return false;
}
function explicitlyAborted(x, startIndex = 0) {
  if (x.aborted === true)
    return true;
  for (let i = startIndex; i < x.issues.length; i++) {
    if (x.issues[i]?.continue === false) {
      return true;
    }
  }
  return false;
}
function prefixIssues(path, issues) {
  return issues.map((iss) => {
    var _a3;
    (_a3 = iss).path ?? (_a3.path = []);
    iss.path.unshift(path);
    return iss;
  });
}
function unwrapMessage(message) {
  return typeof message === "string" ? message : message?.message;
}
function sizeCaps(defChecks) {
  const caps = [];
  for (const ch of defChecks ?? []) {
    const d = ch._zod.def;
    if (!/_(length|size)$|_equals$/.test(d.check))
      break;
    const max = d.maximum ?? d.length ?? d.size;
    if (max >= 0)
      caps.push([max, ch]);
  }
  return caps;
}
function attachSchema(issues, start, inst) {
  var _a3;
  for (let i = start; i < issues.length; i++) {
    (_a3 = issues[i]).schema ?? (_a3.schema = inst);
  }
}
function finalizeIssue(iss, ctx, config2) {
  var _a3;
  const traits = iss.inst?._zod?.traits;
  if (traits?.has("$ZodType")) {
    if (traits.has("$ZodCheck"))
      (_a3 = iss).schema ?? (_a3.schema = iss.inst);
    else
      iss.schema = iss.inst;
  }
  const schemaError = iss.schema !== iss.inst ? iss.schema?._zod.def?.error : void 0;
  const message = iss.message ? iss.message : unwrapMessage(iss.inst?._zod.def?.error?.(iss)) ?? unwrapMessage(schemaError?.(iss)) ?? unwrapMessage(ctx?.error?.(iss)) ?? unwrapMessage(config2.customError?.(iss)) ?? unwrapMessage(config2.localeError?.(iss)) ?? "Invalid input";
  const full = {};
  for (const k of Object.keys(iss)) {
    if (k === "inst" || k === "schema" || k === "continue" || k === "input" || k === "__proto__")
      continue;
    full[k] = iss[k];
  }
  full.path ?? (full.path = []);
  full.message = message;
  if (ctx?.reportInput) {
    full.input = iss.input;
  }
  return full;
}
var highSurrogate = /[\uD800-\uDBFF]/;
function codePointLength(str) {
  const units = str.length;
  if (!highSurrogate.test(str))
    return units;
  let count2 = units;
  for (let i = 0; i < units - 1; i++) {
    if ((str.charCodeAt(i) & 64512) === 55296 && (str.charCodeAt(i + 1) & 64512) === 56320) {
      count2--;
      i++;
    }
  }
  return count2;
}
function getLengthableOrigin(input) {
  if (Array.isArray(input))
    return "array";
  if (typeof input === "string")
    return "string";
  return "unknown";
}
function parsedType(data) {
  const t = typeof data;
  switch (t) {
    case "number": {
      return Number.isNaN(data) ? "nan" : "number";
    }
    case "object": {
      if (data === null) {
        return "null";
      }
      if (Array.isArray(data)) {
        return "array";
      }
      const obj = data;
      if (obj && Object.getPrototypeOf(obj) !== Object.prototype && "constructor" in obj && obj.constructor) {
        return obj.constructor.name;
      }
    }
  }
  return t;
}
function issue(...args) {
  const [iss, input, inst] = args;
  if (typeof iss === "string") {
    return {
      message: iss,
      code: "custom",
      input,
      inst
    };
  }
  return { ...iss };
}
function members(proto, table) {
  for (const key in table) {
    const desc = Object.getOwnPropertyDescriptor(table, key);
    if (desc.get)
      Object.defineProperty(proto, key, { ...desc, enumerable: false });
    else
      defineBound(proto, key, desc.value);
  }
}
function own(inst, key, value, enumerable = true) {
  Object.defineProperty(inst, key, { configurable: true, writable: true, enumerable, value });
  return value;
}
function hide(inst, key, value) {
  return own(inst, key, value, false);
}
function defineBound(proto, key, fn) {
  Object.defineProperty(proto, key, {
    configurable: true,
    get() {
      return this == null ? fn : own(this, key, fn.bind(this));
    },
    set(value) {
      own(this, key, value);
    }
  });
}
function claim(inst, sentinel) {
  const proto = Object.getPrototypeOf(inst);
  return sentinel in proto ? void 0 : proto;
}
var installing;
var broke = false;
var breaker = {
  configurable: true,
  get() {
    broke = true;
    return void 0;
  }
};
function defineLazyInternal(inst, key, compute) {
  const proto = Object.getPrototypeOf(inst._zod);
  if (key in proto && installing !== inst._zod) {
    installing = void 0;
    return;
  }
  installing = inst._zod;
  Object.defineProperty(proto, key, {
    configurable: true,
    get() {
      Object.defineProperty(this, key, breaker);
      const outer = broke;
      broke = false;
      try {
        const value = compute(this);
        if (broke)
          delete this[key];
        else
          Object.defineProperty(this, key, { configurable: true, writable: true, value });
        broke = broke || outer;
        return value;
      } catch (err) {
        delete this[key];
        broke = broke || outer;
        throw err;
      }
    },
    set(value) {
      Object.defineProperty(this, key, { configurable: true, writable: true, value });
    }
  });
}
function installLazyProp(inst, key, make, enumerable) {
  const proto = claim(inst, key);
  if (!proto)
    return;
  Object.defineProperty(proto, key, {
    configurable: true,
    get() {
      const desc = { configurable: true, writable: true, enumerable, value: void 0 };
      Object.defineProperty(this, key, desc);
      desc.value = make(this);
      Object.defineProperty(this, key, desc);
      return desc.value;
    },
    set(value) {
      Object.defineProperty(this, key, { configurable: true, writable: true, enumerable, value });
    }
  });
}

// node_modules/.pnpm/zod@4.6.7/node_modules/zod/v4/core/core.js
var _a;
var _zodDesc = { value: void 0, enumerable: false };
var _E = "captureStackTrace" in Error ? Error : null;
function newError(Definition) {
  const E = _E;
  if (E) {
    const saved = E.stackTraceLimit;
    if (typeof saved === "number") {
      try {
        E.stackTraceLimit = 0;
      } catch {
        _E = null;
        return new Definition();
      }
      try {
        return new Definition();
      } finally {
        E.stackTraceLimit = saved;
      }
    }
  }
  return new Definition();
}
// @__NO_SIDE_EFFECTS__
function $constructor(name, initializer2, proto, params) {
  const zodProto = {};
  function Internals(def) {
    this.def = def;
    this.constr = _;
    this.traits = /* @__PURE__ */ new Set();
  }
  Internals.prototype = zodProto;
  const protoMembers = proto;
  const initialized = protoMembers && /* @__PURE__ */ new WeakSet();
  function init(inst, def) {
    if (!inst._zod) {
      _zodDesc.value = new Internals(def);
      try {
        Object.defineProperty(inst, "_zod", _zodDesc);
      } finally {
        _zodDesc.value = void 0;
      }
    } else if (inst._zod.traits.has(name)) {
      return;
    }
    inst._zod.traits.add(name);
    initializer2(inst, def);
    if (initialized) {
      const own2 = Object.getPrototypeOf(inst);
      const ctorProto = inst._zod.constr.prototype;
      let up = own2;
      while (up && up !== ctorProto)
        up = Object.getPrototypeOf(up);
      const target = up ?? own2;
      if (!initialized.has(target)) {
        initialized.add(target);
        members(target, protoMembers);
      }
    }
    const proto2 = _.prototype;
    for (const k in proto2) {
      if (!Object.prototype.hasOwnProperty.call(proto2, k))
        continue;
      if (!(k in inst)) {
        inst[k] = proto2[k].bind(inst);
      }
    }
  }
  const Parent = params?.Parent ?? Object;
  class Definition extends Parent {
  }
  Object.defineProperty(Definition, "name", { value: name });
  function _(def) {
    const inst = params?.Parent ? newError(Definition) : this;
    init(inst, def);
    const deferred = inst._zod.deferred;
    if (deferred) {
      for (const fn of deferred) {
        fn();
      }
      inst._zod.deferred = void 0;
    }
    const pp = globalThis.__zod_globalConfig?.postProcessor;
    if (pp)
      pp(inst);
    return inst;
  }
  Object.defineProperty(_, "init", { value: init });
  Object.defineProperty(_, Symbol.hasInstance, {
    value: (inst) => {
      if (params?.Parent && inst instanceof params.Parent)
        return true;
      return inst?._zod?.traits?.has(name);
    }
  });
  Object.defineProperty(_, "name", { value: name });
  return _;
}
var $ZodAsyncError = class extends Error {
  constructor() {
    super(`Encountered Promise during synchronous parse. Use .parseAsync() instead.`);
  }
};
(_a = globalThis).__zod_globalConfig ?? (_a.__zod_globalConfig = {});
var globalConfig = globalThis.__zod_globalConfig;
function config(newConfig) {
  if (newConfig)
    Object.assign(globalConfig, newConfig);
  return globalConfig;
}

// node_modules/.pnpm/zod@4.6.7/node_modules/zod/v4/core/errors.js
function _getMessage() {
  const internals = this._zod;
  internals.message ?? (internals.message = JSON.stringify(internals.def, jsonStringifyReplacer, 2));
  return internals.message;
}
function _setMessage(value) {
  this._zod.message = value;
}
var _messageDesc = {
  get: _getMessage,
  set: _setMessage,
  enumerable: true,
  configurable: true
};
var _issuesDesc = { value: void 0, enumerable: false };
var _installedToString = /* @__PURE__ */ new WeakSet([Object.prototype, Error.prototype]);
var initializer = (inst, def) => {
  inst.name = "$ZodError";
  _issuesDesc.value = def;
  Object.defineProperty(inst, "issues", _issuesDesc);
  _issuesDesc.value = void 0;
  Object.defineProperty(inst, "message", _messageDesc);
  const proto = Object.getPrototypeOf(inst);
  if (!_installedToString.has(proto)) {
    _installedToString.add(proto);
    Object.defineProperty(proto, "toString", {
      configurable: true,
      enumerable: false,
      get() {
        const value = () => this.message;
        Object.defineProperty(this, "toString", { value, configurable: true, writable: true });
        return value;
      },
      set(value) {
        Object.defineProperty(this, "toString", { value, configurable: true, writable: true });
      }
    });
  }
};
var $ZodError = $constructor("$ZodError", initializer);
var $ZodRealError = $constructor("$ZodError", initializer, void 0, {
  Parent: Error
});

// node_modules/.pnpm/zod@4.6.7/node_modules/zod/v4/core/parse.js
var _parse = (_Err) => {
  const fn = (schema, value, _ctx, _params) => {
    const ctx = _ctx ? { ..._ctx, async: false } : { async: false };
    const result = schema._zod.run({ value, issues: [] }, ctx);
    if (result instanceof Promise) {
      throw new $ZodAsyncError();
    }
    if (result.issues.length) {
      const e = new (_params?.Err ?? _Err)(result.issues.map((iss) => finalizeIssue(iss, ctx, config())));
      captureStackTrace(e, _params?.callee ?? fn);
      throw e;
    }
    return result.value;
  };
  return fn;
};
var parse = /* @__PURE__ */ _parse($ZodRealError);
var _parseAsync = (_Err) => {
  const fn = async (schema, value, _ctx, params) => {
    const ctx = _ctx ? { ..._ctx, async: true } : { async: true };
    let result = schema._zod.run({ value, issues: [] }, ctx);
    if (result instanceof Promise)
      result = await result;
    if (result.issues.length) {
      const e = new (params?.Err ?? _Err)(result.issues.map((iss) => finalizeIssue(iss, ctx, config())));
      captureStackTrace(e, params?.callee ?? fn);
      throw e;
    }
    return result.value;
  };
  return fn;
};
var parseAsync = /* @__PURE__ */ _parseAsync($ZodRealError);
var _safeParse = (_Err) => (schema, value, _ctx) => {
  const ctx = _ctx ? { ..._ctx, async: false } : { async: false };
  const result = schema._zod.run({ value, issues: [] }, ctx);
  if (result instanceof Promise) {
    throw new $ZodAsyncError();
  }
  return result.issues.length ? failure(_Err, result.issues, ctx) : { success: true, data: result.value };
};
var safeParse = /* @__PURE__ */ _safeParse($ZodRealError);
function failure(Err, issues, ctx) {
  let error2;
  return {
    success: false,
    get error() {
      if (!error2) {
        error2 = new Err(issues.map((iss) => finalizeIssue(iss, ctx, config())));
        issues = void 0;
        ctx = void 0;
      }
      return error2;
    },
    set error(e) {
      error2 = e;
      issues = void 0;
      ctx = void 0;
    }
  };
}
var _safeParseAsync = (_Err) => async (schema, value, _ctx) => {
  const ctx = _ctx ? { ..._ctx, async: true } : { async: true };
  let result = schema._zod.run({ value, issues: [] }, ctx);
  if (result instanceof Promise)
    result = await result;
  return result.issues.length ? failure(_Err, result.issues, ctx) : { success: true, data: result.value };
};
var safeParseAsync = /* @__PURE__ */ _safeParseAsync($ZodRealError);

// node_modules/.pnpm/zod@4.6.7/node_modules/zod/v4/core/regexes.js
var httpProtocol = /^https?$/;
var anyString = /^[\s\S]{0,}$/;
var number = /^-?\d+(?:\.\d+)?$/;
var boolean = /^(?:true|false)$/i;

// node_modules/.pnpm/zod@4.6.7/node_modules/zod/v4/core/checks.js
var $ZodCheck = /* @__PURE__ */ $constructor("$ZodCheck", (inst, def) => {
  var _a3;
  inst._zod ?? (inst._zod = {});
  inst._zod.def = def;
  (_a3 = inst._zod).onattach ?? (_a3.onattach = []);
});
var _whenHasLength = (payload) => {
  const val = payload.value;
  return !nullish(val) && val.length !== void 0;
};
var numericOriginMap = {
  number: "number",
  bigint: "bigint",
  object: "date"
};
var $ZodCheckLessThan = /* @__PURE__ */ $constructor("$ZodCheckLessThan", (inst, def) => {
  $ZodCheck.init(inst, def);
  const origin = numericOriginMap[typeof def.value];
  inst._zod.check = (payload) => {
    if (def.inclusive ? payload.value <= def.value : payload.value < def.value) {
      return;
    }
    payload.issues.push({
      origin: numericOriginMap[typeof payload.value] ?? origin,
      code: "too_big",
      maximum: typeof def.value === "object" ? def.value.getTime() : def.value,
      input: payload.value,
      inclusive: def.inclusive,
      inst,
      continue: !def.abort
    });
  };
});
var $ZodCheckGreaterThan = /* @__PURE__ */ $constructor("$ZodCheckGreaterThan", (inst, def) => {
  $ZodCheck.init(inst, def);
  const origin = numericOriginMap[typeof def.value];
  inst._zod.check = (payload) => {
    if (def.inclusive ? payload.value >= def.value : payload.value > def.value) {
      return;
    }
    payload.issues.push({
      origin: numericOriginMap[typeof payload.value] ?? origin,
      code: "too_small",
      minimum: typeof def.value === "object" ? def.value.getTime() : def.value,
      input: payload.value,
      inclusive: def.inclusive,
      inst,
      continue: !def.abort
    });
  };
});
var $ZodCheckNumberFormat = /* @__PURE__ */ $constructor("$ZodCheckNumberFormat", (inst, def) => {
  $ZodCheck.init(inst, def);
  def.format = def.format || "float64";
  const isInt = def.format?.includes("int");
  const origin = isInt ? "int" : "number";
  const [minimum, maximum] = NUMBER_FORMAT_RANGES[def.format];
  inst._zod.check = (payload) => {
    const input = payload.value;
    if (isInt) {
      if (!Number.isInteger(input)) {
        payload.issues.push({
          expected: origin,
          format: def.format,
          code: "invalid_type",
          continue: false,
          input,
          inst
        });
        return;
      }
      if (!Number.isSafeInteger(input)) {
        if (input > 0) {
          payload.issues.push({
            input,
            code: "too_big",
            maximum: Number.MAX_SAFE_INTEGER,
            note: "Integers must be within the safe integer range.",
            inst,
            origin,
            inclusive: true,
            continue: !def.abort
          });
        } else {
          payload.issues.push({
            input,
            code: "too_small",
            minimum: Number.MIN_SAFE_INTEGER,
            note: "Integers must be within the safe integer range.",
            inst,
            origin,
            inclusive: true,
            continue: !def.abort
          });
        }
        return;
      }
    }
    if (input < minimum) {
      payload.issues.push({
        origin: "number",
        input,
        code: "too_small",
        minimum,
        inclusive: true,
        inst,
        continue: !def.abort
      });
    }
    if (input > maximum) {
      payload.issues.push({
        origin: "number",
        input,
        code: "too_big",
        maximum,
        inclusive: true,
        inst,
        continue: !def.abort
      });
    }
  };
});
var $ZodCheckMinLength = /* @__PURE__ */ $constructor("$ZodCheckMinLength", (inst, def) => {
  var _a3;
  $ZodCheck.init(inst, def);
  (_a3 = inst._zod.def).when ?? (_a3.when = _whenHasLength);
  inst._zod.check = (payload) => {
    const input = payload.value;
    const units = input.length;
    const length = typeof input === "string" && units >= def.minimum && units < def.minimum * 2 ? codePointLength(input) : units;
    if (length >= def.minimum)
      return;
    const origin = getLengthableOrigin(input);
    payload.issues.push({
      origin,
      code: "too_small",
      minimum: def.minimum,
      inclusive: true,
      input,
      inst,
      continue: !def.abort
    });
  };
});
var $ZodCheckStringFormat = /* @__PURE__ */ $constructor("$ZodCheckStringFormat", (inst, def) => {
  var _a3, _b;
  $ZodCheck.init(inst, def);
  if (def.pattern)
    (_a3 = inst._zod).check ?? (_a3.check = (payload) => {
      def.pattern.lastIndex = 0;
      if (def.pattern.test(payload.value))
        return;
      payload.issues.push({
        origin: "string",
        code: "invalid_format",
        format: def.format,
        input: payload.value,
        ...def.pattern ? { pattern: def.pattern.toString() } : {},
        inst,
        continue: !def.abort
      });
    });
  else
    (_b = inst._zod).check ?? (_b.check = () => {
    });
});
var $ZodCheckRegex = /* @__PURE__ */ $constructor("$ZodCheckRegex", (inst, def) => {
  $ZodCheckStringFormat.init(inst, def);
  inst._zod.check = (payload) => {
    def.pattern.lastIndex = 0;
    if (def.pattern.test(payload.value))
      return;
    payload.issues.push({
      origin: "string",
      code: "invalid_format",
      format: "regex",
      input: payload.value,
      pattern: def.pattern.toString(),
      inst,
      continue: !def.abort
    });
  };
});

// node_modules/.pnpm/zod@4.6.7/node_modules/zod/v4/core/versions.js
var version = {
  major: 4,
  minor: 6,
  patch: 7
};

// node_modules/.pnpm/zod@4.6.7/node_modules/zod/v4/core/schemas.js
var $ZodType = /* @__PURE__ */ $constructor("$ZodType", (inst, def) => {
  var _a3;
  inst ?? (inst = {});
  inst._zod.def = def;
  inst._zod.bag = inst._zod.bag || {};
  inst._zod.version = version;
  const defChecks = inst._zod.def.checks;
  const checks = inst._zod.traits.has("$ZodCheck") ? [inst, ...defChecks ?? []] : defChecks?.length ? [...defChecks] : [];
  for (const ch of checks) {
    for (const fn of ch._zod.onattach) {
      fn(inst);
    }
  }
  if (checks.length === 0) {
    (_a3 = inst._zod).deferred ?? (_a3.deferred = []);
    inst._zod.deferred?.push(() => {
      inst._zod.run = inst._zod.parse;
    });
  } else {
    const runChecks = (payload, checks2, ctx) => {
      if (payload.memo)
        return payload;
      let isAborted = aborted(payload);
      let asyncResult;
      for (const ch of checks2) {
        if (ch._zod.def.when) {
          if (explicitlyAborted(payload))
            continue;
          const shouldRun = ch._zod.def.when(payload);
          if (!shouldRun)
            continue;
        } else if (isAborted) {
          continue;
        }
        const currLen = payload.issues.length;
        const _ = ch._zod.check(payload);
        if (_ instanceof Promise && ctx?.async === false) {
          throw new $ZodAsyncError();
        }
        if (asyncResult || _ instanceof Promise) {
          asyncResult = (asyncResult ?? Promise.resolve()).then(async () => {
            await _;
            const nextLen = payload.issues.length;
            if (nextLen === currLen)
              return;
            attachSchema(payload.issues, currLen, inst);
            if (!isAborted)
              isAborted = aborted(payload, currLen);
          });
        } else {
          const nextLen = payload.issues.length;
          if (nextLen === currLen)
            continue;
          attachSchema(payload.issues, currLen, inst);
          if (!isAborted)
            isAborted = aborted(payload, currLen);
        }
      }
      if (asyncResult) {
        return asyncResult.then(() => {
          return payload;
        });
      }
      return payload;
    };
    const handleCanaryResult = (canary, payload, ctx) => {
      if (aborted(canary)) {
        canary.aborted = true;
        return canary;
      }
      const checkResult = runChecks(payload, checks, ctx);
      if (checkResult instanceof Promise) {
        if (ctx.async === false)
          throw new $ZodAsyncError();
        return checkResult.then((checkResult2) => inst._zod.parse(checkResult2, ctx));
      }
      return inst._zod.parse(checkResult, ctx);
    };
    inst._zod.run = (payload, ctx) => {
      if (ctx.skipChecks) {
        return inst._zod.parse(payload, ctx);
      }
      if (ctx.direction === "backward") {
        const canary = inst._zod.parse({ value: payload.value, issues: [] }, { ...ctx, skipChecks: true });
        if (canary instanceof Promise) {
          return canary.then((canary2) => {
            return handleCanaryResult(canary2, payload, ctx);
          });
        }
        return handleCanaryResult(canary, payload, ctx);
      }
      const result = inst._zod.parse(payload, ctx);
      if (result instanceof Promise) {
        if (ctx.async === false)
          throw new $ZodAsyncError();
        return result.then((result2) => runChecks(result2, checks, ctx));
      }
      return runChecks(result, checks, ctx);
    };
  }
}, {
  // Wrappers extend this by installing a richer factory over it; reading it eagerly would defeat the laziness.
  get "~standard"() {
    return hide(this, "~standard", standardProps(this));
  },
  set "~standard"(value) {
    own(this, "~standard", value);
  }
});
var toStandardResult = (r, ctx) => r.issues.length ? { issues: r.issues.map((iss) => finalizeIssue(iss, ctx, config())) } : { value: r.value };
async function validateAsync(inst, value) {
  const ctx = { async: true };
  return toStandardResult(await inst._zod.run({ value, issues: [] }, ctx), ctx);
}
function standardProps(inst) {
  return {
    validate: (value) => {
      const ctx = { async: false };
      try {
        const r = inst._zod.run({ value, issues: [] }, ctx);
        if (!(r instanceof Promise))
          return toStandardResult(r, ctx);
      } catch (_) {
      }
      return validateAsync(inst, value);
    },
    vendor: "zod",
    version: 1
  };
}
var $ZodString = /* @__PURE__ */ $constructor("$ZodString", (inst, def) => {
  $ZodType.init(inst, def);
  inst._zod.pattern = def.pattern ?? anyString;
  inst._zod.parse = (payload, _) => {
    if (def.coerce)
      try {
        payload.value = String(payload.value);
      } catch (_2) {
      }
    if (typeof payload.value === "string")
      return payload;
    payload.issues.push({
      expected: "string",
      code: "invalid_type",
      input: payload.value,
      inst
    });
    return payload;
  };
});
var $ZodStringFormat = /* @__PURE__ */ $constructor("$ZodStringFormat", (inst, def) => {
  $ZodCheckStringFormat.init(inst, def);
  $ZodString.init(inst, def);
});
var URL_BAD_FORMAT = 1;
var URL_UNPARSEABLE = 2;
function canParseURL(input) {
  try {
    if (typeof URL !== "undefined" && typeof URL.canParse === "function")
      return URL.canParse(input);
    new URL(input);
    return true;
  } catch {
    return false;
  }
}
function validateURL(trimmed, def) {
  if (!("normalize" in def) && !("hostname" in def) && !("protocol" in def)) {
    return canParseURL(trimmed) || URL_UNPARSEABLE;
  }
  return parseURLObject(trimmed, def);
}
function parseURLObject(trimmed, def) {
  if (!def.normalize && def.protocol?.source === httpProtocol.source && !/^https?:\/\//i.test(trimmed)) {
    return URL_BAD_FORMAT;
  }
  try {
    if (typeof URL !== "undefined") {
      const URLStatic = URL;
      if (typeof URLStatic.parse === "function")
        return URLStatic.parse(trimmed) ?? URL_UNPARSEABLE;
    }
    return new URL(trimmed);
  } catch {
    return URL_UNPARSEABLE;
  }
}
var asciiTabOrNewline = /[\t\n\r]/g;
function stripTabAndNewline(value) {
  return value.replace(asciiTabOrNewline, "");
}
function urlHostnameOk(url2, hostname) {
  hostname.lastIndex = 0;
  return hostname.test(url2.hostname);
}
function urlProtocolOk(url2, protocol) {
  protocol.lastIndex = 0;
  return protocol.test(url2.protocol.endsWith(":") ? url2.protocol.slice(0, -1) : url2.protocol);
}
var $ZodURL = /* @__PURE__ */ $constructor("$ZodURL", (inst, def) => {
  $ZodStringFormat.init(inst, def);
  inst._zod.check = (payload) => {
    try {
      const trimmed = payload.value.trim();
      const url2 = validateURL(trimmed, def);
      if (url2 === URL_BAD_FORMAT) {
        payload.issues.push({
          code: "invalid_format",
          format: "url",
          note: "Invalid URL format",
          input: payload.value,
          inst,
          continue: !def.abort
        });
        return;
      }
      if (url2 === URL_UNPARSEABLE) {
        payload.issues.push({
          code: "invalid_format",
          format: "url",
          input: payload.value,
          inst,
          continue: !def.abort
        });
        return;
      }
      if (url2 === true) {
        payload.value = stripTabAndNewline(trimmed);
        return;
      }
      if (def.hostname && !urlHostnameOk(url2, def.hostname)) {
        payload.issues.push({
          code: "invalid_format",
          format: "url",
          note: "Invalid hostname",
          pattern: def.hostname.source,
          input: payload.value,
          inst,
          continue: !def.abort
        });
      }
      if (def.protocol && !urlProtocolOk(url2, def.protocol)) {
        payload.issues.push({
          code: "invalid_format",
          format: "url",
          note: "Invalid protocol",
          pattern: def.protocol.source,
          input: payload.value,
          inst,
          continue: !def.abort
        });
      }
      payload.value = def.normalize ? url2.href : stripTabAndNewline(trimmed);
      return;
    } catch (_) {
      payload.issues.push({
        code: "invalid_format",
        format: "url",
        input: payload.value,
        inst,
        continue: !def.abort
      });
    }
  };
});
var $ZodNumber = /* @__PURE__ */ $constructor("$ZodNumber", (inst, def) => {
  $ZodType.init(inst, def);
  inst._zod.pattern = number;
  inst._zod.parse = (payload, _ctx) => {
    if (def.coerce)
      try {
        payload.value = Number(payload.value);
      } catch (_) {
      }
    const input = payload.value;
    if (typeof input === "number" && !Number.isNaN(input) && Number.isFinite(input)) {
      return payload;
    }
    const received = typeof input === "number" ? Number.isNaN(input) ? "NaN" : !Number.isFinite(input) ? String(input) : void 0 : void 0;
    payload.issues.push({
      expected: "number",
      code: "invalid_type",
      input,
      inst,
      ...received ? { received } : {}
    });
    return payload;
  };
});
var $ZodNumberFormat = /* @__PURE__ */ $constructor("$ZodNumberFormat", (inst, def) => {
  $ZodCheckNumberFormat.init(inst, def);
  $ZodNumber.init(inst, def);
});
var $ZodBoolean = /* @__PURE__ */ $constructor("$ZodBoolean", (inst, def) => {
  $ZodType.init(inst, def);
  inst._zod.pattern = boolean;
  inst._zod.parse = (payload, _ctx) => {
    if (def.coerce)
      try {
        payload.value = Boolean(payload.value);
      } catch (_) {
      }
    const input = payload.value;
    if (typeof input === "boolean")
      return payload;
    payload.issues.push({
      expected: "boolean",
      code: "invalid_type",
      input,
      inst
    });
    return payload;
  };
});
var $ZodNever = /* @__PURE__ */ $constructor("$ZodNever", (inst, def) => {
  $ZodType.init(inst, def);
  inst._zod.parse = (payload, _ctx) => {
    payload.issues.push({
      expected: "never",
      code: "invalid_type",
      input: payload.value,
      inst
    });
    return payload;
  };
});
function capSize(inst, size) {
  const caps = sizeCaps(inst._zod.def.checks);
  if (!caps.length)
    return;
  const cap = Math.min(...caps.map((c) => c[0]));
  const parse2 = inst._zod.parse;
  inst._zod.parse = (payload, ctx) => {
    const n = size(payload.value);
    if (n > cap && !ctx?.skipChecks && ctx?.direction !== "backward") {
      for (const [max, ch] of sizeCaps(inst._zod.def.checks)) {
        if (n > max && ch._zod.def.when(payload)) {
          const start = payload.issues.length;
          ch._zod.check(payload);
          payload.issues[start].continue = false;
          attachSchema(payload.issues, start, inst);
          return payload;
        }
      }
    }
    return parse2(payload, ctx);
  };
}
var arraySize = (input) => Array.isArray(input) ? input.length : -1;
function handleArrayResult(result, final, index) {
  if (result.issues.length) {
    final.issues.push(...prefixIssues(index, result.issues));
  }
  final.value[index] = result.value;
}
var $ZodArray = /* @__PURE__ */ $constructor("$ZodArray", (inst, def) => {
  $ZodType.init(inst, def);
  const memo = globalConfig.memoizer;
  memo?.attach(inst);
  inst._zod.parse = (payload, ctx) => {
    const input = payload.value;
    if (!Array.isArray(input)) {
      payload.issues.push({
        expected: "array",
        code: "invalid_type",
        input,
        inst
      });
      return payload;
    }
    payload.value = memo ? memo.alloc(inst, payload, Array(input.length), ctx) : Array(input.length);
    const proms = [];
    const abortEarly = ctx?.abortEarly;
    for (let i = 0; i < input.length; i++) {
      const item = input[i];
      const result = def.element._zod.run({
        value: item,
        issues: []
      }, ctx);
      if (result instanceof Promise) {
        proms.push(result.then((result2) => handleArrayResult(result2, payload, i)));
      } else {
        handleArrayResult(result, payload, i);
        if (abortEarly && result.issues.length !== 0 && aborted(result))
          break;
      }
    }
    if (proms.length) {
      return Promise.all(proms).then(() => payload);
    }
    return payload;
  };
  capSize(inst, arraySize);
});
function handlePropertyResult(result, final, key, input, optin, optout) {
  const isPresent = key in input;
  const isOptionalOut = optout === "optional";
  if (!isPresent && isOptionalOut && optin === "optional") {
    return;
  }
  if (result.issues.length) {
    if (optin !== void 0 && isOptionalOut && !isPresent) {
      return;
    }
    final.issues.push(...prefixIssues(key, result.issues));
  }
  if (!isPresent && optin === void 0) {
    if (!result.issues.length) {
      final.issues.push({
        code: "invalid_type",
        expected: "nonoptional",
        input: void 0,
        path: [key]
      });
    }
    return;
  }
  if (result.value === void 0) {
    if (isPresent || optin === "defaulted" && !isOptionalOut) {
      final.value[key] = void 0;
    }
  } else {
    final.value[key] = result.value;
  }
}
var NO_SYMBOL_KEYS = [];
function normalizeDef(def) {
  const keys = Object.keys(def.shape);
  const ownSymbols = Object.getOwnPropertySymbols(def.shape);
  const symbolKeys = ownSymbols.length ? ownSymbols : NO_SYMBOL_KEYS;
  const allKeys = symbolKeys.length ? [...keys, ...symbolKeys] : keys;
  for (const k of allKeys) {
    if (!def.shape?.[k]?._zod?.traits?.has("$ZodType")) {
      throw new Error(`Invalid element at key "${String(k)}": expected a Zod schema`);
    }
  }
  const okeys = optionalKeys(def.shape);
  return {
    ...def,
    allKeys,
    symbolKeys,
    // string-only: handleCatchall matches it against `for...in`, which never yields a symbol
    keySet: new Set(keys),
    numKeys: keys.length,
    optionalKeys: new Set(okeys)
  };
}
function handleCatchall(proms, input, payload, ctx, def, inst, abortEarly) {
  const unrecognized = [];
  const keySet = def.keySet;
  const _catchall = def.catchall._zod;
  const t = _catchall.def.type;
  const optin = _catchall.optin;
  const optout = _catchall.optout;
  let seen = 0;
  for (const key in input) {
    if (abortEarly && payload.issues.length !== seen) {
      if (aborted(payload, seen))
        break;
      seen = payload.issues.length;
    }
    if (keySet.has(key))
      continue;
    if (key === "__proto__") {
      if (t === "never")
        unrecognized.push(key);
      continue;
    }
    if (t === "never") {
      unrecognized.push(key);
      continue;
    }
    const r = _catchall.run({ value: input[key], issues: [] }, ctx);
    if (r instanceof Promise) {
      proms.push(r.then((r2) => handlePropertyResult(r2, payload, key, input, optin, optout)));
    } else {
      handlePropertyResult(r, payload, key, input, optin, optout);
    }
  }
  if (unrecognized.length) {
    payload.issues.push({
      code: "unrecognized_keys",
      keys: unrecognized,
      input,
      inst,
      // Describes the shape of the input, not the validity of the parsed value, so it never aborts. The parse still fails; the schema's own checks just get to run first, and an enclosing intersection can reconcile the key against a sibling operand.
      continue: true
    });
  }
  if (!proms.length)
    return payload;
  return Promise.all(proms).then(() => {
    return payload;
  });
}
var $ZodObject = /* @__PURE__ */ $constructor("$ZodObject", (inst, def) => {
  $ZodType.init(inst, def);
  const desc = Object.getOwnPropertyDescriptor(def, "shape");
  const sh = desc?.get ? desc.get.raw : def.shape ?? {};
  if (sh) {
    const get = () => {
      const newSh = { ...sh };
      Object.defineProperty(def, "shape", { value: newSh });
      get.raw = newSh;
      return newSh;
    };
    get.raw = sh;
    Object.defineProperty(def, "shape", { get });
  }
  const _normalized = cached(() => normalizeDef(def));
  defineLazyInternal(inst, "propValues", (zod) => {
    const shape = zod.def.shape;
    const propValues = {};
    for (const key in shape) {
      const field = shape[key]._zod;
      if (field.values) {
        if (!Object.prototype.hasOwnProperty.call(propValues, key)) {
          assignProp(propValues, key, /* @__PURE__ */ new Set());
        }
        for (const v of field.values)
          propValues[key].add(v);
        if (field.optin !== void 0)
          propValues[key].add(void 0);
      }
    }
    return propValues;
  });
  const isObject2 = isObject;
  const catchall = def.catchall;
  let value;
  const memo = globalConfig.memoizer;
  memo?.attach(inst);
  inst._zod.parse = (payload, ctx) => {
    value ?? (value = _normalized.value);
    const input = payload.value;
    if (!isObject2(input)) {
      payload.issues.push({
        expected: "object",
        code: "invalid_type",
        input,
        inst
      });
      return payload;
    }
    payload.value = memo ? memo.alloc(inst, payload, {}, ctx) : {};
    const proms = [];
    const shape = value.shape;
    const abortEarly = ctx?.abortEarly;
    let seen = payload.issues.length;
    for (const key of value.allKeys) {
      if (abortEarly && payload.issues.length !== seen) {
        if (aborted(payload, seen))
          break;
        seen = payload.issues.length;
      }
      if (key === "__proto__")
        continue;
      const el = shape[key];
      const optin = el._zod.optin;
      const optout = el._zod.optout;
      const r = el._zod.run({ value: input[key], issues: [] }, ctx);
      if (r instanceof Promise) {
        proms.push(r.then((r2) => handlePropertyResult(r2, payload, key, input, optin, optout)));
      } else {
        handlePropertyResult(r, payload, key, input, optin, optout);
      }
    }
    if (!catchall) {
      return proms.length ? Promise.all(proms).then(() => payload) : payload;
    }
    return handleCatchall(proms, input, payload, ctx, _normalized.value, inst, abortEarly === true);
  };
});
function handleUnionResults(results, final, inst, ctx) {
  for (const result of results) {
    if (result.issues.length === 0) {
      final.value = result.value;
      return final;
    }
  }
  const nonaborted = results.filter((r) => !aborted(r));
  if (nonaborted.length === 1) {
    final.value = nonaborted[0].value;
    return nonaborted[0];
  }
  final.issues.push({
    code: "invalid_union",
    input: final.value,
    inst,
    errors: results.map((result) => result.issues.map((iss) => finalizeIssue(iss, ctx, config())))
  });
  return final;
}
var $ZodUnion = /* @__PURE__ */ $constructor("$ZodUnion", (inst, def) => {
  $ZodType.init(inst, def);
  defineLazyInternal(inst, "optin", (zod) => zod.def.options.some((o) => o._zod.optin === "defaulted") ? "defaulted" : zod.def.options.some((o) => o._zod.optin !== void 0) ? "optional" : void 0);
  defineLazyInternal(inst, "optout", (zod) => zod.def.options.some((o) => o._zod.optout === "optional") ? "optional" : void 0);
  defineLazyInternal(inst, "values", (zod) => {
    if (zod.def.options.every((o) => o._zod.values)) {
      return new Set(zod.def.options.flatMap((option) => Array.from(option._zod.values)));
    }
    return void 0;
  });
  defineLazyInternal(inst, "pattern", (zod) => {
    if (zod.def.options.every((o) => o._zod.pattern)) {
      const patterns = zod.def.options.map((o) => o._zod.pattern);
      return new RegExp(`^(${patterns.map((p) => cleanRegex(p.source)).join("|")})$`);
    }
    return void 0;
  });
  const first = def.options.length === 1 ? def.options[0]._zod.run : null;
  inst._zod.parse = (payload, ctx) => {
    if (first) {
      return first(payload, ctx);
    }
    let async = false;
    const results = [];
    for (const option of def.options) {
      const result = option._zod.run({
        value: payload.value,
        issues: []
      }, ctx);
      if (result instanceof Promise) {
        results.push(result);
        async = true;
      } else {
        if (result.issues.length === 0)
          return result;
        results.push(result);
      }
    }
    if (!async)
      return handleUnionResults(results, payload, inst, ctx);
    return Promise.all(results).then((results2) => {
      return handleUnionResults(results2, payload, inst, ctx);
    });
  };
});
var $ZodEnum = /* @__PURE__ */ $constructor("$ZodEnum", (inst, def) => {
  $ZodType.init(inst, def);
  const values = getEnumValues(def.entries);
  const valuesSet = new Set(values);
  inst._zod.values = valuesSet;
  defineLazyInternal(inst, "pattern", (zod) => {
    const patternValues = getEnumValues(zod.def.entries).filter((k) => propertyKeyTypes.has(typeof k));
    return new RegExp(patternValues.length ? `^(${patternValues.map((o) => escapeRegex(o.toString())).join("|")})$` : "^[^\\s\\S]$");
  });
  inst._zod.parse = (payload, _ctx) => {
    const input = payload.value;
    if (valuesSet.has(input)) {
      return payload;
    }
    payload.issues.push({
      code: "invalid_value",
      values,
      input,
      inst
    });
    return payload;
  };
});
var $ZodLiteral = /* @__PURE__ */ $constructor("$ZodLiteral", (inst, def) => {
  $ZodType.init(inst, def);
  const values = new Set(def.values);
  inst._zod.values = values;
  defineLazyInternal(inst, "pattern", (zod) => {
    const vals = zod.def.values;
    return new RegExp(vals.length ? `^(${vals.map((o) => typeof o === "string" ? escapeRegex(o) : o ? escapeRegex(o.toString()) : String(o)).join("|")})$` : "^[^\\s\\S]$");
  });
  inst._zod.parse = (payload, _ctx) => {
    const input = payload.value;
    if (values.has(input)) {
      return payload;
    }
    payload.issues.push({
      code: "invalid_value",
      values: def.values,
      input,
      inst
    });
    return payload;
  };
});
function handleOptionalResult(payload, result) {
  payload.value = result.issues.length ? void 0 : result.value;
  return payload;
}
var $ZodOptional = /* @__PURE__ */ $constructor("$ZodOptional", (inst, def) => {
  $ZodType.init(inst, def);
  defineLazyInternal(inst, "optin", (zod) => zod.def.innerType._zod.optin === "defaulted" ? "defaulted" : "optional");
  inst._zod.optout = "optional";
  defineLazyInternal(inst, "values", (zod) => {
    const values = zod.def.innerType._zod.values;
    return values ? /* @__PURE__ */ new Set([...values, void 0]) : void 0;
  });
  defineLazyInternal(inst, "pattern", (zod) => {
    const pattern = zod.def.innerType._zod.pattern;
    return pattern ? new RegExp(`^(${cleanRegex(pattern.source)})?$`) : void 0;
  });
  inst._zod.parse = (payload, ctx) => {
    if (payload.value === void 0) {
      if (def.innerType._zod.optin !== "defaulted")
        return payload;
      const result = def.innerType._zod.run({ value: payload.value, issues: [] }, ctx);
      if (result instanceof Promise)
        return result.then((result2) => handleOptionalResult(payload, result2));
      return handleOptionalResult(payload, result);
    }
    return def.innerType._zod.run(payload, ctx);
  };
});
var $ZodDefault = /* @__PURE__ */ $constructor("$ZodDefault", (inst, def) => {
  $ZodType.init(inst, def);
  inst._zod.optin = "defaulted";
  defineLazyInternal(inst, "values", (zod) => zod.def.innerType._zod.values);
  inst._zod.parse = (payload, ctx) => {
    if (ctx.direction === "backward") {
      return def.innerType._zod.run(payload, ctx);
    }
    if (payload.value === void 0) {
      payload.value = def.defaultValue;
      return payload;
    }
    const result = def.innerType._zod.run(payload, ctx);
    if (result instanceof Promise) {
      return result.then((result2) => handleDefaultResult(result2, def));
    }
    return handleDefaultResult(result, def);
  };
});
function handleDefaultResult(payload, def) {
  if (payload.value === void 0) {
    payload.value = def.defaultValue;
  }
  return payload;
}
var $ZodCustom = /* @__PURE__ */ $constructor("$ZodCustom", (inst, def) => {
  $ZodCheck.init(inst, def);
  $ZodType.init(inst, def);
  inst._zod.parse = (payload, _) => {
    return payload;
  };
  inst._zod.check = (payload) => {
    const input = payload.value;
    const r = def.fn(input);
    if (r instanceof Promise) {
      return r.then((r2) => handleRefineResult(r2, payload, input, inst));
    }
    handleRefineResult(r, payload, input, inst);
    return;
  };
});
function handleRefineResult(result, payload, input, inst) {
  if (!result) {
    const _iss = {
      code: "custom",
      input,
      inst,
      // incorporates params.error into issue reporting
      path: [...inst._zod.def.path ?? []],
      // incorporates params.error into issue reporting
      continue: !inst._zod.def.abort
      // params: inst._zod.def.params,
    };
    if (inst._zod.def.params)
      _iss.params = inst._zod.def.params;
    payload.issues.push(issue(_iss));
  }
}

// node_modules/.pnpm/zod@4.6.7/node_modules/zod/v4/locales/en.js
var error = () => {
  const Sizable = {
    string: { unit: "characters", verb: "to have" },
    file: { unit: "bytes", verb: "to have" },
    array: { unit: "items", verb: "to have" },
    set: { unit: "items", verb: "to have" },
    map: { unit: "entries", verb: "to have" }
  };
  function getSizing(origin) {
    return Sizable[origin] ?? null;
  }
  const FormatDictionary = {
    regex: "input",
    email: "email address",
    url: "URL",
    emoji: "emoji",
    uuid: "UUID",
    uuidv4: "UUIDv4",
    uuidv6: "UUIDv6",
    nanoid: "nanoid",
    guid: "GUID",
    cuid: "cuid",
    cuid2: "cuid2",
    ulid: "ULID",
    xid: "XID",
    ksuid: "KSUID",
    datetime: "ISO datetime",
    date: "ISO date",
    time: "ISO time",
    duration: "ISO duration",
    ipv4: "IPv4 address",
    ipv6: "IPv6 address",
    mac: "MAC address",
    cidrv4: "IPv4 range",
    cidrv6: "IPv6 range",
    base64: "base64-encoded string",
    base64url: "base64url-encoded string",
    json_string: "JSON string",
    e164: "E.164 number",
    currency_code: "currency code",
    credit_card: "credit card number",
    iban: "IBAN",
    jwt: "JWT",
    template_literal: "input"
  };
  const TypeDictionary = {
    // Compatibility: "nan" -> "NaN" for display
    nan: "NaN"
    // All other type names omitted - they fall back to raw values via ?? operator
  };
  function getTypeName(type, input) {
    if (type === "number" && typeof input === "number" && !Number.isFinite(input)) {
      return String(input);
    }
    return TypeDictionary[type] ?? type;
  }
  return (issue2) => {
    switch (issue2.code) {
      case "invalid_type": {
        const expected = getTypeName(issue2.expected);
        const receivedType = parsedType(issue2.input);
        const received = getTypeName(receivedType, issue2.input);
        return `Invalid input: expected ${expected}, received ${received}`;
      }
      case "invalid_value":
        if (issue2.values.length === 1)
          return `Invalid input: expected ${stringifyPrimitive(issue2.values[0])}`;
        return `Invalid option: expected one of ${joinValues(issue2.values, "|")}`;
      case "too_big": {
        const adj = issue2.exact ? "exactly " : issue2.inclusive ? "<=" : "<";
        const sizing = getSizing(issue2.origin);
        if (sizing)
          return `Too big: expected ${issue2.origin ?? "value"} to have ${adj}${issue2.maximum.toString()} ${sizing.unit ?? "elements"}`;
        return `Too big: expected ${issue2.origin ?? "value"} to be ${adj}${issue2.maximum.toString()}`;
      }
      case "too_small": {
        const adj = issue2.exact ? "exactly " : issue2.inclusive ? ">=" : ">";
        const sizing = getSizing(issue2.origin);
        if (sizing) {
          return `Too small: expected ${issue2.origin} to have ${adj}${issue2.minimum.toString()} ${sizing.unit}`;
        }
        return `Too small: expected ${issue2.origin} to be ${adj}${issue2.minimum.toString()}`;
      }
      case "invalid_format": {
        const _issue = issue2;
        if (_issue.format === "starts_with") {
          return `Invalid string: must start with "${_issue.prefix}"`;
        }
        if (_issue.format === "ends_with")
          return `Invalid string: must end with "${_issue.suffix}"`;
        if (_issue.format === "includes")
          return `Invalid string: must include "${_issue.includes}"`;
        if (_issue.format === "regex")
          return `Invalid string: must match pattern ${_issue.pattern}`;
        return `Invalid ${FormatDictionary[_issue.format] ?? issue2.format}`;
      }
      case "not_multiple_of":
        return `Invalid number: must be a multiple of ${issue2.divisor}`;
      case "unrecognized_keys":
        return `Unrecognized key${issue2.keys.length > 1 ? "s" : ""}: ${joinValues(issue2.keys, ", ")}`;
      case "invalid_key":
        return `Invalid key in ${issue2.origin}`;
      case "invalid_union":
        if (issue2.options && Array.isArray(issue2.options) && issue2.options.length > 0) {
          const opts = issue2.options.map((o) => `'${o}'`).join(" | ");
          return `Invalid discriminator value. Expected ${opts}`;
        }
        if (issue2.inclusive === false) {
          return "Invalid input: more than one option matched";
        }
        return "Invalid input";
      case "invalid_element":
        return `Invalid value in ${issue2.origin}`;
      default:
        return `Invalid input`;
    }
  };
};
function en_default() {
  return {
    localeError: error()
  };
}

// node_modules/.pnpm/zod@4.6.7/node_modules/zod/v4/core/registries.js
var _a2;
var $ZodRegistry = class {
  constructor() {
    this._map = /* @__PURE__ */ new WeakMap();
    this._idmap = /* @__PURE__ */ new Map();
  }
  add(schema, ..._meta) {
    const meta2 = _meta[0];
    this._map.set(schema, meta2);
    if (meta2 && typeof meta2 === "object" && "id" in meta2) {
      this._idmap.set(meta2.id, schema);
    }
    return this;
  }
  clear() {
    this._map = /* @__PURE__ */ new WeakMap();
    this._idmap = /* @__PURE__ */ new Map();
    return this;
  }
  remove(schema) {
    const meta2 = this._map.get(schema);
    if (meta2 && typeof meta2 === "object" && "id" in meta2) {
      this._idmap.delete(meta2.id);
    }
    this._map.delete(schema);
    return this;
  }
  get(schema) {
    const p = schema._zod.parent;
    if (p) {
      const pm = { ...this.get(p) ?? {} };
      delete pm.id;
      const f = { ...pm, ...this._map.get(schema) };
      return Object.keys(f).length ? f : void 0;
    }
    return this._map.get(schema);
  }
  has(schema) {
    return this._map.has(schema);
  }
};
function registry() {
  return new $ZodRegistry();
}
(_a2 = globalThis).__zod_globalRegistry ?? (_a2.__zod_globalRegistry = registry());
var globalRegistry = globalThis.__zod_globalRegistry;

// node_modules/.pnpm/zod@4.6.7/node_modules/zod/v4/core/api.js
function snapshotChecks(def) {
  if (def.checks)
    def.checks = [...def.checks];
  return def;
}
// @__NO_SIDE_EFFECTS__
function _string(Class, params) {
  return new Class(snapshotChecks({ type: "string", ...normalizeParams(params) }));
}
// @__NO_SIDE_EFFECTS__
function _url(Class, params) {
  return new Class({
    type: "string",
    format: "url",
    check: "string_format",
    abort: false,
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _number(Class, params) {
  return new Class(snapshotChecks({ type: "number", checks: [], ...normalizeParams(params) }));
}
// @__NO_SIDE_EFFECTS__
function _int(Class, params) {
  return new Class({
    type: "number",
    check: "number_format",
    abort: false,
    format: "safeint",
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _boolean(Class, params) {
  return new Class({
    type: "boolean",
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _never(Class, params) {
  return new Class({
    type: "never",
    ...normalizeParams(params)
  });
}
// @__NO_SIDE_EFFECTS__
function _lte(value, params) {
  return new $ZodCheckLessThan({
    check: "less_than",
    ...normalizeParams(params),
    value,
    inclusive: true
  });
}
// @__NO_SIDE_EFFECTS__
function _gt(value, params) {
  return new $ZodCheckGreaterThan({
    check: "greater_than",
    ...normalizeParams(params),
    value,
    inclusive: false
  });
}
// @__NO_SIDE_EFFECTS__
function _gte(value, params) {
  return new $ZodCheckGreaterThan({
    check: "greater_than",
    ...normalizeParams(params),
    value,
    inclusive: true
  });
}
// @__NO_SIDE_EFFECTS__
function _positive(params) {
  return /* @__PURE__ */ _gt(0, params);
}
// @__NO_SIDE_EFFECTS__
function _minLength(minimum, params) {
  return new $ZodCheckMinLength({
    check: "min_length",
    ...normalizeParams(params),
    minimum
  });
}
// @__NO_SIDE_EFFECTS__
function _regex(pattern, params) {
  return new $ZodCheckRegex({
    check: "string_format",
    format: "regex",
    ...normalizeParams(params),
    pattern
  });
}
// @__NO_SIDE_EFFECTS__
function _refine(Class, fn, _params) {
  const schema = new Class({
    type: "custom",
    check: "custom",
    fn,
    ...normalizeParams(_params)
  });
  return schema;
}
// @__NO_SIDE_EFFECTS__
function describe(description) {
  const ch = new $ZodCheck({ check: "describe" });
  ch._zod.onattach = [
    (inst) => {
      const existing = globalRegistry.get(inst) ?? {};
      globalRegistry.add(inst, { ...existing, description });
    }
  ];
  ch._zod.check = () => {
  };
  return ch;
}

// node_modules/.pnpm/zod@4.6.7/node_modules/zod/v4/mini/schemas.js
var ZodMiniType = /* @__PURE__ */ $constructor("ZodMiniType", (inst, def) => {
  if (!inst._zod)
    throw new Error("Uninitialized schema in ZodMiniType.");
  $ZodType.init(inst, def);
  inst.def = def;
  inst.type = def.type;
}, {
  // `with` is an alias for `check`: the same function object, not a wrapper.
  get with() {
    return this.check;
  },
  set with(value) {
    own(this, "with", value);
  },
  parse(data, params) {
    return parse(this, data, params, { callee: this.parse });
  },
  parseAsync(data, params) {
    return parseAsync(this, data, params, { callee: this.parseAsync });
  },
  safeParse(data, params) {
    return safeParse(this, data, params);
  },
  safeParseAsync(data, params) {
    return safeParseAsync(this, data, params);
  },
  check(...checks) {
    const def = this.def;
    return this.clone({
      ...def,
      checks: [
        ...def.checks ?? [],
        ...checks.map((ch) => typeof ch === "function" ? { _zod: { check: ch, def: { check: "custom" }, onattach: [] } } : ch)
      ]
    }, { parent: true });
  },
  clone(_def, params) {
    return clone(this, _def, params);
  },
  brand() {
    return this;
  },
  register(reg, meta2) {
    reg.add(this, meta2);
    return this;
  },
  apply(fn, ...args) {
    return args.length === 0 ? fn(this) : fn(this, ...args);
  }
});
var ZodMiniString = /* @__PURE__ */ $constructor("ZodMiniString", (inst, def) => {
  $ZodString.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function string2(params) {
  return _string(ZodMiniString, params);
}
var ZodMiniStringFormat = /* @__PURE__ */ $constructor("ZodMiniStringFormat", (inst, def) => {
  $ZodStringFormat.init(inst, def);
  ZodMiniString.init(inst, def);
});
var ZodMiniURL = /* @__PURE__ */ $constructor("ZodMiniURL", (inst, def) => {
  $ZodURL.init(inst, def);
  ZodMiniStringFormat.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function url(params) {
  return _url(ZodMiniURL, params);
}
var ZodMiniNumber = /* @__PURE__ */ $constructor("ZodMiniNumber", (inst, def) => {
  $ZodNumber.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function number2(params) {
  return _number(ZodMiniNumber, params);
}
var ZodMiniNumberFormat = /* @__PURE__ */ $constructor("ZodMiniNumberFormat", (inst, def) => {
  $ZodNumberFormat.init(inst, def);
  ZodMiniNumber.init(inst, def);
});
function int(params) {
  return _int(ZodMiniNumberFormat, params);
}
var ZodMiniBoolean = /* @__PURE__ */ $constructor("ZodMiniBoolean", (inst, def) => {
  $ZodBoolean.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function boolean2(params) {
  return _boolean(ZodMiniBoolean, params);
}
var ZodMiniNever = /* @__PURE__ */ $constructor("ZodMiniNever", (inst, def) => {
  $ZodNever.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function never(params) {
  return _never(ZodMiniNever, params);
}
var ZodMiniArray = /* @__PURE__ */ $constructor("ZodMiniArray", (inst, def) => {
  $ZodArray.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function array(element, params) {
  return new ZodMiniArray({
    type: "array",
    element,
    ...normalizeParams(params)
  });
}
var ZodMiniObject = /* @__PURE__ */ $constructor("ZodMiniObject", (inst, def) => {
  $ZodObject.init(inst, def);
  ZodMiniType.init(inst, def);
  installLazyProp(inst, "shape", (self) => self._zod.def.shape, false);
});
// @__NO_SIDE_EFFECTS__
function object(shape, params) {
  const def = {
    type: "object",
    shape: shape ?? {},
    ...normalizeParams(params)
  };
  return new ZodMiniObject(def);
}
// @__NO_SIDE_EFFECTS__
function strictObject(shape, params) {
  return new ZodMiniObject({
    type: "object",
    shape,
    catchall: /* @__PURE__ */ never(),
    ...normalizeParams(params)
  });
}
var ZodMiniUnion = /* @__PURE__ */ $constructor("ZodMiniUnion", (inst, def) => {
  $ZodUnion.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function union(options, params) {
  return new ZodMiniUnion({
    type: "union",
    options,
    ...normalizeParams(params)
  });
}
var ZodMiniEnum = /* @__PURE__ */ $constructor("ZodMiniEnum", (inst, def) => {
  $ZodEnum.init(inst, def);
  ZodMiniType.init(inst, def);
  inst.options = [...inst._zod.values];
});
// @__NO_SIDE_EFFECTS__
function _enum(values, params) {
  const entries = Array.isArray(values) ? Object.fromEntries(values.map((v) => [v, v])) : values;
  return new ZodMiniEnum({
    type: "enum",
    entries,
    ...normalizeParams(params)
  });
}
var ZodMiniLiteral = /* @__PURE__ */ $constructor("ZodMiniLiteral", (inst, def) => {
  $ZodLiteral.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function literal(value, params) {
  return new ZodMiniLiteral({
    type: "literal",
    values: Array.isArray(value) ? value : [value],
    ...normalizeParams(params)
  });
}
var ZodMiniOptional = /* @__PURE__ */ $constructor("ZodMiniOptional", (inst, def) => {
  $ZodOptional.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function optional(innerType) {
  return new ZodMiniOptional({
    type: "optional",
    innerType
  });
}
var ZodMiniDefault = /* @__PURE__ */ $constructor("ZodMiniDefault", (inst, def) => {
  $ZodDefault.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function _default(innerType, defaultValue) {
  return new ZodMiniDefault({
    type: "default",
    innerType,
    get defaultValue() {
      return typeof defaultValue === "function" ? defaultValue() : shallowClone(defaultValue);
    }
  });
}
var ZodMiniCustom = /* @__PURE__ */ $constructor("ZodMiniCustom", (inst, def) => {
  $ZodCustom.init(inst, def);
  ZodMiniType.init(inst, def);
});
// @__NO_SIDE_EFFECTS__
function refine(fn, _params = {}) {
  return _refine(ZodMiniCustom, fn, _params);
}
var describe2 = describe;

// packages/core/src/json-splice.ts
function spliceTopLevelStrings(text2, values) {
  const spans = topLevelValueSpans(text2);
  const out = [];
  let at = 0;
  const seen = /* @__PURE__ */ new Set();
  for (const span of spans) {
    if (!Object.hasOwn(values, span.key)) continue;
    out.push(text2.slice(at, span.start), JSON.stringify(values[span.key]));
    at = span.end;
    seen.add(span.key);
  }
  out.push(text2.slice(at));
  let result = out.join("");
  const missing = Object.keys(values).filter((k) => !seen.has(k));
  if (missing.length) {
    const close = result.lastIndexOf("}");
    const empty = spans.length === 0;
    const added = missing.map((k) => `${JSON.stringify(k)}:${JSON.stringify(values[k])}`).join(",");
    result = `${result.slice(0, close)}${empty ? "" : ","}${added}${result.slice(close)}`;
  }
  return result;
}
function topLevelValueSpans(text2) {
  let i = skipWs(text2, 0);
  if (text2[i] !== "{") throw new Error("not a JSON object");
  i++;
  const spans = [];
  for (; ; ) {
    i = skipWs(text2, i);
    if (text2[i] === "}") return spans;
    if (text2[i] === ",") i = skipWs(text2, i + 1);
    const keyEnd = skipString(text2, i);
    const key = JSON.parse(text2.slice(i, keyEnd));
    i = skipWs(text2, keyEnd);
    i = skipWs(text2, i + 1);
    const end = skipValue(text2, i);
    spans.push({ key, start: i, end });
    i = end;
  }
}
function skipWs(text2, i) {
  while (i < text2.length && " 	\n\r".includes(text2[i])) i++;
  return i;
}
function skipString(text2, i) {
  for (let j = i + 1; j < text2.length; j++) {
    if (text2[j] === "\\") j++;
    else if (text2[j] === '"') return j + 1;
  }
  throw new Error("unterminated string");
}
function skipValue(text2, i) {
  if (text2[i] === '"') return skipString(text2, i);
  if (text2[i] === "{" || text2[i] === "[") {
    let depth = 0;
    for (let j2 = i; j2 < text2.length; j2++) {
      const c = text2[j2];
      if (c === '"') j2 = skipString(text2, j2) - 1;
      else if (c === "{" || c === "[") depth++;
      else if (c === "}" || c === "]") {
        depth--;
        if (depth === 0) return j2 + 1;
      }
    }
    throw new Error("unterminated value");
  }
  let j = i;
  while (j < text2.length && !",}] 	\n\r".includes(text2[j])) j++;
  return j;
}
function jsonDepth(text2) {
  let depth = 0;
  let max = 0;
  for (let j = 0; j < text2.length; j++) {
    const c = text2[j];
    if (c === '"') j = skipString(text2, j) - 1;
    else if (c === "{" || c === "[") max = Math.max(max, ++depth);
    else if (c === "}" || c === "]") depth--;
  }
  return max;
}

// packages/core/src/credential.ts
var MIN_SECRET_KEY_LENGTH = 16;
var MAX_DEPTH = 32;
var text = () => string2().check(_minLength(1));
var keyrollShape = object({ apiUrl: text(), accessKeyId: text(), secretKey: text() });
var vendorShape = object({
  PRISMA_CLOUD_CONSOLE_URL: text(),
  PRISMA_CLOUD_USER: text(),
  PRISMA_CLOUD_PASS: text()
});
function parseSecretValue(value, where) {
  let json;
  try {
    json = JSON.parse(value);
  } catch {
    throw new InputError(
      "malformed_secret",
      `${where}: the secret value is not valid JSON; expected {"apiUrl","accessKeyId","secretKey"} or the vendor sample's PRISMA_CLOUD_* fields`
    );
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new InputError("malformed_secret", `${where}: the secret value must be a JSON object`);
  }
  const raw = json;
  if (jsonDepth(value) > MAX_DEPTH) {
    throw new InputError(
      "malformed_secret",
      `${where}: the secret value is nested deeper than ${MAX_DEPTH} levels`
    );
  }
  const vendor = "PRISMA_CLOUD_USER" in raw || "PRISMA_CLOUD_PASS" in raw || "PRISMA_CLOUD_CONSOLE_URL" in raw;
  const keyroll = "apiUrl" in raw || "accessKeyId" in raw || "secretKey" in raw;
  if (vendor && keyroll) {
    throw new InputError(
      "ambiguous_secret_format",
      `${where}: the secret value has both keyroll fields (apiUrl, accessKeyId, secretKey) and the vendor sample's PRISMA_CLOUD_* fields; keep one format`
    );
  }
  if (vendor) {
    const parsed2 = vendorShape.safeParse(raw);
    if (!parsed2.success) throw new InputError("malformed_secret", `${where}: ${fieldProblems(parsed2.error)}`);
    assertSecretKeyLength(parsed2.data.PRISMA_CLOUD_PASS, where, "PRISMA_CLOUD_PASS");
    return {
      format: "vendor",
      raw,
      text: value,
      credential: {
        apiUrl: consoleToApiUrl(parsed2.data.PRISMA_CLOUD_CONSOLE_URL),
        accessKeyId: parsed2.data.PRISMA_CLOUD_USER,
        secretKey: parsed2.data.PRISMA_CLOUD_PASS
      }
    };
  }
  const parsed = keyrollShape.safeParse(raw);
  if (!parsed.success) throw new InputError("malformed_secret", `${where}: ${fieldProblems(parsed.error)}`);
  assertSecretKeyLength(parsed.data.secretKey, where, "secretKey");
  return { format: "keyroll", raw, text: value, credential: parsed.data };
}
function assertSecretKeyLength(secret, where, field) {
  if (secret.length < MIN_SECRET_KEY_LENGTH) {
    throw new InputError(
      "malformed_secret",
      `${where}: ${field} is shorter than ${MIN_SECRET_KEY_LENGTH} characters; no Prisma Cloud secret key is`
    );
  }
}
function fieldProblems(error2) {
  const fields = error2.issues.map((issue2) => `${issue2.path.join(".") || "(root)"} (${issue2.code})`);
  return `the secret value is missing or has invalid fields: ${fields.join(", ")}`;
}
function serializeSecretValue(previous, credential) {
  if (previous.format === "vendor") {
    return spliceTopLevelStrings(previous.text, {
      PRISMA_CLOUD_USER: credential.accessKeyId,
      PRISMA_CLOUD_PASS: credential.secretKey
    });
  }
  return spliceTopLevelStrings(previous.text, {
    apiUrl: credential.apiUrl,
    accessKeyId: credential.accessKeyId,
    secretKey: credential.secretKey
  });
}
function consoleToApiUrl(consoleUrl) {
  try {
    const url2 = new URL(consoleUrl);
    if (url2.hostname.startsWith("app.") || /^app\d+\./.test(url2.hostname)) {
      url2.hostname = url2.hostname.replace(/^app/, "api");
    }
    return url2.origin;
  } catch {
    return consoleUrl;
  }
}
var ALLOWED_SUFFIXES = [".prismacloud.io", ".prismacloud.cn"];
function assertAllowedApiUrl(apiUrl, allowedOrigins = []) {
  let url2;
  try {
    url2 = new URL(apiUrl);
  } catch {
    throw new InputError("disallowed_api_host", `the API URL is not a valid URL (${urlProblem(apiUrl)})`);
  }
  if (url2.username || url2.password) {
    throw new InputError("disallowed_api_host", "the API URL must not contain credentials");
  }
  if (allowedOrigins.map(normalizeOrigin).includes(url2.origin)) return url2.origin;
  const host = url2.hostname.toLowerCase();
  if (url2.protocol === "https:" && ALLOWED_SUFFIXES.some((suffix) => host.endsWith(suffix)))
    return url2.origin;
  throw new InputError(
    "disallowed_api_host",
    `the API URL ${url2.origin} is not a Prisma Cloud API host (https://*.prismacloud.io or *.prismacloud.cn); allow it explicitly with --allow-api-origin or KEYROLL_ALLOWED_API_ORIGINS if it is intended`
  );
}
function normalizeOrigin(origin) {
  try {
    return new URL(origin).origin;
  } catch {
    throw new ConfigError("invalid_allowed_origin", `not a valid origin: ${JSON.stringify(origin)}`);
  }
}
function urlProblem(text2) {
  if (text2.trim() === "") return "it is empty";
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text2.trim())) return "it has no scheme such as https://";
  if (/\s/.test(text2)) return "it contains whitespace";
  return `it does not parse as a URL (${text2.length} characters)`;
}

// packages/core/src/engine/effects.ts
function liveEffects(run) {
  async function apply(say, work) {
    const value = await run.step(say.step, work, say.did, { leaseRenewed: say.leaseRenewed === true });
    if (say.target) run.target(say.target.id, say.target.result(value));
    return value;
  }
  return {
    live: true,
    acquireLock: (lock2, name, owner, leaseMs) => run.step("lock", () => lock2.acquire(name, owner, leaseMs)),
    createKey: (session, request, say) => apply(say, () => session.createKey(request)),
    deleteKey: (session, id, say) => apply(say, () => session.deleteKey(id)),
    deactivateKey: (session, id, say) => apply(say, () => session.deactivateKey(id)),
    write: (target, value, metadata, options, say) => apply(say, async () => {
      const receipt = await target.write(value, metadata, options).catch((err) => {
        say.onWriteError?.(err);
        throw err;
      });
      say.onWritten?.(receipt);
      await say.after?.(receipt);
      return receipt;
    }),
    restore: (target, previous, say) => apply(say, () => target.restore(previous)),
    disableVersion: (target, version2, say) => apply(say, async () => {
      await target.disableVersion?.(version2);
    }),
    disableSuperseded: (target, say) => apply(say, async () => await target.disableSuperseded?.() ?? []),
    writeBookkeeping: (target, bookkeeping, say) => apply(say, async () => {
      await target.writeBookkeeping?.(bookkeeping);
    }),
    writePending: (target, value, token, say) => apply(say, async () => {
      const receipt = await target.writePending(value, token);
      await say.after?.(receipt);
      return receipt;
    }),
    promote: (target, token, metadata, say) => apply(say, () => target.promote(token, metadata)),
    clearPending: (target, version2, say) => apply(say, () => target.clearPending(version2))
  };
}
var NOTHING = {};
function recordingEffects(run) {
  function plan(say, value) {
    run.note(say.step, "planned", say.would);
    if (say.target) run.target(say.target.id, { status: "planned", detail: say.would });
    return Promise.resolve(value);
  }
  return {
    live: false,
    acquireLock: async () => {
      run.note("lock", "planned", "a dry run takes no lock");
      return { tookOverFrom: void 0, release: async () => {
      } };
    },
    createKey: async () => {
      throw new KeyrollError("dry_run_create", "a dry run creates no key", {
        category: "internal",
        retryable: false
      });
    },
    deleteKey: (_s, _id, say) => plan(say, void 0),
    deactivateKey: (_s, _id, say) => plan(say, void 0),
    write: (_t, _v, _m, _o, say) => plan(say, NOTHING),
    restore: (_t, _p, say) => plan(say, NOTHING),
    disableVersion: (_t, _v, say) => plan(say, void 0),
    disableSuperseded: (_t, say) => plan(say, []),
    writeBookkeeping: (_t, _b, say) => plan(say, void 0),
    writePending: (_t, _v, _k, say) => plan(say, NOTHING),
    promote: (_t, _k, _m, say) => plan(say, NOTHING),
    clearPending: (_t, _v, say) => plan(say, void 0)
  };
}

// packages/core/src/policy.ts
config(en_default());
var count = (min, max) => int().check(_gte(min), ...max === void 0 ? [] : [_lte(max)]);
var atLeast = (min) => number2().check(_gte(min));
var rotationPolicySchema = strictObject({
  /** Lifetime of a new key in the issuer; 0 = no expiry. */
  validityDays: _default(count(0, 3650), 90),
  /** Scheduled runs rotate keys at least this old. */
  rotateAfterDays: _default(atLeast(0), 60),
  /** Scheduled runs also rotate keys that expire within this many days. */
  renewBeforeExpiryDays: _default(atLeast(0), 30),
  /** Non-forced rotations skip keys younger than this (duplicate events, accidental double runs). */
  minAgeHours: _default(atLeast(0), 24),
  /** The old key stays active this long after a rotation; a later run retires it. */
  graceHours: _default(atLeast(0), 0),
  /**
   * Within the grace period, a later run retires the old key once Prisma Cloud has recorded no use of it
   * for this many minutes after the new key was stored (usage.ts). Unset: wait for the whole grace.
   */
  retireWhenUnusedMinutes: optional(atLeast(0)),
  /** The vault's own expiry (Key Vault exp) is set this many days before the key expires. */
  vaultExpiryMarginDays: _default(atLeast(0), 7),
  /** self: the key rotates itself; admin: a separate admin key manages the service account's keys. */
  mode: _default(_enum(["self", "admin"]), "self"),
  /** Keys the service account's role allows (2 for most roles, 1 for some). */
  keyLimit: _default(union([literal(1), literal(2)]), 2),
  /** With keyLimit 1 the only way is delete-then-create, with downtime. Off unless chosen. */
  allowDeleteThenCreate: _default(boolean2(), false),
  /** Lease of the rotation lock; also how young an active orphan must be to count as "in flight". */
  lockLeaseMinutes: _default(number2().check(_positive()), 15),
  /** Attempts to log in with a new key while it propagates. */
  verifyAttempts: _default(count(1, 20), 6),
  verifyBaseDelayMs: _default(count(0), 1e3),
  /** keyroll.escalation after this many failed rotations in a row. */
  escalateAfterFailures: _default(count(1), 3),
  /** keyroll.escalation when the current key expires within this many days and was not rotated. */
  escalateExpiryDays: _default(atLeast(0), 14)
});
function resolvePolicy(input = {}) {
  const parsed = rotationPolicySchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new ConfigError("invalid_policy", `invalid rotation policy: ${problems.join("; ")}`);
  }
  return parsed.data;
}
function rotationDue(key, policy, now) {
  if (key.expiresOn && key.expiresOn.getTime() <= now) return "expired";
  if (key.expiresOn && key.expiresOn.getTime() - now <= policy.renewBeforeExpiryDays * DAY_MS)
    return "expiry";
  if (now - key.createdAt.getTime() >= policy.rotateAfterDays * DAY_MS) return "age";
  return void 0;
}
function isYoungerThanMinAge(key, policy, now) {
  return now - key.createdAt.getTime() < policy.minAgeHours * HOUR_MS;
}

// packages/core/src/usage.ts
function oldKeyUsage(input) {
  const { previous, now, graceHours } = input;
  const stored = Number.isNaN(input.storedAt) ? 0 : input.storedAt;
  const graceEnds = stored + graceHours * HOUR_MS;
  const lastUsed = previous.lastUsedAt?.getTime();
  const usedSinceStore = lastUsed !== void 0 && lastUsed > stored;
  const quietSince = usedSinceStore ? lastUsed : stored;
  const unusedMs = input.retireWhenUnusedMinutes === void 0 ? void 0 : input.retireWhenUnusedMinutes * MINUTE_MS;
  const unusedAt = unusedMs === void 0 ? void 0 : quietSince + unusedMs;
  const retireAt = Math.min(graceEnds, unusedAt ?? graceEnds);
  const base = {
    keyId: previous.id,
    usedSinceStore,
    ...lastUsed !== void 0 ? { lastUsedAt: new Date(lastUsed).toISOString() } : {},
    graceEndsAt: new Date(graceEnds).toISOString(),
    retireAt: new Date(retireAt).toISOString()
  };
  const use = usedSinceStore ? `old key ${previous.id} used ${ago(now - lastUsed)} ago: a consumer has not switched` : `old key ${previous.id} not used since the new key was stored ${ago(now - stored)} ago`;
  if (now >= graceEnds) {
    return { ...base, verdict: "retire", why: "grace_over", message: `${use}; its grace period is over` };
  }
  if (unusedAt !== void 0 && now >= unusedAt) {
    return {
      ...base,
      verdict: "retire",
      why: "unused",
      message: `${use}; unused for ${input.retireWhenUnusedMinutes} min, so it is retired before its grace period ends`
    };
  }
  return {
    ...base,
    verdict: "keep",
    why: usedSinceStore ? "in_use" : "in_grace",
    message: `${use}; it stays active until ${base.retireAt} at the latest`
  };
}
function ago(ms) {
  const minutes = Math.max(0, Math.floor(ms / MINUTE_MS));
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.floor(hours / 24)} d`;
}

// packages/core/src/engine/read.ts
function readTarget(adapter) {
  return adapter.read().catch((err) => {
    if (isKeyrollError(err) && err.category === "not_found") {
      throw new InputError("unknown_secret", `${adapter.id}: no such secret; nothing was changed`, err);
    }
    throw err;
  });
}
function readHeader(adapter) {
  return adapter.readMetadata().catch((err) => {
    if (isKeyrollError(err) && err.category === "not_found") {
      throw new InputError("unknown_secret", `${adapter.id}: no such secret; nothing was changed`, err);
    }
    throw err;
  });
}

// packages/core/src/engine/run.ts
import { randomBytes } from "node:crypto";

// packages/core/src/outcome/table.ts
var OUTCOME_TABLE = Object.freeze({
  rotated: { exitCode: 0, httpStatus: 200, delivery: "acknowledge", logLevel: "info", alert: "none" },
  skipped: { exitCode: 0, httpStatus: 200, delivery: "acknowledge", logLevel: "info", alert: "none" },
  in_progress: { exitCode: 0, httpStatus: 409, delivery: "retry", logLevel: "info", alert: "none" },
  rolled_back: {
    exitCode: 1,
    httpStatus: 502,
    delivery: "acknowledge",
    logLevel: "warn",
    alert: "escalation"
  },
  needs_attention: { exitCode: 3, httpStatus: 500, delivery: "retry", logLevel: "error", alert: "immediate" },
  // Usage, configuration or input error: nothing was touched and no retry can fix it. The HTTP status
  // says which (400 configuration/usage, 404 unknown secret, 422 malformed input).
  bad_request: {
    exitCode: 2,
    httpStatus: 400,
    delivery: "acknowledge",
    logLevel: "error",
    alert: "escalation"
  },
  unexpected: { exitCode: 3, httpStatus: 500, delivery: "retry", logLevel: "error", alert: "immediate" }
});
function isBadRequest(err) {
  return isKeyrollError(err) && ["config", "input", "not_found"].includes(err.category);
}
function badRequestStatus(err) {
  if (!isKeyrollError(err)) return 400;
  if (err.category === "not_found" || err.code === "unknown_secret") return 404;
  if (err.category === "input") return 422;
  return 400;
}
function isResult(value) {
  return typeof value === "object" && value !== null && "outcome" in value && !(value instanceof Error);
}
function dispositionFor(outcome) {
  if (isResult(outcome)) {
    const kind = outcome.outcome === "skipped" && outcome.reason === "in_progress" ? "in_progress" : outcome.outcome;
    return { kind, ...OUTCOME_TABLE[kind] };
  }
  if (isBadRequest(outcome)) {
    return { kind: "bad_request", ...OUTCOME_TABLE.bad_request, httpStatus: badRequestStatus(outcome) };
  }
  return { kind: "unexpected", ...OUTCOME_TABLE.unexpected };
}

// packages/core/src/engine/types.ts
var RESULT_SCHEMA_VERSION = "keyroll.result/v1";

// packages/core/src/engine/run.ts
function newRotationId(now) {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `${stamp}-${randomBytes(4).toString("hex")}`;
}
function keyNameFor(rotationId) {
  return `keyroll-${rotationId}`;
}
var RunRecorder = class {
  constructor(rotationId, dryRun, targetIds, clock, log, onStep) {
    this.rotationId = rotationId;
    this.dryRun = dryRun;
    this.clock = clock;
    this.log = log;
    this.onStep = onStep;
    this.startedAt = clock.now();
    for (const id of targetIds) this.targets.set(id, { id, status: "unchanged" });
  }
  rotationId;
  dryRun;
  clock;
  log;
  onStep;
  steps = [];
  warnings = [];
  targets = /* @__PURE__ */ new Map();
  startedAt;
  oldKeyId;
  newKeyId;
  serviceAccount;
  /** The rotation's lock lease: renewed before each write step (holdLeaseFor). */
  lease = null;
  /**
   * Runs one step, timing it and recording ok/failed. Rethrows failures. A write step renews the lease
   * first, unless the caller renewed it once for a concurrent batch (`leaseRenewed`).
   */
  async step(name, work, detail, options = {}) {
    const start = this.clock.now();
    try {
      if (!options.leaseRenewed) await holdLeaseFor(name, this.lease);
      const value = await work();
      this.note(name, "ok", detail?.(value), start);
      return value;
    } catch (err) {
      this.note(name, "failed", describeError(err).message, start);
      throw err;
    }
  }
  /** Renews the lease once before a batch of concurrent writes (the lease margin covers the batch). */
  async renewLease(name) {
    await holdLeaseFor(name, this.lease);
  }
  note(name, status, detail, start = this.clock.now()) {
    const step = { name, status, durationMs: Math.max(0, this.clock.now() - start) };
    if (detail) step.detail = detail;
    this.steps.push(step);
    const level = status === "failed" ? "error" : status === "warned" ? "warn" : "info";
    this.log[level](`step ${name}: ${status}`, { step: name, status, ...detail ? { detail } : {} });
    this.onStep?.(step);
  }
  warn(message) {
    this.warnings.push(message);
    this.log.warn(message);
  }
  target(id, update) {
    this.targets.set(id, { id, ...update });
  }
  finish(outcome, reason, message, err) {
    const result = {
      schemaVersion: RESULT_SCHEMA_VERSION,
      rotationId: this.rotationId,
      outcome,
      message,
      dryRun: this.dryRun,
      targets: [...this.targets.values()],
      steps: this.steps,
      warnings: this.warnings,
      startedAt: new Date(this.startedAt).toISOString(),
      finishedAt: new Date(this.clock.now()).toISOString()
    };
    if (reason) result.reason = reason;
    if (this.serviceAccount) result.serviceAccount = this.serviceAccount;
    if (this.oldKeyId) result.oldKeyId = this.oldKeyId;
    if (this.newKeyId) result.newKeyId = this.newKeyId;
    if (err !== void 0) result.error = describeError(err);
    return result;
  }
};
async function settleWithLimit(items, limit, work) {
  const failures = [];
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length && failures.length === 0) {
      const item = items[next++];
      await work(item).catch((err) => {
        failures.push({ item, err });
      });
    }
  });
  await Promise.all(lanes);
  return { failures };
}

// packages/core/src/engine/state.ts
function emptyState() {
  return { targets: [], keys: [], attempted: [], refused: /* @__PURE__ */ new Map(), oldStillActive: false };
}

// packages/core/src/engine/start.ts
var ROTATION_ID = /^[A-Za-z0-9._-]{1,64}$/;
var RotationRun = class {
  constructor(request, context) {
    this.request = request;
    this.context = context;
    this.policy = resolvePolicy(context.policy ?? {});
    validateRequest(request, context, this.policy);
    this.clock = context.clock ?? systemClock;
    this.rotationId = request.rotationId ?? newRotationId(this.clock.now());
    this.keyName = keyNameFor(this.rotationId);
    this.log = (context.logger ?? createLogger()).child({ rotationId: this.rotationId });
    const onStep = context.onStep;
    const redactor = this.log.redactor;
    const safeOnStep = onStep && ((step) => onStep(redactor.redact(step)));
    this.recorder = new RunRecorder(
      this.rotationId,
      request.dryRun === true,
      request.targets.map((t) => t.id),
      this.clock,
      this.log,
      safeOnStep
    );
    this.effects = request.dryRun ? recordingEffects(this.recorder) : liveEffects(this.recorder);
  }
  request;
  context;
  rotationId;
  /** The issuer-side name of this rotation's key: `keyroll-<rotationId>`. */
  keyName;
  policy;
  clock;
  log;
  recorder;
  effects;
  state = emptyState();
  sessions = [];
  get redactor() {
    return this.log.redactor;
  }
  get lease() {
    return this.recorder.lease;
  }
  now() {
    return this.clock.now();
  }
  /** Sessions are closed with the run. */
  track(session) {
    this.sessions.push(session);
    return session;
  }
  /** Ends the run's own result (not yet redacted or recorded: see the record step). */
  finish(outcome, reason, message, err) {
    return this.recorder.finish(outcome, reason, message, err);
  }
  /** Closes the sessions and releases the lock, at once. Safe to call twice. */
  async close() {
    const sessions = this.sessions.splice(0);
    const lease = this.recorder.lease;
    this.recorder.lease = null;
    await Promise.allSettled([
      ...sessions.map((s) => s.close()),
      lease?.release().catch((err) => {
        this.log.warn("could not release the rotation lock; it expires with its lease", { error: err });
      })
    ]);
  }
};
function startRotation(request, context) {
  return new RotationRun(request, context);
}
function validateRequest(request, context, policy) {
  if (request.targets.length === 0)
    throw new ConfigError("no_targets", "a rotation needs at least one target");
  const ids = request.targets.map((t) => t.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new ConfigError("duplicate_target", `target ${dup} is listed twice`);
  if (request.rotationId !== void 0 && !ROTATION_ID.test(request.rotationId)) {
    throw new ConfigError(
      "invalid_rotation_id",
      "a rotation id is 1\u201364 characters of A-Z a-z 0-9 . _ - (it names the new key in Prisma Cloud)"
    );
  }
  if (policy.mode === "admin" && !context.adminCredential) {
    throw new ConfigError("admin_credential_required", "admin mode needs the admin key (adminCredential)");
  }
  if (policy.keyLimit === 1 && !policy.allowDeleteThenCreate) {
    throw new ConfigError(
      "key_limit_one",
      "this service account may hold only one key, so rotating it means deleting the key consumers use before the new one exists (downtime). Refusing. Set allowDeleteThenCreate to accept that, or give the service account a role that allows two keys."
    );
  }
  if (policy.keyLimit === 1 && policy.mode === "self") {
    throw new ConfigError(
      "key_limit_one_needs_admin",
      "delete-then-create needs admin mode: a key cannot create its successor after deleting itself"
    );
  }
}

// packages/core/src/engine/ownership.ts
function isOurs(run, k) {
  return k.name === run.keyName && !(run.state.before ?? /* @__PURE__ */ new Set()).has(k.id);
}
async function deleteOwnKey(run, id) {
  const { session, owner } = run.state;
  let keys;
  try {
    keys = await session.listKeys(owner);
  } catch (err) {
    const why = describeError(err).message;
    run.recorder.note("rollback", "failed", `could not list keys to find the new key ${id}: ${why}`);
    return { ok: false, detail: `listing the keys of ${owner} to find the new key ${id} failed (${why})` };
  }
  const answered = keys.find((k) => k.id === id);
  for (const key of keys.filter((k) => isOurs(run, k))) {
    try {
      await run.effects.deleteKey(session, key.id, {
        step: "rollback",
        did: () => `deleted the new key ${key.id}`,
        would: `would delete the new key ${key.id}`
      });
    } catch (err) {
      return { ok: false, detail: `deleting the new key ${key.id} failed (${describeError(err).message})` };
    }
  }
  if (answered && !isOurs(run, answered)) {
    const why = run.state.before?.has(id) ? "existed before this rotation" : `is named ${answered.name}, not ${run.keyName}`;
    run.recorder.note("rollback", "skipped", `not deleting ${id}: it ${why}`);
    return { ok: false, detail: `the create answer named key ${id}, which ${why}; it was not deleted` };
  }
  return { ok: true, detail: answered ? `deleted the new key ${id}` : `the new key ${id} no longer exists` };
}
async function deleteKeysNamedOurs(run) {
  const { session, owner } = run.state;
  try {
    const mine = await run.recorder.step(
      "rollback",
      async () => (await session.listKeys(owner)).filter((k) => isOurs(run, k)),
      (found) => found.length ? `found ${found.map((k) => k.id).join(", ")} (created before the response was lost)` : "no key was created"
    );
    for (const k of mine) {
      await run.effects.deleteKey(session, k.id, {
        step: "rollback",
        did: () => `deleted ${k.id}`,
        would: `would delete ${k.id}`
      });
    }
    return { ok: true, detail: mine.length ? `deleted ${mine.map((k) => k.id).join(", ")}` : "none" };
  } catch (err) {
    return { ok: false, detail: describeError(err).message };
  }
}

// packages/core/src/engine/rollback.ts
var ROLLBACK = {
  lock: nothingToUndo,
  read: nothingToUndo,
  check: nothingToUndo,
  login: loginFailed,
  reconcile: nothingToUndo,
  "retire-previous": nothingToUndo,
  gate: nothingToUndo,
  "make-room": nothingToUndo,
  create: createFailed,
  verify: (run, err) => deleteNewKey(run, err, "the new key did not verify"),
  store: storeFailed,
  retire: retireFailed,
  tidy: rotatedWithWarning,
  record: rotatedWithWarning
};
async function rollback(run, step, err) {
  return ROLLBACK[step](run, err);
}
function nothingToUndo(run, err) {
  if (err instanceof InputError || err instanceof ConfigError) throw err;
  const e = describeError(err);
  return run.finish(
    "rolled_back",
    e.code,
    `rotation failed before any key or target changed: ${e.message}${e.retryable ? " (retryable)" : ""}`,
    err
  );
}
function loginFailed(run, err) {
  if (isKeyrollError(err) && err.category === "auth" && run.policy.mode === "self") {
    const current = run.state.targets[0];
    return run.finish(
      "needs_attention",
      "current_key_rejected",
      `Prisma Cloud rejects the key ${current.parsed.credential.accessKeyId} stored in ${current.adapter.id} (inactive, expired or deleted), so its consumers cannot log in either. Store a working key there, or rotate in admin mode.`,
      err
    );
  }
  return nothingToUndo(run, err);
}
async function createFailed(run, err) {
  if (run.policy.keyLimit === 1) return downtimeFailure(run, err, "creating the new key failed");
  const e = describeError(err);
  if (!mayHaveApplied(err)) {
    const hint = e.code === "already_have_two_access_keys" ? " Prisma Cloud says the account is at its key limit: another rotation may have created a key, or the role allows only one key (keyLimit 1)." : "";
    return run.finish(
      "rolled_back",
      e.code,
      `creating the new key failed: ${e.message}.${hint} The old key is unchanged.`,
      err
    );
  }
  const cleanup = await deleteKeysNamedOurs(run);
  if (!cleanup.ok) {
    return run.finish(
      "needs_attention",
      "rollback_incomplete",
      `creating the new key failed ambiguously and the cleanup failed (${cleanup.detail}): a key named ${run.keyName} may exist in Prisma Cloud. It is in no target; delete it (the next rotation also deletes it).`,
      err
    );
  }
  return run.finish(
    "rolled_back",
    e.code,
    `creating the new key failed: ${e.message}. The old key is unchanged.`,
    err
  );
}
async function createAnswerNamesExistingKey(run, id) {
  const cleanup = await deleteKeysNamedOurs(run);
  return run.finish(
    "needs_attention",
    "create_answer_names_existing_key",
    `Prisma Cloud answered the create with key ${id}, which existed before this rotation; it was not used or deleted. Every target still holds the old key ${run.recorder.oldKeyId}. ` + (cleanup.ok ? `Keys named ${run.keyName}: ${cleanup.detail === "none" ? "none found" : cleanup.detail}.` : `A key named ${run.keyName} may exist (${cleanup.detail}); delete it.`) + " Check what answers at the API URL."
  );
}
async function storeFailed(run, err) {
  const created = run.state.created;
  if (run.policy.keyLimit === 1) {
    return run.finish(
      "needs_attention",
      "rollback_incomplete",
      `storing the new key failed (${describeError(err).message}) and delete-then-create cannot go back to the old key. The new key ${created.id} was kept so those targets still work; a person must put one working key in every target.`,
      err
    );
  }
  const unrestored = await restoreTargets(run);
  if (unrestored.length) {
    return run.finish(
      "needs_attention",
      "rollback_incomplete",
      `storing the new key failed (${describeError(err).message}) and restoring the old key failed for ${unrestored.join(", ")} (they may hold the new key). The new key ${created.id} was kept so those targets still work; a person must put one working key in every target.`,
      err
    );
  }
  return deleteNewKey(run, err, "storing the new key failed; every target was restored");
}
async function restoreTargets(run) {
  const { state } = run;
  const unrestored = [];
  for (const target of state.attempted.splice(0).reverse()) {
    const id = target.adapter.id;
    if (state.refused.has(target)) {
      run.recorder.note("rollback", "skipped", `${id} refused the new key; it still holds the old one`);
      run.recorder.target(id, {
        status: "unchanged",
        detail: `refused the new key: ${describeError(state.refused.get(target)).message}`
      });
      continue;
    }
    const previous = {
      ...target.snapshot,
      value: target.snapshot.value ?? serializeSecretValue(target.parsed, state.targets[0].parsed.credential)
    };
    try {
      await run.effects.restore(target.adapter, previous, {
        step: "rollback",
        did: () => `restored ${id} to the old key`,
        would: `would restore ${id} to the old key`,
        target: { id, result: () => ({ status: "restored" }) }
      });
    } catch (err) {
      unrestored.push(id);
      run.recorder.target(id, { status: "restore_failed", detail: describeError(err).message });
    }
  }
  state.refused.clear();
  return unrestored;
}
function retireFailed(run, err) {
  run.recorder.warn(`the old key is still active (${describeError(err).message}); a later run retires it`);
  return rotated(run, true);
}
function rotatedWithWarning(run, err) {
  run.recorder.warn(describeError(err).message);
  return rotated(run, run.state.oldStillActive);
}
function rotated(run, oldStillActive) {
  const oldId = run.state.targets[0].parsed.credential.accessKeyId;
  return run.finish(
    "rotated",
    oldStillActive ? "old_key_still_active" : void 0,
    `rotated ${oldId} \u2192 ${run.state.created.id} in ${run.state.targets.length} target(s)` + (oldStillActive ? "; the old key is still active and a later run retires it" : "")
  );
}
async function deleteNewKey(run, cause, what) {
  const id = run.state.created.id;
  if (run.policy.keyLimit === 1) return downtimeFailure(run, cause, `${what} (new key ${id})`);
  const cleanup = await deleteOwnKey(run, id);
  if (!cleanup.ok) {
    return run.finish(
      "needs_attention",
      "rollback_incomplete",
      `${what} (${describeError(cause).message}), and ${cleanup.detail}. Every target still holds the old key ${run.recorder.oldKeyId}; check key ${id} in Prisma Cloud and delete it if keyroll made it.`,
      cause
    );
  }
  return run.finish(
    "rolled_back",
    describeError(cause).code,
    `${what}: ${describeError(cause).message}. Rolled back; the old key is unchanged everywhere.`,
    cause
  );
}
function downtimeFailure(run, cause, what) {
  return run.finish(
    "needs_attention",
    "delete_then_create_failed",
    `${what} (${describeError(cause).message}) after the old key ${run.recorder.oldKeyId} was deleted (delete-then-create): consumers cannot log in until a person creates a key and stores it.`,
    cause
  );
}

// packages/core/src/engine/steps/create.ts
function ownOrphan(run) {
  const held = new Set(run.state.targets.map((t) => t.keyId));
  return run.state.keys.find((k) => k.name === run.keyName && !held.has(k.id));
}
function expiryText(run) {
  return run.policy.validityDays ? `, expiring in ${run.policy.validityDays} days` : ", without expiry";
}
async function create(run) {
  const { state, policy } = run;
  const session = state.session;
  if (state.keys.some((k) => k.name === run.keyName && state.targets.some((t) => t.keyId === k.id))) {
    throw new KeyrollError(
      "rotation_id_in_use",
      `a target already holds key ${run.keyName}; not creating another`,
      {
        category: "conflict",
        retryable: false
      }
    );
  }
  const orphan = ownOrphan(run);
  state.before = new Set(state.keys.filter((k) => k !== orphan).map((k) => k.id));
  if (orphan) {
    await run.effects.deleteKey(session, orphan.id, {
      step: "create",
      did: () => `deleted ${orphan.id} (${orphan.name}), left by an earlier attempt of this rotation; its secret is lost, so it is replaced`,
      would: `would delete ${orphan.id} (${orphan.name}), left by an earlier attempt of this rotation`
    });
    state.keys = state.keys.filter((k) => k !== orphan);
  }
  const expiresOn = policy.validityDays ? new Date(run.now() + policy.validityDays * DAY_MS) : void 0;
  const created = await run.effects.createKey(
    session,
    {
      name: run.keyName,
      ...expiresOn ? { expiresOn } : {},
      ...policy.mode === "admin" ? { owner: state.owner } : {}
    },
    {
      step: "create",
      did: (k) => `created key ${k.id} (${run.keyName})${expiryText(run)}`,
      would: `would create key ${run.keyName} for ${state.owner}${expiryText(run)}`
    }
  );
  run.redactor.add(created.secretKey);
  if (state.before.has(created.id)) return createAnswerNamesExistingKey(run, created.id);
  run.recorder.newKeyId = created.id;
  const apiUrl = state.targets[0].parsed.credential.apiUrl;
  state.created = {
    id: created.id,
    credential: { apiUrl, accessKeyId: created.id, secretKey: created.secretKey },
    ...expiresOn ? { expiresOn } : {}
  };
  return void 0;
}

// packages/core/src/engine/steps/gate.ts
async function gate(run) {
  const skip = skipFor(run, run.state.currentKey);
  if (skip) {
    run.recorder.note("check", "ok", skip.message);
    return run.finish("skipped", skip.reason, skip.message);
  }
  run.recorder.note("check", "ok", run.request.force ? "forced rotation" : "rotation is due");
  return void 0;
}
function skipFor(run, currentKey) {
  const { request, policy, state } = run;
  if (currentKey.name === run.keyName) {
    return {
      reason: "already_rotated",
      message: `key ${currentKey.id} was made by this rotation and is current`
    };
  }
  if (request.force) return void 0;
  const now = run.now();
  if (state.previous?.inGrace) {
    return {
      reason: "grace_period",
      message: `the previous key ${state.previous.key.id} is still in its grace period${state.previous.usage ? ` (${state.previous.usage})` : ""}; rotate with force to end it early`
    };
  }
  if (request.trigger?.kind === "schedule") {
    if (!rotationDue(currentKey, policy, now)) {
      return { reason: "not_due", message: `key ${currentKey.id} is not due for rotation` };
    }
    return void 0;
  }
  if (isYoungerThanMinAge(currentKey, policy, now) && currentKey.status === "active") {
    const hours = ((now - currentKey.createdAt.getTime()) / HOUR_MS).toFixed(1);
    return {
      reason: "too_young",
      message: `key ${currentKey.id} is ${hours} h old, under the minimum age of ${policy.minAgeHours} h; use force to rotate anyway`
    };
  }
  return void 0;
}

// packages/core/src/engine/steps/lock.ts
var processLock = new InMemoryLockProvider();
async function lock(run) {
  const primary = run.request.targets[0];
  const provider = run.context.lock ?? processLock;
  const lease = await run.effects.acquireLock(
    provider,
    `keyroll:${primary.id}`,
    run.rotationId,
    run.policy.lockLeaseMinutes * 6e4
  );
  if (!lease) {
    return run.finish(
      "skipped",
      "in_progress",
      "another rotation of this secret holds the lock; nothing changed"
    );
  }
  run.recorder.lease = lease;
  if (lease.tookOverFrom) {
    run.recorder.warn(`took over the lock of rotation ${lease.tookOverFrom.owner}, whose holder is gone`);
  }
  return void 0;
}

// packages/core/src/engine/steps/login.ts
async function login(run) {
  const { state, policy, context } = run;
  const primary = state.targets[0];
  const admin = policy.mode === "admin";
  const credential = admin ? context.adminCredential : primary.parsed.credential;
  if (admin) {
    run.redactor.add(credential.secretKey);
    assertAllowedApiUrl(credential.apiUrl, context.allowedApiOrigins);
    if (credential.accessKeyId === primary.parsed.credential.accessKeyId) {
      throw new ConfigError(
        "admin_key_is_target",
        "the admin key is the key being rotated; use a separate admin key"
      );
    }
  }
  const { session, owner, keys } = await run.recorder.step(
    "login",
    async () => {
      const session2 = run.track(await context.issuer.login(credential));
      const me = await session2.identity();
      const owner2 = admin ? context.serviceAccount ?? primary.snapshot.metadata.serviceAccount : me.name;
      if (!owner2) {
        throw new ConfigError(
          "service_account_required",
          "admin mode needs the service account whose key is rotated (configure serviceAccount)"
        );
      }
      const keys2 = await session2.listKeys(owner2);
      return { session: session2, owner: owner2, keys: keys2 };
    },
    (r) => `as ${admin ? "admin" : r.owner}; ${r.owner} has ${r.keys.length} key(s)`
  );
  Object.assign(state, { session, owner, keys });
  run.recorder.serviceAccount = owner;
  const currentId = primary.parsed.credential.accessKeyId;
  const currentKey = keys.find((k) => k.id === currentId);
  if (!currentKey) {
    return run.finish(
      "needs_attention",
      "current_key_unknown",
      `the key ${currentId} stored in ${primary.adapter.id} is not a key of ${owner} in Prisma Cloud; check the service account configured for this secret`
    );
  }
  state.currentKey = currentKey;
  if (currentKey.status !== "active") {
    run.recorder.warn(
      `the stored key ${currentKey.id} is ${currentKey.status}: consumers cannot log in until it is replaced`
    );
  }
  return void 0;
}

// packages/core/src/engine/steps/make-room.ts
async function makeRoom(run) {
  const { state, policy } = run;
  const currentKey = state.currentKey;
  const primary = state.targets[0];
  const limit = policy.keyLimit;
  const own2 = ownOrphan(run);
  const keys = state.keys.filter((k) => k !== own2);
  const others = keys.filter((k) => k.id !== currentKey.id);
  const needed = limit === 1 ? keys.length : keys.length - limit + 1;
  if (needed <= 0) return void 0;
  const rank = (k) => k.status === "active" ? 1 : 0;
  const victims = others.sort((a, b) => rank(a) - rank(b) || a.createdAt.getTime() - b.createdAt.getTime()).slice(0, Math.min(needed, others.length));
  const leaseMs = policy.lockLeaseMinutes * 6e4;
  const ageMs = (k) => run.now() - k.createdAt.getTime();
  for (const victim of victims) {
    const isPrevious = victim.id === primary.snapshot.metadata.previousKeyId;
    const inFlight = victim.status === "active" && !isPrevious && ageMs(victim) < leaseMs && !run.lease?.tookOverFrom;
    if (inFlight) {
      const message = `key ${victim.id} is active, held by no target and ${Math.round(ageMs(victim) / 6e4)} min old: it may be the new key of a rotation in flight. Nothing changed; a later run deletes it once the lock lease is over.`;
      run.recorder.note("make-room", "skipped", message);
      return run.finish("skipped", "in_progress", message);
    }
    if (victim.status === "active" && isPrevious) {
      run.recorder.warn(
        `forced rotation deletes the previous key ${victim.id} before its grace period ended`
      );
    }
    await run.effects.deleteKey(state.session, victim.id, {
      step: "make-room",
      did: () => `deleted ${victim.status} key ${victim.id} (${victim.name}) to stay within the limit of ${limit}`,
      would: `would delete ${victim.status} key ${victim.id} (${victim.name})`
    });
    state.keys = state.keys.filter((k) => k !== victim);
  }
  if (limit === 1) {
    await run.effects.deleteKey(state.session, currentKey.id, {
      step: "make-room",
      did: () => {
        run.recorder.warn(
          `delete-then-create: deleted the current key ${currentKey.id}; consumers fail until the new key is stored`
        );
        return `deleted ${currentKey.id}`;
      },
      would: `would delete the current key ${currentKey.id} (delete-then-create)`
    });
    state.keys = state.keys.filter((k) => k !== currentKey);
  }
  return void 0;
}

// packages/core/src/engine/steps/read.ts
async function read(run) {
  const primary = run.request.targets[0];
  const header = await run.recorder.step(
    "read",
    () => readHeader(primary),
    (h) => `${primary.id} is ${h.managed ? "" : "not "}marked as managed`
  );
  run.state.header = header;
  if (!header.managed) return notManaged(run);
  const targets = await run.recorder.step(
    "read",
    () => readTargets(run),
    (s) => `${s.length} target(s) read`
  );
  run.state.targets = targets;
  if (!targets[0].snapshot.managed) return notManaged(run);
  run.recorder.oldKeyId = targets[0].parsed.credential.accessKeyId;
  return void 0;
}
async function check(run) {
  await run.recorder.step(
    "check",
    () => Promise.all(run.request.targets.map((t) => t.check())),
    () => "every target can take the new key"
  );
  const trigger = run.request.trigger;
  const version2 = run.state.targets[0]?.snapshot.version;
  if (trigger?.version && version2 && trigger.version !== version2) {
    run.recorder.note("check", "ok", `event names version ${trigger.version}, current is ${version2}`);
    return run.finish(
      "skipped",
      "stale_event",
      "the event is about a version that is no longer current; nothing to do"
    );
  }
  return void 0;
}
function notManaged(run) {
  const id = run.request.targets[0].id;
  run.log.info(`${id} is not marked as managed by keyroll; ignoring it`);
  return run.finish("skipped", "not_managed", `${id} is not marked as managed by keyroll; ignored`);
}
async function readTargets(run) {
  const adapters = run.request.targets;
  const snapshots = await Promise.all(adapters.map(readTarget));
  const primarySnap = snapshots[0];
  if (primarySnap.value === void 0) {
    throw new InputError(
      "current_value_unknown",
      `${adapters[0].id} is write-only and no current value was supplied; the primary target must provide it`
    );
  }
  const primaryParsed = parseSecretValue(primarySnap.value, adapters[0].id);
  run.redactor.add(primaryParsed.credential.secretKey);
  assertAllowedApiUrl(primaryParsed.credential.apiUrl, run.context.allowedApiOrigins);
  return snapshots.map((snapshot, i) => {
    const adapter = adapters[i];
    if (i === 0)
      return { adapter, snapshot, parsed: primaryParsed, keyId: primaryParsed.credential.accessKeyId };
    if (snapshot.value === void 0) {
      return { adapter, snapshot, parsed: primaryParsed, keyId: snapshot.metadata.keyId };
    }
    const parsed = parseSecretValue(snapshot.value, adapter.id);
    run.redactor.add(parsed.credential.secretKey);
    return { adapter, snapshot, parsed, keyId: parsed.credential.accessKeyId };
  });
}

// packages/core/src/engine/steps/reconcile.ts
async function reconcile(run) {
  const targets = run.state.targets;
  const primary = targets[0];
  const currentId = primary.parsed.credential.accessKeyId;
  for (const state of targets.slice(1).filter((s) => s.keyId !== currentId)) {
    const id = state.adapter.id;
    const value = serializeSecretValue(state.parsed, primary.parsed.credential);
    const metadata = { ...primary.snapshot.metadata, keyId: currentId };
    const receipt = await run.effects.write(
      state.adapter,
      value,
      metadata,
      {},
      {
        step: "reconcile",
        did: () => `${id} held ${state.keyId ?? "an unknown key"}; now holds ${currentId}`,
        would: `would write the current key ${currentId} to ${id}`,
        target: { id, result: (r) => ({ status: "repaired", ...r.version ? { version: r.version } : {} }) }
      }
    );
    state.keyId = currentId;
    state.snapshot = {
      ...state.snapshot,
      value: state.snapshot.value === void 0 ? void 0 : value,
      version: receipt.version ?? state.snapshot.version,
      metadata
    };
  }
  return void 0;
}

// packages/core/src/retry.ts
var defaultRetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 3e4,
  maxRetryAfterMs: 12e4
};
var retryableByDefault = (err) => isKeyrollError(err) && err.retryable;
function backoffDelay(attempt, policy, random = Math.random) {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exp / 2 + random() * exp / 2);
}
async function retry(fn, options = {}) {
  const policy = {
    maxAttempts: options.maxAttempts ?? defaultRetryPolicy.maxAttempts,
    baseDelayMs: options.baseDelayMs ?? defaultRetryPolicy.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? defaultRetryPolicy.maxDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs ?? defaultRetryPolicy.maxRetryAfterMs
  };
  const clock = options.clock ?? systemClock;
  const shouldRetry = options.shouldRetry ?? retryableByDefault;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= policy.maxAttempts || !shouldRetry(err, attempt)) throw err;
      const hint = isKeyrollError(err) ? err.retryAfterMs : void 0;
      if (hint !== void 0 && policy.maxRetryAfterMs !== void 0 && hint > policy.maxRetryAfterMs)
        throw err;
      const delayMs = hint ?? backoffDelay(attempt, policy, options.random);
      options.onRetry?.({ err, attempt, delayMs });
      await clock.sleep(delayMs, options.signal);
    }
  }
}
function parseRetryAfter(value, now = Date.now()) {
  if (!value) return void 0;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1e3);
  const date2 = Date.parse(trimmed);
  if (Number.isNaN(date2)) return void 0;
  return Math.max(0, date2 - now);
}

// packages/core/src/engine/steps/verify.ts
async function verify(run) {
  const created = run.state.created;
  const owner = run.state.owner;
  run.state.freshSession = await run.recorder.step(
    "verify",
    () => loginAs(run, created.credential, owner),
    () => `logged in with ${created.id} as ${owner}`
  );
  return void 0;
}
async function loginAs(run, fresh, owner) {
  const { policy, context } = run;
  return retry(
    async () => {
      const s = run.track(await context.issuer.login(fresh));
      const me = await s.identity();
      if (policy.mode === "self" && me.name !== owner) {
        throw new KeyrollError("identity_mismatch", `the new key logs in as ${me.name}, not ${owner}`, {
          category: "internal",
          retryable: false
        });
      }
      if (policy.mode === "admin") {
        const mine = await s.listKeys(owner);
        if (!mine.some((k) => k.id === fresh.accessKeyId)) {
          throw new KeyrollError("identity_mismatch", `the new key does not belong to ${owner}`, {
            category: "internal",
            retryable: false
          });
        }
      }
      return s;
    },
    {
      maxAttempts: policy.verifyAttempts,
      baseDelayMs: policy.verifyBaseDelayMs,
      clock: run.clock,
      // A new key may be rejected until it propagates: auth failures are retried here.
      shouldRetry: (err) => isKeyrollError(err) && (err.retryable || err.category === "auth")
    }
  );
}

// packages/core/src/engine/steps/retire.ts
async function retire(run) {
  const { state, policy } = run;
  const oldId = state.targets[0].parsed.credential.accessKeyId;
  if (policy.graceHours > 0) {
    run.recorder.note(
      "retire",
      "skipped",
      `old key ${oldId} stays active for ${policy.graceHours} h of grace`
    );
    return void 0;
  }
  if (policy.keyLimit === 1) {
    run.recorder.note("retire", "skipped", "the old key was deleted before creating the new one");
    return void 0;
  }
  try {
    if (policy.mode === "self" && !state.freshSession) await verify(run);
    const session = policy.mode === "admin" ? state.session : state.freshSession;
    await run.effects.deactivateKey(session, oldId, {
      step: "retire",
      did: () => `deactivated the old key ${oldId}; it stays inactive as the break-glass copy until the next rotation`,
      would: `would deactivate the old key ${oldId}`
    });
  } catch (err) {
    state.oldStillActive = true;
    run.recorder.warn(
      `rotated, but the old key ${oldId} is still active (${describeError(err).message}); a later run retires it`
    );
  }
  return void 0;
}
async function tidy(run) {
  const { policy, state } = run;
  if (policy.graceHours > 0 && policy.keyLimit !== 1) {
    run.recorder.note("tidy", "skipped", "superseded versions stay enabled until the old key is retired");
    return void 0;
  }
  const versioned = state.targets.filter(
    (s) => s.adapter.capabilities.versioned && s.snapshot.version && s.adapter.disableVersion && s.keyId !== state.created?.id
  );
  if (versioned.length === 0 || !await renewForBatch(run)) return void 0;
  await Promise.all(
    versioned.map(async (s) => {
      const version2 = s.snapshot.version;
      try {
        await run.effects.disableVersion(s.adapter, version2, {
          step: "tidy",
          did: () => `disabled version ${version2} of ${s.adapter.id}`,
          would: `would disable version ${version2} of ${s.adapter.id}`,
          leaseRenewed: true
        });
      } catch (err) {
        run.recorder.warn(
          `could not disable the superseded version ${version2} of ${s.adapter.id}: ${describeError(err).message}`
        );
      }
    })
  );
  return void 0;
}
async function tidySuperseded(run) {
  const targets = run.state.targets.filter((s) => s.adapter.disableSuperseded);
  if (targets.length === 0 || !await renewForBatch(run)) return;
  await Promise.all(
    targets.map(async (s) => {
      try {
        await run.effects.disableSuperseded(s.adapter, {
          step: "tidy",
          did: (done) => `disabled ${done.length} superseded version(s) of ${s.adapter.id}`,
          would: `would disable the superseded versions of ${s.adapter.id}`,
          leaseRenewed: true
        });
      } catch (err) {
        run.recorder.warn(
          `could not disable superseded versions of ${s.adapter.id}: ${describeError(err).message}`
        );
      }
    })
  );
}
async function renewForBatch(run) {
  try {
    await run.recorder.renewLease("tidy");
    return true;
  } catch (err) {
    run.recorder.warn(`superseded versions were not disabled: ${describeError(err).message}`);
    return false;
  }
}

// packages/core/src/engine/steps/retire-previous.ts
async function retirePrevious(run) {
  const { state, policy } = run;
  const primary = state.targets[0];
  const previousId = primary.snapshot.metadata.previousKeyId;
  if (!previousId || previousId === primary.parsed.credential.accessKeyId) return void 0;
  const previous = state.keys.find((k) => k.id === previousId);
  if (previous?.status !== "active") return void 0;
  const usage = oldKeyUsage({
    previous,
    storedAt: Date.parse(primary.snapshot.metadata.rotatedAt ?? ""),
    now: run.now(),
    graceHours: policy.graceHours,
    retireWhenUnusedMinutes: policy.retireWhenUnusedMinutes
  });
  if (usage.verdict === "keep") {
    state.previous = { key: previous, inGrace: true, usage: usage.message };
    run.recorder.note("retire-previous", "skipped", usage.message);
    return void 0;
  }
  state.previous = { key: previous, inGrace: false, usage: usage.message };
  try {
    await run.effects.deactivateKey(state.session, previous.id, {
      step: "retire-previous",
      did: () => `deactivated the previous key ${previous.id} (${usage.message})`,
      would: `would deactivate the previous key ${previous.id} (${usage.message})`
    });
    previous.status = "inactive";
  } catch (err) {
    run.recorder.warn(`could not deactivate the previous key ${previous.id}: ${describeError(err).message}`);
    return void 0;
  }
  await tidySuperseded(run);
  return void 0;
}

// packages/core/src/engine/steps/store.ts
var FAN_OUT_CONCURRENCY = 4;
function fanOutWidth(states) {
  const asked = states.map((s) => s.adapter.fanOutWidth?.() ?? FAN_OUT_CONCURRENCY);
  return Math.max(1, Math.min(...asked));
}
function metadataFor(run) {
  const { state } = run;
  const created = state.created;
  return {
    keyId: created.id,
    previousKeyId: state.targets[0].parsed.credential.accessKeyId,
    rotationId: run.rotationId,
    rotatedAt: new Date(run.now()).toISOString(),
    serviceAccount: state.owner,
    ...created.expiresOn ? { keyExpiresOn: created.expiresOn.toISOString() } : {}
  };
}
async function store(run, targets = run.state.targets) {
  const { state } = run;
  const metadata = metadataFor(run);
  const vaultExpiresOn = state.created.expiresOn ? new Date(state.created.expiresOn.getTime() - run.policy.vaultExpiryMarginDays * DAY_MS) : void 0;
  const writeOne = (target, leaseRenewed, onWritten) => {
    state.attempted.push(target);
    const id = target.adapter.id;
    const value = serializeSecretValue(target.parsed, state.created.credential);
    return run.effects.write(
      target.adapter,
      value,
      metadata,
      vaultExpiresOn ? { expiresOn: vaultExpiresOn } : {},
      {
        step: "store",
        did: (r) => `wrote the new key to ${id}${r.version ? ` (version ${r.version})` : ""}`,
        would: `would write the new key to ${id}`,
        target: { id, result: (r) => ({ status: "updated", ...r.version ? { version: r.version } : {} }) },
        leaseRenewed,
        ...onWritten ? { onWritten } : {},
        // Only the write's own refusal counts: a failed read-back comes after an applied write.
        onWriteError: (err) => {
          if (!mayHaveApplied(err)) state.refused.set(target, err);
        },
        after: async () => {
          if (!target.adapter.capabilities.readable) return;
          const back = await target.adapter.read();
          if (back.value !== value) {
            throw new VaultError(
              "read_back_mismatch",
              `${id}: reading the new value back returned something else`,
              {
                category: "internal"
              }
            );
          }
        }
      }
    );
  };
  const writeBatch = async (batch) => {
    if (batch.length === 0) return;
    await run.recorder.renewLease("store");
    const { failures } = await settleWithLimit(
      batch,
      fanOutWidth(batch),
      (t) => writeOne(t, true).then(() => {
      })
    );
    if (failures.length) throw failures[0].err;
  };
  const primary = state.targets[0];
  const rest = targets.filter((t) => t !== primary);
  if (!targets.includes(primary)) {
    await writeBatch(rest);
    return void 0;
  }
  let written = () => {
  };
  let notWritten = () => {
  };
  const primaryWritten = new Promise((resolve, reject) => {
    written = resolve;
    notWritten = reject;
  });
  const primaryStep = writeOne(primary, false, () => written());
  primaryStep.then(() => written(), notWritten);
  const [own2, others] = await Promise.allSettled([primaryStep, primaryWritten.then(() => writeBatch(rest))]);
  if (own2.status === "rejected") throw own2.reason;
  if (others.status === "rejected") throw others.reason;
  return void 0;
}

// packages/core/src/engine/steps/plan.ts
function planRest(run) {
  const { recorder, state, policy } = run;
  recorder.note("create", "planned", `would create key ${run.keyName} for ${state.owner}${expiryText(run)}`);
  recorder.note(
    "verify",
    "planned",
    "would log in with the new key and confirm it belongs to the same account"
  );
  for (const s of state.targets) {
    recorder.note("store", "planned", `would write the new key to ${s.adapter.id}`);
    recorder.target(s.adapter.id, { status: "planned" });
  }
  recorder.note(
    "retire",
    "planned",
    policy.graceHours > 0 ? `would keep the old key active for ${policy.graceHours} h` : `would deactivate the old key ${recorder.oldKeyId}`
  );
  const versioned = state.targets.filter((s) => s.adapter.capabilities.versioned && s.snapshot.version);
  if (versioned.length)
    recorder.note("tidy", "planned", `would disable ${versioned.length} superseded version(s)`);
  return run.finish("skipped", "dry_run", `dry run: would rotate key ${recorder.oldKeyId}; nothing changed`);
}

// packages/core/src/outcome/escalation.ts
function nextFailureCount(previous, result) {
  if (result.outcome === "rotated") return 0;
  if (result.outcome === "rolled_back" || result.outcome === "needs_attention") {
    return (previous.consecutiveFailures ?? 0) + 1;
  }
  return previous.consecutiveFailures ?? 0;
}
function escalationFor(input) {
  const { metadata, policy, now, result } = input;
  const failures = metadata.consecutiveFailures ?? 0;
  const base = {
    event: "keyroll.escalation",
    target: input.target,
    consecutiveFailures: failures,
    ...result?.serviceAccount ?? metadata.serviceAccount ? { serviceAccount: result?.serviceAccount ?? metadata.serviceAccount } : {},
    ...metadata.lastFailure ? { lastFailure: metadata.lastFailure } : {},
    ...metadata.keyExpiresOn ? { keyExpiresOn: metadata.keyExpiresOn } : {}
  };
  if (result?.outcome === "needs_attention") return { ...base, cause: "needs_attention" };
  if (failures >= policy.escalateAfterFailures) return { ...base, cause: "consecutive_failures" };
  const expires = metadata.keyExpiresOn ? Date.parse(metadata.keyExpiresOn) : Number.NaN;
  const rotatedNow = result?.outcome === "rotated";
  if (!rotatedNow && Number.isFinite(expires) && expires - now <= policy.escalateExpiryDays * DAY_MS) {
    return { ...base, cause: "expiring_key" };
  }
  return void 0;
}

// packages/core/src/engine/steps/record.ts
async function record(run, result) {
  const primary = run.request.targets[0];
  const failed = result.outcome === "rolled_back" || result.outcome === "needs_attention";
  const header = run.state.header ?? (failed ? await readHeader(primary).catch(() => void 0) : void 0);
  const previous = header?.bookkeeping ?? {};
  const count2 = nextFailureCount(previous, result);
  const bookkeeping = {
    consecutiveFailures: count2,
    ...failed ? { lastFailure: `${result.finishedAt} ${result.outcome} ${result.reason ?? "unknown"}` } : previous.lastFailure ? { lastFailure: previous.lastFailure } : {}
  };
  const resets = result.outcome === "rotated" && (previous.consecutiveFailures ?? 0) > 0;
  if (failed || resets) await writeBookkeeping(run, header, bookkeeping);
  if (result.outcome === "rotated") run.recorder.note("record", "ok", "audit record written");
  if (header) {
    const expires = result.outcome === "rotated" ? run.state.created?.expiresOn?.toISOString() : header.metadata.keyExpiresOn;
    const escalation = escalationFor({
      target: primary.id,
      metadata: {
        ...header.metadata.serviceAccount ? { serviceAccount: header.metadata.serviceAccount } : {},
        ...expires ? { keyExpiresOn: expires } : {},
        ...bookkeeping
      },
      policy: run.policy,
      now: run.now(),
      result
    });
    if (escalation) result.escalation = escalation;
    const rotatedAt = result.outcome === "rotated" ? result.finishedAt : header.metadata.rotatedAt;
    result.key = {
      consecutiveFailures: count2,
      ...rotatedAt ? { rotatedAt } : {},
      ...expires ? { keyExpiresOn: expires } : {}
    };
  }
  result.warnings = run.recorder.warnings;
  run.log.info("rotation finished", { audit: auditRecord(run, result) });
  return run.redactor.redact(result);
}
async function writeBookkeeping(run, header, bookkeeping) {
  const primary = run.request.targets[0];
  if (!primary.writeBookkeeping) {
    run.log.debug(`${primary.id} keeps no failure bookkeeping; escalation counts from the run alone`);
    return;
  }
  if (!header) {
    run.recorder.warn(`the failure count of ${primary.id} was not updated: its metadata could not be read`);
    return;
  }
  try {
    await run.effects.writeBookkeeping(primary, bookkeeping, {
      step: "record",
      did: () => `failure count ${bookkeeping.consecutiveFailures} recorded in ${primary.id}`,
      would: `would record failure count ${bookkeeping.consecutiveFailures} in ${primary.id}`,
      // The one write allowed on failure, also after a lost lease: it touches no value.
      leaseRenewed: true
    });
  } catch (err) {
    run.recorder.warn(`could not record the failure count in ${primary.id}: ${describeError(err).message}`);
  }
}
function auditRecord(run, result) {
  return {
    event: "keyroll.rotation",
    rotationId: result.rotationId,
    outcome: result.outcome,
    reason: result.reason,
    serviceAccount: result.serviceAccount,
    oldKeyId: result.oldKeyId,
    newKeyId: result.newKeyId,
    trigger: run.request.trigger,
    targets: result.targets,
    steps: result.steps.map((s) => `${s.name}:${s.status}:${s.durationMs}ms`),
    durationMs: Date.parse(result.finishedAt) - Date.parse(result.startedAt)
  };
}

// packages/core/src/engine/steps/index.ts
var STEPS = {
  lock,
  read,
  check,
  login,
  reconcile,
  "retire-previous": retirePrevious,
  gate,
  "make-room": makeRoom,
  create,
  verify,
  store: (run) => store(run),
  retire,
  tidy
};
async function runSteps(run, ids) {
  for (const id of ids) {
    let stop;
    try {
      stop = await STEPS[id](run);
    } catch (err) {
      return rollback(run, id, err);
    }
    if (stop) return stop;
  }
  return void 0;
}

// packages/core/src/engine/rotate.ts
async function rotateCredential(request, context) {
  const run = startRotation(request, context);
  try {
    return await record(run, await execute(run));
  } catch (err) {
    throw run.redactor.scrubError(err);
  } finally {
    await run.close();
  }
}
async function execute(run) {
  const stop = await runSteps(run, [
    "lock",
    "read",
    "check",
    "login",
    "reconcile",
    "retire-previous",
    "gate",
    "make-room"
  ]);
  if (stop) return stop;
  if (!run.effects.live) return planRest(run);
  return await runSteps(run, ["create", "verify", "store", "retire", "tidy"]) ?? rotated(run, run.state.oldStillActive);
}

export {
  BOOKKEEPING_TAG,
  encodeBookkeeping,
  decodeBookkeeping,
  systemClock,
  _lte,
  _gte,
  _positive,
  _minLength,
  _regex,
  string2 as string,
  url,
  number2 as number,
  int,
  boolean2 as boolean,
  array,
  strictObject,
  union,
  _enum,
  literal,
  optional,
  _default,
  refine,
  describe2 as describe,
  KeyrollError,
  ConfigError,
  InputError,
  IssuerError,
  VaultError,
  isKeyrollError,
  describeError,
  parseSecretValue,
  assertAllowedApiUrl,
  normalizeOrigin,
  escapeControl,
  Redactor,
  createLogger,
  silentLogger,
  rotationPolicySchema,
  resolvePolicy,
  LockLostError,
  InMemoryLockProvider,
  dispositionFor,
  defaultRetryPolicy,
  retry,
  parseRetryAfter,
  rotateCredential
};
