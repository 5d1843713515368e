import { InputError, type RotationTrigger } from '@keyroll/core';
import { parseSecretName } from '@keyroll/vault-gcp-secret-manager';
import * as z from 'zod/mini';

/** The CloudEvent type Eventarc uses for a Pub/Sub message (cloud-events-and-apis.md §B4). */
export const PUBSUB_MESSAGE_PUBLISHED = 'google.cloud.pubsub.topic.v1.messagePublished';

/** Secret Manager `eventType` attribute values this function reacts to (§B1). */
export const SECRET_EVENTS = {
  rotate: 'SECRET_ROTATE',
  versionAdd: 'SECRET_VERSION_ADD',
  topicConfigured: 'TOPIC_CONFIGURED',
} as const;

export type Dispatch =
  /** Rotate now: a SECRET_ROTATE notification (requestId unset) or an admin's manual message. */
  | {
      kind: 'rotate';
      secret: string;
      force: boolean;
      dryRun: boolean;
      trigger: RotationTrigger;
      /** Manual requests: the idempotency key (admin's requestId, else the Pub/Sub message id). */
      requestId?: string;
    }
  /** A version was added: rotate only if this is the first value of a new managed secret. */
  | { kind: 'rotate-if-new'; secret: string; trigger: RotationTrigger }
  /** The periodic sweep (Cloud Scheduler): every managed secret through the engine. */
  | { kind: 'sweep'; trigger: RotationTrigger }
  | { kind: 'ignore'; reason: string };

/** Ids an admin may set: short, printable, no separators that could be confused in logs. */
const requestId = z
  .string()
  .check(
    z.regex(/^[A-Za-z0-9._:-]{1,128}$/, 'requestId must be 1-128 characters of letters, digits and . _ : -'),
  );

/**
 * An admin publishes `{"action":"rotate","secret":"projects/…/secrets/…","force":true,"requestId"?:"…"}`
 * as message data. A redelivery of the same message (same message id), or a message with the same
 * requestId, rotates at most once.
 */
export const manualMessageSchema = z.strictObject({
  action: z.literal('rotate'),
  secret: z.string(),
  force: z._default(z.boolean(), false),
  dryRun: z._default(z.boolean(), false),
  requestId: z.optional(requestId),
});

/** What Cloud Scheduler publishes for the sweep (terraform/gcp, daily by default). */
export const SWEEP_MESSAGE = { action: 'sweep' } as const;

/** Cloud Scheduler publishes `{"action":"sweep"}` (terraform/gcp, daily by default). */
export const sweepMessageSchema = z.strictObject({ action: z.literal('sweep') });

/** The HTTP function's body: `{"secret":"projects/…/secrets/…","force"?:bool,"dryRun"?:bool,"requestId"?}`. */
export const httpRequestSchema = z.strictObject({
  secret: z.string(),
  force: z._default(z.boolean(), false),
  dryRun: z._default(z.boolean(), false),
  requestId: z.optional(requestId),
});

const messagePublishedSchema = z.object({
  message: z.object({
    data: z.optional(z.string()),
    attributes: z.optional(z.record(z.string(), z.string())),
    messageId: z.optional(z.string()),
    message_id: z.optional(z.string()),
  }),
  subscription: z.optional(z.string()),
});

interface EventLike {
  id?: string;
  type?: string;
  specversion?: string;
  data?: unknown;
}

/**
 * Decides what one delivery asks for. Throws InputError (what is wrong, where) for a malformed
 * message; the caller logs it and acknowledges, because a redelivery cannot fix it.
 */
export function dispatchEvent(event: EventLike): Dispatch {
  const id = event.id ?? '(no id)';
  let data = event.data;
  if (typeof data === 'string') data = parseJson(data, `event ${id}: data`);
  if (data instanceof Uint8Array) data = parseJson(Buffer.from(data).toString('utf8'), `event ${id}: data`);
  const unwrapped =
    event.type === undefined && data === undefined
      ? // The framework turns a body it cannot read as a CloudEvent or a Pub/Sub push into an empty event.
        'an unwrapped push delivery (a push subscription with payload unwrapping) or not from Pub/Sub: no CloudEvent and no Pub/Sub wrapper, so neither the message nor its attributes can be read; turn payload unwrapping off'
      : unwrappedReason(data);
  if (unwrapped) return { kind: 'ignore', reason: `event ${id}: ${unwrapped}` };
  if (event.type !== PUBSUB_MESSAGE_PUBLISHED) {
    return {
      kind: 'ignore',
      reason: `event ${id} has type ${String(event.type)}, not ${PUBSUB_MESSAGE_PUBLISHED}`,
    };
  }
  const parsed = messagePublishedSchema.safeParse(data);
  if (!parsed.success) {
    throw new InputError(
      'malformed_event',
      `event ${id}: not a Pub/Sub MessagePublishedData (${problems(parsed.error)})`,
    );
  }
  const { message } = parsed.data;
  const messageId = message.messageId ?? message.message_id ?? id;
  const attributes = message.attributes ?? {};
  const eventType = attributes.eventType;
  const where = `message ${messageId}`;

  if (eventType === undefined) return manualDispatch(message.data, where, messageId);
  if (eventType === SECRET_EVENTS.topicConfigured) {
    return { kind: 'ignore', reason: `${where}: TOPIC_CONFIGURED test message` };
  }
  if (eventType !== SECRET_EVENTS.rotate && eventType !== SECRET_EVENTS.versionAdd) {
    return { kind: 'ignore', reason: `${where}: event type ${eventType} needs no action` };
  }
  const secretId = attributes.secretId;
  if (!secretId)
    throw new InputError('malformed_event', `${where}: ${eventType} without a secretId attribute`);
  const secret = secretName(secretId, `${where}: secretId`);
  checkNotificationData(message.data, eventType, secret, attributes.versionId, where);
  const trigger: RotationTrigger = { kind: 'event', id: messageId, detail: eventType };
  if (eventType === SECRET_EVENTS.versionAdd) return { kind: 'rotate-if-new', secret, trigger };
  return { kind: 'rotate', secret, force: false, dryRun: false, trigger };
}

