import * as z from 'zod/mini';
import { ConfigError, InputError } from './errors.ts';
import { jsonDepth, spliceTopLevelStrings } from './json-splice.ts';

/** No Prisma Cloud secret key is shorter; masking shorter strings everywhere would mangle output. */
export const MIN_SECRET_KEY_LENGTH = 16;
/** Deeper values are refused as bad input: no consumer needs them, and some stores cannot take them. */
const MAX_DEPTH = 32;

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
  /** The whole JSON object as read. */
  raw: Record<string, unknown>;
  /** The text as read: a new value is this text with the credential fields replaced, byte for byte. */
  text: string;
}

// zod/mini (see policy.ts): a rotation parses its secret on every run.
const text = () => z.string().check(z.minLength(1));
const keyrollShape = z.object({ apiUrl: text(), accessKeyId: text(), secretKey: text() });
const vendorShape = z.object({
  PRISMA_CLOUD_CONSOLE_URL: text(),
  PRISMA_CLOUD_USER: text(),
  PRISMA_CLOUD_PASS: text(),
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
  if (jsonDepth(value) > MAX_DEPTH) {
    throw new InputError(
      'malformed_secret',
      `${where}: the secret value is nested deeper than ${MAX_DEPTH} levels`,
    );
  }
  const vendor =
    'PRISMA_CLOUD_USER' in raw || 'PRISMA_CLOUD_PASS' in raw || 'PRISMA_CLOUD_CONSOLE_URL' in raw;
  const keyroll = 'apiUrl' in raw || 'accessKeyId' in raw || 'secretKey' in raw;
  if (vendor && keyroll) {
    // Only one pair would be rotated; the other would keep a key that is about to be deactivated.
    throw new InputError(
      'ambiguous_secret_format',
      `${where}: the secret value has both keyroll fields (apiUrl, accessKeyId, secretKey) and the vendor ` +
        "sample's PRISMA_CLOUD_* fields; keep one format",
    );
  }
  if (vendor) {
    const parsed = vendorShape.safeParse(raw);
    if (!parsed.success) throw new InputError('malformed_secret', `${where}: ${fieldProblems(parsed.error)}`);
    assertSecretKeyLength(parsed.data.PRISMA_CLOUD_PASS, where, 'PRISMA_CLOUD_PASS');
    return {
      format: 'vendor',
      raw,
      text: value,
      credential: {
        apiUrl: consoleToApiUrl(parsed.data.PRISMA_CLOUD_CONSOLE_URL),
        accessKeyId: parsed.data.PRISMA_CLOUD_USER,
        secretKey: parsed.data.PRISMA_CLOUD_PASS,
      },
    };
  }
  const parsed = keyrollShape.safeParse(raw);
  if (!parsed.success) throw new InputError('malformed_secret', `${where}: ${fieldProblems(parsed.error)}`);
  assertSecretKeyLength(parsed.data.secretKey, where, 'secretKey');
  return { format: 'keyroll', raw, text: value, credential: parsed.data };
}

function assertSecretKeyLength(secret: string, where: string, field: string): void {
  if (secret.length < MIN_SECRET_KEY_LENGTH) {
    throw new InputError(
      'malformed_secret',
      `${where}: ${field} is shorter than ${MIN_SECRET_KEY_LENGTH} characters; no Prisma Cloud secret key is`,
    );
  }
}

function fieldProblems(error: z.core.$ZodError): string {
  // Issue paths and codes only: zod messages can echo received values.
  const fields = error.issues.map((issue) => `${issue.path.join('.') || '(root)'} (${issue.code})`);
  return `the secret value is missing or has invalid fields: ${fields.join(', ')}`;
}

/** Serializes a new credential in the format the old value was read in, keeping extra fields. */
export function serializeSecretValue(previous: ParsedSecret, credential: Credential): string {
  if (previous.format === 'vendor') {
    return spliceTopLevelStrings(previous.text, {
      PRISMA_CLOUD_USER: credential.accessKeyId,
      PRISMA_CLOUD_PASS: credential.secretKey,
    });
  }
  return spliceTopLevelStrings(previous.text, {
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
    // Not quoted: a mistyped value may be a secret pasted into the wrong field.
    throw new InputError('disallowed_api_host', `the API URL is not a valid URL (${urlProblem(apiUrl)})`);
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

/** What is wrong with a string that is not a URL, without quoting it. */
function urlProblem(text: string): string {
  if (text.trim() === '') return 'it is empty';
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text.trim())) return 'it has no scheme such as https://';
  if (/\s/.test(text)) return 'it contains whitespace';
  return `it does not parse as a URL (${text.length} characters)`;
}
