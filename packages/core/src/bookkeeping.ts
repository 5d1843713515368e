import type { RotationBookkeeping } from './vault.ts';

/**
 * The failure bookkeeping as one short string, for stores whose metadata is string tags (Key Vault tags,
 * Secrets Manager tags, Secret Manager annotations): `<count>` or `<count> <last failure>`. One tag, not
 * two, because Key Vault allows 15 tags per version and a team's own tags share them. Only characters
 * every store accepts in a tag value (letters, digits, spaces and `+ - = . _ : / @`); at most 256 of them.
 */
export const BOOKKEEPING_TAG = 'keyroll-failures';
const MAX_TAG_VALUE = 256;

/** The string to store, or undefined when there is nothing to record (no failures since the last success). */
export function encodeBookkeeping(bookkeeping: RotationBookkeeping | undefined): string | undefined {
  const count = bookkeeping?.consecutiveFailures;
  const last = bookkeeping?.lastFailure?.replace(/[^\p{L}\p{N} +\-=._:/@]/gu, '_').trim();
  if (!count && !last) return undefined;
  const text = last ? `${count ?? 0} ${last}` : `${count}`;
  return text.slice(0, MAX_TAG_VALUE);
}

/** Reads what encodeBookkeeping wrote; anything else (edited by hand) counts as no bookkeeping. */
export function decodeBookkeeping(text: string | null | undefined): RotationBookkeeping | undefined {
  const match = /^(\d{1,9})(?: (.+))?$/su.exec(text?.trim() ?? '');
  if (!match) return undefined;
  return {
    consecutiveFailures: Number(match[1]),
    ...(match[2] ? { lastFailure: match[2] } : {}),
  };
}
