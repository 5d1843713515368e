import { isKeyrollError } from '@keyroll/core';
import { describe, expect, it } from 'vitest';
import { dispatchEvent, PUBSUB_MESSAGE_PUBLISHED } from '../src/index.ts';

const SECRET = 'projects/123456789012/secrets/prisma-sa';
const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64');

function event(message: Record<string, unknown>, type = PUBSUB_MESSAGE_PUBLISHED) {
  return {
    id: 'ce-1',
    type,
    data: {
      message: { messageId: 'm-1', publishTime: '2026-01-01T00:00:01Z', ...message },
      subscription: 'projects/p/subscriptions/s',
    },
  };
}
const notification = (eventType: string, extra: Record<string, string> = {}) =>
  event({
    attributes: {
      eventType,
      dataFormat: 'JSON_API_V1',
      secretId: SECRET,
      timestamp: '2026-01-01T00:00:00Z',
      ...extra,
    },
    data: b64({ name: SECRET, etag: '"abc"' }),
  });

function malformed(input: Parameters<typeof dispatchEvent>[0]): string {
  try {
    dispatchEvent(input);
  } catch (err) {
    expect(isKeyrollError(err) && err.category).toBe('input');
    return (err as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('dispatching Pub/Sub messages from Secret Manager and admins', () => {
  it('rotates on SECRET_ROTATE, not forced, with the message id as trigger id', () => {
    expect(dispatchEvent(notification('SECRET_ROTATE'))).toEqual({
      kind: 'rotate',
      secret: SECRET,
      force: false,
      dryRun: false,
      trigger: { kind: 'event', id: 'm-1', detail: 'SECRET_ROTATE' },
    });
  });

  it('checks SECRET_VERSION_ADD for a newly seeded secret', () => {
    expect(
      dispatchEvent(notification('SECRET_VERSION_ADD', { versionId: `${SECRET}/versions/1` })),
    ).toMatchObject({
      kind: 'rotate-if-new',
      secret: SECRET,
    });
  });

  it('ignores TOPIC_CONFIGURED (no data, only eventType) and other event types', () => {
    expect(dispatchEvent(event({ attributes: { eventType: 'TOPIC_CONFIGURED' } })).kind).toBe('ignore');
    expect(dispatchEvent(notification('SECRET_UPDATE')).kind).toBe('ignore');
    expect(dispatchEvent(notification('SECRET_VERSION_DISABLE')).kind).toBe('ignore');
    expect(
      dispatchEvent({ ...notification('SECRET_ROTATE'), type: 'google.cloud.storage.object.v1.finalized' })
        .kind,
    ).toBe('ignore');
  });

  it('accepts an admin message, validated', () => {
    const d = dispatchEvent(
      event({ data: b64({ action: 'rotate', secret: SECRET, force: true, dryRun: true }) }),
    );
    expect(d).toMatchObject({
      kind: 'rotate',
      secret: SECRET,
      force: true,
      dryRun: true,
      trigger: { kind: 'manual' },
    });
    expect(dispatchEvent(event({ data: b64({ action: 'rotate', secret: SECRET }) }))).toMatchObject({
      force: false,
    });
  });

  it('accepts data delivered as a JSON string', () => {
    const e = notification('SECRET_ROTATE');
    expect(dispatchEvent({ ...e, data: JSON.stringify(e.data) }).kind).toBe('rotate');
  });

  it.each([
    ['no message', { id: 'x', type: PUBSUB_MESSAGE_PUBLISHED, data: { foo: 1 } }, 'MessagePublishedData'],
    ['data not JSON', { id: 'x', type: PUBSUB_MESSAGE_PUBLISHED, data: '{nope' }, 'not valid JSON'],
    ['SECRET_ROTATE without secretId', event({ attributes: { eventType: 'SECRET_ROTATE' } }), 'secretId'],
    [
      'a secretId that is no secret name',
      notification('SECRET_ROTATE', { secretId: 'prisma-sa' }),
      'prisma-sa',
    ],
    ['manual message, unknown action', event({ data: b64({ action: 'delete', secret: SECRET }) }), 'action'],
    [
      'manual message, extra field',
      event({ data: b64({ action: 'rotate', secret: SECRET, now: 1 }) }),
      'now',
    ],
    [
      'manual message, force not boolean',
      event({ data: b64({ action: 'rotate', secret: SECRET, force: 'yes' }) }),
      'force',
    ],
    ['manual message, not JSON', event({ data: b64('rotate please') }), 'not valid JSON'],
    ['no attributes and no data', event({}), 'no data'],
  ])('rejects a malformed message: %s', (_name, input, hint) => {
    expect(malformed(input)).toContain(hint);
  });
});
