import { createRequire as __keyrollCreateRequire } from 'node:module';
const require = __keyrollCreateRequire(import.meta.url);
import {
  ConfigError,
  InputError,
  VaultError,
  isKeyrollError
} from "./chunk-MCGQFY4T.js";

// packages/vault-file/src/file-lock.ts
import { createHash, randomBytes } from "node:crypto";
import { link, lstat, mkdir, open as open2, readFile, rename, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";

// packages/vault-file/src/regular-file.ts
import { constants } from "node:fs";
import { access, open, realpath } from "node:fs/promises";
var SPECIAL_TREES = ["/proc/", "/sys/", "/dev/"];
async function readRegularFile(path, what) {
  await assertNotSpecialTree(path, what);
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!(await handle.stat()).isFile()) throw notRegular(what);
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}
async function resolveLink(path) {
  try {
    return await realpath(path);
  } catch (err) {
    if (err.code === "ENOENT") return path;
    throw err;
  }
}
async function assertNotSpecialTree(path, what) {
  const real = await resolveLink(path);
  if (SPECIAL_TREES.some((tree) => real.startsWith(tree))) throw notRegular(what);
}
async function assertWritableDirectory(dir, what) {
  try {
    await access(dir, constants.W_OK | constants.X_OK);
  } catch (err) {
    throw new ConfigError(
      "not_writable",
      `${what}: the directory ${dir} is not writable (${err.code ?? "error"}); keyroll writes a temporary file there and renames it into place`
    );
  }
}
function notRegular(what) {
  return new ConfigError("not_regular_file", `${what} is not a regular file (a FIFO, device or /proc entry)`);
}

// packages/vault-file/src/file-lock.ts
var TAKEOVER_LEASE_MS = 3e4;
var FileLockProvider = class {
  constructor(options) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.isAlive = options.isAlive ?? processIsAlive;
  }
  options;
  now;
  isAlive;
  pathFor(name) {
    const digest = createHash("sha256").update(name).digest("hex").slice(0, 16);
    return join(this.options.directory, `.keyroll-${digest}.lock`);
  }
  async acquire(name, owner, leaseMs) {
    const path = this.pathFor(name);
    await usable(() => mkdir(this.options.directory, { recursive: true }), this.options.directory);
    const mine = { owner, expiresAt: this.now() + leaseMs, pid: process.pid, host: hostname() };
    const created = await this.createExclusive(path, mine);
    if (created !== void 0) return this.lease(path, created, void 0);
    const seen = await this.readLock(path);
    if (seen === "absent") {
      const again = await this.createExclusive(path, mine);
      return again === void 0 ? null : this.lease(path, again, void 0);
    }
    if (seen.holder && !this.isGone(seen.holder)) return null;
    const guardPath = `${path}.takeover`;
    const guard = { ...mine, expiresAt: this.now() + TAKEOVER_LEASE_MS };
    const guardFile = await this.createExclusive(guardPath, guard);
    if (guardFile === void 0) {
      await this.clearStaleGuard(guardPath);
      return null;
    }
    try {
      const now = await this.readLock(path);
      if (now !== "absent") {
        if (now.ino !== seen.ino || now.text !== seen.text) return null;
        await removeIfSame(path, now);
      }
      const created2 = await this.createExclusive(path, mine);
      if (created2 === void 0) return null;
      const from = seen.holder ? { owner: seen.holder.owner, expiresAt: seen.holder.expiresAt } : unknownHolder;
      return this.lease(path, created2, from);
    } finally {
      await removeIfSame(guardPath, guardFile);
    }
  }
  /** `keyroll lock show`: who holds the lock, and whether it is provably stale. */
  async inspect(name) {
    const seen = await this.readLock(this.pathFor(name));
    if (seen === "absent") return void 0;
    if (!seen.holder) return { owner: "unknown (not a keyroll lock file)", expiresAt: 0, stale: true };
    const h = seen.holder;
    return { owner: h.owner, expiresAt: h.expiresAt, host: h.host, pid: h.pid, stale: this.isGone(h) };
  }
  /** `keyroll lock release`: removes exactly the lock file that was read (not one created meanwhile). */
  async forceRelease(name) {
    const path = this.pathFor(name);
    const seen = await this.readLock(path);
    if (seen === "absent") return false;
    await removeIfSame(path, seen);
    return true;
  }
  lease(path, mine, tookOverFrom) {
    return {
      tookOverFrom,
      // Only the file this lease created: after a takeover of an expired lease it is someone else's.
      release: () => removeIfSame(path, mine)
    };
  }
  /** Writes `holder` to a temp file and links it into place. Its identity, or undefined if the name exists. */
  async createExclusive(path, holder) {
    const tmp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
    const handle = await usable(() => open2(tmp, "wx", 384), this.options.directory);
    const text = JSON.stringify(holder);
    let ino;
    try {
      await handle.writeFile(text);
      await handle.sync();
      ino = (await handle.stat()).ino;
    } finally {
      await handle.close();
    }
    try {
      await link(tmp, path);
      return { ino, text };
    } catch (err) {
      if (err.code === "EEXIST") return void 0;
      throw err;
    } finally {
      await unlink(tmp).catch(ignoreMissing);
    }
  }
  /** The lock file's inode and holder (undefined when it is not a keyroll lock: empty, torn, foreign). */
  async readLock(path) {
    let ino;
    let text;
    try {
      ino = (await lstat(path)).ino;
      text = await readRegularFile(path, `the lock file ${path}`);
    } catch (err) {
      if (err.code === "ENOENT") return "absent";
      throw err;
    }
    return { ino, text, holder: parseHolder(text) };
  }
  /** A guard left by a taker that died mid-takeover: remove it (exactly that file), so a later run can. */
  async clearStaleGuard(guardPath) {
    const guard = await this.readLock(guardPath);
    if (guard === "absent" || guard.holder && !this.isGone(guard.holder)) return;
    await removeIfSame(guardPath, guard);
  }
  isGone(holder) {
    if (holder.expiresAt <= this.now()) return true;
    return holder.host === hostname() && !this.isAlive(holder.pid);
  }
};
var unknownHolder = { owner: "unknown", expiresAt: 0 };
function parseHolder(text) {
  try {
    const parsed = JSON.parse(text);
    return typeof parsed.owner === "string" && typeof parsed.expiresAt === "number" ? parsed : void 0;
  } catch {
    return void 0;
  }
}
async function removeIfSame(path, expected) {
  const aside = `${path}.${randomBytes(6).toString("hex")}.old`;
  try {
    await rename(path, aside);
  } catch (err) {
    ignoreMissing(err);
    return;
  }
  const ino = (await lstat(aside)).ino;
  const text = await readFile(aside, "utf8").catch(() => void 0);
  if (ino !== expected.ino || text !== expected.text) await link(aside, path).catch(() => {
  });
  await unlink(aside).catch(ignoreMissing);
}
function ignoreMissing(err) {
  if (err.code !== "ENOENT") throw err;
}
async function usable(fn, dir) {
  try {
    return await fn();
  } catch (err) {
    const code = err.code;
    if (code && ["EACCES", "EPERM", "EROFS", "ENOTDIR", "EEXIST", "ENOSPC"].includes(code)) {
      throw new ConfigError("lock_dir_unusable", `cannot create the rotation lock in ${dir} (${code})`);
    }
    throw err;
  }
}
function processIsAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}

