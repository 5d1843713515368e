import { createRequire } from 'node:module';
import path from 'node:path';
import * as protoLoader from '@grpc/proto-loader';
import { grpc } from 'google-gax';
import { FaultInjector, type FaultRule, sleep } from '../faults.ts';
import { fakeCrc32c } from './crc32c.ts';
import {
  type FakeSecret,
  FakeStatusError,
  type FakeVersion,
  type SecretInit,
  SecretManagerState,
  Status,
} from './secret-manager-state.ts';

/**
 * A stateful Secret Manager on 127.0.0.1 that the real SecretManagerServiceClient talks to over gRPC,
 * serving the service definition shipped inside @google-cloud/secret-manager. Every RPC passes through
 * the FaultInjector under its method name (`AddSecretVersion`, `UpdateSecret`, …).
 *
 * `grpc` is google-gax's own copy of @grpc/grpc-js: credentials from a second copy are rejected.
 */
export interface SecretManagerFakeOptions {
  faults?: FaultInjector;
  now?: () => number;
  /** Project id → number; other ids get a stable made-up number. Names come back with the number. */
  projectNumbers?: Record<string, string>;
  /** Serve TLS with this certificate (for the production channel: TLS + call credentials). */
  tls?: { cert: string; key: string };
}

export interface SecretManagerFake {
  port: number;
  state: SecretManagerState;
  faults: FaultInjector;
  /**
   * Every RPC served: method, request (tests only: may hold payloads), Authorization metadata and the
   * host the client addressed (`:authority`).
   */
  calls: Array<{
    method: string;
    request: Record<string, unknown>;
    authorization: string | undefined;
    host: string;
  }>;
  /** Rewrites a response before it is sent (e.g. to corrupt a checksum in transit). */
  transformResponse: ((method: string, response: unknown) => unknown) | undefined;
  /**
   * Options for `new SecretManagerServiceClient(...)`: 127.0.0.1 (not localhost: grpc-js would ask a DNS
   * server for a service config), insecure channel, and an explicit universe domain (otherwise gax asks
   * the GCE metadata server for it).
   */
  clientOptions: {
    apiEndpoint: string;
    port: number;
    sslCreds: grpc.ChannelCredentials;
    universeDomain: string;
  };
  /** Creates `projects/<p>/secrets/<s>` with an optional first value; returns the canonical name. */
  seed(secret: string, init?: SecretInit & { value?: string }): string;
  /** The enabled value of `latest`, or undefined. */
  latestValue(secret: string): string | undefined;
  secret(secret: string): FakeSecret;
  versions(secret: string): FakeVersion[];
  close(): Promise<void>;
}

type Handler = (request: Record<string, unknown>) => unknown;

export async function startSecretManagerFake(
  options: SecretManagerFakeOptions = {},
): Promise<SecretManagerFake> {
  const faults = options.faults ?? new FaultInjector();
  const state = new SecretManagerState(options.now, options.projectNumbers);
  const calls: SecretManagerFake['calls'] = [];
  const service = loadService();
  const handlers = createHandlers(state);

  const implementation: grpc.UntypedServiceImplementation = {};
  for (const method of Object.keys(service)) {
    const handler = handlers[method];
    implementation[method] = serve(
      method,
      handler && ((request) => (fake.transformResponse ?? keep)(method, handler(request))),
      faults,
      calls,
    );
  }
  const server = new grpc.Server();
  server.addService(service, implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', serverCredentials(options.tls), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );

  const fake: SecretManagerFake = {
    transformResponse: undefined,
    port,
    state,
    faults,
    calls,
    clientOptions: {
      apiEndpoint: '127.0.0.1',
      port,
      // With TLS, trust the fake's certificate directly (this skips call credentials, like sslCreds always does).
      sslCreds: options.tls
        ? grpc.credentials.createSsl(Buffer.from(options.tls.cert))
        : grpc.credentials.createInsecure(),
      universeDomain: 'googleapis.com',
    },
    seed(secret, init = {}) {
      const m = /^(projects\/[^/]+(?:\/locations\/[^/]+)?)\/secrets\/([^/]+)$/.exec(secret);
      if (!m) throw new Error(`not a secret name: ${secret}`);
      const created = state.createSecret(m[1]!, m[2]!, init);
      if (init.value !== undefined) state.addVersion(created.name, Buffer.from(init.value, 'utf8'));
      return created.name;
    },
    latestValue(secret) {
      const latest = state.secret(secret).versions.at(-1);
      return latest?.state === 'ENABLED' ? latest.data?.toString('utf8') : undefined;
    },
    secret: (secret) => state.secret(secret),
    versions: (secret) => state.secret(secret).versions,
    close: async () => {
      server.forceShutdown();
    },
  };
  return fake;
}

const keep = (_method: string, response: unknown) => response;

/**
 * Like the service: a regional secret is served only by its regional endpoint
 * (secretmanager.<location>.rep.googleapis.com), a global one only by secretmanager.googleapis.com.
 * Checked when the client addressed a Google host (tests that dial 127.0.0.1 directly skip it).
 */
function endpointMismatch(host: string, request: Record<string, unknown>): string | undefined {
  const hostname = host.replace(/:\d+$/, '');
  if (!hostname.endsWith('.googleapis.com')) return undefined;
  const resource = [request.name, request.parent, (request.secret as { name?: unknown } | undefined)?.name]
    .map((v) => (typeof v === 'string' ? v : ''))
    .find(Boolean);
  if (!resource) return undefined;
  const location = /\/locations\/([^/]+)/.exec(resource)?.[1];
  const expected = location ? `secretmanager.${location}.rep.googleapis.com` : 'secretmanager.googleapis.com';
  return hostname === expected
    ? undefined
    : `${resource} is served by ${expected}, not by ${hostname} (location endpoint mismatch)`;
}

function serverCredentials(tls: SecretManagerFakeOptions['tls']): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  return grpc.ServerCredentials.createSsl(
    null,
    [{ private_key: Buffer.from(tls.key), cert_chain: Buffer.from(tls.cert) }],
    false,
  );
}

