// Entry point of the bundled Action (dist/index.js). Everything else is in run.ts.
import { keepWasmOnBaseline } from '@keyroll/runtime/handler';
import { runAction } from './run.ts';

// Before the first Prisma Cloud request compiles undici's HTTP parser: see @keyroll/runtime's wasm-baseline.ts.
keepWasmOnBaseline();
process.exitCode = await runAction();
