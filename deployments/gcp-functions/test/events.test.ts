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
const notification = (eventType: string, extra: Record<string, string> = {}, data?: string) =>
  event({
    attributes: {
      eventType,
      dataFormat: 'JSON_API_V1',
      secretId: SECRET,
      timestamp: '2026-01-01T00:00:00Z',
      ...extra,
    },
    data:
      data ??
      b64(
        eventType.startsWith('SECRET_VERSION_')
          ? { name: extra.versionId ?? `${SECRET}/versions/1`, state: 'ENABLED' }
          : { name: SECRET, etag: '"abc"' },
      ),
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

  it('ignores, with the reason, messages it cannot act on: no data, unwrapped push deliveries', () => {
    const none = dispatchEvent(event({}));
    expect(none).toMatchObject({ kind: 'ignore' });
    expect((none as { reason: string }).reason).toContain('neither an eventType attribute');
    const admin = dispatchEvent({ id: 'x', data: { action: 'rotate', secret: SECRET } });
    expect((admin as { reason: string }).reason).toContain('unwrapped admin message');
    const unwrapped = dispatchEvent({ id: 'x', data: { name: SECRET, etag: '"e"' } });
    expect((unwrapped as { reason: string }).reason).toContain('unwrapped Secret Manager notification');
  });

  it('gives an admin message an idempotency key: its requestId, else the message id', () => {
    const own = dispatchEvent(
      event({ data: b64({ action: 'rotate', secret: SECRET, requestId: 'chg-42' }) }),
    );
    expect(own).toMatchObject({ kind: 'rotate', requestId: 'chg-42' });
    const byMessage = dispatchEvent(event({ data: b64({ action: 'rotate', secret: SECRET }) }));
    expect(byMessage).toMatchObject({ kind: 'rotate', requestId: 'pubsub:m-1' });
    expect(malformed(event({ data: b64({ action: 'rotate', secret: SECRET, requestId: 'a b' }) }))).toContain(
      'requestId',
    );
  });

  it('recognises the sweep message', () => {
    expect(dispatchEvent(event({ data: b64({ action: 'sweep' }) }))).toMatchObject({
      kind: 'sweep',
      trigger: { kind: 'schedule', id: 'm-1' },
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
    ['notification data not base64', notification('SECRET_ROTATE', {}, '!!not base64!!'), 'not valid base64'],
    ['notification data not JSON', notification('SECRET_ROTATE', {}, b64('{"name":')), 'not valid JSON'],
    [
      'notification data about another secret',
      notification('SECRET_ROTATE', {}, b64({ name: 'projects/123456789012/secrets/other' })),
      'another secret',
    ],
    [
      'notification data about another project',
      notification('SECRET_ROTATE', {}, b64({ name: 'projects/999/secrets/prisma-sa' })),
      'another secret',
    ],
    ['notification without data', notification('SECRET_ROTATE', {}, ''), 'without data'],
    [
      'version data about another secret',
      notification('SECRET_VERSION_ADD', {}, b64({ name: 'projects/123456789012/secrets/other/versions/1' })),
      'another version',
    ],
    [
      'version data disagreeing with versionId',
      notification(
        'SECRET_VERSION_ADD',
        { versionId: `${SECRET}/versions/2` },
        b64({ name: `${SECRET}/versions/3` }),
      ),
      'versionId',
    ],
    ['admin message data not base64', event({ data: '%%%%' }), 'not valid base64'],
  ])('rejects a malformed message: %s', (_name, input, hint) => {
    expect(malformed(input)).toContain(hint);
  });
});
