/**
 * The deployed module (bundled to dist/index.js): reads the environment, failing at start with the name
 * of a missing or invalid variable, and registers both entry points.
 */
import { registerFunctions } from './app.ts';
import { createRuntime } from './runtime.ts';

registerFunctions(createRuntime());
