/** `@keyroll/runtime/fleet`: keyroll.yaml and fleet runs, without the rest of the runtime (telemetry, HTTP). */
export * from './config/index.ts';
export * from './fleet/index.ts';
