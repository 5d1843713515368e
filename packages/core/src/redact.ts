/**
 * Redaction: secret values must never reach logs, errors, results or any other output. Two nets:
 * 1. every secret the process handles is registered, and any string containing it is masked;
 * 2. fields whose name says they hold a secret are masked whatever their value.
 *
 * The field rule, decided once: fields that hold a secret are masked — `secretKey`, `password`,
 * `PRISMA_CLOUD_PASS`, `clientSecret`, anything ending in `token`, `authorization`, `jwt`, `credential`,
 * `privateKey`. Fields that name things are shown — `secretName`, `secretId`, and `secret` itself (a
 * resource name: a Key Vault secret, a GitHub secret).
 *
 * redact() also escapes control characters in every string it returns: server-provided text (key names,
 * error bodies) could otherwise carry terminal escape codes that clear a screen or fake an "OK" line.
 */
const SENSITIVE_FIELD =
  /(secretkey|secret_key|clientsecret|client_secret|password|passwd|^pass|_pass|token|authorization|redlock-auth|jwt|credential|privatekey|private_key)$/i;
const MASK = '[REDACTED]';
/** JWTs look alike everywhere; mask them even when nobody registered them. */
const JWT_PATTERN = /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/g;
// C0 controls (tab kept), DEL, C1 controls, and the bidi overrides that reorder what a terminal shows.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `\n` → `\\n`, ESC → `\\x1b`…: visible, inert. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a secret value. Short strings are ignored: masking them would mangle ordinary text. */
  add(secret: string | undefined): void {
    if (secret && secret.length >= 8) this.secrets.add(secret);
  }

  /** Masks every registered secret (and anything JWT-shaped); keeps line breaks, for whole output lines. */
  redactString(text: string): string {
    let out = text;
    // Longest first, so a secret containing another is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      if (out.includes(secret)) out = out.split(secret).join(MASK);
    }
    return out.replace(JWT_PATTERN, MASK);
  }

  /** Deep copy of a value with secrets masked and control characters escaped. Errors become `{ name, code, message }`. */
  redact<T>(value: T, depth = 0): T {
    return this.walk(value, depth) as T;
  }

  private walk(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return escapeControl(this.redactString(value));
    if (value === null || typeof value !== 'object') return value;
    if (depth > 8) return '[…]';
    if (value instanceof Date) return value.toISOString();
    if (value instanceof Error) {
      const code = (value as { code?: unknown }).code;
      return {
        name: value.name,
        ...(code === undefined ? {} : { code: this.walk(code, depth + 1) }),
        message: this.walk(value.message, depth + 1),
      };
    }
    if (Array.isArray(value)) return value.map((v) => this.walk(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] =
        SENSITIVE_FIELD.test(key) && typeof v === 'string' && v !== '' ? MASK : this.walk(v, depth + 1);
    }
    return out;
  }

  /** Masks and escapes a thrown error's message in place, so whoever prints it later prints it safely. */
  scrubError<E>(err: E): E {
    if (err instanceof Error) {
      try {
        err.message = escapeControl(this.redactString(err.message));
      } catch {
        // a frozen error: leave it; printers redact again
      }
    }
    return err;
  }
}
