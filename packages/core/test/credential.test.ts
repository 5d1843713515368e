import { describe, expect, it } from 'vitest';
import {
  allowedOriginsFromEnv,
  assertAllowedApiUrl,
  InputError,
  parseSecretValue,
  serializeSecretValue,
} from '../src/index.ts';

const SECRET = 'sk-very-secret-value-123';

describe('secret value format (R4)', () => {
  it('round-trips the keyroll format and keeps extra fields', () => {
    const raw = JSON.stringify({
      apiUrl: 'https://api2.prismacloud.io',
      accessKeyId: 'k1',
      secretKey: SECRET,
      team: 'ci',
    });
    const parsed = parseSecretValue(raw, 'vault:x');
    expect(parsed.format).toBe('keyroll');
    expect(parsed.credential).toEqual({
      apiUrl: 'https://api2.prismacloud.io',
      accessKeyId: 'k1',
      secretKey: SECRET,
    });
    const next = JSON.parse(
      serializeSecretValue(parsed, {
        apiUrl: 'https://api2.prismacloud.io',
        accessKeyId: 'k2',
        secretKey: 'new-secret-xyz',
      }),
    );
    expect(next).toEqual({
      apiUrl: 'https://api2.prismacloud.io',
      accessKeyId: 'k2',
      secretKey: 'new-secret-xyz',
      team: 'ci',
    });
  });

  it('reads the vendor sample format, maps the console URL to the API host, writes the vendor format back', () => {
    const raw = JSON.stringify({
      PRISMA_CLOUD_CONSOLE_URL: 'https://app3.prismacloud.io',
      PRISMA_CLOUD_USER: 'k1',
      PRISMA_CLOUD_PASS: SECRET,
      note: 'kept',
    });
    const parsed = parseSecretValue(raw, 'vault:x');
    expect(parsed.format).toBe('vendor');
    expect(parsed.credential.apiUrl).toBe('https://api3.prismacloud.io');
    const next = JSON.parse(
      serializeSecretValue(parsed, { ...parsed.credential, accessKeyId: 'k2', secretKey: 'new-secret-xyz' }),
    );
    expect(next).toEqual({
      PRISMA_CLOUD_CONSOLE_URL: 'https://app3.prismacloud.io',
      PRISMA_CLOUD_USER: 'k2',
      PRISMA_CLOUD_PASS: 'new-secret-xyz',
      note: 'kept',
    });
  });

  it.each([
    ['not json', `{"secretKey":"${SECRET}"`],
    ['an array', `["${SECRET}"]`],
    ['missing accessKeyId', JSON.stringify({ apiUrl: 'https://api.prismacloud.io', secretKey: SECRET })],
    [
      'empty secretKey',
      JSON.stringify({ apiUrl: 'https://api.prismacloud.io', accessKeyId: 'k', secretKey: '' }),
    ],
    [
      'vendor without pass',
      JSON.stringify({ PRISMA_CLOUD_CONSOLE_URL: 'https://app.prismacloud.io', PRISMA_CLOUD_USER: SECRET }),
    ],
  ])('rejects a malformed value (%s) naming the secret, never quoting the value', (_name, raw) => {
    let caught: unknown;
    try {
      parseSecretValue(raw, 'vault:prod/prisma');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InputError);
    const err = caught as InputError;
    expect(err.code).toBe('malformed_secret');
    expect(err.message).toContain('vault:prod/prisma');
    expect(err.message).not.toContain(SECRET);
    expect(JSON.stringify(err)).not.toContain(SECRET);
  });
});

describe('API host allow-list (R4)', () => {
  it.each([
    'https://api.prismacloud.io',
    'https://api.eu.prismacloud.io/',
    'https://api.prismacloud.cn',
    'https://api.id.prismacloud.io',
  ])('allows %s', (url) => {
    expect(assertAllowedApiUrl(url)).toBe(new URL(url).origin);
  });

  it.each([
    'http://api.prismacloud.io',
    'https://api.prismacloud.io.evil.com',
    'https://evilprismacloud.io',
    'https://user:pw@api.prismacloud.io',
    'http://127.0.0.1:4010',
    'not a url',
  ])('refuses %s', (url) => {
    expect(() => assertAllowedApiUrl(url)).toThrow(InputError);
  });

  it('allows an origin only when the operator names it', () => {
    expect(() => assertAllowedApiUrl('http://127.0.0.1:4010')).toThrow(/allow it explicitly/);
    expect(assertAllowedApiUrl('http://127.0.0.1:4010/', ['http://127.0.0.1:4010'])).toBe(
      'http://127.0.0.1:4010',
    );
    expect(() => assertAllowedApiUrl('http://127.0.0.1:4011', ['http://127.0.0.1:4010'])).toThrow(InputError);
    expect(
      allowedOriginsFromEnv({ KEYROLL_ALLOWED_API_ORIGINS: ' http://127.0.0.1:4010/ ,https://x.example' }),
    ).toEqual(['http://127.0.0.1:4010', 'https://x.example']);
  });
});
