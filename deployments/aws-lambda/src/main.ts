/**
 * The deployed module (bundled to dist/index.mjs, Lambda handler `index.handler`): reads the environment
 * once per container and exports the handler Secrets Manager and EventBridge Scheduler invoke.
 */
import { createHandler } from './handler.ts';

export const handler = createHandler();
