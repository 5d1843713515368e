// Entry point of the bundled Action (dist/index.js). Everything else is in run.ts.
import { runAction } from './run.ts';

process.exitCode = await runAction();
