import { InputError, type RotationTrigger } from '@keyroll/core';
import { parseSecretName } from '@keyroll/vault-gcp-secret-manager';
import { z } from 'zod';

/** The CloudEvent type Eventarc uses for a Pub/Sub message (cloud-events-and-apis.md §B4). */
export const PUBSUB_MESSAGE_PUBLISHED = 'google.cloud.pubsub.topic.v1.messagePublished';

/** Secret Manager `eventType` attribute values this function reacts to (§B1). */
export const SECRET_EVENTS = {
  rotate: 'SECRET_ROTATE',
  versionAdd: 'SECRET_VERSION_ADD',
  topicConfigured: 'TOPIC_CONFIGURED',
} as const;

export type Dispatch =
  /** Rotate now: a SECRET_ROTATE notification or an admin's manual message. */
  | { kind: 'rotate'; secret: string; force: boolean; dryRun: boolean; trigger: RotationTrigger }
  /** A version was added: rotate only if this is the first value of a new managed secret. */
  | { kind: 'rotate-if-new'; secret: string; trigger: RotationTrigger }
  | { kind: 'ignore'; reason: string };

/** An admin publishes `{"action":"rotate","secret":"projects/…/secrets/…","force":true}` as message data. */
export const manualMessageSchema = z
  .object({
    action: z.literal('rotate'),
    secret: z.string(),
    force: z.boolean().default(false),
    dryRun: z.boolean().default(false),
  })
  .strict();

/** The HTTP function's body: `{"secret":"projects/…/secrets/…","force"?:bool,"dryRun"?:bool}`. */
export const httpRequestSchema = z
  .object({
    secret: z.string(),
    force: z.boolean().default(false),
    dryRun: z.boolean().default(false),
  })
  .strict();

const messagePublishedSchema = z.object({
  message: z.object({
    data: z.string().optional(),
    attributes: z.record(z.string(), z.string()).optional(),
    messageId: z.string().optional(),
    message_id: z.string().optional(),
  }),
  subscription: z.string().optional(),
});

interface EventLike {
  id?: string;
  type?: string;
  data?: unknown;
}

/**
 * Decides what one delivery asks for. Throws InputError (what is wrong, where) for a malformed
 * message; the caller logs it and acknowledges, because a redelivery cannot fix it.
 */
export function dispatchEvent(event: EventLike): Dispatch {
  const id = event.id ?? '(no id)';
  if (event.type !== PUBSUB_MESSAGE_PUBLISHED) {
    return {
      kind: 'ignore',
      reason: `event ${id} has type ${String(event.type)}, not ${PUBSUB_MESSAGE_PUBLISHED}`,
    };
  }
  let data = event.data;
  if (typeof data === 'string') data = parseJson(data, `event ${id}: data`);
  if (data instanceof Uint8Array) data = parseJson(Buffer.from(data).toString('utf8'), `event ${id}: data`);
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
  const trigger: RotationTrigger = { kind: 'event', id: messageId, detail: eventType };
  if (eventType === SECRET_EVENTS.versionAdd) return { kind: 'rotate-if-new', secret, trigger };
  return { kind: 'rotate', secret, force: false, dryRun: false, trigger };
}

function manualDispatch(data: string | undefined, where: string, messageId: string): Dispatch {
  if (!data) throw new InputError('malformed_event', `${where}: no eventType attribute and no data`);
  const text = Buffer.from(data, 'base64').toString('utf8');
  const json = parseJson(text, `${where}: data`);
  const parsed = manualMessageSchema.safeParse(json);
  if (!parsed.success) {
    throw new InputError(
      'malformed_event',
      `${where}: a manual message must be {"action":"rotate","secret":"projects/…/secrets/…","force"?:bool,"dryRun"?:bool} (${problems(parsed.error)})`,
    );
  }
  return {
    kind: 'rotate',
    secret: secretName(parsed.data.secret, `${where}: secret`),
    force: parsed.data.force,
    dryRun: parsed.data.dryRun,
    trigger: { kind: 'manual', id: messageId, detail: 'pubsub manual message' },
  };
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
export function problems(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}
