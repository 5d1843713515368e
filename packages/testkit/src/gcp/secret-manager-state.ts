import { createHash, randomBytes } from 'node:crypto';
import { fakeCrc32c } from './crc32c.ts';

/**
 * The state behind the fake Secret Manager, with the service's rules as documented:
 * `latest` is the newest version whatever its state; etags are quoted strings that change on every
 * modification of their own resource (a version change does not touch the secret's etag); a stale etag
 * fails with FAILED_PRECONDITION; a CRC-32C mismatch fails with INVALID_ARGUMENT; names come back with
 * the project *number*; labels and annotations are validated like the API documents them.
 */
export const Status = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  FAILED_PRECONDITION: 9,
  UNIMPLEMENTED: 12,
} as const;

export class FakeStatusError extends Error {
  constructor(
    readonly code: number,
    readonly details: string,
  ) {
    super(details);
  }
}

export type VersionState = 'ENABLED' | 'DISABLED' | 'DESTROYED';

export interface FakeVersion {
  id: number;
  state: VersionState;
  data: Buffer | undefined;
  createTime: number;
  destroyTime?: number;
  etag: string;
  clientSpecifiedPayloadChecksum: boolean;
}

export interface FakeSecret {
  /** Canonical name: projects/<number>/secrets/<id> (regional: projects/<number>/locations/<l>/secrets/<id>). */
  name: string;
  createTime: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  topics: string[];
  rotation?: { nextRotationTime?: number; rotationPeriodSeconds?: number };
  versionAliases: Record<string, number>;
  etag: string;
  versions: FakeVersion[];
}

export interface SecretInit {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  topics?: string[];
  rotation?: { nextRotationTime?: number; rotationPeriodSeconds?: number };
}

const LABEL_KEY = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;
const ANNOTATION_KEY = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
const SECRET_ID = /^[A-Za-z0-9_-]{1,255}$/;

const newEtag = () => `"${randomBytes(7).toString('hex')}"`;
const fail = (code: number, details: string): never => {
  throw new FakeStatusError(code, details);
};

export class SecretManagerState {
  readonly secrets = new Map<string, FakeSecret>();
  private readonly numbers = new Map<string, string>();

  constructor(
    private readonly now: () => number = Date.now,
    projectNumbers: Record<string, string> = {},
  ) {
    for (const [id, n] of Object.entries(projectNumbers)) this.numbers.set(id, n);
  }

  /** The project number the fake reports for a project id (stable, 12 digits). */
  projectNumber(project: string): string {
    if (/^\d+$/.test(project)) return project;
    let n = this.numbers.get(project);
    if (!n) {
      const hex = createHash('sha256').update(project).digest('hex').slice(0, 10);
      n = String(100_000_000_000 + (Number.parseInt(hex, 16) % 900_000_000_000));
      this.numbers.set(project, n);
    }
    return n;
  }

  /** Canonical secret name (project number) for a secret name with an id or a number. */
  canonical(name: string): string {
    const m = /^projects\/([^/]+)\/(locations\/[^/]+\/)?secrets\/([^/]+)$/.exec(name);
    if (!m) return fail(Status.INVALID_ARGUMENT, `Invalid resource field value in the request: ${name}`);
    return `projects/${this.projectNumber(m[1]!)}/${m[2] ?? ''}secrets/${m[3]}`;
  }

  secret(name: string): FakeSecret {
    const found = this.secrets.get(this.canonical(name));
    if (!found)
      return fail(Status.NOT_FOUND, `Secret [${this.canonical(name)}] not found or has no versions.`);
    return found;
  }

  createSecret(parent: string, secretId: string, init: SecretInit = {}): FakeSecret {
    if (!/^projects\/[^/]+(\/locations\/[^/]+)?$/.test(parent))
      return fail(Status.INVALID_ARGUMENT, `Invalid parent ${parent}`);
    if (!SECRET_ID.test(secretId)) return fail(Status.INVALID_ARGUMENT, `Invalid secret id ${secretId}`);
    const name = this.canonical(`${parent}/secrets/${secretId}`);
    if (this.secrets.has(name)) return fail(Status.ALREADY_EXISTS, `Secret [${name}] already exists.`);
    const labels = init.labels ?? {};
    const annotations = init.annotations ?? {};
    validateLabels(labels);
    validateAnnotations(annotations);
    if (init.rotation && (init.topics ?? []).length === 0) {
      fail(Status.INVALID_ARGUMENT, 'A secret with a rotation policy must have at least one topic.');
    }
    const secret: FakeSecret = {
      name,
      createTime: this.now(),
      labels: { ...labels },
      annotations: { ...annotations },
      topics: [...(init.topics ?? [])],
      ...(init.rotation ? { rotation: { ...init.rotation } } : {}),
      versionAliases: {},
      etag: newEtag(),
      versions: [],
    };
    this.secrets.set(name, secret);
    return secret;
  }

  deleteSecret(name: string, etag?: string): void {
    const secret = this.secret(name);
    checkEtag(secret.etag, etag, secret.name);
    this.secrets.delete(secret.name);
  }

  addVersion(parent: string, data: Buffer, dataCrc32c?: number): FakeVersion {
    const secret = this.secret(parent);
    if (data.length > 65_536)
      fail(Status.INVALID_ARGUMENT, 'Secret payload data cannot be larger than 64KiB.');
    if (dataCrc32c !== undefined && dataCrc32c !== fakeCrc32c(data)) {
      fail(Status.INVALID_ARGUMENT, 'Checksum mismatch: the data_crc32c does not match the payload.');
    }
    const version: FakeVersion = {
      id: secret.versions.length + 1,
      state: 'ENABLED',
      data: Buffer.from(data),
      createTime: this.now(),
      etag: newEtag(),
      clientSpecifiedPayloadChecksum: dataCrc32c !== undefined,
    };
    secret.versions.push(version);
    return version;
  }

