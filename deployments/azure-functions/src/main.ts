/**
 * The Function App entry point (package.json `main` of the deployed bundle). Registers the three
 * functions and exports their handlers by name, so tests can call them with real @azure/functions
 * request/context objects.
 */
import {
  app,
  type HttpRequest,
  type HttpResponseInit,
  type InvocationContext,
  type Timer,
} from '@azure/functions';
import { keepWasmOnBaseline } from '@keyroll/runtime/handler';
import { handleKeyVaultEvent } from './handlers/event.ts';
import { handleRotateHttp } from './handlers/http.ts';
import { handleSweep } from './handlers/timer.ts';
import { FUNCTION_NAMES, HTTP_ROUTE, SWEEP_SCHEDULE } from './names.ts';
import { configureAtStartup, getRuntime } from './runtime.ts';

export { FUNCTION_NAMES, HTTP_ROUTE, SWEEP_SCHEDULE };

// Before the first Prisma Cloud request compiles undici's HTTP parser: see @keyroll/runtime's wasm-baseline.ts.
keepWasmOnBaseline();

// Validate the app settings as the worker loads the app: a missing setting is named in the host log.
configureAtStartup();

// Event and timer handlers return nothing: the host would otherwise receive the value as a result.
export async function onKeyVaultEvent(event: unknown, context: InvocationContext): Promise<void> {
  await handleKeyVaultEvent(event, context, getRuntime);
}

export async function rotateHttp(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  return handleRotateHttp(request, context, getRuntime);
}

export async function sweepTimer(timer: Timer, context: InvocationContext): Promise<void> {
  await handleSweep(timer, context, getRuntime);
}

app.eventGrid<unknown>(FUNCTION_NAMES.keyVaultEvent, { handler: onKeyVaultEvent });
app.http(FUNCTION_NAMES.rotateHttp, {
  methods: ['POST'],
  authLevel: 'function',
  route: HTTP_ROUTE,
  handler: rotateHttp,
});
app.timer(FUNCTION_NAMES.sweep, { schedule: SWEEP_SCHEDULE, runOnStartup: false, handler: sweepTimer });
