import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { httpStatusFor, type Logger } from '@keyroll/core';
import { answerFor, HttpRefusal, MAX_REQUEST_BYTES, readJsonBody } from '@keyroll/runtime/handler';
import { SECRET_NAME } from '@keyroll/vault-azure-keyvault';
import * as z from 'zod/mini';
import { invocationLogger, type KeyrollRuntime } from '../runtime.ts';
/**
 * Body of POST /api/rotate. Unknown fields are rejected so a typo (`dry_run`) cannot rotate for real.
 * zod/mini, like core: classic zod would be evaluated by every invocation for this one small schema.
 */
export const manualRotationSchema = z.strictObject({
  vault: z
    .string()
    .check(z.trim(), z.minLength(1, 'is required (a vault name or https://<vault>.vault.azure.net)')),
  secret: z
    .string()
    .check(z.trim(), z.regex(SECRET_NAME, 'must be a Key Vault secret name (1-127 letters, digits, dashes)')),
  force: z.optional(z.boolean()),
  dryRun: z.optional(z.boolean()),
});

export type ManualRotationRequest = z.infer<typeof manualRotationSchema>;

export { httpStatusFor };

/**
 * Manual dispatch under the shared HTTP rules (JSON only → 415, at most 16 KiB → 413, malformed → 400;
 * errors never echo the request), then the shared outcome table (answerFor). A secret keyroll does not
 * manage is a 422 `not_managed`: its value was not read.
 */
export async function handleRotateHttp(
  request: HttpRequest,
  context: InvocationContext,
  runtime: () => KeyrollRuntime,
): Promise<HttpResponseInit> {
  const log = invocationLogger(context);
  let body: ManualRotationRequest;
  try {
    body = await readRequest(request);
  } catch (err) {
    return refused(err, request, log);
  }
  let runLog = log;
  try {
    const rt = runtime();
    const vaultUrl = rt.vaultUrlFor(body.vault);
    if (!vaultUrl) {
      return refused(
        new HttpRefusal(400, 'vault_not_configured', 'the vault is not one of KEYROLL_VAULT_URLS'),
        request,
        log,
      );
    }
    runLog = log.child({ vault: body.vault, objectName: body.secret });
    const result = await rt.rotate(
      vaultUrl,
      body.secret,
      {
        trigger: { kind: 'manual', id: context.invocationId, detail: 'http' },
        force: body.force === true,
        dryRun: body.dryRun === true,
      },
      runLog,
    );
    if (result.outcome === 'skipped' && result.reason === 'not_managed') {
      runLog.warn('manual rotation refused: the secret is not managed by keyroll (its value was not read)');
      return problem(422, 'not_managed', result.message);
    }
    const answer = answerFor(result, runLog.redactor);
    runLog[answer.logLevel](`manual rotation: ${result.outcome}`, {
      status: answer.httpStatus,
      reason: result.reason,
      rotationId: result.rotationId,
    });
    return { status: answer.httpStatus, jsonBody: answer.body };
  } catch (err) {
    const answer = answerFor(err, runLog.redactor);
    runLog.error(`manual rotation refused: ${answer.kind}`, { status: answer.httpStatus, error: err });
    if (answer.kind === 'unexpected') {
      return problem(
        500,
        'unexpected_error',
        `unexpected error; see the logs of invocation ${context.invocationId}`,
      );
    }
    return { status: answer.httpStatus, jsonBody: answer.body };
  }
}

/** The shared HTTP rules, then the body schema. A declared length over the cap is refused unread. */
async function readRequest(request: HttpRequest): Promise<ManualRotationRequest> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  const contentType = request.headers.get('content-type');
  if (Number.isFinite(declared) && declared > MAX_REQUEST_BYTES && contentType?.includes('json')) {
    throw new HttpRefusal(413, 'request_too_large', `the request body is over ${MAX_REQUEST_BYTES} bytes`);
  }
  const raw = readJsonBody({
    contentType,
    body: new Uint8Array(await request.arrayBuffer()),
  });
  const parsed = manualRotationSchema.safeParse(raw);
  if (!parsed.success) {
    // Paths and schema messages only: never the values that were sent.
    const reason = parsed.error.issues
      .map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`)
      .join('; ')
      .slice(0, 500);
    throw new HttpRefusal(
      400,
      'invalid_request',
      `expected {"vault","secret","force"?,"dryRun"?}: ${reason}`,
    );
  }
  return parsed.data;
}

/** Logs a refused request by what it was (status, code, type, size), never by what it carried. */
function refused(err: unknown, request: HttpRequest, log: Logger): HttpResponseInit {
  const answer = answerFor(err, log.redactor);
  log.warn('manual rotation request refused', {
    status: answer.httpStatus,
    code: (answer.body.error as { code?: string } | undefined)?.code,
    contentType: (request.headers.get('content-type') ?? '').slice(0, 80).replace(/[^\x20-\x7e]/g, '?'),
    contentLength: request.headers.get('content-length'),
  });
  return { status: answer.httpStatus, jsonBody: answer.body };
}

function problem(status: number, code: string, message: string): HttpResponseInit {
  return { status, jsonBody: { error: { code, message } } };
}