  /** Resolves `.../versions/<n|latest|alias>`; `latest` is the newest version whatever its state. */
  version(name: string): { secret: FakeSecret; version: FakeVersion } {
    const m = /^(projects\/[^/]+\/(?:locations\/[^/]+\/)?secrets\/[^/]+)\/versions\/([^/]+)$/.exec(name);
    if (!m) return fail(Status.INVALID_ARGUMENT, `Invalid resource field value in the request: ${name}`);
    const secret = this.secret(m[1]!);
    const ref = m[2]!;
    let version: FakeVersion | undefined;
    if (ref === 'latest') version = secret.versions.at(-1);
    else if (/^\d+$/.test(ref)) version = secret.versions[Number(ref) - 1];
    else if (secret.versionAliases[ref] !== undefined)
      version = secret.versions[secret.versionAliases[ref] - 1];
    if (!version) {
      return fail(Status.NOT_FOUND, `Secret Version [${secret.name}/versions/${ref}] not found.`);
    }
    return { secret, version };
  }

  access(name: string): { secret: FakeSecret; version: FakeVersion; data: Buffer } {
    const { secret, version } = this.version(name);
    if (version.state !== 'ENABLED' || !version.data) {
      fail(
        Status.FAILED_PRECONDITION,
        `Secret Version [${secret.name}/versions/${version.id}] is in ${version.state} state.`,
      );
    }
    return { secret, version, data: version.data! };
  }

  setVersionState(
    name: string,
    state: VersionState,
    etag?: string,
  ): { secret: FakeSecret; version: FakeVersion } {
    const found = this.version(name);
    const { version } = found;
    checkEtag(version.etag, etag, `${found.secret.name}/versions/${version.id}`);
    if (version.state === 'DESTROYED' && state !== 'DESTROYED') {
      fail(
        Status.FAILED_PRECONDITION,
        `Secret Version [${found.secret.name}/versions/${version.id}] is in DESTROYED state.`,
      );
    }
    version.state = state;
    version.etag = newEtag();
    if (state === 'DESTROYED') {
      version.data = undefined;
      version.destroyTime = this.now();
    }
    return found;
  }

  /** UpdateSecret with an update mask; the etag (embedded in the secret) must match when given. */
  updateSecret(
    name: string,
    patch: SecretInit & { versionAliases?: Record<string, number> },
    paths: string[],
    etag?: string,
  ): FakeSecret {
    const secret = this.secret(name);
    if (paths.length === 0) fail(Status.INVALID_ARGUMENT, 'update_mask is required.');
    checkEtag(secret.etag, etag, secret.name);
    const next: FakeSecret = { ...secret };
    for (const path of paths) {
      switch (snake(path)) {
        case 'labels':
          validateLabels(patch.labels ?? {});
          next.labels = { ...(patch.labels ?? {}) };
          break;
        case 'annotations':
          validateAnnotations(patch.annotations ?? {});
          next.annotations = { ...(patch.annotations ?? {}) };
          break;
        case 'topics':
          next.topics = [...(patch.topics ?? [])];
          break;
        case 'rotation':
          next.rotation = patch.rotation ? { ...patch.rotation } : undefined;
          break;
        case 'rotation.next_rotation_time':
          next.rotation = { ...next.rotation, nextRotationTime: patch.rotation?.nextRotationTime };
          break;
        case 'rotation.rotation_period':
          next.rotation = { ...next.rotation, rotationPeriodSeconds: patch.rotation?.rotationPeriodSeconds };
          break;
        case 'version_aliases':
          next.versionAliases = { ...(patch.versionAliases ?? {}) };
          break;
        default:
          fail(Status.INVALID_ARGUMENT, `Invalid update_mask path: ${path}`);
      }
    }
    if (next.rotation && next.topics.length === 0) {
      fail(Status.INVALID_ARGUMENT, 'A secret with a rotation policy must have at least one topic.');
    }
    next.etag = newEtag();
    this.secrets.set(secret.name, next);
    return next;
  }
}

function checkEtag(current: string, given: string | undefined, resource: string): void {
  if (given && given !== current) {
    fail(
      Status.FAILED_PRECONDITION,
      `The etag provided in the request does not match the current etag of [${resource}].`,
    );
  }
}

function snake(path: string): string {
  return path.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function validateLabels(labels: Record<string, string>): void {
  const entries = Object.entries(labels);
  if (entries.length > 64) fail(Status.INVALID_ARGUMENT, 'No more than 64 labels can be assigned.');
  for (const [key, value] of entries) {
    if (!LABEL_KEY.test(key)) fail(Status.INVALID_ARGUMENT, `Invalid label key: ${JSON.stringify(key)}`);
    if (!LABEL_VALUE.test(value))
      fail(Status.INVALID_ARGUMENT, `Invalid value for label ${JSON.stringify(key)}`);
  }
}

function validateAnnotations(annotations: Record<string, string>): void {
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    if (!ANNOTATION_KEY.test(key))
      fail(Status.INVALID_ARGUMENT, `Invalid annotation key: ${JSON.stringify(key)}`);
    size += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (size >= 16_384)
    fail(Status.INVALID_ARGUMENT, 'The total size of annotation keys and values must be less than 16KiB.');
}
