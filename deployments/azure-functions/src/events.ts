import { InputError } from '@keyroll/core';
import { SECRET_NAME } from '@keyroll/vault-azure-keyvault';

/**
 * Key Vault events as Event Grid delivers them to the function (shared/reference/cloud-events-and-apis.md §A):
 * Event Grid schema or CloudEvents 1.0, one object or an array, `data` keys in PascalCase (parsed
 * case-insensitively and trimmed), EXP/NBF as number, numeric string or null.
 */
export const EVENT_TYPES = {
  nearExpiry: 'Microsoft.KeyVault.SecretNearExpiry',
  expired: 'Microsoft.KeyVault.SecretExpired',
} as const;

/** The event types the function handles; the Terraform subscription filters on exactly these. */
export const HANDLED_EVENT_TYPES: readonly string[] = Object.values(EVENT_TYPES);

export interface KeyVaultSecretEvent {
  kind: 'secret';
  schema: 'eventgrid' | 'cloudevents';
  id: string;
  type: (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];
  /** The vault's ARM id (`topic` / `source`), if present. */
  source: string | undefined;
  vaultName: string;
  secretName: string;
  version: string;
  expiresOn: Date | undefined;
  notBefore: Date | undefined;
}

export interface IgnoredEvent {
  kind: 'ignored';
  id: string;
  type: string;
  reason: string;
}

export type ParsedEvent = KeyVaultSecretEvent | IgnoredEvent;

const VAULT_NAME = /^[0-9a-zA-Z-]{3,24}$/;
const VERSION = /^[0-9a-zA-Z]{1,64}$/;

/**
 * Parses one delivery. Throws InputError (saying which event and which field) for a malformed event of a
 * handled type; events of other types come back as `ignored`.
 */
export function parseKeyVaultEvents(input: unknown): ParsedEvent[] {
  const body = typeof input === 'string' ? parseJson(input, 'the event') : input;
  const items = Array.isArray(body) ? body : [body];
  if (items.length === 0) throw new InputError('malformed_event', 'the delivery holds no events');
  return items.map((item, index) => parseOne(item, items.length > 1 ? `event #${index}` : 'the event'));
}

function parseOne(raw: unknown, where: string): ParsedEvent {
  if (!isObject(raw)) throw new InputError('malformed_event', `${where} is not a JSON object`);
  const top = caseless(raw);
  const schema = top.has('specversion') ? 'cloudevents' : 'eventgrid';
  const id = str(top.get('id')) ?? '(no id)';
  const label = `${where} (id ${id})`;
  const type = str(schema === 'cloudevents' ? top.get('type') : top.get('eventtype'));
  if (!type) {
    throw new InputError(
      'malformed_event',
      `${label}: ${schema === 'cloudevents' ? 'type' : 'eventType'} is missing`,
    );
  }
  if (!HANDLED_EVENT_TYPES.includes(type)) {
    return { kind: 'ignored', id, type, reason: `event type ${type} is not handled` };
  }
  let data = top.get('data');
  // The Event Grid extension hands CloudEvents data over as a JSON string in some paths; accept both.
  if (typeof data === 'string') data = parseJson(data, `${label}: data`);
  if (!isObject(data)) throw new InputError('malformed_event', `${label}: data is missing or not an object`);
  const d = caseless(data);

  const objectType = str(d.get('objecttype'));
  if (objectType && objectType.toLowerCase() !== 'secret') {
    throw new InputError(
      'malformed_event',
      `${label}: ${type} names ObjectType ${objectType}, expected Secret`,
    );
  }
  // Id is `https://<vault>.vault.azure.net/secrets/<name>/<version>`: a fallback for missing fields.
  const fromId = parseObjectId(str(d.get('id')));
  const vaultName = str(d.get('vaultname')) ?? fromId?.vaultName;
  const secretName = str(d.get('objectname')) ?? fromId?.name ?? str(top.get('subject'));
  const version = str(d.get('version')) ?? fromId?.version;
  if (!vaultName || !VAULT_NAME.test(vaultName)) {
    throw new InputError(
      'malformed_event',
      `${label}: data.VaultName is ${vaultName ? 'not a vault name' : 'missing'}`,
    );
  }
  if (!secretName || !SECRET_NAME.test(secretName)) {
    throw new InputError(
      'malformed_event',
      `${label}: data.ObjectName is ${secretName ? 'not a secret name' : 'missing'}`,
    );
  }
  if (!version || !VERSION.test(version)) {
    throw new InputError(
      'malformed_event',
      `${label}: data.Version is ${version ? 'not a version id' : 'missing'}`,
    );
  }
  return {
    kind: 'secret',
    schema,
    id,
    type: type as KeyVaultSecretEvent['type'],
    source: str(schema === 'cloudevents' ? top.get('source') : top.get('topic')),
    vaultName: vaultName.toLowerCase(),
    secretName,
    version,
    expiresOn: epochSeconds(d.get('exp'), `${label}: data.EXP`),
    notBefore: epochSeconds(d.get('nbf'), `${label}: data.NBF`),
  };
}

/** Keys lower-cased and trimmed (`"ObjectName "` appears in documented examples). */
function caseless(obj: Record<string, unknown>): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (const [key, value] of Object.entries(obj)) map.set(key.trim().toLowerCase(), value);
  return map;
}

function str(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** number | numeric string | null | absent → Date | undefined; anything else is malformed. */
function epochSeconds(value: unknown, where: string): Date | undefined {
  if (value === null || value === undefined) return undefined;
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value.trim())
        : Number.NaN;
  if (!Number.isFinite(n) || n < 0) {
    throw new InputError(
      'malformed_event',
      `${where} must be seconds since the epoch (number or numeric string) or null`,
    );
  }
  return n === 0 ? undefined : new Date(n * 1000);
}

function parseObjectId(
  id: string | undefined,
): { vaultName: string; name: string; version: string | undefined } | undefined {
  if (!id) return undefined;
  try {
    const url = new URL(id);
    const [, kind, name, version] = url.pathname.split('/');
    if (kind !== 'secrets' || !name) return undefined;
    return { vaultName: url.hostname.split('.')[0]!, name, version: version || undefined };
  } catch {
    return undefined;
  }
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InputError('malformed_event', `${where} is not valid JSON`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
