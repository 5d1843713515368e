import { z } from 'zod';
import { ConfigError, InputError } from './errors.ts';

/** What the issuer needs to log in. The secretKey is the only secret part. */
export interface Credential {
  apiUrl: string;
  accessKeyId: string;
  secretKey: string;
}

/**
 * `keyroll`: `{"apiUrl","accessKeyId","secretKey", ...extra}`.
 * `vendor`: the Palo Alto sample's `{"PRISMA_CLOUD_CONSOLE_URL","PRISMA_CLOUD_USER","PRISMA_CLOUD_PASS"}`.
 * A value is written back in the format it was read in, extra fields untouched.
 */
export type SecretFormat = 'keyroll' | 'vendor';

export interface ParsedSecret {
  credential: Credential;
  format: SecretFormat;
  /** The whole JSON object as read, so unknown fields survive a rotation. */
  raw: Record<string, unknown>;
}

const keyrollShape = z.object({
  apiUrl: z.string().min(1),
  accessKeyId: z.string().min(1),
  secretKey: z.string().min(1),
});
const vendorShape = z.object({
  PRISMA_CLOUD_CONSOLE_URL: z.string().min(1),
  PRISMA_CLOUD_USER: z.string().min(1),
  PRISMA_CLOUD_PASS: z.string().min(1),
});

/**
 * Parses a stored secret value. `where` names the secret in error messages; the value itself is never
 * quoted, because a malformed value may still contain a secret.
 */
export function parseSecretValue(value: string, where: string): ParsedSecret {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new InputError(
      'malformed_secret',
      `${where}: the secret value is not valid JSON; expected {"apiUrl","accessKeyId","secretKey"} or the vendor sample's PRISMA_CLOUD_* fields`,
    );
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new InputError('malformed_secret', `${where}: the secret value must be a JSON object`);
  }
  const raw = json as Record<string, unknown>;
  if ('PRISMA_CLOUD_USER' in raw || 'PRISMA_CLOUD_PASS' in raw || 'PRISMA_CLOUD_CONSOLE_URL' in raw) {
    const parsed = vendorShape.safeParse(raw);
    if (!parsed.success) throw new InputError('malformed_secret', `${where}: ${fieldProblems(parsed.error)}`);
    return {
      format: 'vendor',
      raw,
      credential: {
        apiUrl: consoleToApiUrl(parsed.data.PRISMA_CLOUD_CONSOLE_URL),
        accessKeyId: parsed.data.PRISMA_CLOUD_USER,
        secretKey: parsed.data.PRISMA_CLOUD_PASS,
      },
    };
  }
  const parsed = keyrollShape.safeParse(raw);
  if (!parsed.success) throw new InputError('malformed_secret', `${where}: ${fieldProblems(parsed.error)}`);
  return { format: 'keyroll', raw, credential: parsed.data };
}

function fieldProblems(error: z.ZodError): string {
  // Issue paths and codes only: zod messages can echo received values.
  const fields = error.issues.map((issue) => `${issue.path.join('.') || '(root)'} (${issue.code})`);
  return `the secret value is missing or has invalid fields: ${fields.join(', ')}`;
}

/** Serializes a new credential in the format the old value was read in, keeping extra fields. */
export function serializeSecretValue(previous: ParsedSecret, credential: Credential): string {
  if (previous.format === 'vendor') {
    return JSON.stringify({
      ...previous.raw,
      PRISMA_CLOUD_USER: credential.accessKeyId,
      PRISMA_CLOUD_PASS: credential.secretKey,
    });
  }
  return JSON.stringify({
    ...previous.raw,
    apiUrl: credential.apiUrl,
    accessKeyId: credential.accessKeyId,
    secretKey: credential.secretKey,
  });
}

/** The vendor sample stores the console URL (app.*); the API lives on the matching api.* host. */
export function consoleToApiUrl(consoleUrl: string): string {
  try {
    const url = new URL(consoleUrl);
    if (url.hostname.startsWith('app.') || /^app\d+\./.test(url.hostname)) {
      url.hostname = url.hostname.replace(/^app/, 'api');
    }
    return url.origin;
  } catch {
    return consoleUrl; // the allow-list check reports it
  }
}

const ALLOWED_SUFFIXES = ['.prismacloud.io', '.prismacloud.cn'];

/**
 * R4: the API URL in a secret must be an https Prisma Cloud host unless the operator allowed the origin
 * explicitly. Otherwise whoever can write the secret could make the rotator send credentials elsewhere.
 * Returns the normalized origin.
 */
export function assertAllowedApiUrl(apiUrl: string, allowedOrigins: readonly string[] = []): string {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new InputError('disallowed_api_host', `the API URL is not a valid URL: ${JSON.stringify(apiUrl)}`);
  }
  if (url.username || url.password) {
    throw new InputError('disallowed_api_host', 'the API URL must not contain credentials');
  }
  if (allowedOrigins.map(normalizeOrigin).includes(url.origin)) return url.origin;
  const host = url.hostname.toLowerCase();
  if (url.protocol === 'https:' && ALLOWED_SUFFIXES.some((suffix) => host.endsWith(suffix)))
    return url.origin;
  throw new InputError(
    'disallowed_api_host',
    `the API URL ${url.origin} is not a Prisma Cloud API host (https://*.prismacloud.io or *.prismacloud.cn); ` +
      'allow it explicitly with --allow-api-origin or KEYROLL_ALLOWED_API_ORIGINS if it is intended',
  );
}

export function normalizeOrigin(origin: string): string {
  try {
    return new URL(origin).origin;
  } catch {
    throw new ConfigError('invalid_allowed_origin', `not a valid origin: ${JSON.stringify(origin)}`);
  }
}

/** Reads KEYROLL_ALLOWED_API_ORIGINS (comma-separated origins). */
export function allowedOriginsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.KEYROLL_ALLOWED_API_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(normalizeOrigin);
}
