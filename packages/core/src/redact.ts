/**
 * Redaction: secret values must never reach logs, errors or results. Two nets:
 * 1. every secret the process handles is registered, and any string containing it is masked;
 * 2. fields whose name says they hold a secret are masked whatever their value.
 */
// Field names that hold a secret (`secretKey`, `password`, `accessToken`, `PRISMA_CLOUD_PASS`…), but not
// names *about* a secret such as `secretName` or `secretId`.
const SENSITIVE_FIELD =
  /(secret|secretkey|secret_key|password|passwd|^pass|_pass|token|authorization|redlock-auth|jwt|credential)$/i;
const MASK = '[REDACTED]';
/** JWTs look alike everywhere; mask them even when nobody registered them. */
const JWT_PATTERN = /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/g;

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a secret value. Short strings are ignored: masking them would mangle ordinary text. */
  add(secret: string | undefined): void {
    if (secret && secret.length >= 8) this.secrets.add(secret);
  }

  redactString(text: string): string {
    let out = text;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join(MASK);
    }
    return out.replace(JWT_PATTERN, MASK);
  }

  /** Deep copy of a value with secrets masked. Errors become `{ name, code, message }`. */
  redact(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return this.redactString(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth > 8) return '[…]';
    if (value instanceof Date) return value.toISOString();
    if (value instanceof Error) {
      const code = (value as { code?: unknown }).code;
      return {
        name: value.name,
        ...(code === undefined ? {} : { code }),
        message: this.redactString(value.message),
      };
    }
    if (Array.isArray(value)) return value.map((v) => this.redact(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] =
        SENSITIVE_FIELD.test(key) && typeof v === 'string' && v !== '' ? MASK : this.redact(v, depth + 1);
    }
    return out;
  }
}
