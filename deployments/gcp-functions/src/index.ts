export { ENTRY_POINTS, registerFunctions } from './app.ts';
export { ENV, type FunctionConfig, loadConfig, REQUIRED_ENV } from './config.ts';
export {
  type Dispatch,
  dispatchEvent,
  httpRequestSchema,
  manualMessageSchema,
  PUBSUB_MESSAGE_PUBLISHED,
  SECRET_EVENTS,
  SWEEP_MESSAGE,
  sweepMessageSchema,
} from './events.ts';
export { createHandlers, DeliveryRetry, type Handlers } from './handlers.ts';
export {
  cloudLoggingSink,
  ESCALATION_EVENT,
  FAILED_OUTCOMES,
  LOG_FIELDS,
  toCloudLoggingEntry,
} from './logging.ts';
export { GCP_NODE_OPTIONS } from './node-options.ts';
export { type Handled, handleRotation } from './run.ts';
export { createRuntime, GcpRuntime, type RotateOptions, type RuntimeOptions } from './runtime.ts';
