/**
 * The deployed module (bundled to dist/index.mjs, Lambda handler `index.handler`): reads the environment
 * once per container and exports the handler Secrets Manager and EventBridge Scheduler invoke.
 */
import { keepWasmOnBaseline } from '@keyroll/runtime/handler';
import { createHandler } from './handler.ts';

// Before the first Prisma Cloud request compiles undici's HTTP parser: see @keyroll/runtime's wasm-baseline.ts.
keepWasmOnBaseline();
export const handler = createHandler();
