import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import {
  ManualClock,
  type PrismaSimulator,
  type SecretManagerFake,
  startPrismaSimulator,
  startSecretManagerFake,
} from '@keyroll/testkit';
import {
  cloudLoggingSink,
  createRuntime,
  ENV,
  type GcpRuntime,
  PUBSUB_MESSAGE_PUBLISHED,
  registerFunctions,
} from '../src/index.ts';

export const PROJECT = 'acme-prod';
export const PROJECT_NUMBER = '123456789012';
export const SECRET = `projects/${PROJECT}/secrets/prisma-sa`;
export const TOPIC = `projects/${PROJECT}/topics/keyroll-rotation`;
export const SA = 'sa-ci';

/** One deployment: the real functions-framework serving both functions, a Secret Manager fake and Prisma. */
export interface Deployment {
  sm: SecretManagerFake;
  prisma: PrismaSimulator;
  clock: ManualClock;
  runtime: GcpRuntime;
  /** Cloud Logging entries the functions wrote (parsed JSON lines). */
  logs: Array<Record<string, unknown>>;
  eventUrl: string;
  httpUrl: string;
  /** The credential first stored in SECRET. */
  initial: { apiUrl: string; accessKeyId: string; secretKey: string };
  close(): Promise<void>;
}

let counter = 0;

export async function deploy(env: NodeJS.ProcessEnv = {}): Promise<Deployment> {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const prisma = await startPrismaSimulator({ clock });
  const sm = await startSecretManagerFake({ projectNumbers: { [PROJECT]: PROJECT_NUMBER } });
  const initial = prisma.addServiceAccount(SA);
  sm.seed(SECRET, {
    value: JSON.stringify(initial),
    labels: { 'keyroll-managed': 'true' },
    topics: [TOPIC],
    rotation: { nextRotationTime: clock.now() + 30 * 86_400_000, rotationPeriodSeconds: 30 * 86_400 },
  });
  // The key is 31 days old when the rotation event arrives (minimum age is 24 h).
  clock.advance(31 * 86_400_000);
  const logs: Array<Record<string, unknown>> = [];
  const runtime = createRuntime({
    env: {
      [ENV.mode]: 'self',
      [ENV.allowedApiOrigins]: prisma.url,
      [ENV.managedSecrets]: SECRET,
      [ENV.projectId]: PROJECT,
      [ENV.projectNumber]: PROJECT_NUMBER,
      ...env,
    },
    clientOptions: sm.clientOptions,
    // No gax retries: an injected fault must reach the engine on the first attempt.
    callOptions: { retry: null, timeout: 5_000 },
    clock,
    // The production sink, writing Cloud Logging JSON lines into memory.
    logSink: cloudLoggingSink({ write: (line: string) => logs.push(JSON.parse(line)) }),
  });
  const names = { event: `rotate-event-${++counter}`, http: `rotate-http-${counter}` };
  registerFunctions(runtime, names);
  const eventServer = await listen(getTestServer(names.event));
  const httpServer = await listen(getTestServer(names.http));
  return {
    sm,
    prisma,
    clock,
    runtime,
    logs,
    eventUrl: url(eventServer),
    httpUrl: url(httpServer),
    initial,
    async close() {
      await Promise.all([stop(eventServer), stop(httpServer)]);
      await runtime.close();
      await Promise.all([sm.close(), prisma.close()]);
    },
  };
}

async function listen(server: Server): Promise<Server> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
const url = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
const stop = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** MessagePublishedData as Eventarc delivers it. */
export function messagePublished(
  attributes: Record<string, string>,
  data?: unknown,
  messageId = `${Date.now()}${Math.floor(Math.random() * 1e6)}`,
) {
  return {
    message: {
      attributes,
      ...(data === undefined
        ? {}
        : { data: Buffer.from(typeof data === 'string' ? data : JSON.stringify(data)).toString('base64') }),
      messageId,
      publishTime: '2026-02-01T00:00:01.482Z',
    },
    subscription: `projects/${PROJECT}/subscriptions/eventarc-europe-west1-keyroll-sub-123`,
  };
}

/**
 * A Secret Manager notification as documented: attributes, and data = the Secret (secret events) or the
 * SecretVersion (version events, which also carry a versionId attribute) as JSON.
 */
export function notification(eventType: string, secret = SECRET, messageId?: string, version = 1) {
  const attributes = {
    eventType,
    dataFormat: 'JSON_API_V1',
    secretId: secret,
    timestamp: '2026-02-01T00:00:00.913482Z',
  };
  if (eventType.startsWith('SECRET_VERSION_')) {
    const name = `${secret}/versions/${version}`;
    return messagePublished(
      { ...attributes, versionId: name },
      { name, state: 'ENABLED', createTime: '2026-02-01T00:00:00.5Z', etag: '"16a1b2c3"' },
      messageId,
    );
  }
  return messagePublished(
    attributes,
    { name: secret, topics: [{ name: TOPIC }], etag: '"1641c0f2a3b4d5"' },
    messageId,
  );
}

export type Mode = 'binary' | 'structured';

/** POSTs a CloudEvent the way Eventarc does: binary mode (ce-* headers) or structured mode. */
export async function postEvent(target: string, mode: Mode, data: unknown, type = PUBSUB_MESSAGE_PUBLISHED) {
  const id = (data as { message?: { messageId?: string } }).message?.messageId ?? 'no-id';
  const source = `//pubsub.googleapis.com/${TOPIC}`;
  const time = '2026-02-01T00:00:01.482Z';
  const init: RequestInit =
    mode === 'binary'
      ? {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'ce-specversion': '1.0',
            'ce-id': id,
            'ce-source': source,
            'ce-type': type,
            'ce-time': time,
          },
          body: JSON.stringify(data),
        }
      : {
          method: 'POST',
          headers: { 'content-type': 'application/cloudevents+json' },
          body: JSON.stringify({
            specversion: '1.0',
            id,
            source,
            type,
            time,
            datacontenttype: 'application/json',
            data,
          }),
        };
  const res = await fetch(target, init);
  return { status: res.status, body: await res.text() };
}

export async function postJson(target: string, body: unknown, method = 'POST') {
  const res = await fetch(target, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(method === 'GET' ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: ReturnType<typeof JSON.parse>;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = { text }; // the framework's own error pages are HTML
  }
  return { status: res.status, json };
}

/** The credential a secret holds now (latest), parsed. */
export function stored(
  d: Deployment,
  secret = SECRET,
): { accessKeyId: string; secretKey: string; apiUrl: string } {
  const value = d.sm.latestValue(secret);
  if (!value) throw new Error(`${secret} has no enabled latest value`);
  return JSON.parse(value);
}
