/**
 * `x-redlock-status` carries the error detail of Prisma Cloud responses: a JSON array of
 * `{i18nKey, severity, subject}`. It is often absent (401s, gateway 429s with an HTML body), so the
 * parser never throws and returns what it could read.
 */
export interface RedlockStatus {
  i18nKey: string;
  severity?: string;
  subject?: unknown;
}

export function parseRedlockStatus(header: string | readonly string[] | null | undefined): RedlockStatus[] {
  if (header === null || header === undefined) return [];
  const values = typeof header === 'string' ? [header] : header;
  const out: RedlockStatus[] = [];
  for (const value of values) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      continue;
    }
    for (const item of Array.isArray(parsed) ? parsed : [parsed]) {
      if (item === null || typeof item !== 'object') continue;
      const { i18nKey, severity, subject } = item as Record<string, unknown>;
      if (typeof i18nKey !== 'string' || i18nKey === '') continue;
      out.push({
        i18nKey,
        ...(typeof severity === 'string' ? { severity } : {}),
        ...(subject === undefined || subject === null ? {} : { subject }),
      });
    }
  }
  return out;
}

/** The i18n key that names the failure: the first error-severity entry, else the first entry. */
export function primaryI18nKey(statuses: readonly RedlockStatus[]): string | undefined {
  return (statuses.find((s) => s.severity?.toLowerCase() === 'error') ?? statuses[0])?.i18nKey;
}
