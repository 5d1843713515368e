import { describe, expect, it } from 'vitest';
import { errorFromResponse, parseRedlockStatus, primaryI18nKey, toIssuedKey } from '../src/index.ts';

describe('parseRedlockStatus', () => {
  it('reads the documented JSON array', () => {
    expect(
      parseRedlockStatus('[{"i18nKey":"already_have_two_access_keys","severity":"error","subject":null}]'),
    ).toEqual([{ i18nKey: 'already_have_two_access_keys', severity: 'error' }]);
  });

  it('tolerates absent, garbage, HTML and odd shapes', () => {
    expect(parseRedlockStatus(undefined)).toEqual([]);
    expect(parseRedlockStatus(null)).toEqual([]);
    expect(parseRedlockStatus('')).toEqual([]);
    expect(parseRedlockStatus('<html>429</html>')).toEqual([]);
    expect(parseRedlockStatus('[1,null,"x",{"i18nKey":""},{"severity":"error"}]')).toEqual([]);
    expect(parseRedlockStatus('{"i18nKey":"token_expired"}')).toEqual([{ i18nKey: 'token_expired' }]);
    expect(parseRedlockStatus(['nope', '[{"i18nKey":"a","subject":"sa"}]'])).toEqual([
      { i18nKey: 'a', subject: 'sa' },
    ]);
  });

  it('prefers the first error-severity entry', () => {
    const statuses = parseRedlockStatus(
      '[{"i18nKey":"note","severity":"info"},{"i18nKey":"expired_access_key","severity":"error"}]',
    );
    expect(primaryI18nKey(statuses)).toBe('expired_access_key');
    expect(primaryI18nKey([])).toBeUndefined();
  });
});

describe('errorFromResponse', () => {
  const get = { call: 'GET /access_keys', idempotent: true };
  const create = { call: 'POST /access_keys', idempotent: false };
  const redlock = (key: string) => ({
    'x-redlock-status': `[{"i18nKey":"${key}","severity":"error","subject":null}]`,
  });

  it.each([
    [get, 401, {}, 'http_401', 'auth'],
    [get, 403, redlock('unauthorized_to_use_access_keys'), 'unauthorized_to_use_access_keys', 'permission'],
    [create, 400, redlock('already_have_two_access_keys'), 'already_have_two_access_keys', 'conflict'],
    [create, 400, redlock('invalid_expiry_access_key'), 'invalid_expiry_access_key', 'input'],
    [create, 409, redlock('duplicate_access_key_name'), 'duplicate_access_key_name', 'conflict'],
    [get, 500, redlock('non_existing_access_key'), 'non_existing_access_key', 'not_found'],
    [get, 500, redlock('expired_access_key'), 'expired_access_key', 'conflict'],
    [get, 429, { 'content-type': 'text/html' }, 'http_429', 'rate_limited'],
    [create, 429, {}, 'http_429', 'rate_limited'],
    [get, 503, {}, 'http_503', 'unavailable'],
    [get, 500, redlock('failed_fetch_user_profile'), 'failed_fetch_user_profile', 'unavailable'],
    [create, 502, {}, 'http_502', 'ambiguous'],
    [get, 404, {}, 'http_404', 'config'],
  ] as const)('%o %i → %s / %s', (info, status, headers, code, category) => {
    const err = errorFromResponse(info, status, headers, 0);
    expect([err.code, err.category, err.status]).toEqual([code, category, status]);
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    expect(errorFromResponse(get, 429, { 'retry-after': '7' }, 0).retryAfterMs).toBe(7000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(
      errorFromResponse(get, 503, { 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, now).retryAfterMs,
    ).toBe(5000);
    expect(errorFromResponse(get, 429, {}, 0).retryAfterMs).toBeUndefined();
  });
});

describe('toIssuedKey', () => {
  const base = { id: 'k', name: 'n', createdTs: 1000, expiresOn: 0, lastUsedTime: 0, username: 'sa' };
  it('compares statuses case-insensitively and never treats an unknown status as active', () => {
    expect(toIssuedKey({ ...base, status: 'ACTIVE' }, 5000).status).toBe('active');
    expect(toIssuedKey({ ...base, status: 'Inactive' }, 5000).status).toBe('inactive');
    expect(toIssuedKey({ ...base, status: 'EXPIRED' }, 5000).status).toBe('expired');
    expect(toIssuedKey({ ...base, status: 'something-new' }, 5000).status).toBe('inactive');
  });
  it('marks a key whose expiresOn has passed as expired, whatever the status says', () => {
    const key = toIssuedKey({ ...base, status: 'active', expiresOn: 5000, lastUsedTime: 2000 }, 5000);
    expect(key).toEqual({
      id: 'k',
      name: 'n',
      status: 'expired',
      owner: 'sa',
      createdAt: new Date(1000),
      expiresOn: new Date(5000),
      lastUsedAt: new Date(2000),
    });
    expect(toIssuedKey({ ...base, status: 'active', expiresOn: 5001 }, 5000).status).toBe('active');
    expect(toIssuedKey({ ...base, status: 'active' }, 5000)).not.toHaveProperty('expiresOn');
  });
});
