import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { Logger } from '@keyroll/core';

/**
 * The functions-framework parses every body before a function runs and hands a parse failure (malformed
 * JSON) to Express's default handler, which answers with an HTML page (functions-framework-nodejs issue
 * #686, open). The documented API answers `{"error":{"code","message"}}` and never echoes the request, so
 * the Express copy the framework uses gets a final handler that does that instead. Only requests that
 * never reached a function come here; it must be installed before the framework builds its server.
 */
const PATCHED = Symbol.for('keyroll.gcp.frameworkErrors');

type Handle = (req: IncomingMessage, res: ServerResponse, callback?: (err?: unknown) => void) => void;

export function answerFrameworkErrorsWithJson(log: Logger): void {
  const require = createRequire(import.meta.url);
  const framework = require.resolve('@google-cloud/functions-framework');
  const application = (createRequire(framework)('express') as { application: Record<PropertyKey, unknown> })
    .application;
  if (application[PATCHED]) return;
  const handle = application.handle as Handle;
  application.handle = function (this: unknown, req, res, callback) {
    return handle.call(this, req, res, callback ?? ((err) => frameworkError(log, res, err)));
  } satisfies Handle;
  application[PATCHED] = true;
}

function frameworkError(log: Logger, res: ServerResponse, err: unknown): void {
  const e = (err ?? {}) as { status?: number; statusCode?: number; type?: string };
  const [status, code, message] = describe(
    err === undefined ? 404 : (e.status ?? e.statusCode ?? 500),
    e.type,
  );
  log.warn(`request refused before the function ran: ${message}`, { status, code });
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(JSON.stringify({ error: { code, message } }));
}

function describe(status: number, type: string | undefined): [number, string, string] {
  switch (type) {
    case 'entity.parse.failed':
      return [400, 'malformed_json', 'the request body is not valid JSON'];
    case 'entity.too.large':
      return [413, 'request_too_large', 'the request body is too large'];
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return [415, 'unsupported_media_type', 'send the request as UTF-8 application/json'];
  }
  if (status === 404) return [404, 'not_found', 'no such route'];
  if (status >= 400 && status < 500) return [status, 'bad_request', 'the request could not be read'];
  return [500, 'unexpected_error', 'unexpected error; see the logs'];
}