function manualDispatch(data: string | undefined, where: string, messageId: string): Dispatch {
  if (!data) {
    return {
      kind: 'ignore',
      reason: `${where} has neither an eventType attribute (a Secret Manager notification) nor data (an admin message)`,
    };
  }
  const json = parseJson(decodeBase64(data, `${where}: data`), `${where}: data`);
  if (sweepMessageSchema.safeParse(json).success) {
    return { kind: 'sweep', trigger: { kind: 'schedule', id: messageId, detail: 'sweep' } };
  }
  const parsed = manualMessageSchema.safeParse(json);
  if (!parsed.success) {
    throw new InputError(
      'malformed_event',
      `${where}: an admin message must be {"action":"rotate","secret":"projects/…/secrets/…","force"?:bool,"dryRun"?:bool,"requestId"?:string} or {"action":"sweep"} (${problems(parsed.error)})`,
    );
  }
  return {
    kind: 'rotate',
    secret: secretName(parsed.data.secret, `${where}: secret`),
    force: parsed.data.force,
    dryRun: parsed.data.dryRun,
    requestId: parsed.data.requestId ?? `pubsub:${messageId}`,
    trigger: { kind: 'manual', id: parsed.data.requestId ?? messageId, detail: 'pubsub admin message' },
  };
}

/**
 * Secret Manager notifications carry the Secret (secret events) or the SecretVersion (version events)
 * as JSON in `data`; only the attributes decide what to do, so the data must agree with them or the
 * message is not a notification we can trust.
 */
function checkNotificationData(
  data: string | undefined,
  eventType: string,
  secret: string,
  versionId: string | undefined,
  where: string,
): void {
  if (!data) throw new InputError('malformed_event', `${where}: ${eventType} without data`);
  const json = parseJson(decodeBase64(data, `${where}: data`), `${where}: data`);
  const name = (json as { name?: unknown } | null)?.name;
  if (typeof name !== 'string') {
    throw new InputError('malformed_event', `${where}: the data of ${eventType} names no resource`);
  }
  const isVersionEvent = eventType === SECRET_EVENTS.versionAdd;
  const parent = isVersionEvent ? /^(.*)\/versions\/[^/]+$/.exec(name)?.[1] : name;
  // Both come from the service in the same form: compared exactly.
  if (parent !== secret) {
    throw new InputError(
      'malformed_event',
      `${where}: the data names another ${isVersionEvent ? 'version' : 'secret'} than the secretId attribute (${secret})`,
    );
  }
  if (isVersionEvent && versionId !== undefined && versionId !== name) {
    throw new InputError('malformed_event', `${where}: the data names another version than versionId`);
  }
}

/** Strict base64 (Pub/Sub's encoding of `data`): Buffer.from would silently skip invalid characters. */
function decodeBase64(value: string, where: string): string {
  const clean = value.replace(/\s+/g, '');
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) {
    throw new InputError('malformed_event', `${where} is not valid base64`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(clean, 'base64'));
  } catch {
    throw new InputError('malformed_event', `${where} is not UTF-8 text`);
  }
}

/**
 * A push subscription with payload unwrapping (`no_wrapper`) delivers only the message data, and the
 * attributes as headers the functions-framework drops: such a delivery cannot be checked, so it is ignored
 * with the reason instead of being guessed at.
 */
function unwrappedReason(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data) || 'message' in data) return undefined;
  const action = (data as { action?: unknown }).action;
  if (action === 'rotate' || action === 'sweep') {
    return 'an unwrapped admin message (push subscription with payload unwrapping); publish it to the topic the function is subscribed to with the Pub/Sub wrapper (no_wrapper off)';
  }
  if ('name' in data && ('etag' in data || 'createTime' in data)) {
    return 'an unwrapped Secret Manager notification (push subscription with payload unwrapping): its attributes are lost; turn payload unwrapping off';
  }
  return undefined;
}

/** A secret resource name, validated; an InputError (not a ConfigError) because it came from a message. */
export function secretName(value: string, where: string): string {
  try {
    parseSecretName(value, where);
  } catch (err) {
    throw new InputError('malformed_secret_name', (err as Error).message);
  }
  return value.trim();
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InputError('malformed_event', `${where} is not valid JSON`);
  }
}

/** Paths and zod messages (zod 4 names expected/received types, never the received values). */
export function problems(error: z.core.$ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}
