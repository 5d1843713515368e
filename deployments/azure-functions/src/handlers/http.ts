import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { ConfigError, describeError, httpStatusFor, InputError } from '@keyroll/core';
import { SECRET_NAME } from '@keyroll/vault-azure-keyvault';
import { z } from 'zod';
import { invocationLogger, type KeyrollRuntime } from '../runtime.ts';

/** Body of POST /api/rotate. Unknown fields are rejected so a typo (`dry_run`) cannot rotate for real. */
export const manualRotationSchema = z
  .object({
    vault: z.string().trim().min(1, 'is required (a vault name or https://<vault>.vault.azure.net)'),
    secret: z
      .string()
      .trim()
      .regex(SECRET_NAME, 'must be a Key Vault secret name (1-127 letters, digits, dashes)'),
    force: z.boolean().optional(),
    dryRun: z.boolean().optional(),
  })
  .strict();

export type ManualRotationRequest = z.infer<typeof manualRotationSchema>;

export { httpStatusFor };

/** Manual dispatch. Bad requests get 400 with the reason; a thrown engine error maps to 404/422/500. */
export async function handleRotateHttp(
  request: HttpRequest,
  context: InvocationContext,
  runtime: () => KeyrollRuntime,
): Promise<HttpResponseInit> {
  const log = invocationLogger(context);
  const parsed = manualRotationSchema.safeParse(await readJson(request));
  if (!parsed.success) {
    const reason = parsed.error.issues
      .map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`)
      .join('; ');
    log.warn('manual rotation request rejected', { reason });
    return problem(400, 'invalid_request', `expected {"vault","secret","force"?,"dryRun"?}: ${reason}`);
  }
  const body = parsed.data;
  try {
    const rt = runtime();
    const vaultUrl = rt.vaultUrlFor(body.vault);
    if (!vaultUrl) {
      return problem(400, 'vault_not_configured', `vault ${body.vault} is not one of KEYROLL_VAULT_URLS`);
    }
    const result = await rt.rotate(
      vaultUrl,
      body.secret,
      {
        trigger: { kind: 'manual', id: context.invocationId, detail: 'http' },
        force: body.force === true,
        dryRun: body.dryRun === true,
      },
      log.child({ vault: body.vault, objectName: body.secret }),
    );
    const status = httpStatusFor(result);
    log.info(`manual rotation: ${result.outcome}`, {
      status,
      reason: result.reason,
      rotationId: result.rotationId,
    });
    return { status, jsonBody: result };
  } catch (err) {
    const e = describeError(err);
    if (err instanceof InputError) {
      log.warn(`manual rotation refused: ${e.message}`);
      return problem(err.code === 'unknown_secret' ? 404 : 422, e.code, e.message);
    }
    if (err instanceof ConfigError) {
      log.error(`configuration error: ${e.message}`);
      return problem(500, e.code, e.message);
    }
    log.error(`unexpected error: ${e.message}`);
    return problem(
      500,
      'unexpected_error',
      `unexpected error; see the logs of invocation ${context.invocationId}`,
    );
  }
}

async function readJson(request: HttpRequest): Promise<unknown> {
  const text = await request.text();
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return Symbol('invalid JSON'); // fails the object schema with "expected object"
  }
}

function problem(status: number, code: string, message: string): HttpResponseInit {
  return { status, jsonBody: { error: { code, message } } };
}