function loadService(): grpc.ServiceDefinition {
  // Both proto trees ship inside the installed packages; resolve through secret-manager so pnpm's strict
  // layout finds the google-gax copy it uses (gax's `exports` map hides its package.json).
  const require = createRequire(import.meta.url);
  const smMain = require.resolve('@google-cloud/secret-manager');
  const smProtos = path.resolve(path.dirname(smMain), '../../build/protos');
  const gaxMain = createRequire(smMain).resolve('google-gax');
  const gaxProtos = path.resolve(path.dirname(gaxMain), '../../build/protos');
  const definition = protoLoader.loadSync('google/cloud/secretmanager/v1/service.proto', {
    includeDirs: [smProtos, gaxProtos],
    keepCase: false,
    longs: String,
    enums: String,
    oneofs: true,
  });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    google: { cloud: { secretmanager: { v1: { SecretManagerService: grpc.ServiceClientConstructor } } } };
  };
  return loaded.google.cloud.secretmanager.v1.SecretManagerService.service;
}

function serve(
  method: string,
  handler: Handler | undefined,
  faults: FaultInjector,
  calls: SecretManagerFake['calls'],
): grpc.handleUnaryCall<Record<string, unknown>, unknown> {
  return async (call, callback) => {
    const request = call.request;
    const authorization = call.metadata.get('authorization')[0];
    const host = call.getHost();
    calls.push({
      method,
      request,
      authorization: authorization === undefined ? undefined : String(authorization),
      host,
    });
    const wrongEndpoint = endpointMismatch(host, request);
    if (wrongEndpoint) return callback({ code: Status.INVALID_ARGUMENT, details: wrongEndpoint });
    const fault: FaultRule | undefined = faults.take(method, request);
    if (fault?.kind === 'error') {
      return callback({
        code: fault.status ?? grpc.status.UNAVAILABLE,
        details: fault.body ?? `injected ${method} fault`,
      });
    }
    if (fault?.kind === 'timeout') return; // never applied, never answered: the client deadline fires
    if (fault?.kind === 'delay') await sleep(fault.delayMs ?? 0);
    if (!handler)
      return callback({ code: Status.UNIMPLEMENTED, details: `${method} is not implemented by the fake` });
    let response: unknown;
    try {
      response = handler(request);
    } catch (err) {
      if (err instanceof FakeStatusError) return callback({ code: err.code, details: err.details });
      return callback({ code: grpc.status.INTERNAL, details: String(err) });
    }
    if (fault?.kind === 'hang-after-apply') return;
    if (fault?.kind === 'drop-after-apply') {
      if (destroyConnection(call)) return;
      return callback({ code: grpc.status.UNAVAILABLE, details: 'Connection dropped' });
    }
    callback(null, response);
  };
}

/** Applied, then the connection goes away: the client cannot tell whether the change happened. */
function destroyConnection(call: unknown): boolean {
  // grpc-js keeps the http2 stream on the innermost intercepting call.
  let inner = (call as { call?: unknown }).call as {
    stream?: { session?: { destroy(): void } };
    nextCall?: unknown;
  };
  while (inner && !inner.stream && inner.nextCall) inner = inner.nextCall as typeof inner;
  const session = inner?.stream?.session;
  if (!session) return false;
  session.destroy();
  return true;
}

const timestamp = (ms: number | undefined) =>
  ms === undefined ? undefined : { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 };

const fromTimestamp = (ts: unknown): number | undefined => {
  const t = ts as { seconds?: string | number; nanos?: number } | undefined;
  return t?.seconds === undefined ? undefined : Number(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6);
};

function secretMessage(secret: FakeSecret) {
  return {
    name: secret.name,
    replication: { automatic: {} },
    createTime: timestamp(secret.createTime),
    labels: secret.labels,
    annotations: secret.annotations,
    topics: secret.topics.map((name) => ({ name })),
    etag: secret.etag,
    ...(secret.rotation
      ? { rotation: { nextRotationTime: timestamp(secret.rotation.nextRotationTime) } } // period is INPUT_ONLY
      : {}),
    versionAliases: Object.fromEntries(Object.entries(secret.versionAliases).map(([k, v]) => [k, String(v)])),
  };
}

