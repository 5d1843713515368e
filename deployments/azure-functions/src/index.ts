// The side-effect-free parts of the Function App (the registrations live in main.ts, the entry point).
export {
  EVENT_TYPES,
  HANDLED_EVENT_TYPES,
  type KeyVaultSecretEvent,
  type ParsedEvent,
  parseKeyVaultEvents,
} from './events.ts';
export {
  ESCALATION_EVENT,
  type EscalationCheck,
  type EscalationInput,
  sharedEscalation,
} from './handlers/escalation.ts';
export { type EventOutcome, handleKeyVaultEvent } from './handlers/event.ts';
export {
  handleRotateHttp,
  httpStatusFor,
  type ManualRotationRequest,
  manualRotationSchema,
} from './handlers/http.ts';
export { handleSweep, type SweepEntry } from './handlers/timer.ts';
export { FUNCTION_NAMES, HTTP_ROUTE, SWEEP_SCHEDULE } from './names.ts';
export {
  configureRuntime,
  getRuntime,
  invocationLogger,
  KeyrollRuntime,
  type RotateOptions,
  type RuntimeOptions,
} from './runtime.ts';
export {
  APP_SETTING_NAMES,
  type AppConfig,
  loadConfig,
  NEAR_EXPIRY_LEAD_DAYS,
  resolveVault,
  SETTINGS,
} from './settings.ts';
