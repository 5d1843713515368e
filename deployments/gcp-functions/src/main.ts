/**
 * The deployed module (bundled to dist/index.js): reads the environment, failing at start with the name
 * of a missing or invalid variable, and registers both entry points.
 */
import { keepWasmOnBaseline } from '@keyroll/runtime/handler';
import { registerFunctions } from './app.ts';
import { createRuntime } from './runtime.ts';

// Before the first Prisma Cloud request compiles undici's HTTP parser: see @keyroll/runtime's wasm-baseline.ts.
keepWasmOnBaseline();
registerFunctions(createRuntime());