// packages/vault-file/src/file-vault.ts
import { dirname as dirname2, resolve } from "node:path";

// packages/vault-file/src/atomic.ts
import { randomBytes as randomBytes2 } from "node:crypto";
import { open as open3, rename as rename2 } from "node:fs/promises";
import { basename, dirname, join as join2 } from "node:path";
async function writeFileAtomic(path, data) {
  const dir = dirname(path);
  const tmp = join2(dir, `.${basename(path)}.${randomBytes2(6).toString("hex")}.tmp`);
  const handle = await open3(tmp, "wx", 384);
  try {
    await handle.writeFile(data, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename2(tmp, path);
  const dirHandle = await open3(dir, "r");
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}

// packages/vault-file/src/file-vault.ts
var HISTORY_LIMIT = 5;
var FileVaultAdapter = class {
  id;
  capabilities = { readable: true, versioned: true };
  path;
  sidecarPath;
  now;
  constructor(options) {
    this.path = resolve(options.path);
    this.sidecarPath = `${this.path}.keyroll.json`;
    this.id = `file:${this.path}`;
    this.now = options.now ?? Date.now;
  }
  async readMetadata() {
    await this.readValue();
    const sidecar = await this.readSidecar();
    const entry = sidecar?.versions.find((v) => v.version === sidecar.current);
    return {
      managed: true,
      metadata: entry?.metadata ?? {},
      version: sidecar?.current ?? "v0",
      ...bookkeepingOf(sidecar)
    };
  }
  async read() {
    const value = await this.readValue();
    const sidecar = await this.readSidecar();
    const entry = sidecar?.versions.find((v) => v.version === sidecar.current);
    return {
      value: value.trimEnd(),
      version: sidecar?.current ?? "v0",
      metadata: entry?.metadata ?? {},
      managed: true,
      ...entry?.expiresOn ? { expiresOn: new Date(entry.expiresOn) } : {},
      ...bookkeepingOf(sidecar)
    };
  }
  /** A successful rotation's write: a new version, and the failure count starts again. */
  write(value, metadata, options = {}) {
    return this.writeVersion(value, metadata, options, void 0);
  }
  /** Only the sidecar's bookkeeping changes: the value file, versions and metadata stay as they are. */
  async writeBookkeeping(bookkeeping) {
    await this.readValue();
    const sidecar = await this.readSidecar() ?? await this.initialSidecar();
    const next = { ...sidecar, bookkeeping: cleanBookkeeping(bookkeeping) };
    try {
      await writeFileAtomic(this.sidecarPath, `${JSON.stringify(next, null, 2)}
`);
    } catch (err) {
      throw this.ioError(err, "update");
    }
  }
  async writeVersion(value, metadata, options, bookkeeping) {
    const sidecar = await this.readSidecar() ?? await this.initialSidecar();
    const version = `v${Math.max(0, ...sidecar.versions.map((v) => Number(v.version.slice(1)) || 0)) + 1}`;
    const entry = {
      version,
      writtenAt: new Date(this.now()).toISOString(),
      enabled: true,
      metadata: { ...metadata },
      value,
      ...options.expiresOn ? { expiresOn: options.expiresOn.toISOString() } : {}
    };
    const next = {
      format: "keyroll-file-vault/v1",
      current: version,
      versions: [...sidecar.versions, entry].slice(-HISTORY_LIMIT),
      ...bookkeeping ? { bookkeeping: cleanBookkeeping(bookkeeping) } : {}
    };
    try {
      await writeFileAtomic(this.sidecarPath, `${JSON.stringify(next, null, 2)}
`);
      await writeFileAtomic(await resolveLink(this.path), `${value}
`);
    } catch (err) {
      throw this.ioError(err, "write");
    }
    return { version };
  }
  async restore(previous) {
    if (previous.value === void 0) {
      throw new VaultError("restore_without_value", `${this.id}: cannot restore without the previous value`, {
        category: "internal"
      });
    }
    return this.writeVersion(
      previous.value,
      previous.metadata,
      previous.expiresOn ? { expiresOn: previous.expiresOn } : {},
      previous.bookkeeping
    );
  }
  async disableVersion(version) {
    const sidecar = await this.readSidecar();
    const entry = sidecar?.versions.find((v) => v.version === version);
    if (!sidecar || !entry) return;
    if (version === sidecar.current) {
      throw new VaultError("disable_current_version", `${this.id}: refusing to disable the current version`, {
        category: "conflict"
      });
    }
    entry.enabled = false;
    delete entry.value;
    try {
      await writeFileAtomic(this.sidecarPath, `${JSON.stringify(sidecar, null, 2)}
`);
    } catch (err) {
      throw this.ioError(err, "update");
    }
  }
  /** Versions as recorded in the sidecar (without values), for tests and `status`. */
  async versions() {
    const sidecar = await this.readSidecar();
    return (sidecar?.versions ?? []).map(({ value: _value, ...rest }) => rest);
  }
  /**
   * Read-only: the secret file is a regular file (through a symlink, the file it points to), its directory
   * and the sidecar's take a temp file and a rename, and the sidecar, if there, parses.
   */
  async check() {
    await this.readValue();
    await assertWritableDirectory(dirname2(await resolveLink(this.path)), this.id);
    await assertWritableDirectory(dirname2(this.sidecarPath), this.id);
    await this.readSidecar();
  }
  async readValue() {
    try {
      return (await readRegularFile(this.path, this.id)).trimEnd();
    } catch (err) {
      if (isKeyrollError(err)) throw err;
      throw this.ioError(err, "read");
    }
  }
  async initialSidecar() {
    let value;
    try {
      value = await this.readValue();
    } catch {
      value = void 0;
    }
    const v0 = {
      version: "v0",
      writtenAt: new Date(this.now()).toISOString(),
      enabled: true,
      metadata: {}
    };
    if (value !== void 0) v0.value = value;
    return { format: "keyroll-file-vault/v1", current: "v0", versions: value === void 0 ? [] : [v0] };
  }
  async readSidecar() {
    let text;
    try {
      text = await readRegularFile(this.sidecarPath, `${this.sidecarPath} (keyroll metadata)`);
    } catch (err) {
      if (err.code === "ENOENT") return void 0;
      if (isKeyrollError(err)) throw err;
      throw this.ioError(err, "read metadata of");
    }
    try {
      const parsed = JSON.parse(text);
      if (parsed.format !== "keyroll-file-vault/v1" || !Array.isArray(parsed.versions))
        throw new Error("format");
      return parsed;
    } catch {
      throw new InputError(
        "malformed_metadata",
        `${this.sidecarPath} is not a keyroll metadata file; fix it or move it away (it holds only rotation history)`
      );
    }
  }
  ioError(err, action) {
    const code = err.code;
    if (code === "ENOENT") {
      return new VaultError("not_found", `${this.id}: no such secret file`, { category: "not_found" });
    }
    return new VaultError("io_error", `${this.id}: could not ${action} the file (${code ?? "error"})`, {
      category: code === "EACCES" || code === "EPERM" ? "permission" : "unavailable",
      cause: err
    });
  }
};
function bookkeepingOf(sidecar) {
  return sidecar?.bookkeeping ? { bookkeeping: cleanBookkeeping(sidecar.bookkeeping) } : {};
}
function cleanBookkeeping(b) {
  return {
    ...Number.isSafeInteger(b.consecutiveFailures) && b.consecutiveFailures >= 0 ? { consecutiveFailures: b.consecutiveFailures } : {},
    ...typeof b.lastFailure === "string" && b.lastFailure !== "" ? { lastFailure: b.lastFailure } : {}
  };
}

export {
  writeFileAtomic,
  FileLockProvider,
  FileVaultAdapter
};
