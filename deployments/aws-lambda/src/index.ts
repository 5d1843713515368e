export {
  type LambdaEvent,
  parseEvent,
  ROTATION_ID_PREFIX,
  type RotationStepEvent,
  rotationIdFor,
  STEPS,
  type SweepEvent,
} from './events.ts';
export { createHandler, type Handler, type LambdaContext } from './handler.ts';
export { ESCALATION_EVENT, StepFailed } from './report.ts';
export { AwsRuntime, createRuntime, type RuntimeOptions } from './runtime.ts';
export { ENV, type LambdaConfig, loadConfig, REQUIRED_ENV } from './settings.ts';
