import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, type KeyVaultSecretEvent, parseKeyVaultEvents } from '../src/events.ts';
import { cloudEvent, eventGridEvent } from './payloads.ts';

const V = '3f1c9a2e7b6d4e0f9a8b7c6d5e4f3a2b';
const base = { vault: 'kv-prod-weu', secret: 'prisma-cloud', version: V };

function only(input: unknown): KeyVaultSecretEvent {
  const [first, ...rest] = parseKeyVaultEvents(input);
  expect(rest).toHaveLength(0);
  if (first?.kind !== 'secret') throw new Error(`expected a secret event, got ${JSON.stringify(first)}`);
  return first;
}

describe('parseKeyVaultEvents', () => {
  it('reads the Event Grid schema, as delivered in an array', () => {
    const [e] = parseKeyVaultEvents([eventGridEvent(base)]);
    expect(e).toEqual({
      kind: 'secret',
      schema: 'eventgrid',
      id: '6f0c2d1e-5a7b-4c3d-9e8f-1a2b3c4d5e6f',
      type: EVENT_TYPES.nearExpiry,
      source: expect.stringContaining('/vaults/kv-prod-weu'),
      vaultName: 'kv-prod-weu',
      secretName: 'prisma-cloud',
      version: V,
      expiresOn: new Date('2026-01-01T00:00:00Z'),
      notBefore: new Date('2025-01-01T00:00:00Z'),
    });
  });

  it('reads CloudEvents 1.0, as a single object and as a batch', () => {
    expect(only(cloudEvent(base))).toMatchObject({
      schema: 'cloudevents',
      secretName: 'prisma-cloud',
      version: V,
    });
    const batch = parseKeyVaultEvents([
      cloudEvent({ ...base, id: 'a' }),
      cloudEvent({ ...base, id: 'b', type: EVENT_TYPES.expired }),
    ]);
    expect(batch.map((e) => [e.id, e.type])).toEqual([
      ['a', EVENT_TYPES.nearExpiry],
      ['b', EVENT_TYPES.expired],
    ]);
  });

  it('accepts CloudEvents data double-encoded as a JSON string, and a JSON string delivery', () => {
    const ce = cloudEvent(base);
    expect(only({ ...ce, data: JSON.stringify(ce.data) }).version).toBe(V);
    expect(only(JSON.stringify([eventGridEvent(base)])).version).toBe(V);
  });

  it('takes EXP/NBF as number, numeric string or null', () => {
    expect(only(eventGridEvent({ ...base, exp: '1767225600' })).expiresOn).toEqual(
      new Date('2026-01-01T00:00:00Z'),
    );
    expect(only(eventGridEvent({ ...base, exp: ' 1767225600 ' })).expiresOn).toEqual(
      new Date('2026-01-01T00:00:00Z'),
    );
    expect(only(eventGridEvent({ ...base, exp: null, nbf: null }))).toMatchObject({
      expiresOn: undefined,
      notBefore: undefined,
    });
    expect(() => parseKeyVaultEvents(eventGridEvent({ ...base, exp: 'tomorrow' }))).toThrow(/data\.EXP/);
  });

  it('reads data keys case-insensitively and trims keys and values (doc examples have "ObjectName ")', () => {
    const e = eventGridEvent(base);
    const d = e.data as Record<string, unknown>;
    const odd = {
      ...e,
      data: {
        id: d.Id,
        vaultname: 'kv-prod-weu',
        'ObjectName ': 'prisma-cloud',
        version: ` ${V}`,
        exp: 1767225600,
      },
    };
    expect(only(odd)).toMatchObject({ vaultName: 'kv-prod-weu', secretName: 'prisma-cloud', version: V });
    const camel = { ...e, data: { vaultName: 'kv-prod-weu', objectName: 'prisma-cloud', version: V } };
    expect(only(camel).secretName).toBe('prisma-cloud');
  });

  it('falls back to data.Id for missing name and version', () => {
    const e = eventGridEvent(base);
    expect(only({ ...e, data: { Id: (e.data as { Id: string }).Id } })).toMatchObject({
      vaultName: 'kv-prod-weu',
      secretName: 'prisma-cloud',
      version: V,
    });
  });

  it('returns other event types as ignored, without checking their data', () => {
    const [e] = parseKeyVaultEvents(
      eventGridEvent({ ...base, type: 'Microsoft.KeyVault.SecretNewVersionCreated', version: '' }),
    );
    expect(e).toMatchObject({ kind: 'ignored', type: 'Microsoft.KeyVault.SecretNewVersionCreated' });
  });

  it('says which event and which field is malformed', () => {
    const e = eventGridEvent(base);
    expect(() => parseKeyVaultEvents([e, { ...e, id: 'bad-1', data: { VaultName: 'kv-prod-weu' } }])).toThrow(
      /event #1 \(id bad-1\): data\.Version is missing/,
    );
    expect(() =>
      parseKeyVaultEvents({ ...e, data: { ...(e.data as object), ObjectName: '../etc' } }),
    ).toThrow(/data\.ObjectName is not a secret name/);
    expect(() => parseKeyVaultEvents({ ...e, data: { ...(e.data as object), ObjectType: 'Key' } })).toThrow(
      /ObjectType Key/,
    );
    expect(() => parseKeyVaultEvents({ id: 'x', data: {} })).toThrow(/eventType is missing/);
    expect(() => parseKeyVaultEvents([])).toThrow(/no events/);
    expect(() => parseKeyVaultEvents('not json')).toThrow(/not valid JSON/);
    expect(() => parseKeyVaultEvents([42])).toThrow(/not a JSON object/);
    try {
      parseKeyVaultEvents({ ...e, data: null });
    } catch (err) {
      expect(err).toMatchObject({ name: 'InputError', code: 'malformed_event' });
    }
  });
});