function versionMessage(secret: FakeSecret, version: FakeVersion) {
  return {
    name: `${secret.name}/versions/${version.id}`,
    createTime: timestamp(version.createTime),
    destroyTime: timestamp(version.destroyTime),
    state: version.state,
    replicationStatus: { automatic: {} },
    etag: version.etag,
    clientSpecifiedPayloadChecksum: version.clientSpecifiedPayloadChecksum,
  };
}

function secretInit(message: Record<string, unknown> | undefined): SecretInit & {
  versionAliases?: Record<string, number>;
} {
  const m = message ?? {};
  const rotation = m.rotation as { nextRotationTime?: unknown; rotationPeriod?: unknown } | undefined;
  const period = rotation?.rotationPeriod as { seconds?: string } | undefined;
  return {
    labels: (m.labels as Record<string, string>) ?? {},
    annotations: (m.annotations as Record<string, string>) ?? {},
    topics: ((m.topics as Array<{ name: string }>) ?? []).map((t) => t.name),
    ...(rotation
      ? {
          rotation: {
            nextRotationTime: fromTimestamp(rotation.nextRotationTime),
            rotationPeriodSeconds: period?.seconds === undefined ? undefined : Number(period.seconds),
          },
        }
      : {}),
    versionAliases: Object.fromEntries(
      Object.entries((m.versionAliases as Record<string, string>) ?? {}).map(([k, v]) => [k, Number(v)]),
    ),
  };
}

function createHandlers(state: SecretManagerState): Record<string, Handler> {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    CreateSecret: (r) =>
      secretMessage(
        state.createSecret(str(r.parent), str(r.secretId), secretInit(r.secret as Record<string, unknown>)),
      ),
    GetSecret: (r) => secretMessage(state.secret(str(r.name))),
    UpdateSecret: (r) => {
      const secret = (r.secret ?? {}) as Record<string, unknown>;
      const paths = ((r.updateMask as { paths?: string[] } | undefined)?.paths ?? []).flatMap((p) =>
        p.split(','),
      );
      return secretMessage(
        state.updateSecret(str(secret.name), secretInit(secret), paths, str(secret.etag) || undefined),
      );
    },
    DeleteSecret: (r) => {
      state.deleteSecret(str(r.name), str(r.etag) || undefined);
      return {};
    },
    ListSecrets: (r) => {
      const m = /^projects\/([^/]+)(\/locations\/[^/]+)?$/.exec(str(r.parent));
      const prefix = `projects/${state.projectNumber(m?.[1] ?? '')}${m?.[2] ?? ''}/secrets/`;
      const secrets = [...state.secrets.values()].filter((s) => s.name.startsWith(prefix)).map(secretMessage);
      return { secrets, nextPageToken: '', totalSize: secrets.length };
    },
    AddSecretVersion: (r) => {
      const payload = (r.payload ?? {}) as { data?: Buffer; dataCrc32c?: string | number };
      const crc =
        payload.dataCrc32c === undefined || payload.dataCrc32c === null
          ? undefined
          : Number(payload.dataCrc32c);
      const secret = state.secret(str(r.parent));
      const version = state.addVersion(secret.name, payload.data ?? Buffer.alloc(0), crc);
      return versionMessage(secret, version);
    },
    GetSecretVersion: (r) => {
      const { secret, version } = state.version(str(r.name));
      return versionMessage(secret, version);
    },
    AccessSecretVersion: (r) => {
      const { secret, version, data } = state.access(str(r.name));
      return {
        name: `${secret.name}/versions/${version.id}`,
        payload: { data, dataCrc32c: String(fakeCrc32c(data)) },
      };
    },
    ListSecretVersions: (r) => {
      const secret = state.secret(str(r.parent));
      const filter = str(r.filter).trim();
      const m = /^state\s*[:=]\s*(ENABLED|DISABLED|DESTROYED)$/.exec(filter);
      if (filter && !m)
        throw new FakeStatusError(Status.INVALID_ARGUMENT, `unsupported filter in the fake: ${filter}`);
      const all = [...secret.versions].reverse().filter((v) => !m || v.state === m[1]);
      const pageSize = Number(r.pageSize) || 25;
      const start = Number(str(r.pageToken) || 0);
      const page = all.slice(start, start + pageSize);
      return {
        versions: page.map((v) => versionMessage(secret, v)),
        nextPageToken: start + pageSize < all.length ? String(start + pageSize) : '',
        totalSize: all.length,
      };
    },
    DisableSecretVersion: (r) => {
      const { secret, version } = state.setVersionState(str(r.name), 'DISABLED', str(r.etag) || undefined);
      return versionMessage(secret, version);
    },
    EnableSecretVersion: (r) => {
      const { secret, version } = state.setVersionState(str(r.name), 'ENABLED', str(r.etag) || undefined);
      return versionMessage(secret, version);
    },
    DestroySecretVersion: (r) => {
      const { secret, version } = state.setVersionState(str(r.name), 'DESTROYED', str(r.etag) || undefined);
      return versionMessage(secret, version);
    },
  };
}
