import { KeyrollError } from '@keyroll/core';

/**
 * Rules every HTTP trigger applies before a request reaches the engine: JSON only, a small body, and
 * errors that never echo what was sent (a request may carry anything, including a secret).
 */
export const MAX_REQUEST_BYTES = 16 * 1024;

export class HttpRefusal extends KeyrollError {
  constructor(
    readonly httpStatus: 400 | 413 | 415,
    code: string,
    message: string,
  ) {
    super(code, message, { category: 'input', status: httpStatus });
  }
}

export interface HttpRequestLike {
  /** The Content-Type header, if any. */
  contentType: string | null | undefined;
  /** The raw body (bytes or text). */
  body: Uint8Array | string | null | undefined;
}

/** Parses a JSON request body under the rules, or throws HttpRefusal (415, 413, 400). */
export function readJsonBody(request: HttpRequestLike, maxBytes = MAX_REQUEST_BYTES): unknown {
  const type = (request.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpRefusal(
      415,
      'unsupported_media_type',
      'send the request as Content-Type: application/json',
    );
  }
  const bytes =
    typeof request.body === 'string' ? Buffer.byteLength(request.body) : (request.body?.byteLength ?? 0);
  if (bytes > maxBytes) {
    throw new HttpRefusal(413, 'request_too_large', `the request body is over ${maxBytes} bytes`);
  }
  const text =
    typeof request.body === 'string' ? request.body : Buffer.from(request.body ?? []).toString('utf8');
  if (text.trim() === '')
    throw new HttpRefusal(400, 'empty_body', 'the request body is empty: send a JSON object');
  try {
    return JSON.parse(text);
  } catch {
    // Never quote the body: it may hold a secret.
    throw new HttpRefusal(400, 'malformed_json', 'the request body is not valid JSON');
  }
}
